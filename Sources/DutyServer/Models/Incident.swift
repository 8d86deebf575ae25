import DutyCore
import Fluent
import Foundation

/// One level's record of an incident case. The same case has a record at every level it
/// passed through (county, city, province), linked by `caseID`.
final class Incident: Model, @unchecked Sendable {
    static let schema = "incidents"

    @ID(key: .id) var id: UUID?
    @Field(key: "case_id") var caseID: UUID
    @Parent(key: "unit_id") var unit: OrgUnit
    /// "incident" (突发事件, content in the body) or "general" (普通信息, attachments allowed).
    @Field(key: "info_type") var infoType: String
    var information: InformationType { InformationType(rawValue: infoType) ?? .incident }
    @Field(key: "title") var title: String
    @Field(key: "kind_id") var kindID: String
    @Field(key: "incident_class") var incidentClass: String
    @Field(key: "level") var level: String
    @OptionalField(key: "level_suggested") var levelSuggested: String?
    @Field(key: "level_reason") var levelReason: String
    @OptionalField(key: "place_unit_id") var placeUnitID: UUID?
    @Field(key: "place_detail") var placeDetail: String
    @OptionalField(key: "occurred_at") var occurredAt: Date?
    @Field(key: "received_at") var receivedAt: Date
    @Field(key: "source_channel") var sourceChannel: String
    @OptionalField(key: "learned_from_unit_id") var learnedFromUnitID: UUID?
    @Field(key: "classified") var classified: Bool
    /// The first phone/fax/initial report to the superior (初步情况报告).
    @OptionalField(key: "notified_at") var notifiedAt: Date?
    @OptionalField(key: "response_ended_at") var responseEndedAt: Date?
    @OptionalField(key: "closed_at") var closedAt: Date?
    @Field(key: "created_by") var createdBy: String
    @Field(key: "created_at") var createdAt: Date
    /// The policy this record is measured against, as it was at receipt: whose (the record's
    /// unit or an ancestor) and which version. Versions in force are never rewritten.
    @OptionalField(key: "policy_owner_id") var policyOwnerID: UUID?
    @OptionalField(key: "policy_version") var policyVersion: Int?

    init() {}

    var incidentLevel: IncidentLevel { IncidentLevel(rawValue: level) ?? .ordinary }
    var channel: SourceChannel { SourceChannel(rawValue: sourceChannel) ?? .phone }
}

/// A report document: 首报, 续报 or 终报, each separate (S000 四).
final class Report: Model, @unchecked Sendable {
    static let schema = "reports"

    @ID(key: .id) var id: UUID?
    @Parent(key: "incident_id") var incident: Incident
    @Field(key: "kind") var kind: String
    @Field(key: "sequence") var sequence: Int
    /// `ReportElements` as JSON.
    @Field(key: "elements") var elements: String
    /// The text the officer edited from the draft; the content of a 突发事件 is here, never only in an attachment.
    @Field(key: "body") var body: String
    /// Casualty changes against the previous report, as JSON, and the officer's reason for decreases.
    @Field(key: "changes") var changes: String
    @Field(key: "change_reason") var changeReason: String
    /// draft → awaiting_signoff → (awaiting_approval) → submitted → acknowledged
    @Field(key: "status") var status: String
    @Field(key: "needs_approval") var needsApproval: Bool
    @Field(key: "created_by") var createdBy: String
    @Field(key: "created_at") var createdAt: Date
    @OptionalField(key: "signed_by") var signedBy: String?
    @OptionalField(key: "signed_at") var signedAt: Date?
    @OptionalField(key: "approved_by") var approvedBy: String?
    @OptionalField(key: "approved_at") var approvedAt: Date?
    @OptionalField(key: "submitted_at") var submittedAt: Date?
    @OptionalField(key: "submitted_to_unit_id") var submittedToUnitID: UUID?
    @OptionalField(key: "acknowledged_by") var acknowledgedBy: String?
    @OptionalField(key: "acknowledged_at") var acknowledgedAt: Date?

    init() {}

    var reportKind: ReportKind { ReportKind(rawValue: kind) ?? .followUp }
    var reportStatus: ReportWorkflow.Status { ReportWorkflow.Status(rawValue: status) ?? .draft }
    /// Set when the elements are at hand (a report just written), to spare decoding them again.
    var knownElements: ReportElements?

    var reportElements: ReportElements {
        knownElements ?? (try? JSONCoders.decoder.decode(ReportElements.self, from: Data(elements.utf8))) ?? ReportElements()
    }
}

/// A report as it was when returned for correction (退回修改).
final class ReportVersion: Model, @unchecked Sendable {
    static let schema = "report_versions"

    @ID(key: .id) var id: UUID?
    @Field(key: "report_id") var reportID: UUID
    /// 1 for the first returned text, then 2, …; the report itself holds the current one.
    @Field(key: "number") var number: Int
    @Field(key: "body") var body: String
    @Field(key: "elements") var elements: String
    @Field(key: "returned_by") var returnedBy: String
    @Field(key: "returned_by_name") var returnedByName: String
    @Field(key: "returned_at") var returnedAt: Date
    @Field(key: "reason") var reason: String
    @OptionalField(key: "corrected_by") var correctedBy: String?
    @OptionalField(key: "corrected_at") var correctedAt: Date?

    init() {}
}

final class TimelineEvent: Model, @unchecked Sendable {
    static let schema = "timeline_events"

    @ID(key: .id) var id: UUID?
    @Field(key: "case_id") var caseID: UUID
    @OptionalField(key: "incident_id") var incidentID: UUID?
    @Field(key: "unit_id") var unitID: UUID
    @Field(key: "at") var at: Date
    @Field(key: "actor") var actor: String
    @Field(key: "kind") var kind: String
    @Field(key: "detail") var detail: String

    init() {}

    init(id: UUID? = nil, caseID: UUID, incidentID: UUID? = nil, unitID: UUID, at: Date, actor: String, kind: String, detail: String) {
        self.id = id ?? UUID.timeOrdered(at: at)
        self.caseID = caseID
        self.incidentID = incidentID
        self.unitID = unitID
        self.at = at
        self.actor = actor
        self.kind = kind
        self.detail = detail
    }
}

final class BackfillTaskRecord: Model, @unchecked Sendable {
    static let schema = "backfill_tasks"

    @ID(key: .id) var id: UUID?
    @Field(key: "case_id") var caseID: UUID
    @Parent(key: "unit_id") var unit: OrgUnit
    @Field(key: "reason") var reason: String
    @Field(key: "created_at") var createdAt: Date
    @Field(key: "due_at") var dueAt: Date
    @OptionalField(key: "done_at") var doneAt: Date?

    init() {}
}

/// A unit's own reporting policy (JSON of `ReportingPolicy`); units without one inherit.
final class UnitPolicy: Model, @unchecked Sendable {
    static let schema = "unit_policies"

    @ID(custom: "unit_id", generatedBy: .user) var id: UUID?
    @Field(key: "policy") var policy: String
    @Field(key: "set_by") var setBy: String
    @Field(key: "set_at") var setAt: Date

    init() {}
}

/// A file attached to 普通信息 (never the content of a 突发事件, which is in the report text).
final class Attachment: Model, @unchecked Sendable {
    static let schema = "attachments"

    @ID(key: .id) var id: UUID?
    @Field(key: "incident_id") var incidentID: UUID
    @Field(key: "file_name") var fileName: String
    @Field(key: "kind") var kind: String
    @Field(key: "size") var size: Int
    @Field(key: "sha256") var sha256: String
    @Field(key: "data") var data: Data
    @Field(key: "uploaded_by") var uploadedBy: String
    @Field(key: "uploaded_at") var uploadedAt: Date

    init() {}
}
