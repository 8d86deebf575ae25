import DutyCore
import Fluent
import FluentPostgresDriver
import FluentSQLiteDriver
import Leaf
import SQLKit
import Vapor

/// Builds the application: the one seam that `serve`, the commands and the tests all use.
public func configure(_ app: Application, config: AppConfig, clock: AppClock = .live) async throws {
    app.config = config
    app.clock = config.fixedNow.map { AppClock.fixed($0) } ?? clock
    app.logger.logLevel = config.logLevel
    app.http.server.configuration.hostname = config.host
    app.http.server.configuration.port = config.port
    // Request bodies over 1 MiB are refused with 413 before a handler sees them.
    app.routes.defaultMaxBodySize = "1mb"

    switch config.database {
    case .sqliteFile(let path):
        app.databases.use(.sqlite(.file(path), sqlLogLevel: .debug), as: .sqlite)
    case .sqliteMemory:
        app.databases.use(.sqlite(.memory, sqlLogLevel: .debug), as: .sqlite)
    case .postgres(let url):
        var pg = try SQLPostgresConfiguration(url: url)
        pg.searchPath = nil
        app.databases.use(.postgres(configuration: pg, maxConnectionsPerEventLoop: 4, sqlLogLevel: .debug), as: .psql)
    }
    app.migrations.add(Migrations.all)
    app.passwords.use(.bcrypt(cost: config.bcryptCost))
    let divisionsFile = app.directory.resourcesDirectory + "data/gbt2260.csv"
    guard let divisionsText = try? String(contentsOfFile: divisionsFile, encoding: .utf8) else {
        throw AppConfig.Problem(
            variable: "working directory", value: app.directory.workingDirectory, expected: "the DutyRoom directory (with Resources/data/gbt2260.csv)")
    }
    app.divisions = DivisionRegistry(csv: divisionsText)
    // The State Council holiday notices shipped with the software; years an administrator
    // enters later are read from the database on top of these (RosterService.calendar).
    let holidaysFile = app.directory.resourcesDirectory + "data/cn-holidays-2024-2026.csv"
    guard let holidaysText = try? String(contentsOfFile: holidaysFile, encoding: .utf8), let shipped = try? WorkingDayCalendar.parse(csv: holidaysText) else {
        throw AppConfig.Problem(
            variable: "working directory", value: app.directory.workingDirectory,
            expected: "the DutyRoom directory (with a valid Resources/data/cn-holidays-2024-2026.csv)")
    }
    app.shippedCalendar = shipped
    ContentConfiguration.global.use(encoder: JSONCoders.apiEncoder, for: .json)
    ContentConfiguration.global.use(decoder: JSONCoders.decoder, for: .json)
    app.storage[WriterKey.self] = WriterBox(
        id: config.database.isSQLite ? .sqlite : .psql, isSQLite: config.database.isSQLite, eventLoop: app.eventLoopGroup.next())
    if config.database.isSQLite {
        try await SQLiteSettings.apply(app)
        _ = app.groupCommit
    }

    app.views.use(.leaf)
    app.leaf.tags["csrf"] = CSRFTag()
    app.leaf.tags["shanghai"] = ShanghaiTag()
    app.leaf.configuration.rootDirectory = app.directory.viewsDirectory

    app.middleware = Middlewares()
    app.middleware.use(RouteLoggingMiddleware(logLevel: .info))
    app.middleware.use(MetricsMiddleware())
    app.middleware.use(DutyErrorMiddleware(environment: app.environment))
    app.middleware.use(FileMiddleware(publicDirectory: app.directory.publicDirectory))
    app.middleware.use(SecurityHeadersMiddleware())
    app.middleware.use(ControlCharacterMiddleware())
    app.middleware.use(SessionMiddleware())

    if config.runJobs { app.lifecycle.use(JobsLifecycle()) }
    try routes(app)
}

/// Per-connection SQLite settings. fluent-sqlite-driver opens one connection per event
/// loop and runs nothing on new connections but `foreign_keys`, so each loop's connection
/// is visited here: WAL for concurrent readers, FULL so an acknowledged write survives
/// power loss, a busy timeout so a second writer waits instead of failing, and statement
/// journals in memory (each grouped write runs in a savepoint; a file per savepoint cost
/// more than the insert itself; the WAL still holds every committed byte). Random UUID keys
/// touch index pages all over the file, so each connection keeps 32 MiB of pages and maps
/// the file, instead of SQLite's 2 MiB default that made writes slower as the file grew.
enum SQLiteSettings {
    static let pragmas = [
        "PRAGMA journal_mode = WAL",
        "PRAGMA synchronous = FULL",
        "PRAGMA busy_timeout = 5000",
        "PRAGMA foreign_keys = ON",
        "PRAGMA temp_store = MEMORY",
    ]

    static func apply(_ app: Application) async throws {
        for loop in app.eventLoopGroup.makeIterator() {
            let db = app.databases.database(.sqlite, logger: app.logger, on: loop)!
            guard let sql = db as? any SQLDatabase else { continue }
            for pragma in pragmas {
                try await sql.raw(SQLQueryString(pragma)).run()
            }
        }
    }

    /// Reads one setting back from each connection (for tests and `dutyroom` diagnostics).
    static func read(_ app: Application, _ name: String) async throws -> [String] {
        var values: [String] = []
        for loop in app.eventLoopGroup.makeIterator() {
            let db = app.databases.database(.sqlite, logger: app.logger, on: loop)!
            let rows = try await (db as! any SQLDatabase).raw(SQLQueryString("PRAGMA \(unsafeRaw: name)")).all()
            if let row = rows.first {
                let col = row.allColumns.first ?? name
                if let s = try? row.decode(column: col, as: String.self) {
                    values.append(s)
                } else if let i = try? row.decode(column: col, as: Int.self) {
                    values.append(String(i))
                }
            }
        }
        return values
    }
}

enum JSONCoders {
    /// Stored JSON (report elements, change lists): keys sorted so equal values are equal text.
    static let encoder: JSONEncoder = {
        let e = JSONEncoder()
        e.dateEncodingStrategy = .iso8601
        e.outputFormatting = [.sortedKeys]
        return e
    }()
    /// API responses: fields in declaration order; sorting every object's keys cost more than
    /// building the response.
    static let apiEncoder: JSONEncoder = {
        let e = JSONEncoder()
        e.dateEncodingStrategy = .iso8601
        return e
    }()
    static let decoder: JSONDecoder = {
        let d = JSONDecoder()
        d.dateDecodingStrategy = .iso8601
        return d
    }()
}

extension Application {
    private struct DivisionsKey: StorageKey { typealias Value = DivisionRegistry }
    var divisions: DivisionRegistry {
        get { storage[DivisionsKey.self] ?? DivisionRegistry(csv: "") }
        set { storage[DivisionsKey.self] = newValue }
    }
}

struct WriterBox: Sendable {
    let id: DatabaseID
    let isSQLite: Bool
    let eventLoop: any EventLoop
}

struct WriterKey: StorageKey { typealias Value = WriterBox }

extension Application {
    /// One instance per application, made on first use.
    func service<K: StorageKey>(_ key: K.Type, make: () -> K.Value) -> K.Value {
        if let existing = storage[key] { return existing }
        let made = make()
        storage[key] = made
        return made
    }

    var writer: WriterBox { storage[WriterKey.self]! }

    /// Runs `body` in one transaction. On SQLite every write goes through the one connection
    /// of a fixed event loop, committed in groups (GroupCommit), so writers queue instead of
    /// colliding and share one fsync. On PostgreSQL the database orders concurrent writers.
    func write<T: Sendable>(keepsCaches: Bool = false, _ body: @escaping @Sendable (any Database) async throws -> T) async throws -> T {
        // Whatever the outcome, cached reads may be stale now (a failed commit can still
        // have changed nothing, which costs only a re-read).
        defer { if !keepsCaches { readCache.invalidate() } }
        guard writer.isSQLite else { return try await self.db.transaction { tx in try await body(tx) } }
        return try await groupCommit.submit(body)
    }

    /// Inserts new rows in one transaction, together with the rows of the other requests in
    /// the same group, on either database: the rows carry audit entries, and on PostgreSQL
    /// a group then locks the audit chain's head once for one commit instead of each request
    /// holding it through its own.
    func write(_ rows: InsertSet) async throws {
        try await groupCommit.submit(rows)
    }

    private struct GroupCommitKey: StorageKey { typealias Value = GroupCommit }
    var groupCommit: GroupCommit {
        service(GroupCommitKey.self) {
            let w = writer
            return GroupCommit { [unowned self] in self.databases.database(w.id, logger: self.logger, on: w.eventLoop)! }
        }
    }
}

extension Request {
    /// One transaction per request: all of a request's writes land together or not at all.
    func write<T: Sendable>(keepsCaches: Bool = false, _ body: @escaping @Sendable (any Database) async throws -> T) async throws -> T {
        try await application.write(keepsCaches: keepsCaches, body)
    }

    func write(_ rows: InsertSet) async throws { try await application.write(rows) }
}
