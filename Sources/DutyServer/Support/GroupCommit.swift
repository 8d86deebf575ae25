import Fluent
import SQLKit
import Vapor

/// SQLite group commit. Every write of the server goes through one connection; the writes that
/// queue up while a transaction runs are committed together in the next one, each inside its
/// own savepoint. One fsync (synchronous=FULL) then covers the whole group, so an acknowledged
/// write survives power loss at close to the speed of synchronous=NORMAL. A request's write
/// that fails rolls back to its savepoint alone; a commit that fails fails every request of
/// the group, and none of them has been acknowledged.
actor GroupCommit {
    private struct Pending {
        let job: @Sendable (any Database) async throws -> any Sendable
        let continuation: CheckedContinuation<any Sendable, any Error>
    }

    private var queue: [Pending] = []
    private var draining = false
    private let database: @Sendable () -> any Database
    let maxBatch: Int
    /// Groups committed and writes in them, for /metrics and the benchmark notes.
    private(set) var groups = 0
    private(set) var writes = 0

    init(maxBatch: Int = 64, database: @escaping @Sendable () -> any Database) {
        self.maxBatch = maxBatch
        self.database = database
    }

    func submit<T: Sendable>(_ body: @escaping @Sendable (any Database) async throws -> T) async throws -> T {
        let value = try await withCheckedThrowingContinuation { (c: CheckedContinuation<any Sendable, any Error>) in
            queue.append(Pending(job: { db in try await body(db) }, continuation: c))
            if !draining {
                draining = true
                Task { await self.drain() }
            }
        }
        return value as! T
    }

    private func drain() async {
        while !queue.isEmpty {
            let batch = Array(queue.prefix(maxBatch))
            queue.removeFirst(batch.count)
            do {
                let results = try await database().transaction { tx -> [Result<any Sendable, any Error>] in
                    let sql = tx as! any SQLDatabase
                    var results: [Result<any Sendable, any Error>] = []
                    for (i, p) in batch.enumerated() {
                        try await sql.raw("SAVEPOINT w\(unsafeRaw: String(i))").run()
                        do {
                            let v = try await p.job(tx)
                            try await sql.raw("RELEASE w\(unsafeRaw: String(i))").run()
                            results.append(.success(v))
                        } catch {
                            try await sql.raw("ROLLBACK TO w\(unsafeRaw: String(i))").run()
                            try await sql.raw("RELEASE w\(unsafeRaw: String(i))").run()
                            results.append(.failure(error))
                        }
                    }
                    return results
                }
                groups += 1
                writes += batch.count
                for (p, r) in zip(batch, results) { p.continuation.resume(with: r) }
            } catch {
                for p in batch { p.continuation.resume(throwing: error) }
            }
        }
        draining = false
    }
}
