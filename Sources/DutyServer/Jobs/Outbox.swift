import DutyCore
import Fluent
import Foundation
import NIOConcurrencyHelpers
import SQLKit
import Vapor

enum Outbox {
    /// Queued in the caller's transaction, so a notification exists exactly when its cause does.
    static func enqueue(_ notice: OutboundNotice, unitID: UUID, now: Date, on db: any Database) async throws {
        let m = OutboxMessage()
        m.id = UUID.timeOrdered(at: now)
        m.createdAt = now
        m.unitID = unitID
        m.event = notice.event
        m.payload = String(decoding: try JSONCoders.encoder.encode(notice), as: UTF8.self)
        m.status = "pending"
        m.attempts = 0
        m.nextAttemptAt = now
        m.lastError = ""
        try await m.create(on: db)
    }
}

/// Delivers the outbox to the notification gateway's webhook (an SMS or fax gateway takes
/// the JSON as it is), with retries. Each message is claimed by one instance at a time.
final class OutboxWorker: @unchecked Sendable {
    let app: Application
    let url: URI?
    private var loop: Task<Void, Never>?
    private let lock = NIOLock()
    private var wake: AsyncStream<Void>.Continuation?

    init(app: Application, url: URI?) {
        self.app = app
        self.url = url
    }

    func start(pollEvery seconds: Double = 5) {
        let (stream, continuation) = AsyncStream<Void>.makeStream(bufferingPolicy: .bufferingNewest(1))
        lock.withLock { wake = continuation }
        loop = Task { [weak self] in
            var it = stream.makeAsyncIterator()
            while !Task.isCancelled {
                guard let self else { return }
                _ = try? await self.deliverDue(now: self.app.clock.now())
                let sleeper = Task { [weak self] in
                    try? await Task.sleep(nanoseconds: UInt64(seconds * 1_000_000_000))
                    if !Task.isCancelled { self?.nudge() }
                }
                let woke = await it.next()
                sleeper.cancel()
                if woke == nil { return }
            }
        }
    }

    func nudge() { lock.withLock { wake }?.yield() }

    func stop() async {
        loop?.cancel()
        lock.withLock { wake }?.finish()
        await loop?.value
    }

    /// Tries every message that is due; returns how many were delivered.
    @discardableResult
    func deliverDue(now: Date) async throws -> Int {
        guard let url else { return 0 }
        let due = try await OutboxMessage.query(on: app.db).filter(\.$status == "pending").filter(\.$nextAttemptAt <= now).sort(\.$createdAt).limit(50).all()
        var delivered = 0
        for m in due {
            // Claim it: only the instance whose update changes the row sends it.
            let claimed = try await app.write { db -> Bool in
                let rows = try await (db as! any SQLDatabase).update(OutboxMessage.schema).set("status", to: "sending")
                    .where("id", .equal, m.id!).where("status", .equal, "pending").returning("id").all()
                return !rows.isEmpty
            }
            guard claimed else { continue }
            var failure = ""
            do {
                let res = try await app.client.post(url, headers: ["X-DutyRoom-Message-Id": m.id!.uuidString, "Content-Type": "application/json"]) { req in
                    req.body = ByteBuffer(string: m.payload)
                }
                if !(200..<300).contains(res.status.code) { failure = "网关返回 \(res.status.code)" }
            } catch {
                failure = "网关无法连接：\(error)"
            }
            let attempts = m.attempts + 1
            let finishedAt = app.clock.now()
            try await app.write { db in
                m.attempts = attempts
                if failure.isEmpty {
                    m.status = "delivered"
                    m.deliveredAt = finishedAt
                    m.lastError = ""
                } else if let delay = RetrySchedule.delay(afterAttempt: attempts) {
                    m.status = "pending"
                    m.nextAttemptAt = finishedAt.addingTimeInterval(delay)
                    m.lastError = failure
                } else {
                    m.status = "failed"
                    m.lastError = failure
                }
                try await m.save(on: db)
            }
            if failure.isEmpty { delivered += 1 }
        }
        return delivered
    }
}

extension Application {
    private struct OutboxKey: StorageKey { typealias Value = OutboxWorker }
    var outboxWorker: OutboxWorker? {
        get { storage[OutboxKey.self] }
        set { storage[OutboxKey.self] = newValue }
    }
}
