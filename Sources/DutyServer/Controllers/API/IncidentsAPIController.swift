import DutyCore
import Fluent
import Vapor

struct IncidentsAPIController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.api(.GET, "incidents", operation: "listIncidents", permission: .readIncidents, use: list)
        routes.api(.POST, "incidents", operation: "createIncident", permission: .reportIncidents, use: create)
        routes.api(.GET, "incidents", "matches", operation: "listCaseMatches", permission: .reportIncidents, use: matches)
        routes.api(.GET, "incidents", ":id", operation: "getIncident", permission: .readIncidents, use: get)
        routes.api(.GET, "incidents", ":id", "timeline", operation: "getIncidentTimeline", permission: .readIncidents, use: timeline)
        routes.api(.POST, "incidents", ":id", "reports", operation: "createReport", permission: .reportIncidents, use: addReport)
        routes.api(.POST, "incidents", ":id", "reports", "check", operation: "checkReport", permission: .reportIncidents, use: checkReport)
        routes.api(.POST, "incidents", ":id", "notified", operation: "markIncidentNotified", permission: .reportIncidents, use: notified)
        routes.api(.POST, "incidents", ":id", "response-ended", operation: "endIncidentResponse", permission: .reportIncidents, use: responseEnded)
        routes.api(.GET, "incidents", ":id", "attachments", operation: "listAttachments", permission: .readIncidents, use: attachments)
        routes.api(
            .POST, "incidents", ":id", "attachments", operation: "addAttachment", permission: .reportIncidents,
            body: .collect(maxSize: ByteCount(value: AttachmentPolicy.maxBytes + 64 * 1024)), use: addAttachment)
        routes.api(.GET, "attachments", ":id", operation: "downloadAttachment", permission: .readIncidents, use: downloadAttachment)
        routes.api(.POST, "reports", "draft", operation: "draftReport", permission: .reportIncidents, use: draft)
        routes.api(.POST, "reports", "parse", operation: "parseTranscript", permission: .reportIncidents, use: parse)
        routes.api(.GET, "reports", ":id", operation: "getReport", permission: .readIncidents, use: getReport)
        routes.api(.POST, "reports", ":id", "request-signoff", operation: "requestReportSignoff", permission: .reportIncidents, use: requestSignoff)
        routes.api(.POST, "reports", ":id", "sign", operation: "signReport", permission: .signOffReports, use: sign)
        routes.api(.POST, "reports", ":id", "approve", operation: "approveReport", permission: .approveReports, use: approve)
        routes.api(.POST, "reports", ":id", "acknowledge", operation: "acknowledgeReport", permission: .reportIncidents, use: acknowledge)
        // The signing leader or the approving office: the workflow decides which, by role and place.
        routes.api(.POST, "reports", ":id", "return", operation: "returnReport", permission: nil, use: returnReport)
        routes.api(.PATCH, "reports", ":id", operation: "correctReport", permission: .reportIncidents, use: correct)
        routes.api(.GET, "reports", ":id", "versions", operation: "listReportVersions", permission: .readIncidents, use: versions)
        routes.api(.GET, "board", operation: "getBoard", permission: .readIncidents, use: board)
        routes.api(.GET, "board", "events", operation: "streamBoardEvents", permission: .readIncidents, body: .stream, use: events)
        routes.api(.GET, "incident-kinds", operation: "listIncidentKinds", permission: .readIncidents, use: kinds)
        routes.api(.GET, "measures", operation: "getReportingMeasures", permission: .readIncidents, use: measures)
    }

    struct MatchParams: Content {
        var kindId: String?
        /// ISO 8601 with an offset ("2026-11-23T13:55:00+08:00"), or Shanghai local time.
        var occurredAt: String?
        var receivedAt: String?
    }

    static func instant(_ s: String?, _ field: String) throws -> Date? {
        guard let s = s?.trimmingCharacters(in: .whitespaces), !s.isEmpty else { return nil }
        if let d = ISO8601DateFormatter().date(from: s) ?? ShanghaiTime.parse(s) { return d }
        throw DutyError.field(field, "时间格式应为 2026-11-23T13:55:00+08:00")
    }

    /// Open cases a superior already holds about the caller's area that the record about to be
    /// made is likely about: attach to one (`attachToCaseId`) instead of duplicating it.
    func matches(req: Request) async throws -> [CaseMatchDTO] {
        let p = try req.query.decode(MatchParams.self)
        guard let kind = IncidentCatalog.kind(id: p.kindId ?? "") else { throw DutyError.field("kindId", "请选择事件类型") }
        let record = CaseMatch.Record(
            kindID: kind.id, incidentClass: kind.incidentClass, occurredAt: try Self.instant(p.occurredAt, "occurredAt"),
            receivedAt: try Self.instant(p.receivedAt, "receivedAt") ?? req.now)
        return try await IncidentService.matches(record, ctx: req.context())
    }

    struct MeasuresParams: Content {
        var from: String?
        var to: String?
    }

    func measures(req: Request) async throws -> MeasuresService.MeasuresDTO {
        let p = try req.query.decode(MeasuresParams.self)
        let (from, to) = try MeasuresService.range(from: p.from, to: p.to, now: req.now)
        return try await MeasuresService.measures(from: from, to: to, ctx: req.context())
    }

    struct ListParams: Content {
        var includeClosed: Bool?
        var limit: Int?
    }

    func list(req: Request) async throws -> [IncidentDTO] {
        let actor = try req.requireActor()
        let p = try req.query.decode(ListParams.self)
        var q = Incident.query(on: req.db).join(OrgUnit.self, on: \Incident.$unit.$id == \OrgUnit.$id)
            .joinedUnitInSubtree(of: actor.unit.path)
        if p.includeClosed != true { q = q.filter(\.$closedAt == nil) }
        let rows = try await q.sort(\.$receivedAt, .descending).limit(min(max(p.limit ?? 100, 1), 500)).all()
        return try await IncidentQuery.dtos(rows, withReports: false, ctx: req.context())
    }

    func create(req: Request) async throws -> Response {
        let input = try req.content.decode(NewIncidentInput.self)
        let once = try SubmissionOnce.key(req.headers.first(name: SubmissionOnce.header), operation: "createIncident", actor: try req.requireActor())
        let created = try await IncidentService.create(input, once: once, ctx: req.context())
        let res = try await IncidentQuery.dto(created, withReports: true, now: req.now, actor: try req.requireActor())
            .encodeResponse(status: created.repeated ? .ok : .created, for: req)
        if created.repeated { res.headers.replaceOrAdd(name: "Idempotent-Replayed", value: "true") }
        return res
    }

    func get(req: Request) async throws -> IncidentDTO {
        let incident = try await IncidentQuery.visibleIncident(try req.uuidParameter(), ctx: req.context())
        return try await IncidentQuery.dtos([incident], withReports: true, ctx: req.context())[0]
    }

    func timeline(req: Request) async throws -> [TimelineDTO] {
        let incident = try await IncidentQuery.visibleIncident(try req.uuidParameter(), ctx: req.context())
        return try await IncidentQuery.timeline(caseID: incident.caseID, ctx: req.context())
    }

    func addReport(req: Request) async throws -> Response {
        let incident = try await IncidentQuery.visibleIncident(try req.uuidParameter(), ctx: req.context())
        let input = try req.content.decode(NewReportInput.self)
        let once = try SubmissionOnce.key(
            req.headers.first(name: SubmissionOnce.header), operation: "createReport:\(incident.id!.uuidString)", actor: try req.requireActor())
        let report = try await IncidentService.addReport(incident, input, once: once, ctx: req.context())
        return try await try Self.reportDTO(report, incident, req).encodeResponse(
            status: .created, for: req)
    }

    func checkReport(req: Request) async throws -> ReportCheckDTO {
        let incident = try await IncidentQuery.visibleIncident(try req.uuidParameter(), ctx: req.context())
        let c = try await IncidentService.checkReport(incident, try req.content.decode(NewReportInput.self), ctx: req.context())
        func dtos(_ list: [FieldIssue]) -> [MissingDTO] { list.map { MissingDTO(field: $0.field, message: $0.message) } }
        return ReportCheckDTO(changes: c.changes.map(\.text), unexplained: dtos(c.unexplained), missing: dtos(c.missing), problems: dtos(c.issues))
    }

    func attachments(req: Request) async throws -> [AttachmentDTO] {
        let incident = try await IncidentQuery.visibleIncident(try req.uuidParameter(), ctx: req.context())
        return try await AttachmentService.list(incident, on: req.db)
    }

    func addAttachment(req: Request) async throws -> Response {
        let incident = try await IncidentQuery.visibleIncident(try req.uuidParameter(), ctx: req.context())
        guard req.headers.contentType?.type == "multipart" else {
            throw DutyError.invalid("请以 multipart/form-data 上传，文件放在 file 字段")
        }
        let upload: AttachmentUpload
        do { upload = try req.content.decode(AttachmentUpload.self) } catch { throw DutyError.field("file", "请选择要上传的文件（file 字段）") }
        return try await AttachmentService.add(to: incident, fileName: upload.file.filename, data: upload.file.data, ctx: req.context())
            .encodeResponse(status: .created, for: req)
    }

    func downloadAttachment(req: Request) async throws -> Response {
        try AttachmentService.response(try await AttachmentService.visible(try req.uuidParameter(), ctx: req.context()), ctx: req.context())
    }

    struct NotifiedInput: Content { var at: Date? }

    func notified(req: Request) async throws -> IncidentDTO {
        let incident = try await IncidentQuery.visibleIncident(try req.uuidParameter(), ctx: req.context())
        let input = (try? req.content.decode(NotifiedInput.self)) ?? NotifiedInput()
        try await IncidentService.markNotified(incident, at: input.at, ctx: req.context())
        return try await IncidentQuery.dtos([incident], withReports: false, ctx: req.context())[0]
    }

    func responseEnded(req: Request) async throws -> IncidentDTO {
        let incident = try await IncidentQuery.visibleIncident(try req.uuidParameter(), ctx: req.context())
        try await IncidentService.endResponse(incident, ctx: req.context())
        return try await IncidentQuery.dtos([incident], withReports: false, ctx: req.context())[0]
    }

    /// The standard text from the fields as the officer types, with what is still missing.
    func draft(req: Request) async throws -> DraftDTO {
        let actor = try req.requireActor()
        let i = try req.content.decode(DraftInput.self)
        var place = ""
        if let pid = i.placeUnitId {
            place = try await IncidentService.placeName(
                try await req.context().visibleUnit(pid, forReading: true).id, on: req.db, cache: req.application.readCache)
        }
        var (e, problems) = i.elements.checked(
            against: ReportElements(unitName: actor.unit.name, occurredAt: i.occurredAt, placeDivision: place, placeDetail: i.placeDetail ?? ""))
        e.casualties.seriousInjuries = i.seriousInjuries
        let suggestion = IncidentService.suggestion(kind: i.kindId.flatMap(IncidentCatalog.kind(id:)), e, seriousInjuries: i.seriousInjuries)
        // Without a receipt time only the occurrence is checked against now.
        let times = ReportInputRules.times(occurredAt: i.occurredAt, receivedAt: i.receivedAt ?? req.now, now: req.now)
            .filter { i.receivedAt != nil || $0.field != "receivedAt" }
        // The intake form's own fields, checked as the save checks them.
        var intake: [FieldIssue] = []
        if i.intake == true && i.kind == .first {
            let (kind, issues) = IncidentService.intakeIssues(kindID: i.kindId, sourceChannel: i.sourceChannel)
            intake = issues
            if kind != nil, let issue = IncidentService.levelIssue(suggested: suggestion, chosen: i.level, reason: i.levelReason) { intake.append(issue) }
        }
        return DraftDTO(
            text: ReportDrafter.draft(kind: i.kind, elements: e, sequence: max(1, i.sequence ?? 1), asOf: req.now),
            missing: ReportCompleteness.missing(for: i.kind, e).map { MissingDTO(field: $0.field, message: $0.message) }
                + (problems + intake).map { MissingDTO(field: $0.field, message: $0.message) },
            suggestedLevel: suggestion?.level, levelReasons: suggestion?.reasons ?? [],
            timeProblems: times.map { MissingDTO(field: $0.field, message: $0.message) })
    }

    /// The fields of a first report read from the text of a call or message (TranscriptParser),
    /// with the unit of the place it names and the draft they make.
    func parse(req: Request) async throws -> TranscriptDTO {
        let input = try req.content.decode(TranscriptInput.self)
        guard input.text.count <= ReportField.body.maxLength else {
            throw DutyError.field("text", "来电记录过长（最多\(ReportField.body.maxLength)字，现为\(input.text.count)字）")
        }
        return try await IncidentService.parseTranscript(input.text, ctx: req.context())
    }

    /// A report as the caller sees it, with the steps the caller can take on it.
    static func reportDTO(_ report: Report, _ incident: Incident, _ req: Request) throws -> ReportDTO {
        IncidentQuery.reportDTO(report, holderUnitID: incident.$unit.id, actor: try req.requireActor())
    }

    func getReport(req: Request) async throws -> ReportDTO {
        let (report, incident) = try await IncidentQuery.visibleReport(try req.uuidParameter(), ctx: req.context())
        return try Self.reportDTO(report, incident, req)
    }

    func requestSignoff(req: Request) async throws -> ReportDTO {
        let (report, incident) = try await IncidentQuery.visibleReport(try req.uuidParameter(), ctx: req.context())
        let input = (try? req.content.decode(SubmitInput.self)) ?? SubmitInput()
        return try Self.reportDTO(try await IncidentService.requestSignoff(report, incident, target: input.toUnitId, ctx: req.context()), incident, req)
    }

    func sign(req: Request) async throws -> ReportDTO {
        let (report, incident) = try await IncidentQuery.visibleReport(try req.uuidParameter(), ctx: req.context())
        let input = (try? req.content.decode(SubmitInput.self)) ?? SubmitInput()
        return try Self.reportDTO(try await IncidentService.sign(report, incident, target: input.toUnitId, ctx: req.context()), incident, req)
    }

    func approve(req: Request) async throws -> ReportDTO {
        let (report, incident) = try await IncidentQuery.visibleReport(try req.uuidParameter(), ctx: req.context())
        return try Self.reportDTO(try await IncidentService.approve(report, incident, ctx: req.context()), incident, req)
    }

    func acknowledge(req: Request) async throws -> ReportDTO {
        let (report, incident) = try await IncidentQuery.visibleReport(try req.uuidParameter(), ctx: req.context())
        return try Self.reportDTO(try await IncidentService.acknowledge(report, incident, ctx: req.context()), incident, req)
    }

    func returnReport(req: Request) async throws -> ReportDTO {
        let (report, incident) = try await IncidentQuery.visibleReport(try req.uuidParameter(), ctx: req.context())
        let input = try req.content.decode(ReturnReportInput.self)
        return try Self.reportDTO(try await IncidentService.returnForCorrection(report, incident, reason: input.reason, ctx: req.context()), incident, req)
    }

    func correct(req: Request) async throws -> ReportDTO {
        let (report, incident) = try await IncidentQuery.visibleReport(try req.uuidParameter(), ctx: req.context())
        let input = try req.content.decode(ReportCorrectionInput.self)
        return try Self.reportDTO(try await IncidentService.correct(report, incident, input, ctx: req.context()), incident, req)
    }

    func versions(req: Request) async throws -> [ReportVersionDTO] {
        let (report, _) = try await IncidentQuery.visibleReport(try req.uuidParameter(), ctx: req.context())
        return try await IncidentService.versions(of: [report.id!], on: req.db)[report.id!, default: []].map(ReportVersionDTO.init)
    }

    func board(req: Request) async throws -> BoardDTO {
        try await IncidentQuery.board(ctx: req.context())
    }

    func events(req: Request) async throws -> Response {
        LiveStream.response(for: req, path: try req.requireActor().unitPath)
    }

    struct KindDTO: Content {
        var id: String
        var title: String
        var incidentClass: IncidentClass
        var classTitle: String
        var eventTypeCode: String
        var productionSafety: Bool
    }

    func kinds(req: Request) async throws -> [KindDTO] {
        IncidentCatalog.kinds.map {
            KindDTO(
                id: $0.id, title: $0.title, incidentClass: $0.incidentClass, classTitle: $0.incidentClass.title, eventTypeCode: $0.eventTypeCode,
                productionSafety: $0.isProductionSafetyAccident)
        }
    }
}
