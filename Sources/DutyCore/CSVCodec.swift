import Foundation

public enum TextEncodingDetected: String, Sendable {
    case utf8, utf8BOM, gb18030
}

/// Uploaded rosters and contact lists come from Excel on Chinese Windows, which saves “CSV” as
/// GB18030 (GBK) unless told otherwise, and from everything else as UTF-8.
public enum TextDecoding {
    /// GB18030: kCFStringEncodingGB_18030_2000 (0x0632) in NSStringEncoding form, which
    /// `String.Encoding` has no named constant for.
    static let gb18030 = String.Encoding(rawValue: 0x8000_0632)

    /// UTF-8 (with the BOM stripped) when the bytes are valid UTF-8, else GB18030, else nil.
    /// UTF-8 is tried first because GB18030 accepts most byte sequences that valid UTF-8 Chinese
    /// consists of, while GBK text is almost never valid UTF-8.
    public static func decode(_ bytes: [UInt8]) -> (text: String, encoding: TextEncodingDetected)? {
        let bom: [UInt8] = [0xEF, 0xBB, 0xBF]
        if bytes.starts(with: bom) {
            return String(validating: bytes.dropFirst(3), as: UTF8.self).map { ($0, .utf8BOM) }
        }
        if let text = String(validating: bytes, as: UTF8.self) {
            return (text, .utf8)
        }
        if let text = String(bytes: bytes, encoding: gb18030) {
            return (text, .gb18030)
        }
        return nil
    }
}

public struct CSVError: Error, Equatable, Sendable {
    /// The physical line (1-based) where the problem starts, as a text editor numbers it.
    public let line: Int
    public let message: String

    public init(line: Int, message: String) {
        self.line = line
        self.message = message
    }
}

public enum CSV {
    /// RFC 4180: fields separated by ",", optional double-quoted fields with "" escaping,
    /// newlines inside quotes, CRLF or LF line ends. A trailing newline does not make an empty
    /// row, and blank lines (empty or only spaces/tabs) are skipped, since spreadsheets leave
    /// them behind. A leading BOM is ignored.
    public static func parse(_ text: String) throws -> [[String]] {
        var rows: [[String]] = []
        var row: [String] = []
        var field = String.UnicodeScalarView()
        var fieldWasQuoted = false
        var line = 1

        enum State { case fieldStart, unquoted, quoted, quoteInQuoted }
        var state = State.fieldStart
        var quoteLine = 1

        var scalars = Array(text.unicodeScalars)
        if scalars.first == "\u{FEFF}" { scalars.removeFirst() }

        func endField() {
            row.append(String(field))
            field = String.UnicodeScalarView()
        }
        func endRow() {
            endField()
            let isBlank =
                row.count == 1 && !fieldWasQuoted
                && row[0].unicodeScalars.allSatisfy { $0 == " " || $0 == "\t" }
            if !isBlank { rows.append(row) }
            row = []
            fieldWasQuoted = false
        }

        var i = 0
        while i < scalars.count {
            let c = scalars[i]
            // CRLF counts as one line end; a lone CR (old Mac files) counts as one too.
            let isNewline = c == "\n" || c == "\r"
            let newlineWidth = (c == "\r" && i + 1 < scalars.count && scalars[i + 1] == "\n") ? 2 : 1

            switch state {
            case .fieldStart, .unquoted:
                if c == "," {
                    endField()
                    state = .fieldStart
                } else if isNewline {
                    endRow()
                    line += 1
                    state = .fieldStart
                    i += newlineWidth
                    continue
                } else if c == "\"" && state == .fieldStart {
                    state = .quoted
                    fieldWasQuoted = true
                    quoteLine = line
                } else {
                    // A stray quote inside an unquoted field is kept as text, which is what
                    // Excel does with 5"屏幕.
                    field.append(c)
                    state = .unquoted
                }
            case .quoted:
                if c == "\"" {
                    state = .quoteInQuoted
                } else {
                    if isNewline {
                        line += 1
                        if newlineWidth == 2 {
                            field.append(c)
                            field.append(scalars[i + 1])
                            i += 2
                            continue
                        }
                    }
                    field.append(c)
                }
            case .quoteInQuoted:
                if c == "\"" {
                    field.append("\"")
                    state = .quoted
                } else if c == "," {
                    endField()
                    state = .fieldStart
                } else if isNewline {
                    endRow()
                    line += 1
                    state = .fieldStart
                    i += newlineWidth
                    continue
                } else {
                    throw CSVError(line: line, message: "第\(line)行：引号后面多了字符“\(Character(c))”，字段内的引号应写成两个引号（\"\"）")
                }
            }
            i += 1
        }

        switch state {
        case .quoted:
            throw CSVError(line: quoteLine, message: "第\(quoteLine)行：引号未闭合")
        case .fieldStart where row.isEmpty && field.isEmpty && !fieldWasQuoted:
            // Text ended right after a line end: no further row.
            break
        default:
            endRow()
        }
        return rows
    }

    /// Excel-friendly: UTF-8 with BOM (when `bom` is true; without it Excel on Chinese Windows
    /// reads the file as GBK and shows mojibake), CRLF line ends, fields quoted when they contain
    /// , " CR LF or leading/trailing spaces. A field starting with = or @, or with + or -
    /// followed by a non-digit, would run as a formula in Excel, so it is prefixed with a single
    /// quote; "+8613800000000" and "-5" are left alone because phone numbers and negative numbers
    /// are legitimate data.
    public static func encode(_ rows: [[String]], bom: Bool = true) -> [UInt8] {
        var out = ""
        for row in rows {
            out += row.map(encodeField).joined(separator: ",")
            out += "\r\n"
        }
        return (bom ? [0xEF, 0xBB, 0xBF] : []) + Array(out.utf8)
    }

    static func encodeField(_ raw: String) -> String {
        var field = raw
        if startsFormula(field) { field = "'" + field }
        let needsQuotes =
            field.unicodeScalars.contains { $0 == "," || $0 == "\"" || $0 == "\r" || $0 == "\n" }
            || field.hasPrefix(" ") || field.hasSuffix(" ")
        guard needsQuotes else { return field }
        return "\"" + field.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }

    static func startsFormula(_ field: String) -> Bool {
        let scalars = field.unicodeScalars
        guard let first = scalars.first else { return false }
        switch first {
        case "=", "@", "\t", "\r":
            // Tab and CR are on OWASP's list too: Excel skips them and then evaluates the rest.
            return true
        case "+", "-":
            let next = scalars.dropFirst().first
            return next.map { !("0"..."9").contains($0) } ?? false
        default:
            return false
        }
    }
}
