import Foundation
import XCTest

@testable import DutyCore

final class RosterValidatorTests: XCTestCase {
    private var people = RosterFixture.people(officers: 4, sectionLeaders: 2, leaders: 2)

    private func slot(_ d: String, _ shift: Int) -> ShiftSlot { ShiftSlot(day: day(d), shiftIndex: shift) }

    /// 1–2 October 2026, day and night shifts, everyone on rotation: no problems.
    private func goodRoster() -> Roster {
        var assignments: [RosterAssignment] = []
        let slots = ShiftPattern.dayAndNight.slots(from: day("2026-10-01"), through: day("2026-10-02"))
        for (i, s) in slots.enumerated() {
            assignments.append(RosterAssignment(slot: s, level: .officer, personID: "o\(i + 1)"))
            assignments.append(RosterAssignment(slot: s, level: .sectionLeader, personID: "s\(i % 2 + 1)"))
            assignments.append(RosterAssignment(slot: s, level: .leader, personID: "l\(i % 2 + 1)"))
        }
        return Roster(firstDay: day("2026-10-01"), lastDay: day("2026-10-02"), pattern: .dayAndNight, assignments: assignments)
    }

    private func replacing(_ roster: Roster, _ s: ShiftSlot, _ level: DutyLevel, with personID: String?) -> Roster {
        var r = roster
        r.assignments.removeAll { $0.slot == s && $0.level == level }
        if let personID { r.assignments.append(RosterAssignment(slot: s, level: level, personID: personID)) }
        return r
    }

    private func set(_ id: String, _ change: (inout RosterPerson) -> Void) {
        let i = people.firstIndex { $0.id == id }!
        change(&people[i])
    }

    func testCompleteRosterHasNoProblems() {
        XCTAssertEqual(RosterValidator.validate(goodRoster(), persons: people), [])
    }

    func testEveryGapIsReported() {
        let empty = Roster(firstDay: day("2026-10-01"), lastDay: day("2026-10-02"), pattern: .dayAndNight)
        let problems = RosterValidator.validate(empty, persons: people)
        XCTAssertEqual(problems.count, 2 * 2 * 3)
        XCTAssertTrue(problems.allSatisfy { $0.kind == .gap && $0.personIDs.isEmpty })
        XCTAssertEqual(problems.first?.message, "2026年10月1日 白班 08:30—20:30 缺值班员")
        XCTAssertEqual(problems.last?.message, "2026年10月2日 夜班 20:30—次日08:30 缺带班领导")

        let one = RosterValidator.validate(replacing(goodRoster(), slot("2026-10-01", 1), .leader, with: nil), persons: people)
        XCTAssertEqual(one.count, 1)
        XCTAssertEqual(one.first?.code, "roster_gap")
        XCTAssertEqual(one.first?.slot, slot("2026-10-01", 1))
        XCTAssertEqual(one.first?.level, .leader)
        XCTAssertEqual(one.first?.message, "2026年10月1日 夜班 20:30—次日08:30 缺带班领导")
    }

    func testTwoPeopleOnOneCellIsAConflict() {
        var roster = goodRoster()
        roster.assignments.append(RosterAssignment(slot: slot("2026-10-02", 0), level: .officer, personID: "o1"))
        let problems = RosterValidator.validate(roster, persons: people)
        XCTAssertEqual(problems.map(\.kind), [.duplicate])
        XCTAssertEqual(problems.first?.personIDs, ["o3", "o1"])
        XCTAssertEqual(problems.first?.level, .officer)
        XCTAssertEqual(problems.first?.message, "2026年10月2日 白班 08:30—20:30 值班员排了2人（值班员3、值班员1），每班每级应只排一人")

        var twice = goodRoster()
        twice.assignments.append(RosterAssignment(slot: slot("2026-10-02", 0), level: .officer, personID: "o3"))
        XCTAssertEqual(RosterValidator.validate(twice, persons: people).map(\.message), ["2026年10月2日 白班 08:30—20:30 值班员：值班员3重复录入了2次"])
    }

    /// S001 第八条: 严禁安排同一人同时承担值班、带班工作.
    func testOnePersonOnTwoLevelsOfAShift() {
        set("l1") { $0.levels = nil }
        let roster = replacing(goodRoster(), slot("2026-10-01", 0), .officer, with: "l1")
        let problems = RosterValidator.validate(roster, persons: people)
        XCTAssertEqual(problems.map(\.kind), [.twoLevelsInOneShift])
        let p = problems[0]
        XCTAssertEqual(p.day, day("2026-10-01"))
        XCTAssertEqual(p.shiftIndex, 0)
        XCTAssertEqual(p.level, .leader)
        XCTAssertEqual(p.personID, "l1")
        XCTAssertEqual(p.message, "2026年10月1日 白班 08:30—20:30 局领导1同时担任值班员和带班领导，严禁同一人同时承担值班、带班工作（S001 第八条）")
    }

    /// S001 第八条, S004 一(一): 临聘、退休返聘、保安等非正式 may never be scheduled.
    func testIneligibleCategories() {
        for category in [EmploymentCategory.temporary, .rehiredRetiree, .informal] {
            set("o2") { $0.category = category }
            let problems = RosterValidator.validate(goodRoster(), persons: people)
            XCTAssertEqual(problems.map(\.kind), [.ineligibleCategory], category.title)
            XCTAssertEqual(problems.first?.slot, slot("2026-10-01", 1))
            XCTAssertEqual(problems.first?.level, .officer)
            XCTAssertEqual(problems.first?.personID, "o2")
            XCTAssertEqual(
                problems.first?.message, "2026年10月1日 夜班 20:30—次日08:30 值班员：值班员2为\(category.title)人员，不得安排值班（S001 第八条、S004 一(一)）")
        }
    }

    /// S001 第二十九条: 对首次参与值班的人员要开展岗前培训.
    func testNoPreDutyTraining() {
        set("s2") { $0.hasPreDutyTraining = false }
        let problems = RosterValidator.validate(goodRoster(), persons: people)
        XCTAssertEqual(problems.map(\.kind), [.untrained, .untrained], "s2 has two shifts")
        XCTAssertEqual(problems.map(\.slot), [slot("2026-10-01", 1), slot("2026-10-02", 1)])
        XCTAssertEqual(problems.first?.message, "2026年10月1日 夜班 20:30—次日08:30 值班科(处)领导：科长2没有岗前培训记录，首次值班前须经岗前培训（S001 第二十九条）")
    }

    func testUnknownPersonAndLevelNotAllowed() {
        var roster = replacing(goodRoster(), slot("2026-10-02", 1), .leader, with: "x9")
        roster = replacing(roster, slot("2026-10-01", 0), .sectionLeader, with: "o3")
        let problems = RosterValidator.validate(roster, persons: people)
        XCTAssertEqual(problems.map(\.kind), [.levelNotAllowed, .unknownPerson])
        XCTAssertEqual(problems[0].message, "2026年10月1日 白班 08:30—20:30 值班科(处)领导：值班员3不能担任值班科(处)领导")
        XCTAssertEqual(problems[1].message, "2026年10月2日 夜班 20:30—次日08:30 带班领导：人员“x9”不在本单位人员名单中")
        XCTAssertEqual(problems[1].personID, "x9")
    }

    func testAbsenceDuringTheShift() {
        set("o2") { $0.absences = [.init(from: sh(2026, 10, 2, 6, 0), to: sh(2026, 10, 5, 18, 0), reason: "外出")] }
        // o2 has the night of the 1st, which ends 08:30 on the 2nd.
        let problems = RosterValidator.validate(goodRoster(), persons: people)
        XCTAssertEqual(problems.map(\.kind), [.absent])
        XCTAssertEqual(problems.first?.slot, slot("2026-10-01", 1))
        XCTAssertEqual(problems.first?.message, "2026年10月1日 夜班 20:30—次日08:30 值班员：值班员2在10月2日06:00至10月5日18:00不在岗（外出），与本班冲突")

        set("o2") { $0.absences = [.init(from: sh(2026, 10, 2, 8, 30), to: sh(2026, 10, 5, 18, 0))] }
        XCTAssertEqual(RosterValidator.validate(goodRoster(), persons: people), [], "away only from the moment the shift ends")
    }

    func testNoConsecutiveShifts() {
        // o1 takes the night after their own day shift, replacing o2.
        let roster = replacing(goodRoster(), slot("2026-10-01", 1), .officer, with: "o1")
        XCTAssertEqual(RosterValidator.validate(roster, persons: people), [], "allowed unless the unit says otherwise")
        let problems = RosterValidator.validate(roster, persons: people, rules: RestRules(noConsecutiveShifts: true))
        XCTAssertEqual(problems.map(\.kind), [.consecutiveShifts], "s1/l1 alternate, so only o1 breaks the rule")
        XCTAssertEqual(problems.first?.slot, slot("2026-10-01", 1))
        XCTAssertEqual(problems.first?.personID, "o1")
        XCTAssertEqual(problems.first?.message, "2026年10月1日 夜班 20:30—次日08:30 值班员：值班员1连续值班，上一班为2026年10月1日 白班 08:30—20:30")
    }

    func testConsecutiveAtDifferentLevelsAndAcrossTheMonthBoundary() {
        set("s1") { $0.levels = nil }
        // s1 leads the section on the day shift of the 2nd and is the officer on the night before.
        let roster = replacing(goodRoster(), slot("2026-10-01", 1), .officer, with: "s1")
        var problems = RosterValidator.validate(roster, persons: people, rules: RestRules(noConsecutiveShifts: true))
        XCTAssertEqual(problems.map(\.kind), [.consecutiveShifts, .consecutiveShifts])
        XCTAssertEqual(problems.map(\.slot), [slot("2026-10-01", 1), slot("2026-10-02", 0)])

        // The last night of September, from the previous roster, counts for the 1 October day shift.
        let earlier = [RosterAssignment(slot: slot("2026-09-30", 1), level: .leader, personID: "l1")]
        problems = RosterValidator.validate(goodRoster(), persons: people, rules: RestRules(noConsecutiveShifts: true), earlier: earlier)
        XCTAssertEqual(problems.map(\.kind), [.consecutiveShifts])
        XCTAssertEqual(problems.first?.slot, slot("2026-10-01", 0))
        XCTAssertEqual(problems.first?.level, .leader)
    }

    func testMinimumRest() {
        // s1 and l1 work the day shifts of both days: 12 hours off between.
        XCTAssertEqual(RosterValidator.validate(goodRoster(), persons: people, rules: RestRules(minRestHoursBetweenShifts: 12)), [])
        let problems = RosterValidator.validate(goodRoster(), persons: people, rules: RestRules(minRestHoursBetweenShifts: 13))
        XCTAssertEqual(problems.map(\.kind), [.insufficientRest, .insufficientRest, .insufficientRest, .insufficientRest])
        XCTAssertEqual(Set(problems.compactMap(\.personID)), ["s1", "s2", "l1", "l2"])
        XCTAssertEqual(problems.first?.message, "2026年10月2日 白班 08:30—20:30 值班科(处)领导：科长1距上一班（2026年10月1日 白班 08:30—20:30）结束仅休息12小时，少于规定的13小时")

        // Back to back is reported once, as consecutive, when both rules are on.
        let backToBack = replacing(goodRoster(), slot("2026-10-01", 1), .officer, with: "o1")
        let both = RosterValidator.validate(backToBack, persons: people, rules: RestRules(noConsecutiveShifts: true, minRestHoursBetweenShifts: 12))
        XCTAssertEqual(both.map(\.kind), [.consecutiveShifts])
        let restOnly = RosterValidator.validate(backToBack, persons: people, rules: RestRules(minRestHoursBetweenShifts: 12))
        XCTAssertEqual(restOnly.map(\.kind), [.insufficientRest])
        XCTAssertTrue(restOnly[0].message.contains("仅休息0小时"), restOnly[0].message)
    }

    func testMaximumShiftsPerMonth() {
        let problems = RosterValidator.validate(goodRoster(), persons: people, rules: RestRules(maxShiftsPerMonth: 1))
        // s1, s2, l1, l2 each have two shifts; the second is the one over.
        XCTAssertEqual(problems.map(\.kind), Array(repeating: .tooManyShifts, count: 4))
        XCTAssertEqual(problems.map(\.slot), [slot("2026-10-02", 0), slot("2026-10-02", 0), slot("2026-10-02", 1), slot("2026-10-02", 1)])
        XCTAssertEqual(problems.first?.message, "2026年10月2日 白班 08:30—20:30 值班科(处)领导：科长1在10月共排了2个班，超过每月1个班的上限，自本班起超出")
        XCTAssertEqual(RosterValidator.validate(goodRoster(), persons: people, rules: RestRules(maxShiftsPerMonth: 2)), [])
    }

    func testAssignmentsOutsideTheRoster() {
        var roster = goodRoster()
        roster.assignments.append(RosterAssignment(slot: slot("2026-10-03", 0), level: .officer, personID: "o1"))
        roster.assignments.append(RosterAssignment(slot: slot("2026-10-01", 5), level: .officer, personID: "o2"))
        let problems = RosterValidator.validate(roster, persons: people)
        XCTAssertEqual(problems.map(\.kind), [.slotOutsideRoster, .slotOutsideRoster])
        XCTAssertEqual(problems[0].message, "2026年10月1日 第6班（班次设置中没有） 值班员：值班员2不在本表2026年10月1日至2026年10月2日的班次内")
        XCTAssertEqual(problems[1].slot, slot("2026-10-03", 0))
    }

    func testBrokenPatternStopsTheCheck() {
        var roster = goodRoster()
        roster.pattern = ShiftPattern(shifts: [Shift(startHour: 8, startMinute: 30, durationMinutes: 600)])
        let problems = RosterValidator.validate(roster, persons: people)
        XCTAssertEqual(problems.map(\.kind), [.invalidPattern])
        XCTAssertEqual(problems.first?.message, "班次设置有误：各班次时长合计应为24小时，现为10小时")
    }

    func testAllProblemsOfOneCellTogetherInTableOrder() {
        set("o3") {
            $0.category = .temporary
            $0.hasPreDutyTraining = false
        }
        var roster = replacing(goodRoster(), slot("2026-10-02", 1), .leader, with: nil)
        roster = replacing(roster, slot("2026-10-01", 0), .leader, with: nil)
        let problems = RosterValidator.validate(roster, persons: people)
        XCTAssertEqual(problems.map(\.kind), [.gap, .ineligibleCategory, .untrained, .gap])
        XCTAssertEqual(problems.map(\.slot), [slot("2026-10-01", 0), slot("2026-10-02", 0), slot("2026-10-02", 0), slot("2026-10-02", 1)])
        XCTAssertEqual(problems.map(\.code), ["roster_gap", "roster_ineligible_category", "roster_untrained", "roster_gap"])
    }
}
