import Foundation

/// A directory entry's fields as entered (form, API or CSV row), before validation.
public struct PersonFields: Equatable, Sendable {
    public var name: String
    public var position: String
    public var officePhone: String
    public var mobile: String
    public var fax: String
    public var email: String
    public var category: String

    public init(
        name: String, position: String, officePhone: String = "", mobile: String = "", fax: String = "", email: String = "",
        category: String = EmploymentCategory.established.rawValue
    ) {
        self.name = name
        self.position = position
        self.officePhone = officePhone
        self.mobile = mobile
        self.fax = fax
        self.email = email
        self.category = category
    }
}

/// Every problem found in one entry.
public struct FieldIssues: Error, Equatable, Sendable {
    public let issues: [FieldIssue]
    public init(_ issues: [FieldIssue]) { self.issues = issues }
}

public struct FieldIssue: Error, Equatable, Sendable {
    public let field: String
    public let message: String
    public init(_ field: String, _ message: String) {
        self.field = field
        self.message = message
    }
}

/// What makes a directory entry usable in an emergency: a name, a post, a way to reach
/// the person, and numbers that can actually be dialled.
public enum DirectoryRules {
    public static let maxNameLength = 32
    public static let maxPositionLength = 64
    public static let maxUnitNameLength = 64
    public static let maxEmailLength = 128
    public static let emailProblem = "电子邮箱格式不对"

    /// The normalized fields, or every problem found.
    public static func validate(_ input: PersonFields) -> Result<PersonFields, FieldIssues> {
        var issues: [FieldIssue] = []
        var out = input
        out.name = input.name.trimmingCharacters(in: .whitespacesAndNewlines)
        out.position = input.position.trimmingCharacters(in: .whitespacesAndNewlines)
        if out.name.isEmpty { issues.append(FieldIssue("name", "姓名不能为空")) }
        if out.name.count > maxNameLength { issues.append(FieldIssue("name", "姓名过长（最多\(maxNameLength)个字）")) }
        if out.position.count > maxPositionLength { issues.append(FieldIssue("position", "职务过长（最多\(maxPositionLength)个字）")) }
        for (field, label, value) in [("officePhone", "办公电话", input.officePhone), ("mobile", "手机", input.mobile), ("fax", "传真", input.fax)] {
            let trimmed = value.trimmingCharacters(in: .whitespacesAndNewlines)
            if trimmed.isEmpty {
                switch field {
                case "officePhone": out.officePhone = ""
                case "mobile": out.mobile = ""
                default: out.fax = ""
                }
                continue
            }
            switch PhoneNumber.validate(trimmed) {
            case .success(let normalized):
                switch field {
                case "officePhone": out.officePhone = normalized
                case "mobile": out.mobile = normalized
                default: out.fax = normalized
                }
            case .failure(let e):
                issues.append(FieldIssue(field, "\(label)：\(e.message)"))
            }
        }
        if out.officePhone.isEmpty && out.mobile.isEmpty && !issues.contains(where: { $0.field == "officePhone" || $0.field == "mobile" }) {
            issues.append(FieldIssue("mobile", "办公电话和手机至少填写一个"))
        }
        out.email = input.email.trimmingCharacters(in: .whitespacesAndNewlines)
        if !out.email.isEmpty && !isPlausibleEmail(out.email) {
            issues.append(FieldIssue("email", emailProblem))
        }
        if let c = EmploymentCategory.fromTitle(input.category.trimmingCharacters(in: .whitespaces)) {
            out.category = c.rawValue
        } else {
            issues.append(FieldIssue("category", "人员类别应为：" + EmploymentCategory.allCases.map(\.title).joined(separator: "、")))
        }
        return issues.isEmpty ? .success(out) : .failure(FieldIssues(issues))
    }

    public static func isPlausibleEmail(_ s: String) -> Bool {
        guard s.count <= maxEmailLength, !s.contains(" ") else { return false }
        let parts = s.split(separator: "@", omittingEmptySubsequences: false)
        guard parts.count == 2, !parts[0].isEmpty, parts[1].contains("."), !parts[1].hasPrefix("."), !parts[1].hasSuffix(".") else { return false }
        return true
    }

    /// All phone digits of an entry, for fragment search.
    public static func phoneDigits(_ p: PersonFields) -> String {
        [p.officePhone, p.mobile, p.fax].map(PhoneNumber.digits).filter { !$0.isEmpty }.joined(separator: " ")
    }

    /// The CSV column that holds a `PersonFields` field, to name it in an import report.
    public static func csvColumn(for field: String) -> String {
        let columns = ["name": 0, "position": 1, "officePhone": 2, "mobile": 3, "fax": 4, "email": 5, "category": 6]
        return columns[field].map { csvHeader[$0] } ?? field
    }

    /// The CSV columns of import and export, in order.
    public static let csvHeader = ["姓名", "职务", "办公电话", "手机", "传真", "电子邮箱", "人员类别", "单位"]
}
