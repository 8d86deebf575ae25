import Fluent

/// 调班 requests and their whole history: who asked, who accepted, who approved or refused.
struct M011_CreateRosterSwaps: AsyncMigration {
    func prepare(on db: any Database) async throws {
        try await db.schema("roster_swaps")
            .id()
            .field("unit_id", .uuid, .required, .references("units", "id"))
            .field("roster_id", .uuid, .required, .references("roster_months", "id"))
            .field("day", .string, .required)
            .field("shift_index", .int, .required)
            .field("level", .string, .required)
            .field("from_person_id", .uuid, .required, .references("people", "id"))
            .field("to_person_id", .uuid, .required, .references("people", "id"))
            .field("reason", .string, .required)
            .field("status", .string, .required)
            .field("requested_by", .string, .required)
            .field("requested_at", .datetime, .required)
            .field("accepted_by", .string)
            .field("accepted_at", .datetime)
            .field("decided_by", .string)
            .field("decided_at", .datetime)
            .field("note", .string, .required)
            .create()
    }

    func revert(on db: any Database) async throws {
        try await db.schema("roster_swaps").delete()
    }
}
