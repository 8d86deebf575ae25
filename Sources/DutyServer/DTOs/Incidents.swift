import DutyCore
import Foundation
import Vapor

/// The one-screen first report: at most eight required inputs (kind, place, occurrence
/// time, channel, event, impact or casualties, level when no suggestion applies, and the
/// body that defaults to the draft); everything else optional.
struct NewIncidentInput: Content {
    var infoType: String?
    var kindId: String
    var title: String?
    var level: IncidentLevel?
    var levelReason: String?
    var placeUnitId: UUID?
    var placeDetail: String
    var occurredAt: Date?
    var receivedAt: Date?
    var sourceChannel: SourceChannel
    var classified: Bool?
    var sensitive: Bool?
    var event: String
    var dead: Int?
    var missing: Int?
    var injured: Int?
    var trapped: Int?
    var seriousInjuries: Int?
    var propertyLossYuan: Int?
    var impact: String?
    var cause: String?
    var nature: String?
    var measures: String?
    var trend: String?
    var body: String?
}

/// A follow-up or final report: starts from the previous report's elements.
struct NewReportInput: Content {
    var kind: ReportKind
    var event: String?
    var dead: Int?
    var missing: Int?
    var injured: Int?
    var trapped: Int?
    var propertyLossYuan: Int?
    var impact: String?
    var cause: String?
    var nature: String?
    var measures: String?
    var trend: String?
    var body: String?
    var changeReason: String?
    var sensitive: Bool?
}

struct DraftInput: Content {
    var kind: ReportKind
    /// The level is suggested only for production-safety accidents (条例第三条).
    var kindId: String?
    var sequence: Int?
    var placeUnitId: UUID?
    var placeDetail: String?
    var occurredAt: Date?
    var event: String?
    var dead: Int?
    var missing: Int?
    var injured: Int?
    var trapped: Int?
    var seriousInjuries: Int?
    var propertyLossYuan: Int?
    var impact: String?
    var cause: String?
    var nature: String?
    var measures: String?
    var trend: String?
}

struct DraftDTO: Content {
    var text: String
    var missing: [MissingDTO]
    var suggestedLevel: IncidentLevel?
    var levelReasons: [String]
}

struct MissingDTO: Content {
    var field: String
    var message: String
}

struct SubmitInput: Content {
    /// For a skip-level report (越级上报): an ancestor above the direct superior.
    var toUnitId: UUID?
}

struct ClockDTO: Content {
    var ruleId: String
    var title: String
    var milestone: String
    var dueAt: Date?
    var doneAt: Date?
    var status: ClockStatus.Kind
    var statusTitle: String
    /// Seconds left (positive) or past due (negative) at the time of the response.
    var seconds: Int?
}

struct ReportDTO: Content {
    var id: UUID
    var incidentId: UUID
    var kind: ReportKind
    var kindTitle: String
    var sequence: Int
    var status: ReportWorkflow.Status
    var statusTitle: String
    var body: String
    var elements: ReportElements
    var changes: [String]
    var changeReason: String
    var needsApproval: Bool
    var createdBy: String
    var createdAt: Date
    var signedBy: String?
    var signedAt: Date?
    var approvedBy: String?
    var approvedAt: Date?
    var submittedAt: Date?
    var submittedToUnitId: UUID?
    var acknowledgedBy: String?
    var acknowledgedAt: Date?
    /// What the caller can do with the report now (`ReportWorkflow.allowedSteps`).
    var actions: [ReportWorkflow.Step]
}

struct IncidentDTO: Content {
    var id: UUID
    var caseId: UUID
    var unitId: UUID
    var unitName: String
    var infoType: String
    var title: String
    var kindId: String
    var kindTitle: String
    var incidentClass: String
    var level: IncidentLevel
    var levelTitle: String
    var levelSuggested: IncidentLevel?
    var levelReason: String
    var placeDetail: String
    var occurredAt: Date?
    var receivedAt: Date
    var sourceChannel: SourceChannel
    var classified: Bool
    var notifiedAt: Date?
    var responseEndedAt: Date?
    var closedAt: Date?
    var policy: String?
    var clocks: [ClockDTO]
    var reports: [ReportDTO]?
}

struct TimelineDTO: Content {
    var at: Date
    var unitId: UUID
    var actor: String
    var kind: String
    var detail: String
}

struct BackfillDTO: Content {
    var id: UUID
    var caseId: UUID
    var unitId: UUID
    var unitName: String
    var reason: String
    var createdAt: Date
    var dueAt: Date
    var doneAt: Date?
}

struct BoardDTO: Content {
    var unitId: UUID
    var at: Date
    var incidents: [IncidentDTO]
    var awaitingAcknowledgement: [ReportDTO]
    var awaitingSignoff: [ReportDTO]
    var awaitingApproval: [ReportDTO]
    var backfillTasks: [BackfillDTO]
}

struct AttachmentDTO: Content {
    var id: UUID
    var incidentId: UUID
    var fileName: String
    var kind: String
    var mediaType: String
    var size: Int
    var sizeText: String
    var sha256: String
    var uploadedBy: String
    var uploadedAt: Date
}

struct AttachmentUpload: Content {
    var file: File
}
