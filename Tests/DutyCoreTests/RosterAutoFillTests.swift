import Foundation
import XCTest

@testable import DutyCore

final class RosterAutoFillTests: XCTestCase {
    private let october = Roster(year: 2026, month: 10, pattern: .dayAndNight)!
    private let strict = RestRules(noConsecutiveShifts: true, maxShiftsPerMonth: 20, minRestHoursBetweenShifts: 12)

    private func slot(_ d: String, _ shift: Int) -> ShiftSlot { ShiftSlot(day: day(d), shiftIndex: shift) }

    private func shifts(_ outcome: RosterAutoFill.Outcome, _ level: DutyLevel) -> [Int] {
        outcome.loads.filter { ($0.byLevel[level] ?? 0) > 0 || $0.personID.hasPrefix(prefix(level)) }.map { $0.byLevel[level] ?? 0 }
    }

    private func prefix(_ level: DutyLevel) -> String {
        switch level {
        case .officer: return "o"
        case .sectionLeader: return "s"
        case .leader: return "l"
        }
    }

    func testFilledMonthPassesTheValidator() throws {
        let people = RosterFixture.people(officers: 8, sectionLeaders: 7, leaders: 7)
        let outcome = try RosterAutoFill.fill(october, persons: people, rotations: RosterFixture.rotations(people), rules: strict)
        XCTAssertEqual(outcome.unfilled, [])
        XCTAssertEqual(outcome.roster.assignments.count, 31 * 2 * 3)
        XCTAssertEqual(RosterValidator.validate(outcome.roster, persons: people, rules: strict), [])
    }

    func testSpreadsShiftsEvenlyInRotationOrder() throws {
        let people = RosterFixture.people(officers: 5, sectionLeaders: 4, leaders: 3)
        let outcome = try RosterAutoFill.fill(october, persons: people, rotations: RosterFixture.rotations(people))
        for level in DutyLevel.allCases {
            let counts = shifts(outcome, level)
            XCTAssertLessThanOrEqual(counts.max()! - counts.min()!, 1, "\(level.title): \(counts)")
            XCTAssertEqual(counts.reduce(0, +), 62, level.title)
        }
        // 62 shifts over 5 officers: the first two on the list get 13, the rest 12.
        XCTAssertEqual(shifts(outcome, .officer), [13, 13, 12, 12, 12])
        let officers = outcome.roster.assignments.filter { $0.level == .officer }.prefix(6).map(\.personID)
        XCTAssertEqual(officers, ["o1", "o2", "o3", "o4", "o5", "o1"], "plain rotation on an empty month")

        let o1 = outcome.loads.first { $0.personID == "o1" }
        XCTAssertEqual(o1?.name, "值班员1")
        XCTAssertEqual(o1?.shifts, 13)
        XCTAssertEqual(o1?.hours, 13 * 12)
        XCTAssertEqual(outcome.loads.map(\.personID), ["o1", "o2", "o3", "o4", "o5", "s1", "s2", "s3", "s4", "l1", "l2", "l3"])
    }

    func testSameInputSameRoster() throws {
        let people = RosterFixture.people(officers: 6, sectionLeaders: 4, leaders: 4)
        let a = try RosterAutoFill.fill(october, persons: people, rotations: RosterFixture.rotations(people), rules: strict)
        let b = try RosterAutoFill.fill(october, persons: people.reversed(), rotations: RosterFixture.rotations(people), rules: strict)
        XCTAssertEqual(a, b)
    }

    func testRespectsAbsences() throws {
        var people = RosterFixture.people(officers: 4, sectionLeaders: 4, leaders: 4)
        let away = RosterPerson.Absence(from: sh(2026, 10, 3, 12, 0), to: sh(2026, 10, 11, 0, 0), reason: "外出")
        people[0].absences = [away]
        let outcome = try RosterAutoFill.fill(october, persons: people, rotations: RosterFixture.rotations(people), rules: strict)
        XCTAssertEqual(outcome.unfilled, [])
        let o1Shifts = outcome.roster.assignments(of: "o1").map(\.slot)
        XCTAssertFalse(o1Shifts.isEmpty)
        XCTAssertTrue(o1Shifts.allSatisfy { !away.overlaps(start: october.pattern.start(of: $0), end: october.pattern.end(of: $0)) })
        XCTAssertFalse(o1Shifts.contains(slot("2026-10-03", 0)), "the day shift of the 3rd runs into the absence")
        XCTAssertEqual(RosterValidator.validate(outcome.roster, persons: people, rules: strict), [])
    }

    func testKeepsWhatIsAlreadyThereAndCountsIt() throws {
        let people = RosterFixture.people(officers: 4, sectionLeaders: 4, leaders: 4)
        var roster = october
        let fixed = [
            RosterAssignment(slot: slot("2026-10-01", 0), level: .officer, personID: "o4"),
            RosterAssignment(slot: slot("2026-10-05", 1), level: .leader, personID: "l2"),
        ]
        roster.assignments = fixed
        let outcome = try RosterAutoFill.fill(roster, persons: people, rotations: RosterFixture.rotations(people), rules: strict)
        for a in fixed { XCTAssertEqual(outcome.roster.personIDs(at: a.slot, level: a.level), [a.personID]) }
        XCTAssertEqual(outcome.roster.personIDs(at: slot("2026-10-01", 1), level: .officer), ["o1"], "o4 already has a shift, so the list starts at o1")
        XCTAssertEqual(outcome.unfilled, [])
        XCTAssertEqual(RosterValidator.validate(outcome.roster, persons: people, rules: strict), [])
        XCTAssertEqual(shifts(outcome, .leader).reduce(0, +), 62)
    }

    func testSkipsPeopleWhoMayNotServe() throws {
        var people = RosterFixture.people(officers: 6, sectionLeaders: 4, leaders: 4)
        people[1].category = .rehiredRetiree
        people[2].hasPreDutyTraining = false
        var rotations = RosterFixture.rotations(people)
        rotations[.officer]!.append("nobody")
        rotations[.officer]!.append("l1")  // a leader is not an officer
        let outcome = try RosterAutoFill.fill(october, persons: people, rotations: rotations, rules: strict)
        let used = Set(outcome.roster.assignments.filter { $0.level == .officer }.map(\.personID))
        XCTAssertEqual(used, ["o1", "o4", "o5", "o6"])
        XCTAssertEqual(RosterValidator.validate(outcome.roster, persons: people, rules: strict), [])
    }

    func testNeverTwoLevelsOnOneShift() throws {
        // One person on all three lists, with just enough others.
        var people = RosterFixture.people(officers: 2, sectionLeaders: 2, leaders: 2)
        people.append(RosterPerson(id: "all", name: "全能", category: .established, hasPreDutyTraining: true))
        var rotations = RosterFixture.rotations(people)
        for level in DutyLevel.allCases { rotations[level]!.insert("all", at: 0) }
        let outcome = try RosterAutoFill.fill(october, persons: people, rotations: rotations)
        XCTAssertEqual(outcome.unfilled, [])
        XCTAssertEqual(RosterValidator.validate(outcome.roster, persons: people), [])
        XCTAssertEqual(outcome.loads.first?.personID, "all")
    }

    func testReportsWhatItCannotFill() throws {
        // One leader, 24-hour shifts, no two in a row: every other day has no 带班领导.
        let people = RosterFixture.people(officers: 3, sectionLeaders: 3, leaders: 1)
        let week = Roster(firstDay: day("2026-10-01"), lastDay: day("2026-10-04"), pattern: .fullDay)
        var rotations = RosterFixture.rotations(people)
        rotations[.sectionLeader] = []
        let outcome = try RosterAutoFill.fill(week, persons: people, rotations: rotations, rules: RestRules(noConsecutiveShifts: true))

        let leaders = outcome.unfilled.filter { $0.level == .leader }
        XCTAssertEqual(leaders.map(\.slot), [slot("2026-10-02", 0), slot("2026-10-04", 0)])
        XCTAssertEqual(leaders.first?.code, .noEligiblePerson)
        XCTAssertEqual(leaders.first?.rejected, [RosterAutoFill.Rejection(personID: "l1", kind: .consecutiveShifts, reason: "连续值班（上一班已排）")])
        XCTAssertEqual(leaders.first?.message, "2026年10月2日 全天 08:30—次日08:30 带班领导：轮值名单中无人可排（局领导1连续值班（上一班已排））")

        let sections = outcome.unfilled.filter { $0.level == .sectionLeader }
        XCTAssertEqual(sections.count, 4)
        XCTAssertEqual(sections.first?.code, .noRotation)
        XCTAssertEqual(sections.first?.message, "2026年10月1日 全天 08:30—次日08:30 值班科(处)领导：未设置轮值名单")

        // What is left unfilled is exactly what the validator calls a gap.
        let gaps = RosterValidator.validate(outcome.roster, persons: people, rules: RestRules(noConsecutiveShifts: true))
        XCTAssertTrue(gaps.allSatisfy { $0.kind == .gap })
        XCTAssertEqual(gaps.map { "\($0.day!) \($0.level!)" }, outcome.unfilled.map { "\($0.slot.day) \($0.level)" })
    }

    func testExplainsEachRejectedCandidate() throws {
        var people = RosterFixture.people(officers: 3, sectionLeaders: 1, leaders: 1)
        people[0].absences = [.init(from: sh(2026, 10, 1), to: sh(2026, 10, 3), reason: "请假")]
        people[1].category = .informal
        people[2].hasPreDutyTraining = false
        let oneDay = Roster(firstDay: day("2026-10-01"), lastDay: day("2026-10-01"), pattern: .fullDay)
        let outcome = try RosterAutoFill.fill(oneDay, persons: people, rotations: RosterFixture.rotations(people))
        let officer = try XCTUnwrap(outcome.unfilled.first { $0.level == .officer })
        XCTAssertEqual(officer.rejected.map(\.kind), [.absent, .ineligibleCategory, .untrained])
        XCTAssertEqual(officer.message, "2026年10月1日 全天 08:30—次日08:30 值班员：轮值名单中无人可排（值班员1请假；值班员2为保安等非正式人员，不得值班；值班员3无岗前培训记录）")
    }

    func testMonthlyLimitAndRestAcrossTheMonthBoundary() throws {
        let people = RosterFixture.people(officers: 3, sectionLeaders: 3, leaders: 3)
        let rules = RestRules(noConsecutiveShifts: true, maxShiftsPerMonth: 5)
        let earlier = [RosterAssignment(slot: slot("2026-09-30", 1), level: .officer, personID: "o1")]
        let outcome = try RosterAutoFill.fill(october, persons: people, rotations: RosterFixture.rotations(people), rules: rules, earlier: earlier)
        XCTAssertEqual(outcome.roster.personIDs(at: slot("2026-10-01", 0), level: .officer), ["o2"], "o1 worked the night before")
        XCTAssertTrue(outcome.loads.allSatisfy { $0.shifts <= 5 })
        // Three people × five shifts cover 15 of the 62 cells of each level.
        XCTAssertEqual(outcome.unfilled.filter { $0.level == .officer }.count, 62 - 15)
        XCTAssertEqual(outcome.unfilled.last?.rejected.first?.kind, .tooManyShifts)
        let problems = RosterValidator.validate(outcome.roster, persons: people, rules: rules, earlier: earlier)
        XCTAssertTrue(problems.allSatisfy { $0.kind == .gap })
        XCTAssertEqual(problems.count, outcome.unfilled.count)
    }

    func testFillsAHolidayBlockOnly() throws {
        let cal = HolidayFixture.calendar
        let block = try XCTUnwrap(cal.holidayPeriod(containing: day("2026-10-01")))
        let people = RosterFixture.people(officers: 4, sectionLeaders: 4, leaders: 4)
        let outcome = try RosterAutoFill.fill(
            october, persons: people, rotations: RosterFixture.rotations(people), rules: strict, days: block.firstDay...block.lastDay)
        XCTAssertEqual(outcome.unfilled, [])
        XCTAssertEqual(Set(outcome.roster.assignments.map(\.slot.day)), Set(block.days))
        XCTAssertEqual(outcome.roster.assignments.count, 7 * 2 * 3)

        let holidayRoster = Roster(firstDay: block.firstDay, lastDay: block.lastDay, pattern: .dayAndNight)
        let alone = try RosterAutoFill.fill(holidayRoster, persons: people, rotations: RosterFixture.rotations(people), rules: strict)
        XCTAssertEqual(alone.roster.assignments, outcome.roster.assignments)
        XCTAssertEqual(RosterValidator.validate(alone.roster, persons: people, rules: strict), [])
    }

    func testBrokenPatternIsRefused() {
        var roster = october
        roster.pattern = ShiftPattern(shifts: [])
        XCTAssertThrowsError(try RosterAutoFill.fill(roster, persons: [], rotations: [:])) { error in
            XCTAssertEqual((error as? RosterAutoFill.PatternError)?.message, "班次设置有误：至少要有一个班次")
        }
    }

    func testLoadsOfAHandMadeRoster() {
        let people = RosterFixture.people(officers: 1, sectionLeaders: 0, leaders: 0)
        let roster = Roster(
            firstDay: day("2026-10-01"), lastDay: day("2026-10-02"), pattern: .dayAndNight,
            assignments: [
                RosterAssignment(slot: slot("2026-10-01", 1), level: .officer, personID: "o1"),
                RosterAssignment(slot: slot("2026-10-02", 0), level: .leader, personID: "o1"),
                RosterAssignment(slot: slot("2026-10-02", 0), level: .officer, personID: "x"),
            ])
        let loads = RosterAutoFill.loads(roster, persons: people)
        XCTAssertEqual(loads.map(\.personID), ["o1", "x"])
        XCTAssertEqual(loads[0].shifts, 2)
        XCTAssertEqual(loads[0].hours, 24)
        XCTAssertEqual(loads[0].byLevel, [.officer: 1, .leader: 1])
        XCTAssertEqual(loads[1].name, "x")
    }
}
