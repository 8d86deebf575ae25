import DutyCore
import Fluent
import NIOConcurrencyHelpers
import Vapor

/// What a service works with, built once per request by the controller (or by a command for
/// its own actor): who acts, the one instant the request happens at, the database to read,
/// and the application's writer, audit trail, live publisher and jobs. Services take this,
/// never the request, so the demo data and the commands go through the same code as a page.
struct ServiceContext: Sendable {
    let actor: Actor
    let now: Date
    /// Reads; writes go through `write`.
    let db: any Database
    /// The caller's address, for the audit trail.
    let ip: String
    let app: Application
    /// Set for a batch of many records in one transaction (the demo): `audit` collects the
    /// entries here and the batch appends them together before it commits.
    let auditBatch: AuditBatch?

    init(actor: Actor, now: Date, db: any Database, ip: String = "", app: Application, auditBatch: AuditBatch? = nil) {
        self.actor = actor
        self.now = now
        self.db = db
        self.ip = ip
        self.app = app
        self.auditBatch = auditBatch
    }

    /// One transaction: all of a service call's writes land together or not at all.
    func write<T: Sendable>(keepsCaches: Bool = false, _ body: @escaping @Sendable (any Database) async throws -> T) async throws -> T {
        try await app.write(keepsCaches: keepsCaches, body)
    }

    func write(_ rows: InsertSet) async throws { try await app.write(rows) }

    /// Records an action by the actor inside the caller's transaction.
    func audit(_ action: String, _ targetType: String, _ targetID: String, detail: String = "", outcome: String = "success", on db: any Database) async throws {
        let (entry, at) = auditEntry(action, targetType, targetID, detail: detail, outcome: outcome)
        if let auditBatch {
            auditBatch.add(entry, at: at)
        } else {
            try await AuditLog.append(entry, at: at, on: db)
        }
    }

    /// The entry `audit` would append, for writes that insert their rows together.
    func auditEntry(_ action: String, _ targetType: String, _ targetID: String, detail: String = "", outcome: String = "success") -> (AuditLog.Entry, Date) {
        (
            .init(
                actor: actor.user.username, unitPath: actor.unit.path, action: action, targetType: targetType, targetID: targetID,
                outcome: outcome, detail: detail, ip: ip),
            now
        )
    }

    /// Tells the boards that can see `unitPaths`.
    func publish(_ kind: String, caseID: String, unitPaths: [String], armedBy: String? = nil) async {
        await app.live.publish(LiveEvent(kind: kind, caseID: caseID, unitPaths: unitPaths, at: now, armedBy: armedBy))
    }

    func hashPassword(_ password: String) async throws -> String {
        try await app.password.async.hash(password)
    }
}

/// The audit entries of a batch, in order, appended in chunks inside the batch's transaction.
final class AuditBatch: @unchecked Sendable {
    private let lock = NIOLock()
    private var entries: [(AuditLog.Entry, Date)] = []

    func add(_ entry: AuditLog.Entry, at: Date) { lock.withLock { entries.append((entry, at)) } }

    func flush(on db: any Database) async throws {
        let all = lock.withLock {
            defer { entries = [] }
            return entries
        }
        for start in stride(from: 0, to: all.count, by: 500) {
            try await AuditLog.append(Array(all[start..<min(start + 500, all.count)]), on: db)
        }
    }
}

extension Request {
    /// The context for the logged-in actor; refuses an anonymous request.
    func context() throws -> ServiceContext {
        ServiceContext(actor: try requireActor(), now: now, db: db, ip: remoteAddress?.ipAddress ?? "", app: application)
    }
}
