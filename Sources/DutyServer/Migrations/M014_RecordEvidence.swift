import Fluent
import SQLKit

/// What the records keep as evidence: each incident record remembers the policy version it was
/// received under (whose policy, which version), and a duty-log entry can be classified (密件).
struct M014_RecordEvidence: AsyncMigration {
    func prepare(on db: any Database) async throws {
        try await db.schema("incidents")
            .field("policy_owner_id", .uuid)
            .update()
        try await db.schema("incidents")
            .field("policy_version", .int)
            .update()
        try await db.schema("duty_log_entries")
            .field("classified", .bool, .required, .sql(.default(false)))
            .update()
        let sql = db as! any SQLDatabase
        // The boards and the acknowledgement timer look up what a unit has yet to acknowledge;
        // every clock reads the other levels' records of its case.
        try await sql.create(index: "reports_awaiting_receiver_idx").on("reports").column("submitted_to_unit_id").column("status").run()
        try await sql.create(index: "incidents_case_idx").on("incidents").column("case_id").run()
    }

    func revert(on db: any Database) async throws {
        try await (db as! any SQLDatabase).drop(index: "incidents_case_idx").run()
        try await (db as! any SQLDatabase).drop(index: "reports_awaiting_receiver_idx").run()
        try await db.schema("duty_log_entries").deleteField("classified").update()
        try await db.schema("incidents").deleteField("policy_version").update()
        try await db.schema("incidents").deleteField("policy_owner_id").update()
    }
}
