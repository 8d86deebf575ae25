import Fluent

struct M003_CreateUserAccounts: AsyncMigration {
    func prepare(on db: any Database) async throws {
        try await db.schema("user_accounts")
            .id()
            .field("username", .string, .required)
            .field("password_hash", .string, .required)
            .field("display_name", .string, .required)
            .field("unit_id", .uuid, .required, .references("units", "id"))
            .field("person_id", .uuid, .references("people", "id"))
            .field("roles", .string, .required)
            .field("active", .bool, .required)
            .field("failed_count", .int, .required)
            .field("locked_until", .datetime)
            .field("last_login_at", .datetime)
            .field("created_at", .datetime)
            .unique(on: "username")
            .create()
    }

    func revert(on db: any Database) async throws { try await db.schema("user_accounts").delete() }
}
