import Foundation

/// GB/T 22239 level 3 login failure handling: after `maxFailures` consecutive failures the
/// account is locked for `lockDuration`; idle sessions end after `idleTimeout`.
public struct LoginPolicy: Sendable {
    public var maxFailures: Int
    public var lockDuration: TimeInterval
    public var idleTimeout: TimeInterval

    public static let standard = LoginPolicy(maxFailures: 5, lockDuration: 15 * 60, idleTimeout: 30 * 60)

    /// One address may fail this often within `addressWindow` before it must wait: enough
    /// for a duty room's shared desk, too few to lock several accounts from one place. It
    /// stops the address, not the account, so the night officer can still log in elsewhere.
    public var addressMaxFailures = 20
    public var addressWindow: TimeInterval = 10 * 60

    public func addressThrottled(failuresInWindow: Int) -> Bool { failuresInWindow >= addressMaxFailures }

    /// Consecutive failures are counted from the last successful login or the end of the last
    /// lock (an administrator's unlock ends it at once), whichever is later.
    public func failuresCountedFrom(lastLogin: Date?, lockedUntil: Date?, now: Date) -> Date {
        let lockEnd = lockedUntil.flatMap { $0 <= now ? $0 : nil }
        return [lastLogin, lockEnd].compactMap { $0 }.max() ?? .distantPast
    }

    /// How many more wrong passwords before the lock; what the login page says.
    public func remaining(afterFailures failures: Int) -> Int { max(0, maxFailures - failures) }

    public init(maxFailures: Int, lockDuration: TimeInterval, idleTimeout: TimeInterval) {
        self.maxFailures = maxFailures
        self.lockDuration = lockDuration
        self.idleTimeout = idleTimeout
    }

    public struct FailureState: Equatable, Sendable {
        public var failedCount: Int
        public var lockedUntil: Date?
        public init(failedCount: Int, lockedUntil: Date?) {
            self.failedCount = failedCount
            self.lockedUntil = lockedUntil
        }
    }

    public func isLocked(_ state: FailureState, now: Date) -> Bool {
        if let until = state.lockedUntil, until > now { return true }
        return false
    }

    /// The state after one more failed attempt. A lock that ran out starts a fresh count.
    public func afterFailure(_ state: FailureState, now: Date) -> FailureState {
        var count = state.failedCount
        if let until = state.lockedUntil, until <= now { count = 0 }
        count += 1
        if count >= maxFailures {
            return FailureState(failedCount: count, lockedUntil: now.addingTimeInterval(lockDuration))
        }
        return FailureState(failedCount: count, lockedUntil: nil)
    }

    public func sessionExpired(lastSeen: Date, now: Date) -> Bool {
        now.timeIntervalSince(lastSeen) >= idleTimeout
    }
}
