import Foundation

/// Password rules in the style of GB/T 22239 (等保) level 3: a minimum length, several character
/// classes, nothing guessable from the account name, no keyboard-mash runs.
public struct PasswordPolicy: Sendable {
    public var minLength: Int
    /// How many of the four classes (upper, lower, digit, symbol) must appear.
    public var requiredClasses: Int

    public static let standard = PasswordPolicy(minLength: 10, requiredClasses: 3)

    public init(minLength: Int, requiredClasses: Int) {
        self.minLength = minLength
        self.requiredClasses = requiredClasses
    }

    /// Problems in Chinese, one sentence each, empty when the password is acceptable. The
    /// messages never quote the password, because they end up on screens and in logs.
    public func problems(password: String, username: String) -> [String] {
        var problems: [String] = []
        let length = password.count
        if length < minLength {
            problems.append("密码长度至少为\(minLength)位，当前为\(length)位")
        }

        let classes = Self.characterClasses(of: password)
        if classes < requiredClasses {
            problems.append(
                "密码须包含大写字母、小写字母、数字、符号中的至少\(requiredClasses)类，当前只有\(classes)类")
        }

        // A one- or two-letter account name ("li") would forbid half of all passwords and adds
        // nothing an attacker could guess.
        let name = username.trimmingCharacters(in: .whitespacesAndNewlines).lowercased()
        if name.count >= 3 && password.lowercased().contains(name) {
            problems.append("密码不能包含用户名")
        }

        if Self.hasRun(password, length: 4) {
            problems.append("密码不能含有4位及以上的连续字符（如1234、abcd、4321）或重复字符（如aaaa）")
        }
        return problems
    }

    static func characterClasses(of password: String) -> Int {
        var upper = false
        var lower = false
        var digit = false
        var symbol = false
        for scalar in password.unicodeScalars {
            switch scalar {
            case "A"..."Z": upper = true
            case "a"..."z": lower = true
            case "0"..."9": digit = true
            default: symbol = true
            }
        }
        return [upper, lower, digit, symbol].filter { $0 }.count
    }

    /// True when `length` or more characters in a row are identical, or step by +1 or −1 within
    /// digits or within letters (case ignored): "aaaa", "1234", "abcd", "DCBA".
    static func hasRun(_ password: String, length: Int) -> Bool {
        let scalars = Array(password.lowercased().unicodeScalars)
        guard scalars.count >= length, length >= 2 else { return false }
        func isDigit(_ s: Unicode.Scalar) -> Bool { ("0"..."9").contains(s) }
        func isLetter(_ s: Unicode.Scalar) -> Bool { ("a"..."z").contains(s) }

        var same = 1
        var up = 1
        var down = 1
        for i in 1..<scalars.count {
            let a = scalars[i - 1]
            let b = scalars[i]
            let sameKind = (isDigit(a) && isDigit(b)) || (isLetter(a) && isLetter(b))
            let step = Int(b.value) - Int(a.value)
            same = a == b ? same + 1 : 1
            up = sameKind && step == 1 ? up + 1 : 1
            down = sameKind && step == -1 ? down + 1 : 1
            if same >= length || up >= length || down >= length { return true }
        }
        return false
    }
}
