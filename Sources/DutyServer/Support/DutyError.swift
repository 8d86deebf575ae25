import DutyCore
import Vapor

/// An error a client can see: a stable code, an HTTP status and a message a duty officer can
/// act on. Each area names its own in an enum (`IncidentError`, `RosterError`, `DutyDeskError`,
/// `DirectoryError`, `AccountError`, `AccessError`); the error middleware renders any of them,
/// JSON `{"error": {"code", "message", "details"}}` under /api and a page elsewhere.
public protocol DutyFailure: AbortError, Sendable {
    var code: String { get }
    var status: HTTPResponseStatus { get }
    /// In Chinese, for the officer.
    var message: String { get }
    /// The fields at fault, for a form.
    var details: [DutyError.FieldProblem] { get }
}

extension DutyFailure {
    public var reason: String { message }
    public var details: [DutyError.FieldProblem] { [] }
    /// What the middleware renders.
    public var rendered: DutyError { DutyError(code, status, message, details: details) }
}

/// The rendered form of every failure, and the errors every area shares: what was typed is
/// wrong (422 `validation_failed` with the fields), or the record is not there for this actor.
public struct DutyError: DutyFailure {
    public let code: String
    public let status: HTTPResponseStatus
    public let message: String
    public var details: [FieldProblem]

    public struct FieldProblem: Content, Equatable, Sendable {
        public var row: Int?
        public var field: String?
        public var message: String
        public init(row: Int? = nil, field: String? = nil, message: String) {
            self.row = row
            self.field = field
            self.message = message
        }
    }

    public init(_ code: String, _ status: HTTPResponseStatus, _ message: String, details: [FieldProblem] = []) {
        self.code = code
        self.status = status
        self.message = message
        self.details = details
    }

    public static func notFound(_ what: String) -> DutyError { DutyError("not_found", .notFound, "未找到\(what)，或您无权查看") }
    public static func invalid(_ message: String, details: [FieldProblem] = []) -> DutyError {
        DutyError("validation_failed", .unprocessableEntity, message, details: details)
    }
    /// Every problem of a form at once, each with its field.
    public static func invalid(_ issues: FieldIssues) -> DutyError {
        invalid(issues.issues.map(\.message).joined(separator: "；"), details: issues.issues.map { FieldProblem(field: $0.field, message: $0.message) })
    }
    public static func invalid(_ issue: FieldIssue) -> DutyError { field(issue.field, issue.message) }
    public static func field(_ field: String, _ message: String) -> DutyError {
        DutyError("validation_failed", .unprocessableEntity, message, details: [FieldProblem(field: field, message: message)])
    }
    /// Two writes of the same record, caught by the database's unique index.
    public static let duplicate = DutyError("duplicate", .conflict, "与已有记录重复")
    public static let malformedJSON = DutyError("malformed_json", .badRequest, "请求内容不是有效的 JSON")
    public static let bodyTooLarge = DutyError("payload_too_large", .payloadTooLarge, "提交的内容超过 1 MiB 上限")
    public static let internalError = DutyError("internal_error", .internalServerError, "服务器内部错误，请稍后重试；若持续出现请联系管理员")
}

extension TextField {
    /// The text trimmed, or a 422 naming the field: for a form refused at its first problem.
    func accepted(_ value: String?) throws -> String { try checked(value).mapError(DutyError.invalid).get() }
}

/// Who may do what: signing in, the session, roles and units.
public enum AccessError: DutyFailure, CaseIterable {
    case unauthenticated, sessionExpired, forbidden, csrf, badCredentials
    case locked(until: Date)
    /// A wrong password with this many attempts left before the lock.
    case badCredentialsLeft(Int)
    /// Too many failures from one address: it waits, the accounts are not locked by it.
    case addressThrottled
    /// A write to another unit's record: a superior reads its subordinates' records, never
    /// writes them.
    case notOwnUnit(String)
    /// The State Council's holiday notice binds the whole country.
    case holidaysByNationalAdministrator

    public static var allCases: [AccessError] {
        [
            .unauthenticated, .sessionExpired, .forbidden, .csrf, .badCredentials, .locked(until: Date(timeIntervalSince1970: 0)),
            .badCredentialsLeft(3), .addressThrottled,
            .notOwnUnit("该记录"), .holidaysByNationalAdministrator,
        ]
    }

    public var code: String {
        switch self {
        case .unauthenticated: return "unauthenticated"
        case .sessionExpired: return "session_expired"
        case .forbidden, .holidaysByNationalAdministrator: return "forbidden"
        case .csrf: return "csrf_failed"
        case .badCredentials, .badCredentialsLeft: return "invalid_credentials"
        case .addressThrottled: return "too_many_attempts"
        case .locked: return "account_locked"
        case .notOwnUnit: return "not_own_unit"
        }
    }

    public var status: HTTPResponseStatus {
        switch self {
        case .unauthenticated, .sessionExpired, .badCredentials, .badCredentialsLeft: return .unauthorized
        case .addressThrottled: return .tooManyRequests
        case .forbidden, .csrf, .notOwnUnit, .holidaysByNationalAdministrator: return .forbidden
        case .locked: return .locked
        }
    }

    public var message: String {
        switch self {
        case .unauthenticated: return "请先登录"
        case .sessionExpired: return "登录已超时（30分钟无操作），请重新登录"
        case .forbidden: return "您的角色无权进行此操作"
        case .csrf: return "页面已过期或来源不明，请刷新页面后重试"
        case .badCredentials: return "用户名或密码错误"
        case .badCredentialsLeft(let n): return "用户名或密码错误，还可尝试\(n)次（连续\(LoginPolicy.standard.maxFailures)次错误将锁定15分钟）"
        case .addressThrottled: return "本机登录失败次数过多，请10分钟后再试；账号本身未被锁定，可在其他电脑登录"
        case .locked(let until): return "连续登录失败次数过多，账号已锁定至 \(ShanghaiTime.format(until))，请稍后再试或联系安全管理员解锁"
        case .notOwnUnit(let what): return "\(what)属于其他单位，只有本单位可以修改或办理；上级单位只能查看"
        case .holidaysByNationalAdministrator: return "国务院放假安排由应急管理部或省级单位的管理员录入"
        }
    }
}
