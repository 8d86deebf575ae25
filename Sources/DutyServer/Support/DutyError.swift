import DutyCore
import Vapor

/// Every error a client can see: a stable code, an HTTP status, and a message a duty
/// officer can act on. API responses carry {"error": {"code", "message"}}; pages show the message.
public struct DutyError: Error, AbortError, Sendable {
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

    public var reason: String { message }

    public static let unauthenticated = DutyError("unauthenticated", .unauthorized, "请先登录")
    public static let sessionExpired = DutyError("session_expired", .unauthorized, "登录已超时（30分钟无操作），请重新登录")
    public static let forbidden = DutyError("forbidden", .forbidden, "您的角色无权进行此操作")
    /// A write to another unit's record: a superior reads its subordinates' records, never
    /// writes them.
    public static func notOwnUnit(_ what: String) -> DutyError {
        DutyError("not_own_unit", .forbidden, "\(what)属于其他单位，只有本单位可以修改或办理；上级单位只能查看")
    }
    /// A workflow's refusal: the role (403), the unit (403), or the state (409).
    init(refusal r: ReportWorkflow.Refusal) {
        switch r.reason {
        case .role, .unit: self.init(r.code, .forbidden, r.message)
        case .state: self.init(r.code, .conflict, r.message)
        }
    }
    public static let csrf = DutyError("csrf_failed", .forbidden, "页面已过期或来源不明，请刷新页面后重试")
    public static func notFound(_ what: String) -> DutyError { DutyError("not_found", .notFound, "未找到\(what)，或您无权查看") }
    public static func invalid(_ message: String, details: [FieldProblem] = []) -> DutyError {
        DutyError("validation_failed", .unprocessableEntity, message, details: details)
    }
    /// Every problem of a form at once, each with its field.
    public static func invalid(_ issues: FieldIssues) -> DutyError {
        invalid(issues.issues.map(\.message).joined(separator: "；"), details: issues.issues.map { FieldProblem(field: $0.field, message: $0.message) })
    }
    public static func field(_ field: String, _ message: String) -> DutyError {
        DutyError("validation_failed", .unprocessableEntity, message, details: [FieldProblem(field: field, message: message)])
    }
    public static func conflict(_ code: String, _ message: String) -> DutyError { DutyError(code, .conflict, message) }
    public static let badCredentials = DutyError("invalid_credentials", .unauthorized, "用户名或密码错误")
    public static func locked(until: Date) -> DutyError {
        DutyError("account_locked", .locked, "连续登录失败次数过多，账号已锁定至 \(ShanghaiTimeFormat.string(until))，请稍后再试或联系安全管理员解锁")
    }
    public static let malformedJSON = DutyError("malformed_json", .badRequest, "请求内容不是有效的 JSON")
    public static let bodyTooLarge = DutyError("payload_too_large", .payloadTooLarge, "提交的内容超过 1 MiB 上限")
}

enum ShanghaiTimeFormat {
    static func string(_ d: Date) -> String { ShanghaiTime.format(d) }
}
