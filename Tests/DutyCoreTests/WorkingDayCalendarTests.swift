import Foundation
import XCTest

@testable import DutyCore

final class WorkingDayCalendarTests: XCTestCase {
    private let cal = HolidayFixture.calendar

    private func working(_ days: [String]) -> [Bool] { days.map { cal.isWorkingDay(day($0)) } }

    // MARK: - CalendarDay

    func testCalendarDayReadsAndWritesISODates() {
        XCTAssertEqual(day("2026-10-01").description, "2026-10-01")
        XCTAssertEqual(CalendarDay(year: 2026, month: 3, day: 7)?.description, "2026-03-07")
        XCTAssertEqual(day("2026-10-01").chineseTitle, "2026年10月1日")
        XCTAssertNil(CalendarDay("2026-02-29"), "2026 is not a leap year")
        XCTAssertNotNil(CalendarDay("2024-02-29"))
        XCTAssertNil(CalendarDay("2026-13-01"))
        XCTAssertNil(CalendarDay("2026-1-5"), "two-digit month and day, as in the file")
        XCTAssertNil(CalendarDay("2026/10/01"))
        XCTAssertNil(CalendarDay(""))
    }

    func testCalendarDayArithmetic() {
        XCTAssertEqual(day("2026-12-31").adding(days: 1), day("2027-01-01"))
        XCTAssertEqual(day("2024-03-01").adding(days: -1), day("2024-02-29"))
        XCTAssertEqual(day("2026-03-01").adding(days: -1), day("2026-02-28"))
        XCTAssertEqual(day("2026-01-01").days(until: day("2027-01-01")), 365)
        XCTAssertEqual(day("2024-01-01").days(until: day("2025-01-01")), 366)
        XCTAssertEqual(CalendarDay.daysInMonth(year: 2026, month: 2), 28)
        XCTAssertEqual(CalendarDay.daysInMonth(year: 2024, month: 2), 29)
        XCTAssertEqual(CalendarDay.daysInMonth(year: 1900, month: 2), 28)
        XCTAssertEqual(CalendarDay.daysInMonth(year: 2000, month: 2), 29)
        XCTAssertEqual(day("2026-09-17").firstDayOfMonth, day("2026-09-01"))
        XCTAssertEqual(day("2026-09-17").lastDayOfMonth, day("2026-09-30"))
        XCTAssertEqual(day("2026-01-17").firstDayOfPreviousMonth, day("2025-12-01"))
        XCTAssertEqual(CalendarDay.lastDay(ofMonth: 2, year: 2024), day("2024-02-29"))
        XCTAssertNil(CalendarDay.lastDay(ofMonth: 0, year: 2024))
        XCTAssertEqual(
            CalendarDay.days(from: day("2026-09-29"), through: day("2026-10-02")).map(\.description), ["2026-09-29", "2026-09-30", "2026-10-01", "2026-10-02"])
        XCTAssertTrue(day("2026-09-30") < day("2026-10-01"))
    }

    func testWeekdays() {
        XCTAssertEqual(day("1970-01-01").weekday, .thursday)
        XCTAssertEqual(day("2026-10-01").weekday, .thursday)
        XCTAssertEqual(day("2026-02-28").weekday, .saturday)
        XCTAssertEqual(day("2026-05-31").weekday, .sunday)
        XCTAssertEqual(day("2000-03-01").weekday, .wednesday)
        XCTAssertEqual(day("1969-12-31").weekday, .wednesday)
        XCTAssertEqual(day("2026-05-31").weekday.title, "星期日")
    }

    func testCalendarDayMeetsInstantsInShanghai() {
        // 2026-09-30T16:30Z is 00:30 on 1 October in Shanghai.
        let instant = ISO8601DateFormatter().date(from: "2026-09-30T16:30:00Z")!
        XCTAssertEqual(CalendarDay(instant), day("2026-10-01"))
        XCTAssertEqual(CalendarDay(instant, in: TimeZone(identifier: "UTC")!), day("2026-09-30"))
        XCTAssertEqual(day("2026-10-01").start(), sh(2026, 10, 1))
        XCTAssertEqual(day("2026-10-01").instant(hour: 8, minute: 30), sh(2026, 10, 1, 8, 30))
    }

    func testCalendarDayEncodesAsAString() throws {
        let data = try JSONEncoder().encode([day("2026-10-01")])
        XCTAssertEqual(String(decoding: data, as: UTF8.self), #"["2026-10-01"]"#)
        XCTAssertEqual(try JSONDecoder().decode([CalendarDay].self, from: data), [day("2026-10-01")])
        XCTAssertThrowsError(try JSONDecoder().decode([CalendarDay].self, from: Data(#"["2026-02-30"]"#.utf8)))
    }

    // MARK: - The shipped notices

    func testShippedFileCoversTwentyTwentyFourToTwentySix() {
        XCTAssertEqual(cal.coveredYears, [2024, 2025, 2026])
        XCTAssertTrue(cal.covers(year: 2026))
        XCTAssertFalse(cal.covers(year: 2027), "a year without a notice is reported as unknown")
        XCTAssertFalse(cal.covers(year: 2023))
        XCTAssertEqual(cal.entries.count, 108)
    }

    /// 国办发明电〔2025〕7号: 春节 2月15日（农历腊月二十八）至23日放假调休，共9天；2月14日（星期六）、
    /// 2月28日（星期六）上班.
    func testSpringFestival2026() {
        let holiday = CalendarDay.days(from: day("2026-02-15"), through: day("2026-02-23"))
        XCTAssertTrue(holiday.allSatisfy { cal.isHoliday($0) && !cal.isWorkingDay($0) })
        XCTAssertEqual(Set(holiday.compactMap { cal.festival(on: $0) }), ["Spring Festival"])
        XCTAssertEqual(working(["2026-02-13", "2026-02-14", "2026-02-24", "2026-02-28", "2026-03-01"]), [true, true, true, true, false])
        XCTAssertEqual(cal.entry(on: day("2026-02-14"))?.kind, .adjustedWorkday)
        XCTAssertEqual(cal.festival(on: day("2026-02-28")), "Spring Festival", "an adjusted working day belongs to its festival")
        XCTAssertFalse(cal.isHoliday(day("2026-02-28")))
        XCTAssertEqual(cal.entry(on: day("2026-02-15"))?.festivalTitle, "春节")

        let period = cal.holidayPeriod(containing: day("2026-02-20"))
        XCTAssertEqual(period, HolidayPeriod(festivals: ["Spring Festival"], firstDay: day("2026-02-15"), lastDay: day("2026-02-23")))
        XCTAssertEqual(period?.dayCount, 9)
        XCTAssertEqual(period?.title, "春节")
    }

    /// 2026: 中秋节 9月25日至27日 (Fri–Sun), 国庆节 10月1日至7日; 9月20日（星期日）、10月10日（星期六）上班.
    func testNationalDayAndMidAutumn2026() {
        XCTAssertEqual(working(["2026-09-20", "2026-09-24", "2026-09-25", "2026-09-28", "2026-09-30"]), [true, true, false, true, true])
        XCTAssertEqual(cal.festival(on: day("2026-09-26")), "Mid-autumn Festival")
        XCTAssertTrue(CalendarDay.days(from: day("2026-10-01"), through: day("2026-10-07")).allSatisfy { !cal.isWorkingDay($0) && cal.isHoliday($0) })
        XCTAssertEqual(working(["2026-10-08", "2026-10-09", "2026-10-10", "2026-10-11"]), [true, true, true, false])
        XCTAssertEqual(cal.festival(on: day("2026-09-20")), "National Day")

        XCTAssertEqual(
            cal.holidayPeriods(from: day("2026-09-01"), through: day("2026-10-31")),
            [
                HolidayPeriod(festivals: ["Mid-autumn Festival"], firstDay: day("2026-09-25"), lastDay: day("2026-09-27")),
                HolidayPeriod(festivals: ["National Day"], firstDay: day("2026-10-01"), lastDay: day("2026-10-07")),
            ])
    }

    /// 2025: 国庆节、中秋节 10月1日至8日放假调休，共8天；9月28日（星期日）、10月11日（星期六）上班.
    /// The file ties 10月6日 to 中秋; the block is still one.
    func testNationalDayAndMidAutumn2025AreOneBlock() {
        XCTAssertEqual(
            working(["2025-09-28", "2025-09-30", "2025-10-06", "2025-10-08", "2025-10-09", "2025-10-11", "2025-10-12"]),
            [true, true, false, false, true, true, false])
        XCTAssertEqual(cal.festival(on: day("2025-10-06")), "Mid-autumn Festival")
        let period = cal.holidayPeriod(containing: day("2025-10-01"))
        XCTAssertEqual(period?.firstDay, day("2025-10-01"))
        XCTAssertEqual(period?.lastDay, day("2025-10-08"))
        XCTAssertEqual(period?.festivals, ["National Day", "Mid-autumn Festival"])
        XCTAssertEqual(period?.title, "国庆节、中秋节")
        XCTAssertEqual(cal.holidayPeriod(containing: day("2025-10-06")), period)
    }

    /// 2025: 春节 1月28日至2月4日放假调休，共8天；1月26日（星期日）、2月8日（星期六）上班.
    func testSpringFestival2025() {
        XCTAssertEqual(
            working(["2025-01-26", "2025-01-27", "2025-01-28", "2025-02-01", "2025-02-04", "2025-02-05", "2025-02-08", "2025-02-09"]),
            [
                true, true, false, false, false, true, true, false,
            ])
        XCTAssertEqual(cal.holidayPeriod(containing: day("2025-02-01"))?.firstDay, day("2025-01-28"))
        XCTAssertEqual(cal.holidayPeriod(containing: day("2025-02-01"))?.lastDay, day("2025-02-04"))
    }

    func testPlainWeekendIsARestDayButNotAHoliday() {
        XCTAssertFalse(cal.isWorkingDay(day("2026-03-07")))
        XCTAssertFalse(cal.isWorkingDay(day("2026-03-08")))
        XCTAssertFalse(cal.isHoliday(day("2026-03-07")))
        XCTAssertNil(cal.festival(on: day("2026-03-07")))
        XCTAssertNil(cal.holidayPeriod(containing: day("2026-03-07")), "a weekend on its own is no holiday block")
        XCTAssertNil(cal.holidayPeriod(containing: day("2026-03-09")), "a working day is in no block")
        XCTAssertTrue(cal.isWorkingDay(day("2026-03-09")))
    }

    func testYearWithoutANoticeFallsBackToWeekdaysButSaysSo() {
        XCTAssertFalse(cal.covers(year: 2027))
        XCTAssertTrue(cal.isWorkingDay(day("2027-01-01")), "a Friday, by the weekday rule, until the 2027 notice is entered")
        XCTAssertFalse(cal.isWorkingDay(day("2027-01-02")))
    }

    // MARK: - Counting and stepping

    /// Counted by hand from the file: weekdays, less weekday holidays, plus adjusted weekend days.
    func testWorkingDaysInMonths() {
        // February 2026: 20 weekdays − 6 (16–20, 23) + 2 (14, 28).
        XCTAssertEqual(cal.workingDayCount(inMonth: 2, year: 2026), 16)
        // September 2026: 22 weekdays − 1 (25) + 1 (20).
        XCTAssertEqual(cal.workingDayCount(inMonth: 9, year: 2026), 22)
        // October 2026: 22 weekdays − 5 (1, 2, 5, 6, 7) + 1 (10).
        XCTAssertEqual(cal.workingDayCount(inMonth: 10, year: 2026), 18)
        // October 2025: 23 weekdays − 6 (1, 2, 3, 6, 7, 8) + 1 (11).
        XCTAssertEqual(cal.workingDayCount(inMonth: 10, year: 2025), 18)
        // January 2025: 23 weekdays − 5 (1, 28, 29, 30, 31) + 1 (26).
        XCTAssertEqual(cal.workingDayCount(inMonth: 1, year: 2025), 19)
        // March 2026: no notice days, 22 weekdays.
        XCTAssertEqual(cal.workingDayCount(inMonth: 3, year: 2026), 22)
        // 13 to 24 February 2026: the 13th, the adjusted 14th, the 24th.
        XCTAssertEqual(cal.workingDayCount(from: day("2026-02-13"), through: day("2026-02-24")), 3)
        XCTAssertEqual(cal.workingDayCount(from: day("2026-02-24"), through: day("2026-02-13")), 0)
    }

    func testNextAndPreviousWorkingDays() {
        XCTAssertEqual(cal.nextWorkingDay(after: day("2026-09-30")), day("2026-10-08"))
        XCTAssertEqual(cal.previousWorkingDay(before: day("2026-10-08")), day("2026-09-30"))
        XCTAssertEqual(cal.nextWorkingDay(after: day("2026-02-13")), day("2026-02-14"), "the adjusted Saturday")
        XCTAssertEqual(cal.nextWorkingDay(after: day("2026-03-06")), day("2026-03-09"))
        XCTAssertEqual(cal.workingDay(onOrAfter: day("2026-03-09")), day("2026-03-09"))
        XCTAssertEqual(cal.lastWorkingDay(ofMonth: 2, year: 2026), day("2026-02-28"), "an adjusted Saturday ends February")
        XCTAssertEqual(cal.lastWorkingDay(ofMonth: 1, year: 2025), day("2025-01-27"), "the 28th to 31st are 春节")
        XCTAssertEqual(cal.lastWorkingDay(ofMonth: 5, year: 2026), day("2026-05-29"), "the 31st is a Sunday")
        XCTAssertEqual(cal.firstWorkingDay(ofMonth: 10, year: 2026), day("2026-10-08"))
        XCTAssertNil(cal.lastWorkingDay(ofMonth: 13, year: 2026))
    }

    // MARK: - Holiday blocks

    /// "6月10日放假，与周末连休": the file lists only the Monday; the days off are 8 to 10 June.
    func testWeekendJoinedToAHolidayIsPartOfTheBlock() {
        XCTAssertEqual(
            cal.holidayPeriod(containing: day("2024-06-10")),
            HolidayPeriod(festivals: ["Dragon Boat Festival"], firstDay: day("2024-06-08"), lastDay: day("2024-06-10")))
        XCTAssertEqual(cal.holidayPeriod(containing: day("2024-06-08"))?.festival, "Dragon Boat Festival")
        XCTAssertNil(cal.festival(on: day("2024-06-08")), "the Saturday is not itself a notice day")
        // 2024 元旦 (Monday) joins the weekend of 30–31 December 2023.
        XCTAssertEqual(cal.holidayPeriod(containing: day("2024-01-01"))?.firstDay, day("2023-12-30"))
    }

    func testBlocksOfTheYear() {
        let blocks = cal.holidayPeriods(inYear: 2026)
        XCTAssertEqual(blocks.map(\.title), ["元旦", "春节", "清明节", "劳动节", "端午节", "中秋节", "国庆节"])
        XCTAssertEqual(
            blocks.map { "\($0.firstDay)…\($0.lastDay)" },
            [
                "2026-01-01…2026-01-03", "2026-02-15…2026-02-23", "2026-04-04…2026-04-06", "2026-05-01…2026-05-05",
                "2026-06-19…2026-06-21", "2026-09-25…2026-09-27", "2026-10-01…2026-10-07",
            ])
        XCTAssertEqual(cal.holidayPeriods(inYear: 2025).map(\.title), ["元旦", "春节", "清明节", "劳动节", "端午节", "国庆节、中秋节"])
        XCTAssertEqual(cal.nextHolidayPeriod(after: day("2026-09-01"))?.firstDay, day("2026-09-25"))
        XCTAssertEqual(cal.nextHolidayPeriod(after: day("2026-09-25"))?.firstDay, day("2026-10-01"), "a block already begun is not next")
        XCTAssertNil(cal.nextHolidayPeriod(after: day("2026-10-01")))
    }

    // MARK: - Entering a year

    /// Entries made up for the test: not the real 2027 notice.
    private let made2027 = [
        HolidayEntry(date: CalendarDay("2026-12-31")!, kind: .holiday, festival: "元旦"),
        HolidayEntry(date: CalendarDay("2027-01-01")!, kind: .holiday, festival: "元旦"),
        HolidayEntry(date: CalendarDay("2027-01-09")!, kind: .adjustedWorkday, festival: "元旦"),
    ]

    func testEnteringTheNextYearsNotice() throws {
        let withNext = try cal.merging(year: 2027, entries: made2027)
        XCTAssertTrue(withNext.covers(year: 2027))
        XCTAssertEqual(withNext.coveredYears, [2024, 2025, 2026, 2027])
        XCTAssertFalse(withNext.isWorkingDay(day("2027-01-01")))
        XCTAssertFalse(withNext.isWorkingDay(day("2026-12-31")), "a notice may reach into the December before")
        XCTAssertTrue(withNext.isWorkingDay(day("2027-01-09")))
        XCTAssertEqual(withNext.holidayPeriod(containing: day("2027-01-01"))?.firstDay, day("2026-12-31"))
        XCTAssertEqual(withNext.holidayPeriod(containing: day("2027-01-01"))?.lastDay, day("2027-01-03"))
        XCTAssertFalse(cal.covers(year: 2027), "merging returns a new calendar")
    }

    func testReenteringAYearReplacesIt() throws {
        let first = try cal.merging(year: 2027, entries: made2027)
        let corrected = try first.merging(year: 2027, entries: [HolidayEntry(date: day("2027-01-01"), kind: .holiday, festival: "New Year's Day")])
        XCTAssertTrue(corrected.isWorkingDay(day("2026-12-31")), "the corrected notice no longer lists the 31st")
        XCTAssertFalse(corrected.isWorkingDay(day("2027-01-09")), "nor the adjusted Saturday")
        XCTAssertEqual(corrected.festival(on: day("2027-01-01")), "New Year's Day")
        XCTAssertEqual(corrected.notices[2027]?.count, 1)
        XCTAssertEqual(corrected.notices[2026], cal.notices[2026], "other years are untouched")

        // Re-entering a shipped year replaces it as a whole too.
        let replaced2026 = try cal.merging(year: 2026, entries: [HolidayEntry(date: day("2026-10-01"), kind: .holiday, festival: "National Day")])
        XCTAssertTrue(replaced2026.isWorkingDay(day("2026-02-16")))
        XCTAssertFalse(replaced2026.isWorkingDay(day("2026-10-01")))
        XCTAssertFalse(replaced2026.isWorkingDay(day("2025-10-01")))
    }

    func testEnteringAYearRefusesWhatCannotBeRight() {
        let bad = [
            HolidayEntry(date: day("2028-01-01"), kind: .holiday, festival: "元旦"),
            HolidayEntry(date: day("2027-01-04"), kind: .adjustedWorkday, festival: "元旦"),
            HolidayEntry(date: day("2027-02-10"), kind: .holiday, festival: "春节"),
            HolidayEntry(date: day("2027-02-10"), kind: .holiday, festival: "春节"),
            HolidayEntry(date: day("2027-02-11"), kind: .holiday, festival: " "),
        ]
        XCTAssertThrowsError(try cal.merging(year: 2027, entries: bad)) { error in
            let e = error as! HolidayDataError
            XCTAssertEqual(e.issues.map(\.code), [.adjustedWorkdayOnWeekday, .duplicateDate, .missingFestival, .outsideYear])
            XCTAssertEqual(e.issues[0].message, "2027-01-04是星期一，本就是工作日，调休上班只能是星期六或星期日")
            XCTAssertEqual(e.issues[3].message, "2028-01-01不属于2027年的放假安排")
            XCTAssertTrue(e.issues.allSatisfy { $0.line == nil })
        }
    }

    // MARK: - Reading the table

    func testParseErrorsNameTheLine() {
        let text = """
            date,kind,festival
            2027-01-01,holiday,元旦

            2027-13-01,holiday,元旦
            2027-02-10,day_off,春节
            2027-02-11,holiday
            2027-02-12,holiday,
            2027-01-01,holiday,元旦
            2027-01-04,adjusted_workday,元旦
            """
        XCTAssertThrowsError(try WorkingDayCalendar.parse(csv: text)) { error in
            let e = error as! HolidayDataError
            XCTAssertEqual(e.issues.map(\.line), [4, 5, 6, 7, 8, 9])
            XCTAssertEqual(e.issues.map(\.code), [.badDate, .unknownKind, .fieldCount, .missingFestival, .duplicateDate, .adjustedWorkdayOnWeekday])
            XCTAssertEqual(e.issues[0].message, "第4行：日期“2027-13-01”无效，应写成2026-10-01")
            XCTAssertEqual(e.issues[1].message, "第5行：类型“day_off”无效，应为 holiday（放假）或 adjusted_workday（调休上班）")
            XCTAssertEqual(e.issues[2].message, "第6行：应有3列（日期、类型、节日），实有2列")
            XCTAssertEqual(e.issues[4].message, "第8行：日期2027-01-01与第2行重复")
            XCTAssertEqual(e.code, "holiday_data_bad_date")
            XCTAssertTrue(e.message.hasPrefix("第4行："))
        }
    }

    func testParseRefusesAMissingHeaderAndAnEmptyFile() {
        XCTAssertThrowsError(try WorkingDayCalendar.parse(csv: "2026-01-01,holiday,元旦\n")) { error in
            XCTAssertEqual((error as! HolidayDataError).issues, [.init(line: 1, code: .badHeader, message: "第1行：表头应为 date,kind,festival")])
        }
        XCTAssertThrowsError(try WorkingDayCalendar.parse(csv: "\n  \n")) { error in
            XCTAssertEqual((error as! HolidayDataError).issues.map(\.code), [.empty])
        }
    }

    func testParseAcceptsWhatSpreadsheetsAndPeopleWrite() throws {
        let text = "\u{FEFF}Date,Kind,Festival\r\n2027-01-01,放假,元旦\r\n\r\n\"2027-01-09\",调休上班,\"元旦\"\r\n"
        let parsed = try WorkingDayCalendar.parse(csv: text)
        XCTAssertEqual(
            parsed.entries,
            [
                HolidayEntry(date: day("2027-01-01"), kind: .holiday, festival: "元旦"),
                HolidayEntry(date: day("2027-01-09"), kind: .adjustedWorkday, festival: "元旦"),
            ])
        XCTAssertEqual(parsed.entries[0].festivalTitle, "元旦")
    }

    func testExportAndStorageRoundTrip() throws {
        XCTAssertEqual(try WorkingDayCalendar.parse(csv: cal.csv), cal)
        let original = try String(contentsOf: HolidayFixture.csvURL, encoding: .utf8)
        XCTAssertEqual(cal.csv, original, "export writes the shipped file back byte for byte")

        let encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys
        let data = try encoder.encode(cal)
        XCTAssertEqual(try JSONDecoder().decode(WorkingDayCalendar.self, from: data), cal)
        XCTAssertEqual(try encoder.encode(try JSONDecoder().decode(WorkingDayCalendar.self, from: data)), data, "the same calendar encodes the same bytes")
    }
}
