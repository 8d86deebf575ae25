import DutyCore
import Fluent
import FluentPostgresDriver
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

/// The real `configure` on a SQLite file of the test's own, or on PostgreSQL when
/// DUTYROOM_TEST_DATABASE_URL names one (then with a fresh database for each test),
/// with the demo data loaded and the clock pinned.
final class TestApp {
    let app: Application
    let clock: MovableClock
    let isPostgres: Bool
    /// The SQLite file of a fresh test, removed at shutdown.
    var sqlitePath: String?

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
        // Every fresh database holds the same ids: nothing a previous test's app looked up may
        // carry over to this one.
        if fresh { PolicyService.forget() }
        var config = AppConfig(database: .sqliteMemory, logLevel: .warning)
        var isPG = false
        // On PostgreSQL a fresh test with the pinned demo starts from a copy of the template,
        // already migrated and loaded.
        let copied = fresh && demo && liveClock == nil
        var sqlitePath: String?
        if databaseURL == nil {
            // SQLite: a file of its own for each fresh test, a copy of the template when it
            // starts from the pinned demo; a second instance joins the current one.
            let path = fresh ? try await SQLiteTestDatabases.shared.fresh(template: copied) : await SQLiteTestDatabases.shared.current
            if let path {
                config.database = .sqliteFile(path)
                if fresh { sqlitePath = path }
            }
        }
        if let url = databaseURL {
            let base = try AppConfig.parseDatabaseURL(url)
            if case .postgres(let baseURL) = base {
                config.database = .postgres(
                    fresh
                        ? try await PostgresTestDatabases.shared.fresh(base: baseURL, template: copied ? .demo : .empty)
                        : await PostgresTestDatabases.shared.current ?? baseURL)
            }
            isPG = true
        }
        config.bcryptCost = 4
        config.runJobs = jobs
        config.notifyWebhookURL = webhook
        do {
            try await configure(app, config: config, clock: liveClock ?? clock.clock)
            if fresh && !copied {
                // PostgreSQL's empty template is migrated already; a new SQLite file is not.
                if !isPG { try await app.autoMigrate() }
                if demo { _ = try await DemoData.load(app: app, now: liveClock?.now() ?? clock.date) }
            }
            if jobs { try await app.asyncBoot() }
        } catch {
            try? await app.asyncShutdown()
            if let sqlitePath { SQLiteTestDatabases.remove(sqlitePath) }
            throw error
        }
        let t = TestApp(app: app, clock: clock, isPostgres: isPG)
        t.sqlitePath = sqlitePath
        return t
    }

    func shutdown() async throws {
        try await app.asyncShutdown()
        if let sqlitePath { SQLiteTestDatabases.remove(sqlitePath) }
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

    /// The notices the demo itself queued (its rosters were filed through the roster service),
    /// removed for a test that reads the whole outbox.
    func clearDemoNotices() async throws {
        try await OutboxMessage.query(on: app.db).filter(\.$createdAt < pinnedNow).delete()
    }

    func auditEntries(action: String) async throws -> [AuditEntry] {
        try await AuditEntry.query(on: app.db).filter(\.$action == action).sort(\.$id).all()
    }
}

/// The SQLite files of a test process, in memory-backed /dev/shm where there is one. The demo
/// template is made once, on first use (migrated, the demo loaded at `pinnedNow`, the WAL
/// folded into the file); each fresh test works on its own copy, removed at its shutdown.
/// Directories left by test processes that have ended are removed at the first use.
actor SQLiteTestDatabases {
    static let shared = SQLiteTestDatabases()
    private var template: String?
    private var serial = 0
    private(set) var current: String?

    private let directory: String = {
        let base = FileManager.default.fileExists(atPath: "/dev/shm") ? "/dev/shm" : NSTemporaryDirectory()
        return (base as NSString).appendingPathComponent("dutyroom-tests-\(getpid())")
    }()

    func fresh(template useTemplate: Bool) async throws -> String {
        if template == nil { try await prepare() }
        serial += 1
        let path = (directory as NSString).appendingPathComponent("test-\(serial).sqlite")
        if useTemplate { try FileManager.default.copyItem(atPath: template!, toPath: path) }
        current = path
        return path
    }

    private func prepare() async throws {
        let fm = FileManager.default
        let base = (directory as NSString).deletingLastPathComponent
        for name in (try? fm.contentsOfDirectory(atPath: base)) ?? [] where name.hasPrefix("dutyroom-tests-") {
            if let pid = Int32(name.dropFirst("dutyroom-tests-".count)), pid != getpid(), kill(pid, 0) != 0 {
                try? fm.removeItem(atPath: (base as NSString).appendingPathComponent(name))
            }
        }
        try fm.createDirectory(atPath: directory, withIntermediateDirectories: true)
        let path = (directory as NSString).appendingPathComponent("template-demo.sqlite")
        Self.remove(path)
        let app = try await Application.make(.testing)
        do {
            var config = AppConfig(database: .sqliteFile(path), logLevel: .warning)
            config.bcryptCost = 4
            try await configure(app, config: config, clock: MovableClock(pinnedNow).clock)
            try await app.autoMigrate()
            _ = try await DemoData.load(app: app, now: pinnedNow)
            try await (app.db as! any SQLDatabase).raw("PRAGMA wal_checkpoint(TRUNCATE)").run()
        } catch {
            try? await app.asyncShutdown()
            throw error
        }
        try await app.asyncShutdown()
        template = path
    }

    nonisolated static func remove(_ path: String) {
        for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: path + suffix) }
    }
}

/// The PostgreSQL databases of a test process. Two templates are made once, on first use: one
/// migrated (`empty`), one migrated with the demo loaded at `pinnedNow` (`demo`). Each fresh
/// test gets its own database copied from one of them (CREATE DATABASE … TEMPLATE), which takes
/// a fraction of what migrating and loading the demo take; the previous test's database is
/// dropped first. A second instance (`fresh: false`) joins the current one.
actor PostgresTestDatabases {
    enum Template: String { case empty, demo }

    static let shared = PostgresTestDatabases()
    private var admin: Application?
    private var made: Set<Template> = []
    private(set) var current: URL?

    func fresh(base: URL, template: Template) async throws -> URL {
        let name = Self.name(of: base)
        let sql = try await adminDatabase(base: base)
        if !made.contains(template) {
            try await make(template, named: "\(name)_tpl_\(template.rawValue)", base: base, admin: sql)
            made.insert(template)
        }
        let run = "\(name)_run"
        try await sql.raw("DROP DATABASE IF EXISTS \(ident: run) WITH (FORCE)").run()
        try await copy(from: "\(name)_tpl_\(template.rawValue)", to: run, admin: sql)
        current = Self.url(base, database: run)
        return current!
    }

    private func make(_ template: Template, named tpl: String, base: URL, admin sql: any SQLDatabase) async throws {
        try await sql.raw("DROP DATABASE IF EXISTS \(ident: tpl) WITH (FORCE)").run()
        try await sql.raw("CREATE DATABASE \(ident: tpl)").run()
        let app = try await Application.make(.testing)
        do {
            var config = AppConfig(database: .postgres(Self.url(base, database: tpl)), logLevel: .warning)
            config.bcryptCost = 4
            try await configure(app, config: config, clock: MovableClock(pinnedNow).clock)
            try await app.autoMigrate()
            if template == .demo { _ = try await DemoData.load(app: app, now: pinnedNow) }
        } catch {
            try? await app.asyncShutdown()
            throw error
        }
        try await app.asyncShutdown()
    }

    /// A template may not be copied while a connection to it is still closing: try again briefly.
    private func copy(from tpl: String, to run: String, admin sql: any SQLDatabase) async throws {
        var attempt = 0
        while true {
            do {
                try await sql.raw("CREATE DATABASE \(ident: run) TEMPLATE \(ident: tpl) STRATEGY FILE_COPY").run()
                return
            } catch  where attempt < 50 {
                attempt += 1
                try await Task.sleep(nanoseconds: 100_000_000)
            }
        }
    }

    private func adminDatabase(base: URL) async throws -> any SQLDatabase {
        if let admin { return admin.db as! any SQLDatabase }
        let app = try await Application.make(.testing)
        var pg = try SQLPostgresConfiguration(url: base)
        pg.searchPath = nil
        app.databases.use(.postgres(configuration: pg, maxConnectionsPerEventLoop: 1), as: .psql)
        admin = app
        return app.db as! any SQLDatabase
    }

    private static func name(of url: URL) -> String { String(url.path.dropFirst()) }

    private static func url(_ base: URL, database: String) -> URL {
        var parts = URLComponents(url: base, resolvingAgainstBaseURL: false)!
        parts.path = "/" + database
        return parts.url!
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
