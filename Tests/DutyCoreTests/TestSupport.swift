import Foundation
import XCTest

@testable import DutyCore

/// Shanghai wall-clock time, built from components in an explicit Asia/Shanghai calendar.
func sh(_ year: Int, _ month: Int, _ day: Int, _ hour: Int = 0, _ minute: Int = 0, _ second: Int = 0) -> Date {
    var calendar = Calendar(identifier: .gregorian)
    calendar.timeZone = TimeZone(identifier: "Asia/Shanghai")!
    return calendar.date(from: DateComponents(year: year, month: month, day: day, hour: hour, minute: minute, second: second))!
}

/// Shanghai wall-clock time from text ("2026-11-23 14:05", seconds optional), failing the test on a typo.
func sh(_ text: String, file: StaticString = #filePath, line: UInt = #line) -> Date {
    guard let d = ShanghaiTime.parse(text) else {
        XCTFail("cannot parse \(text)", file: file, line: line)
        return Date(timeIntervalSince1970: 0)
    }
    return d
}

/// The shipped State Council holiday table, read from Resources/data as the server reads it.
enum HolidayFixture {
    static let csvURL = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent()  // DutyCoreTests
        .deletingLastPathComponent()  // Tests
        .deletingLastPathComponent()  // package root
        .appendingPathComponent("Resources/data/cn-holidays-2024-2026.csv")

    static let calendar: WorkingDayCalendar = {
        let text = try! String(contentsOf: csvURL, encoding: .utf8)
        return try! WorkingDayCalendar.parse(csv: text)
    }()
}

/// "2026-10-01" → CalendarDay, failing the test on a typo rather than crashing.
func day(_ text: String, file: StaticString = #filePath, line: UInt = #line) -> CalendarDay {
    guard let d = CalendarDay(text) else {
        XCTFail("bad date in test: \(text)", file: file, line: line)
        return CalendarDay(year: 2000, month: 1, day: 1)!
    }
    return d
}

/// A unit's duty staff for the roster tests: officers o1…, section leaders s1…, leaders l1….
enum RosterFixture {
    static func people(officers: Int, sectionLeaders: Int, leaders: Int) -> [RosterPerson] {
        func make(_ prefix: String, _ title: String, _ count: Int, _ level: DutyLevel) -> [RosterPerson] {
            (0..<count).map {
                RosterPerson(id: "\(prefix)\($0 + 1)", name: "\(title)\($0 + 1)", category: .established, hasPreDutyTraining: true, levels: [level])
            }
        }
        return make("o", "值班员", officers, .officer) + make("s", "科长", sectionLeaders, .sectionLeader) + make("l", "局领导", leaders, .leader)
    }

    static func rotations(_ people: [RosterPerson]) -> [DutyLevel: [String]] {
        var out: [DutyLevel: [String]] = [:]
        for p in people { out[p.levels?.first ?? .officer, default: []].append(p.id) }
        return out
    }
}
