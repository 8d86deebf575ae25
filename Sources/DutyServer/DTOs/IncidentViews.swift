import DutyCore
import Foundation

// Contexts of the incident pages (Resources/Views/board.leaf, incident_new.leaf,
// incident.leaf, report_print.leaf, board_live.leaf). Times are Asia/Shanghai text; ISO
// instants (UTC) are given where the page's JavaScript runs a countdown.

struct ClockView: Encodable {
    let key: String
    let title: String
    /// `ClockStatus.Kind`: not_started, waiting, running, due_soon, overdue, met, late
    let status: ClockStatus.Kind
    let statusTitle: String
    let dueText: String
    let dueISO: String
    let doneText: String
    /// Seconds left (positive) or past due (negative) when the page was made.
    let seconds: Int
    /// Where the rule comes from.
    let source: String
    /// The same instant and outcome on every level's record (全案时限).
    let caseWide: Bool
    /// "待电话报告 — 接报后已 12 分钟" while the clock waits on the desk; empty otherwise.
    let waitingText: String
    /// The waiting clock's starting act is this actor's to record: the button shows.
    let canNotify: Bool
}

struct IncidentRowView: Encodable {
    let id: String
    let caseID: String
    let title: String
    let unitName: String
    let isOwn: Bool
    let kindTitle: String
    let level: String
    let levelTitle: String
    let infoTypeTitle: String
    let channelTitle: String
    let receivedText: String
    let occurredText: String
    let classified: Bool
    let policy: String
    let clocks: [ClockView]
    /// A repeating rule's occurrences after its current one: what the incident page lists.
    let history: [ClockView]
    /// The most urgent clock's status, for the row's colour and word.
    let worstStatus: ClockStatus.Kind
    let worstTitle: String
}

struct ReportRowView: Encodable {
    let id: String
    let incidentID: String
    let incidentTitle: String
    let unitName: String
    let kindTitle: String
    let sequence: Int
    let status: String
    let statusTitle: String
    let createdText: String
    let submittedText: String
    let excerpt: String
    let classified: Bool
    /// AcknowledgementClock's stage: waiting, overdue (签收超时), escalated…
    let ackStage: String
    let ackTitle: String
    let ackDueISO: String
    /// `ReportWorkflow.allowedSteps` for the actor: the buttons the row shows.
    let canSign: Bool
    let canApprove: Bool
    let canAcknowledge: Bool
    /// How long it has waited in its queue ("已等待 12 分钟") and its colour by the policy's
    /// minutes (`QueueWait.Tone`: calm, soon, late).
    var waitText = ""
    var waitTone = ""
}

struct BackfillRowView: Encodable {
    let caseID: String
    let incidentID: String?
    let unitName: String
    let reason: String
    let dueText: String
    let dueISO: String
    let overdue: Bool
}

struct BoardPageView: Encodable {
    /// The lists in the order that puts what waits for the actor first (`BoardQueue.order`).
    var queues: [BoardQueue] = BoardQueue.order(signs: false, approves: false)
    let incidents: [IncidentRowView]
    let inbox: [ReportRowView]
    let signoff: [ReportRowView]
    let approval: [ReportRowView]
    let backfill: [BackfillRowView]
    let canReport: Bool
    let generatedText: String
    /// Who is on duty now at each level, here and in each subordinate (SPEC §3 live board).
    let onDuty: [OnDutyRowView]
    let showOnDuty: Bool
    /// Roll calls and leaders away: the duty desk's part of the board (nil without the desk roles).
    var desk: BoardDeskView? = nil
    /// The unit's accounts locked by failed logins right now: a locked night officer must not
    /// silently stop the desk.
    var lockedAccounts: [String] = []
}

struct BoardDeskView: Encodable {
    let pendingRollCalls: [RollCallLineDTO]
    let lastRollCall: RollCallDTO?
    let away: [LeaderAbsenceDTO]
    let overdueCount: Int
}

struct ReportFullView: Encodable {
    let id: String
    let kindTitle: String
    let sequence: Int
    let status: String
    let statusTitle: String
    let body: String
    let changes: [String]
    let changeReason: String
    let needsApproval: Bool
    let createdBy: String
    let createdText: String
    let signedBy: String
    let signedText: String
    let approvedBy: String
    let approvedText: String
    let submittedText: String
    let submittedTo: String
    let acknowledgedBy: String
    let acknowledgedText: String
    let canRequestSignoff: Bool
    let canSign: Bool
    let canApprove: Bool
    let canAcknowledge: Bool
    let canReturn: Bool
    let canCorrect: Bool
    /// The versions returned for correction, oldest first.
    let versions: [ReportVersionView]
    /// While the report waits for its correction: who returned it, when, and why.
    let returnNote: String
}

struct ReportVersionView: Encodable {
    let number: Int
    let body: String
    let returnedBy: String
    let returnedText: String
    let reason: String
    let corrected: Bool
}

struct TimelineRowView: Encodable {
    let atText: String
    let unitName: String
    let actor: String
    let kind: String
    let detail: String
}

struct IncidentPageView: Encodable {
    /// `ReportField.maxLengths`: the inputs' maxlength, the same limits the server checks.
    var limits = ReportField.maxLengths
    /// The report form's one-time token: sent twice (back, then save again), it makes one report.
    var once = UUID().uuidString
    let incident: IncidentRowView
    let placeDetail: String
    let levelReason: String
    let notifiedText: String
    let responseEndedText: String
    let reports: [ReportFullView]
    let timeline: [TimelineRowView]
    let isOwn: Bool
    let canReport: Bool
    let canNotify: Bool
    let canEndResponse: Bool
    /// The report kinds the unit may write next (first when it has none, else follow-up/final).
    let nextKinds: [SelectOption]
    /// What the next-report form shows: the previous report's figures, or what the officer
    /// typed when the form was refused.
    let last: LastFigures
    /// The previous report's figures, against which changes are checked as the officer types.
    let previous: LastFigures
    let typed: TypedReport
    let attachments: [AttachmentRowView]
    let canAttach: Bool
    /// Ancestors a report may go to; the first is the direct superior.
    let targets: [SelectOption]
    let error: String?
    /// Which policy version the record was received under, whose, and since when.
    var policyDetail = ""
    /// 信息倒流 marks involving this record's unit, as this record says them.
    var backflowNotes: [String] = []
    /// A level that received the case and has no report yet: its first report starts from
    /// the subordinate's, said here, with the text that makes.
    var prefillNote = ""
    var prefillBody = ""
    /// What the next report's live draft is made with besides the form's fields.
    var draftKindID = ""
    var draftPlaceUnitID = ""
    var draftOccurredISO = ""
    var nextSequence = 1
}

struct LastFigures: Encodable {
    let event: String
    let dead: String
    let missing: String
    let injured: String
    var seriousInjuries = ""
    let trapped: String
    let lossWan: String
    let cause: String
    let measures: String
    let trend: String
    let impact: String
}

struct KindGroup: Encodable {
    let title: String
    let kinds: [SelectOption]
}

struct NewIncidentView: Encodable {
    /// `ReportField.maxLengths`: the inputs' maxlength, the same limits the server checks.
    var limits = ReportField.maxLengths
    /// The form's one-time token (kept when the form comes back with an error): sent twice, it
    /// records one incident.
    var once = UUID().uuidString
    let groups: [KindGroup]
    let places: [SelectOption]
    let channels: [SelectOption]
    let levels: [SelectOption]
    let infoTypes: [SelectOption]
    let nowLocal: String
    let error: String?
    let missing: [String]
    let form: [String: String]
}

struct PrintView: Encodable {
    let unitName: String
    let kindTitle: String
    let sequence: Int
    let incidentTitle: String
    let levelTitle: String
    let classified: Bool
    let body: String
    let signedBy: String
    let signedText: String
    let submittedTo: String
    let submittedText: String
    let createdBy: String
    let printedText: String
}

struct TypedReport: Encodable {
    let changeReason: String
    let body: String
    let sensitive: Bool
}

struct AttachmentRowView: Encodable {
    let id: String
    let fileName: String
    let sizeText: String
    let uploadedBy: String
    let uploadedText: String
}
