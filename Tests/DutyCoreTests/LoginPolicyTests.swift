import Foundation
import XCTest

@testable import DutyCore

final class LoginPolicyTests: XCTestCase {
    private let policy = LoginPolicy.standard
    private let t0 = Date(timeIntervalSince1970: 1_717_171_717)
    private let clean = LoginPolicy.FailureState(failedCount: 0, lockedUntil: nil)

    private func fail(_ times: Int, from state: LoginPolicy.FailureState, at now: Date) -> LoginPolicy.FailureState {
        var s = state
        for _ in 0..<times { s = policy.afterFailure(s, now: now) }
        return s
    }

    func testStandardNumbers() {
        XCTAssertEqual(policy.maxFailures, 5)
        XCTAssertEqual(policy.lockDuration, 15 * 60)
        XCTAssertEqual(policy.idleTimeout, 30 * 60)
    }

    func testFourFailuresDoNotLock() {
        let s = fail(4, from: clean, at: t0)
        XCTAssertEqual(s, LoginPolicy.FailureState(failedCount: 4, lockedUntil: nil))
        XCTAssertFalse(policy.isLocked(s, now: t0))
    }

    func testFifthFailureLocksForFifteenMinutes() {
        let s = fail(5, from: clean, at: t0)
        XCTAssertEqual(s.failedCount, 5)
        XCTAssertEqual(s.lockedUntil, t0.addingTimeInterval(900))
        XCTAssertTrue(policy.isLocked(s, now: t0))
    }

    func testFailuresSpreadOverTimeStillCount() {
        var s = clean
        for i in 0..<5 { s = policy.afterFailure(s, now: t0.addingTimeInterval(Double(i) * 60)) }
        let fifth = t0.addingTimeInterval(240)
        XCTAssertEqual(s.lockedUntil, fifth.addingTimeInterval(900), "locked from the fifth failure")
    }

    func testStillLockedAt14m59sUnlockedAt15m() {
        let s = fail(5, from: clean, at: t0)
        XCTAssertTrue(policy.isLocked(s, now: t0.addingTimeInterval(14 * 60 + 59)))
        XCTAssertTrue(policy.isLocked(s, now: t0.addingTimeInterval(899.999)))
        XCTAssertFalse(policy.isLocked(s, now: t0.addingTimeInterval(15 * 60)))
        XCTAssertFalse(policy.isLocked(s, now: t0.addingTimeInterval(3600)))
    }

    func testAfterExpiryANewFailureCountsFromOne() {
        let locked = fail(5, from: clean, at: t0)
        let later = t0.addingTimeInterval(15 * 60)
        let s = policy.afterFailure(locked, now: later)
        XCTAssertEqual(s, LoginPolicy.FailureState(failedCount: 1, lockedUntil: nil))
        XCTAssertFalse(policy.isLocked(s, now: later))
        // And it takes five fresh failures to lock again.
        let four = fail(3, from: s, at: later)
        XCTAssertFalse(policy.isLocked(four, now: later))
        let five = policy.afterFailure(four, now: later)
        XCTAssertEqual(five.lockedUntil, later.addingTimeInterval(900))
    }

    func testFailureWhileLockedKeepsTheLock() {
        let locked = fail(5, from: clean, at: t0)
        let during = t0.addingTimeInterval(60)
        let s = policy.afterFailure(locked, now: during)
        XCTAssertTrue(policy.isLocked(s, now: during))
        XCTAssertTrue(policy.isLocked(s, now: t0.addingTimeInterval(14 * 60 + 59)))
    }

    func testUnlockedStateIsNotLocked() {
        XCTAssertFalse(policy.isLocked(clean, now: t0))
    }

    func testIdleTimeout() {
        XCTAssertFalse(policy.sessionExpired(kind: .web, createdAt: t0, lastSeen: t0, now: t0))
        XCTAssertFalse(policy.sessionExpired(kind: .web, createdAt: t0, lastSeen: t0, now: t0.addingTimeInterval(29 * 60 + 59)))
        XCTAssertTrue(policy.sessionExpired(kind: .web, createdAt: t0, lastSeen: t0, now: t0.addingTimeInterval(30 * 60)))
        XCTAssertTrue(policy.sessionExpired(kind: .web, createdAt: t0, lastSeen: t0, now: t0.addingTimeInterval(2 * 3600)))
    }

    /// A wall display never types: the idle rule does not end it, its lifetime does.
    func testADisplaySessionLivesItsLifetimeWhateverItDoes() {
        let day: TimeInterval = 86400
        XCTAssertFalse(policy.sessionExpired(kind: .display, createdAt: t0, lastSeen: t0, now: t0.addingTimeInterval(2 * 3600)))
        XCTAssertFalse(policy.sessionExpired(kind: .display, createdAt: t0, lastSeen: t0, now: t0.addingTimeInterval(89 * day)))
        XCTAssertTrue(policy.sessionExpired(kind: .display, createdAt: t0, lastSeen: t0.addingTimeInterval(89 * day), now: t0.addingTimeInterval(90 * day)))
        XCTAssertEqual(policy.sessionEnds(kind: .api, createdAt: t0, lastSeen: t0.addingTimeInterval(60)), t0.addingTimeInterval(31 * 60))
        XCTAssertEqual(SessionKind(stored: "something-new"), .web, "an unknown kind is held to the strictest rule")
    }

    func testADisplayCodeIsTypedAsShownAndLastsTenMinutes() {
        var rng = SystemRandomNumberGenerator()
        let code = DisplayPairingCode.make(using: &rng)
        XCTAssertEqual(code.count, 8)
        XCTAssertFalse(code.contains { "0O1IL".contains($0) }, "no characters that read alike on a screen: \(code)")
        let shown = DisplayPairingCode.shown(code)
        XCTAssertEqual(shown.count, 9)
        XCTAssertEqual(DisplayPairingCode.normalized(" " + shown.lowercased() + " "), code)
        XCTAssertNil(DisplayPairingCode.normalized("ABCD-EFG"))
        XCTAssertNil(DisplayPairingCode.normalized("ABCD-EFG0"), "0 is not in the alphabet")
        XCTAssertTrue(DisplayPairingCode.isValid(issuedAt: t0, now: t0.addingTimeInterval(9 * 60 + 59)))
        XCTAssertFalse(DisplayPairingCode.isValid(issuedAt: t0, now: t0.addingTimeInterval(10 * 60)))
        XCTAssertFalse(DisplayPairingCode.isValid(issuedAt: t0, now: t0.addingTimeInterval(-1)))
    }

    func testCustomPolicy() {
        let p = LoginPolicy(maxFailures: 3, lockDuration: 60, idleTimeout: 120)
        var s = clean
        for _ in 0..<2 { s = p.afterFailure(s, now: t0) }
        XCTAssertFalse(p.isLocked(s, now: t0))
        s = p.afterFailure(s, now: t0)
        XCTAssertEqual(s.lockedUntil, t0.addingTimeInterval(60))
        XCTAssertTrue(p.sessionExpired(kind: .web, createdAt: t0, lastSeen: t0, now: t0.addingTimeInterval(120)))
    }
}
