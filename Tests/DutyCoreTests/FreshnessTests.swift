import Foundation
import XCTest

@testable import DutyCore

final class FreshnessTests: XCTestCase {
    func testExactlySixMonthsAgoSameDayIsFresh() {
        let now = sh("2024-08-15 10:00")
        XCTAssertTrue(Freshness.isFresh(lastVerified: sh("2024-02-15 10:00"), now: now))
        XCTAssertTrue(Freshness.isFresh(lastVerified: sh("2024-02-15 00:00:00"), now: now), "start of the same calendar day")
        XCTAssertTrue(Freshness.isFresh(lastVerified: sh("2024-02-15 23:59:59"), now: now))
    }

    func testOneDayEarlierIsStale() {
        let now = sh("2024-08-15 10:00")
        XCTAssertFalse(Freshness.isFresh(lastVerified: sh("2024-02-14 10:00"), now: now))
        XCTAssertFalse(Freshness.isFresh(lastVerified: sh("2024-02-14 23:59:59"), now: now))
    }

    func testCalendarDayIsShanghaiNotUTC() {
        // 07:00 on 15 August in Shanghai is still 14 August in UTC.
        let now = sh("2024-08-15 07:00")
        // 23:30 on 14 February in Shanghai (15:30 UTC): a day too early in Shanghai,
        // though a UTC calendar would call it the same day six months back.
        XCTAssertFalse(Freshness.isFresh(lastVerified: sh("2024-02-14 23:30"), now: now))
        // 00:30 on 15 February in Shanghai is 16:30 UTC on the 14th: fresh.
        XCTAssertTrue(Freshness.isFresh(lastVerified: sh("2024-02-15 00:30"), now: now))
    }

    func testSixMonthsAreCalendarMonthsNotDays() {
        // Six months before 31 August is 29 February (2024 is a leap year): the month
        // arithmetic clamps to the end of the shorter month.
        let now = sh("2024-08-31 12:00")
        XCTAssertTrue(Freshness.isFresh(lastVerified: sh("2024-02-29 08:00"), now: now))
        XCTAssertFalse(Freshness.isFresh(lastVerified: sh("2024-02-28 20:00"), now: now))
        // 1 January → 1 July is 181 days: a fixed 180- or 182-day window would get one side wrong.
        let july = sh("2025-07-01 09:00")
        XCTAssertTrue(Freshness.isFresh(lastVerified: sh("2025-01-01 00:00"), now: july))
        XCTAssertFalse(Freshness.isFresh(lastVerified: sh("2024-12-31 23:59"), now: july))
    }

    func testNilIsNotFresh() {
        XCTAssertFalse(Freshness.isFresh(lastVerified: nil, now: sh("2024-08-15 10:00")))
    }

    func testFutureIsNotFresh() {
        let now = sh("2024-08-15 10:00")
        XCTAssertFalse(Freshness.isFresh(lastVerified: now.addingTimeInterval(1), now: now))
        XCTAssertFalse(Freshness.isFresh(lastVerified: sh("2025-01-01"), now: now))
        XCTAssertTrue(Freshness.isFresh(lastVerified: now, now: now), "verified just now")
    }

    func testSharePercent() {
        let now = sh("2024-08-15 10:00")
        let fresh = sh("2024-07-01")
        let stale = sh("2023-12-01")
        let two = Freshness.share(of: [fresh, fresh, stale], now: now)
        XCTAssertEqual(two, Freshness.Share(verified: 2, total: 3))
        XCTAssertEqual(two.percent, 66.7)
        XCTAssertEqual(Freshness.share(of: [fresh, nil, stale], now: now).percent, 33.3)
        XCTAssertEqual(Freshness.share(of: [fresh, fresh], now: now).percent, 100)
        XCTAssertEqual(Freshness.share(of: [nil, stale], now: now).percent, 0)
    }

    func testEmptyShareIsHundredPercent() {
        let share = Freshness.share(of: [], now: sh("2024-08-15 10:00"))
        XCTAssertEqual(share, Freshness.Share(verified: 0, total: 0))
        XCTAssertEqual(share.percent, 100)
    }

    func testPercentHasOneDecimal() {
        XCTAssertEqual(Freshness.Share(verified: 1, total: 6).percent, 16.7)
        XCTAssertEqual(Freshness.Share(verified: 1, total: 8).percent, 12.5)
        XCTAssertEqual(Freshness.Share(verified: 5, total: 6).percent, 83.3)
        XCTAssertEqual(Freshness.Share(verified: 199, total: 200).percent, 99.5)
        XCTAssertEqual(Freshness.Share(verified: 1999, total: 2000).percent, 100.0)
    }

    func testCalendarIsShanghai() {
        XCTAssertEqual(Freshness.calendar.timeZone.identifier, "Asia/Shanghai")
    }
}
