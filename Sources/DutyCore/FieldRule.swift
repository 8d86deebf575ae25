import Foundation

/// The format rules a form checks beside a field as soon as the officer leaves it: the page
/// asks the server (`POST /api/v1/field-checks`), which answers from here, so the words beside
/// the field are the words the save would refuse with.
public enum FieldRule: String, CaseIterable, Codable, Sendable {
    /// A landline, mobile or service number (`PhoneNumber`).
    case phone
    /// A GB/T 2260 code that exists.
    case division
    /// A new password for `username` (`PasswordPolicy.standard`).
    case password
    case email
    /// Roles for one account, comma-separated: 三员分立.
    case roles

    /// Why `value` is refused, or nil; empty is not this rule's concern (the form's required
    /// mark is). `normalized` is the value as it would be stored.
    public func check(_ value: String, username: String = "", divisions: DivisionRegistry) -> (problem: String?, normalized: String?) {
        let v = value.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !v.isEmpty else { return (nil, nil) }
        switch self {
        case .phone:
            switch PhoneNumber.validate(v) {
            case .success(let n): return (nil, n)
            case .failure(let e): return (e.message, nil)
            }
        case .division:
            return (Self.divisionProblem(v, divisions: divisions), nil)
        case .password:
            let problems = PasswordPolicy.standard.problems(password: value, username: username)
            return (problems.isEmpty ? nil : problems.joined(separator: "；"), nil)
        case .email:
            return (DirectoryRules.isPlausibleEmail(v) ? nil : DirectoryRules.emailProblem, nil)
        case .roles:
            var roles: [Role] = []
            for raw in v.split(separator: ",") {
                guard let r = Role(rawValue: raw.trimmingCharacters(in: .whitespaces)) else { return ("未知的角色：\(raw)", nil) }
                roles.append(r)
            }
            do {
                _ = try RoleSet(roles)
                return (nil, nil)
            } catch let e as RoleError {
                return (e.message, nil)
            } catch {
                return ("\(error)", nil)
            }
        }
    }

    /// A unit's division code: six digits, and in the code table.
    public static func divisionProblem(_ code: String, divisions: DivisionRegistry) -> String? {
        if !DivisionCode.isValid(code) { return "行政区划代码应为6位数字（GB/T 2260）" }
        if !divisions.contains(code) { return "行政区划代码 \(code) 不在 GB/T 2260 代码表中" }
        return nil
    }
}
