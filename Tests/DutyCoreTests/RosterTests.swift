import Foundation
import XCTest

@testable import DutyCore

final class RosterTests: XCTestCase {
    func testLevelsAndTheirTitles() {
        XCTAssertEqual(DutyLevel.allCases.map(\.title), ["值班员", "值班科(处)领导", "带班领导"])
        XCTAssertEqual(DutyLevel.allCases.map(\.role), [.dutyOfficer, .sectionLeader, .dutyLeader])
        XCTAssertEqual(DutyLevel.allCases.map { $0.role.title }, DutyLevel.allCases.map(\.title), "same words as the account roles")
    }

    func testFullDayShiftRunsFromHalfPastEightToHalfPastEight() {
        let slot = ShiftSlot(day: day("2026-10-01"), shiftIndex: 0)
        XCTAssertEqual(slot.start(in: .fullDay), sh(2026, 10, 1, 8, 30))
        XCTAssertEqual(slot.end(in: .fullDay), sh(2026, 10, 2, 8, 30))
        XCTAssertEqual(ShiftPattern.fullDay.label(of: slot), "2026年10月1日 全天 08:30—次日08:30")
        XCTAssertEqual(ShiftPattern.fullDay.problems, [])
    }

    func testDayAndNightShifts() {
        let pattern = ShiftPattern.dayAndNight
        XCTAssertEqual(pattern.problems, [])
        let night = ShiftSlot(day: day("2026-09-30"), shiftIndex: 1)
        XCTAssertEqual(pattern.start(of: night), sh(2026, 9, 30, 20, 30))
        XCTAssertEqual(pattern.end(of: night), sh(2026, 10, 1, 8, 30))
        XCTAssertEqual(pattern.slot(after: night), ShiftSlot(day: day("2026-10-01"), shiftIndex: 0))
        XCTAssertEqual(pattern.end(of: night), pattern.start(of: pattern.slot(after: night)), "no gap between shifts")
        XCTAssertEqual(pattern.label(ofShift: 0), "白班 08:30—20:30")
        XCTAssertEqual(pattern.label(ofShift: 1), "夜班 20:30—次日08:30")
        XCTAssertEqual(pattern.slots(from: day("2026-10-01"), through: day("2026-10-02")).count, 4)
    }

    /// Three eight-hour shifts: the midnight one belongs to the duty day that began at 08:00.
    func testShiftAfterMidnightBelongsToTheDutyDay() {
        let pattern = ShiftPattern(shifts: [
            Shift(startHour: 8, startMinute: 0, durationMinutes: 480),
            Shift(startHour: 16, startMinute: 0, durationMinutes: 480),
            Shift(startHour: 0, startMinute: 0, durationMinutes: 480),
        ])
        XCTAssertEqual(pattern.problems, [])
        let third = ShiftSlot(day: day("2026-10-01"), shiftIndex: 2)
        XCTAssertEqual(pattern.start(of: third), sh(2026, 10, 2, 0, 0))
        XCTAssertEqual(pattern.end(of: third), sh(2026, 10, 2, 8, 0))
        XCTAssertEqual(pattern.label(ofShift: 2), "第3班 次日00:00—次日08:00")
    }

    func testPatternsThatLeaveTheDayUncoveredAreRefused() {
        XCTAssertEqual(ShiftPattern(shifts: []).problems, ["至少要有一个班次"])
        let short = ShiftPattern(shifts: [Shift(startHour: 8, startMinute: 30, durationMinutes: 720)])
        XCTAssertEqual(short.problems, ["各班次时长合计应为24小时，现为12小时"])
        let gap = ShiftPattern(shifts: [Shift(startHour: 8, startMinute: 30, durationMinutes: 720), Shift(startHour: 21, startMinute: 0, durationMinutes: 720)])
        XCTAssertEqual(gap.problems, ["第2个班次应在第1个班次结束时（20:30）开始"])
        XCTAssertEqual(ShiftPattern(shifts: [Shift(startHour: 24, startMinute: 0, durationMinutes: 1440)]).problems, ["第1个班次的开始时间无效"])
    }

    func testMonthRosterAndWhoIsOnDutyNow() {
        let slot = ShiftSlot(day: day("2026-10-01"), shiftIndex: 1)
        let roster = Roster(
            year: 2026, month: 10, pattern: .dayAndNight,
            assignments: [
                RosterAssignment(slot: slot, level: .officer, personID: "o1"),
                RosterAssignment(slot: slot, level: .leader, personID: "l1"),
            ])!
        XCTAssertEqual(roster.firstDay, day("2026-10-01"))
        XCTAssertEqual(roster.lastDay, day("2026-10-31"))
        XCTAssertEqual(roster.slots.count, 62)
        XCTAssertTrue(roster.contains(slot))
        XCTAssertFalse(roster.contains(ShiftSlot(day: day("2026-11-01"), shiftIndex: 0)))
        XCTAssertFalse(roster.contains(ShiftSlot(day: day("2026-10-01"), shiftIndex: 2)))
        XCTAssertEqual(roster.personIDs(at: slot, level: .officer), ["o1"])
        XCTAssertEqual(roster.onDuty(at: sh(2026, 10, 2, 3, 0)), [.officer: ["o1"], .leader: ["l1"]])
        XCTAssertEqual(roster.onDuty(at: sh(2026, 10, 2, 8, 30)), [:], "the night shift has ended")
        XCTAssertNil(Roster(year: 2026, month: 0, pattern: .fullDay))
    }

    func testAbsenceIsHalfOpen() {
        let absence = RosterPerson.Absence(from: sh(2026, 10, 1, 8, 30), to: sh(2026, 10, 2, 8, 30), reason: "请假")
        XCTAssertTrue(absence.overlaps(start: sh(2026, 10, 1, 20, 30), end: sh(2026, 10, 2, 8, 30)))
        XCTAssertFalse(absence.overlaps(start: sh(2026, 10, 2, 8, 30), end: sh(2026, 10, 2, 20, 30)), "back at the start of the shift")
        XCTAssertFalse(absence.overlaps(start: sh(2026, 9, 30, 20, 30), end: sh(2026, 10, 1, 8, 30)), "leaves as the shift ends")
    }

    func testRosterEncodesForTheAPI() throws {
        let roster = Roster(
            firstDay: day("2026-10-01"), lastDay: day("2026-10-07"), pattern: .fullDay,
            assignments: [RosterAssignment(slot: ShiftSlot(day: day("2026-10-01"), shiftIndex: 0), level: .sectionLeader, personID: "s1")])
        let data = try JSONEncoder().encode(roster)
        XCTAssertEqual(try JSONDecoder().decode(Roster.self, from: data), roster)
        let text = String(decoding: data, as: UTF8.self)
        XCTAssertTrue(text.contains(#""day":"2026-10-01""#), text)
        XCTAssertTrue(text.contains(#""level":"section_leader""#), text)
    }
}
