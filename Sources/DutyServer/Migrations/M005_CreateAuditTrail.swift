import DutyCore
import Fluent
import SQLKit

struct M005_CreateAuditTrail: AsyncMigration {
    func prepare(on db: any Database) async throws {
        try await db.schema("audit_entries")
            .field("seq", .int64, .identifier(auto: false))
            .field("at", .datetime, .required)
            .field("actor", .string, .required)
            .field("unit_path", .string, .required)
            .field("action", .string, .required)
            .field("target_type", .string, .required)
            .field("target_id", .string, .required)
            .field("outcome", .string, .required)
            .field("detail", .string, .required)
            .field("ip", .string, .required)
            .field("prev_hash", .string, .required)
            .field("content_hash", .string, .required)
            .field("hash", .string, .required)
            .create()
        try await db.schema("audit_head")
            .field("id", .int, .identifier(auto: false))
            .field("last_seq", .int64, .required)
            .field("last_hash", .string, .required)
            .create()
        let head = AuditHead()
        head.id = 1
        head.lastSeq = 0
        head.lastHash = AuditChain.genesis
        try await head.create(on: db)
        if let sql = db as? any SQLDatabase {
            try await sql.create(index: "audit_target_idx").on("audit_entries").column("target_type").column("target_id").run()
        }
    }

    func revert(on db: any Database) async throws {
        try await db.schema("audit_head").delete()
        try await db.schema("audit_entries").delete()
    }
}
