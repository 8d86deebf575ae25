import Foundation

/// A field an officer types into: its name in the API, its title on the page, its limit, and
/// whether the form needs it. Each area lists its fields once (`ReportField`, `DutyLogField`,
/// `HandoverField`, `SwapField`, `AbsenceField`); the services check against the list and the
/// pages take their `maxlength` from it.
public protocol TextField: RawRepresentable, CaseIterable, Sendable where RawValue == String {
    var title: String { get }
    /// Characters, counted as the officer sees them.
    var maxLength: Int { get }
    /// A form that needs the field refuses it empty.
    var isRequired: Bool { get }
}

extension TextField {
    public var isRequired: Bool { false }

    /// Every limit by field name, for a page's inputs.
    public static var maxLengths: [String: Int] { Dictionary(uniqueKeysWithValues: allCases.map { ($0.rawValue, $0.maxLength) }) }

    /// The text trimmed, or why it is refused: too long, or empty where the form needs it.
    public func checked(_ value: String?) -> Result<String, FieldIssue> {
        let v = (value ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
        if v.count > maxLength { return .failure(FieldIssue(rawValue, "\(title)过长（最多\(maxLength)字，现为\(v.count)字）")) }
        if isRequired && v.isEmpty { return .failure(FieldIssue(rawValue, "请填写\(title)")) }
        return .success(v)
    }

    /// The text trimmed, or "" with the problem added to `issues`: for a form checked whole.
    public func checked(_ value: String?, into issues: inout [FieldIssue]) -> String {
        switch checked(value) {
        case .success(let t): return t
        case .failure(let issue):
            issues.append(issue)
            return ""
        }
    }
}

/// A call written into the duty log (值班日志).
public enum DutyLogField: String, TextField {
    case callerUnit, callerName, callerPosition, phone, content, handling, readBackBy

    public var title: String {
        switch self {
        case .callerUnit: return "来电单位"
        case .callerName: return "来电人"
        case .callerPosition: return "来电人职务"
        case .phone: return "来电号码"
        case .content: return "来电内容"
        case .handling: return "处理情况"
        case .readBackBy: return "校对人"
        }
    }

    public var maxLength: Int {
        switch self {
        case .callerUnit: return 100
        case .callerName, .callerPosition, .readBackBy: return 50
        case .phone: return 40
        case .content, .handling: return 4000
        }
    }
}

/// A shift's handover (交接班).
public enum HandoverField: String, TextField {
    /// 交接事项; `items` are the open matters handed on, one per line; `note` closes one;
    /// `standIn` is why someone not on the roster hands over, takes over or answers a roll call.
    case matters, items, note, standIn

    public var title: String {
        switch self {
        case .matters: return "交接事项"
        case .items: return "待办事项"
        case .note: return "办结说明"
        case .standIn: return "代班原因"
        }
    }

    public var maxLength: Int {
        switch self {
        case .matters: return 4000
        case .standIn: return 200
        default: return 500
        }
    }
}

/// A request to swap a shift of a filed roster (调班).
public enum SwapField: String, TextField {
    case reason, note

    public var title: String { self == .reason ? "调班理由" : "处理意见" }
    public var maxLength: Int { 500 }
}

/// A person's record in the directory beyond the card: training done, time away.
public enum PersonRecordField: String, TextField {
    /// `reason` is why the person is away (请假、外出、培训).
    case course, reason

    public var title: String { self == .course ? "培训内容" : "事由" }
    public var maxLength: Int { 200 }
    public var isRequired: Bool { self == .course }
}

/// A leader's absence reported to the superior (领导外出报备).
public enum AbsenceField: String, TextField {
    case personName, personPosition, reason, destination, deputyName, deputyPost, changeReason

    public var title: String {
        switch self {
        case .personName: return "外出领导姓名"
        case .personPosition: return "外出领导职务"
        case .reason: return "外出事由"
        case .destination: return "外出地点"
        case .deputyName: return "外出期间主持工作的负责同志姓名"
        case .deputyPost: return "主持工作负责同志的职务"
        case .changeReason: return "变更原因"
        }
    }

    public var maxLength: Int {
        switch self {
        case .personName, .personPosition, .deputyName, .deputyPost: return 50
        case .reason, .changeReason: return 500
        case .destination: return 200
        }
    }

    public var isRequired: Bool { self != .personPosition }
}
