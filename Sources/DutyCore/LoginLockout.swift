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

    /// A wall display stays signed in this long after it was enabled, whatever it does: it
    /// never types, so the idle rule cannot apply, and an administrator can revoke it at once.
    public var displayLifetime: TimeInterval = 90 * 24 * 3600

    /// When a session ends if nothing renews it: an officer's `idleTimeout` after their last
    /// activity; a wall display's `displayLifetime` after it was enabled.
    public func sessionEnds(kind: SessionKind, createdAt: Date, lastSeen: Date) -> Date {
        kind == .display ? createdAt.addingTimeInterval(displayLifetime) : lastSeen.addingTimeInterval(idleTimeout)
    }

    public func sessionExpired(kind: SessionKind, createdAt: Date, lastSeen: Date, now: Date) -> Bool {
        now >= sessionEnds(kind: kind, createdAt: createdAt, lastSeen: lastSeen)
    }
}

/// How a session was opened: the login page, the API's login, or a wall display enabled by
/// its unit administrator with a one-time code.
public enum SessionKind: String, Codable, CaseIterable, Sendable {
    case web, api, display

    /// A stored kind this version does not know is read as a web session: the strictest.
    public init(stored: String) { self = SessionKind(rawValue: stored) ?? .web }

    /// How the audit trail names the way someone signed in.
    public var title: String {
        switch self {
        case .web: return "网页登录"
        case .api: return "接口登录"
        case .display: return "值班大屏启用"
        }
    }
}

/// 大屏启用码: the one-time code an administrator reads off the 值班大屏 page and types on the
/// wall screen's browser (or opens as a link). Eight letters and digits without the easily
/// confused 0 O 1 I L, shown as two groups of four; valid for `validity` after it was made.
public enum DisplayPairingCode {
    public static let alphabet = Array("ABCDEFGHJKMNPQRSTUVWXYZ23456789")
    public static let length = 8
    public static let validity: TimeInterval = 10 * 60

    public static func make<G: RandomNumberGenerator>(using generator: inout G) -> String {
        String((0..<length).map { _ in alphabet.randomElement(using: &generator)! })
    }

    /// "ABCD-EFGH", as the page shows it.
    public static func shown(_ code: String) -> String {
        code.count == length ? String(code.prefix(4)) + "-" + String(code.suffix(4)) : code
    }

    /// What was typed, as stored: upper case, without spaces and dashes; nil if it cannot be a code.
    public static func normalized(_ typed: String) -> String? {
        let code = typed.uppercased().filter { !" -\t".contains($0) }
        guard code.count == length, code.allSatisfy({ alphabet.contains($0) }) else { return nil }
        return code
    }

    public static func isValid(issuedAt: Date, now: Date) -> Bool { now >= issuedAt && now.timeIntervalSince(issuedAt) < validity }
}
