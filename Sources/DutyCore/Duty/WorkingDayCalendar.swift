import Foundation

/// What a State Council holiday notice says about one date.
public enum HolidayKind: String, CaseIterable, Codable, Sendable {
    /// 放假: a statutory holiday day (or a day of the holiday block, weekend or not).
    case holiday = "holiday"
    /// 调休上班: a Saturday or Sunday made a working day.
    case adjustedWorkday = "adjusted_workday"

    public var title: String {
        switch self {
        case .holiday: return "放假"
        case .adjustedWorkday: return "调休上班"
        }
    }

    /// The CSV value, or the Chinese words an administrator is likely to type.
    public static func fromText(_ text: String) -> HolidayKind? {
        switch text.trimmingCharacters(in: .whitespaces).lowercased() {
        case "holiday", "放假", "休", "节假日": return .holiday
        case "adjusted_workday", "调休上班", "上班", "班": return .adjustedWorkday
        default: return nil
        }
    }
}

/// One line of a holiday notice: a date, what it is, and which festival's arrangement it
/// belongs to (an adjusted working Sunday belongs to the festival it pays for).
public struct HolidayEntry: Codable, Hashable, Sendable {
    public var date: CalendarDay
    public var kind: HolidayKind
    /// As entered: the shipped file uses English names ("Spring Festival"); an administrator may
    /// type Chinese. `festivalTitle` gives Chinese for display either way.
    public var festival: String

    public init(date: CalendarDay, kind: HolidayKind, festival: String) {
        self.date = date
        self.kind = kind
        self.festival = festival
    }

    public var festivalTitle: String { HolidayEntry.chineseFestivalName(festival) }

    /// The names in the State Council notices for the English names in the shipped file.
    public static func chineseFestivalName(_ name: String) -> String {
        switch name.trimmingCharacters(in: .whitespaces).lowercased() {
        case "new year's day", "new year": return "元旦"
        case "spring festival": return "春节"
        case "tomb-sweeping day", "qingming festival": return "清明节"
        case "labour day", "labor day": return "劳动节"
        case "dragon boat festival": return "端午节"
        case "mid-autumn festival": return "中秋节"
        case "national day": return "国庆节"
        default: return name
        }
    }
}

/// A block of consecutive days off around one or more statutory holidays: what a holiday duty
/// roster covers and what its filing lead time counts back from.
public struct HolidayPeriod: Codable, Hashable, Sendable {
    /// The festivals whose holiday days fall in the block, in date order, each once. Usually
    /// one; 2025's 国庆节、中秋节 block (10月1日至8日) has two.
    public var festivals: [String]
    public var firstDay: CalendarDay
    public var lastDay: CalendarDay

    public init(festivals: [String], firstDay: CalendarDay, lastDay: CalendarDay) {
        self.festivals = festivals
        self.firstDay = firstDay
        self.lastDay = lastDay
    }

    /// The festival names as entered, joined.
    public var festival: String { festivals.joined(separator: "、") }

    /// "国庆节、中秋节", as the notice names the block.
    public var title: String { festivals.map(HolidayEntry.chineseFestivalName).joined(separator: "、") }

    public var dayCount: Int { firstDay.days(until: lastDay) + 1 }
    public var days: [CalendarDay] { CalendarDay.days(from: firstDay, through: lastDay) }

    /// The months whose rosters cover the holiday (two when it crosses a month's end).
    public var months: [(year: Int, month: Int)] {
        firstDay.month == lastDay.month && firstDay.year == lastDay.year
            ? [(firstDay.year, firstDay.month)] : [(firstDay.year, firstDay.month), (lastDay.year, lastDay.month)]
    }
    public func contains(_ day: CalendarDay) -> Bool { firstDay <= day && day <= lastDay }
}

/// Why a holiday table (a CSV file or one year's entries) was refused.
public struct HolidayDataError: Error, Equatable, Sendable {
    public struct Issue: Equatable, Sendable {
        /// Stable, for the JSON API.
        public enum Code: String, Sendable {
            case empty = "holiday_data_empty"
            case badHeader = "holiday_data_bad_header"
            case fieldCount = "holiday_data_field_count"
            case badDate = "holiday_data_bad_date"
            case unknownKind = "holiday_data_unknown_kind"
            case missingFestival = "holiday_data_missing_festival"
            case duplicateDate = "holiday_data_duplicate_date"
            case adjustedWorkdayOnWeekday = "holiday_data_adjusted_workday_on_weekday"
            case outsideYear = "holiday_data_outside_year"
        }

        /// The physical line in the file (1 is the header); nil for entries not read from a file.
        public let line: Int?
        public let code: Code
        public let message: String
    }

    /// Every problem found, so an administrator fixes the file in one pass.
    public let issues: [Issue]

    public var code: String { issues.first?.code.rawValue ?? HolidayDataError.Issue.Code.empty.rawValue }
    public var message: String { issues.map(\.message).joined(separator: "；") }
}

/// China's official working days: Monday to Friday except statutory holidays, Saturday and
/// Sunday only when a notice makes them 调休上班. Built from the State Council's yearly notices.
///
/// Years without a notice still answer by the weekday rule, because a due day next January
/// must be computable today; callers check `covers(year:)` to warn that the answer may change
/// ("2027年放假安排尚未录入").
public struct WorkingDayCalendar: Equatable, Sendable {
    /// Entries by the year of the notice they came from. A notice can reach into the previous
    /// December (the 2019 元旦 arrangement made 2018-12-29 a working Saturday), so re-entering a
    /// year must replace what that notice said, not what falls in that calendar year.
    public private(set) var notices: [Int: [HolidayEntry]]
    private var byDay: [CalendarDay: HolidayEntry]

    public init(notices: [Int: [HolidayEntry]] = [:]) {
        self.notices = notices.mapValues { $0.sorted { $0.date < $1.date } }
        self.byDay = WorkingDayCalendar.index(self.notices)
    }

    /// A later year's notice wins where two notices name the same date, being the later decision.
    private static func index(_ notices: [Int: [HolidayEntry]]) -> [CalendarDay: HolidayEntry] {
        var out: [CalendarDay: HolidayEntry] = [:]
        for year in notices.keys.sorted() {
            for entry in notices[year] ?? [] { out[entry.date] = entry }
        }
        return out
    }

    // MARK: Reading the table

    /// Parses the `date,kind,festival` table (the shipped cn-holidays file, or an administrator's
    /// upload). Each entry is filed under its date's year, and every year present counts as
    /// covered. One entry per line; a field may be wrapped in double quotes, but may not contain
    /// a comma. Blank lines and a leading BOM are ignored.
    public static func parse(csv text: String) throws -> WorkingDayCalendar {
        let entries = try parseEntries(csv: text)
        return WorkingDayCalendar(notices: Dictionary(grouping: entries, by: \.date.year))
    }

    /// The entries of a table, checked, without building a calendar (for `merging`).
    public static func parseEntries(csv text: String) throws -> [HolidayEntry] {
        var body = text
        if body.hasPrefix("\u{FEFF}") { body.removeFirst() }
        // Split on any line end, keeping empty lines so numbers match what an editor shows.
        let lines = body.replacingOccurrences(of: "\r\n", with: "\n").replacingOccurrences(of: "\r", with: "\n")
            .split(separator: "\n", omittingEmptySubsequences: false)

        var issues: [HolidayDataError.Issue] = []
        var entries: [HolidayEntry] = []
        var seen: [CalendarDay: Int] = [:]
        var headerSeen = false

        for (index, raw) in lines.enumerated() {
            let number = index + 1
            if raw.trimmingCharacters(in: .whitespaces).isEmpty { continue }
            let fields = raw.split(separator: ",", omittingEmptySubsequences: false).map(unquote)
            if !headerSeen {
                headerSeen = true
                if fields.map({ $0.lowercased() }) != ["date", "kind", "festival"] {
                    issues.append(.init(line: number, code: .badHeader, message: "第\(number)行：表头应为 date,kind,festival"))
                    break
                }
                continue
            }
            guard fields.count == 3 else {
                issues.append(.init(line: number, code: .fieldCount, message: "第\(number)行：应有3列（日期、类型、节日），实有\(fields.count)列"))
                continue
            }
            var lineOK = true
            let date = CalendarDay(fields[0])
            if date == nil {
                issues.append(.init(line: number, code: .badDate, message: "第\(number)行：日期“\(fields[0])”无效，应写成2026-10-01"))
                lineOK = false
            }
            let kind = HolidayKind.fromText(fields[1])
            if kind == nil {
                issues.append(
                    .init(line: number, code: .unknownKind, message: "第\(number)行：类型“\(fields[1])”无效，应为 holiday（放假）或 adjusted_workday（调休上班）"))
                lineOK = false
            }
            if fields[2].isEmpty {
                issues.append(.init(line: number, code: .missingFestival, message: "第\(number)行：缺少节日名称"))
                lineOK = false
            }
            guard lineOK, let date, let kind else { continue }
            let entry = HolidayEntry(date: date, kind: kind, festival: fields[2])
            if let earlier = seen[date] {
                issues.append(.init(line: number, code: .duplicateDate, message: "第\(number)行：日期\(date)与第\(earlier)行重复"))
                continue
            }
            if let issue = weekdayIssue(entry, line: number) {
                issues.append(issue)
                continue
            }
            seen[date] = number
            entries.append(entry)
        }
        if !headerSeen {
            issues.append(.init(line: 1, code: .empty, message: "文件为空，应有表头 date,kind,festival 和放假安排"))
        }
        if !issues.isEmpty { throw HolidayDataError(issues: issues) }
        return entries
    }

    private static func unquote(_ field: Substring) -> String {
        var text = field.trimmingCharacters(in: .whitespaces)
        if text.count >= 2, text.hasPrefix("\""), text.hasSuffix("\"") {
            text = String(text.dropFirst().dropLast()).replacingOccurrences(of: "\"\"", with: "\"")
        }
        return text.trimmingCharacters(in: .whitespaces)
    }

    /// 调休上班 only ever turns a weekend day into a working day; on a weekday it would be a
    /// typo that silently changes nothing, so it is refused.
    private static func weekdayIssue(_ entry: HolidayEntry, line: Int?) -> HolidayDataError.Issue? {
        guard entry.kind == .adjustedWorkday, !entry.date.isWeekend else { return nil }
        let at = line.map { "第\($0)行：" } ?? ""
        return .init(
            line: line, code: .adjustedWorkdayOnWeekday,
            message: "\(at)\(entry.date)是\(entry.date.weekday.title)，本就是工作日，调休上班只能是星期六或星期日")
    }

    /// The table as `parse(csv:)` reads it, for export: CRLF line ends like the shipped file and
    /// `CSV.encode`, so Excel on Windows opens it cleanly.
    public var csv: String {
        var out = "date,kind,festival\r\n"
        for entry in entries {
            let festival =
                entry.festival.contains(",") || entry.festival.contains("\"")
                ? "\"" + entry.festival.replacingOccurrences(of: "\"", with: "\"\"") + "\"" : entry.festival
            out += "\(entry.date),\(entry.kind.rawValue),\(festival)\r\n"
        }
        return out
    }

    // MARK: Entering a year

    /// The calendar with `year`'s notice entered: whatever an earlier entry of that year's notice
    /// said is replaced as a whole, so a corrected notice removes days it no longer lists.
    /// Entries must fall in `year` or in the December before it (a 元旦 block can start there).
    public func merging(year: Int, entries: [HolidayEntry]) throws -> WorkingDayCalendar {
        var issues: [HolidayDataError.Issue] = []
        var seen: Set<CalendarDay> = []
        for entry in entries.sorted(by: { $0.date < $1.date }) {
            let inYear = entry.date.year == year || (entry.date.year == year - 1 && entry.date.month == 12)
            if !inYear {
                issues.append(.init(line: nil, code: .outsideYear, message: "\(entry.date)不属于\(year)年的放假安排"))
            }
            if !seen.insert(entry.date).inserted {
                issues.append(.init(line: nil, code: .duplicateDate, message: "\(entry.date)重复录入"))
            }
            if entry.festival.trimmingCharacters(in: .whitespaces).isEmpty {
                issues.append(.init(line: nil, code: .missingFestival, message: "\(entry.date)缺少节日名称"))
            }
            if let issue = WorkingDayCalendar.weekdayIssue(entry, line: nil) { issues.append(issue) }
        }
        if !issues.isEmpty { throw HolidayDataError(issues: issues) }
        var notices = self.notices
        notices[year] = entries
        return WorkingDayCalendar(notices: notices)
    }

    /// Every calendar's years, the other's notice winning for a year both have.
    public func merging(_ other: WorkingDayCalendar) -> WorkingDayCalendar {
        WorkingDayCalendar(notices: notices.merging(other.notices) { _, theirs in theirs })
    }

    // MARK: Questions

    /// Whether the year's notice has been entered. Without it the weekday rule is only a guess:
    /// the holidays are not known yet.
    public func covers(year: Int) -> Bool { notices[year] != nil }

    public var coveredYears: [Int] { notices.keys.sorted() }

    /// Every entry in date order.
    public var entries: [HolidayEntry] { byDay.values.sorted { $0.date < $1.date } }

    public func entry(on day: CalendarDay) -> HolidayEntry? { byDay[day] }

    public func isWorkingDay(_ day: CalendarDay) -> Bool {
        switch byDay[day]?.kind {
        case .holiday: return false
        case .adjustedWorkday: return true
        case nil: return !day.isWeekend
        }
    }

    /// A statutory holiday day (a plain weekend is not).
    public func isHoliday(_ day: CalendarDay) -> Bool { byDay[day]?.kind == .holiday }

    /// The festival a notice ties the day to, as entered: for a holiday day and for an adjusted
    /// working day alike (pages show "调休上班（春节）").
    public func festival(on day: CalendarDay) -> String? { byDay[day]?.festival }

    /// The first working day on or after `day`. Always found: a notice lists finitely many days,
    /// so an ordinary weekday comes eventually.
    public func workingDay(onOrAfter day: CalendarDay) -> CalendarDay {
        var d = day
        while !isWorkingDay(d) { d = d.adding(days: 1) }
        return d
    }

    public func workingDay(onOrBefore day: CalendarDay) -> CalendarDay {
        var d = day
        while !isWorkingDay(d) { d = d.adding(days: -1) }
        return d
    }

    public func nextWorkingDay(after day: CalendarDay) -> CalendarDay { workingDay(onOrAfter: day.adding(days: 1)) }
    public func previousWorkingDay(before day: CalendarDay) -> CalendarDay { workingDay(onOrBefore: day.adding(days: -1)) }

    /// The last working day in the month. A month with none (never yet) would give the last
    /// working day before it, which is still the latest day a "by the last working day" rule
    /// can mean.
    public func lastWorkingDay(ofMonth month: Int, year: Int) -> CalendarDay? {
        CalendarDay.lastDay(ofMonth: month, year: year).map(workingDay(onOrBefore:))
    }

    public func firstWorkingDay(ofMonth month: Int, year: Int) -> CalendarDay? {
        CalendarDay.firstDay(ofMonth: month, year: year).map(workingDay(onOrAfter:))
    }

    /// Working days from `first` to `last`, both included; 0 when `last` is earlier.
    public func workingDayCount(from first: CalendarDay, through last: CalendarDay) -> Int {
        CalendarDay.days(from: first, through: last).filter(isWorkingDay).count
    }

    public func workingDayCount(inMonth month: Int, year: Int) -> Int {
        guard let first = CalendarDay.firstDay(ofMonth: month, year: year) else { return 0 }
        return workingDayCount(from: first, through: first.lastDayOfMonth)
    }

    // MARK: Holiday blocks

    /// The block of days off that contains `day`, if `day` is in one.
    ///
    /// A block is the run of consecutive non-working days around statutory holiday days, so it
    /// takes in the weekend a notice joins to the holiday ("6月10日放假，与周末连休" makes
    /// 2024's 端午 block 6月8日至10日, though only the 10th is listed). That is the stretch a
    /// holiday roster must cover, and the "before the holiday" lead time counts back from its
    /// first day, not from the first listed date. Holiday days of different festivals in one run
    /// make one block, as 2025's 国庆节、中秋节 (10月1日至8日) is one arrangement in the notice.
    public func holidayPeriod(containing day: CalendarDay) -> HolidayPeriod? {
        guard !isWorkingDay(day) else { return nil }
        var first = day
        while !isWorkingDay(first.adding(days: -1)) { first = first.adding(days: -1) }
        var last = day
        while !isWorkingDay(last.adding(days: 1)) { last = last.adding(days: 1) }
        var festivals: [String] = []
        for d in CalendarDay.days(from: first, through: last) {
            if let entry = byDay[d], entry.kind == .holiday, !festivals.contains(entry.festival) { festivals.append(entry.festival) }
        }
        guard !festivals.isEmpty else { return nil }
        return HolidayPeriod(festivals: festivals, firstDay: first, lastDay: last)
    }

    /// Blocks with at least one day in `first...last`, in date order.
    public func holidayPeriods(from first: CalendarDay, through last: CalendarDay) -> [HolidayPeriod] {
        var out: [HolidayPeriod] = []
        let holidays = byDay.values.filter { $0.kind == .holiday }.map(\.date).sorted()
        for day in holidays {
            if let previous = out.last, previous.contains(day) { continue }
            guard let period = holidayPeriod(containing: day), period.lastDay >= first, period.firstDay <= last else { continue }
            out.append(period)
        }
        return out
    }

    /// The year's blocks, including one that starts in the December before (元旦).
    public func holidayPeriods(inYear year: Int) -> [HolidayPeriod] {
        guard let first = CalendarDay(year: year, month: 1, day: 1), let last = CalendarDay(year: year, month: 12, day: 31) else { return [] }
        return holidayPeriods(from: first, through: last)
    }

    /// The next block that starts after `day`: what a unit should be preparing a roster for.
    public func nextHolidayPeriod(after day: CalendarDay) -> HolidayPeriod? {
        let holidays = byDay.values.filter { $0.kind == .holiday && $0.date > day }.map(\.date).sorted()
        for d in holidays {
            if let period = holidayPeriod(containing: d), period.firstDay > day { return period }
        }
        return nil
    }
}

extension WorkingDayCalendar: Codable {
    private struct Notice: Codable {
        var year: Int
        var entries: [HolidayEntry]
    }

    private enum CodingKeys: String, CodingKey { case notices }

    /// Notices in year order, entries in date order (a dictionary's order is not stable between
    /// runs), so a stored calendar encodes the same bytes every time under `.sortedKeys`.
    public func encode(to encoder: Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(notices.keys.sorted().map { Notice(year: $0, entries: notices[$0] ?? []) }, forKey: .notices)
    }

    public init(from decoder: Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        let list = try c.decode([Notice].self, forKey: .notices)
        self.init(notices: Dictionary(list.map { ($0.year, $0.entries) }, uniquingKeysWith: { _, last in last }))
    }
}
