import DutyCore
import Fluent
import SQLKit
import Vapor

/// The `dutyroom` commands besides Vapor's `serve` and `routes`.
public enum DutyRoomCommands {
    public static func register(_ app: Application) {
        app.asyncCommands.use(MigrateCommand(), as: "migrate")
        app.asyncCommands.use(DemoCommand(), as: "demo")
        var user = AsyncCommandGroupBuilder()
        user.use(UserAddCommand(), as: "add")
        app.asyncCommands.use(UserGroup(commands: user.commands), as: "user")
        app.asyncCommands.use(AuditGroup(commands: ["verify": AuditVerifyCommand()]), as: "audit")
        app.asyncCommands.use(BackupCommand(), as: "backup")
    }

    /// Before `serve`: migrate, load the demo data into an empty database, and say where to go.
    public static func prepareServe(_ app: Application) async throws {
        try await app.autoMigrate()
        if BenchController.enabled { try await BenchController.prepare(app) }
        if try await DemoData.isEmpty(app.db) {
            let loaded = try await DemoData.load(app: app, now: app.clock.now())
            print("DutyRoom: loaded demo data — \(loaded.units) units, \(loaded.people) people.")
        }
        let c = app.config
        print("DutyRoom 应急值班室: http://\(c.host):\(c.port)/")
        print("Demo logins (password \(DemoData.password)): " + demoUsernames().joined(separator: ", "))
    }

    static func demoUsernames() -> [String] {
        let cities = DemoData.provinces.flatMap { $0.cities.map(\.prefix) }
        let prefixes = ["ministry"] + DemoData.provinces.map(\.prefix) + cities + DemoData.countyLogins.values.sorted()
        let names = prefixes.map { $0 + ".duty" }
        return names + [
            "xuchang.section", "xuchang.leader", "xuchang.head", "xuchang.admin", "xuchang.security", "xuchang.auditor",
            "(each of these prefixes also has .section .leader .head .admin .security .auditor)",
        ]
    }
}

struct AsyncCommandGroupBuilder {
    var commands: [String: any AnyAsyncCommand] = [:]
    mutating func use(_ c: any AnyAsyncCommand, as name: String) { commands[name] = c }
}

struct UserGroup: AsyncCommandGroup {
    var commands: [String: any AnyAsyncCommand]
    var help: String { "Manage login accounts (user add)." }
}

struct AuditGroup: AsyncCommandGroup {
    var commands: [String: any AnyAsyncCommand]
    var help: String { "Audit trail commands (audit verify)." }
}

struct MigrateCommand: AsyncCommand {
    struct Signature: CommandSignature {
        @Flag(name: "yes", short: "y", help: "Do not ask (migrations only add; nothing is asked anyway).")
        var yes: Bool
    }
    var help: String { "Bring the database schema up to date (SQLite file or PostgreSQL from DATABASE_URL)." }

    func run(using context: CommandContext, signature: Signature) async throws {
        try await context.application.autoMigrate()
        context.console.print("migrations complete")
    }
}

struct DemoCommand: AsyncCommand {
    struct Signature: CommandSignature {
        @Flag(name: "reset", help: "Remove the existing directory and accounts first (the audit trail is kept).")
        var reset: Bool
    }
    var help: String { "Load the demo data (real places, made-up people, demo logins). Refuses a non-empty database unless --reset." }

    func run(using context: CommandContext, signature: Signature) async throws {
        let app = context.application
        try await app.autoMigrate()
        if try await !DemoData.isEmpty(app.db) {
            guard signature.reset else {
                context.console.error("the database already holds units; run `dutyroom demo --reset` to replace them with the demo data")
                throw ExitCode(1)
            }
            try await DemoData.wipe(app: app)
            try await app.write { db in
                try await AuditLog.append(
                    .init(actor: "system", unitPath: "", action: "demo.reset", targetType: "system", targetID: "demo"), at: app.clock.now(), on: db)
            }
        }
        let loaded = try await DemoData.load(app: app, now: app.clock.now())
        context.console.print("demo data loaded: \(loaded.units) units, \(loaded.people) people, \(loaded.logins.count) logins (password \(DemoData.password))")
    }
}

struct UserAddCommand: AsyncCommand {
    struct Signature: CommandSignature {
        @Option(name: "username", help: "Login name (3–32 letters, digits, . _ -).") var username: String?
        @Option(name: "name", help: "Display name, e.g. 张栋利.") var name: String?
        @Option(name: "unit", help: "The unit's GB/T 2260 code or exact name.") var unit: String?
        @Option(name: "roles", help: "Comma-separated: " + Role.allCases.map(\.rawValue).joined(separator: ",")) var roles: String?
        @Option(name: "password", help: "Initial password; defaults to the environment variable DUTYROOM_PASSWORD.") var password: String?
    }
    var help: String { "Add a login account." }

    func run(using context: CommandContext, signature s: Signature) async throws {
        let app = context.application
        func fail(_ m: String) throws -> Never {
            context.console.error(m)
            throw ExitCode(2)
        }
        guard let username = s.username, let name = s.name, let unitKey = s.unit, let rolesText = s.roles else {
            try fail("--username, --name, --unit and --roles are required")
        }
        guard let password = s.password ?? ProcessInfo.processInfo.environment["DUTYROOM_PASSWORD"] else {
            try fail("give --password or set DUTYROOM_PASSWORD")
        }
        try await app.autoMigrate()
        guard let unit = try await OrgUnit.query(on: app.db).group(.or, { $0.filter(\.$code == unitKey).filter(\.$name == unitKey) }).first() else {
            try fail("no unit with code or name \(unitKey)")
        }
        var roles: [Role] = []
        for r in rolesText.split(separator: ",") {
            guard let role = Role(rawValue: r.trimmingCharacters(in: .whitespaces)) else {
                try fail("unknown role \(r); roles: " + Role.allCases.map(\.rawValue).joined(separator: ", "))
            }
            roles.append(role)
        }
        do {
            // The console's operator acts for the unit, as its security administrator would.
            let ctx = ServiceContext(actor: try .system("cli", unit: unit, roles: [.securityAdmin]), now: app.clock.now(), db: app.db, app: app)
            let input = UserInput(username: username, displayName: name, password: password, unitId: unit.id!, roles: roles)
            let u = try await AccountService.create(input, ctx: ctx).username
            context.console.print("account \(u) created for \(unit.name)")
        } catch let e as any DutyFailure {
            try fail(e.message)
        }
    }
}

struct AuditVerifyCommand: AsyncCommand {
    struct Signature: CommandSignature {}
    var help: String { "Walk the audit trail's hash chain; name the first entry that was edited, inserted or deleted. Exit status 1 when broken." }

    func run(using context: CommandContext, signature: Signature) async throws {
        let v = try await AuditLog.verify(on: context.application.db)
        if let b = v.firstBreak {
            context.console.error("audit chain BROKEN after \(v.checked) good entries: \(b.message)")
            throw ExitCode(1)
        }
        context.console.print("audit chain intact: \(v.checked) entries verified")
    }
}

struct BackupCommand: AsyncCommand {
    struct Signature: CommandSignature {
        @Argument(name: "file", help: "Where to write the copy (must not exist).") var file: String
    }
    var help: String { "Write a consistent online copy of the SQLite database (VACUUM INTO); for PostgreSQL, print the pg_dump command to use." }

    func run(using context: CommandContext, signature: Signature) async throws {
        let app = context.application
        switch app.config.database {
        case .postgres(let url):
            var safe = URLComponents(url: url, resolvingAgainstBaseURL: false)!
            if safe.password != nil { safe.password = "****" }
            context.console.print(
                "PostgreSQL: run  pg_dump --format=custom --file=\(signature.file) \"\(safe.string ?? "")\"  (set PGPASSWORD for the password)")
        case .sqliteMemory:
            context.console.error("the in-memory database cannot be backed up")
            throw ExitCode(1)
        case .sqliteFile:
            if FileManager.default.fileExists(atPath: signature.file) {
                context.console.error("\(signature.file) already exists; choose a new file")
                throw ExitCode(1)
            }
            let target = signature.file.replacingOccurrences(of: "'", with: "''")
            try await (app.db as! any SQLDatabase).raw(SQLQueryString("VACUUM INTO '\(unsafeRaw: target)'")).run()
            context.console.print("backup written to \(signature.file)")
        }
    }
}

struct ExitCode: Error, CustomStringConvertible {
    let code: Int32
    init(_ code: Int32) { self.code = code }
    var description: String { "exit \(code)" }
}
