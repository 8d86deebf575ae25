import DutyCore
import Foundation
import Vapor

/// The one-screen first report: at most eight required inputs (kind, place, occurrence
/// time, channel, event, impact or casualties, level when no suggestion applies, and the
/// body that defaults to the draft); everything else optional. The report elements
/// (`ReportElementsInput`) sit at the top level of the JSON beside the case's own fields.
struct NewIncidentInput: Content {
    var infoType: String?
    /// Required, as are the place, the event and the channel: the service names every one
    /// missing at once, in Chinese, instead of the decoder stopping at the first.
    var kindId: String?
    var title: String?
    var level: IncidentLevel?
    var levelReason: String?
    var placeUnitId: UUID?
    var placeDetail: String?
    var occurredAt: Date?
    var receivedAt: Date?
    var sourceChannel: SourceChannel?
    var classified: Bool?
    var sensitive: Bool?
    var seriousInjuries: Int?
    var elements: ReportElementsInput
    var body: String?
    /// A case a superior already holds (it learned first, from a peer, the media or a call):
    /// this record joins it instead of opening a second case, and carries the back-flow mark.
    var attachToCaseId: UUID?

    enum CodingKeys: String, CodingKey {
        case infoType, kindId, title, level, levelReason, placeUnitId, placeDetail, occurredAt, receivedAt, sourceChannel, classified, sensitive
        case seriousInjuries, body, attachToCaseId
    }

    init(
        infoType: String?, kindId: String?, title: String?, level: IncidentLevel?, levelReason: String?, placeUnitId: UUID?, placeDetail: String?,
        occurredAt: Date?, receivedAt: Date?, sourceChannel: SourceChannel?, classified: Bool?, sensitive: Bool?, seriousInjuries: Int?,
        elements: ReportElementsInput, body: String?, attachToCaseId: UUID? = nil
    ) {
        self.attachToCaseId = attachToCaseId
        self.infoType = infoType
        self.kindId = kindId
        self.title = title
        self.level = level
        self.levelReason = levelReason
        self.placeUnitId = placeUnitId
        self.placeDetail = placeDetail
        self.occurredAt = occurredAt
        self.receivedAt = receivedAt
        self.sourceChannel = sourceChannel
        self.classified = classified
        self.sensitive = sensitive
        self.seriousInjuries = seriousInjuries
        self.elements = elements
        self.body = body
    }

    init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        infoType = try c.decodeIfPresent(String.self, forKey: .infoType)
        kindId = try c.decodeIfPresent(String.self, forKey: .kindId)
        title = try c.decodeIfPresent(String.self, forKey: .title)
        level = try c.decodeIfPresent(IncidentLevel.self, forKey: .level)
        levelReason = try c.decodeIfPresent(String.self, forKey: .levelReason)
        placeUnitId = try c.decodeIfPresent(UUID.self, forKey: .placeUnitId)
        placeDetail = try c.decodeIfPresent(String.self, forKey: .placeDetail)
        occurredAt = try c.decodeIfPresent(Date.self, forKey: .occurredAt)
        receivedAt = try c.decodeIfPresent(Date.self, forKey: .receivedAt)
        sourceChannel = try c.decodeIfPresent(SourceChannel.self, forKey: .sourceChannel)
        classified = try c.decodeIfPresent(Bool.self, forKey: .classified)
        sensitive = try c.decodeIfPresent(Bool.self, forKey: .sensitive)
        seriousInjuries = try c.decodeIfPresent(Int.self, forKey: .seriousInjuries)
        body = try c.decodeIfPresent(String.self, forKey: .body)
        attachToCaseId = try c.decodeIfPresent(UUID.self, forKey: .attachToCaseId)
        elements = try ReportElementsInput(from: decoder)
    }

    func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encodeIfPresent(infoType, forKey: .infoType)
        try c.encodeIfPresent(kindId, forKey: .kindId)
        try c.encodeIfPresent(title, forKey: .title)
        try c.encodeIfPresent(level, forKey: .level)
        try c.encodeIfPresent(levelReason, forKey: .levelReason)
        try c.encodeIfPresent(placeUnitId, forKey: .placeUnitId)
        try c.encodeIfPresent(placeDetail, forKey: .placeDetail)
        try c.encodeIfPresent(occurredAt, forKey: .occurredAt)
        try c.encodeIfPresent(receivedAt, forKey: .receivedAt)
        try c.encodeIfPresent(sourceChannel, forKey: .sourceChannel)
        try c.encodeIfPresent(classified, forKey: .classified)
        try c.encodeIfPresent(sensitive, forKey: .sensitive)
        try c.encodeIfPresent(seriousInjuries, forKey: .seriousInjuries)
        try c.encodeIfPresent(body, forKey: .body)
        try c.encodeIfPresent(attachToCaseId, forKey: .attachToCaseId)
        try elements.encode(to: encoder)
    }
}

struct FieldKey: CodingKey {
    var stringValue: String
    var intValue: Int? { nil }
    init(_ s: String) { stringValue = s }
    init?(stringValue: String) { self.stringValue = stringValue }
    init?(intValue: Int) { nil }
}

/// A follow-up or final report: starts from the previous report's elements and changes what
/// `elements` names.
struct NewReportInput: Content {
    var kind: ReportKind
    var elements: ReportElementsInput
    var body: String?
    var changeReason: String?
    var sensitive: Bool?

    enum CodingKeys: String, CodingKey { case kind, body, changeReason, sensitive }

    init(kind: ReportKind, elements: ReportElementsInput, body: String?, changeReason: String?, sensitive: Bool?) {
        self.kind = kind
        self.elements = elements
        self.body = body
        self.changeReason = changeReason
        self.sensitive = sensitive
    }

    init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        kind = try c.decode(ReportKind.self, forKey: .kind)
        body = try c.decodeIfPresent(String.self, forKey: .body)
        changeReason = try c.decodeIfPresent(String.self, forKey: .changeReason)
        sensitive = try c.decodeIfPresent(Bool.self, forKey: .sensitive)
        elements = try ReportElementsInput(from: decoder)
    }

    func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(kind, forKey: .kind)
        try c.encodeIfPresent(body, forKey: .body)
        try c.encodeIfPresent(changeReason, forKey: .changeReason)
        try c.encodeIfPresent(sensitive, forKey: .sensitive)
        try elements.encode(to: encoder)
    }
}

/// The intake form or a report form as typed so far: the text it would make and what is missing.
/// A draft edited, or a returned report corrected: the elements it changes and its text
/// (empty: drafted again from the elements).
struct ReportCorrectionInput: Content {
    var elements: ReportElementsInput
    var body: String?

    enum CodingKeys: String, CodingKey { case body }

    init(elements: ReportElementsInput, body: String?) {
        self.elements = elements
        self.body = body
    }

    init(from decoder: any Decoder) throws {
        body = try decoder.container(keyedBy: CodingKeys.self).decodeIfPresent(String.self, forKey: .body)
        elements = try ReportElementsInput(from: decoder)
    }

    func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encodeIfPresent(body, forKey: .body)
        try elements.encode(to: encoder)
    }
}

struct ReturnReportInput: Content {
    var reason: String
}

/// A version of a report as it was returned for correction.
struct ReportVersionDTO: Content {
    var number: Int
    var body: String
    var returnedBy: String
    var returnedAt: Date
    var returnedAtText: String
    var reason: String
    var correctedBy: String?
    var correctedAt: Date?

    init(_ v: ReportVersion) {
        number = v.number
        body = v.body
        returnedBy = v.returnedByName
        returnedAt = v.returnedAt
        returnedAtText = ShanghaiTime.format(v.returnedAt)
        reason = v.reason
        correctedBy = v.correctedBy
        correctedAt = v.correctedAt
    }
}

/// The text of a phone call or message, pasted into the intake form.
struct TranscriptInput: Content {
    var text: String
}

/// What the transcript gave, in the intake form's terms: every filled field is named, so the
/// page marks it for the officer to confirm.
struct TranscriptDTO: Content {
    var fields: TranscriptParse
    /// The unit whose area the named place is, among the caller's own and its subordinates'.
    var placeUnitId: UUID?
    var filled: [String]
    /// The draft text the fields make, as the intake form would show it.
    var draft: String
}

struct DraftInput: Content {
    var kind: ReportKind
    /// The level is suggested only for production-safety accidents (条例第三条).
    var kindId: String?
    var sequence: Int?
    var placeUnitId: UUID?
    var placeDetail: String?
    var occurredAt: Date?
    /// With it, the draft checks the order of the case's first instants as the save will.
    var receivedAt: Date?
    var seriousInjuries: Int?
    /// Sent by the intake form (接报登记): the draft's list of what is missing then names every
    /// field the save would refuse without — the type, the channel, the level and its reason —
    /// in the same words.
    var intake: Bool?
    var sourceChannel: SourceChannel?
    var level: IncidentLevel?
    var levelReason: String?
    var elements: ReportElementsInput

    enum CodingKeys: String, CodingKey {
        case kind, kindId, sequence, placeUnitId, placeDetail, occurredAt, receivedAt, seriousInjuries, intake, sourceChannel, level, levelReason
    }

    init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        kind = try c.decode(ReportKind.self, forKey: .kind)
        kindId = try c.decodeIfPresent(String.self, forKey: .kindId)
        sequence = try c.decodeIfPresent(Int.self, forKey: .sequence)
        placeUnitId = try c.decodeIfPresent(UUID.self, forKey: .placeUnitId)
        placeDetail = try c.decodeIfPresent(String.self, forKey: .placeDetail)
        occurredAt = try c.decodeIfPresent(Date.self, forKey: .occurredAt)
        receivedAt = try c.decodeIfPresent(Date.self, forKey: .receivedAt)
        seriousInjuries = try c.decodeIfPresent(Int.self, forKey: .seriousInjuries)
        intake = try c.decodeIfPresent(Bool.self, forKey: .intake)
        sourceChannel = try c.decodeIfPresent(SourceChannel.self, forKey: .sourceChannel)
        level = try c.decodeIfPresent(IncidentLevel.self, forKey: .level)
        levelReason = try c.decodeIfPresent(String.self, forKey: .levelReason)
        elements = try ReportElementsInput(from: decoder)
    }

    func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(kind, forKey: .kind)
        try c.encodeIfPresent(kindId, forKey: .kindId)
        try c.encodeIfPresent(sequence, forKey: .sequence)
        try c.encodeIfPresent(placeUnitId, forKey: .placeUnitId)
        try c.encodeIfPresent(placeDetail, forKey: .placeDetail)
        try c.encodeIfPresent(occurredAt, forKey: .occurredAt)
        try c.encodeIfPresent(seriousInjuries, forKey: .seriousInjuries)
        try elements.encode(to: encoder)
    }
}

struct DraftDTO: Content {
    var text: String
    var missing: [MissingDTO]
    var suggestedLevel: IncidentLevel?
    var levelReasons: [String]
    /// The occurrence or the receipt out of order or in the future (`ReportInputRules.times`).
    var timeProblems: [MissingDTO]
}

/// A report form as typed, checked without saving.
struct ReportCheckDTO: Content {
    var changes: [String]
    var unexplained: [MissingDTO]
    var missing: [MissingDTO]
    var problems: [MissingDTO]
}

struct MissingDTO: Content {
    var field: String
    var message: String
}

struct SubmitInput: Content {
    /// For a skip-level report (越级上报): an ancestor above the direct superior.
    var toUnitId: UUID?
}

/// An open case a superior already holds that a record about to be made is likely about.
struct CaseMatchDTO: Content {
    var caseId: UUID
    var holderUnitId: UUID
    var holderUnitName: String
    var title: String
    var kindTitle: String
    var level: IncidentLevel
    var levelTitle: String
    var placeDetail: String
    var occurredAt: Date?
    var receivedAt: Date
    var sourceChannel: SourceChannel
}

struct ClockDTO: Content {
    var ruleId: String
    /// The rule, and for a repeating rule the occurrence ("national.followup#3").
    var key: String
    var title: String
    var milestone: String
    var anchor: DeadlineAnchor
    /// Counted from and to facts of the case: the same due instant and outcome on every
    /// level's record.
    var caseWide: Bool
    /// 1, 2, … for a repeating rule's occurrences.
    var occurrence: Int?
    /// Where the rule comes from.
    var source: String
    var dueAt: Date?
    var doneAt: Date?
    var status: ClockStatus.Kind
    /// The status word, or on what a waiting clock waits ("待电话报告").
    var statusTitle: String
    /// "待电话报告 — 接报后已 12 分钟" while waiting on an act nobody has recorded.
    var waitingText: String?
    /// The incident action that starts a waiting clock ("notify": record the phone report).
    var action: String?
    /// Seconds left (positive) or past due (negative) at the time of the response.
    var seconds: Int?
}

/// How long a submitted report has waited for its receiver's acknowledgement (签收).
struct AcknowledgementDTO: Content {
    var stage: AcknowledgementClock.Stage
    var stageTitle: String
    var dueAt: Date
    var escalateAt: Date
    var waitedSeconds: Int?
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
    /// For a submitted report: its wait for acknowledgement against the policy's limits.
    var acknowledgement: AcknowledgementDTO?
    /// What the caller can do with the report now (`ReportWorkflow.allowedSteps`).
    var actions: [ReportWorkflow.Step]
}

struct IncidentDTO: Content {
    var id: UUID
    var caseId: UUID
    var unitId: UUID
    var unitName: String
    var infoType: InformationType
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
    /// The unit whose policy this record was received under, and the version.
    var policyOwnerId: UUID?
    var policyVersion: Int?
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
