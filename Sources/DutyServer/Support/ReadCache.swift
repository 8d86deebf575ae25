import Foundation
import NIOConcurrencyHelpers
import Vapor

/// Rows read on nearly every request that change rarely: a session with its account and unit,
/// a unit's place name. An entry lives until any write of this instance that may change such
/// rows (every write except new incident rows and last-seen stamps), and at most `ttl`
/// seconds, which bounds how long another instance's change goes unseen. Cached objects are
/// shared between requests and never modified.
final class ReadCache: @unchecked Sendable {
    static let ttl: TimeInterval = 5
    static let capacity = 20_000

    private struct Entry {
        let generation: Int
        let loadedAt: TimeInterval
        let value: any Sendable
    }

    private let lock = NIOLock()
    private var generation = 0
    private var entries: [String: Entry] = [:]

    /// The cached value, or `load()`'s, kept when it is not nil.
    func value<T: Sendable>(_ key: String, load: () async throws -> T?) async throws -> T? {
        let uptime = ProcessInfo.processInfo.systemUptime
        let (gen, hit) = lock.withLock { (generation, entries[key]) }
        if let hit, hit.generation == gen, uptime - hit.loadedAt < Self.ttl, let v = hit.value as? T { return v }
        guard let fresh = try await load() else { return nil }
        lock.withLock {
            if entries.count >= Self.capacity { entries.removeAll(keepingCapacity: true) }
            // Stamped with the generation seen before loading: a write that landed meanwhile
            // makes it stale at once.
            entries[key] = Entry(generation: gen, loadedAt: uptime, value: fresh)
        }
        return fresh
    }

    func forget(_ key: String) { lock.withLock { _ = entries.removeValue(forKey: key) } }

    /// Called after every write that may change cached rows.
    func invalidate() {
        lock.withLock {
            generation += 1
            entries.removeAll(keepingCapacity: true)
        }
    }
}

extension Application {
    /// Sessions ended here (a logout, a disabled account): every instance drops its cached
    /// sessions at once instead of within `ReadCache.ttl`, through the live relay.
    func announceSessionsEnded(at now: Date) async {
        readCache.invalidate()
        await live.publish(LiveEvent(kind: LiveEvent.sessionsEnded, caseID: "", unitPaths: [], at: now))
    }

    private struct ReadCacheKey: StorageKey { typealias Value = ReadCache }
    var readCache: ReadCache { service(ReadCacheKey.self) { ReadCache() } }
}
