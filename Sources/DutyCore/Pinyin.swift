import Foundation

/// Latin search keys for Chinese names, so a duty officer can find “长葛市应急管理局” by typing
/// `cgs`, `zgs` or `changge` on a phone keyboard.
public enum Pinyin {
    /// Every plausible toneless lowercase reading of `text`, syllables separated by single spaces,
    /// e.g. "长葛" → ["zhang ge", "chang ge"]. ICU's reading comes first; alternatives follow,
    /// fewest substitutions first, so a `limit` keeps the likeliest ones. Non-Han letters and
    /// digits are kept lowercase as one word per run; punctuation is dropped. ü is written `v`,
    /// as on every pinyin keyboard.
    public static func readings(of text: String, limit: Int = 16) -> [String] {
        readings(of: slots(of: text), limit: limit)
    }

    /// First letters of each syllable per reading, deduplicated: "张栋利" → ["zdl"];
    /// "长葛市" gives "zgs" and "cgs". A run of non-Han letters or digits is kept whole
    /// ("3号楼" → "3hl"), because nobody abbreviates "110" to "1".
    public static func initials(of text: String, limit: Int = 16) -> [String] {
        initials(of: slots(of: text), limit: limit)
    }

    /// One lowercase string for a database column matched with SQL `LIKE '%q%'`: every reading
    /// without spaces, then every set of initials, separated by single spaces:
    /// "张栋利" → "zhangdongli zdl". The separating space keeps a query from matching across
    /// two readings, because `normalizedQuery` never contains one.
    public static func searchKey(for text: String) -> String {
        let slots = self.slots(of: text)
        let joined = readings(of: slots, limit: 16)
            .map { $0.replacingOccurrences(of: " ", with: "") }
        return unique((joined + initials(of: slots, limit: 16)).filter { !$0.isEmpty })
            .joined(separator: " ")
    }

    /// Normalises a user's latin query for matching against `searchKey`: lowercase, spaces and
    /// apostrophes removed (people type "xi'an"), ü→v, full-width latin → ASCII, tone marks
    /// dropped. Returns nil when what is left is empty or not purely latin letters, so the
    /// caller can fall back to searching the Chinese text itself.
    public static func normalizedQuery(_ query: String) -> String? {
        var out = ""
        for scalar in query.unicodeScalars {
            var s = scalar
            if let halfWidth = halfWidth(s) { s = halfWidth }
            if s.properties.isWhitespace || apostrophes.contains(s) { continue }
            out.unicodeScalars.append(s)
        }
        let folded = toneless(out)
        guard !folded.isEmpty,
            folded.unicodeScalars.allSatisfy({ ("a"..."z").contains($0) })
        else { return nil }
        return folded
    }

    // MARK: - Slots

    /// One position of a reading: a Han character with its candidate syllables, or a run of
    /// other letters/digits that has exactly one spelling.
    struct Slot: Equatable {
        var options: [String]
        var isHan: Bool
    }

    static func readings(of slots: [Slot], limit: Int) -> [String] {
        combinations(of: slots.map(\.options), limit: limit).map { $0.joined(separator: " ") }
    }

    static func initials(of slots: [Slot], limit: Int) -> [String] {
        let options = slots.map { slot -> [String] in
            guard slot.isHan else { return slot.options }
            // Readings that share a first letter (chang/chong) would only yield duplicates.
            return unique(slot.options.map { String($0.prefix(1)) })
        }
        return combinations(of: options, limit: limit).map { $0.joined() }
    }

    static func slots(of text: String) -> [Slot] {
        var slots: [Slot] = []
        var han: [Character] = []
        var word = ""

        func flushWord() {
            if !word.isEmpty {
                slots.append(Slot(options: [toneless(word)], isHan: false))
                word = ""
            }
        }
        func flushHan() {
            if !han.isEmpty {
                slots.append(contentsOf: hanSlots(han))
                han = []
            }
        }

        for character in text {
            if isHan(character) {
                flushWord()
                han.append(character)
                continue
            }
            flushHan()
            var normalized = ""
            for scalar in character.unicodeScalars {
                normalized.unicodeScalars.append(halfWidth(scalar) ?? scalar)
            }
            if let c = normalized.first, normalized.count == 1, c.isLetter || c.isNumber {
                word.append(c)
            } else {
                flushWord()
            }
        }
        flushWord()
        flushHan()
        return slots
    }

    /// Transliterates a whole run at once rather than character by character, because ICU does
    /// use context for a few words (重庆 → chong qing, while 重 alone is zhong).
    static func hanSlots(_ run: [Character]) -> [Slot] {
        let icuRun = (String(run).applyingTransform(.mandarinToLatin, reverse: false) ?? "")
            .split(whereSeparator: { $0 == " " })
            .map { toneless(String($0)) }
        return run.enumerated().compactMap { index, character in
            var first: String
            if icuRun.count == run.count {
                first = icuRun[index]
            } else {
                first = toneless(
                    String(character).applyingTransform(.mandarinToLatin, reverse: false) ?? "")
            }
            // ICU leaves characters it has no reading for untouched; a Han character in a key
            // would never match a latin query, so only the table can rescue it.
            if !first.unicodeScalars.allSatisfy({ ("a"..."z").contains($0) }) { first = "" }
            let options = unique(([first] + (polyphonic[character] ?? [])).filter { !$0.isEmpty })
            return options.isEmpty ? nil : Slot(options: options, isHan: true)
        }
    }

    // MARK: - Combinations

    /// Cartesian product ordered by how many positions leave their first (ICU) option, then
    /// lexicographically by position. A name with many polyphonic characters has exponentially
    /// many readings; this order means the limit drops the least likely ones, and the work done
    /// is proportional to the limit, not to the product.
    static func combinations(of options: [[String]], limit: Int) -> [[String]] {
        guard limit > 0, !options.isEmpty else { return [] }
        let choices = options.map { max($0.count, 1) }
        // Positions with a choice left at or after each index, to prune dead branches early.
        var flexibleFrom = [Int](repeating: 0, count: options.count + 1)
        for i in stride(from: options.count - 1, through: 0, by: -1) {
            flexibleFrom[i] = flexibleFrom[i + 1] + (choices[i] > 1 ? 1 : 0)
        }
        var result: [[String]] = []
        var current: [String] = []
        current.reserveCapacity(options.count)

        func visit(_ index: Int, deviations left: Int) {
            if result.count >= limit { return }
            if index == options.count {
                if left == 0 { result.append(current) }
                return
            }
            if left > flexibleFrom[index] { return }
            let slot = options[index]
            if slot.isEmpty {
                visit(index + 1, deviations: left)
                return
            }
            for (i, option) in slot.enumerated() {
                if i > 0 && left == 0 { break }
                current.append(option)
                visit(index + 1, deviations: i == 0 ? left : left - 1)
                current.removeLast()
                if result.count >= limit { return }
            }
        }

        for deviations in 0...flexibleFrom[0] {
            visit(0, deviations: deviations)
            if result.count >= limit { break }
        }
        return result
    }

    // MARK: - Characters

    static func isHan(_ character: Character) -> Bool {
        guard let v = character.unicodeScalars.first?.value else { return false }
        return (0x4E00...0x9FFF).contains(v)  // CJK Unified Ideographs
            || (0x3400...0x4DBF).contains(v)  // Extension A
            || (0x20000...0x3134F).contains(v)  // Extensions B–G
            || (0xF900...0xFAFF).contains(v)  // Compatibility Ideographs
            || v == 0x3007  // 〇, used in dates and addresses
    }

    static let apostrophes: Set<Unicode.Scalar> = ["'", "\u{2018}", "\u{2019}", "\u{FF07}", "`"]

    /// Full-width forms (what a Chinese IME types in full-width mode) to ASCII.
    static func halfWidth(_ scalar: Unicode.Scalar) -> Unicode.Scalar? {
        switch scalar.value {
        case 0xFF01...0xFF5E: return Unicode.Scalar(scalar.value - 0xFEE0)
        case 0x3000: return " "
        default: return nil
        }
    }

    /// Lowercase, ü→v, diacritics (tones) removed. ü has to become v before folding, or lü (吕)
    /// and lu (卢) would share a key.
    static func toneless(_ s: String) -> String {
        var out = ""
        for scalar in s.lowercased().decomposedStringWithCanonicalMapping.unicodeScalars {
            if scalar.value == 0x0308, out.unicodeScalars.last == "u" {
                out.unicodeScalars.removeLast()
                out.unicodeScalars.append("v")
            } else if (0x0300...0x036F).contains(scalar.value) {
                continue
            } else {
                out.unicodeScalars.append(scalar)
            }
        }
        return out.precomposedStringWithCanonicalMapping
    }

    static func unique(_ values: [String]) -> [String] {
        var seen = Set<String>()
        return values.filter { seen.insert($0).inserted }
    }

    /// Readings ICU does not give for characters common in person and place names. ICU knows
    /// one reading per character and has no idea whether 单 is a surname (shan) or 单县 (shan)
    /// or 单位 (dan); rather than guess, every plausible reading goes into the key. Readings
    /// that never occur in names (省 as xing) stay out: each entry doubles the key of every
    /// unit name containing that character.
    static let polyphonic: [Character: [String]] = [
        "长": ["chang", "zhang"], "单": ["dan", "shan", "chan"], "曾": ["zeng", "ceng"],
        "解": ["jie", "xie"], "朴": ["pu", "piao", "po"], "区": ["qu", "ou"],
        "仇": ["chou", "qiu"], "查": ["cha", "zha"], "乐": ["le", "yue", "lao"],
        "重": ["zhong", "chong"], "翟": ["zhai", "di"], "盖": ["gai", "ge"],
        "缪": ["miao", "mou", "miu"], "尉": ["wei", "yu"], "召": ["zhao", "shao"],
        "覃": ["tan", "qin"], "员": ["yuan", "yun"], "华": ["hua"], "折": ["zhe", "she"],
        "秘": ["mi", "bi"], "宿": ["su", "xiu"], "洗": ["xi", "xian"], "冼": ["xian", "xi"],
        "沈": ["shen", "chen"], "莘": ["shen", "xin"], "茌": ["chi"], "厦": ["xia", "sha"],
        "蚌": ["beng", "bang"], "六": ["liu", "lu"], "任": ["ren"], "都": ["du", "dou"],
        "行": ["xing", "hang"], "藏": ["zang", "cang"], "传": ["chuan", "zhuan"],
        "和": ["he", "huo", "hu"], "会": ["hui", "kuai"], "还": ["hai", "huan"],
        "参": ["can", "shen", "cen"], "大": ["da", "dai"], "柏": ["bai", "bo"],
        "薄": ["bo", "bao"], "万": ["wan", "mo"], "俟": ["qi", "si"],
        // Place names read differently from the everyday word.
        "番": ["fan", "pan"], "蔚": ["wei", "yu"], "铅": ["qian", "yan"], "莎": ["sha", "suo"],
        "浚": ["jun", "xun"], "涡": ["wo", "guo"], "筠": ["yun", "jun"], "歙": ["she", "xi"],
        "陂": ["pi", "bei", "po"], "荥": ["xing", "ying"], "枞": ["cong", "zong"],
        "阿": ["a", "e"], "埔": ["bu", "pu"], "堡": ["bao", "bu", "pu"], "洞": ["dong", "tong"],
        "台": ["tai"], "巷": ["xiang", "hang"], "郇": ["huan", "xun"], "蕃": ["fan", "bo"],
        "繁": ["fan", "po"], "句": ["ju", "gou"], "隗": ["wei", "kui"], "佴": ["nai", "er"],
        "贲": ["ben", "bi"], "祭": ["ji", "zhai"], "粘": ["nian", "zhan"], "谌": ["chen", "shen"],
        "种": ["zhong", "chong"], "朝": ["chao", "zhao"], "弄": ["nong", "long"],
        // Duty-room words with two everyday readings: 调度 (diao) and 调解 (tiao).
        "调": ["diao", "tiao"],
    ]
}
