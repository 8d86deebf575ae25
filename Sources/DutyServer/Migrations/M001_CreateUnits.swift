import Fluent

struct M001_CreateUnits: AsyncMigration {
    func prepare(on db: any Database) async throws {
        try await db.schema("units")
            .id()
            .field("code", .string)
            .field("name", .string, .required)
            .field("kind", .string, .required)
            .field("parent_id", .uuid, .references("units", "id"))
            .field("path", .string, .required)
            .field("duty_phone", .string, .required)
            .field("fax", .string, .required)
            .field("email", .string, .required)
            .field("active", .bool, .required)
            .field("search_key", .string, .required)
            .field("created_at", .datetime)
            .field("updated_at", .datetime)
            .unique(on: "code")
            .unique(on: "path")
            .create()
    }

    func revert(on db: any Database) async throws { try await db.schema("units").delete() }
}
