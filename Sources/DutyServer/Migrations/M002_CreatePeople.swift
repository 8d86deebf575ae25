import Fluent
import SQLKit

struct M002_CreatePeople: AsyncMigration {
    func prepare(on db: any Database) async throws {
        try await db.schema("people")
            .id()
            .field("unit_id", .uuid, .required, .references("units", "id"))
            .field("name", .string, .required)
            .field("position", .string, .required)
            .field("office_phone", .string, .required)
            .field("mobile", .string, .required)
            .field("fax", .string, .required)
            .field("email", .string, .required)
            .field("category", .string, .required)
            .field("active", .bool, .required)
            .field("last_verified_at", .datetime)
            .field("search_key", .string, .required)
            .field("phone_digits", .string, .required)
            .field("created_at", .datetime)
            .field("updated_at", .datetime)
            .create()
        if let sql = db as? any SQLDatabase {
            try await sql.create(index: "people_unit_idx").on("people").column("unit_id").run()
        }
    }

    func revert(on db: any Database) async throws { try await db.schema("people").delete() }
}
