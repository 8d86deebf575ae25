import XCTest

@testable import DutyCore

/// The duty desk's rules, without a server: roll-call timing and schedule, absence status,
/// the two signatures of a handover, the duty log's minute.
final class DutyDeskTests: XCTestCase {
    let at = ShanghaiTime.parse("2026-11-24 08:29:59")!

    func testScheduledRollCallIsDueOnlyInItsWindow() {
        XCTAssertNil(RollCallRule.dueScheduledDate(time: "08:30", now: at))
        XCTAssertEqual(RollCallRule.dueScheduledDate(time: "08:30", now: at.addingTimeInterval(1)), "2026-11-24")
        XCTAssertEqual(RollCallRule.dueScheduledDate(time: "08:30", now: at.addingTimeInterval(15 * 60)), "2026-11-24")
        XCTAssertNil(
            RollCallRule.dueScheduledDate(time: "08:30", now: at.addingTimeInterval(1 + 15 * 60)), "a server down at 08:30 does not call the roll at noon")
        XCTAssertNil(RollCallRule.dueScheduledDate(time: "8:30", now: at.addingTimeInterval(1)))
    }

    func testNextScheduledInstant() {
        XCTAssertEqual(RollCallRule.nextScheduled(time: "08:30", after: at), at.addingTimeInterval(1))
        XCTAssertEqual(RollCallRule.nextScheduled(time: "08:30", after: at.addingTimeInterval(1)), at.addingTimeInterval(1 + 86400))
        // Late evening in Shanghai is the previous UTC day's afternoon: the date is Shanghai's.
        let night = ShanghaiTime.parse("2026-11-24 23:59:00")!
        XCTAssertEqual(RollCallRule.nextScheduled(time: "00:10", after: night), ShanghaiTime.parse("2026-11-25 00:10"))
    }

    func testRollCallStatus() {
        XCTAssertEqual(RollCallRule.status(startedAt: at, answeredAt: nil, limitSeconds: 60, now: at.addingTimeInterval(59)), .waiting(secondsLeft: 1))
        XCTAssertEqual(RollCallRule.status(startedAt: at, answeredAt: nil, limitSeconds: 60, now: at.addingTimeInterval(60)), .missed)
        XCTAssertEqual(
            RollCallRule.status(startedAt: at, answeredAt: at.addingTimeInterval(12.7), limitSeconds: 60, now: at.addingTimeInterval(99)),
            .answered(seconds: 12))
        XCTAssertEqual(
            RollCallRule.status(startedAt: at, answeredAt: at.addingTimeInterval(60), limitSeconds: 60, now: at.addingTimeInterval(99)), .answered(seconds: 60))
        XCTAssertEqual(
            RollCallRule.status(startedAt: at, answeredAt: at.addingTimeInterval(61), limitSeconds: 60, now: at.addingTimeInterval(99)),
            .lateAnswer(seconds: 61))
        XCTAssertEqual(RollCallRule.Status.missed.title, "未应答")
    }

    func testAbsenceStatus() {
        let leave = ShanghaiTime.parse("2026-11-23 08:00")!
        let back = ShanghaiTime.parse("2026-11-23 18:00")!
        XCTAssertEqual(AbsenceStatus.of(leaveAt: leave, returnAt: back, returnedAt: nil, now: leave.addingTimeInterval(-60)), .planned)
        XCTAssertEqual(AbsenceStatus.of(leaveAt: leave, returnAt: back, returnedAt: nil, now: back), .away)
        XCTAssertEqual(AbsenceStatus.of(leaveAt: leave, returnAt: back, returnedAt: nil, now: back.addingTimeInterval(60)), .overdue)
        XCTAssertEqual(AbsenceStatus.of(leaveAt: leave, returnAt: back, returnedAt: back, now: back.addingTimeInterval(60)), .returned)
        XCTAssertEqual(AbsenceStatus.overdue.title, "逾期未归")
    }

    func testHandoverNeedsTwoPeople() {
        XCTAssertEqual(HandoverRule.checkIncoming(outgoing: "a", incoming: "a", alreadyConfirmed: false), .sameOfficer)
        XCTAssertEqual(HandoverRule.checkIncoming(outgoing: "a", incoming: "b", alreadyConfirmed: true), .alreadyConfirmed)
        XCTAssertNil(HandoverRule.checkIncoming(outgoing: "a", incoming: "b", alreadyConfirmed: false))
    }

    func testDutyLogKeepsTheMinuteAndTheChannel() {
        XCTAssertEqual(DutyLogTime.truncatedToMinute(at), ShanghaiTime.parse("2026-11-24 08:29"))
        XCTAssertEqual(DutyLogDirection.fax.sourceChannel, .fax)
        XCTAssertEqual(DutyLogDirection.incoming.sourceChannel, .phone)
        XCTAssertEqual(DutyLogDirection.sms.title, "短信")
    }

    /// A handover is confirmed once, by an officer of its own unit who did not hand over.
    func testWhoConfirmsAHandover() {
        XCTAssertEqual(HandoverRule.allowedSteps(ownUnit: true, outgoing: "a", actor: "b", confirmed: false), [.confirm])
        XCTAssertEqual(HandoverRule.allowedSteps(ownUnit: true, outgoing: "a", actor: "a", confirmed: false), [])
        XCTAssertEqual(HandoverRule.allowedSteps(ownUnit: true, outgoing: "a", actor: "b", confirmed: true), [])
        XCTAssertEqual(HandoverRule.allowedSteps(ownUnit: false, outgoing: "a", actor: "b", confirmed: false), [], "a superior reads it")
    }

    /// An absence is changed or closed by the unit that reported it, until the return.
    func testWhatCanStillBeDoneWithAnAbsence() {
        XCTAssertEqual(AbsenceStatus.overdue.allowedSteps(ownUnit: true, canReport: true), [.change, .markReturned])
        XCTAssertEqual(AbsenceStatus.returned.allowedSteps(ownUnit: true, canReport: true), [])
        XCTAssertEqual(AbsenceStatus.away.allowedSteps(ownUnit: false, canReport: true), [])
        XCTAssertEqual(AbsenceStatus.planned.allowedSteps(ownUnit: true, canReport: false), [])
        XCTAssertEqual(AbsenceStatus.overdue.tone, .bad)
    }

    /// Statuses read by colour and word together; the pages take both from here.
    func testStatusesCarryTheirTone() {
        XCTAssertEqual(RollCallRule.Status.answered(seconds: 12).tone, .ok)
        XCTAssertEqual(RollCallRule.Status.lateAnswer(seconds: 90).tone, .warn)
        XCTAssertEqual(RollCallRule.Status.missed.tone, .bad)
        XCTAssertEqual(RollCallRule.Status.waiting(secondsLeft: 30).tone, .idle)
        XCTAssertEqual(FilingStatus.onTime(early: 0).tone, .ok)
        XCTAssertEqual(FilingStatus.late(by: 60).tone, .bad)
        XCTAssertEqual(FilingStatus.missing(overdueBy: 60).tone, .bad)
        XCTAssertEqual(FilingStatus.notYetDue(remaining: 60).tone, .idle)
    }
}
