import Fluent
import SQLKit

/// Every failed login, one row each: counted in the database, so parallel attempts cannot
/// lose a failure (a count read and written back can), and by address as well as by account.
struct M015_CreateLoginFailures: AsyncMigration {
    func prepare(on db: any Database) async throws {
        try await db.schema("login_failures")
            .id()
            .field("username", .string, .required)
            .field("ip", .string, .required)
            .field("at", .datetime, .required)
            .create()
        let sql = db as! any SQLDatabase
        try await sql.create(index: "login_failures_user_idx").on("login_failures").column("username").column("at").run()
        try await sql.create(index: "login_failures_ip_idx").on("login_failures").column("ip").column("at").run()
    }

    func revert(on db: any Database) async throws {
        try await db.schema("login_failures").delete()
    }
}
