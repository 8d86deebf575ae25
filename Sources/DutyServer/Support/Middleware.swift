import DutyCore
import Foundation
import Leaf
import Prometheus
import Vapor

/// Renders every error once: JSON `{"error": {"code", "message"}}` under /api, a page elsewhere.
struct DutyErrorMiddleware: AsyncMiddleware {
    let environment: Environment

    struct Body: Content {
        struct Inner: Content {
            var code: String
            var message: String
            var details: [DutyError.FieldProblem]?
        }
        var error: Inner
    }

    func respond(to req: Request, chainingTo next: any AsyncResponder) async throws -> Response {
        do {
            return try await next.respond(to: req)
        } catch {
            let e = Self.classify(error)
            if e.status == .internalServerError {
                req.logger.report(error: error)
            }
            if req.isAPI || !req.wantsHTML {
                let res = Response(status: e.status)
                try res.content.encode(Body(error: .init(code: e.code, message: e.message, details: e.details.isEmpty ? nil : e.details)), as: .json)
                return res
            }
            struct ErrorView: Encodable {
                let code: String
                let message: String
                let status: UInt
            }
            return try await req.page("error", title: "出错了", nav: "", ErrorView(code: e.code, message: e.message, status: e.status.code), status: e.status)
        }
    }

    static func classify(_ error: any Error) -> DutyError {
        switch error {
        case let e as any DutyFailure:
            return e.rendered
        case let e as DecodingError:
            return decoding(e)
        case let e as any AbortError:
            switch e.status {
            case .payloadTooLarge: return .bodyTooLarge
            case .notFound: return DutyError("not_found", .notFound, "页面或接口不存在")
            case .methodNotAllowed: return DutyError("method_not_allowed", .methodNotAllowed, "不支持此请求方法")
            case .unsupportedMediaType: return DutyError("unsupported_media_type", .unsupportedMediaType, "不支持的内容类型，请用 JSON")
            case .badRequest where e.reason.contains("form-urlencoded"):
                return DutyError("validation_failed", .unprocessableEntity, "查询参数或表单格式不对")
            case .badRequest where e.reason.lowercased().contains("json") || e.reason.contains("decode"):
                return .malformedJSON
            default: return DutyError("http_\(e.status.code)", e.status, e.reason)
            }
        default:
            if String(describing: error).contains("UNIQUE") || String(describing: error).contains("duplicate key") {
                return .duplicate
            }
            return .internalError
        }
    }

    static func decoding(_ e: DecodingError) -> DutyError {
        func name(_ path: [any CodingKey]) -> String {
            path.map { $0.intValue.map { "[\($0)]" } ?? $0.stringValue }.joined(separator: ".")
        }
        switch e {
        case .dataCorrupted(let c) where c.codingPath.isEmpty:
            return .malformedJSON
        case .dataCorrupted(let c):
            return .field(name(c.codingPath), "字段 \(name(c.codingPath)) 的值无效")
        case .keyNotFound(let key, let c):
            let field = name(c.codingPath + [key])
            return .field(field, "缺少必填字段 \(field)")
        case .typeMismatch(_, let c):
            return .field(name(c.codingPath), "字段 \(name(c.codingPath)) 的类型不对")
        case .valueNotFound(_, let c):
            return .field(name(c.codingPath), "字段 \(name(c.codingPath)) 不能为空")
        @unknown default:
            return .malformedJSON
        }
    }
}

/// Text with a NUL character is refused in one place: PostgreSQL cannot store it and SQLite
/// would, so letting it through would make the two databases disagree.
///
/// The simple middlewares here are future-based: an async one costs every request a task and
/// two thread hops even when it awaits nothing.
struct ControlCharacterMiddleware: Middleware {
    static let refusal = DutyError("validation_failed", .unprocessableEntity, "内容含有不允许的控制字符（NUL），请删除后重试")

    func respond(to req: Request, chainingTo next: any Responder) -> EventLoopFuture<Response> {
        if let query = req.url.query, query.contains("%00") { return req.eventLoop.makeFailedFuture(Self.refusal) }
        if req.url.path.contains("%00") { return req.eventLoop.makeFailedFuture(Self.refusal) }
        guard let type = req.headers.contentType, req.method != .GET,
            type == .json || type == .urlEncodedForm || type.type == "multipart"
        else { return next.respond(to: req) }
        let collected = req.body.data == nil ? req.body.collect(max: 1 << 20).map { _ in () } : req.eventLoop.makeSucceededVoidFuture()
        return collected.flatMap {
            if let data = req.body.data, Self.containsNUL(data, json: type == .json, form: type == .urlEncodedForm) {
                return req.eventLoop.makeFailedFuture(Self.refusal)
            }
            return next.respond(to: req)
        }
    }

    /// A raw NUL byte, or its escape: `\u0000` (any case) in JSON, `%00` in a form.
    static func containsNUL(_ buffer: ByteBuffer, json: Bool, form: Bool) -> Bool {
        guard json || form else { return false }
        let bytes = Array(buffer.readableBytesView)
        if bytes.contains(0) { return true }
        let pattern: [UInt8] = json ? Array("\\u0000".utf8) : Array("%00".utf8)
        guard bytes.count >= pattern.count else { return false }
        for start in 0...(bytes.count - pattern.count) where bytes[start] == pattern[0] {
            var i = 1
            while i < pattern.count, bytes[start + i] | (json && i == 1 ? 0x20 : 0) == pattern[i] { i += 1 }
            if i == pattern.count { return true }
        }
        return false
    }
}

struct SecurityHeadersMiddleware: Middleware {
    func respond(to req: Request, chainingTo next: any Responder) -> EventLoopFuture<Response> {
        next.respond(to: req).map { res in
            res.headers.replaceOrAdd(name: "X-Content-Type-Options", value: "nosniff")
            res.headers.replaceOrAdd(name: "X-Frame-Options", value: "DENY")
            res.headers.replaceOrAdd(name: "Referrer-Policy", value: "same-origin")
            if res.headers.contentType == .html {
                res.headers.replaceOrAdd(
                    name: "Content-Security-Policy",
                    value: "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; frame-ancestors 'none'; form-action 'self'")
                res.headers.replaceOrAdd(name: "Cache-Control", value: "no-store")
            }
            return res
        }
    }
}

/// Request counts and durations for /metrics, on a registry owned by the application so
/// that several applications in one test process do not share counters.
final class Metrics: @unchecked Sendable {
    let registry = PrometheusCollectorRegistry()

    func observe(method: String, route: String, status: UInt, duration: Duration) {
        registry.makeCounter(name: "dutyroom_http_requests_total", labels: [("method", method), ("route", route), ("status", String(status))]).increment()
        registry.makeDurationHistogram(
            name: "dutyroom_http_request_duration_seconds", labels: [("method", method), ("route", route)],
            buckets: [.milliseconds(5), .milliseconds(10), .milliseconds(25), .milliseconds(50), .milliseconds(100), .milliseconds(250), .seconds(1)]
        ).record(duration)
    }

    func render() -> String {
        var buffer: [UInt8] = []
        registry.emit(into: &buffer)
        return String(decoding: buffer, as: UTF8.self)
    }
}

extension Application {
    private struct MetricsKey: StorageKey { typealias Value = Metrics }
    var metrics: Metrics { service(MetricsKey.self) { Metrics() } }
}

struct MetricsMiddleware: Middleware {
    func respond(to req: Request, chainingTo next: any Responder) -> EventLoopFuture<Response> {
        let start = ContinuousClock.now
        let metrics = req.application.metrics
        @Sendable func finish(_ status: HTTPResponseStatus) {
            let route = req.route.map { "/" + $0.path.map(\.description).joined(separator: "/") } ?? "unmatched"
            metrics.observe(method: req.method.rawValue, route: route, status: status.code, duration: ContinuousClock.now - start)
        }
        return next.respond(to: req).always { result in
            switch result {
            case .success(let res): finish(res.status)
            case .failure(let error): finish(DutyErrorMiddleware.classify(error).status)
            }
        }
    }
}

/// `#csrf()` in a form: the hidden field that SessionMiddleware checks.
struct CSRFTag: UnsafeUnescapedLeafTag {
    func render(_ ctx: LeafContext) throws -> LeafData {
        let token = ctx.request?.actor?.session.csrfToken ?? ""
        return .string("<input type=\"hidden\" name=\"_csrf\" value=\"\(token)\">")
    }
}

/// `#shanghai(date)`: a stored UTC instant shown in Asia/Shanghai.
struct ShanghaiTag: LeafTag {
    func render(_ ctx: LeafContext) throws -> LeafData {
        guard let v = ctx.parameters.first, let d = v.double else { return .string("") }
        return .string(ShanghaiTime.format(Date(timeIntervalSince1970: d)))
    }
}
