import Foundation
import Vapor

/// The server's one clock. Live reads the system time; tests and demonstrations pin it.
public struct AppClock: Sendable {
    public var now: @Sendable () -> Date

    public init(now: @escaping @Sendable () -> Date) { self.now = now }

    public static let live = AppClock { Date() }

    public static func fixed(_ date: Date) -> AppClock { AppClock { date } }
}

/// A clock a test can move forward.
public final class MovableClock: @unchecked Sendable {
    private let lock = NSLock()
    private var current: Date
    public init(_ start: Date) { current = start }
    public var date: Date {
        lock.lock(); defer { lock.unlock() }
        return current
    }
    public func advance(_ seconds: TimeInterval) {
        lock.lock(); current = current.addingTimeInterval(seconds); lock.unlock()
    }
    public var clock: AppClock { AppClock { [self] in self.date } }
}

extension Application {
    private struct ClockKey: StorageKey { typealias Value = AppClock }
    public var clock: AppClock {
        get { storage[ClockKey.self] ?? .live }
        set { storage[ClockKey.self] = newValue }
    }

    private struct ConfigKey: StorageKey { typealias Value = AppConfig }
    public var config: AppConfig {
        get { storage[ConfigKey.self] ?? AppConfig() }
        set { storage[ConfigKey.self] = newValue }
    }
}

extension Request {
    public var now: Date { application.clock.now() }
}
