import Foundation

/// The day by which next month's roster must be filed (报备), as a jurisdiction words it.
public enum MonthlyRosterDue: Hashable, Sendable {
    /// 每月最后一个工作日前 (S001 第八条).
    case lastWorkingDayOfPreviousMonth
    /// 每月月底前 (S002 五).
    case endOfPreviousMonth
    /// 每月N日前 (S004 一(一): 25日). A day past the month's end means its last day.
    case dayOfPreviousMonth(Int)

    public var title: String {
        switch self {
        case .lastWorkingDayOfPreviousMonth: return "上月最后一个工作日前"
        case .endOfPreviousMonth: return "上月月底前"
        case .dayOfPreviousMonth(let day): return "上月\(day)日前"
        }
    }
}

extension MonthlyRosterDue: Codable {
    private enum CodingKeys: String, CodingKey { case kind, day }

    /// Flat, `{"kind": "day_of_previous_month", "day": 25}`, so a DTO or a form field maps onto
    /// it without Swift's nested encoding of associated values.
    public func encode(to encoder: Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        switch self {
        case .lastWorkingDayOfPreviousMonth: try c.encode("last_working_day_of_previous_month", forKey: .kind)
        case .endOfPreviousMonth: try c.encode("end_of_previous_month", forKey: .kind)
        case .dayOfPreviousMonth(let day):
            try c.encode("day_of_previous_month", forKey: .kind)
            try c.encode(day, forKey: .day)
        }
    }

    public init(from decoder: Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        let kind = try c.decode(String.self, forKey: .kind)
        switch kind {
        case "last_working_day_of_previous_month": self = .lastWorkingDayOfPreviousMonth
        case "end_of_previous_month": self = .endOfPreviousMonth
        case "day_of_previous_month":
            let day = try c.decode(Int.self, forKey: .day)
            guard (1...31).contains(day) else {
                throw DecodingError.dataCorruptedError(forKey: .day, in: c, debugDescription: "报备日应为1到31")
            }
            self = .dayOfPreviousMonth(day)
        default:
            throw DecodingError.dataCorruptedError(forKey: .kind, in: c, debugDescription: "未知的报备期限类型：\(kind)")
        }
    }
}

/// When a roster is due, worked out for one month or one holiday block.
public struct RosterDeadline: Codable, Equatable, Sendable {
    /// The last day on which filing is on time.
    public var dueDay: CalendarDay
    /// 23:59:59 Asia/Shanghai on `dueDay`. See `RosterFilingPolicy.status` for the last second.
    public var dueAt: Date
    /// Chinese, for the page: "9月30日（上月最后一个工作日）前".
    public var basis: String
    /// False when the due day depends on a year whose holiday notice has not been entered, so
    /// the day may still move ("2027年放假安排尚未录入").
    public var calendarKnown: Bool

    public init(dueDay: CalendarDay, dueAt: Date, basis: String, calendarKnown: Bool) {
        self.dueDay = dueDay
        self.dueAt = dueAt
        self.basis = basis
        self.calendarKnown = calendarKnown
    }
}

/// Where a roster filing stands.
public enum FilingStatus: Equatable, Sendable {
    /// Grey: not filed, and the due instant has not passed.
    case notYetDue(remaining: TimeInterval)
    /// Green 已按时: filed at or before the due instant (`early` ≥ 0).
    case onTime(early: TimeInterval)
    /// Filed after the due instant: 迟报.
    case late(by: TimeInterval)
    /// Red: not filed and past due.
    case missing(overdueBy: TimeInterval)

    /// The four outcomes without their amounts, in the order a superior reads them.
    public enum Kind: String, CaseIterable, Codable, Sendable {
        case onTime = "on_time", late, missing
        case notYetDue = "not_yet_due"

        public var title: String {
            switch self {
            case .notYetDue: return "未到期"
            case .onTime: return "已按时"
            case .late: return "迟报"
            case .missing: return "已超时未报备"
            }
        }

        public var tone: StatusTone {
            switch self {
            case .notYetDue: return .idle
            case .onTime: return .ok
            case .late, .missing: return .bad
            }
        }

        /// A roster not yet due that still has empty cells needs work before it is filed: orange.
        public func tone(openCells: Int) -> StatusTone { self == .notYetDue && openCells > 0 ? .warn : tone }
    }

    public var kind: Kind {
        switch self {
        case .notYetDue: return .notYetDue
        case .onTime: return .onTime
        case .late: return .late
        case .missing: return .missing
        }
    }

    public var title: String { kind.title }
    public var tone: StatusTone { kind.tone }
    /// Stable, for the JSON API and for assessment counts (SPEC §8: roster entered on time).
    public var code: String { kind.rawValue }
}

/// A jurisdiction's roster filing deadlines: the monthly roster, and holiday or sensitive-period
/// rosters. Data, not code, like `ReportingPolicy`: a unit picks (or inherits) one.
///
/// "前" in every seed ("最后一个工作日前", "月底前", "25日前", "节假日前两日") is read as "by the
/// end of that day": Chinese notices use 前 for a deadline that includes the named day, and the
/// other reading ("before the last working day") would make the last working day itself late,
/// which no duty room treats it as.
public struct RosterFilingPolicy: Codable, Hashable, Sendable {
    public var id: String
    public var name: String
    public var monthlyDue: MonthlyRosterDue
    /// Calendar days before a holiday block's first day; nil where the jurisdiction sets none.
    public var holidayLeadDays: Int?
    /// Where the rules come from, e.g. "沈阳 规范 第八条、第九条".
    public var source: String

    public init(id: String, name: String, monthlyDue: MonthlyRosterDue, holidayLeadDays: Int?, source: String) {
        self.id = id
        self.name = name
        self.monthlyDue = monthlyDue
        self.holidayLeadDays = holidayLeadDays
        self.source = source
    }

    /// 沈阳: S001 第八条 "于每月最后一个工作日前向上级应急指挥中心和本级党委、政府报备"; 第九条(二)
    /// "提前3天向上级应急管理部门和本级党委、政府报送节假日及重要敏感时期值班安排".
    public static let shenyang = RosterFilingPolicy(
        id: "shenyang", name: "沈阳市应急管理系统值班值守工作规范", monthlyDue: .lastWorkingDayOfPreviousMonth, holidayLeadDays: 3,
        source: "沈阳 规范 第八条、第九条(二)")

    /// 河南: S002 五 "每月月底前，将下月值排班录入业务系统". The notice sets no holiday lead time.
    public static let henan = RosterFilingPolicy(
        id: "henan", name: "河南省应急管理厅", monthlyDue: .endOfPreviousMonth, holidayLeadDays: nil, source: "河南省应急管理厅通知 五")

    /// 许昌: S000 一 "务必于每次节假日前两日将节假日期间值班和明查暗访安排报市局应急指挥中心备案".
    /// 许昌 is in 河南, so the monthly roster follows the province's month-end rule (S002 五);
    /// S000 itself says nothing about the monthly roster.
    public static let xuchang = RosterFilingPolicy(
        id: "xuchang", name: "许昌市应急管理局", monthlyDue: .endOfPreviousMonth, holidayLeadDays: 2,
        source: "许应急〔2020〕64号 一；河南省应急管理厅通知 五")

    /// 鄂尔多斯: S004 一(一) "每月25日前（法定节假日放假3天前），将次月（法定节假日）值班表报送".
    public static let ordos = RosterFilingPolicy(
        id: "ordos", name: "鄂尔多斯市（鄂府办发〔2018〕31号）", monthlyDue: .dayOfPreviousMonth(25), holidayLeadDays: 3,
        source: "鄂尔多斯 2018年应急管理工作要点 一(一)")

    /// Where no jurisdiction of the seeds applies (辽宁 outside 沈阳, 内蒙古 outside 鄂尔多斯, the
    /// ministry): the month-end rule, labelled as the default it is, not as 河南's.
    public static let fallback = RosterFilingPolicy(
        id: "default", name: "默认报备时限（本地未另行规定）", monthlyDue: .endOfPreviousMonth, holidayLeadDays: nil,
        source: "未设定本地规定，参照河南省应急管理厅通知 五 的月底前报备")

    public static let all: [RosterFilingPolicy] = [shenyang, henan, xuchang, ordos, fallback]

    // MARK: Monthly roster

    /// The last on-time day for the roster of `month`/`year`. nil for a month that does not exist.
    ///
    /// A 25th or a month end that falls on a weekend or holiday stays where it is: the seeds
    /// name a calendar day there, and only 沈阳 speaks of working days. A unit that files
    /// through the system can do so on a rest day, and the duty room works every day anyway.
    public func monthlyDueDay(forMonth month: Int, year: Int, calendar: WorkingDayCalendar) -> CalendarDay? {
        guard let first = CalendarDay.firstDay(ofMonth: month, year: year) else { return nil }
        let previous = first.adding(days: -1)
        switch monthlyDue {
        case .lastWorkingDayOfPreviousMonth:
            return calendar.workingDay(onOrBefore: previous)
        case .endOfPreviousMonth:
            return previous
        case .dayOfPreviousMonth(let day):
            return CalendarDay(year: previous.year, month: previous.month, day: min(max(day, 1), previous.day))
        }
    }

    public func monthlyDeadline(forMonth month: Int, year: Int, calendar: WorkingDayCalendar) -> RosterDeadline? {
        guard let due = monthlyDueDay(forMonth: month, year: year, calendar: calendar) else { return nil }
        let known: Bool
        switch monthlyDue {
        case .lastWorkingDayOfPreviousMonth: known = calendar.covers(year: due.year)
        // A fixed calendar day does not depend on the holiday notice.
        case .endOfPreviousMonth, .dayOfPreviousMonth: known = true
        }
        let basis: String
        switch monthlyDue {
        case .lastWorkingDayOfPreviousMonth: basis = "\(due.shortChineseTitle)（上月最后一个工作日）前"
        case .endOfPreviousMonth: basis = "\(due.shortChineseTitle)（上月月底）前"
        case .dayOfPreviousMonth: basis = "\(due.shortChineseTitle)前"
        }
        return RosterDeadline(dueDay: due, dueAt: RosterFilingPolicy.endOfDay(due), basis: basis, calendarKnown: known)
    }

    // MARK: Holiday and sensitive-period rosters

    /// The last on-time day for the roster of a block starting on `firstDay`: `holidayLeadDays`
    /// calendar days before it ("提前3天", "前两日", "放假3天前" — none of the seeds says working
    /// days, so calendar days). nil when the jurisdiction sets no lead time.
    ///
    /// Sensitive periods (重要敏感时期, S001 第九条) are not in the holiday calendar; the caller
    /// passes the first day its superior's notice names.
    public func holidayDueDay(periodStartingOn firstDay: CalendarDay) -> CalendarDay? {
        holidayLeadDays.map { firstDay.adding(days: -$0) }
    }

    public func holidayDeadline(for period: HolidayPeriod, calendar: WorkingDayCalendar) -> RosterDeadline? {
        guard let lead = holidayLeadDays, let due = holidayDueDay(periodStartingOn: period.firstDay) else { return nil }
        return RosterDeadline(
            dueDay: due, dueAt: RosterFilingPolicy.endOfDay(due),
            basis: "\(due.shortChineseTitle)（\(period.title)假期\(period.firstDay.shortChineseTitle)开始，提前\(lead)天）前",
            calendarKnown: calendar.covers(year: period.firstDay.year))
    }

    // MARK: Status

    /// 23:59:59 Asia/Shanghai: the due instant shown beside the countdown. Showing 次日00:00
    /// would tell a reader the next day is the deadline.
    public static func endOfDay(_ day: CalendarDay) -> Date { day.instant(hour: 23, minute: 59, second: 59) }

    /// Where a filing stands at `now`.
    ///
    /// Stored timestamps carry fractions of a second, so "by the end of the day" means before the
    /// next midnight: a filing at 23:59:59.6 is on time. Late and overdue times are measured from
    /// `dueAt`.
    /// A holiday's roster is the rosters of the months it touches (`HolidayPeriod.months`): it is
    /// filed when every one of them is, at the last of those filings; nil while one is not.
    public static func holidayRosterFiledAt(_ monthFiledAt: [Date?]) -> Date? {
        guard !monthFiledAt.isEmpty, monthFiledAt.allSatisfy({ $0 != nil }) else { return nil }
        return monthFiledAt.compactMap { $0 }.max()
    }

    public static func status(dueAt: Date, filedAt: Date?, now: Date) -> FilingStatus {
        let dayEnds = dueAt.addingTimeInterval(1)
        if let filedAt {
            if filedAt < dayEnds { return .onTime(early: max(0, dueAt.timeIntervalSince(filedAt))) }
            return .late(by: filedAt.timeIntervalSince(dueAt))
        }
        if now < dayEnds { return .notYetDue(remaining: max(0, dueAt.timeIntervalSince(now))) }
        return .missing(overdueBy: now.timeIntervalSince(dueAt))
    }
}

extension RosterFilingPolicy {
    /// The policy of the jurisdiction a unit sits in, from the GB/T 2260 codes of the unit and
    /// its ancestors (any order): 沈阳 (2101xx) → `.shenyang`, 许昌 (4110xx) → `.xuchang`, the rest
    /// of 河南 (41xxxx) → `.henan`, 鄂尔多斯 (1506xx) → `.ordos`. The nearest match wins only in
    /// the sense that a city's rule is more specific than its province's. Elsewhere the
    /// month-end rule applies under its own name (`.fallback`), so a 辽宁 county's deadline is
    /// never labelled 河南.
    public static func forDivisions(_ codes: [String]) -> RosterFilingPolicy {
        let codes = codes.filter { $0.count == 6 && $0.allSatisfy(\.isNumber) }
        if codes.contains(where: { $0.hasPrefix("2101") }) { return .shenyang }
        if codes.contains(where: { $0.hasPrefix("1506") }) { return .ordos }
        if codes.contains(where: { $0.hasPrefix("4110") }) { return .xuchang }
        if codes.contains(where: { $0.hasPrefix("41") }) { return .henan }
        return .fallback
    }
}
