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

    /// The notices the demo itself queued (its rosters were filed through the roster service),
    /// removed for a test that reads the whole outbox.
    func clearDemoNotices() async throws {
        try await OutboxMessage.query(on: app.db).filter(\.$createdAt < pinnedNow).delete()
    }

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
