import Foundation

/// The three levels every shift needs (三级值班带班, S001 第七条).
public enum DutyLevel: String, CaseIterable, Codable, Sendable {
    case officer = "officer"
    case sectionLeader = "section_leader"
    case leader = "leader"

    public var title: String {
        switch self {
        case .officer: return "值班员"
        case .sectionLeader: return "值班科(处)领导"
        case .leader: return "带班领导"
        }
    }

    /// The account role a person on duty at this level acts in.
    public var role: Role {
        switch self {
        case .officer: return .dutyOfficer
        case .sectionLeader: return .sectionLeader
        case .leader: return .dutyLeader
        }
    }

    /// Position in `allCases`, for stable sorting.
    var order: Int { DutyLevel.allCases.firstIndex(of: self) ?? 0 }
}

/// One shift of a unit's day: when it starts (Asia/Shanghai wall clock) and how long it runs.
/// A month's roster is drawn up as a draft and then filed with the superior (报备, S001 第九条);
/// once filed it changes only through swaps.
/// Why a person is away and so not scheduled (S004 一(三): 请假、外出、培训).
public enum AwayKind: String, CaseIterable, Codable, Sendable {
    case leave, trip, training

    public var title: String {
        switch self {
        case .leave: return "请假"
        case .trip: return "外出"
        case .training: return "培训"
        }
    }

    /// "外出：到省厅开会", or the kind alone when no reason was given.
    public func describe(reason: String) -> String { reason.isEmpty ? title : "\(title)：\(reason)" }
}

public enum RosterMonthStatus: String, Codable, CaseIterable, Sendable {
    case draft, filed

    public var title: String {
        switch self {
        case .draft: return "未报备"
        case .filed: return "已报备"
        }
    }

    /// Cells are edited directly only before filing.
    public var isEditable: Bool { self == .draft }
}

public struct Shift: Codable, Hashable, Sendable {
    public var startHour: Int
    public var startMinute: Int
    public var durationMinutes: Int
    /// "白班", "夜班"; nil lets pages show the times alone.
    public var name: String?

    public init(startHour: Int, startMinute: Int, durationMinutes: Int, name: String? = nil) {
        self.startHour = startHour
        self.startMinute = startMinute
        self.durationMinutes = durationMinutes
        self.name = name
    }

    var startMinuteOfDay: Int { startHour * 60 + startMinute }
}

/// How a unit divides each day into shifts. The duty day starts with the first shift and runs 24
/// hours, so a shift that starts before the first one's start time (a 00:00 shift after a
/// 16:00 one) belongs to the same duty day and starts on the next calendar date.
public struct ShiftPattern: Codable, Hashable, Sendable {
    public var shifts: [Shift]

    public init(shifts: [Shift]) { self.shifts = shifts }

    /// One 24-hour shift from 08:30, handing over at the start of the working day.
    public static let fullDay = ShiftPattern(shifts: [Shift(startHour: 8, startMinute: 30, durationMinutes: 24 * 60, name: "全天")])

    /// Day 08:30–20:30 and night 20:30–08:30.
    public static let dayAndNight = ShiftPattern(shifts: [
        Shift(startHour: 8, startMinute: 30, durationMinutes: 12 * 60, name: "白班"),
        Shift(startHour: 20, startMinute: 30, durationMinutes: 12 * 60, name: "夜班"),
    ])

    /// Why the pattern cannot be used, in Chinese; empty when it is sound. A roster only covers
    /// "全年365天、每天24小时" (S001 第七条) when the shifts follow each other without gap or
    /// overlap and add up to exactly one day.
    public var problems: [String] {
        var out: [String] = []
        if shifts.isEmpty { return ["至少要有一个班次"] }
        for (i, s) in shifts.enumerated() {
            if !(0...23).contains(s.startHour) || !(0...59).contains(s.startMinute) { out.append("第\(i + 1)个班次的开始时间无效") }
            if s.durationMinutes <= 0 { out.append("第\(i + 1)个班次的时长应大于0") }
        }
        guard out.isEmpty else { return out }
        let total = shifts.reduce(0) { $0 + $1.durationMinutes }
        if total != 24 * 60 { out.append("各班次时长合计应为24小时，现为\(ShiftPattern.hoursText(total))") }
        for i in 1..<max(1, shifts.count) {
            let previous = shifts[i - 1]
            if (previous.startMinuteOfDay + previous.durationMinutes) % (24 * 60) != shifts[i].startMinuteOfDay {
                out.append("第\(i + 1)个班次应在第\(i)个班次结束时（\(ShiftPattern.clock(previous.startMinuteOfDay + previous.durationMinutes))）开始")
            }
        }
        return out
    }

    /// Minutes from the duty day's start (the first shift's start) to the shift's start.
    func offsetMinutes(ofShift index: Int) -> Int {
        let base = shifts[0].startMinuteOfDay
        return ((shifts[index].startMinuteOfDay - base) % (24 * 60) + 24 * 60) % (24 * 60)
    }

    public func start(of slot: ShiftSlot) -> Date {
        slot.day.instant(hour: shifts[0].startHour, minute: shifts[0].startMinute).addingTimeInterval(Double(offsetMinutes(ofShift: slot.shiftIndex) * 60))
    }

    public func end(of slot: ShiftSlot) -> Date {
        start(of: slot).addingTimeInterval(Double(shifts[slot.shiftIndex].durationMinutes * 60))
    }

    public func interval(of slot: ShiftSlot) -> DateInterval { DateInterval(start: start(of: slot), end: end(of: slot)) }

    public func contains(_ slot: ShiftSlot) -> Bool { shifts.indices.contains(slot.shiftIndex) }

    public func slots(on day: CalendarDay) -> [ShiftSlot] { shifts.indices.map { ShiftSlot(day: day, shiftIndex: $0) } }

    public func slots(from first: CalendarDay, through last: CalendarDay) -> [ShiftSlot] {
        CalendarDay.days(from: first, through: last).flatMap(slots(on:))
    }

    /// The slot that starts when `slot` ends.
    public func slot(after slot: ShiftSlot) -> ShiftSlot {
        slot.shiftIndex + 1 < shifts.count ? ShiftSlot(day: slot.day, shiftIndex: slot.shiftIndex + 1) : ShiftSlot(day: slot.day.adding(days: 1), shiftIndex: 0)
    }

    /// Slots numbered along the timeline, so "consecutive" is a difference of 1.
    func ordinal(of slot: ShiftSlot) -> Int { slot.day.daysSinceEpoch * shifts.count + slot.shiftIndex }

    /// "白班 08:30—20:30", "全天 08:30—次日08:30", for messages and printed rosters.
    public func label(ofShift index: Int) -> String {
        guard shifts.indices.contains(index) else { return "第\(index + 1)班" }
        let s = shifts[index]
        let startOffset = offsetMinutes(ofShift: index) + shifts[0].startMinuteOfDay
        let end = startOffset + s.durationMinutes
        let startText = (startOffset >= 24 * 60 ? "次日" : "") + ShiftPattern.clock(startOffset)
        let endText = (end > 24 * 60 ? "次日" : "") + ShiftPattern.clock(end)
        let name = s.name ?? (shifts.count == 1 ? "" : "第\(index + 1)班")
        return (name.isEmpty ? "" : name + " ") + "\(startText)—\(endText)"
    }

    /// "2026年10月1日 白班 08:30—20:30".
    public func label(of slot: ShiftSlot) -> String { "\(slot.day.chineseTitle) \(label(ofShift: slot.shiftIndex))" }

    static func clock(_ minutes: Int) -> String {
        let m = ((minutes % (24 * 60)) + 24 * 60) % (24 * 60)
        let h = m / 60
        let mm = m % 60
        return (h < 10 ? "0\(h)" : "\(h)") + ":" + (mm < 10 ? "0\(mm)" : "\(mm)")
    }

    static func hoursText(_ minutes: Int) -> String {
        minutes % 60 == 0 ? "\(minutes / 60)小时" : "\(minutes / 60)小时\(minutes % 60)分钟"
    }
}

/// One shift on one duty day. Its instants come from the unit's pattern: `pattern.start(of:)`.
public struct ShiftSlot: Codable, Hashable, Comparable, Sendable {
    /// The duty day: the calendar date the day's first shift starts on.
    public var day: CalendarDay
    /// Index into the pattern's shifts.
    public var shiftIndex: Int

    public init(day: CalendarDay, shiftIndex: Int) {
        self.day = day
        self.shiftIndex = shiftIndex
    }

    public static func < (a: ShiftSlot, b: ShiftSlot) -> Bool { (a.day, a.shiftIndex) < (b.day, b.shiftIndex) }

    public func start(in pattern: ShiftPattern) -> Date { pattern.start(of: self) }
    public func end(in pattern: ShiftPattern) -> Date { pattern.end(of: self) }
}

/// One person on one level of one shift.
public struct RosterAssignment: Codable, Hashable, Sendable {
    public var slot: ShiftSlot
    public var level: DutyLevel
    public var personID: String

    public init(slot: ShiftSlot, level: DutyLevel, personID: String) {
        self.slot = slot
        self.level = level
        self.personID = personID
    }
}

/// A unit's roster over a run of duty days: a month (值班安排表), or a holiday block.
public struct Roster: Codable, Equatable, Sendable {
    public var firstDay: CalendarDay
    public var lastDay: CalendarDay
    public var pattern: ShiftPattern
    public var assignments: [RosterAssignment]

    public init(firstDay: CalendarDay, lastDay: CalendarDay, pattern: ShiftPattern, assignments: [RosterAssignment] = []) {
        self.firstDay = firstDay
        self.lastDay = lastDay
        self.pattern = pattern
        self.assignments = assignments
    }

    /// The month's roster; nil for a month that does not exist.
    public init?(year: Int, month: Int, pattern: ShiftPattern, assignments: [RosterAssignment] = []) {
        guard let first = CalendarDay.firstDay(ofMonth: month, year: year) else { return nil }
        self.init(firstDay: first, lastDay: first.lastDayOfMonth, pattern: pattern, assignments: assignments)
    }

    public var days: [CalendarDay] { CalendarDay.days(from: firstDay, through: lastDay) }
    public var slots: [ShiftSlot] { pattern.slots(from: firstDay, through: lastDay) }

    /// Whether the slot is one this roster is for (its day in range, its shift in the pattern).
    public func contains(_ slot: ShiftSlot) -> Bool { firstDay <= slot.day && slot.day <= lastDay && pattern.contains(slot) }

    public func personIDs(at slot: ShiftSlot, level: DutyLevel) -> [String] {
        assignments.filter { $0.slot == slot && $0.level == level }.map(\.personID)
    }

    public func assignments(of personID: String) -> [RosterAssignment] {
        assignments.filter { $0.personID == personID }.sorted { ($0.slot, $0.level.order) < ($1.slot, $1.level.order) }
    }

    /// Who is on duty at an instant, per level: the live board's "who is on duty now".
    public func onDuty(at instant: Date) -> [DutyLevel: [String]] {
        var out: [DutyLevel: [String]] = [:]
        for a in assignments where pattern.contains(a.slot) && pattern.start(of: a.slot) <= instant && instant < pattern.end(of: a.slot) {
            out[a.level, default: []].append(a.personID)
        }
        return out
    }
}

/// What the roster rules need to know about a person.
public struct RosterPerson: Codable, Hashable, Sendable {
    /// A time the person cannot serve: leave, a trip (领导外出, S001 第十条), training.
    /// Half-open: from `from` up to but not including `to`.
    public struct Absence: Codable, Hashable, Sendable {
        public var from: Date
        public var to: Date
        /// "外出", "请假"; shown in the problem message.
        public var reason: String?

        public init(from: Date, to: Date, reason: String? = nil) {
            self.from = from
            self.to = to
            self.reason = reason
        }

        public func overlaps(start: Date, end: Date) -> Bool { from < end && start < to }
    }

    public var id: String
    public var name: String
    public var category: EmploymentCategory
    /// S001 第二十九条: 对首次参与值班的人员要开展岗前培训. True for anyone trained, or who has
    /// served before the system kept training records.
    public var hasPreDutyTraining: Bool
    public var absences: [Absence]
    /// The levels the person may hold (a section chief is not a 带班局领导); nil: any level.
    public var levels: [DutyLevel]?

    public init(
        id: String, name: String, category: EmploymentCategory, hasPreDutyTraining: Bool, absences: [Absence] = [], levels: [DutyLevel]? = nil
    ) {
        self.id = id
        self.name = name
        self.category = category
        self.hasPreDutyTraining = hasPreDutyTraining
        self.absences = absences
        self.levels = levels
    }

    public func mayHold(_ level: DutyLevel) -> Bool { levels?.contains(level) ?? true }

    /// The first absence overlapping the interval.
    public func absence(overlappingStart start: Date, end: Date) -> Absence? {
        absences.sorted { $0.from < $1.from }.first { $0.overlaps(start: start, end: end) }
    }
}

/// A unit's rest rules, set per unit (the seeds give none; S001 第二十八条 only asks that duty
/// staff's rest be looked after).
public struct RestRules: Codable, Hashable, Sendable {
    /// No person on two shifts in a row, at any level.
    public var noConsecutiveShifts: Bool
    /// At most this many shifts per calendar month, all levels together.
    public var maxShiftsPerMonth: Int?
    /// At least this many hours from the end of one shift to the start of the person's next.
    public var minRestHoursBetweenShifts: Int?

    public init(noConsecutiveShifts: Bool = false, maxShiftsPerMonth: Int? = nil, minRestHoursBetweenShifts: Int? = nil) {
        self.noConsecutiveShifts = noConsecutiveShifts
        self.maxShiftsPerMonth = maxShiftsPerMonth
        self.minRestHoursBetweenShifts = minRestHoursBetweenShifts
    }

    public static let none = RestRules()
}
