import DutyCore
import Foundation
import NIOConcurrencyHelpers
import Vapor

/// A change that browsers showing a board should hear about: the unit paths it touches
/// (the incident's holder and everyone up the chain see it through the access rule).
struct LiveEvent: Codable, Sendable, Equatable {
    var kind: String
    var caseID: String
    var unitPaths: [String]
    var at: Date
    /// Not shown on any board: tells the other instances to drop cached sessions.
    static let sessionsEnded = "sessions.ended"

    /// The deadline watcher that already knows this change's clocks (it need not re-read them).
    var armedBy: String? = nil

    /// Who may hear it: a subscriber whose unit covers one of the touched units.
    func isVisible(to path: UnitPath) -> Bool {
        unitPaths.contains { UnitPath($0).map { AccessRule.canSee(actor: path, target: $0) } ?? false }
    }
}

/// Fans events out to the browsers connected to this instance. With several instances on
/// one PostgreSQL, `PostgresRelay` carries each event to the others through NOTIFY.
final class LiveHub: @unchecked Sendable {
    private struct Subscriber {
        let path: UnitPath
        let continuation: AsyncStream<LiveEvent>.Continuation
    }

    private let lock = NIOLock()
    private var subscribers: [UUID: Subscriber] = [:]
    /// Set when a relay forwards local events to other instances.
    var relay: (@Sendable (LiveEvent) async -> Void)?

    var subscriberCount: Int { lock.withLock { subscribers.count } }

    func subscribe(path: UnitPath) -> (UUID, AsyncStream<LiveEvent>) {
        let id = UUID()
        let (stream, continuation) = AsyncStream<LiveEvent>.makeStream(bufferingPolicy: .bufferingNewest(64))
        lock.withLock { subscribers[id] = Subscriber(path: path, continuation: continuation) }
        continuation.onTermination = { [weak self] _ in self?.unsubscribe(id) }
        return (id, stream)
    }

    func unsubscribe(_ id: UUID) {
        let sub = lock.withLock { subscribers.removeValue(forKey: id) }
        sub?.continuation.finish()
    }

    /// Delivers to this instance's subscribers only.
    func deliverLocally(_ event: LiveEvent) {
        let targets = lock.withLock { subscribers.values.filter { event.isVisible(to: $0.path) } }
        for t in targets { t.continuation.yield(event) }
        onEvent?(event)
    }

    /// Called for every event, local or relayed (the deadline watcher re-arms its timer).
    var onEvent: (@Sendable (LiveEvent) -> Void)?

    /// Delivers here and, through the relay, to the other instances.
    func publish(_ event: LiveEvent) async {
        deliverLocally(event)
        if let relay { await relay(event) }
    }

    func shutdown() {
        let all = lock.withLock { () -> [Subscriber] in
            let s = Array(subscribers.values)
            subscribers.removeAll()
            return s
        }
        for s in all { s.continuation.finish() }
    }
}

extension Application {
    private struct LiveKey: StorageKey { typealias Value = LiveHub }
    var live: LiveHub { service(LiveKey.self) { LiveHub() } }
}

/// Server-Sent Events: one `event: change` per relevant event, a comment every 15 s so
/// proxies keep the connection open.
enum LiveStream {
    /// How often an open stream checks that its session is still live: when it has ended
    /// (idle timeout, logout, revoked) the stream says so and closes, so an open board never
    /// silently stops receiving.
    static let sessionCheckSeconds: UInt64 = 5

    static func response(for req: Request, path: UnitPath) -> Response {
        let hub = req.application.live
        let sessionID = req.actor?.session.id
        let app = req.application
        let (id, stream) = hub.subscribe(path: path)
        let res = Response(status: .ok)
        res.headers.contentType = HTTPMediaType(type: "text", subType: "event-stream", parameters: ["charset": "utf-8"])
        res.headers.replaceOrAdd(name: .cacheControl, value: "no-cache")
        res.headers.replaceOrAdd(name: "X-Accel-Buffering", value: "no")
        res.body = .init(asyncStream: { writer in
            do {
                try await writer.write(.buffer(ByteBuffer(string: "retry: 3000\n: connected\n\n")))
                try await withThrowingTaskGroup(of: Void.self) { group in
                    group.addTask {
                        for await event in stream {
                            let data = try JSONCoders.encoder.encode(event)
                            try await writer.write(.buffer(ByteBuffer(string: "event: change\ndata: " + String(decoding: data, as: UTF8.self) + "\n\n")))
                        }
                    }
                    group.addTask {
                        var beats: UInt64 = 0
                        while !Task.isCancelled {
                            try await Task.sleep(for: .seconds(Int(sessionCheckSeconds)))
                            beats += 1
                            if let sessionID, !(await Self.sessionIsLive(sessionID, app: app)) {
                                try await writer.write(.buffer(ByteBuffer(string: "event: session-ended\ndata: {}\n\n")))
                                return
                            }
                            if beats % 3 == 0 { try await writer.write(.buffer(ByteBuffer(string: ": keep-alive\n\n"))) }
                        }
                    }
                    try await group.next()
                    group.cancelAll()
                }
            } catch {}
            hub.unsubscribe(id)
            try? await writer.write(.end)
        })
        return res
    }

    /// The stored row decides, not a cache: another instance may have ended it.
    static func sessionIsLive(_ id: String, app: Application) async -> Bool {
        let found: SessionRecord?
        do { found = try await SessionRecord.find(id, on: app.db) } catch { return true }  // the database away is not a logout
        guard let s = found else { return false }
        return s.endedAt == nil && !s.expired(now: app.clock.now())
    }
}
