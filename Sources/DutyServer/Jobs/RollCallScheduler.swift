import DutyCore
import Fluent
import Foundation
import NIOConcurrencyHelpers
import Vapor

/// Starts each unit's daily roll call at its scheduled time (default 08:30 Shanghai). A timer
/// sleeps until the next scheduled instant; every instance runs one, and the roll call's unique
/// key on (unit, date) lets exactly one of them start it.
final class RollCallScheduler: @unchecked Sendable {
    let app: Application
    private let lock = NIOLock()
    private var loop: Task<Void, Never>?
    private var wake: AsyncStream<Void>.Continuation?

    init(app: Application) { self.app = app }

    func start() {
        let (stream, continuation) = AsyncStream<Void>.makeStream(bufferingPolicy: .bufferingNewest(1))
        lock.withLock { wake = continuation }
        loop = Task { [weak self] in
            var wakeups = stream.makeAsyncIterator()
            while !Task.isCancelled {
                guard let self else { return }
                var delay: TimeInterval = 3600
                do {
                    let now = self.app.clock.now()
                    try await self.startDue(now: now)
                    delay = try await self.secondsToNext(now: now)
                } catch {
                    self.app.logger.warning("roll-call scheduler: \(error)")
                    delay = 60
                }
                let sleeper = Task { [weak self] in
                    try? await Task.sleep(nanoseconds: UInt64(delay * 1_000_000_000))
                    if !Task.isCancelled { self?.reschedule() }
                }
                let woke = await wakeups.next()
                sleeper.cancel()
                if woke == nil { return }
            }
        }
    }

    /// A schedule changed: look again.
    func reschedule() { lock.withLock { wake }?.yield() }

    func stop() async {
        loop?.cancel()
        lock.withLock { wake }?.finish()
        await loop?.value
    }

    /// Capped at an hour so a changed unit tree is picked up without a wake-up of its own.
    private func secondsToNext(now: Date) async throws -> TimeInterval {
        let next = try await RollCallService.schedules(on: app.db).compactMap { RollCallRule.nextScheduled(time: $0.time, after: now) }.min()
        return min(max(next.map { $0.timeIntervalSince(now) } ?? 3600, 1), 3600)
    }

    /// Starts every scheduled roll call due at `now` that no trigger has started yet; returns
    /// the ones this call started.
    @discardableResult
    func startDue(now: Date) async throws -> [RollCall] {
        var started: [RollCall] = []
        for s in try await RollCallService.schedules(on: app.db) {
            guard let day = RollCallRule.dueScheduledDate(time: s.time, now: now) else { continue }
            do {
                if let call = try await RollCallService.start(
                    unit: s.unit, by: "system", limitSeconds: s.limit, scheduledDate: day, now: now, app: app, audit: nil)
                {
                    started.append(call)
                }
            } catch DutyDeskError.noSubordinatesToCall {
                continue
            }
        }
        return started
    }
}

extension Application {
    private struct SchedulerKey: StorageKey { typealias Value = RollCallScheduler }
    var rollCallScheduler: RollCallScheduler { service(SchedulerKey.self) { RollCallScheduler(app: self) } }
}
