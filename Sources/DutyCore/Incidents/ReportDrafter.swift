import Foundation

/// Drafts the standard written report text (S000 四: complete elements, standard format) from
/// the structured fields, so the duty officer edits a draft instead of writing under pressure.
///
/// Only clauses whose data exist are written: a draft that says "0人失踪" because a field was
/// left empty would put a number into the record that nobody reported. The reporting unit is
/// not in the body; it is in the document header.
public enum ReportDrafter {
    public static func draft(kind: ReportKind, elements: ReportElements, sequence: Int = 1, asOf: Date? = nil) -> String {
        switch kind {
        case .first: return first(elements)
        case .followUp: return followUp(elements, sequence: sequence, asOf: asOf)
        case .final: return final(elements)
        }
    }

    // MARK: - The three documents (首报、续报、终报 are separate documents, S000 四)

    /// Time, place, event and impact first, because S000 四 names exactly these as what a 首报
    /// must make clear; then cause, nature, measures, trend.
    static func first(_ e: ReportElements) -> String {
        var text = opening(e) + consequences(e.casualties, e, verb: "造成", nobody: "暂无").map { "，" + $0 }.joined() + "。"
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
        let clauses = consequences(e.casualties, e, verb: "已造成", nobody: "暂无")
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
        var text = "【终报】" + opening(e) + consequences(e.casualties, e, verb: "共造成", nobody: "未造成").map { "，" + $0 }.joined() + "。"
        text += sentence(e.impact)
        text += causeSentence(e, investigated: true)
        text += measuresSentence(e.measures, afterAsOf: false)
        text += sentence(e.trend)
        return text
    }

    // MARK: - Clauses

    /// "2026年11月23日14时05分，许昌市建安区XX路与YY路交叉口发生一起道路交通事故"
    static func opening(_ e: ReportElements) -> String {
        var text = ""
        if let at = e.occurredAt { text += ChineseDateText.minute(at) + "，" }
        let event = clean(e.event)
        text += place(e) + "发生" + (event.isEmpty ? "突发事件" : event)
        return text
    }

    static func place(_ e: ReportElements) -> String {
        let division = clean(e.placeDivision)
        let detail = clean(e.placeDetail)
        // Officers often type the full address into the detail field too.
        if !division.isEmpty && detail.hasPrefix(division) { return detail }
        return division + detail
    }

    /// The follow-up's subject: the event without its counting word ("一起道路交通事故" →
    /// "道路交通事故已造成…").
    static func subject(_ e: ReportElements) -> String {
        var event = clean(e.event)
        for counter in ["一起", "一次", "一场", "一处"] where event.hasPrefix(counter) && event.count > counter.count {
            event = String(event.dropFirst(counter.count))
            break
        }
        return event.isEmpty ? "该事件" : event
    }

    /// "造成2人死亡、3人受伤、1人被困", "直接经济损失约120万元": the clauses about what the
    /// incident cost, without the sentence's end, empty when nothing is known.
    /// `nobody` is "暂无" while figures may still change and "未造成" in the final report.
    static func consequences(_ c: Casualties, _ e: ReportElements, verb: String, nobody: String) -> [String] {
        var clauses: [String] = []
        switch casualtyPhrase(c, nobody: nobody) {
        case .caused(let list)?:
            clauses.append(verb + list)
        case .nobody(let text)?:
            clauses.append(text)
        case nil:
            break
        }
        if let yuan = e.propertyLossYuan {
            let loss = "直接经济损失约" + ChineseMoneyText.approximate(yuan)
            // The verb goes with the first clause only: "造成2人死亡，直接经济损失约…".
            clauses.append(clauses.isEmpty ? verb + loss : loss)
        } else {
            let text = clean(e.propertyLossText)
            if !text.isEmpty {
                // A free-text loss ("正在核实", "约50万元") reads as a clause only with its noun.
                clauses.append(text.contains("损失") ? text : "财产损失" + text)
            }
        }
        return clauses
    }

    enum CasualtyPhrase: Equatable {
        /// "2人死亡、3人受伤"
        case caused(String)
        /// "暂无人员伤亡", or "暂无人员死亡、受伤" when only those are known to be zero
        /// ("未造成…" in a final report).
        case nobody(String)
    }

    /// In the order 死亡、失踪、受伤、被困. Unknown (nil) numbers are skipped: unknown is not
    /// zero. Known zeros are left out when someone was hurt ("0人失踪" is not how reports read),
    /// and said as "暂无人员…" when nobody was.
    static func casualtyPhrase(_ c: Casualties, nobody: String = "暂无") -> CasualtyPhrase? {
        let all: [(Int?, String)] = [(c.dead, "死亡"), (c.missing, "失踪"), (c.injured, "受伤"), (c.trapped, "被困")]
        let hurt = all.compactMap { n, title in n.flatMap { $0 > 0 ? "\($0)人\(title)" : nil } }
        if !hurt.isEmpty { return .caused(hurt.joined(separator: "、")) }
        let zeros = all.compactMap { n, title in n == 0 ? title : nil }
        if zeros.count == all.count { return .nobody(nobody + "人员伤亡") }
        if !zeros.isEmpty { return .nobody(nobody + "人员" + zeros.joined(separator: "、")) }
        return nil
    }

    /// "事故" for accidents, "事件" for everything else (a rainstorm has no 事故原因).
    static func noun(_ e: ReportElements) -> String {
        clean(e.event).contains("事故") ? "事故" : "事件"
    }

    /// A missing cause is said out loud ("正在调查中") rather than left out, so that a reader
    /// can tell "not known yet" from "forgot to say".
    static func causeSentence(_ e: ReportElements, investigated: Bool) -> String {
        let noun = noun(e)
        let cause = clean(e.cause)
        let nature = clean(e.nature)
        var text: String
        if cause.isEmpty {
            text = "\(noun)原因正在调查中。"
            if !nature.isEmpty { text += "\(noun)性质为\(nature)。" }
        } else if investigated {
            text = "经调查，\(noun)原因为\(cause)"
            text += nature.isEmpty ? "。" : "，\(noun)性质为\(nature)。"
        } else {
            text = "经初步了解，\(noun)原因为\(cause)。"
            if !nature.isEmpty { text += "经初步判断，\(noun)性质为\(nature)。" }
        }
        return text
    }

    /// "目前，……。" — except straight after "截至…，", which already says "as of now".
    static func measuresSentence(_ measures: String, afterAsOf: Bool) -> String {
        let m = clean(measures)
        guard !m.isEmpty else { return "" }
        if afterAsOf || m.hasPrefix("目前") { return m + "。" }
        return "目前，" + m + "。"
    }

    static func sentence(_ text: String) -> String {
        let t = clean(text)
        return t.isEmpty ? "" : t + "。"
    }

    /// Trims whitespace and the trailing punctuation an officer types, so the draft's own
    /// punctuation does not double it ("。。", "，。").
    private static let trailing: Set<Character> = ["。", "．", ".", "；", ";", "，", ",", "、", "！", "!"]

    static func clean(_ text: String) -> String {
        var t = text.trimmingCharacters(in: .whitespacesAndNewlines)
        while let last = t.last, trailing.contains(last) {
            t.removeLast()
            t = t.trimmingCharacters(in: .whitespacesAndNewlines)
        }
        return t
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
    /// For a draft's "约…": two decimals of the unit, half up, trailing zeros dropped
    /// (1_234_567 → "123.46万元", 150_000_000 → "1.5亿元"). An amount that rounds up to 1亿
    /// is written in 亿元 ("10000万元" is not how anyone writes it).
    public static func approximate(_ yuan: Int) -> String {
        if yuan < 0 { return "-" + approximate(-yuan) }
        if yuan < 10_000 { return "\(yuan)元" }
        if yuan < 100_000_000 {
            let wan = scaled(yuan, unit: 10_000, fractionDigits: 2)
            if wan != "10000" { return wan + "万元" }
        }
        return scaled(yuan, unit: 100_000_000, fractionDigits: 2) + "亿元"
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
