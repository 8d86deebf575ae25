import Foundation

/// The first-report fields read out of a pasted call or message. Every field is a suggestion
/// for the officer to confirm: nil means the text did not say, which is never the same as 0.
public struct TranscriptParse: Equatable, Sendable {
    public var occurredAt: Date?
    /// The most specific of the caller's known division names the text puts the incident in.
    public var placeDivision: String?
    /// The spot inside the division, without the division's name.
    public var placeDetail: String?
    public var event: String?
    /// An `IncidentCatalog` kind id.
    public var kindID: String?
    public var dead: Int?
    public var missing: Int?
    public var injured: Int?
    public var seriousInjuries: Int?
    public var trapped: Int?
    public var propertyLossYuan: Int?
    public var cause: String?
    public var measures: String?

    public init(
        occurredAt: Date? = nil, placeDivision: String? = nil, placeDetail: String? = nil, event: String? = nil, kindID: String? = nil,
        dead: Int? = nil, missing: Int? = nil, injured: Int? = nil, seriousInjuries: Int? = nil, trapped: Int? = nil,
        propertyLossYuan: Int? = nil, cause: String? = nil, measures: String? = nil
    ) {
        self.occurredAt = occurredAt
        self.placeDivision = placeDivision
        self.placeDetail = placeDetail
        self.event = event
        self.kindID = kindID
        self.dead = dead
        self.missing = missing
        self.injured = injured
        self.seriousInjuries = seriousInjuries
        self.trapped = trapped
        self.propertyLossYuan = propertyLossYuan
        self.cause = cause
        self.measures = measures
    }

    /// The names of the filled fields, in form order, spelled as the form and the API spell
    /// them (`ReportField`, `CasualtyField`), so a page can mark each one for confirmation.
    /// Derived rather than stored, so it can never disagree with the fields.
    public var filled: [String] {
        var names: [String] = []
        func add(_ present: Bool, _ name: String) { if present { names.append(name) } }
        add(occurredAt != nil, "occurredAt")
        add(placeDivision != nil, "placeDivision")
        add(placeDetail != nil, ReportField.placeDetail.rawValue)
        add(event != nil, ReportField.event.rawValue)
        add(kindID != nil, "kindId")
        add(dead != nil, CasualtyField.dead.rawValue)
        add(missing != nil, CasualtyField.missing.rawValue)
        add(injured != nil, CasualtyField.injured.rawValue)
        add(seriousInjuries != nil, CasualtyField.seriousInjuries.rawValue)
        add(trapped != nil, CasualtyField.trapped.rawValue)
        add(propertyLossYuan != nil, "propertyLossYuan")
        add(cause != nil, ReportField.cause.rawValue)
        add(measures != nil, ReportField.measures.rawValue)
        return names
    }

    public var isEmpty: Bool { filled.isEmpty }
}

/// `filled` is written out with the fields, for a page that reads the JSON; it is ignored on
/// the way in, since it follows from the fields.
extension TranscriptParse: Codable {
    enum CodingKeys: String, CodingKey {
        case occurredAt, placeDivision, placeDetail, event, kindID = "kindId", dead, missing, injured, seriousInjuries, trapped
        case propertyLossYuan, cause, measures, filled
    }

    public init(from decoder: Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        self.init(
            occurredAt: try c.decodeIfPresent(Date.self, forKey: .occurredAt),
            placeDivision: try c.decodeIfPresent(String.self, forKey: .placeDivision),
            placeDetail: try c.decodeIfPresent(String.self, forKey: .placeDetail),
            event: try c.decodeIfPresent(String.self, forKey: .event),
            kindID: try c.decodeIfPresent(String.self, forKey: .kindID),
            dead: try c.decodeIfPresent(Int.self, forKey: .dead),
            missing: try c.decodeIfPresent(Int.self, forKey: .missing),
            injured: try c.decodeIfPresent(Int.self, forKey: .injured),
            seriousInjuries: try c.decodeIfPresent(Int.self, forKey: .seriousInjuries),
            trapped: try c.decodeIfPresent(Int.self, forKey: .trapped),
            propertyLossYuan: try c.decodeIfPresent(Int.self, forKey: .propertyLossYuan),
            cause: try c.decodeIfPresent(String.self, forKey: .cause),
            measures: try c.decodeIfPresent(String.self, forKey: .measures))
    }

    public func encode(to encoder: Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encodeIfPresent(occurredAt, forKey: .occurredAt)
        try c.encodeIfPresent(placeDivision, forKey: .placeDivision)
        try c.encodeIfPresent(placeDetail, forKey: .placeDetail)
        try c.encodeIfPresent(event, forKey: .event)
        try c.encodeIfPresent(kindID, forKey: .kindID)
        try c.encodeIfPresent(dead, forKey: .dead)
        try c.encodeIfPresent(missing, forKey: .missing)
        try c.encodeIfPresent(injured, forKey: .injured)
        try c.encodeIfPresent(seriousInjuries, forKey: .seriousInjuries)
        try c.encodeIfPresent(trapped, forKey: .trapped)
        try c.encodeIfPresent(propertyLossYuan, forKey: .propertyLossYuan)
        try c.encodeIfPresent(cause, forKey: .cause)
        try c.encodeIfPresent(measures, forKey: .measures)
        try c.encode(filled, forKey: .filled)
    }
}

/// Reads a pasted phone call or message ("昨晚11点40分许，禹州市G311国道花石段一辆货车与一辆面包车
/// 相撞，面包车上1人当场死亡…") into first-report fields, so the officer confirms a filled form
/// instead of retyping what the caller said.
///
/// Rules over keywords, not a model: every suggestion can be traced to the words that made
/// it, and a rule that is wrong is fixed in one place. A field the rules are not sure of is
/// left empty, because an empty field is asked for and a wrong one may be submitted.
public enum TranscriptParser {
    /// A first report's facts come in its first sentences; capping the work keeps a pasted
    /// document from costing more than a call.
    public static let maxCharacters = 2_000

    public static func parse(_ text: String, now: Date, places: [String]) -> TranscriptParse {
        let t = Transcript(text)
        guard t.c.contains(where: { !Transcript.separators.contains($0) }) else { return TranscriptParse() }
        var p = TranscriptParse()
        let time = TimeReading(t, now: now)
        p.occurredAt = time.occurredAt
        let counts = CountReading(t)
        p.dead = counts.dead
        p.missing = counts.missing
        p.injured = counts.injured
        p.seriousInjuries = counts.serious
        p.trapped = counts.trapped
        p.propertyLossYuan = lossYuan(t)
        let place = PlaceReading(t, places: places, timeSpans: time.spans)
        p.placeDivision = place.division
        p.placeDetail = place.detail
        p.event = place.event
        let causeClause = cause(t, skipping: place.eventClause, counts: counts.mentions)
        p.cause = causeClause?.text
        p.measures = measures(t, skipping: [place.eventClause, causeClause?.clause].compactMap { $0 }, counts: counts.mentions)
        p.kindID = kind(focus: (place.detail ?? "") + (place.event ?? ""), whole: t.string(0..<t.c.count), dead: p.dead)
        return p
    }
}

// MARK: - The text

/// The transcript as characters, with full-width digits and letters made ASCII and spaces
/// dropped: speech-to-text and phone keyboards mix both forms, and "G 311" is "G311".
struct Transcript {
    static let separators: Set<Character> = ["，", ",", "。", "；", ";", "！", "!", "？", "?", "\n", "…"]

    let c: [Character]
    /// Ranges between separators, in order.
    let clauses: [Range<Int>]

    init(_ text: String) {
        var out: [Character] = []
        out.reserveCapacity(min(text.utf8.count, TranscriptParser.maxCharacters))
        for ch in text.prefix(TranscriptParser.maxCharacters) {
            if ch == "\r\n" || ch == "\r" || ch == "\n" {
                out.append("\n")
                continue
            }
            if ch.isWhitespace { continue }
            let scalars = ch.unicodeScalars
            if scalars.count == 1, let v = scalars.first?.value {
                switch v {
                case 0xFF10...0xFF19, 0xFF21...0xFF3A, 0xFF41...0xFF5A:
                    out.append(Character(Unicode.Scalar(v - 0xFEE0)!))
                    continue
                case 0xFF0E:
                    out.append(".")
                    continue
                case 0xFF1A:
                    out.append(":")
                    continue
                default: break
                }
            }
            out.append(ch)
        }
        c = out
        var clauses: [Range<Int>] = []
        var start = 0
        for (i, ch) in out.enumerated() where Self.separators.contains(ch) {
            if i > start { clauses.append(start..<i) }
            start = i + 1
        }
        if out.count > start { clauses.append(start..<out.count) }
        self.clauses = clauses
    }

    func string(_ r: Range<Int>) -> String {
        let lo = max(0, min(r.lowerBound, c.count))
        let hi = max(lo, min(r.upperBound, c.count))
        return String(c[lo..<hi])
    }

    func has(_ word: [Character], at i: Int) -> Bool {
        guard i >= 0, i + word.count <= c.count, !word.isEmpty else { return false }
        for k in 0..<word.count where c[i + k] != word[k] { return false }
        return true
    }

    /// The first of `words` found at `i`, longest first when the list is so sorted.
    func word(of words: [[Character]], at i: Int) -> [Character]? {
        words.first { has($0, at: i) }
    }

    func firstIndex(of word: [Character], in r: Range<Int>) -> Int? {
        guard !word.isEmpty, r.upperBound - r.lowerBound >= word.count else { return nil }
        for i in r.lowerBound...(r.upperBound - word.count) where has(word, at: i) { return i }
        return nil
    }

    func contains(_ word: [Character], in r: Range<Int>) -> Bool { firstIndex(of: word, in: r) != nil }

    func containsAny(_ words: [[Character]], in r: Range<Int>) -> Bool { words.contains { contains($0, in: r) } }

    func clause(containing i: Int) -> Range<Int>? { clauses.first { $0.contains(i) } }
}

/// Word lists as characters, longest first so "伤势较重" wins over "伤".
private func words(_ list: [String]) -> [[Character]] {
    list.map(Array.init).sorted { $0.count > $1.count }
}

// MARK: - Numerals

/// A number as written: "23", "1.2", "两", "二十三", "一百零五", "300万", "1.2亿".
struct Numeral {
    let value: Double
    let range: Range<Int>

    static let digits: [Character: Int] = ["零": 0, "〇": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9]
    static let units: [Character: Double] = ["十": 10, "百": 100, "千": 1_000]
    static let bigUnits: [Character: Double] = ["万": 10_000, "亿": 100_000_000]

    static func isNumeralCharacter(_ ch: Character) -> Bool {
        ch.isASCII && ch.isNumber || digits[ch] != nil || units[ch] != nil || bigUnits[ch] != nil
    }

    /// The number that starts at `i`, or nil. A number starts only where the previous
    /// character is not part of one, so "十二" is read once, as 12. Chinese digits without
    /// units ("二〇二六") are read positionally only when `positional` allows it: in a count,
    /// "两三人" is a range, not 23.
    static func read(_ t: Transcript, at i: Int, positional: Bool = false) -> Numeral? {
        let c = t.c
        guard i >= 0, i < c.count else { return nil }
        if i > 0, isNumeralCharacter(c[i - 1]) || c[i - 1] == "." { return nil }
        if c[i].isASCII && c[i].isNumber { return arabic(t, at: i) }
        guard digits[c[i]] != nil || c[i] == "十" else { return nil }
        var j = i
        var total = 0.0
        var section = 0.0
        var digit: Double? = nil
        var sawUnit = false
        var lastWasDigit = false
        var positionalValue = 0.0
        while j < c.count, j - i < 16 {
            let ch = c[j]
            if let d = digits[ch] {
                // "十二三" is a range, not a number: stop at the second digit in a row.
                if sawUnit && lastWasDigit { break }
                positionalValue = positionalValue * 10 + Double(d)
                if d == 0 && sawUnit {
                    // "一百零五": 零 only marks the skipped place.
                    digit = nil
                    lastWasDigit = false
                } else {
                    digit = Double(d)
                    lastWasDigit = true
                }
            } else if let u = units[ch] {
                // "二三十": digits in a row before a unit are a range.
                if !sawUnit && j > i && positionalValue >= 10 { break }
                sawUnit = true
                section += (digit ?? (section == 0 && total == 0 ? 1 : 0)) * u
                digit = nil
                lastWasDigit = false
            } else if let u = bigUnits[ch] {
                guard j > i else { break }
                sawUnit = true
                total = (total + section + (digit ?? 0)) * u
                section = 0
                digit = nil
                lastWasDigit = false
            } else {
                break
            }
            j += 1
        }
        guard j > i else { return nil }
        if !sawUnit && j - i > 1 {
            guard positional else { return nil }
            return Numeral(value: positionalValue, range: i..<j)
        }
        return Numeral(value: total + section + (digit ?? 0), range: i..<j)
    }

    private static func arabic(_ t: Transcript, at i: Int) -> Numeral? {
        let c = t.c
        var j = i
        var intPart = 0.0
        while j < c.count, c[j].isASCII, c[j].isNumber, j - i < 15 {
            intPart = intPart * 10 + Double(c[j].wholeNumberValue ?? 0)
            j += 1
        }
        // A run of more digits than any count or sum (a phone number, an id) is not a number here.
        if j < c.count, c[j].isASCII, c[j].isNumber { return nil }
        var value = intPart
        if j + 1 < c.count, c[j] == ".", c[j + 1].isASCII, c[j + 1].isNumber {
            var scale = 0.1
            j += 1
            while j < c.count, c[j].isASCII, c[j].isNumber, scale > 1e-9 {
                value += Double(c[j].wholeNumberValue ?? 0) * scale
                scale /= 10
                j += 1
            }
        }
        // "3千万", "1.2亿", "300万": a multiplier written after the digits.
        while j < c.count, let u = units[c[j]] ?? bigUnits[c[j]], u != 10, value * u < 1e15 {
            value *= u
            j += 1
        }
        return Numeral(value: value, range: i..<j)
    }
}

// MARK: - Casualties

/// The people counts: every "number + 人/名/个" next to a casualty word, the word after the
/// number ("1人死亡") or right before it ("死亡1人"), and the zeros a text states
/// ("无人员伤亡").
struct CountReading {
    enum Category { case dead, missing, trapped, serious, light, injured, ambiguous }

    struct Mention {
        let value: Int
        let range: Range<Int>
        var category: Category?
        var subset = false
        var total = false
        var additional = false
    }

    static let keywords: [([Character], Category)] = {
        var list: [([Character], Category)] = []
        func add(_ ws: [String], _ cat: Category) { list += ws.map { (Array($0), cat) } }
        add(["伤亡", "死伤"], .ambiguous)
        add(["重伤", "受重伤", "伤势较重", "伤势严重", "伤势危重", "伤情较重", "伤情严重", "伤情危重", "危重", "病危", "伤重", "生命垂危", "重症", "重度烧伤"], .serious)
        add(["轻伤", "受轻伤", "轻微伤", "轻度烧伤", "轻微受伤"], .light)
        add(["死亡", "遇难", "身亡", "丧生", "罹难", "溺亡", "溺水身亡", "不治", "无生命体征", "没有生命体征", "死者", "遇难者", "遗体", "尸体", "死了", "死", "亡"], .dead)
        add(["失踪", "失联", "下落不明"], .missing)
        add(["被困", "受困", "困在", "困于", "被埋", "埋压", "被压", "困住", "被掩埋"], .trapped)
        add(
            [
                "受伤", "受了伤", "受了点伤", "伤者", "伤员", "烧伤", "烫伤", "摔伤", "砸伤", "撞伤", "擦伤", "划伤", "挫伤", "中毒", "烟熏", "呛伤", "送医", "送往医院", "入院",
                "伤",
            ], .injured)
        return list.sorted { $0.0.count > $1.0.count }
    }()

    static let personCounters = words(["个人", "名", "人", "位", "口人", "具"])
    static let negations = words(["没有", "暂无", "未见", "并无", "均无", "尚无", "暂未", "无", "未", "没"])
    static let beforeGap: Set<Character> = ["人", "数", "为", "了", "者", "员", "约", "至", "少", "达", "共", "计", "有", "已", "群", "众", "名", "的", ":"]

    var mentions: [Mention] = []
    var dead: Int?
    var missing: Int?
    var injured: Int?
    var serious: Int?
    var trapped: Int?

    init(_ t: Transcript) {
        var found: [Mention] = []
        var previous: [Mention] = []
        for clause in t.clauses {
            var here = Self.mentions(t, in: clause)
            if !here.contains(where: { $0.category != nil }), let orphan = Self.orphan(t, in: clause, previous: previous) {
                here.append(orphan)
            }
            found += here
            previous = here
        }
        mentions = found
        var byCategory: [Category: [Mention]] = [:]
        for m in found { if let cat = m.category { byCategory[cat, default: []].append(m) } }
        func combined(_ cat: Category, subsetToo: Bool = true) -> Int? {
            let ms = (byCategory[cat] ?? []).filter { subsetToo || !$0.subset }
            guard !ms.isEmpty else { return nil }
            if let total = ms.last(where: { $0.total }) { return total.value }
            let base = ms.filter { !$0.additional }.map(\.value).max() ?? 0
            return base + ms.filter(\.additional).map(\.value).reduce(0, +)
        }
        dead = combined(.dead)
        missing = combined(.missing)
        trapped = combined(.trapped)
        serious = combined(.serious)
        let general = combined(.injured)
        let parts = [combined(.serious, subsetToo: false), combined(.light, subsetToo: false)].compactMap { $0 }
        let partsTotal = parts.isEmpty ? nil : parts.reduce(0, +)
        if let general, let partsTotal { injured = max(general, partsTotal) } else { injured = general ?? partsTotal }
        applyStatedZeros(t)
        for v in [dead, missing, injured, serious, trapped] where (v ?? 0) > CasualtyField.maxCount {
            dead = nil
            missing = nil
            injured = nil
            serious = nil
            trapped = nil
            break
        }
    }

    static func category(_ t: Transcript, at i: Int) -> ([Character], Category)? {
        keywords.first { t.has($0.0, at: i) }
    }

    static let singularPeople = words([
        "驾驶人", "驾驶员", "司机", "骑车人", "骑行人", "老人", "男子", "女子", "男孩", "女孩", "小孩", "孩子", "儿童", "行人", "车主", "户主", "老太", "老汉", "妇女",
        "产妇", "学生", "工人",
    ])

    /// A casualty word with no number in its clause: "电动车驾驶人当场死亡" counts one, and
    /// "一名工人在屋顶作业时坠落，经抢救无效死亡" takes the one named in the clause before.
    static func orphan(_ t: Transcript, in clause: Range<Int>, previous: [Mention]) -> Mention? {
        for i in clause {
            guard let (w, cat) = category(t, at: i), w.count > 1, cat != .ambiguous, cat != .light else { continue }
            let before = t.string(max(clause.lowerBound, i - 3)..<i).replacingOccurrences(of: "无效", with: "")
            if ["无", "未", "没", "不"].contains(where: { before.contains($0) }) { return nil }
            let lead = Array(t.c[clause.lowerBound..<i])
            let plural = ["均", "都", "们", "等", "多", "各", "几", "些"].contains { lead.contains(Character($0)) }
            guard !plural else { return nil }
            let range = i..<(i + w.count)
            if singularPeople.contains(where: { PlaceReading.index(of: $0, in: lead) != nil }) {
                return Mention(value: 1, range: range, category: cat)
            }
            if let m = previous.last, m.category == nil, t.has(Array("名"), at: m.range.upperBound - 1) || t.has(Array("个"), at: m.range.upperBound - 1) {
                return Mention(value: m.value, range: range, category: cat)
            }
            return nil
        }
        return nil
    }

    /// "无人员伤亡", "未造成人员伤亡", "暂无人员被困": a zero stated, set only where no count
    /// was given.
    private mutating func applyStatedZeros(_ t: Transcript) {
        for clause in t.clauses {
            var i = clause.lowerBound
            while i < clause.upperBound {
                guard let neg = t.word(of: Self.negations, at: i) else {
                    i += 1
                    continue
                }
                let after = i + neg.count
                // "经抢救无效死亡" and "无法联系" are not negations of a casualty.
                if after < t.c.count, ["效", "法", "论"].contains(t.c[after]) {
                    i = after
                    continue
                }
                if t.has(Array("人机"), at: after) {
                    i = after
                    continue
                }
                var k = after
                scan: while k < min(clause.upperBound, after + 7) {
                    if let (w, cat) = Self.category(t, at: k), w.count > 1 {
                        switch cat {
                        case .ambiguous:
                            if dead == nil { dead = 0 }
                            if injured == nil { injured = 0 }
                        case .dead: if dead == nil { dead = 0 }
                        case .injured, .light: if injured == nil { injured = 0 }
                        case .serious: if serious == nil { serious = 0 }
                        case .missing: if missing == nil { missing = 0 }
                        case .trapped: if trapped == nil { trapped = 0 }
                        }
                        break scan
                    }
                    k += 1
                }
                i = after
            }
        }
    }

    private static func mentions(_ t: Transcript, in clause: Range<Int>) -> [Mention] {
        let c = t.c
        var out: [Mention] = []
        var i = clause.lowerBound
        while i < clause.upperBound {
            guard let n = Numeral.read(t, at: i), n.range.upperBound <= clause.upperBound else {
                i += 1
                continue
            }
            i = n.range.upperBound
            // "数十人", "第一人" are not counts.
            if n.range.lowerBound > 0, ["数", "第", "几"].contains(c[n.range.lowerBound - 1]) { continue }
            guard n.value >= 0, n.value <= Double(CasualtyField.maxCount), n.value == n.value.rounded(.down) else { continue }
            var j = n.range.upperBound
            while j < clause.upperBound, ["余", "多", "几", "来"].contains(c[j]) { j += 1 }
            var end: Int?
            if let counter = t.word(of: personCounters, at: j) {
                end = j + counter.count
            } else if j < clause.upperBound, c[j] == "个" || c[j] == "口" {
                let next = j + 1
                if next >= clause.upperBound || category(t, at: next) != nil || ["被", "受"].contains(c[next]) { end = next }
            } else if j < clause.upperBound, ["死", "伤", "亡"].contains(c[j]) {
                // "两死三伤": counts written without a counter.
                end = j
            }
            guard let end else { continue }
            out.append(Mention(value: Int(n.value), range: n.range.lowerBound..<end))
            i = end
        }
        // The segment of each mention: its clause cut at "、" and at the neighbouring mentions.
        var consumed = Set<Int>()
        for idx in out.indices {
            let m = out[idx]
            let segStart = max(
                clause.lowerBound, idx > 0 ? out[idx - 1].range.upperBound : clause.lowerBound,
                lastIndex(of: "、", in: t, before: m.range.lowerBound, from: clause.lowerBound))
            let segEnd = min(
                clause.upperBound, idx + 1 < out.count ? out[idx + 1].range.lowerBound : clause.upperBound,
                firstIndex(of: "、", in: t, after: m.range.upperBound, to: clause.upperBound))
            var chosen: ([Character], Category, Int)?
            // Right before: "死亡1人", "被困群众3人".
            var k = m.range.lowerBound - 1
            while k >= segStart, m.range.lowerBound - k <= 8 {
                if let (w, cat) = category(t, at: k), k + w.count <= m.range.lowerBound, !consumed.contains(k), w.count > 1 {
                    let gap = t.c[(k + w.count)..<m.range.lowerBound]
                    if gap.count <= 3, gap.allSatisfy({ beforeGap.contains($0) }) { chosen = (w, cat, k) }
                    break
                }
                k -= 1
            }
            if chosen == nil {
                // After: "1人当场死亡", "2名工人被困".
                var k = m.range.upperBound
                while k < segEnd, k - m.range.upperBound <= 8 {
                    if let (w, cat) = category(t, at: k) {
                        let gap = k - m.range.upperBound
                        let single = w.count == 1
                        if !single || gap == 0 || (k > 0 && ["了", "被"].contains(t.c[k - 1])) {
                            chosen = (w, cat, k)
                            break
                        }
                        k += w.count
                        continue
                    }
                    k += 1
                }
            }
            guard let (w, found, at) = chosen, found != .ambiguous else { continue }
            consumed.insert(at)
            var cat = found
            // "一个烧伤比较严重": the injury's weight said after the word.
            if cat == .injured, at + w.count <= segEnd {
                let tail = t.string((at + w.count)..<segEnd)
                if ["严重", "较重", "很重", "比较重"].contains(where: { tail.contains($0) }) { cat = .serious }
            }
            let lead = t.string(segStart..<m.range.lowerBound)
            let clauseLead = t.string(clause.lowerBound..<m.range.lowerBound)
            out[idx].category = cat
            out[idx].subset = clauseLead.contains("其中")
            out[idx].total = ["共", "合计", "累计", "总计"].contains { lead.contains($0) }
            out[idx].additional = ["另", "还有", "又有"].contains { lead.contains($0) }
        }
        return out
    }

    private static func lastIndex(of ch: Character, in t: Transcript, before i: Int, from lo: Int) -> Int {
        var k = i - 1
        while k >= lo {
            if t.c[k] == ch { return k + 1 }
            k -= 1
        }
        return lo
    }

    private static func firstIndex(of ch: Character, in t: Transcript, after i: Int, to hi: Int) -> Int {
        var k = i
        while k < hi {
            if t.c[k] == ch { return k }
            k += 1
        }
        return hi
    }
}

// MARK: - Loss

extension TranscriptParser {
    /// "直接经济损失约300万元", "损失1.2亿元": a sum in a clause that speaks of a loss.
    static func lossYuan(_ t: Transcript) -> Int? {
        let loss = Array("损失")
        for clause in t.clauses where t.contains(loss, in: clause) {
            var i = clause.lowerBound
            while i < clause.upperBound {
                guard let n = Numeral.read(t, at: i), n.range.upperBound <= clause.upperBound else {
                    i += 1
                    continue
                }
                var value = n.value
                var j = n.range.upperBound
                var scaled = n.range.count > 0 && t.c[n.range].contains { Numeral.bigUnits[$0] != nil || Numeral.units[$0] != nil }
                while j < clause.upperBound, ["余", "多", "来"].contains(t.c[j]) { j += 1 }
                while j < clause.upperBound, let u = Numeral.bigUnits[t.c[j]] ?? (t.c[j] == "千" ? 1_000 : nil) {
                    value *= u
                    scaled = true
                    j += 1
                }
                let yuan = j < clause.upperBound && t.c[j] == "元"
                if (yuan || scaled), value >= 0, value < 1e15 {
                    return Int(value.rounded())
                }
                i = max(j, i + 1)
            }
        }
        return nil
    }
}

// MARK: - Time

/// When it happened: the first clock time, with the day and part-of-day words before it; or
/// "X分钟前"/"刚才" against `now`. Everything in Asia/Shanghai.
struct TimeReading {
    enum Period { case earlyMorning, morning, noon, afternoon, evening, night }

    var occurredAt: Date?
    /// Where the time expressions are, so the place and the event leave them out.
    var spans: [Range<Int>] = []

    static let dayWords: [([Character], Int, Period?)] =
        ([
            ("大前天", -3, nil), ("前天", -2, nil), ("前日", -2, nil), ("前晚", -2, .evening), ("昨天", -1, nil), ("昨日", -1, nil),
            ("昨晚", -1, .evening), ("昨夜", -1, .night), ("今天", 0, nil), ("今日", 0, nil), ("今晨", 0, .morning), ("今早", 0, .morning),
            ("今晚", 0, .evening), ("今夜", 0, .night), ("当天", 0, nil), ("当日", 0, nil),
        ] as [(String, Int, Period?)]).map { (Array($0.0), $0.1, $0.2) }.sorted { $0.0.count > $1.0.count }

    static let periods: [([Character], Period)] =
        ([
            ("凌晨", .earlyMorning), ("早上", .morning), ("早晨", .morning), ("清晨", .morning), ("上午", .morning), ("中午", .noon),
            ("午后", .afternoon), ("下午", .afternoon), ("傍晚", .evening), ("晚上", .evening), ("晚间", .evening), ("夜里", .night),
            ("夜间", .night), ("深夜", .night), ("半夜", .night), ("午夜", .night), ("晚", .evening), ("早", .morning), ("夜", .night),
        ] as [(String, Period)]).map { (Array($0.0), $0.1) }.sorted { $0.0.count > $1.0.count }

    static let fuzz = words(["许", "左右", "前后", "多", "钟", "的样子", "的时候"])

    struct Clock {
        var hour: Int
        var minute: Int
        var range: Range<Int>
    }

    init(_ t: Transcript, now: Date) {
        var cal = Calendar(identifier: .gregorian)
        cal.timeZone = ShanghaiTime.zone
        let c = t.c

        var clock: Clock?
        var i = 0
        while i < c.count, clock == nil {
            if let k = Self.clock(t, at: i) { clock = k } else { i += 1 }
        }

        // The day and part of day said for the clock time: the last ones in the few
        // characters before it ("昨天晚上大概11点多").
        var dayOffset: Int?
        var dayPeriod: Period?
        var period: Period?
        var date: (year: Int?, month: Int, day: Int, range: Range<Int>)?
        let windowEnd = clock?.range.lowerBound ?? c.count
        let windowStart = clock == nil ? 0 : max(0, windowEnd - 24)
        var k = windowStart
        while k < windowEnd {
            if let d = Self.date(t, at: k), d.range.upperBound <= windowEnd || clock == nil {
                date = d
                spans.append(d.range)
                k = d.range.upperBound
                continue
            }
            if let (w, offset, p) = Self.dayWords.first(where: { t.has($0.0, at: k) }) {
                dayOffset = offset
                dayPeriod = p
                spans.append(k..<(k + w.count))
                k += w.count
                continue
            }
            if let (w, p) = Self.periods.first(where: { t.has($0.0, at: k) }), w.count > 1 || (clock != nil && windowEnd - (k + 1) <= 1) {
                period = p
                spans.append(k..<(k + w.count))
                k += w.count
                continue
            }
            k += 1
        }

        guard let clock else {
            if let ago = Self.relative(t) {
                spans.append(ago.range)
                occurredAt = now.addingTimeInterval(-ago.seconds)
            }
            return
        }
        spans.append(clock.range)

        var hour = clock.hour
        switch period ?? dayPeriod {
        case .earlyMorning?, .morning?: if hour == 12 { hour = (period ?? dayPeriod) == .earlyMorning ? 0 : 12 }
        case .noon?: if hour < 6 { hour += 12 }
        case .afternoon?: if hour < 12 { hour += 12 }
        case .evening?: if hour >= 5 && hour < 12 { hour += 12 } else if hour == 12 { hour = 24 }
        case .night?: if hour >= 6 && hour < 12 { hour += 12 } else if hour == 12 { hour = 24 }
        case nil: break
        }

        let nowParts = cal.dateComponents([.year, .month, .day], from: now)
        var base = DateComponents()
        var explicitDay = false
        if let date {
            explicitDay = true
            base.year = date.year ?? nowParts.year
            base.month = date.month
            base.day = date.day
        } else {
            base.year = nowParts.year
            base.month = nowParts.month
            base.day = nowParts.day
        }
        base.hour = 0
        base.minute = 0
        guard var day = cal.date(from: base) else { return }
        if date == nil, let dayOffset {
            explicitDay = true
            day = cal.date(byAdding: .day, value: dayOffset, to: day) ?? day
            // "昨晚1点" is the small hours after yesterday evening, i.e. today.
            if dayPeriod == .evening || dayPeriod == .night, period == nil || period == .night || period == .earlyMorning, hour < 6 {
                day = cal.date(byAdding: .day, value: 1, to: day) ?? day
            }
        }
        guard var at = cal.date(byAdding: .minute, value: hour * 60 + clock.minute, to: day) else { return }
        if let date, date.year == nil, at > now.addingTimeInterval(86_400) {
            // "12月31日" heard on 1 January is last year's.
            at = cal.date(byAdding: .year, value: -1, to: at) ?? at
        }
        func past(_ d: Date) -> Date { d > now.addingTimeInterval(60) ? (cal.date(byAdding: .day, value: -1, to: d) ?? d) : d }
        if !explicitDay {
            at = past(at)
            // "4点多" said at half past four in the afternoon is 16:00: with no part of day, the
            // latest past reading of a 12-hour clock is the one meant.
            if period == nil, dayPeriod == nil, (1...11).contains(hour), let pm = cal.date(byAdding: .hour, value: 12, to: at), pm <= now.addingTimeInterval(60)
            {
                at = pm
            }
        }
        occurredAt = at
    }

    /// "11点40分", "11时40分许", "八点半", "23:40". A Chinese-numeral hour needs a part of day
    /// before it or a minute after it: "一点" alone is as often "a little".
    static func clock(_ t: Transcript, at i: Int) -> Clock? {
        let c = t.c
        guard let h = Numeral.read(t, at: i), h.value == h.value.rounded(.down), h.value >= 0, h.value <= 24 else { return nil }
        let hour = Int(h.value)
        var j = h.range.upperBound
        let arabicHour = c[i].isASCII
        if arabicHour, j < c.count, c[j] == ":" {
            guard j + 2 < c.count, c[j + 1].isASCII, c[j + 1].isNumber, c[j + 2].isASCII, c[j + 2].isNumber else { return nil }
            guard let m = Int(String(c[(j + 1)...(j + 2)])), m < 60 else { return nil }
            if j + 3 < c.count, c[j + 3].isASCII, c[j + 3].isNumber { return nil }
            return Clock(hour: hour, minute: m, range: i..<skipFuzz(t, j + 3))
        }
        guard j < c.count, c[j] == "点" || c[j] == "时" else { return nil }
        if j + 1 < c.count, c[j] == "时", ["间", "候", "期", "段"].contains(c[j + 1]) { return nil }
        j += 1
        var minute = 0
        var sawMinute = false
        if j < c.count, c[j] == "半" {
            minute = 30
            sawMinute = true
            j += 1
        } else if t.has(Array("一刻"), at: j) {
            minute = 15
            sawMinute = true
            j += 2
        } else if t.has(Array("三刻"), at: j) {
            minute = 45
            sawMinute = true
            j += 2
        } else if let m = Numeral.read(t, at: j, positional: false), m.value < 60, m.value == m.value.rounded(.down) {
            let after = m.range.upperBound
            if after < c.count, ["级", "米", "度", "倍", "公", "万", "亿", "元", "人", "名", "个"].contains(c[after]) { return nil }
            minute = Int(m.value)
            sawMinute = true
            j = after
            if j < c.count, c[j] == "分" { j += 1 }
        }
        if !arabicHour && !sawMinute {
            let before = t.string(max(0, i - 4)..<i)
            let partOfDay = periods.contains { before.contains(String($0.0)) } || dayWords.contains { before.contains(String($0.0)) }
            let fuzzy = j < c.count && ["许", "左", "多", "钟"].contains(c[j])
            if !partOfDay && !fuzzy { return nil }
        }
        return Clock(hour: hour, minute: minute, range: i..<skipFuzz(t, j))
    }

    private static func skipFuzz(_ t: Transcript, _ j: Int) -> Int {
        var j = j
        while let w = t.word(of: fuzz, at: j) { j += w.count }
        return j
    }

    /// "11月30日", "2026年11月30日", "30日": the calendar day said.
    static func date(_ t: Transcript, at i: Int) -> (year: Int?, month: Int, day: Int, range: Range<Int>)? {
        let c = t.c
        var j = i
        var year: Int?
        if let y = Numeral.read(t, at: j, positional: true), y.range.upperBound < c.count, c[y.range.upperBound] == "年" {
            guard y.value >= 1990, y.value <= 2200 else { return nil }
            year = Int(y.value)
            j = y.range.upperBound + 1
        }
        if let m = Numeral.read(t, at: j), m.range.upperBound < c.count, c[m.range.upperBound] == "月" {
            guard m.value >= 1, m.value <= 12, m.value == m.value.rounded(.down) else { return nil }
            let dj = m.range.upperBound + 1
            guard let d = Numeral.read(t, at: dj), d.range.upperBound < c.count, ["日", "号"].contains(c[d.range.upperBound]) else { return nil }
            guard d.value >= 1, d.value <= 31, d.value == d.value.rounded(.down) else { return nil }
            return (year, Int(m.value), Int(d.value), i..<(d.range.upperBound + 1))
        }
        return nil
    }

    /// "刚才", "20分钟前", "半小时前", "两个多小时前".
    static func relative(_ t: Transcript) -> (seconds: TimeInterval, range: Range<Int>)? {
        let c = t.c
        for i in 0..<c.count {
            if t.has(Array("半小时前"), at: i) { return (1_800, i..<(i + 4)) }
            if t.has(Array("半个小时前"), at: i) { return (1_800, i..<(i + 5)) }
            guard let n = Numeral.read(t, at: i), n.value >= 0, n.value < 1_000 else { continue }
            var j = n.range.upperBound
            var half = 0.0
            if j < c.count, c[j] == "个" { j += 1 }
            if j < c.count, c[j] == "多" { j += 1 }
            if j < c.count, c[j] == "半" {
                half = 0.5
                j += 1
            }
            for (unit, seconds) in [("分钟前", 60.0), ("分钟之前", 60.0), ("小时前", 3_600.0), ("小时之前", 3_600.0), ("钟头前", 3_600.0)] {
                let w = Array(unit)
                if t.has(w, at: j) { return ((n.value + half) * seconds, i..<(j + w.count)) }
            }
        }
        for w in ["刚才", "刚刚", "方才"] {
            if let k = t.firstIndex(of: Array(w), in: 0..<c.count) { return (0, k..<(k + 2)) }
        }
        return nil
    }
}

// MARK: - Place and event

/// Where and what: the division from the caller's list, the spot after it, and the event
/// phrase after the spot ("禹州市|G311国道花石段|一辆货车与一辆面包车相撞").
struct PlaceReading {
    var division: String?
    var detail: String?
    var event: String?
    var eventClause: Range<Int>?

    /// A division's name followed by one of these is an agency or a hospital, not where it happened.
    static let agencies = words([
        "应急", "消防", "公安", "交警", "交通", "医院", "人民医院", "中心医院", "中医院", "政府", "人民政府", "值班", "供电", "卫健", "气象", "水利", "住建", "大队",
        "支队", "中队", "派出所", "急救", "地震局", "委", "局",
    ])
    static let destinations = words(["送往", "送至", "送到", "转至", "转往", "报告", "上报"])
    static let leadFillers = words([
        "据初步了解", "据了解", "据报", "据悉", "接群众报警", "接到报警", "接报", "报警称", "群众报警", "报称", "反映", "我们这边", "我们这里", "我们这", "这边",
        "大概", "大约", "约", "左右", "我们", "的时候", "的", "在", "于", "位于", "称", "有个", "那个", "就是", "说", "刚才", "刚刚", "有群众", "群众",
    ])
    static let placeLeads = words(["境内", "辖区内", "辖区", "的"])
    static let verbMarkers = words([
        "起火", "着火", "失火", "燃烧", "冒烟", "坍塌", "倒塌", "塌陷", "垮塌", "塌方", "爆炸", "闪爆", "泄漏", "泄露", "相撞", "追尾", "侧翻", "翻车", "撞",
        "碰撞", "刮擦", "落水", "溺水", "积水", "被淹", "进水", "停电", "断电", "停水", "踩踏", "拥挤", "冒顶", "透水", "出现", "有人", "发现", "突发", "遭遇",
        "发生", "冲出", "坠入", "掉入", "滑坡", "地震", "受淹", "漫", "爆裂", "破裂", "爆管", "上涨", "停运", "跳闸", "大面积", "水位",
    ])
    static let quantityCounters: Set<Character> = ["辆", "起", "名", "处", "座", "家", "户", "艘", "列", "架", "位", "人", "场", "栋", "幢", "间"]
    static let arabicQuantityCounters: Set<Character> = ["辆", "起", "名", "人", "艘", "架", "户"]
    /// "一楼" is a floor and "一带" an area: part of the spot, not the start of the event.
    static let notEventAfterOne: Set<Character> = [
        "楼", "层", "带", "侧", "线", "号", "期", "区", "街", "路", "巷", "村", "组", "单", "环", "中", "小", "院", "段", "队", "矿", "厂", "直", "些", "样",
    ]
    static let causeWords = words(["造成", "导致", "致使", "致"])

    init(_ t: Transcript, places: [String], timeSpans: [Range<Int>]) {
        let matches = Self.matches(t, places: places)
        if let first = matches.first, let clause = t.clause(containing: first.range.lowerBound) {
            var chainEnd = first.range.upperBound
            var last = first
            for m in matches.dropFirst() where m.range.lowerBound == chainEnd {
                chainEnd = m.range.upperBound
                last = m
            }
            division = last.name
            eventClause = clause
            let prefix = Self.cleaned(t, clause.lowerBound..<first.range.lowerBound, timeSpans)
            var rest = Self.cleaned(t, chainEnd..<clause.upperBound, timeSpans, stripping: false)
            if last.name.hasSuffix("市"), rest.first == "区", last.range.count == last.name.count { rest.removeFirst() }
            while let w = Self.placeLeads.first(where: { rest.starts(with: $0) }) { rest.removeFirst(w.count) }
            var subject: [Character] = []
            var embedded: [Character] = []
            if let l = prefix.last, l == "在" || l == "于" {
                subject = Self.stripLead(Array(prefix.dropLast()))
                if subject.last == "位" { subject = [] }
            } else if !prefix.isEmpty, rest.first == "段" {
                // "许广高速长葛段", "颍河禹州段": the name is part of a road's or a river's.
                embedded = prefix + t.c[last.range]
            }
            let split = Self.split(rest)
            if split.event.isEmpty {
                // "禹州市人民路，一辆车翻了": the spot alone, the event in a later clause.
                if Self.isPlaceLike(split.detail) { detail = Self.text(embedded + split.detail) }
                let others = t.clauses.filter { $0 != clause && Self.isEventClause(t, $0) }
                if let later = others.first(where: { $0.lowerBound > clause.lowerBound }) ?? others.first {
                    eventClause = later
                    let body = Self.cleaned(t, later, timeSpans)
                    event = Self.eventText(Self.split(body, keepDetailInEvent: true).event)
                }
            } else {
                detail = Self.text(embedded + split.detail)
                event = Self.eventText(subject + split.event)
            }
        } else if let clause = t.clauses.first(where: { Self.isEventClause(t, $0) }) {
            eventClause = clause
            let body = Self.cleaned(t, clause, timeSpans)
            let hasAt = Self.locativeIndex(body) != nil
            if hasAt || Self.index(of: Array("发生"), in: body) != nil || Self.eventStart(body, from: 0).map({ $0.index > 0 }) == true {
                let split = Self.split(body)
                detail = Self.text(split.detail)
                event = Self.eventText(split.event)
            } else {
                event = Self.eventText(body)
            }
            // "我们村口那个路上，刚才一个骑电动车的被小汽车撞了": the spot said just before.
            if detail == nil, let k = t.clauses.firstIndex(of: clause), k > 0 {
                let before = Self.cleaned(t, t.clauses[k - 1], timeSpans)
                if Self.isPlaceLike(before), !Self.isEventClause(t, t.clauses[k - 1]) { detail = Self.text(before) }
            }
        }
        if let e = event, e.count < 2 { event = nil }
    }

    static let placeSuffixes: [Character] = [
        "路", "段", "处", "口", "村", "镇", "乡", "街", "道", "区", "号", "楼", "近", "内", "边", "旁", "上", "下", "场", "站", "桥", "园", "厂", "矿", "河", "湖", "库", "山", "店", "院",
        "校", "里",
    ]

    static func isPlaceLike(_ s: [Character]) -> Bool {
        guard let l = s.last, s.count <= 40 else { return false }
        return placeSuffixes.contains(l)
    }

    /// The event as a report writes it after "发生": no "发生" of its own, no casualties, and
    /// no trailing "了" after an event verb ("着火了" → "着火").
    static func eventText(_ s: [Character]) -> String? {
        var s = cutCasualties(s)
        if let k = index(of: Array("发生"), in: s) { s.removeSubrange(k..<(k + 2)) }
        while s.last == "了" || s.last == "啦" {
            let body = Array(s.dropLast())
            guard verbMarkers.contains(where: { $0.count > 1 && body.count >= $0.count && Array(body.suffix($0.count)) == $0 }) else { break }
            s = body
        }
        return text(s)
    }

    struct Match {
        let name: String
        let range: Range<Int>
    }

    /// Known names found in the text, longest first at each position; a name in front of an
    /// agency ("禹州市消防救援大队") or after "送往" is dropped.
    static func matches(_ t: Transcript, places: [String]) -> [Match] {
        var forms: [([Character], String)] = []
        for raw in places.prefix(5_000) {
            let name = raw.trimmingCharacters(in: .whitespacesAndNewlines)
            guard !name.isEmpty, name.count <= 30 else { continue }
            forms.append((Array(name), name))
            let chars = Array(name)
            if chars.count >= 3, let last = chars.last, ["省", "市", "县", "区", "镇", "乡"].contains(last) {
                forms.append((Array(chars.dropLast()), name))
            }
        }
        forms.sort { $0.0.count > $1.0.count }
        var out: [Match] = []
        var i = 0
        while i < t.c.count {
            guard let (w, name) = forms.first(where: { t.has($0.0, at: i) }) else {
                i += 1
                continue
            }
            let end = i + w.count
            let isAgency = agencies.contains { t.has($0, at: end) }
            let isDestination = destinations.contains { d in i - d.count >= 0 && t.has(d, at: i - d.count) }
            if isAgency || isDestination {
                // "许昌市禹州市消防救援大队": the whole chain names an agency.
                var start = i
                while let l = out.last, l.range.upperBound == start {
                    start = l.range.lowerBound
                    out.removeLast()
                }
            } else {
                out.append(Match(name: name, range: i..<end))
            }
            i = end
        }
        // The first chain of names is where it happened; later ones are mentions.
        return out
    }

    static func isEventClause(_ t: Transcript, _ r: Range<Int>) -> Bool {
        t.containsAny(verbMarkers, in: r) || t.containsAny(TranscriptParser.eventNouns, in: r)
    }

    /// The clause's characters without time expressions, lead-in words or trailing particles.
    static func cleaned(_ t: Transcript, _ r: Range<Int>, _ spans: [Range<Int>], stripping: Bool = true) -> [Character] {
        var out: [Character] = []
        for i in r where !spans.contains(where: { $0.contains(i) }) { out.append(t.c[i]) }
        return stripping ? stripLead(out) : out
    }

    static func stripLead(_ chars: [Character]) -> [Character] {
        var out = chars
        var changed = true
        while changed {
            changed = false
            if let w = leadFillers.first(where: { out.starts(with: $0) && out.count > $0.count }) {
                out.removeFirst(w.count)
                changed = true
            }
        }
        return out
    }

    static func index(of word: [Character], in s: [Character]) -> Int? {
        guard !word.isEmpty, s.count >= word.count else { return nil }
        for i in 0...(s.count - word.count) where Array(s[i..<(i + word.count)]) == word { return i }
        return nil
    }

    /// The "在" of "一辆货车在G311国道侧翻", not of "正在" or "所在".
    static func locativeIndex(_ s: [Character]) -> Int? {
        for (i, ch) in s.enumerated() where ch == "在" {
            if i > 0, ["正", "所", "现", "存", "实", "还"].contains(s[i - 1]) { continue }
            if i + 1 < s.count, s[i + 1] == "建" { continue }
            return i
        }
        return nil
    }

    /// Where the event starts in a spot-then-event phrase: "发生", a count of things
    /// ("一辆", "两辆", "3名"), or an event verb.
    static func eventStart(_ s: [Character], from: Int) -> (index: Int, skip: Int, subject: Bool)? {
        var i = from
        while i < s.count {
            if i + 1 < s.count, s[i] == "发", s[i + 1] == "生" { return (i, 2, false) }
            if let m = verbMarkers.first(where: { i + $0.count <= s.count && Array(s[i..<(i + $0.count)]) == $0 }) {
                return (i, m == Array("突发") ? 2 : 0, false)
            }
            let ch = s[i]
            let prevIsNumeral = i > 0 && Numeral.isNumeralCharacter(s[i - 1])
            // "西大街、七一路等多处路段": a count after "等" still counts places.
            let afterList = i > 0 && s[i - 1] == "等"
            if !prevIsNumeral, !afterList, i + 1 < s.count {
                let next = s[i + 1]
                let villager = next == "村" && i + 2 < s.count && s[i + 2] == "民"
                if ch == "一", !notEventAfterOne.contains(next) || villager, !Numeral.isNumeralCharacter(next), next != "." { return (i, 0, true) }
                if ["两", "二", "三", "四", "五", "六", "七", "八", "九", "十", "多", "数", "几"].contains(ch), quantityCounters.contains(next) { return (i, 0, true) }
                if ch.isASCII, ch.isNumber {
                    var k = i
                    while k < s.count, s[k].isASCII, s[k].isNumber || s[k] == "." { k += 1 }
                    if k < s.count, ["万", "余", "多"].contains(s[k]) { k += 1 }
                    if k < s.count, arabicQuantityCounters.contains(s[k]) {
                        // "约2万户居民停电": the approximation belongs to the event.
                        return (i > 0 && s[i - 1] == "约" ? i - 1 : i, 0, true)
                    }
                    i = k
                    continue
                }
            }
            i += 1
        }
        return nil
    }

    /// Splits "G311国道花石段一辆货车与一辆面包车相撞" into the spot and the event. "X发生Y" is
    /// spot X and event Y, because a first report must name the spot and X is where it was
    /// ("一家化工企业液氯储罐阀门发生泄漏"). Without "发生" the event starts at its subject
    /// ("一辆货车…") or its verb. A subject placed by "在" ("一辆货车在G311国道侧翻") keeps
    /// the place out of the event, and "一处民房内…" / "一村民家中…" followed by what happened
    /// there is still the spot.
    static func split(_ s: [Character], keepDetailInEvent: Bool = false) -> (detail: [Character], event: [Character]) {
        guard let e0 = eventStart(s, from: 0) else { return (s, []) }
        if keepDetailInEvent { return ([], s) }
        if e0.index == 0, e0.subject, let at = locativeIndex(s), let start = eventStart(s, from: at + 1), start.index > at + 1 {
            return (Array(s[(at + 1)..<start.index]), Array(s[..<at]) + s[start.index...])
        }
        if e0.subject, let next = eventStart(s, from: e0.index + 2), next.index > e0.index + 2 {
            let span = Array(s[e0.index..<next.index])
            for inside in ["家中", "内", "里"] {
                guard let k = index(of: Array(inside), in: span) else { continue }
                let cut = e0.index + k + inside.count
                let rest = Array(s[next.index...])
                if cut < next.index || rest.starts(with: Array("发现")) {
                    var event = Array(s[cut...])
                    if event.starts(with: Array("发生")) { event.removeFirst(2) }
                    return (Array(s[..<cut]), event)
                }
            }
        }
        if let k = index(of: Array("发生"), in: s) { return (Array(s[..<k]), Array(s[(k + 2)...])) }
        return (Array(s[..<e0.index]), Array(s[e0.index...]))
    }

    /// An event phrase stops before "造成1人死亡": the casualties have their own fields.
    static func cutCasualties(_ s: [Character]) -> [Character] {
        for w in causeWords {
            if let k = index(of: w, in: s), k > 0 { return Array(s[..<k]) }
        }
        return s
    }

    static func text(_ s: [Character]) -> String? {
        var s = s
        while let l = s.last, ["的", "啦", "呢", "吧", "啊"].contains(l) { s.removeLast() }
        while let f = s.first, ["的", "，", "、"].contains(f) { s.removeFirst() }
        // "长葛段K725处因团雾": the cause is not part of the spot.
        if let k = s.firstIndex(of: "因"), k > 0, !["原", "起", "诱", "成", "基"].contains(s[k - 1]) { s = Array(s[..<k]) }
        guard !s.isEmpty else { return nil }
        return String(s.prefix(ReportField.event.maxLength))
    }
}

// MARK: - Cause and measures

extension TranscriptParser {
    static let investigating = words(["调查", "核查", "核实", "待查", "不明", "不清", "不详", "排查", "查明中", "确认中", "勘查", "了解中", "进一步"])
    static let causeLeads = words(["据初步了解", "据初步调查", "经初步调查", "初步查明", "初步判断", "初步分析", "初步认定", "据了解", "据悉", "经查", "初步"])
    static let measureWords = words([
        "到场", "到达现场", "赶赴", "赶到", "赶往", "处置", "救援", "搜救", "搜寻", "疏散", "转移", "扑灭", "扑救", "灭火", "控制", "封控", "封闭", "封锁", "管制",
        "警戒", "抢修", "抢险", "排水", "排涝", "启动", "预案", "响应", "救出", "营救", "关阀", "关闭阀门", "堵漏", "稀释", "监测", "安置", "排查", "调派", "派出",
        "组织", "上报", "已报告", "已向", "通报", "协调", "救治", "送医", "送往医院", "送医院", "处理", "恢复通行", "撤离", "管控", "通风", "成立",
    ])
    static let weakMeasureWords = words(["救治", "送医", "送往医院", "送医院", "送往", "就医"])
    static let eventNouns = words([
        "事故", "火灾", "火情", "车祸", "地震", "洪水", "内涝", "踩踏", "溺水", "泄漏", "爆炸", "坍塌", "倒塌", "停电", "山火", "险情", "灾情", "滑坡", "泥石流",
    ])

    /// "原因正在调查" becomes "正在调查中"; "原因初步判断为X" becomes X; a clause that gives
    /// a cause ("疑因电动车充电引发", "受强降雨影响") is taken as said.
    static func cause(_ t: Transcript, skipping eventClause: Range<Int>?, counts: [CountReading.Mention]) -> (text: String, clause: Range<Int>)? {
        let reason = Array("原因")
        for clause in t.clauses where t.contains(reason, in: clause) {
            guard let k = t.firstIndex(of: reason, in: clause) else { continue }
            let after = (k + 2)..<clause.upperBound
            if t.containsAny(investigating, in: clause), !t.containsAny(words(["查明为", "查明系", "认定为"]), in: clause) {
                return ("正在调查中", clause)
            }
            var s = Array(t.c[after])
            for lead in words(["初步判断为", "初步判断是", "初步判断系", "初步认定为", "初步查明为", "初步查明是", "初步为", "初步是", "初步系", "为", "是", "系", ":", "初步"]) where s.starts(with: lead)
            {
                s.removeFirst(lead.count)
                break
            }
            if let text = PlaceReading.text(s) { return (text, clause) }
        }
        for clause in t.clauses {
            // "K725处因团雾发生多车追尾": a cause inside the event's clause.
            let s = Array(t.c[clause])
            for (k, ch) in s.enumerated() where ch == "因" && k > 0 {
                if ["原", "起", "诱", "成", "基", "疑"].contains(s[k - 1]) { continue }
                let tail = Array(s[(k + 1)...])
                let ends = ["发生", "导致", "引发", "造成", "引起"].compactMap { PlaceReading.index(of: Array($0), in: tail) }
                if let j = ends.min(), j >= 2, j <= 12 { return (String(tail[..<j]), clause) }
            }
        }
        for clause in t.clauses where clause != eventClause {
            if counts.contains(where: { $0.category != nil && clause.contains($0.range.lowerBound) }) { continue }
            var s = Array(t.c[clause])
            var led = false
            while let lead = causeLeads.first(where: { s.starts(with: $0) && s.count > $0.count }) {
                s.removeFirst(lead.count)
                led = true
            }
            if s.first == "受", let k = PlaceReading.index(of: Array("影响"), in: s), k > 1 {
                return (String(s[1..<k]), clause)
            }
            let starts = ["疑因", "疑似", "系", "因为", "因", "由于"].first { s.starts(with: Array($0)) }
            let ends = ["所致", "引起", "引发", "造成的"].contains { PlaceReading.index(of: Array($0), in: s) != nil }
            guard starts != nil || (ends && led) || (ends && clause.lowerBound > (eventClause?.lowerBound ?? -1)) else { continue }
            if let st = starts, ["系", "因为", "因", "由于"].contains(st) { s.removeFirst(st.count) }
            if let text = PlaceReading.text(s), text.count >= 2 { return (text, clause) }
        }
        return nil
    }

    /// The clauses that tell what is being done ("交警、120已到场处置", "已疏散群众50余人"),
    /// joined as said. A clause that only counts the injured taken to hospital ("4人受伤送医")
    /// is a casualty figure, not a measure.
    static func measures(_ t: Transcript, skipping: [Range<Int>], counts: [CountReading.Mention]) -> String? {
        var parts: [String] = []
        for clause in t.clauses where !skipping.contains(clause) {
            guard t.containsAny(measureWords, in: clause) else { continue }
            let hasCount = counts.contains { $0.category != nil && clause.contains($0.range.lowerBound) }
            if hasCount {
                let strong = measureWords.filter { !weakMeasureWords.contains($0) }
                guard t.containsAny(strong, in: clause) else { continue }
            }
            if t.contains(Array("原因"), in: clause) { continue }
            var s = Array(t.c[clause])
            for lead in words(["目前", "现在", "当前", "现已", "现"]) where s.starts(with: lead) && s.count > lead.count {
                if lead == Array("现已") { s.removeFirst(1) } else { s.removeFirst(lead.count) }
                break
            }
            if let text = PlaceReading.text(s) { parts.append(text) }
        }
        guard !parts.isEmpty else { return nil }
        return String(parts.joined(separator: "，").prefix(ReportField.measures.maxLength))
    }
}

// MARK: - Kind

extension TranscriptParser {
    /// The catalog kind, decided on the spot and event first ("城区多处积水" is a rainstorm even
    /// when the call goes on to mention an outage), then on the whole text. The order is the
    /// order of specificity: a gas explosion is a gas accident before it is a fire.
    static func kind(focus: String, whole: String, dead: Int?) -> String? {
        for text in [focus, whole] where !text.isEmpty {
            if let id = kind(in: text, dead: dead) { return id }
        }
        return nil
    }

    static func kind(in s: String, dead: Int?) -> String? {
        func any(_ ws: [String]) -> Bool { ws.contains { s.contains($0) } }
        let fire = any(["火灾", "起火", "着火", "失火", "火情", "燃烧", "大火", "明火", "冒烟", "烧起来", "过火"])
        if any(["地震", "震级", "震中", "震感"]) { return "earthquake" }
        if any(["台风"]) { return "typhoon" }
        if any(["泥石流"]) { return "debris_flow" }
        if any(["滑坡", "山体塌方"]) { return "landslide" }
        if any(["水库溃", "水库垮坝", "溃坝"]) { return "reservoir_breach" }
        if any(["溃堤", "决口", "决堤", "河堤溃", "堤坝溃"]) { return "levee_breach" }
        if any(["洪水", "山洪", "洪涝", "河水暴涨", "漫堤", "漫坝", "河水上涨", "水位暴涨", "水位上涨", "水位快速上涨", "水位猛涨"]) { return "flood" }
        if any(["暴雪"]) { return "snowstorm" }
        if any(["内涝", "积水", "暴雨", "强降雨", "被淹", "淹水", "受淹"]) { return "rainstorm" }
        if fire && any(["森林", "山林", "林区", "林场", "草原", "荒山", "荒草", "树林", "山上", "山坡", "林地"]) || any(["山火", "林火"]) {
            return "forest_grassland_fire"
        }
        if any(["踩踏", "拥挤"]) { return "crowd_crush" }
        if any(["煤矿"]) { return "coal_mine_accident" }
        if any(["矿山", "铁矿", "金矿", "铜矿", "铝土矿", "非煤", "采石场", "冒顶", "透水", "尾矿", "井下", "矿井"]) { return "non_coal_mine_accident" }
        if any(["烟花", "爆竹", "鞭炮", "炸药", "民爆"]) { return "fireworks_explosives_accident" }
        if any(["燃气", "天然气", "液化气", "煤气", "液化石油气", "气罐"]) && !any(["停气"]) { return "city_gas_accident" }
        if any(["危化", "危险化学品", "化工", "化学品", "氯气", "液氨", "氨气", "硫酸", "盐酸", "硝酸", "甲醇", "苯", "液化烃", "有毒气体", "槽罐车", "液氯", "氯", "液碱"]) {
            if any(["爆炸", "闪爆"]) { return "hazardous_chemical_explosion" }
            if fire { return "hazardous_chemical_fire" }
            return "hazardous_chemical_leak"
        }
        if any(["停电", "断电", "失电"]) { return "power_outage" }
        if any(["停水", "断水"]) { return "water_outage" }
        if any(["停气"]) { return "gas_supply_outage" }
        if any(["停暖", "停止供暖", "暖气不热"]) { return "heating_outage" }
        if any(["电梯", "锅炉", "压力容器", "起重机", "塔吊", "索道", "游乐设施", "过山车", "摩天轮", "压力管道", "客梯", "扶梯"]) { return "special_equipment_accident" }
        if any(["路面塌陷", "道路塌陷", "路面坍塌", "地面塌陷", "路面下沉", "道路坍塌"]) { return "road_collapse" }
        if any(["坍塌", "倒塌", "垮塌", "塌方", "塌了"]) { return "construction_collapse" }
        let vehicle = any(["车", "摩托", "电动"])
        if any(["交通事故", "车祸"]) || vehicle && any(["撞", "追尾", "侧翻", "翻车", "刮擦", "冲出", "坠入", "翻入"]) { return "road_transport_accident" }
        if fire {
            if any(["厂", "公司", "车间", "仓库", "企业", "作坊", "工地", "加工", "园区"]) { return "workplace_fire" }
            if any(["商场", "商铺", "门店", "饭店", "餐馆", "餐厅", "酒店", "宾馆", "超市", "市场", "商业", "网吧", "KTV", "歌厅", "商城", "店"]) { return "commercial_fire" }
            if any(["小区", "居民", "住宅", "民房", "楼", "家中", "户", "村民", "房屋", "平房", "出租屋", "住户", "家里"]) { return "residential_fire" }
            return nil
        }
        if any(["溺水", "溺亡", "落水", "坠河", "掉进河", "掉入水", "掉进水", "掉河里"]) { return "other_accident" }
        if (dead ?? 0) > 0, any(["厂", "公司", "车间", "企业", "工地", "作业"]), any(["坠落", "机械", "触电", "窒息", "中毒", "爆炸", "伤害", "砸"]) {
            return "production_safety_fatal"
        }
        if any(["食物中毒", "集体中毒", "群体中毒", "群体性中毒"]) { return "mass_poisoning" }
        return nil
    }
}
