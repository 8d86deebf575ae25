import Foundation

/// Drafts the standard written report text (S000 四: complete elements, standard format) from
/// the structured fields, so the duty officer edits a draft instead of writing under pressure.
///
/// Only clauses whose data exist are written: a draft that says "0人失踪" because a field was
/// left empty would put a number into the record that nobody reported, while a field the
/// officer set to 0 is said ("暂无人员失踪"). The reporting unit is not in the body; it is in
/// the document header.
///
/// Officers type natural Chinese into the fields — the spot with its county again, an event
/// that is a whole sentence with its own place and verb, a cause that says it is still being
/// investigated. The draft joins those phrases into its own sentences, so every seam below
/// checks whether the phrase already says what the seam would add.
public enum ReportDrafter {
    public static func draft(kind: ReportKind, elements: ReportElements, sequence: Int = 1, asOf: Date? = nil) -> String {
        switch kind {
        case .first: return first(elements)
        case .followUp: return followUp(elements, sequence: sequence, asOf: asOf)
        case .final: return final(elements)
        }
    }

    /// The incident's title as every level sees it in its lists and notices: the officer's own
    /// title when one was typed, otherwise where and what
    /// ("许昌市禹州市G311国道花石段发生一起道路交通事故"). Either way tidied — one line, no doubled names, no closing punctuation — and
    /// within `ReportField.title.maxLength`, ending at a whole phrase.
    public static func title(typed: String = "", _ e: ReportElements) -> String {
        let limit = ReportField.title.maxLength
        let own = tidiedTitle(typed, e)
        if !own.isEmpty { return fitted(own, limit: limit) }
        let full = tidiedTitle(whereAndWhat(e), e)
        if full.count <= limit { return full }
        // A long spot gives way to the event: a title must say what happened, and the report
        // body still has the spot.
        var short = e
        short.placeDetail = ""
        return fitted(tidiedTitle(whereAndWhat(short), short), limit: limit)
    }

    // MARK: - The three documents (首报、续报、终报 are separate documents, S000 四)

    /// Time, place, event and impact first, because S000 四 names exactly these as what a 首报
    /// must make clear; then cause, nature, measures, trend.
    static func first(_ e: ReportElements) -> String {
        var text = opening(e) + consequences(e, verb: "造成", settled: false).map { "，" + $0 }.joined() + "。"
        text += sentence(e.impact)
        text += causeSentence(e, investigated: false)
        text += measuresSentence(e.measures, afterAsOf: false)
        text += sentence(e.trend)
        return text
    }

    /// A 续报 says what has changed since the last report, as of its own time; repeating the
    /// time and place of the incident would only bury the new figures.
    static func followUp(_ e: ReportElements, sequence: Int, asOf: Date?) -> String {
        let header = "【续报（第\(max(1, sequence))次）】"
        var body = ""
        let clauses = consequences(e, verb: "已造成", settled: false)
        if !clauses.isEmpty { body += subject(e) + clauses.joined(separator: "，") + "。" }
        body += sentence(e.impact)
        body += measuresSentence(e.measures, afterAsOf: body.isEmpty && asOf != nil)
        body += sentence(e.trend)
        guard !body.isEmpty else { return header }
        return header + (asOf.map { "截至\(ChineseDateText.minute($0))，" } ?? "") + body
    }

    /// A 终报 closes the record, so it restates everything, with the final figures and the
    /// cause and nature as established.
    static func final(_ e: ReportElements) -> String {
        var text = "【终报】" + opening(e) + consequences(e, verb: "共造成", settled: true).map { "，" + $0 }.joined() + "。"
        text += sentence(e.impact)
        text += causeSentence(e, investigated: true)
        text += measuresSentence(e.measures, afterAsOf: false)
        text += sentence(e.trend)
        return text
    }

    // MARK: - Where and what

    /// "2026年11月23日14时05分，许昌市建安区XX路与YY路交叉口发生一起道路交通事故"
    static func opening(_ e: ReportElements) -> String {
        var text = ""
        if let at = e.occurredAt { text += ChineseDateText.minute(at) + "，" }
        return text + whereAndWhat(e)
    }

    /// The place said once and the event after it: "许昌市禹州市G311国道花石段发生一起道路交通事故"
    /// whether the event was typed as "一起道路交通事故", "发生一起道路交通事故" or
    /// "禹州市G311国道花石段发生一起道路交通事故"; an event that names the place inside itself
    /// ("一辆货车在G311国道花石段侧翻") is the sentence, with the full place put where it named it.
    static func whereAndWhat(_ e: ReportElements) -> String {
        let (place, spot) = placeAndSpot(e)
        let division = clean(e.placeDivision)
        let event = clean(e.event)
        if let (before, after) = split(event, place: place, spot: spot, division: division) {
            return before.isEmpty ? place + happened(after) : before + place + after
        }
        return place + happened(leadingNamesDropped(event, division))
    }

    /// "一起火灾" → "发生一起火灾"; an event with a verb of its own ("发生一起火灾", "一辆货车发生侧翻") as typed.
    static func happened(_ event: String) -> String {
        if event.isEmpty { return "发生突发事件" }
        return event.contains("发生") ? event : "发生" + event
    }

    /// The place said once, and the spot: the part of the officer's detail that the division
    /// does not already say. Officers often type the county, or the whole address, into the
    /// detail too ("禹州市G311国道花石段" in 许昌市禹州市).
    static func placeAndSpot(_ e: ReportElements) -> (place: String, spot: String) {
        let division = clean(e.placeDivision)
        let detail = clean(e.placeDetail)
        guard !division.isEmpty else { return (detail, detail) }
        if let r = detail.range(of: division) {
            // "河南省许昌市禹州市…": the officer's fuller form is kept as typed.
            return (detail, String(detail[r.upperBound...]))
        }
        let spot = leadingNamesDropped(detail, division)
        return (division + spot, spot)
    }

    /// The event around its own mention of the place ("一辆货车在" | "侧翻"), with the
    /// division's names just before that mention left to the full place; nil when the event
    /// does not mention the place. "在…" at the start is the same as the place leading.
    static func split(_ event: String, place: String, spot: String, division: String) -> (before: String, after: String)? {
        for anchor in [place, spot] where anchor.count >= 2 {
            guard let r = event.range(of: anchor) else { continue }
            var before = trailingNamesDropped(String(event[..<r.lowerBound]), division)
            if before == "在" || before == "于" { before = "" }
            return (before, String(event[r.upperBound...]))
        }
        return nil
    }

    /// The characters that end an administrative name (许昌市, 建安区, 禹州市, 某某县 …).
    static let nameEnds: Set<Character> = ["省", "市", "区", "县", "旗", "州", "盟", "镇", "乡"]

    /// The runs of whole names inside a division ("许昌市禹州市" → 许昌市禹州市, 许昌市,
    /// 禹州市), longest first, and whether each ends where the division ends. A name end
    /// followed by another one is inside a name (禹州市, 沙市区), not between two. Runs of one
    /// character are left out: "区政府" in 建安区 is the district's government, not a second 区.
    static func names(_ division: String) -> [(text: String, isLast: Bool)] {
        let chars = Array(division)
        var cuts = [0]
        for i in chars.indices where nameEnds.contains(chars[i]) && (i + 1 == chars.count || !nameEnds.contains(chars[i + 1])) {
            cuts.append(i + 1)
        }
        if cuts.last != chars.count { cuts.append(chars.count) }
        var runs: [(text: String, isLast: Bool)] = []
        for (n, start) in cuts.enumerated() {
            for end in cuts[(n + 1)...] where end - start >= 2 {
                runs.append((String(chars[start..<end]), end == chars.count))
            }
        }
        return runs.sorted { $0.text.count > $1.text.count }
    }

    /// `text` without the division's names it opens with ("禹州市G311国道" → "G311国道"), so
    /// that the division before it says them once.
    static func leadingNamesDropped(_ text: String, _ division: String) -> String {
        let runs = names(division)
        var t = text
        var dropped = true
        while dropped {
            dropped = false
            for run in runs where t.hasPrefix(run.text) {
                let rest = t.dropFirst(run.text.count)
                // "许昌市区" is the city's urban area; dropping 许昌市 would move it into 禹州市.
                // A last name can always go: the division puts it straight back.
                if !run.isLast, let next = rest.first, nameEnds.contains(next) { continue }
                t = String(rest)
                dropped = true
                break
            }
        }
        return t
    }

    /// `text` without the division's names it ends with ("一辆货车在禹州市" → "一辆货车在").
    static func trailingNamesDropped(_ text: String, _ division: String) -> String {
        let runs = names(division)
        var t = text
        while let run = runs.first(where: { t.hasSuffix($0.text) }) { t = String(t.dropLast(run.text.count)) }
        return t
    }

    /// The follow-up's subject: the event without its place, its "发生" and its counting word
    /// ("禹州市G311国道花石段发生一起道路交通事故" → "道路交通事故已造成…"). An event that is a
    /// sentence of its own cannot be the subject of "已造成"; it is "该事故" or "该事件" then.
    static func subject(_ e: ReportElements) -> String {
        let (place, spot) = placeAndSpot(e)
        let division = clean(e.placeDivision)
        var event = clean(e.event)
        if let (before, after) = split(event, place: place, spot: spot, division: division) {
            guard before.isEmpty else { return "该" + noun(e) }
            event = after
        } else {
            event = leadingNamesDropped(event, division)
        }
        if event.hasPrefix("发生") { event.removeFirst(2) }
        if event.contains("发生") { return "该" + noun(e) }
        for counter in ["一起", "一次", "一场", "一处"] where event.hasPrefix(counter) && event.count > counter.count {
            event = String(event.dropFirst(counter.count))
            break
        }
        return event.isEmpty ? "该" + noun(e) : event
    }

    // MARK: - What it cost

    /// "造成2人死亡、4人受伤（其中2人重伤）", "暂无人员失踪", "直接经济损失120万元": the clauses
    /// about what the incident cost, without the sentence's end, empty when nothing is known.
    /// `settled` is the final report's wording: "未造成人员伤亡" rather than "暂无人员伤亡",
    /// because the figures will not change any more.
    static func consequences(_ e: ReportElements, verb: String, settled: Bool) -> [String] {
        var clauses: [String] = []
        let people = casualtyPhrase(e.casualties)
        if !people.hurt.isEmpty { clauses.append(verb + people.hurt.joined(separator: "、")) }
        if !people.unhurt.isEmpty {
            let word = !settled ? "暂无" : people.hurt.isEmpty ? "未造成" : "无"
            clauses.append(word + "人员" + (people.nobodyAtAll ? "伤亡" : people.unhurt.joined(separator: "、")))
        }
        if let yuan = e.propertyLossYuan {
            if yuan == 0 {
                clauses.append("未造成直接经济损失")
            } else {
                let loss = "直接经济损失" + ChineseMoneyText.written(yuan)
                // The verb goes with the first clause only: "造成2人死亡，直接经济损失…".
                clauses.append(clauses.isEmpty ? verb + loss : loss)
            }
        } else {
            let text = clean(e.propertyLossText)
            if !text.isEmpty {
                // A free-text loss ("正在核实", "约50万元") reads as a clause only with its noun.
                clauses.append(text.contains("损失") ? text : "财产损失" + text)
            }
        }
        return clauses
    }

    struct CasualtyPhrase: Equatable {
        /// "2人死亡", "4人受伤（其中2人重伤）"
        var hurt: [String] = []
        /// The kinds known to be zero: "死亡", "失踪".
        var unhurt: [String] = []
        /// All of 死亡、失踪、受伤、被困 known to be zero: "人员伤亡" says them together.
        var nobodyAtAll = false
    }

    /// In the order 死亡、失踪、受伤、被困. Unknown (nil) numbers are skipped: unknown is not
    /// zero. Serious injuries are said as a part of the injured, because 条例第三条 levels by
    /// them: "4人受伤（其中2人重伤）", "（均为重伤）", "（均为轻伤）" when the officer gave 0.
    static func casualtyPhrase(_ c: Casualties) -> CasualtyPhrase {
        var phrase = CasualtyPhrase()
        func count(_ n: Int?, _ word: String, _ part: String = "") {
            guard let n else { return }
            if n > 0 { phrase.hurt.append("\(n)人\(word)\(part)") } else { phrase.unhurt.append(word) }
        }
        count(c.dead, "死亡")
        count(c.missing, "失踪")
        switch (c.injured, c.seriousInjuries) {
        case (let injured?, let serious?) where injured > 0:
            if serious == 0 {
                count(injured, "受伤", "（均为轻伤）")
            } else if serious < injured {
                count(injured, "受伤", "（其中\(serious)人重伤）")
            } else if serious == injured {
                count(injured, "受伤", "（均为重伤）")
            } else {
                // More serious than injured is refused at input; said as given rather than guessed.
                count(injured, "受伤")
                count(serious, "重伤")
            }
        case (let injured?, _):
            count(injured, "受伤")
        case (nil, let serious?):
            count(serious, "重伤")
        case (nil, nil):
            break
        }
        count(c.trapped, "被困")
        phrase.nobodyAtAll = [c.dead, c.missing, c.injured, c.trapped].allSatisfy { $0 == 0 }
        return phrase
    }

    // MARK: - Cause, nature, measures

    /// "事故" for accidents, "事件" for everything else (a rainstorm has no 事故原因).
    static func noun(_ e: ReportElements) -> String {
        clean(e.event).contains("事故") ? "事故" : "事件"
    }

    /// What the officer typed for a cause or a nature, ready to follow "事故原因" or "事故性质".
    enum Statement: Equatable {
        case none
        /// The cause itself: said as "事故原因为…".
        case value(String)
        /// Words that already say how the cause stands ("正在调查", "不明", "初步判断为…"):
        /// said straight after "事故原因", never "事故原因为原因正在调查".
        case phrase(String)
    }

    /// Openings that say how the officer knows; the draft says that itself.
    private static let knowing = [
        "经初步调查", "经初步了解", "经初步核实", "经初步判断", "经初步认定", "据初步了解", "据初步调查", "据初步判断", "初步调查", "初步了解",
        "初步核实", "初步判断", "初步认定", "经调查", "经核实", "据了解", "经查",
    ]
    /// A cause or nature that is not known yet, in the words officers use for it.
    private static let pending = [
        "正在", "尚在", "仍在", "还在", "待", "有待", "尚未", "暂未", "尚不", "暂不", "不明", "未明", "不详", "未知", "调查中", "核实中",
    ]
    private static let links = ["为", "是", "系", "：", ":"]

    static func statement(_ typed: String, topic: String) -> Statement {
        var t = clean(typed)
        var named = false
        for opening in knowing where t.hasPrefix(opening) {
            let rest = cleanStart(String(t.dropFirst(opening.count)))
            if let link = links.first(where: rest.hasPrefix) {
                // "初步判断为货车制动失效": the cause follows the link.
                let value = clean(String(rest.dropFirst(link.count)))
                return value.isEmpty ? .none : .value(value)
            }
            t = rest
            break
        }
        for name in ["事故" + topic, "事件" + topic, topic] where t.hasPrefix(name) {
            t = cleanStart(String(t.dropFirst(name.count)))
            named = true
            break
        }
        if named, let link = links.first(where: t.hasPrefix) {
            let value = clean(String(t.dropFirst(link.count)))
            return value.isEmpty ? .none : .value(value)
        }
        if t.isEmpty { return .none }
        return named || pending.contains(where: t.hasPrefix) ? .phrase(t) : .value(t)
    }

    /// A missing cause is said out loud ("正在调查中") rather than left out, so that a reader
    /// can tell "not known yet" from "forgot to say".
    static func causeSentence(_ e: ReportElements, investigated: Bool) -> String {
        let noun = noun(e)
        let nature = statement(e.nature, topic: "性质")
        var natureClause: String? {
            switch nature {
            case .none: return nil
            case .value(let v): return "\(noun)性质为\(v)"
            case .phrase(let p): return "\(noun)性质\(p)"
            }
        }
        switch statement(e.cause, topic: "原因") {
        case .value(let cause) where investigated:
            return "经调查，\(noun)原因为\(cause)" + (natureClause.map { "，" + $0 } ?? "") + "。"
        case .value(let cause):
            var text = "经初步了解，\(noun)原因为\(cause)。"
            if case .value = nature { text += "经初步判断，" }
            return text + (natureClause.map { $0 + "。" } ?? "")
        case .phrase(let words):
            return "\(noun)原因\(words)。" + (natureClause.map { $0 + "。" } ?? "")
        case .none:
            return "\(noun)原因正在调查中。" + (natureClause.map { $0 + "。" } ?? "")
        }
    }

    /// "目前，……。" — except for measures that open with their own time ("目前", "接报后，",
    /// "事故发生后，") or with "已", and straight after "截至…，", which already says "as of
    /// now": there a typed "目前，" would say it twice.
    static func measuresSentence(_ measures: String, afterAsOf: Bool) -> String {
        var m = clean(measures)
        guard !m.isEmpty else { return "" }
        if afterAsOf {
            for now in ["截至目前", "截止目前", "目前", "当前"] where m.hasPrefix(now) {
                let rest = cleanStart(String(m.dropFirst(now.count)))
                if !rest.isEmpty { m = rest }
                break
            }
            return m + "。"
        }
        if m.hasPrefix("已") || saysWhen(m) { return m + "。" }
        return "目前，" + m + "。"
    }

    /// "目前…", "截至…", "接报后，…", "事故发生后，…": a sentence that opens with its time.
    static func saysWhen(_ text: String) -> Bool {
        if ["目前", "当前", "截至", "截止", "现已", "至此"].contains(where: { text.hasPrefix($0) }) { return true }
        guard let comma = text.firstIndex(where: { $0 == "，" || $0 == "," }) else { return false }
        let opening = text[..<comma]
        return opening.hasSuffix("后") && opening.count <= 12
    }

    static func sentence(_ text: String) -> String {
        let t = clean(text)
        return t.isEmpty ? "" : t + "。"
    }

    // MARK: - Text the officer typed

    /// The punctuation an officer types around a phrase; the draft's own punctuation would
    /// double it ("。。", "，。", "：。").
    private static let edgePunctuation: Set<Character> = ["。", "．", ".", "；", ";", "，", ",", "、", "！", "!", "：", ":"]

    /// Trimmed of whitespace and of the punctuation at either end.
    static func clean(_ text: String) -> String {
        var t = cleanStart(text)
        while let last = t.last, edgePunctuation.contains(last) {
            t.removeLast()
            t = t.trimmingCharacters(in: .whitespacesAndNewlines)
        }
        return t
    }

    static func cleanStart(_ text: String) -> String {
        var t = text.trimmingCharacters(in: .whitespacesAndNewlines)
        while let first = t.first, edgePunctuation.contains(first) {
            t.removeFirst()
            t = t.trimmingCharacters(in: .whitespacesAndNewlines)
        }
        return t
    }

    // MARK: - Titles

    /// One line, trimmed, without closing punctuation, and with nothing said twice in a row
    /// that officers double when they type fast or paste: the division's names, the spot,
    /// "一起", "发生" ("禹州市禹州市", "发生发生一起一起").
    static func tidiedTitle(_ text: String, _ e: ReportElements) -> String {
        var t = clean(text).split(whereSeparator: \.isWhitespace).joined(separator: " ")
        let spot = placeAndSpot(e).spot
        let repeatable = names(clean(e.placeDivision)).map(\.text) + [spot, "一起", "发生"]
        for phrase in repeatable.filter({ $0.count >= 2 }).sorted(by: { $0.count > $1.count }) {
            while t.contains(phrase + phrase) { t = t.replacingOccurrences(of: phrase + phrase, with: phrase) }
        }
        return t
    }

    /// Where a title may be cut without leaving half a phrase.
    private static let phraseEnds: Set<Character> = ["，", ",", "、", "；", ";", "：", ":", "。", "！", "!", "？", "?", " "]

    /// `text` within `limit` characters (as the officer counts them, never half a character):
    /// up to its last whole phrase, or, when that would lose more than half, cut and marked "…".
    static func fitted(_ text: String, limit: Int) -> String {
        guard text.count > limit else { return text }
        // A phrase may end exactly at the limit, so the character after it is looked at too.
        let head = text.prefix(limit + 1)
        if let end = head.lastIndex(where: { phraseEnds.contains($0) }) {
            let kept = clean(String(text[..<end]))
            if kept.count * 2 >= limit { return kept }
        }
        return clean(String(text.prefix(limit - 1))) + "…"
    }
}

/// Times as Chinese official documents write them, in Asia/Shanghai whatever the server's zone.
public enum ChineseDateText {
    /// "2026年11月23日14时05分", "2026年1月5日9时05分": month, day and hour without a
    /// leading zero, minutes always two digits — the form used in written reports.
    public static func minute(_ date: Date) -> String {
        ShanghaiTime.format(date, "yyyy'年'M'月'd'日'H'时'mm'分'")
    }
}

/// Money in yuan written the way reports do: 元 below 1万, 万元 below 1亿, 亿元 above.
public enum ChineseMoneyText {
    /// A loss as a report states it: exact, because the level of an accident turns on
    /// 1000万、5000万 and 1亿元 (条例第三条) and a rounded figure can land on the other side
    /// (9_999_999 is "999.9999万元", never "约1000万元"). 万元 to four places is the yuan; a
    /// round figure reads round (10_000_000 → "1000万元"), and whole hundredths of 1亿 are
    /// written in 亿元 (120_000_000 → "1.2亿元").
    public static func written(_ yuan: Int) -> String {
        if yuan < 0 { return "-" + written(-yuan) }
        if yuan < 10_000 { return "\(yuan)元" }
        if yuan >= 100_000_000 && yuan % 1_000_000 == 0 { return scaled(yuan, unit: 100_000_000, fractionDigits: 2) + "亿元" }
        return scaled(yuan, unit: 10_000, fractionDigits: 4) + "万元"
    }

    /// Exact to the yuan, for thresholds where rounding would mislead
    /// (99_999_999 → "9999.9999万元", not "1亿元").
    public static func exact(_ yuan: Int) -> String {
        if yuan < 0 { return "-" + exact(-yuan) }
        if yuan < 10_000 { return "\(yuan)元" }
        if yuan < 100_000_000 { return scaled(yuan, unit: 10_000, fractionDigits: 4) + "万元" }
        return scaled(yuan, unit: 100_000_000, fractionDigits: 8) + "亿元"
    }

    /// Integer arithmetic, so no binary-floating-point surprises in a legal figure.
    static func scaled(_ value: Int, unit: Int, fractionDigits: Int) -> String {
        var scale = 1
        for _ in 0..<fractionDigits { scale *= 10 }
        let step = max(1, unit / scale)
        let units = (value + step / 2) / step
        let whole = units / scale
        var fraction = String(units % scale)
        guard fraction != "0" else { return "\(whole)" }
        fraction = String(repeating: "0", count: fractionDigits - fraction.count) + fraction
        while fraction.hasSuffix("0") { fraction.removeLast() }
        return "\(whole).\(fraction)"
    }
}
