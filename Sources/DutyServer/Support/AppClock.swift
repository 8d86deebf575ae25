import Foundation
import Vapor

/// The server's one clock. Live reads the system time; tests and demonstrations pin it.
public struct AppClock: Sendable {
    public var now: @Sendable () -> Date

    public init(now: @escaping @Sendable () -> Date) { self.now = now }

    public static let live = AppClock { Date() }

    public static func fixed(_ date: Date) -> AppClock { AppClock { date } }
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
