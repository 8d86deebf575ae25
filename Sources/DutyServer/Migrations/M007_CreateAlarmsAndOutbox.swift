import Fluent
import SQLKit

/// Deadline alarms, recorded exactly once per incident, rule and kind even with several
/// instances (the unique key decides who records it), and the outbox of notifications.
struct M007_CreateAlarmsAndOutbox: AsyncMigration {
    func prepare(on db: any Database) async throws {
        try await db.schema("deadline_alarms")
            .id()
            .field("incident_id", .uuid, .required, .references("incidents", "id"))
            .field("rule_id", .string, .required)
            .field("kind", .string, .required)
            .field("due_at", .datetime, .required)
            .field("fired_at", .datetime, .required)
            .field("instance", .string, .required)
            .unique(on: "incident_id", "rule_id", "kind")
            .create()
        try await db.schema("outbox")
            .id()
            .field("created_at", .datetime, .required)
            .field("unit_id", .uuid, .required)
            .field("event", .string, .required)
            .field("payload", .string, .required)
            .field("status", .string, .required)
            .field("attempts", .int, .required)
            .field("next_attempt_at", .datetime, .required)
            .field("last_error", .string, .required)
            .field("delivered_at", .datetime)
            .create()
        if let sql = db as? any SQLDatabase {
            try await sql.create(index: "outbox_due_idx").on("outbox").column("status").column("next_attempt_at").run()
        }
    }

    func revert(on db: any Database) async throws {
        try await db.schema("outbox").delete()
        try await db.schema("deadline_alarms").delete()
    }
}
