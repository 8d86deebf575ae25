import DutyCore
import Fluent
import Foundation

/// An audit-trail row. Appended only through `AuditLog`; no route updates or deletes it.
final class AuditEntry: Model, @unchecked Sendable {
    static let schema = "audit_entries"

    @ID(custom: "seq", generatedBy: .user) var id: Int64?
    @Field(key: "at") var at: Date
    @Field(key: "actor") var actor: String
    @Field(key: "unit_path") var unitPath: String
    @Field(key: "action") var action: String
    @Field(key: "target_type") var targetType: String
    @Field(key: "target_id") var targetID: String
    @Field(key: "outcome") var outcome: String
    @Field(key: "detail") var detail: String
    @Field(key: "ip") var ip: String
    @Field(key: "prev_hash") var prevHash: String
    @Field(key: "content_hash") var contentHash: String
    @Field(key: "hash") var hash: String

    init() {}

    init(_ e: StoredAuditEntry) {
        id = e.record.seq
        at = e.record.at
        actor = e.record.actor
        unitPath = e.record.unitPath
        action = e.record.action
        targetType = e.record.targetType
        targetID = e.record.targetID
        outcome = e.record.outcome
        detail = e.record.detail
        ip = e.record.ip
        prevHash = e.prevHash
        contentHash = e.contentHash
        hash = e.hash
    }

    var stored: StoredAuditEntry {
        StoredAuditEntry(
            record: AuditRecord(
                seq: id ?? 0, at: at, actor: actor, unitPath: unitPath, action: action, targetType: targetType,
                targetID: targetID, outcome: outcome, detail: detail, ip: ip),
            prevHash: prevHash, contentHash: contentHash, hash: hash)
    }
}

/// The chain head: the last sequence number and hash, locked by each append so that
/// appends from several instances on one PostgreSQL stay in one line.
final class AuditHead: Model, @unchecked Sendable {
    static let schema = "audit_head"
    @ID(custom: "id", generatedBy: .user) var id: Int?
    @Field(key: "last_seq") var lastSeq: Int64
    @Field(key: "last_hash") var lastHash: String
    init() {}
}
