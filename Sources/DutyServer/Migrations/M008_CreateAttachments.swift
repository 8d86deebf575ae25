import Fluent

/// Attachments of 普通信息, kept in the database itself: every instance serves them, and a
/// backup of the database holds them with the records they belong to.
struct M008_CreateAttachments: AsyncMigration {
    func prepare(on db: any Database) async throws {
        try await db.schema("attachments")
            .id()
            .field("incident_id", .uuid, .required, .references("incidents", "id"))
            .field("file_name", .string, .required)
            .field("kind", .string, .required)
            .field("size", .int, .required)
            .field("sha256", .string, .required)
            .field("data", .data, .required)
            .field("uploaded_by", .string, .required)
            .field("uploaded_at", .datetime, .required)
            .create()
    }

    func revert(on db: any Database) async throws {
        try await db.schema("attachments").delete()
    }
}
