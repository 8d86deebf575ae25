import DutyCore
import Fluent
import SQLKit
import Vapor
import XCTVapor
import XCTest

@testable import DutyServer

/// A clock a test can move forward.
final class MovableClock: @unchecked Sendable {
    private let lock = NSLock()
    private var current: Date
    init(_ start: Date) { current = start }
    var date: Date {
        lock.lock(); defer { lock.unlock() }
        return current
    }
    func advance(_ seconds: TimeInterval) {
        lock.lock(); current = current.addingTimeInterval(seconds); lock.unlock()
    }
    var clock: AppClock { AppClock { [self] in self.date } }
}

/// 2026-11-23 14:05:00 in Asia/Shanghai: the instant every test starts at.
let pinnedNow = Date(timeIntervalSince1970: 1_795_413_900)

/// The real `configure` on an in-memory SQLite database, or on PostgreSQL when
/// DUTYROOM_TEST_DATABASE_URL names one (then with a fresh schema for each test),
/// with the demo data loaded and the clock pinned.
final class TestApp {
    let app: Application
    let clock: MovableClock
    let isPostgres: Bool

    static var databaseURL: String? { ProcessInfo.processInfo.environment["DUTYROOM_TEST_DATABASE_URL"] }

    private init(app: Application, clock: MovableClock, isPostgres: Bool) {
        self.app = app
        self.clock = clock
        self.isPostgres = isPostgres
    }

    /// `fresh: false` joins the database another TestApp made (a second instance on PostgreSQL).
    static func make(demo: Bool = true, jobs: Bool = false, clock liveClock: AppClock? = nil, webhook: URL? = nil, fresh: Bool = true) async throws -> TestApp {
        let app = try await Application.make(.testing)
        let clock = MovableClock(pinnedNow)
        var config = AppConfig(database: .sqliteMemory, logLevel: .warning)
        var isPG = false
        if let url = databaseURL {
            config.database = try AppConfig.parseDatabaseURL(url)
            isPG = true
        }
        config.bcryptCost = 4
        config.runJobs = jobs
        config.notifyWebhookURL = webhook
        do {
            try await configure(app, config: config, clock: liveClock ?? clock.clock)
            if isPG && fresh {
                let sql = app.db as! any SQLDatabase
                try await sql.raw("DROP SCHEMA IF EXISTS public CASCADE").run()
                try await sql.raw("CREATE SCHEMA public").run()
            }
            if fresh { try await app.autoMigrate() }
            if demo && fresh { _ = try await DemoData.load(app: app, now: liveClock?.now() ?? clock.date) }
            if jobs { try await app.asyncBoot() }
        } catch {
            try? await app.asyncShutdown()
            throw error
        }
        return TestApp(app: app, clock: clock, isPostgres: isPG)
    }

    func shutdown() async throws { try await app.asyncShutdown() }

    struct Reply {
        let status: HTTPResponseStatus
        let headers: HTTPHeaders
        let body: ByteBuffer
        var text: String { String(buffer: body) }
        var json: Any? { try? JSONSerialization.jsonObject(with: Data(buffer: body), options: [.fragmentsAllowed]) }
        var object: [String: Any] { json as? [String: Any] ?? [:] }
        var array: [[String: Any]] { json as? [[String: Any]] ?? [] }
        var errorCode: String? { (object["error"] as? [String: Any])?["code"] as? String }
        var errorMessage: String? { (object["error"] as? [String: Any])?["message"] as? String }
        func decode<T: Decodable>(_ t: T.Type) throws -> T { try JSONCoders.decoder.decode(T.self, from: Data(buffer: body)) }
    }

    func send(_ method: HTTPMethod, _ path: String, token: String? = nil, json: Any? = nil, raw: ByteBuffer? = nil, contentType: HTTPMediaType? = nil, headers extra: HTTPHeaders = [:], overHTTP: Bool = false) async throws -> Reply {
        var headers = extra
        if let token { headers.bearerAuthorization = BearerAuthorization(token: token) }
        var body: ByteBuffer?
        if let json {
            body = ByteBuffer(data: try JSONSerialization.data(withJSONObject: json))
            headers.contentType = .json
        } else if let raw {
            body = raw
            if let contentType { headers.contentType = contentType }
        }
        // In memory the body arrives whole; the size limit is only seen over a real socket.
        let tester = overHTTP ? try app.testable(method: .running(port: 0)) : try app.testable()
        let res = try await tester.sendRequest(method, path, headers: headers, body: body)
        return Reply(status: res.status, headers: res.headers, body: res.body)
    }

    /// Logs in through the API and returns the bearer token.
    func login(_ username: String, password: String = DemoData.password) async throws -> String {
        let r = try await send(.POST, "/api/v1/auth/login", json: ["username": username, "password": password])
        guard r.status == .ok, let token = r.object["token"] as? String else {
            throw TestFailure("login \(username) failed: \(r.status) \(r.text)")
        }
        return token
    }

    func unitID(code: String) async throws -> String {
        guard let u = try await OrgUnit.query(on: app.db).filter(\.$code == code).first() else { throw TestFailure("no unit \(code)") }
        return u.id!.uuidString
    }

    func unitID(name: String) async throws -> String {
        guard let u = try await OrgUnit.query(on: app.db).filter(\.$name == name).first() else { throw TestFailure("no unit \(name)") }
        return u.id!.uuidString
    }

    func personID(name: String) async throws -> String {
        guard let p = try await Person.query(on: app.db).filter(\.$name == name).first() else { throw TestFailure("no person \(name)") }
        return p.id!.uuidString
    }

    func count<M: Model>(_ m: M.Type) async throws -> Int { try await M.query(on: app.db).count() }

    func auditEntries(action: String) async throws -> [AuditEntry] {
        try await AuditEntry.query(on: app.db).filter(\.$action == action).sort(\.$id).all()
    }
}

struct TestFailure: Error, CustomStringConvertible {
    let description: String
    init(_ d: String) { description = d }
}

/// Runs a test body against a fresh app and always shuts it down.
func withApp(demo: Bool = true, _ body: (TestApp) async throws -> Void) async throws {
    let t = try await TestApp.make(demo: demo)
    do {
        try await body(t)
    } catch {
        try? await t.shutdown()
        throw error
    }
    try await t.shutdown()
}

extension TestApp {
    /// A road accident at 13:50 Shanghai, 15 minutes before the pinned now, 2 dead, 3 injured.
    func firstReport(token: String, place: String, extra: [String: Any] = [:]) async throws -> TestApp.Reply {
        var body: [String: Any] = [
            "kindId": "road_transport_accident", "placeUnitId": place, "placeDetail": "许由路与魏武大道交叉口",
            "occurredAt": "2026-11-23T05:50:00Z", "sourceChannel": "phone", "event": "一起两车相撞的道路交通事故",
            "dead": 2, "injured": 3, "measures": "交警、消防、120已赶赴现场救援",
        ]
        for (k, v) in extra { body[k] = v }
        return try await send(.POST, "/api/v1/incidents", token: token, json: body)
    }

    func reportID(_ r: TestApp.Reply) -> String? {
        ((r.object["reports"] as? [[String: Any]])?.first)?["id"] as? String
    }

    /// Logs in through the login form; returns the session cookie header and the page CSRF token.
    func webLogin(_ username: String) async throws -> (HTTPHeaders, String) {
        let page = try await send(.GET, "/login")
        let token = try XCTUnwrap(AuthTests.hiddenCSRF(page.text))
        var h = HTTPHeaders()
        h.cookie = HTTPCookies(dictionaryLiteral: (SessionCookie.loginCSRF, .init(string: token)))
        let r = try await send(.POST, "/login", raw: ByteBuffer(string: "username=\(username)&password=Duty%23Room2026&_csrf=\(token)"), contentType: .urlEncodedForm, headers: h)
        let session = try XCTUnwrap(r.headers.setCookie?[SessionCookie.name]?.string)
        var s = HTTPHeaders()
        s.cookie = HTTPCookies(dictionaryLiteral: (SessionCookie.name, .init(string: session)))
        let home = try await send(.GET, "/", headers: s)
        return (s, try XCTUnwrap(AuthTests.hiddenCSRF(home.text)))
    }

    /// Uploads one file as a browser form would (multipart/form-data, field `file`).
    func upload(_ incident: String, token: String, fileName: String, bytes: [UInt8]) async throws -> TestApp.Reply {
        let boundary = "----dutyroom\(UUID().uuidString)"
        var body = ByteBuffer()
        body.writeString("--\(boundary)\r\nContent-Disposition: form-data; name=\"file\"; filename=\"\(fileName)\"\r\nContent-Type: application/octet-stream\r\n\r\n")
        body.writeBytes(bytes)
        body.writeString("\r\n--\(boundary)--\r\n")
        return try await send(
            .POST, "/api/v1/incidents/\(incident)/attachments", token: token, raw: body,
            contentType: HTTPMediaType(type: "multipart", subType: "form-data", parameters: ["boundary": boundary]))
    }

    /// A 普通信息 record of the token's unit with one PDF attached; returns (incident, attachment).
    func generalInformationWithAttachment(token: String, place: String) async throws -> (String, String) {
        let info = try await firstReport(token: token, place: place, extra: ["infoType": "general"])
        let incident = try XCTUnwrap(info.object["id"] as? String)
        let up = try await upload(incident, token: token, fileName: "情况说明.pdf", bytes: Array("%PDF-1.7\n情况说明".utf8))
        XCTAssertEqual(up.status, .created, up.text)
        return (incident, try XCTUnwrap(up.object["id"] as? String))
    }

}
