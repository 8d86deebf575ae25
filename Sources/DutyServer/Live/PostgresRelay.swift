import Foundation
import Logging
import NIOConcurrencyHelpers
import PostgresKit
import PostgresNIO
import Vapor

/// Carries live events between DutyRoom instances sharing one PostgreSQL: each instance
/// NOTIFYs its events on one channel and LISTENs on a dedicated connection for the others'.
final class PostgresRelay: @unchecked Sendable {
    static let channel = "dutyroom_live"

    struct Envelope: Codable {
        var origin: String
        var event: LiveEvent
    }

    let app: Application
    let configuration: PostgresConnection.Configuration
    let origin = UUID().uuidString
    private var task: Task<Void, Never>?
    private let lock = NIOLock()
    private var connection: PostgresConnection?

    init(app: Application, url: URL) throws {
        self.app = app
        self.configuration = try SQLPostgresConfiguration(url: url).coreConfiguration
    }

    func start() {
        let hub = app.live
        let origin = self.origin
        hub.relay = { [app] event in
            guard let data = try? JSONCoders.encoder.encode(Envelope(origin: origin, event: event)) else { return }
            let payload = String(decoding: data, as: UTF8.self)
            do {
                try await (app.db as! any SQLDatabase).raw("SELECT pg_notify(\(bind: Self.channel), \(bind: payload))").run()
            } catch {
                app.logger.warning("live relay: NOTIFY failed: \(error)")
            }
        }
        task = Task { [weak self] in
            // Reconnect after a lost connection; events in the gap are seen on the next reload.
            while !Task.isCancelled {
                guard let self else { return }
                do {
                    try await self.listen()
                } catch {
                    self.app.logger.warning("live relay: LISTEN connection lost: \(error)")
                }
                try? await Task.sleep(nanoseconds: 1_000_000_000)
            }
        }
    }

    private func listen() async throws {
        let connection = try await PostgresConnection.connect(configuration: configuration, id: 1, logger: app.logger)
        lock.withLock { self.connection = connection }
        defer {
            lock.withLock { self.connection = nil }
            Task { try? await connection.close() }
        }
        let notifications = try await connection.listen(Self.channel)
        for try await n in notifications {
            guard let env = try? JSONCoders.decoder.decode(Envelope.self, from: Data(n.payload.utf8)), env.origin != origin else { continue }
            app.live.deliverLocally(env.event)
        }
    }

    /// Ends the listening connection, which ends the loop; waits for it.
    func stop() async {
        task?.cancel()
        app.live.relay = nil
        let c = lock.withLock { connection }
        try? await c?.close()
        await task?.value
    }
}

extension Application {
    private struct RelayKey: StorageKey { typealias Value = PostgresRelay }
    var postgresRelay: PostgresRelay? {
        get { storage[RelayKey.self] }
        set { storage[RelayKey.self] = newValue }
    }
}

/// Starts the watcher, the roll-call scheduler, the outbox worker and the relay when the application boots, and
/// stops them on shutdown.
struct JobsLifecycle: LifecycleHandler {
    func didBootAsync(_ app: Application) async throws {
        if case .postgres(let url) = app.config.database {
            let relay = try PostgresRelay(app: app, url: url)
            app.postgresRelay = relay
            relay.start()
        }
        try await app.checkpointer.start()
        let worker = OutboxWorker(app: app, url: app.config.notifyWebhookURL.map { URI(string: $0.absoluteString) })
        app.outboxWorker = worker
        worker.start()
        let watcher = app.deadlineWatcher
        let cache = app.readCache
        app.live.onEvent = { event in
            if event.kind == LiveEvent.sessionsEnded { return cache.invalidate() }
            if !event.kind.hasPrefix("alarm."), event.armedBy != watcher.instance { watcher.touch(caseID: event.caseID) }
        }
        watcher.start()
        app.rollCallScheduler.start()
    }

    func shutdownAsync(_ app: Application) async {
        app.live.onEvent = nil
        await app.postgresRelay?.stop()
        await app.deadlineWatcher.stop()
        await app.rollCallScheduler.stop()
        await app.outboxWorker?.stop()
        await app.checkpointer.stop()
        app.live.shutdown()
    }
}
