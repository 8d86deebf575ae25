import Foundation
import XCTest

@testable import DutyCore

final class DeadlineClockTests: XCTestCase {
    /// A time on 2024-05-20 (Shanghai), the day of every worked example.
    private func t(_ hour: Int, _ minute: Int, _ second: Int = 0) -> Date { sh(2024, 5, 20, hour, minute, second) }

    private let shenyang = ShippedPolicies.shenyang.versions[0]
    private let henan = ShippedPolicies.national.versions[0]
    private let ordos = ShippedPolicies.ordos.versions[0]

    private func state(_ states: [DeadlineState], _ id: String, file: StaticString = #filePath, line: UInt = #line) -> DeadlineState? {
        let found = states.first { $0.rule.id == id }
        XCTAssertNotNil(found, "no state for \(id) in \(states.map(\.rule.id))", file: file, line: line)
        return found
    }

    func testWorkedExampleTimesAreShanghai() {
        XCTAssertEqual(t(14, 5), ISO8601DateFormatter().date(from: "2024-05-20T06:05:00Z"))
    }

    // MARK: - 沈阳

    func testShenyangWorkedExample() {
        // Received 14:05; phone report 14:12; written report 15:00; looked at 15:40.
        let facts = ClockFacts(receivedAt: t(14, 5), level: .large, milestones: [.notified: t(14, 12), .written: t(15, 0)])
        let states = DeadlineClock.evaluate(facts, policy: shenyang, now: t(15, 40))
        XCTAssertEqual(states.map(\.rule.id), ["shenyang.notified", "shenyang.written", "shenyang.detailed", "shenyang.final", "shenyang.followup"])

        let notified = state(states, "shenyang.notified")
        XCTAssertEqual(notified?.dueAt, t(14, 15))
        XCTAssertEqual(notified?.doneAt, t(14, 12))
        XCTAssertEqual(notified?.status, .met(early: 3 * 60))
        XCTAssertEqual(notified?.status.title, "已按时")

        let written = state(states, "shenyang.written")
        XCTAssertEqual(written?.dueAt, t(14, 55))
        XCTAssertEqual(written?.status, .late(by: 5 * 60))
        XCTAssertEqual(written?.status.title, "迟报")

        // Detailed is due 15:45; at 15:40 exactly 5 minutes remain, which is the warning threshold.
        let detailed = state(states, "shenyang.detailed")
        XCTAssertEqual(detailed?.dueAt, t(15, 45))
        XCTAssertNil(detailed?.doneAt)
        XCTAssertEqual(detailed?.status, .dueSoon(remaining: 5 * 60))
        XCTAssertEqual(detailed?.status.title, "即将到期")

        let final = state(states, "shenyang.final")
        XCTAssertNil(final?.dueAt)
        XCTAssertEqual(final?.status, .notStarted)
        XCTAssertEqual(final?.status.title, "未开始")

        // 较大: the local follow-up rule, at least an hour after receipt, so first at 17:00.
        let followUp = state(states, "shenyang.followup")
        XCTAssertEqual(followUp?.dueAt, t(17, 0))
        XCTAssertEqual(followUp?.occurrence, 1)
        XCTAssertEqual(followUp?.status, .running(remaining: 80 * 60))
    }

    func testShenyangDetailedAroundTheWarningAndDueInstants() {
        let facts = ClockFacts(receivedAt: t(14, 5), level: .ordinary)
        func detailed(at now: Date) -> ClockStatus? { state(DeadlineClock.evaluate(facts, policy: shenyang, now: now), "shenyang.detailed")?.status }
        XCTAssertEqual(detailed(at: t(14, 5)), .running(remaining: 100 * 60))
        XCTAssertEqual(detailed(at: t(15, 39, 59)), .running(remaining: 5 * 60 + 1))
        XCTAssertEqual(detailed(at: t(15, 39, 59))?.title, "进行中")
        XCTAssertEqual(detailed(at: t(15, 44, 59)), .dueSoon(remaining: 1))
        XCTAssertEqual(detailed(at: t(15, 45)), .overdue(by: 0), "at the due instant an undone deadline is overdue")
        XCTAssertEqual(detailed(at: t(15, 45))?.title, "已超时")
        XCTAssertEqual(detailed(at: t(16, 0)), .overdue(by: 15 * 60))
    }

    func testShenyangFinalReportRunsFromTheEndOfTheResponse() {
        let ended = sh(2024, 5, 21, 18, 0)
        var facts = ClockFacts(receivedAt: t(14, 5), level: .major, anchors: [.responseEnded: ended])
        let running = state(DeadlineClock.evaluate(facts, policy: shenyang, now: sh(2024, 5, 22, 17, 0)), "shenyang.final")
        XCTAssertEqual(running?.dueAt, sh(2024, 5, 22, 18, 0))
        XCTAssertEqual(running?.status, .running(remaining: 3600))
        // A final report exactly at the due instant is on time.
        facts.milestones[.final] = sh(2024, 5, 22, 18, 0)
        let met = state(DeadlineClock.evaluate(facts, policy: shenyang, now: sh(2024, 5, 23, 9, 0)), "shenyang.final")
        XCTAssertEqual(met?.status, .met(early: 0))
        facts.milestones[.final] = sh(2024, 5, 22, 18, 0, 1)
        let late = state(DeadlineClock.evaluate(facts, policy: shenyang, now: sh(2024, 5, 23, 9, 0)), "shenyang.final")
        XCTAssertEqual(late?.status, .late(by: 1))
    }

    // MARK: - 河南 / national

    func testHenanWrittenReportDueThirtyMinutesAfterThePhoneReport() {
        let facts = ClockFacts(receivedAt: t(14, 5), level: .ordinary, anchors: [.notified: t(14, 20)])
        let states = DeadlineClock.evaluate(facts, policy: henan, now: t(14, 51))
        XCTAssertEqual(states.map(\.rule.id), ["national.written"], "an 一般 incident has no ministry rule")
        XCTAssertEqual(states.first?.dueAt, t(14, 50))
        XCTAssertEqual(states.first?.status, .overdue(by: 60))
        XCTAssertEqual(states.first?.status.title, "已超时")
    }

    func testHenanWrittenClockWaitsForThePhoneReport() {
        var facts = ClockFacts(receivedAt: t(14, 5), level: .large)
        // Waiting on an act of the desk nobody has recorded: it says on what, and since when.
        let waiting = DeadlineClock.evaluate(facts, policy: henan, now: t(16, 0))
        XCTAssertEqual(waiting.map(\.status), [.waiting(sinceReceipt: 115 * 60)])
        XCTAssertEqual(waiting.first?.statusTitle, "待电话报告")
        XCTAssertEqual(waiting.first?.waitingText, "待电话报告 — 接报后已 115 分钟")
        // The phone report recorded only as the notified milestone is the same event: the clock starts.
        facts.milestones[.notified] = t(14, 20)
        let written = DeadlineClock.evaluate(facts, policy: henan, now: t(14, 40)).first
        XCTAssertEqual(written?.dueAt, t(14, 50))
        XCTAssertEqual(written?.status, .running(remaining: 10 * 60))
        // A written report already in the system before any phone report: the limit never began.
        let writtenFirst = ClockFacts(receivedAt: t(14, 5), level: .large, milestones: [.written: t(14, 10)])
        let first = DeadlineClock.evaluate(writtenFirst, policy: henan, now: t(14, 30)).first
        XCTAssertEqual(first?.status, .notStarted)
        XCTAssertEqual(first?.doneAt, t(14, 10))
        XCTAssertNil(first?.dueAt)
    }

    func testHenanMajorIncidentsReachTheMinistryFiftyMinutesAfterReceipt() {
        for level in [IncidentLevel.major, .extraordinary] {
            let facts = ClockFacts(receivedAt: t(14, 5), level: level, anchors: [.notified: t(14, 8)], milestones: [.reachedMinistry: t(14, 50)])
            let states = DeadlineClock.evaluate(facts, policy: henan, now: t(15, 0))
            XCTAssertEqual(states.map(\.rule.id), ["national.written", "national.ministry"], level.title)
            let ministry = state(states, "national.ministry")
            XCTAssertEqual(ministry?.dueAt, t(14, 55), level.title)
            XCTAssertEqual(ministry?.status, .met(early: 5 * 60), level.title)
            XCTAssertEqual(state(states, "national.written")?.status, .overdue(by: 22 * 60), level.title)
        }
        let large = ClockFacts(receivedAt: t(14, 5), level: .large)
        XCTAssertFalse(DeadlineClock.evaluate(large, policy: henan, now: t(15, 0)).contains { $0.rule.milestone == .reachedMinistry })
    }

    // MARK: - 鄂尔多斯

    func testOrdosMajorCountsFromOccurrence() {
        // Occurred 13:40, received 14:05: the phone report is due 14:10, five minutes after receipt.
        let facts = ClockFacts(occurredAt: t(13, 40), receivedAt: t(14, 5), level: .major)
        let states = DeadlineClock.evaluate(facts, policy: ordos, now: t(14, 5))
        XCTAssertEqual(states.map(\.rule.id), ["ordos.notified.major", "ordos.written.major"])
        XCTAssertEqual(state(states, "ordos.notified.major")?.dueAt, t(14, 10))
        XCTAssertEqual(state(states, "ordos.notified.major")?.status, .dueSoon(remaining: 5 * 60), "already orange when received")
        XCTAssertEqual(state(states, "ordos.written.major")?.dueAt, t(14, 40))
        XCTAssertEqual(state(states, "ordos.written.major")?.status, .running(remaining: 35 * 60))
    }

    func testOrdosLargeWrittenReportWithinTwoHoursOfOccurrence() {
        let facts = ClockFacts(occurredAt: t(13, 40), receivedAt: t(14, 5), level: .large, milestones: [.notified: t(14, 30), .written: t(15, 41)])
        let states = DeadlineClock.evaluate(facts, policy: ordos, now: t(16, 0))
        XCTAssertEqual(states.map(\.rule.id), ["ordos.written.lesser"], "较大 has no separate phone limit")
        XCTAssertEqual(states.first?.dueAt, t(15, 40))
        XCTAssertEqual(states.first?.status, .late(by: 60))
    }

    func testUnknownOccurrenceCountsFromReceipt() {
        let facts = ClockFacts(occurredAt: nil, receivedAt: t(14, 5), level: .extraordinary)
        let states = DeadlineClock.evaluate(facts, policy: ordos, now: t(14, 5))
        XCTAssertEqual(state(states, "ordos.notified.major")?.dueAt, t(14, 35))
        XCTAssertEqual(state(states, "ordos.written.major")?.dueAt, t(15, 5))
        // Once the occurrence time is recorded the deadlines move to it.
        var known = facts
        known.occurredAt = t(13, 50)
        XCTAssertEqual(state(DeadlineClock.evaluate(known, policy: ordos, now: t(14, 5)), "ordos.notified.major")?.dueAt, t(14, 20))
    }

    func testOccurrenceAfterReceiptIsTakenAsReceipt() {
        let facts = ClockFacts(occurredAt: t(15, 0), receivedAt: t(14, 5), level: .major)
        XCTAssertEqual(state(DeadlineClock.evaluate(facts, policy: ordos, now: t(14, 5)), "ordos.notified.major")?.dueAt, t(14, 35))
    }

    // MARK: - Time

    func testFactsDatedAfterNowHaveNotHappenedYet() {
        let facts = ClockFacts(
            receivedAt: t(14, 5), level: .ordinary, anchors: [.notified: t(14, 20)], milestones: [.notified: t(14, 20), .written: t(14, 40)])
        // Replaying 14:10: no phone report yet, so the written clock waits for it.
        XCTAssertEqual(DeadlineClock.evaluate(facts, policy: henan, now: t(14, 10)).first?.status, .waiting(sinceReceipt: 5 * 60))
        // 14:30: running, and the written report of 14:40 is not yet done.
        let at1430 = DeadlineClock.evaluate(facts, policy: henan, now: t(14, 30)).first
        XCTAssertNil(at1430?.doneAt)
        XCTAssertEqual(at1430?.status, .running(remaining: 20 * 60))
        // 14:40: done, 10 minutes early.
        XCTAssertEqual(DeadlineClock.evaluate(facts, policy: henan, now: t(14, 40)).first?.status, .met(early: 10 * 60))
        // Received in the future: nothing from receipt has started.
        let future = ClockFacts(receivedAt: t(14, 5), level: .ordinary)
        let early = DeadlineClock.evaluate(future, policy: shenyang, now: t(14, 0))
        XCTAssertEqual(early.count, 4)
        XCTAssertTrue(early.allSatisfy { $0.status == .notStarted && $0.dueAt == nil }, "\(early.map(\.status))")
    }

    func testNextChangeIsTheWarningThenTheDueInstant() {
        let facts = ClockFacts(receivedAt: t(14, 5), level: .ordinary, anchors: [.notified: t(14, 20)])
        XCTAssertEqual(DeadlineClock.nextChange(facts, policy: henan, now: t(14, 30)), t(14, 45))
        XCTAssertEqual(DeadlineClock.nextChange(facts, policy: henan, now: t(14, 45)), t(14, 50), "strictly after now")
        XCTAssertNil(DeadlineClock.nextChange(facts, policy: henan, now: t(14, 50)), "overdue stays overdue")
        XCTAssertEqual(DeadlineClock.nextChange(facts, policy: henan, now: t(14, 10)), t(14, 20), "the phone report dated later starts the clock")
    }

    func testNextChangeStopsOnceTheMilestoneIsDone() {
        let facts = ClockFacts(receivedAt: t(14, 5), level: .ordinary, anchors: [.notified: t(14, 20)], milestones: [.written: t(14, 40)])
        XCTAssertEqual(DeadlineClock.nextChange(facts, policy: henan, now: t(14, 30)), t(14, 40), "done before the warning")
        XCTAssertNil(DeadlineClock.nextChange(facts, policy: henan, now: t(14, 40)))
    }

    func testNextChangeIsTheEarliestAcrossRules() {
        var facts = ClockFacts(receivedAt: t(14, 5), level: .major)
        // 沈阳: the 10-minute rule warns first, at 14:10.
        XCTAssertEqual(DeadlineClock.nextChange(facts, policy: shenyang, now: t(14, 5)), t(14, 10))
        facts.milestones[.notified] = t(14, 8)
        // Then the written report's warning at 14:50 (due 14:55).
        XCTAssertEqual(DeadlineClock.nextChange(facts, policy: shenyang, now: t(14, 8)), t(14, 50))
        facts.milestones[.written] = t(14, 30)
        XCTAssertEqual(DeadlineClock.nextChange(facts, policy: shenyang, now: t(14, 30)), t(15, 40), "detailed warns at 15:40")
        facts.milestones[.detailed] = t(15, 0)
        XCTAssertEqual(DeadlineClock.nextChange(facts, policy: shenyang, now: t(15, 0)), t(16, 55), "the 17:00 follow-up warns at 16:55")
        facts.anchors[.responseEnded] = t(15, 0)
        XCTAssertEqual(
            DeadlineClock.nextChange(facts, policy: shenyang, now: t(15, 0)), t(15, 0).addingTimeInterval(24 * 3600 - 300),
            "after the response, no follow-up: only the final report's warning")
    }

    func testNextChangeSkipsAWarningThatFallsBeforeTheStart() {
        // 鄂尔多斯 重大 received 25 minutes after occurrence: the phone clock turns orange at the
        // receipt itself, so the next change is its due instant.
        let facts = ClockFacts(occurredAt: t(13, 40), receivedAt: t(14, 5), level: .major)
        XCTAssertEqual(DeadlineClock.nextChange(facts, policy: ordos, now: t(14, 5)), t(14, 10))
        XCTAssertEqual(DeadlineClock.nextChange(facts, policy: ordos, now: t(14, 10)), t(14, 35), "then the written warning")
        var tight = henan
        // A warning longer than the limit would fall at 14:10, before the 14:20 phone report.
        tight.warnBeforeMinutes = 40
        let phoned = ClockFacts(receivedAt: t(14, 5), level: .ordinary, anchors: [.notified: t(14, 20)])
        XCTAssertEqual(DeadlineClock.nextChange(phoned, policy: tight, now: t(14, 0)), t(14, 20))
        XCTAssertEqual(DeadlineClock.nextChange(phoned, policy: tight, now: t(14, 20)), t(14, 50))
        XCTAssertEqual(DeadlineClock.evaluate(phoned, policy: tight, now: t(14, 20)).first?.status, .dueSoon(remaining: 30 * 60))
    }

    func testNextChangeWithNothingPending() {
        let facts = ClockFacts(receivedAt: t(14, 5), level: .ordinary)
        XCTAssertNil(DeadlineClock.nextChange(facts, policy: henan, now: t(14, 5)), "no phone report, nothing to count")
    }

    func testStatusTitles() {
        XCTAssertEqual(
            [ClockStatus.notStarted, .running(remaining: 1), .dueSoon(remaining: 1), .overdue(by: 1), .met(early: 1), .late(by: 1)].map(\.title),
            ["未开始", "进行中", "即将到期", "已超时", "已按时", "迟报"])
    }
}
