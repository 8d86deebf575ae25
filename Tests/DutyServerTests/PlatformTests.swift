import DutyCore
import Fluent
import SQLKit
import Vapor
import XCTest

@testable import DutyServer

final class PlatformTests: XCTestCase {
    func testConfigurationReadsTheEnvironmentAndRejectsBadValues() throws {
        let c = try AppConfig.fromEnvironment(["HOST": "0.0.0.0", "PORT": "9090", "DATABASE_URL": "postgres://u:p@db.local:5432/duty", "LOG_LEVEL": "debug"])
        XCTAssertEqual(c.host, "0.0.0.0")
        XCTAssertEqual(c.port, 9090)
        XCTAssertEqual(c.logLevel, .debug)
        XCTAssertFalse(c.database.isSQLite)
        XCTAssertEqual(try AppConfig.fromEnvironment([:]).database, .sqliteFile("dutyroom.sqlite"))
        XCTAssertEqual(
            try AppConfig.fromEnvironment(["DATABASE_URL": "sqlite:///var/lib/dutyroom/x.sqlite"]).database, .sqliteFile("/var/lib/dutyroom/x.sqlite"))
        for (k, v) in [("PORT", "abc"), ("PORT", "70000"), ("DATABASE_URL", "mysql://x"), ("LOG_LEVEL", "loud"), ("DUTYROOM_FIXED_NOW", "tomorrow")] {
            XCTAssertThrowsError(try AppConfig.fromEnvironment([k: v])) { e in
                XCTAssertTrue("\(e)".contains(k), "\(e)")
            }
        }
    }

    func testEverySQLiteConnectionIsDurableAndConcurrent() async throws {
        try await withFileApp(migrate: false) { app, _ in
            XCTAssertGreaterThan(app.eventLoopGroup.makeIterator().map { $0 }.count, 1, "the test needs several connections to mean anything")
            let v1 = Set(try await SQLiteSettings.read(app, "journal_mode"))
            XCTAssertEqual(v1, ["wal"])
            let v2 = Set(try await SQLiteSettings.read(app, "synchronous"))
            XCTAssertEqual(v2, ["2"], "FULL on every connection")
            let v3 = Set(try await SQLiteSettings.read(app, "busy_timeout"))
            XCTAssertEqual(v3, ["5000"])
            let v4 = Set(try await SQLiteSettings.read(app, "foreign_keys"))
            XCTAssertEqual(v4, ["1"])
            let v5 = Set(try await SQLiteSettings.read(app, "temp_store"))
            XCTAssertEqual(v5, ["2"], "savepoint journals in memory")
        }
    }

    func testHealthAndMetrics() async throws {
        try await withApp(demo: false) { t in
            let h = try await t.get("/healthz", token: nil, as: HealthController.Health.self)
            XCTAssertEqual(h.database, "ok")
            XCTAssertEqual(h.time, iso("2026-11-23T06:05:00Z"), "the injected clock")
            _ = try await t.send(.GET, "/api/v1/me")
            let m = try await t.send(.GET, "/metrics")
            XCTAssertEqual(m.status, .ok)
            XCTAssertTrue(m.text.contains("# TYPE dutyroom_http_requests_total counter"))
            XCTAssertTrue(m.text.contains("dutyroom_http_requests_total{method=\"GET\",route=\"/api/v1/me\",status=\"401\"} 1"), m.text)
            XCTAssertTrue(m.text.contains("dutyroom_http_request_duration_seconds_bucket"))
        }
    }

    func testErrorsHaveAStableShape() async throws {
        try await withApp(demo: false) { t in
            let r = try await t.send(.GET, "/api/v1/nothing-here")
            XCTAssertEqual(r.status, .notFound)
            XCTAssertEqual(r.errorCode, "not_found")
            XCTAssertNotNil(r.errorMessage)
            let page = try await t.send(.GET, "/nothing-here")
            XCTAssertEqual(page.status, .notFound)
            XCTAssertTrue(page.text.contains("<html lang=\"zh-CN\""))
            XCTAssertTrue(page.text.contains("页面或接口不存在"))
        }
    }

    /// The OpenAPI document names every /api/v1 operation with its operationId.
    func testOpenAPIDocumentDescribesEveryOperation() async throws {
        try await withApp(demo: false) { t in
            let r = try await t.send(.GET, "/api/openapi.yaml")
            XCTAssertEqual(r.status, .ok)
            let doc = r.text
            XCTAssertTrue(doc.hasPrefix("openapi: 3.1") || doc.contains("\nopenapi: 3.1"))
            var missing: [String] = []
            for route in t.app.routes.all where route.path.first?.description == "api" && route.path.count > 1 && route.path[1].description == "v1" {
                let op = route.userInfo[RouteInfo.operationID] as? String
                XCTAssertNotNil(op, "\(route.method) \(route.path) has no operationId")
                XCTAssertNotNil(route.userInfo[RouteInfo.permission], "\(route.path) has no access rule")
                let path =
                    "/" + route.path.map { $0.description.hasPrefix(":") ? "{" + $0.description.dropFirst() + "}" : $0.description }.joined(separator: "/")
                if let op, !doc.contains("operationId: \(op)") { missing.append(op) }
                if !doc.contains("\n  \(path):") { missing.append(path) }
            }
            XCTAssertEqual(missing, [])
            // The document's vocabularies are DutyCore's, word for word.
            func listed(_ values: [String]) -> String { "enum: [" + values.joined(separator: ", ") + "]" }
            XCTAssertTrue(doc.contains(listed(OutboundNotice.Event.allCases.map(\.rawValue))), "outbox events")
            XCTAssertTrue(doc.contains(listed(ReportWorkflow.Status.allCases.map(\.rawValue))), "report statuses")
            XCTAssertTrue(doc.contains(listed(ReportWorkflow.Step.allCases.map(\.rawValue))), "report steps")
            XCTAssertTrue(doc.contains(listed(InformationType.allCases.map(\.rawValue))), "information types")
            XCTAssertTrue(doc.contains(listed(AwayKind.allCases.map(\.rawValue))), "away kinds")
            XCTAssertTrue(doc.contains(listed(FieldRule.allCases.map(\.rawValue))), "field rules")
            // The permission table says which roles hold each permission, as DutyCore does, and
            // every operation's x-permission is in it.
            var table: [String: [String]] = [:]
            for line in doc.split(separator: "\n").map({ $0.trimmingCharacters(in: .whitespaces) }) where line.hasPrefix("| ") {
                let cells = line.split(separator: "|").map { $0.trimmingCharacters(in: .whitespaces) }
                guard cells.count == 2, let p = cells.first, p != "permission", !p.hasPrefix("---") else { continue }
                let roles = String(cells[1].split(separator: "（").first ?? "").split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }
                for name in p.split(separator: ",") { table[name.trimmingCharacters(in: .whitespaces)] = roles }
            }
            for permission in Permission.allCases {
                XCTAssertEqual(
                    table[permission.rawValue], Role.allCases.filter { $0.permissions.contains(permission) }.map(\.rawValue),
                    "the table's roles for \(permission)")
            }
            let named = Set(doc.components(separatedBy: "x-permission: ").dropFirst().map { String($0.prefix { !$0.isWhitespace }) })
            XCTAssertEqual(named.subtracting(table.keys).subtracting(["public", "authenticated"]), [], "x-permission values outside the table")
        }
    }

    /// PostgreSQL cannot store NUL; SQLite could. Both refuse it the same way.
    func testNULCharactersAreRefusedBeforeTheyReachTheDatabase() async throws {
        try await withApp { t in
            let token = try await t.login("xuchang.duty")
            let unit = try await t.unitID(code: "411003")
            let before = try await t.count(Person.self)
            let body = ByteBuffer(string: "{\"unitId\":\"\(unit)\",\"name\":\"a\\u0000b\",\"mobile\":\"13800374123\"}")
            let r = try await t.send(.POST, "/api/v1/people", token: token, raw: body, contentType: .json)
            XCTAssertEqual(r.status, .unprocessableEntity)
            XCTAssertTrue(r.errorMessage?.contains("NUL") ?? false)
            let count = try await t.count(Person.self)
            XCTAssertEqual(count, before)
            let q = try await t.send(.GET, "/api/v1/people?q=a%00b", token: token)
            XCTAssertEqual(q.status, .unprocessableEntity)
            let login = try await t.send(
                .POST, "/api/v1/auth/login", raw: ByteBuffer(string: "{\"username\":\"x\\u0000y\",\"password\":\"x\"}"), contentType: .json)
            XCTAssertEqual(login.status, .unprocessableEntity)
            // A malformed query key is the officer's input problem, not a server fault.
            let key = try await t.send(.GET, "/api/v1/people?a%5Bb=1", token: token)
            XCTAssertEqual(key.status, .unprocessableEntity)
            XCTAssertEqual(key.errorCode, "validation_failed")
        }
    }

    /// Concurrent writes share commits; a write that fails leaves nothing and fails alone.
    func testGroupCommitKeepsEachWriteWholeAndSharesTheFsync() async throws {
        try await withFileApp() { app, _ in
            struct Refused: Error {}
            let results = await withTaskGroup(of: Bool.self) { group -> [Bool] in
                for i in 0..<40 {
                    group.addTask {
                        do {
                            try await app.write { db in
                                try await AuditLog.append(
                                    .init(actor: "t\(i)", unitPath: "", action: "test", targetType: "t", targetID: "\(i)"), at: pinnedNow, on: db)
                                if i == 7 { throw Refused() }
                            }
                            return true
                        } catch { return false }
                    }
                }
                var out: [Bool] = []
                for await r in group { out.append(r) }
                return out
            }
            XCTAssertEqual(results.filter { $0 }.count, 39)
            let actors = try await AuditEntry.query(on: app.db).all().map(\.actor)
            XCTAssertEqual(actors.count, 39)
            XCTAssertFalse(actors.contains("t7"), "the failed write left nothing")
            let verification = try await AuditLog.verify(on: app.db)
            XCTAssertTrue(verification.isIntact, "the chain stays whole across the groups")
            let groups = await app.groupCommit.groups
            let writes = await app.groupCommit.writes
            XCTAssertEqual(writes, 40)
            XCTAssertLessThan(groups, writes, "concurrent writes were committed together")
        }
    }

    /// New rows of concurrent requests go in one statement per table; a request whose rows
    /// are refused fails alone and the others land, with the audit chain whole.
    func testGroupCommitInsertsTheRowsOfManyRequestsTogether() async throws {
        try await withFileApp() { app, _ in
            let taken = UUID()
            // Request 7 of the second round reuses a taken id: its insert must fail.
            func round(_ r: Int) async -> [Int: Bool] {
                await withTaskGroup(of: (Int, Bool).self) { group -> [Int: Bool] in
                    for i in 0..<40 {
                        group.addTask {
                            let e = TimelineEvent(
                                id: r == 2 && i == 7 ? taken : UUID(), caseID: UUID(), unitID: UUID(), at: pinnedNow, actor: "r\(r)t\(i)", kind: "test",
                                detail: "\(i)")
                            var rows = InsertSet(timeline: [e])
                            rows.audit = [(.init(actor: "r\(r)t\(i)", unitPath: "", action: "test", targetType: "t", targetID: "\(i)"), pinnedNow)]
                            do {
                                try await app.write(rows)
                                return (i, true)
                            } catch { return (i, false) }
                        }
                    }
                    var out: [Int: Bool] = [:]
                    for await (i, ok) in group { out[i] = ok }
                    return out
                }
            }
            let first = TimelineEvent(id: taken, caseID: UUID(), unitID: UUID(), at: pinnedNow, actor: "t", kind: "test", detail: "first")
            try await app.write(InsertSet(timeline: [first]))
            let accepted = await round(1).filter { $0.value }.count
            XCTAssertEqual(accepted, 40)
            let merged = await app.groupCommit.mergedWrites
            XCTAssertGreaterThan(merged, 1, "concurrent rows went in together")
            let results = await round(2)
            XCTAssertEqual(results.filter { $0.value }.count, 39)
            XCTAssertEqual(results[7], false, "the request with the taken id is refused")
            let events = try await TimelineEvent.query(on: app.db).all()
            XCTAssertEqual(events.count, 80, "the first row, 40 of the first round and 39 of the second")
            XCTAssertEqual(events.first { $0.id == taken }?.detail, "first", "the refused row changed nothing")
            let actors = try await AuditEntry.query(on: app.db).all().map(\.actor)
            XCTAssertEqual(actors.count, 79)
            XCTAssertFalse(actors.contains("r2t7"), "the refused request left no audit entry")
            let verification = try await AuditLog.verify(on: app.db)
            XCTAssertTrue(verification.isIntact)
        }
    }

    func testNULIsFoundInEveryForm() {
        func nul(_ s: String, json: Bool = true) -> Bool { ControlCharacterMiddleware.containsNUL(ByteBuffer(string: s), json: json, form: !json) }
        XCTAssertTrue(nul("{\"a\":\"x\\u0000\"}"))
        XCTAssertTrue(nul("\\u0000"), "at the very start")
        XCTAssertTrue(nul("{\"a\":\"\\U0000\"}"))
        XCTAssertTrue(nul("a\u{0}b"), "a raw NUL byte")
        XCTAssertFalse(nul("{\"a\":\"\\u00001\\u0001 u0000\"}".replacingOccurrences(of: "\\u00001", with: "\\u0031")))
        XCTAssertFalse(nul("{\"a\":\"许昌\\u000\"}"))
        XCTAssertTrue(nul("name=a%00b", json: false))
        XCTAssertFalse(nul("name=a%0b", json: false))
    }

    /// The log is copied into the database file in the background, not inside commits.
    func testTheWriteAheadLogIsCheckpointedInTheBackground() async throws {
        try await withFileApp(jobs: true) { app, dir in
            let w = app.writer
            let writer = app.databases.database(w.id, logger: app.logger, on: w.eventLoop)! as! any SQLDatabase
            let auto = try await writer.raw("PRAGMA wal_autocheckpoint").all().first?.decode(column: "wal_autocheckpoint", as: Int.self)
            XCTAssertEqual(auto, 0, "commits do not checkpoint")
            let marker = "marker-\(UUID().uuidString)"
            let file = dir.appendingPathComponent("t.sqlite")
            func inFile() throws -> Bool { try Data(contentsOf: file).range(of: Data(marker.utf8)) != nil }
            for i in 0..<50 {
                try await app.write(
                    InsertSet(timeline: [TimelineEvent(caseID: UUID(), unitID: UUID(), at: pinnedNow, actor: "t", kind: "test", detail: "\(marker) \(i)")]))
            }
            XCTAssertFalse(try inFile(), "committed rows are in the log, not yet in the file")
            try await Task.sleep(nanoseconds: UInt64((Checkpointer.interval + 0.8) * 1_000_000_000))
            XCTAssertTrue(try inFile(), "the background checkpoint copied them into the file")
        }
    }

    /// The real `configure` on an SQLite file of its own (removed afterwards), migrated, with
    /// the background jobs booted when `jobs`.
    func withFileApp(jobs: Bool = false, migrate: Bool = true, _ body: (Application, URL) async throws -> Void) async throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("dutyroom-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let app = try await Application.make(.testing)
        do {
            var config = AppConfig(database: .sqliteFile(dir.appendingPathComponent("t.sqlite").path), logLevel: .warning)
            config.runJobs = jobs
            try await configure(app, config: config)
            if migrate { try await app.autoMigrate() }
            if jobs { try await app.asyncBoot() }
            try await body(app, dir)
        } catch {
            try? await app.asyncShutdown()
            throw error
        }
        try await app.asyncShutdown()
    }
}
