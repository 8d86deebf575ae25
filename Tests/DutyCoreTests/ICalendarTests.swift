import XCTest

@testable import DutyCore

final class ICalendarTests: XCTestCase {
    func testOneEventPerShiftInUTCWithFoldedChineseSummary() {
        let pattern = ShiftPattern.fullDay
        let slot = ShiftSlot(day: CalendarDay("2026-12-01")!, shiftIndex: 0)
        let event = ICalendarEvent(
            uid: "roster-1@dutyroom", start: pattern.start(of: slot), end: pattern.end(of: slot),
            summary: "值班员 · 许昌市应急管理局;带班领导：曾庆华, 值班科(处)领导：张栋利，值班员：单志刚、另一位很长名字的同志")
        let text = ICalendar.encode(name: "许昌市应急管理局 值班表", events: [event, event], now: Date(timeIntervalSince1970: 1_795_413_900))
        XCTAssertTrue(text.hasPrefix("BEGIN:VCALENDAR\r\nVERSION:2.0\r\n"))
        XCTAssertTrue(text.hasSuffix("END:VCALENDAR\r\n"))
        XCTAssertEqual(text.components(separatedBy: "BEGIN:VEVENT").count - 1, 2)
        // 08:30 Shanghai is 00:30 UTC; a 24-hour shift ends the next morning.
        XCTAssertTrue(text.contains("DTSTART:20261201T003000Z\r\n"))
        XCTAssertTrue(text.contains("DTEND:20261202T003000Z\r\n"))
        XCTAssertTrue(text.contains("DTSTAMP:20261123T060500Z\r\n"))
        XCTAssertTrue(text.contains("\\;"), "semicolons are escaped in text")
        XCTAssertTrue(text.contains("\\,"), "commas are escaped in text")
        for line in text.components(separatedBy: "\r\n") {
            XCTAssertLessThanOrEqual(line.utf8.count, 75, line)
        }
        // Unfolding gives back the summary.
        let unfolded = text.replacingOccurrences(of: "\r\n ", with: "")
        XCTAssertTrue(unfolded.contains("SUMMARY:值班员 · 许昌市应急管理局\\;带班领导：曾庆华\\, 值班科(处)领导"), unfolded)
    }
}
