import DutyCore
import Foundation

// Contexts of the roster pages (Resources/Views/roster*.leaf).

struct RosterColumnView: Encodable {
    let shiftIndex: Int
    let shiftLabel: String
    let level: String
    let levelTitle: String
}

struct RosterCellView: Encodable {
    let name: String
    let label: String
    let selected: String
    let selectedName: String
    let options: [SelectOption]
    let problem: Bool
    let problemText: String
}

struct RosterRowView: Encodable {
    let date: String
    let dateText: String
    let weekday: String
    let dayClass: String
    let note: String
    let cells: [RosterCellView]
}

struct RosterProblemView: Encodable {
    let where_: String
    let message: String
    let code: String
    let anchor: String

    enum CodingKeys: String, CodingKey {
        case where_ = "where"
        case message, code, anchor
    }
}

struct RosterLoadView: Encodable {
    let name: String
    let shifts: Int
    let hoursText: String
    let leader: Int
    let section: Int
    let officer: Int
}

struct RosterPageView: Encodable {
    let unitID: String
    let unitName: String
    let month: String
    let monthTitle: String
    let previousMonth: String
    let nextMonth: String
    let units: [SelectOption]
    let canManage: Bool
    let editable: Bool
    let filed: Bool
    let statusTitle: String
    let filingStatus: FilingStatus.Kind
    let filingTitle: String
    let filingTone: StatusTone
    let filedText: String
    let deadlineText: String
    let policyName: String
    let calendarKnown: Bool
    let columns: [RosterColumnView]
    let rows: [RosterRowView]
    let problems: [RosterProblemView]
    let problemCount: Int
    let gapCount: Int
    let loads: [RosterLoadView]
    let notice: String?
    let error: String?
    let swaps: [SwapRowView]
    /// A filed month changes only through swaps.
    let canRequestSwap: Bool
    let swapFrom: [SelectOption]
    let swapTo: [SelectOption]
    let swapDays: [SelectOption]
    let swapShifts: [SelectOption]
    let swapLevels: [SelectOption]
}

struct SwapRowView: Encodable {
    let id: String
    let whenText: String
    let levelTitle: String
    let fromName: String
    let toName: String
    let reason: String
    let status: String
    let statusTitle: String
    let requestedText: String
    let canAnswer: Bool
    let canDecide: Bool
    let canCancel: Bool
}

struct RosterFilingRowView: Encodable {
    let unitID: String
    let unitName: String
    let depth: Int
    let dueText: String
    let basis: String
    let status: FilingStatus.Kind
    let statusTitle: String
    let statusClass: String
    let filedText: String
    let gapCount: Int
    let filledCells: Int
    let totalCells: Int
    /// The next holiday's roster: due text and status ("" where no separate deadline applies).
    let holidayDueText: String
    let holidayStatusTitle: String
    let holidayStatusClass: String
}

struct OnDutyRowView: Encodable {
    let unitID: String
    let unitName: String
    let depth: Int
    let shift: String
    let leader: String
    let section: String
    let officer: String
    let uncovered: Bool
}

struct RosterOverviewView: Encodable {
    let unitID: String
    let unitName: String
    let month: String
    let monthTitle: String
    let previousMonth: String
    let nextMonth: String
    let units: [SelectOption]
    let rows: [RosterFilingRowView]
    /// How many subordinates stand at each filing outcome.
    let counts: [FilingCount]
    struct FilingCount: Encodable {
        let code: String
        let title: String
        let tone: StatusTone
        let count: Int
    }
    let onDutyText: String
    let onDuty: [OnDutyRowView]
    let holidayTitle: String
}

struct RosterPrintView: Encodable {
    let unitID: String
    let unitName: String
    let month: String
    let monthTitle: String
    let statusTitle: String
    let filedText: String
    let printedText: String
    let levelTitles: [String]
    let rows: [RosterPrintRowView]
}

struct RosterPrintRowView: Encodable {
    let dateText: String
    let weekday: String
    let shift: String
    let names: [String]
    let note: String
    let dayClass: String
}
