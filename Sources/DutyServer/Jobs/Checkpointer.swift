import Foundation
import SQLKit
import Vapor

/// Copies the SQLite write-ahead log into the database file once a second, off the commit
/// path. Left to SQLite, the writer checkpoints inside a commit every 1,000 pages, making
/// that commit's requests wait, and copies a page as often as it was checkpointed; once a
/// second, each changed page is copied once. Durability does not depend on it: a commit is
/// durable once it is in the log.
final class Checkpointer: @unchecked Sendable {
    static let interval: TimeInterval = 1
    let app: Application
    private var loop: Task<Void, Never>?

    init(app: Application) { self.app = app }

    func start() async throws {
        let w = app.writer
        guard w.isSQLite else { return }
        let writer = app.databases.database(w.id, logger: app.logger, on: w.eventLoop)! as! any SQLDatabase
        try await writer.raw("PRAGMA wal_autocheckpoint = 0").run()
        loop = Task { [weak self] in
            while !Task.isCancelled {
                try? await Task.sleep(nanoseconds: UInt64(Self.interval * 1_000_000_000))
                guard let self, !Task.isCancelled else { return }
                await self.checkpoint()
            }
        }
    }

    /// PASSIVE: never waits for readers or the writer; what it cannot copy now waits a second.
    func checkpoint() async {
        let loop = app.eventLoopGroup.any()
        guard let db = app.databases.database(app.writer.id, logger: app.logger, on: loop) as? any SQLDatabase else { return }
        do { try await db.raw("PRAGMA wal_checkpoint(PASSIVE)").run() } catch { app.logger.warning("checkpoint: \(error)") }
    }

    func stop() async {
        loop?.cancel()
        await loop?.value
        await checkpoint()
        let w = app.writer
        if let writer = app.databases.database(w.id, logger: app.logger, on: w.eventLoop) as? any SQLDatabase {
            try? await writer.raw("PRAGMA wal_autocheckpoint = 1000").run()
        }
    }
}

extension Application {
    private struct CheckpointerKey: StorageKey { typealias Value = Checkpointer }
    var checkpointer: Checkpointer {
        if let c = storage[CheckpointerKey.self] { return c }
        let c = Checkpointer(app: self)
        storage[CheckpointerKey.self] = c
        return c
    }
}
