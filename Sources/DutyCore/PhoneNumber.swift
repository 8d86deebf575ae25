import Foundation

public struct PhoneNumberError: Error, Equatable, Sendable {
    public let input: String
    /// Says what is wrong in words a duty officer can fix the number from.
    public let message: String

    public init(input: String, message: String) {
        self.input = input
        self.message = message
    }
}

/// Mainland China phone numbers as they appear in contact lists typed by hand: with full-width
/// digits from a Chinese IME, spaces, dots, brackets around the area code, "+86" in front and
/// "转" before an extension.
public enum PhoneNumber {
    /// Trims, converts full-width digits and symbols to ASCII, removes spaces, dots and
    /// parentheses; keeps a leading "+" and hyphens between digit groups. Anything else (letters,
    /// "转") is left for `validate` to judge.
    public static func normalize(_ raw: String) -> String {
        var scalars: [Unicode.Scalar] = []
        for scalar in raw.unicodeScalars {
            let s = asciiForm(scalar)
            if s.properties.isWhitespace || s == "." || s == "(" || s == ")" { continue }
            scalars.append(s)
        }
        var out = String.UnicodeScalarView()
        for (i, s) in scalars.enumerated() {
            switch s {
            case "+":
                if out.isEmpty { out.append(s) }
            case "-":
                // Only between digits: "0374--2961234" and "-0374" carry no grouping.
                let previousIsDigit = out.last.map(isDigit) ?? false
                let nextIsDigit = i + 1 < scalars.count && isDigit(scalars[i + 1])
                if previousIsDigit && nextIsDigit { out.append(s) }
            default:
                out.append(s)
            }
        }
        return String(out)
    }

    /// Digits only, for fragment search ("0374-2961234" → "03742961234").
    public static func digits(_ s: String) -> String {
        String(String.UnicodeScalarView(s.unicodeScalars.map(asciiForm).filter(isDigit)))
    }

    /// Accepts mainland mobile numbers (1[3-9] + 9 digits, optionally after +86 / 86 / 0086),
    /// landlines with area code (0 + 2–3 digits, optional "-", 7–8 digits, optional extension
    /// after "-" or "转", 1–6 digits), and emergency and service numbers (110, 112, 119, 120,
    /// 122, 12345, 12350, 12119 forest fire, 12395 water rescue, 95xxx, 400/800 + 7 digits).
    ///
    /// The normalized result is canonical so the same number typed two ways compares equal:
    /// mobile "13800138000", landline "0374-2961234" or "0374-2961234转801", service numbers as
    /// plain digits.
    public static func validate(_ raw: String) -> Result<String, PhoneNumberError> {
        let shown = raw.trimmingCharacters(in: .whitespacesAndNewlines)
        func fail(_ problem: String) -> Result<String, PhoneNumberError> {
            .failure(PhoneNumberError(input: raw, message: "电话号码“\(shown)”\(problem)"))
        }

        var body = normalize(raw)
        if body.isEmpty {
            return .failure(PhoneNumberError(input: raw, message: "电话号码为空"))
        }
        var international = false
        for prefix in ["+86", "0086"] where body.hasPrefix(prefix) {
            body = String(body.dropFirst(prefix.count))
            if body.hasPrefix("-") { body.removeFirst() }
            international = true
        }
        if body.hasPrefix("+") || body.hasPrefix("00") {
            return fail("不是中国大陆号码：只支持+86开头的境外写法")
        }
        if let bad = body.first(where: { !($0.isASCII && $0.isNumber) && $0 != "-" && $0 != "转" }) {
            return fail("含有无法识别的字符“\(bad)”")
        }

        let parts = body.split(separator: "转", omittingEmptySubsequences: false).map(String.init)
        if parts.count > 2 {
            return fail("含有多个“转”：分机号只能有一个")
        }
        var groups = parts[0].split(separator: "-").map(String.init)
        var digitsOnly = groups.joined()
        var ext = parts.count == 2 ? parts[1].replacingOccurrences(of: "-", with: "") : nil
        if digitsOnly.isEmpty {
            return fail("没有数字")
        }

        if !international && ext == nil && isServiceNumber(digitsOnly) {
            return .success(digitsOnly)
        }

        // "86" typed without the plus, as contact exports often do.
        if !international && digitsOnly.count == 13 && digitsOnly.hasPrefix("861") {
            digitsOnly.removeFirst(2)
            groups = [digitsOnly]
        }

        // Beijing from abroad is +86-10-…, the one area code that starts like a mobile number.
        if digitsOnly.hasPrefix("1") && !(international && digitsOnly.hasPrefix("10")) {
            if ext != nil {
                return fail("有误：手机号不能带分机号")
            }
            if digitsOnly.count != 11 {
                return fail("位数不对：手机号应为11位数字")
            }
            let second = digitsOnly[digitsOnly.index(after: digitsOnly.startIndex)]
            guard ("3"..."9").contains(second) else {
                return fail("不是有效的手机号：第2位应为3到9")
            }
            return .success(digitsOnly)
        }

        // +86 replaces the trunk prefix 0 of the area code (+86-374-2961234), though people
        // also write "+86 (0)374 …" and that is just as clear.
        if international && !digitsOnly.hasPrefix("0") {
            groups[0] = "0" + groups[0]
            digitsOnly = "0" + digitsOnly
        }

        guard digitsOnly.hasPrefix("0") else {
            if (7...8).contains(digitsOnly.count) {
                return fail("缺少区号：固定电话应写成“区号-号码”，如0374-2961234")
            }
            return fail("不是可识别的手机号、固定电话或服务号码")
        }

        // A trailing group after a complete number is an extension: 0374-2961234-801, but not
        // the 1234 of 010-8888-1234.
        if ext == nil, groups.count >= 3, let last = groups.last, (1...6).contains(last.count),
            (10...12).contains(digitsOnly.count - last.count)
        {
            ext = groups.removeLast()
            digitsOnly = groups.joined()
        }

        let area: String
        let local: String
        if groups.count > 1 && groups[0].count <= 4 {
            area = groups[0]
            local = groups.dropFirst().joined()
        } else {
            // Without a hyphen after the area code ("(010)8888-1234" loses its brackets) the
            // split follows the numbering plan: 010 and 02x are the only three-digit codes.
            let areaLength = digitsOnly.hasPrefix("01") || digitsOnly.hasPrefix("02") ? 3 : 4
            area = String(digitsOnly.prefix(areaLength))
            local = String(digitsOnly.dropFirst(areaLength))
        }

        guard (3...4).contains(area.count) else {
            return fail("区号不对：区号应为0加2到3位数字，如010、0374")
        }
        guard (7...8).contains(local.count) else {
            return fail("位数不对：区号后的号码应为7到8位数字")
        }
        if let ext {
            guard (1...6).contains(ext.count), ext.allSatisfy({ $0.isASCII && $0.isNumber }) else {
                return fail("分机号不对：分机号应为1到6位数字")
            }
            return .success(area + "-" + local + "转" + ext)
        }
        return .success(area + "-" + local)
    }

    /// The canonical form of a validated number as a tel: URI (RFC 3966), which is what a phone
    /// dials from a vCard: "tel:+86-374-2961234;ext=801", "tel:+86-13800138000",
    /// "tel:110;phone-context=+86". Nil when the number does not validate.
    static func telURI(_ raw: String) -> String? {
        guard case .success(let number) = validate(raw) else { return nil }
        if number.hasPrefix("1") && number.count == 11 {
            return "tel:+86-" + number
        }
        if number.hasPrefix("0") {
            let parts = number.split(separator: "转").map(String.init)
            var uri = "tel:+86-" + parts[0].dropFirst()
            if parts.count == 2 { uri += ";ext=" + parts[1] }
            return uri
        }
        // Short numbers only work inside the country, which RFC 3966 says with phone-context.
        return "tel:" + number + ";phone-context=+86"
    }

    static let emergencyAndServiceNumbers: Set<String> = [
        "110", "112", "119", "120", "122", "12345", "12350", "12119", "12395",
    ]

    static func isServiceNumber(_ digits: String) -> Bool {
        if emergencyAndServiceNumbers.contains(digits) { return true }
        if digits.count == 5 && digits.hasPrefix("95") { return true }
        if digits.count == 10 && (digits.hasPrefix("400") || digits.hasPrefix("800")) {
            return true
        }
        return false
    }

    static func isDigit(_ s: Unicode.Scalar) -> Bool { ("0"..."9").contains(s) }

    /// Full-width forms from a Chinese IME and the many dashes word processors substitute.
    static func asciiForm(_ s: Unicode.Scalar) -> Unicode.Scalar {
        switch s.value {
        case 0xFF01...0xFF5E: return Unicode.Scalar(s.value - 0xFEE0)!
        case 0x3000: return " "
        case 0x2010...0x2015, 0x2212, 0xFE63: return "-"
        case 0x3002: return "."  // 。 typed as a separator
        default: return s
        }
    }
}
