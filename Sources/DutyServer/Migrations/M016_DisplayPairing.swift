import Fluent

/// A wall display account's one-time enabling code (大屏启用码): only its SHA-256 is kept, with
/// when it was issued, until the screen uses it or a new one replaces it.
struct M016_DisplayPairing: AsyncMigration {
    func prepare(on db: any Database) async throws {
        try await db.schema("user_accounts")
            .field("pairing_code_hash", .string)
            .update()
        try await db.schema("user_accounts")
            .field("pairing_issued_at", .datetime)
            .update()
    }

    func revert(on db: any Database) async throws {
        try await db.schema("user_accounts").deleteField("pairing_issued_at").update()
        try await db.schema("user_accounts").deleteField("pairing_code_hash").update()
    }
}
