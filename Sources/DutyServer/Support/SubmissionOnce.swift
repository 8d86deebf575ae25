import DutyCore
import Fluent
import Vapor

final class SubmissionKey: Model, @unchecked Sendable {
    static let schema = "submission_keys"

    /// "<account>|<operation>|<client's key>": one client's key never meets another's.
    @ID(custom: "key", generatedBy: .user) var id: String?
    @Field(key: "target_id") var targetID: UUID
    @Field(key: "created_at") var createdAt: Date

    init() {}
}

/// Submitting the same thing twice makes one record (issue: pressing back and saving again, a
/// client retrying after a timeout). The client names the submission — the API's
/// `Idempotency-Key` header, the intake form's hidden `_once` token — and the first record made
/// under that name is the answer to every repeat.
enum SubmissionOnce {
    static let header = "Idempotency-Key"

    /// The key for `operation` by `actor`, or nil without one; refuses a key no client would send.
    static func key(_ raw: String?, operation: String, actor: Actor) throws -> String? {
        guard let raw = raw?.trimmingCharacters(in: .whitespaces), !raw.isEmpty else { return nil }
        guard raw.count <= 128, raw.unicodeScalars.allSatisfy({ $0.isASCII && $0.value > 32 && $0.value < 127 }) else {
            throw DutyError.field(header, "Idempotency-Key 应为不超过128个可见ASCII字符")
        }
        return "\(actor.user.id?.uuidString ?? actor.user.username)|\(operation)|\(raw)"
    }

    /// The record an earlier submission under `key` made.
    static func existing(_ key: String, on db: any Database) async throws -> UUID? {
        try await SubmissionKey.find(key, on: db)?.targetID
    }

    /// Inside the submission's transaction, beside the record it makes: a second submission
    /// racing the first fails on the key and finds the first's record.
    static func record(_ key: String, target: UUID, now: Date, on db: any Database) async throws {
        let k = SubmissionKey()
        k.id = key
        k.targetID = target
        k.createdAt = now
        try await k.create(on: db)
    }

    /// The submission was made before: its record's id.
    struct Repeated: Error {
        let target: UUID
    }

    /// Runs `write` in one transaction with the key recorded, or finds what a submission under
    /// the same key made (before, or at the same moment on another connection).
    static func once(_ key: String, target: UUID, ctx: ServiceContext, _ write: @escaping @Sendable (any Database) async throws -> Void) async throws
        -> UUID?
    {
        do {
            try await ctx.write { db in
                if let earlier = try await existing(key, on: db) { throw Repeated(target: earlier) }
                try await record(key, target: target, now: ctx.now, on: db)
                try await write(db)
            }
            return nil
        } catch let r as Repeated {
            return r.target
        } catch {
            if let earlier = try await existing(key, on: ctx.db) { return earlier }
            throw error
        }
    }
}
