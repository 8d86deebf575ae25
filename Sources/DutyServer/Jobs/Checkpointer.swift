import Foundation
import SQLKit
import Vapor

/// Asks the writer to copy the SQLite write-ahead log into the database file four times a
/// second, between two groups of commits (GroupCommit.checkpoint), instead of SQLite doing it
/// inside a commit every 1,000 pages. Durability does not depend on it: a commit is durable
/// once it is in the log.
final class Checkpointer: @unchecked Sendable {
    static let interval: TimeInterval = 0.25
    let app: Application
    private var loop: Task<Void, Never>?

    init(app: Application) { self.app = app }

    func start() async throws {
        let w = app.writer
        guard w.isSQLite else { return }
        let writer = app.databases.database(w.id, logger: app.logger, on: w.eventLoop)! as! any SQLDatabase
        try await writer.raw("PRAGMA wal_autocheckpoint = 0").run()
        let commits = app.groupCommit
        loop = Task {
            while !Task.isCancelled {
                try? await Task.sleep(nanoseconds: UInt64(Self.interval * 1_000_000_000))
                if Task.isCancelled { return }
                await commits.checkpoint()
            }
        }
    }

    func stop() async {
        guard let loop else { return }
        loop.cancel()
        await loop.value
        let w = app.writer
        if let writer = app.databases.database(w.id, logger: app.logger, on: w.eventLoop) as? any SQLDatabase {
            try? await writer.raw("PRAGMA wal_autocheckpoint = 1000").run()
            try? await writer.raw("PRAGMA wal_checkpoint(PASSIVE)").run()
        }
    }
}

extension Application {
    private struct CheckpointerKey: StorageKey { typealias Value = Checkpointer }
    var checkpointer: Checkpointer { service(CheckpointerKey.self) { Checkpointer(app: self) } }
}
