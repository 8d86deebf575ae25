import Foundation
import XCTest

@testable import DutyCore

final class RosterFilingPolicyTests: XCTestCase {
    private let cal = HolidayFixture.calendar

    private func due(_ policy: RosterFilingPolicy, _ year: Int, _ month: Int) -> String? {
        policy.monthlyDueDay(forMonth: month, year: year, calendar: cal)?.description
    }

    // MARK: - What the seeds say

    func testShippedPoliciesFollowTheSeeds() {
        XCTAssertEqual(RosterFilingPolicy.shenyang.monthlyDue, .lastWorkingDayOfPreviousMonth)
        XCTAssertEqual(RosterFilingPolicy.shenyang.holidayLeadDays, 3, "S001 第九条(二): 提前3天")
        XCTAssertEqual(RosterFilingPolicy.henan.monthlyDue, .endOfPreviousMonth)
        XCTAssertNil(RosterFilingPolicy.henan.holidayLeadDays, "S002 sets no holiday lead time")
        XCTAssertEqual(RosterFilingPolicy.xuchang.holidayLeadDays, 2, "S000 一: 每次节假日前两日")
        XCTAssertEqual(RosterFilingPolicy.ordos.monthlyDue, .dayOfPreviousMonth(25))
        XCTAssertEqual(RosterFilingPolicy.ordos.holidayLeadDays, 3, "S004 一(一): 法定节假日放假3天前")
        XCTAssertEqual(RosterFilingPolicy.all.map(\.id), ["shenyang", "henan", "xuchang", "ordos", "default"])
    }

    // MARK: - 沈阳: the last working day of the previous month

    func testShenyangOrdinaryMonth() {
        // 30 September 2026 is a Wednesday and a working day.
        XCTAssertEqual(due(.shenyang, 2026, 10), "2026-09-30")
        let deadline = RosterFilingPolicy.shenyang.monthlyDeadline(forMonth: 10, year: 2026, calendar: cal)
        XCTAssertEqual(deadline?.dueAt, sh(2026, 9, 30, 23, 59, 59))
        XCTAssertEqual(deadline?.dueAt, ISO8601DateFormatter().date(from: "2026-09-30T15:59:59Z"))
        XCTAssertEqual(deadline?.basis, "9月30日（上月最后一个工作日）前")
        XCTAssertEqual(deadline?.calendarKnown, true)
    }

    func testShenyangMonthEndingOnAWeekend() {
        // 31 May 2026 is a Sunday: due Friday the 29th. 31 January 2026 is a Saturday: Friday the 30th.
        XCTAssertEqual(due(.shenyang, 2026, 6), "2026-05-29")
        XCTAssertEqual(due(.shenyang, 2026, 2), "2026-01-30")
    }

    func testShenyangMonthEndingInAHoliday() {
        // 28–31 January 2025 are 春节: due Monday the 27th.
        XCTAssertEqual(due(.shenyang, 2025, 2), "2025-01-27")
        // 31 May 2025 is the first day of 端午 (a Saturday anyway): due Friday the 30th.
        XCTAssertEqual(due(.shenyang, 2025, 6), "2025-05-30")
    }

    func testShenyangMonthEndingOnAnAdjustedSaturday() {
        // 28 February 2026 is a Saturday made a working day (春节调休): it is the due day.
        XCTAssertEqual(due(.shenyang, 2026, 3), "2026-02-28")
    }

    func testShenyangAcrossTheYearAndIntoAnUnknownYear() {
        XCTAssertEqual(due(.shenyang, 2027, 1), "2026-12-31")
        XCTAssertEqual(RosterFilingPolicy.shenyang.monthlyDeadline(forMonth: 1, year: 2027, calendar: cal)?.calendarKnown, true)
        // December 2027 has no notice yet: the weekday rule gives Friday the 31st, flagged as unsure.
        let unsure = RosterFilingPolicy.shenyang.monthlyDeadline(forMonth: 1, year: 2028, calendar: cal)
        XCTAssertEqual(unsure?.dueDay, day("2027-12-31"))
        XCTAssertEqual(unsure?.calendarKnown, false)
        XCTAssertNil(due(.shenyang, 2026, 13))
    }

    // MARK: - 河南 and 鄂尔多斯: calendar days

    func testHenanMonthEndWhateverTheDay() {
        XCTAssertEqual(due(.henan, 2026, 10), "2026-09-30")
        XCTAssertEqual(due(.henan, 2025, 2), "2025-01-31", "a 春节 holiday, still the month end")
        XCTAssertEqual(due(.henan, 2026, 6), "2026-05-31", "a Sunday")
        XCTAssertEqual(due(.henan, 2024, 3), "2024-02-29")
        XCTAssertEqual(due(.henan, 2026, 1), "2025-12-31")
        let deadline = RosterFilingPolicy.henan.monthlyDeadline(forMonth: 1, year: 2028, calendar: cal)
        XCTAssertEqual(deadline?.calendarKnown, true, "a fixed day does not wait for the holiday notice")
        XCTAssertEqual(deadline?.basis, "12月31日（上月月底）前")
        XCTAssertEqual(due(.xuchang, 2026, 10), "2026-09-30")
    }

    func testOrdosTwentyFifth() {
        XCTAssertEqual(due(.ordos, 2026, 11), "2026-10-25", "a Sunday: the seed names a calendar day")
        XCTAssertEqual(due(.ordos, 2026, 3), "2026-02-25")
        XCTAssertEqual(due(.ordos, 2026, 1), "2025-12-25")
        XCTAssertEqual(RosterFilingPolicy.ordos.monthlyDeadline(forMonth: 11, year: 2026, calendar: cal)?.basis, "10月25日前")
        var late = RosterFilingPolicy.ordos
        late.monthlyDue = .dayOfPreviousMonth(30)
        XCTAssertEqual(late.monthlyDueDay(forMonth: 3, year: 2026, calendar: cal), day("2026-02-28"), "a day past February's end means its last day")
    }

    // MARK: - Holiday rosters

    func testHolidayRosterLeadTimes() throws {
        let nationalDay = try XCTUnwrap(cal.holidayPeriod(containing: day("2026-10-01")))
        XCTAssertEqual(RosterFilingPolicy.shenyang.holidayDeadline(for: nationalDay, calendar: cal)?.dueDay, day("2026-09-28"))
        XCTAssertEqual(RosterFilingPolicy.ordos.holidayDeadline(for: nationalDay, calendar: cal)?.dueDay, day("2026-09-28"))
        let xuchang = RosterFilingPolicy.xuchang.holidayDeadline(for: nationalDay, calendar: cal)
        XCTAssertEqual(xuchang?.dueDay, day("2026-09-29"))
        XCTAssertEqual(xuchang?.dueAt, sh(2026, 9, 29, 23, 59, 59))
        XCTAssertEqual(xuchang?.basis, "9月29日（国庆节假期10月1日开始，提前2天）前")
        XCTAssertNil(RosterFilingPolicy.henan.holidayDeadline(for: nationalDay, calendar: cal))

        // 春节 2026 begins on Sunday 15 February: calendar days back, onto the 12th (Thursday).
        let spring = try XCTUnwrap(cal.holidayPeriod(containing: day("2026-02-18")))
        XCTAssertEqual(RosterFilingPolicy.shenyang.holidayDeadline(for: spring, calendar: cal)?.dueDay, day("2026-02-12"))
    }

    func testHolidayLeadCountsFromTheFirstDayOff() throws {
        // 2024 端午: only Monday 10 June is listed, but the days off start Saturday the 8th.
        let dragonBoat = try XCTUnwrap(cal.holidayPeriod(containing: day("2024-06-10")))
        XCTAssertEqual(RosterFilingPolicy.xuchang.holidayDeadline(for: dragonBoat, calendar: cal)?.dueDay, day("2024-06-06"))
        // A sensitive period named by a superior's notice.
        XCTAssertEqual(RosterFilingPolicy.shenyang.holidayDueDay(periodStartingOn: day("2026-03-04")), day("2026-03-01"))
    }

    // MARK: - Status

    func testFilingStatus() {
        let dueAt = sh(2026, 9, 30, 23, 59, 59)
        func status(filed: Date?, now: Date) -> FilingStatus { RosterFilingPolicy.status(dueAt: dueAt, filedAt: filed, now: now) }

        XCTAssertEqual(status(filed: nil, now: sh(2026, 9, 30, 12, 0)), .notYetDue(remaining: 12 * 3600 - 1))
        XCTAssertEqual(status(filed: nil, now: sh(2026, 9, 30, 12, 0)).title, "未到期")
        XCTAssertEqual(status(filed: sh(2026, 9, 29, 10, 0), now: sh(2026, 10, 5)), .onTime(early: 38 * 3600 - 1))
        XCTAssertEqual(status(filed: sh(2026, 9, 29, 10, 0), now: sh(2026, 10, 5)).code, "on_time")
        XCTAssertEqual(status(filed: dueAt, now: sh(2026, 10, 5)), .onTime(early: 0))
        XCTAssertEqual(status(filed: dueAt.addingTimeInterval(0.6), now: sh(2026, 10, 5)), .onTime(early: 0), "anywhere in the day's last second")
        XCTAssertEqual(status(filed: sh(2026, 10, 1), now: sh(2026, 10, 5)), .late(by: 1))
        XCTAssertEqual(status(filed: sh(2026, 10, 1, 9, 0), now: sh(2026, 10, 5)).title, "迟报")
        XCTAssertEqual(status(filed: nil, now: dueAt.addingTimeInterval(0.5)), .notYetDue(remaining: 0))
        XCTAssertEqual(status(filed: nil, now: sh(2026, 10, 1)), .missing(overdueBy: 1))
        XCTAssertEqual(status(filed: nil, now: sh(2026, 10, 1, 9, 0)), .missing(overdueBy: 9 * 3600 + 1))
        XCTAssertEqual(status(filed: nil, now: sh(2026, 10, 1, 9, 0)).title, "已超时未报备")
    }

    // MARK: - Storage

    func testPolicyEncodesFlat() throws {
        let data = try JSONEncoder().encode(MonthlyRosterDue.dayOfPreviousMonth(25))
        let object = try JSONSerialization.jsonObject(with: data) as? [String: Any]
        XCTAssertEqual(object?["kind"] as? String, "day_of_previous_month")
        XCTAssertEqual(object?["day"] as? Int, 25)
        for policy in RosterFilingPolicy.all {
            let encoded = try JSONEncoder().encode(policy)
            XCTAssertEqual(try JSONDecoder().decode(RosterFilingPolicy.self, from: encoded), policy)
        }
        XCTAssertThrowsError(try JSONDecoder().decode(MonthlyRosterDue.self, from: Data(#"{"kind":"day_of_previous_month","day":40}"#.utf8)))
        XCTAssertThrowsError(try JSONDecoder().decode(MonthlyRosterDue.self, from: Data(#"{"kind":"weekly"}"#.utf8)))
    }

    // MARK: - Which jurisdiction

    func testJurisdictionFromTheUnitChainsDivisionCodes() {
        XCTAssertEqual(RosterFilingPolicy.forDivisions(["210000", "210100", "210103"]).id, "shenyang")
        XCTAssertEqual(RosterFilingPolicy.forDivisions(["410000", "411000", "411003"]).id, "xuchang")
        XCTAssertEqual(RosterFilingPolicy.forDivisions(["410000", "411100"]).id, "henan", "漯河 follows the province")
        XCTAssertEqual(RosterFilingPolicy.forDivisions(["410000"]).id, "henan")
        XCTAssertEqual(RosterFilingPolicy.forDivisions(["150000", "150600", "150602"]).id, "ordos")
        XCTAssertEqual(RosterFilingPolicy.forDivisions(["370000", "371300"]).id, "default", "elsewhere: the month-end rule under its own name")
        XCTAssertEqual(RosterFilingPolicy.forDivisions(["210000", "210200"]).id, "default", "a 辽宁 city outside 沈阳 is not labelled 河南")
        XCTAssertFalse(RosterFilingPolicy.forDivisions(["210000", "210200"]).name.contains("河南"))
        XCTAssertEqual(RosterFilingPolicy.forDivisions([]).id, "default", "the ministry")
    }

    func testAHolidayRosterIsFiledWhenEveryMonthItTouchesIs() {
        let early = Date(timeIntervalSince1970: 1_000), later = Date(timeIntervalSince1970: 2_000)
        XCTAssertEqual(RosterFilingPolicy.holidayRosterFiledAt([early]), early)
        XCTAssertEqual(RosterFilingPolicy.holidayRosterFiledAt([later, early]), later, "at the last of the filings")
        XCTAssertNil(RosterFilingPolicy.holidayRosterFiledAt([early, nil]), "one month still open")
        XCTAssertNil(RosterFilingPolicy.holidayRosterFiledAt([]))
        let newYear = HolidayPeriod(festivals: ["New Year's Day"], firstDay: day("2025-12-31"), lastDay: day("2026-01-02"))
        XCTAssertEqual(newYear.months.map { "\($0.year)-\($0.month)" }, ["2025-12", "2026-1"])
        let nationalDay = HolidayPeriod(festivals: ["National Day"], firstDay: day("2026-10-01"), lastDay: day("2026-10-08"))
        XCTAssertEqual(nationalDay.months.count, 1)
    }
}
