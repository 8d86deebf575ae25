import DutyCore
import Fluent
import Foundation
import SQLKit
import Vapor

/// Appends to the hash-chained audit trail inside the caller's transaction, so an entry
/// exists exactly when the change it records does.
enum AuditLog {
    struct Entry: Sendable {
        var actor: String
        var unitPath: String
        var action: String
        var targetType: String
        var targetID: String
        var outcome: String = "success"
        var detail: String = ""
        var ip: String = ""
    }

    @discardableResult
    static func append(_ e: Entry, at now: Date, on db: any Database) async throws -> StoredAuditEntry {
        try await append([(e, now)], on: db)[0]
    }

    /// Appends entries in order with one statement locking and reading the head, one insert
    /// and one update,
    /// however many there are.
    @discardableResult
    static func append(_ entries: [(Entry, Date)], on db: any Database) async throws -> [StoredAuditEntry] {
        let sql = db as! any SQLDatabase
        // Lock the head row first, reading it in the same statement: on PostgreSQL the row lock
        // orders appends from every instance; on SQLite the write lock is taken before
        // anything is read.
        guard let row = try await sql.raw("UPDATE audit_head SET last_seq = last_seq WHERE id = 1 RETURNING last_seq, last_hash").first() else {
            throw DutyError("audit_unavailable", .internalServerError, "审计日志不可用")
        }
        let head = (seq: try row.decode(column: "last_seq", as: Int64.self), hash: try row.decode(column: "last_hash", as: String.self))
        var sealed: [StoredAuditEntry] = []
        var (lastSeq, lastHash) = head
        for (e, now) in entries {
            let record = AuditRecord(
                seq: lastSeq + 1, at: now, actor: e.actor, unitPath: e.unitPath, action: e.action,
                targetType: e.targetType, targetID: e.targetID, outcome: e.outcome, detail: e.detail, ip: e.ip)
            let s = AuditChain.seal(record, lastSeq: lastSeq, lastHash: lastHash)
            sealed.append(s)
            (lastSeq, lastHash) = (s.record.seq, s.hash)
        }
        guard !sealed.isEmpty else { return [] }
        try await sealed.map(AuditEntry.init).insertRows(on: db)
        try await sql.raw("UPDATE audit_head SET last_seq = \(bind: lastSeq), last_hash = \(bind: lastHash) WHERE id = 1").run()
        return sealed
    }

    /// Walks the whole chain in pages and reports the first break.
    static func verify(on db: any Database) async throws -> AuditChain.Verification {
        let head = try await AuditHead.find(1, on: db)
        var entries: [StoredAuditEntry] = []
        var after: Int64 = 0
        while true {
            let page = try await AuditEntry.query(on: db).filter(\.$id > after).sort(\.$id).limit(5000).all()
            entries.append(contentsOf: page.map(\.stored))
            guard let last = page.last?.id, page.count == 5000 else { break }
            after = last
        }
        return AuditChain.verify(entries, headSeq: head?.lastSeq)
    }
}

extension Request {
    /// Records an action by the current actor.
    func audit(_ action: String, _ targetType: String, _ targetID: String, detail: String = "", outcome: String = "success", on db: any Database) async throws {
        let (entry, at) = auditEntry(action, targetType, targetID, detail: detail, outcome: outcome)
        try await AuditLog.append(entry, at: at, on: db)
    }

    /// The entry `audit` would append, for writes that insert their rows together.
    func auditEntry(_ action: String, _ targetType: String, _ targetID: String, detail: String = "", outcome: String = "success") -> (AuditLog.Entry, Date) {
        let actor = self.actor
        return (
            .init(
                actor: actor?.user.username ?? "anonymous", unitPath: actor?.unit.path ?? "",
                action: action, targetType: targetType, targetID: targetID, outcome: outcome, detail: detail,
                ip: remoteAddress?.ipAddress ?? ""),
            now
        )
    }
}

/// A change of one record's fields, as JSON in the audit detail, for change history.
struct FieldChanges: Codable, Sendable {
    var changes: [String: Change]
    struct Change: Codable, Sendable {
        var from: String?
        var to: String?
    }

    init() { changes = [:] }

    mutating func record(_ field: String, _ from: String?, _ to: String?) {
        if from != to { changes[field] = Change(from: from, to: to) }
    }

    var isEmpty: Bool { changes.isEmpty }

    var json: String {
        let enc = JSONEncoder()
        enc.outputFormatting = [.sortedKeys]
        return String(decoding: (try? enc.encode(self)) ?? Data(), as: UTF8.self)
    }

    static func parse(_ s: String) -> FieldChanges? {
        try? JSONDecoder().decode(FieldChanges.self, from: Data(s.utf8))
    }
}
