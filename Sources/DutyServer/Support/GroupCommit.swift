import Fluent
import SQLKit
import Vapor

/// Group commit. Every write of the server on SQLite, and new incident rows on PostgreSQL
/// (`InsertSet`), go through one connection; the writes that
/// queue up while a transaction runs are committed together in the next one, each inside its
/// own savepoint. One fsync (SQLite's synchronous=FULL, PostgreSQL's commit) then covers the
/// whole group, so an acknowledged write survives power loss at close to the speed of
/// synchronous=NORMAL; on PostgreSQL the audit chain's head row is locked once per group. A request's write
/// that fails rolls back to its savepoint alone; a commit that fails fails every request of
/// the group, and none of them has been acknowledged.
actor GroupCommit {
    private struct Pending {
        /// Rows inserted together with the other requests' rows, when that is all the write is.
        var rows: InsertSet?
        let job: @Sendable (any Database) async throws -> any Sendable
        let continuation: CheckedContinuation<any Sendable, any Error>
    }

    private var queue: [Pending] = []
    private var draining = false
    /// Set by `checkpoint()`: copy the log into the database between two groups.
    private var checkpointDue = false
    private let database: @Sendable () -> any Database
    let maxBatch: Int
    /// Groups committed and writes in them, for /metrics and the benchmark notes.
    private(set) var groups = 0
    private(set) var writes = 0
    /// Writes whose rows went in with the rows of other writes (one statement per table).
    private(set) var mergedWrites = 0

    init(maxBatch: Int = 64, database: @escaping @Sendable () -> any Database) {
        self.maxBatch = maxBatch
        self.database = database
    }

    func submit<T: Sendable>(_ body: @escaping @Sendable (any Database) async throws -> T) async throws -> T {
        let value = try await withCheckedThrowingContinuation { (c: CheckedContinuation<any Sendable, any Error>) in
            enqueue(Pending(rows: nil, job: { db in try await body(db) }, continuation: c))
        }
        return value as! T
    }

    /// Inserts a request's new rows. The rows of every such request in a group go in with one
    /// statement per table; should that fail, each request's rows are tried on their own, so
    /// one bad request fails alone.
    func submit(_ rows: InsertSet) async throws {
        _ = try await withCheckedThrowingContinuation { (c: CheckedContinuation<any Sendable, any Error>) in
            enqueue(
                Pending(
                    rows: rows,
                    job: { db in
                        try await rows.insert(on: db); return true
                    }, continuation: c))
        }
    }

    /// Copies the write-ahead log into the database file between two groups, on the writer's
    /// connection outside any transaction, so the copy can complete and the log restarts
    /// instead of growing. SQLite would otherwise do it inside a commit every 1,000 pages,
    /// copying a busy page once per checkpoint; on a timer each changed page is copied once.
    func checkpoint() {
        checkpointDue = true
        if !draining {
            draining = true
            Task { await self.drain() }
        }
    }

    private func enqueue(_ p: Pending) {
        queue.append(p)
        if !draining {
            draining = true
            Task { await self.drain() }
        }
    }

    private func drain() async {
        while !queue.isEmpty || checkpointDue {
            if checkpointDue {
                checkpointDue = false
                do { try await (database() as! any SQLDatabase).raw("PRAGMA wal_checkpoint(PASSIVE)").run() } catch {}
                continue
            }
            let batch = Array(queue.prefix(maxBatch))
            queue.removeFirst(batch.count)
            do {
                let (results, together) = try await database().transaction { tx -> ([Result<any Sendable, any Error>?], Int) in
                    let sql = tx as! any SQLDatabase
                    var results = [Result<any Sendable, any Error>?](repeating: nil, count: batch.count)
                    var together = 0
                    let merged = batch.indices.filter { batch[$0].rows != nil }
                    if merged.count > 1 {
                        try await sql.raw("SAVEPOINT rows").run()
                        do {
                            try await InsertSet.merged(merged.map { batch[$0].rows! }).insert(on: tx)
                            try await sql.raw("RELEASE rows").run()
                            for i in merged { results[i] = .success(true) }
                            together = merged.count
                        } catch {
                            try await sql.raw("ROLLBACK TO rows").run()
                            try await sql.raw("RELEASE rows").run()
                        }
                    }
                    for (i, p) in batch.enumerated() where results[i] == nil {
                        try await sql.raw("SAVEPOINT w\(unsafeRaw: String(i))").run()
                        do {
                            let v = try await p.job(tx)
                            try await sql.raw("RELEASE w\(unsafeRaw: String(i))").run()
                            results[i] = .success(v)
                        } catch {
                            try await sql.raw("ROLLBACK TO w\(unsafeRaw: String(i))").run()
                            try await sql.raw("RELEASE w\(unsafeRaw: String(i))").run()
                            results[i] = .failure(error)
                        }
                    }
                    return (results, together)
                }
                groups += 1
                writes += batch.count
                mergedWrites += together
                for (p, r) in zip(batch, results) { p.continuation.resume(with: r!) }
            } catch {
                for p in batch { p.continuation.resume(throwing: error) }
            }
        }
        draining = false
    }
}
