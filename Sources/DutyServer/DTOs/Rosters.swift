import DutyCore
import Foundation
import Vapor

/// "2026-12": the month a roster is for.
struct RosterMonthKey: Hashable, Sendable, CustomStringConvertible {
    let year: Int
    let month: Int

    init?(year: Int, month: Int) {
        guard (2000...2100).contains(year), (1...12).contains(month) else { return nil }
        self.year = year
        self.month = month
    }

    init?(_ text: String) {
        let parts = text.trimmingCharacters(in: .whitespaces).split(separator: "-")
        guard parts.count == 2, parts[0].count == 4, (1...2).contains(parts[1].count), let y = Int(parts[0]), let m = Int(parts[1]) else { return nil }
        self.init(year: y, month: m)
    }

    /// The month after the one `now` falls in (Shanghai): the roster being prepared.
    static func coming(_ now: Date) -> RosterMonthKey {
        let next = CalendarDay(now).firstDayOfNextMonth
        return RosterMonthKey(year: next.year, month: next.month)!
    }

    static func current(_ now: Date) -> RosterMonthKey {
        let d = CalendarDay(now)
        return RosterMonthKey(year: d.year, month: d.month)!
    }

    var firstDay: CalendarDay { CalendarDay.firstDay(ofMonth: month, year: year)! }
    var lastDay: CalendarDay { firstDay.lastDayOfMonth }
    var previous: RosterMonthKey { let d = firstDay.firstDayOfPreviousMonth; return RosterMonthKey(year: d.year, month: d.month)! }
    var next: RosterMonthKey { let d = firstDay.firstDayOfNextMonth; return RosterMonthKey(year: d.year, month: d.month)! }
    var description: String { "\(year)-" + (month < 10 ? "0\(month)" : "\(month)") }
    var title: String { "\(year)年\(month)月" }
}

struct RosterDeadlineDTO: Content {
    var policyId: String
    var policyName: String
    var dueDay: CalendarDay
    var dueAt: Date
    var basis: String
    var calendarKnown: Bool
}

struct RosterFilingDTO: Content {
    var status: FilingStatus.Kind
    var statusTitle: String
    var statusTone: StatusTone
    var filedAt: Date?
    var filedBy: String?
}

struct RosterShiftDTO: Content {
    var index: Int
    var label: String
    var startHour: Int
    var startMinute: Int
    var durationMinutes: Int
}

struct RosterDayDTO: Content {
    var date: CalendarDay
    var weekday: String
    var workingDay: Bool
    var holiday: Bool
    var festival: String?
}

struct RosterAssignmentDTO: Content {
    var date: CalendarDay
    var shiftIndex: Int
    var level: DutyLevel
    var personId: UUID
    var personName: String
}

struct RosterProblemDTO: Content {
    var code: String
    var message: String
    var date: CalendarDay?
    var shiftIndex: Int?
    var level: DutyLevel?
    var personId: String?
    var personName: String?
}

struct RosterLoadDTO: Content {
    var personId: String
    var name: String
    var shifts: Int
    var hours: Double
    var byLevel: [String: Int]
}

struct RosterUnfilledDTO: Content {
    var date: CalendarDay
    var shiftIndex: Int
    var level: DutyLevel
    var code: String
    var message: String
}

struct RosterDTO: Content {
    var unitId: UUID
    var unitName: String
    var month: String
    var title: String
    /// Draft (not yet filed, including a month nobody has started) or filed.
    var status: RosterMonthStatus
    var statusTitle: String
    var deadline: RosterDeadlineDTO
    var filing: RosterFilingDTO
    var shifts: [RosterShiftDTO]
    var days: [RosterDayDTO]
    var assignments: [RosterAssignmentDTO]
    var problems: [RosterProblemDTO]
    var gapCount: Int
    var loads: [RosterLoadDTO]
    /// Only after auto-fill: cells it could not fill, and why.
    var unfilled: [RosterUnfilledDTO]?
}

struct RosterCellInput: Content {
    var date: CalendarDay
    var shiftIndex: Int?
    var level: DutyLevel
    /// Absent or null clears the cell.
    var personId: UUID?
}

struct RosterReplaceInput: Content {
    var assignments: [RosterCellInput]
}

struct RosterCellsInput: Content {
    var cells: [RosterCellInput]
}

struct RosterAutoFillInput: Content {
    /// Overrides the unit's stored rotation lists for this fill.
    var rotations: [String: [UUID]]?
}

struct RosterSettingsDTO: Content {
    var unitId: UUID
    var pattern: ShiftPattern
    var restRules: RestRules
    var rotations: [String: [UUID]]
    /// False while the unit uses the defaults (one 24-hour shift from 08:30, no rest rules).
    var own: Bool
}

struct RosterSettingsInput: Content {
    var pattern: ShiftPattern?
    var restRules: RestRules?
    var rotations: [String: [UUID]]?
}

struct RosterFilingRowDTO: Content {
    var unitId: UUID
    var unitName: String
    var code: String?
    var depth: Int
    var deadline: RosterDeadlineDTO
    var filing: RosterFilingDTO
    /// Empty cells (shift × level) of the month; every cell when nothing is entered.
    var gapCount: Int
    var filledCells: Int
    var totalCells: Int
    /// The roster covering the next holiday, due some days before it (S000 一, S001 第九条);
    /// nil where the jurisdiction sets no separate holiday deadline.
    var holidayDeadline: RosterDeadlineDTO?
    var holidayFiling: RosterFilingDTO?
}

struct RosterFilingsDTO: Content {
    var unitId: UUID
    var month: String
    var title: String
    var units: [RosterFilingRowDTO]
    /// The next statutory holiday after today.
    var holiday: HolidayPeriodDTO?
}

struct OnDutyPersonDTO: Content {
    var personId: UUID
    var name: String
    var mobile: String
}

struct OnDutyLevelDTO: Content {
    var level: DutyLevel
    var title: String
    var people: [OnDutyPersonDTO]
}

struct OnDutyUnitDTO: Content {
    var unitId: UUID
    var unitName: String
    var depth: Int
    var shift: String?
    var levels: [OnDutyLevelDTO]
    /// Levels with nobody on duty now.
    var uncovered: [DutyLevel]
}

struct OnDutyDTO: Content {
    var at: Date
    var units: [OnDutyUnitDTO]
}

struct CalendarEntryDTO: Content {
    var date: CalendarDay
    var kind: HolidayKind
    var kindTitle: String
    var festival: String
    var festivalTitle: String
}

struct HolidayPeriodDTO: Content {
    var title: String
    var firstDay: CalendarDay
    var lastDay: CalendarDay
    var days: Int
}

struct CalendarYearDTO: Content {
    var year: Int
    /// Whether the year's notice is known (shipped or entered).
    var covered: Bool
    /// "entered" (by an administrator), "shipped" (with the software), or "none".
    var source: String
    var workingDays: Int
    var entries: [CalendarEntryDTO]
    var holidays: [HolidayPeriodDTO]
}

struct RosterFeedDTO: Content {
    /// Relative to the server: subscribe to it in a calendar app. Shown once; rotating replaces it.
    var url: String
    var token: String
    var unitId: UUID?
    var personId: UUID?
}

struct TrainingDTO: Content {
    var id: UUID
    var personId: UUID
    var date: String
    var course: String
    var recordedBy: String
    var recordedAt: Date
}

struct TrainingInput: Content {
    var date: CalendarDay
    var course: String
}

struct AbsenceDTO: Content {
    var id: UUID
    var personId: UUID
    var kind: String
    var startsAt: Date
    var endsAt: Date
    var reason: String
    var recordedBy: String
    var recordedAt: Date
}

struct AbsenceInput: Content {
    var kind: String?
    var startsAt: Date
    var endsAt: Date
    var reason: String
}

struct SwapInput: Content {
    var date: CalendarDay
    var shiftIndex: Int?
    var level: DutyLevel
    var fromPersonId: UUID
    var toPersonId: UUID
    var reason: String?
}

struct SwapStepInput: Content {
    var note: String?
}

struct SwapDTO: Content {
    var id: UUID
    var unitId: UUID
    var date: CalendarDay
    var shiftIndex: Int
    var level: DutyLevel
    var levelTitle: String
    var fromPersonId: UUID
    var fromName: String
    var toPersonId: UUID
    var toName: String
    var reason: String
    var status: String
    var statusTitle: String
    var requestedBy: String
    var requestedAt: Date
    var acceptedBy: String?
    var acceptedAt: Date?
    var decidedBy: String?
    var decidedAt: Date?
    var note: String
}
