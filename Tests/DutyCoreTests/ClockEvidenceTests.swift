import Foundation
import XCTest

@testable import DutyCore

/// The clocks as evidence: case-wide anchors, repeating follow-ups, versions that never
/// change once in force, and the chase of a report nobody acknowledges.
final class ClockEvidenceTests: XCTestCase {
    private func t(_ hour: Int, _ minute: Int, day: Int = 20) -> Date { sh(2024, 5, day, hour, minute, 0) }
    private let national = ShippedPolicies.national.versions[0]

    // MARK: - Case-wide deadlines

    func testTheMinistryDeadlineIsOneInstantOnEveryLevelsRecord() {
        // The county received it at 14:00, the city at 14:30, the province at 14:45; the case
        // reached the ministry at 15:10, 70 minutes after the first receipt.
        let ministry = t(15, 10)
        let records = [t(14, 0), t(14, 30), t(14, 45)].map { received in
            ClockFacts(receivedAt: received, caseReceivedAt: t(14, 0), level: .major, milestones: [.reachedMinistry: ministry])
        }
        let clocks = records.map { DeadlineClock.evaluate($0, policy: national, now: t(16, 0)).first { $0.rule.id == "national.ministry" } }
        for c in clocks {
            XCTAssertEqual(c?.dueAt, t(14, 50), "50 minutes from the case's first receipt, on every level")
            XCTAssertEqual(c?.status, .late(by: 20 * 60), "late on every level, not on time at the city and province")
        }
        XCTAssertTrue(ShippedPolicies.national.versions[0].rules.first { $0.id == "national.ministry" }!.isCaseWide)
        XCTAssertFalse(ShippedPolicies.national.versions[0].rules.first { $0.id == "national.written" }!.isCaseWide)
    }

    func testOccurrenceIsTheCasesAndNeverLaterThanItsFirstReceipt() {
        let ordos = ShippedPolicies.ordos.versions[0]
        // The city's record, received 15:00; the county knew at 14:10 and recorded 14:00 as the occurrence.
        let city = ClockFacts(occurredAt: t(14, 0), receivedAt: t(15, 0), caseReceivedAt: t(14, 10), level: .major)
        XCTAssertEqual(DeadlineClock.evaluate(city, policy: ordos, now: t(15, 0)).first?.dueAt, t(14, 30))
        // Unknown occurrence: the case's first receipt, not this level's.
        let unknown = ClockFacts(receivedAt: t(15, 0), caseReceivedAt: t(14, 10), level: .major)
        XCTAssertEqual(DeadlineClock.evaluate(unknown, policy: ordos, now: t(15, 0)).first?.dueAt, t(14, 40))
    }

    func testACaseWideRuleIsNoLaterThanTheSameFromThisLevelsReceipt() {
        func version(_ anchor: DeadlineAnchor) -> PolicyVersion {
            PolicyVersion(
                version: 1, effectiveFrom: t(0, 0), warnBeforeMinutes: 5,
                rules: [DeadlineRule(id: "m", title: "报部", milestone: .reachedMinistry, anchor: anchor, minutes: 50, source: "x")])
        }
        XCTAssertEqual(PolicyInheritance.problems(own: version(.caseReceipt), inherited: version(.receipt)), [])
        XCTAssertEqual(PolicyInheritance.problems(own: version(.receipt), inherited: version(.caseReceipt)).count, 1, "this level's receipt is later")
    }

    // MARK: - Repeating follow-ups

    private func followUpPolicy(_ recurrence: Recurrence, minutes: Int = 60) -> PolicyVersion {
        PolicyVersion(
            version: 1, effectiveFrom: t(0, 0), warnBeforeMinutes: 5,
            rules: [
                DeadlineRule(
                    id: "fu", title: "较大以上每日8时、17时前续报", milestone: .followUp, anchor: .receipt, minutes: minutes,
                    levels: [.extraordinary, .major, .large], source: "省规定", recurrence: recurrence)
            ])
    }

    func testDailyFollowUpsAreEachTheirOwnClock() {
        let policy = followUpPolicy(Recurrence(dailyAt: ["08:00", "17:00"]))
        // Received 14:00 on the 20th; follow-ups at 16:30 (met), 08:20 on the 21st (late); none since.
        let facts = ClockFacts(receivedAt: t(14, 0), level: .large, milestones: [.written: t(14, 30)], followUps: [t(16, 30), t(8, 20, day: 21)])
        let states = DeadlineClock.evaluate(facts, policy: policy, now: t(16, 57, day: 21))
        XCTAssertEqual(states.map(\.occurrence), [1, 2, 3])
        XCTAssertEqual(states.map(\.dueAt), [t(17, 0), t(8, 0, day: 21), t(17, 0, day: 21)])
        XCTAssertEqual(states[0].status, .met(early: 30 * 60))
        XCTAssertEqual(states[1].status, .late(by: 20 * 60))
        XCTAssertEqual(states[2].status, .dueSoon(remaining: 3 * 60), "the next due follow-up")
        XCTAssertEqual(states[2].key, "fu#3")
        XCTAssertEqual(states[2].title, "较大以上每日8时、17时前续报（第3次）")
        XCTAssertEqual(DeadlineClock.nextChange(facts, policy: policy, now: t(16, 57, day: 21)), t(17, 0, day: 21))
        // An 一般 incident has no such rule.
        var ordinary = facts
        ordinary.level = .ordinary
        XCTAssertTrue(DeadlineClock.evaluate(ordinary, policy: policy, now: t(16, 57, day: 21)).isEmpty)
    }

    func testAFollowUpMetEarlyShowsTheNextOneDue() {
        let policy = followUpPolicy(Recurrence(dailyAt: ["08:00", "17:00"]))
        let facts = ClockFacts(receivedAt: t(14, 0), level: .major, followUps: [t(16, 50)])
        let states = DeadlineClock.evaluate(facts, policy: policy, now: t(16, 58))
        XCTAssertEqual(states.map(\.status.kind), [.met, .running])
        XCTAssertEqual(states.last?.dueAt, t(8, 0, day: 21))
    }

    func testAMissedFollowUpStaysOverdueAndTheNextStarts() {
        let policy = followUpPolicy(Recurrence(dailyAt: ["08:00", "17:00"]))
        let facts = ClockFacts(receivedAt: t(14, 0), level: .major)
        let states = DeadlineClock.evaluate(facts, policy: policy, now: t(9, 0, day: 21))
        XCTAssertEqual(states.map(\.status.kind), [.overdue, .overdue, .running])
    }

    func testFollowUpsStopWhenTheResponseEnds() {
        let policy = followUpPolicy(Recurrence(dailyAt: ["08:00", "17:00"]))
        let facts = ClockFacts(receivedAt: t(14, 0), level: .major, anchors: [.responseEnded: t(10, 0, day: 21)], followUps: [t(16, 0)])
        let states = DeadlineClock.evaluate(facts, policy: policy, now: t(20, 0, day: 22))
        XCTAssertEqual(states.map(\.dueAt), [t(17, 0), t(8, 0, day: 21)], "nothing due after the response ended")
        XCTAssertNil(DeadlineClock.nextChange(facts, policy: policy, now: t(20, 0, day: 22)))
    }

    func testIntervalFollowUpsCountFromTheLastReport() {
        let policy = followUpPolicy(Recurrence(everyMinutes: 240), minutes: 0)
        // First written report 14:30; follow-ups 18:00 (met, due 18:30) and 23:00 (late, due 22:00).
        let facts = ClockFacts(receivedAt: t(14, 0), level: .major, milestones: [.written: t(14, 30)], followUps: [t(18, 0), t(23, 0)])
        let states = DeadlineClock.evaluate(facts, policy: policy, now: t(23, 30))
        XCTAssertEqual(states.map(\.dueAt), [t(18, 30), t(22, 0), t(3, 0, day: 21)])
        XCTAssertEqual(states.map(\.status.kind), [.met, .late, .running])
        // Before any written report the interval has nothing to count from.
        let none = ClockFacts(receivedAt: t(14, 0), level: .major)
        XCTAssertEqual(DeadlineClock.evaluate(none, policy: policy, now: t(15, 0)).map(\.status), [.notStarted])
    }

    func testRepeatingRulesAreCheckedAndComparedForStrictness() {
        var bad = ShippedPolicies.shenyang
        bad.versions[0].rules[4].recurrence = Recurrence(dailyAt: ["8点"])
        XCTAssertTrue(bad.structuralProblems.contains { $0.contains("08:00 这样的格式") }, "\(bad.structuralProblems)")
        bad.versions[0].rules[4].recurrence = nil
        XCTAssertTrue(bad.structuralProblems.contains { $0.contains("续报时限应设定") })

        let twice = followUpPolicy(Recurrence(dailyAt: ["08:00", "17:00"]))
        let once = followUpPolicy(Recurrence(dailyAt: ["08:00"]))
        let thrice = followUpPolicy(Recurrence(dailyAt: ["08:00", "12:00", "17:00"]))
        XCTAssertEqual(PolicyInheritance.problems(own: thrice, inherited: twice), [])
        XCTAssertEqual(PolicyInheritance.problems(own: once, inherited: twice).count, 1)
        XCTAssertTrue(PolicyInheritance.problems(own: once, inherited: twice)[0].contains("续报频次"))
        XCTAssertEqual(PolicyInheritance.problems(own: followUpPolicy(Recurrence(everyMinutes: 600)), inherited: twice).count, 1)
        XCTAssertEqual(
            PolicyInheritance.problems(own: thrice, inherited: followUpPolicy(Recurrence(everyMinutes: 15 * 60))), [],
            "no gap of thrice daily is longer than 15 hours")
    }

    func testRepeatingRulesSurviveStorage() throws {
        let encoded = try JSONEncoder().encode(ShippedPolicies.shenyang)
        XCTAssertEqual(try JSONDecoder().decode(ReportingPolicy.self, from: encoded), ShippedPolicies.shenyang)
        // A version stored before acknowledgement limits existed reads with the defaults.
        let old = #"{"version":1,"effectiveFrom":0,"warnBeforeMinutes":5,"rules":[]}"#
        let v = try JSONDecoder().decode(PolicyVersion.self, from: Data(old.utf8))
        XCTAssertEqual(v.acknowledgeWithinMinutes, 10)
        XCTAssertEqual(v.escalateAcknowledgementAfterMinutes, 20)
    }

    // MARK: - Policies never rewrite the past

    func testAVersionInForceCannotBeChangedOrRemoved() {
        let stored = ShippedPolicies.national
        let now = t(12, 0)
        var rewritten = stored
        rewritten.versions[0].rules[0].minutes = 60
        XCTAssertEqual(PolicyHistory.problems(stored: stored, proposed: rewritten, now: now).count, 1)
        XCTAssertTrue(PolicyHistory.problems(stored: stored, proposed: rewritten, now: now)[0].contains("不能修改"))
        var removed = stored
        removed.versions = [PolicyVersion(version: 2, effectiveFrom: now, warnBeforeMinutes: 5, rules: stored.versions[0].rules)]
        XCTAssertTrue(PolicyHistory.problems(stored: stored, proposed: removed, now: now).contains { $0.contains("不能删除") })
        var backdated = stored
        backdated.versions.append(PolicyVersion(version: 2, effectiveFrom: now.addingTimeInterval(-60), warnBeforeMinutes: 5, rules: stored.versions[0].rules))
        XCTAssertTrue(PolicyHistory.problems(stored: stored, proposed: backdated, now: now)[0].contains("早于现在"))
        var added = stored
        added.versions.append(PolicyVersion(version: 2, effectiveFrom: now, warnBeforeMinutes: 5, rules: stored.versions[0].rules))
        XCTAssertEqual(PolicyHistory.problems(stored: stored, proposed: added, now: now), [], "a new version from now is fine")
        XCTAssertEqual(PolicyHistory.problems(stored: nil, proposed: added, now: now).count, 1, "a new policy cannot start in the past")
    }

    // MARK: - Acknowledgement

    func testAReportNobodyAcknowledgesIsChasedThenEscalated() {
        let sent = t(14, 0)
        func stage(_ now: Date, ack: Date? = nil) -> AcknowledgementClock.Stage {
            AcknowledgementClock.evaluate(submittedAt: sent, acknowledgedAt: ack, policy: national, now: now).stage
        }
        XCTAssertEqual(stage(t(14, 9)), .waiting)
        XCTAssertEqual(stage(t(14, 10)), .overdue)
        XCTAssertEqual(stage(t(14, 10)).title, "签收超时")
        XCTAssertEqual(stage(t(14, 20)), .escalated)
        XCTAssertEqual(stage(t(14, 30), ack: t(14, 5)), .acknowledged)
        XCTAssertEqual(stage(t(14, 30), ack: t(14, 12)), .acknowledgedLate)
        XCTAssertEqual(stage(t(14, 11), ack: t(14, 12)), .overdue, "an acknowledgement later than now has not happened")
        XCTAssertEqual(AcknowledgementClock.evaluate(submittedAt: sent, acknowledgedAt: t(14, 12), policy: national, now: t(15, 0)).waitedSeconds, 720)
        XCTAssertEqual(AcknowledgementClock.nextChange(submittedAt: sent, acknowledgedAt: nil, policy: national, now: t(14, 0)), t(14, 10))
        XCTAssertEqual(AcknowledgementClock.nextChange(submittedAt: sent, acknowledgedAt: nil, policy: national, now: t(14, 10)), t(14, 20))
        XCTAssertNil(AcknowledgementClock.nextChange(submittedAt: sent, acknowledgedAt: nil, policy: national, now: t(14, 20)))
        var quick = national
        quick.acknowledgeWithinMinutes = 3
        quick.escalateAcknowledgementAfterMinutes = 6
        XCTAssertEqual(AcknowledgementClock.evaluate(submittedAt: sent, acknowledgedAt: nil, policy: quick, now: t(14, 4)).stage, .overdue, "policy data")
    }
}

final class CaseMatchTests: XCTestCase {
    private func t(_ hour: Int, _ minute: Int) -> Date { sh(2024, 5, 20, hour, minute, 0) }

    func testTheSameKindAtAboutTheSameTimeIsLikelyTheSameIncident() {
        let new = CaseMatch.Record(kindID: "road_transport_accident", incidentClass: .accident, occurredAt: t(13, 50), receivedAt: t(14, 30))
        let same = CaseMatch.Record(kindID: "road_transport_accident", incidentClass: .accident, occurredAt: t(13, 45), receivedAt: t(14, 5))
        let sibling = CaseMatch.Record(kindID: "road_collapse", incidentClass: .accident, occurredAt: t(13, 45), receivedAt: t(14, 5))
        let flood = CaseMatch.Record(kindID: "flood", incidentClass: .naturalDisaster, occurredAt: t(13, 45), receivedAt: t(14, 5))
        let farOff = CaseMatch.Record(kindID: "road_transport_accident", incidentClass: .accident, occurredAt: t(4, 0), receivedAt: t(5, 0))
        XCTAssertNotNil(CaseMatch.rank(same, for: new))
        XCTAssertLessThan(CaseMatch.rank(same, for: new)!, CaseMatch.rank(sibling, for: new)!, "the same kind first")
        XCTAssertNil(CaseMatch.rank(flood, for: new), "another class is another incident")
        XCTAssertNil(CaseMatch.rank(farOff, for: new), "occurrences nearly ten hours apart")
        // Without occurrence times, receipts within a day.
        let unknown = CaseMatch.Record(kindID: "road_transport_accident", incidentClass: .accident, occurredAt: nil, receivedAt: t(20, 0))
        XCTAssertNotNil(CaseMatch.rank(unknown, for: new))
    }

    func testABackflowCountsOnceTheReportArrivesOrItsTimeHasPassed() {
        let waiting = Backflow(againstUnitID: "c", superiorUnitID: "s", superiorRecordedAt: t(14, 0), subordinateReportedAt: nil)
        XCTAssertFalse(waiting.isSettled(now: t(14, 20), graceMinutes: 30))
        XCTAssertTrue(waiting.isSettled(now: t(14, 30), graceMinutes: 30))
        let arrived = Backflow(againstUnitID: "c", superiorUnitID: "s", superiorRecordedAt: t(14, 0), subordinateReportedAt: t(14, 10))
        XCTAssertTrue(arrived.isSettled(now: t(14, 10), graceMinutes: 30))
        XCTAssertTrue(arrived.subordinateNote(superiorName: "许昌市应急管理局").contains("本级报告05-20 14:10才送达"))
    }
}
