import Fluent

/// A submission's key (the API's Idempotency-Key, a form's one-time token) and the record it
/// made, so a retry or a form sent twice finds the first record instead of making another.
struct M013_CreateSubmissionKeys: AsyncMigration {
    func prepare(on db: any Database) async throws {
        try await db.schema("submission_keys")
            .field("key", .string, .identifier(auto: false))
            .field("target_id", .uuid, .required)
            .field("created_at", .datetime, .required)
            .create()
    }

    func revert(on db: any Database) async throws {
        try await db.schema("submission_keys").delete()
    }
}
