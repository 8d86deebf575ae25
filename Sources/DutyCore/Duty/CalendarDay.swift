import Foundation

/// A date on the wall calendar with no time and no zone: a duty day, a holiday, a due day.
///
/// Rosters, holidays and due days are local dates, and doing date arithmetic on `Date` would
/// drag a time zone into every comparison; this type keeps them apart from instants, and the
/// two meet only in `start(in:)` and `init(_:in:)`. Encoded as "yyyy-MM-dd".
public struct CalendarDay: Hashable, Comparable, Sendable, CustomStringConvertible, LosslessStringConvertible {
    public let year: Int
    public let month: Int
    public let day: Int

    /// nil when the date does not exist (2026-02-29, month 13).
    public init?(year: Int, month: Int, day: Int) {
        guard (1...9999).contains(year), (1...12).contains(month), (1...CalendarDay.daysInMonth(year: year, month: month)).contains(day) else {
            return nil
        }
        self.year = year
        self.month = month
        self.day = day
    }

    /// "yyyy-MM-dd", exactly: four-digit year, two-digit month and day.
    public init?(_ description: String) {
        let text = description.trimmingCharacters(in: .whitespaces)
        let parts = text.split(separator: "-", omittingEmptySubsequences: false)
        guard parts.count == 3, parts[0].count == 4, parts[1].count == 2, parts[2].count == 2,
            parts.allSatisfy({ $0.allSatisfy { $0.isASCII && $0.isNumber } }),
            let y = Int(parts[0]), let m = Int(parts[1]), let d = Int(parts[2])
        else { return nil }
        self.init(year: y, month: m, day: d)
    }

    /// The local date an instant falls on in `zone`.
    public init(_ instant: Date, in zone: TimeZone = ShanghaiTime.zone) {
        let local = instant.timeIntervalSince1970 + Double(zone.secondsFromGMT(for: instant))
        self.init(daysSinceEpoch: Int((local / 86_400).rounded(.down)))
    }

    /// Days since 1970-01-01 (Howard Hinnant's civil_from_days): plain arithmetic, so adding a
    /// day never consults a calendar or a zone.
    init(daysSinceEpoch: Int) {
        let z = daysSinceEpoch + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let doe = z - era * 146_097
        let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let d = doy - (153 * mp + 2) / 5 + 1
        let m = mp < 10 ? mp + 3 : mp - 9
        year = yoe + era * 400 + (m <= 2 ? 1 : 0)
        month = m
        day = d
    }

    var daysSinceEpoch: Int {
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yoe = y - era * 400
        let doy = (153 * (month + (month > 2 ? -3 : 9)) + 2) / 5 + day - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        return era * 146_097 + doe - 719_468
    }

    public var description: String {
        let y = String(year)
        let m = month < 10 ? "0\(month)" : "\(month)"
        let d = day < 10 ? "0\(day)" : "\(day)"
        return "\(String(repeating: "0", count: max(0, 4 - y.count)))\(y)-\(m)-\(d)"
    }

    /// "2026年10月1日", as notices and printed rosters write dates.
    public var chineseTitle: String { "\(year)年\(month)月\(day)日" }

    /// "10月1日", for messages where the year is obvious.
    public var shortChineseTitle: String { "\(month)月\(day)日" }

    public static func < (a: CalendarDay, b: CalendarDay) -> Bool {
        (a.year, a.month, a.day) < (b.year, b.month, b.day)
    }

    public func adding(days: Int) -> CalendarDay { CalendarDay(daysSinceEpoch: daysSinceEpoch + days) }

    /// Days from `self` to `other`: positive when `other` is later.
    public func days(until other: CalendarDay) -> Int { other.daysSinceEpoch - daysSinceEpoch }

    public var weekday: Weekday {
        // 1970-01-01 was a Thursday.
        Weekday(rawValue: ((daysSinceEpoch % 7) + 7 + 3) % 7 + 1)!
    }

    public var isWeekend: Bool { weekday.isWeekend }

    public var firstDayOfMonth: CalendarDay { CalendarDay(year: year, month: month, day: 1)! }
    public var lastDayOfMonth: CalendarDay { CalendarDay(year: year, month: month, day: CalendarDay.daysInMonth(year: year, month: month))! }

    /// The first day of the previous month (for a due day "in the month before").
    public var firstDayOfPreviousMonth: CalendarDay { firstDayOfMonth.adding(days: -1).firstDayOfMonth }
    public var firstDayOfNextMonth: CalendarDay { lastDayOfMonth.adding(days: 1) }

    public static func firstDay(ofMonth month: Int, year: Int) -> CalendarDay? { CalendarDay(year: year, month: month, day: 1) }

    public static func lastDay(ofMonth month: Int, year: Int) -> CalendarDay? {
        guard (1...12).contains(month) else { return nil }
        return CalendarDay(year: year, month: month, day: daysInMonth(year: year, month: month))
    }

    public static func isLeapYear(_ year: Int) -> Bool { (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 }

    /// 0 for a month that does not exist.
    public static func daysInMonth(year: Int, month: Int) -> Int {
        switch month {
        case 1, 3, 5, 7, 8, 10, 12: return 31
        case 4, 6, 9, 11: return 30
        case 2: return isLeapYear(year) ? 29 : 28
        default: return 0
        }
    }

    /// Every day from `first` to `last`, both included; empty when `last` is earlier.
    public static func days(from first: CalendarDay, through last: CalendarDay) -> [CalendarDay] {
        let count = first.days(until: last)
        guard count >= 0 else { return [] }
        return (0...count).map { first.adding(days: $0) }
    }

    /// The instant the day begins (00:00) in `zone`. Asia/Shanghai has had no daylight saving
    /// since 1991, so a day there is always 86,400 seconds and times within it are plain offsets.
    public func start(in zone: TimeZone = ShanghaiTime.zone) -> Date {
        let utcMidnight = Double(daysSinceEpoch) * 86_400
        let offset = zone.secondsFromGMT(for: Date(timeIntervalSince1970: utcMidnight))
        return Date(timeIntervalSince1970: utcMidnight - Double(offset))
    }

    /// The instant of a wall-clock time on this day in `zone`.
    public func instant(hour: Int, minute: Int, second: Int = 0, in zone: TimeZone = ShanghaiTime.zone) -> Date {
        start(in: zone).addingTimeInterval(Double(hour * 3600 + minute * 60 + second))
    }
}

extension CalendarDay: Codable {
    public init(from decoder: Decoder) throws {
        let container = try decoder.singleValueContainer()
        let text = try container.decode(String.self)
        guard let day = CalendarDay(text) else {
            throw DecodingError.dataCorruptedError(in: container, debugDescription: "不是有效日期（应为yyyy-MM-dd）：\(text)")
        }
        self = day
    }

    public func encode(to encoder: Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(description)
    }
}

/// ISO 8601 numbering: Monday is 1, Sunday 7 (Foundation's Calendar starts at Sunday = 1).
public enum Weekday: Int, CaseIterable, Codable, Sendable {
    case monday = 1, tuesday, wednesday, thursday, friday, saturday, sunday

    public var title: String {
        switch self {
        case .monday: return "星期一"
        case .tuesday: return "星期二"
        case .wednesday: return "星期三"
        case .thursday: return "星期四"
        case .friday: return "星期五"
        case .saturday: return "星期六"
        case .sunday: return "星期日"
        }
    }

    public var isWeekend: Bool { self == .saturday || self == .sunday }
}
