import DutyCore
import Fluent
import Vapor

struct IncidentsWebController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        let read = routes.guarded(.readIncidents)
        read.get("board", use: board)
        read.get("board", "live", use: boardLive)
        // The wall display reads the stream too: the one thing it shares with the desk.
        routes.guarded(.watchBoard).on(.GET, "board", "events", body: .stream, use: events)
        read.get("incidents", ":id", use: show)
        read.get("reports", ":id", "print", use: printReport)
        let report = routes.guarded(.reportIncidents)
        report.get("incidents", "new", use: newForm)
        report.post("incidents", use: create)
        report.post("incidents", ":id", "reports", use: addReport)
        report.on(
            .POST, "incidents", ":id", "attachments", body: .collect(maxSize: ByteCount(value: AttachmentPolicy.maxBytes + 64 * 1024)), use: addAttachment)
        report.post("incidents", ":id", "notified", use: notified)
        report.post("incidents", ":id", "response-ended", use: responseEnded)
        report.post("reports", ":id", "request-signoff", use: requestSignoff)
        report.post("reports", ":id", "acknowledge", use: acknowledge)
        routes.guarded(.signOffReports).post("reports", ":id", "sign", use: sign)
        report.post("reports", ":id", "correct", use: correct)
        // The signing leader or the approving office: the workflow decides which.
        routes.guarded(nil).post("reports", ":id", "return", use: returnReport)
        routes.guarded(.approveReports).post("reports", ":id", "approve", use: approve)
    }

    // MARK: views

    static func time(_ d: Date?, _ pattern: String = "MM-dd HH:mm:ss") -> String { d.map { ShanghaiTime.format($0, pattern) } ?? "" }

    static func clocks(_ c: [ClockDTO], canNotify: Bool) -> [ClockView] {
        c.map {
            ClockView(
                key: $0.key, title: $0.title, status: $0.status, statusTitle: $0.statusTitle, dueText: time($0.dueAt, "MM-dd HH:mm:ss"),
                dueISO: $0.dueAt.map { AuditChain.timestamp($0) } ?? "", doneText: time($0.doneAt, "MM-dd HH:mm:ss"), seconds: $0.seconds ?? 0,
                source: $0.source, caseWide: $0.caseWide, waitingText: $0.waitingText ?? "", canNotify: canNotify && $0.action == "notify")
        }
    }

    /// One chip per rule: a repeating rule shows its most urgent occurrence (an overdue one
    /// before the next due), the rest go to the history the incident page lists.
    static func collapsed(_ clocks: [ClockView], dtos: [ClockDTO]) -> (shown: [ClockView], history: [ClockView]) {
        var shown: [ClockView] = []
        var history: [ClockView] = []
        var seen: [String: Int] = [:]
        for (view, dto) in zip(clocks, dtos) {
            guard dto.occurrence != nil else {
                shown.append(view)
                continue
            }
            if let at = seen[dto.ruleId] {
                if view.status.urgency < shown[at].status.urgency {
                    history.append(shown[at])
                    shown[at] = view
                } else {
                    history.append(view)
                }
            } else {
                seen[dto.ruleId] = shown.count
                shown.append(view)
            }
        }
        return (shown, history)
    }

    static func row(_ i: IncidentDTO, actor: Actor) -> IncidentRowView {
        let canNotify = i.unitId == actor.unit.id && i.notifiedAt == nil && actor.can(.reportIncidents)
        let (clocks, history) = collapsed(clocks(i.clocks, canNotify: canNotify), dtos: i.clocks)
        let worst = ClockStatus.Kind.mostUrgent(clocks.map(\.status))
        return IncidentRowView(
            id: i.id.uuidString, caseID: i.caseId.uuidString, title: i.title, unitName: i.unitName, isOwn: i.unitId == actor.unit.id,
            kindTitle: i.kindTitle, level: i.level.rawValue, levelTitle: i.levelTitle, infoTypeTitle: i.infoType.title,
            channelTitle: i.sourceChannel.title, receivedText: time(i.receivedAt), occurredText: time(i.occurredAt), classified: i.classified,
            policy: i.policy ?? "未设置报送时限规则", clocks: clocks, history: history, worstStatus: worst, worstTitle: worst.title)
    }

    static func reportRow(_ r: ReportDTO, incident: Incident?, unitName: String, wait: QueueWait? = nil) -> ReportRowView {
        let ack = r.status == .submitted ? r.acknowledgement : nil
        var row = ReportRowView(
            id: r.id.uuidString, incidentID: r.incidentId.uuidString, incidentTitle: incident?.title ?? "", unitName: unitName, kindTitle: r.kindTitle,
            sequence: r.sequence, status: r.status.rawValue, statusTitle: r.statusTitle, createdText: time(r.createdAt), submittedText: time(r.submittedAt),
            excerpt: String(r.body.prefix(80)), classified: incident?.classified ?? false, ackStage: ack?.stage.rawValue ?? "",
            ackTitle: ack?.stageTitle ?? "", ackDueISO: ack.map { AuditChain.timestamp($0.dueAt) } ?? "", canSign: r.actions.contains(.sign),
            canApprove: r.actions.contains(.approve), canAcknowledge: r.actions.contains(.acknowledge))
        if let wait {
            row.waitText = wait.text
            row.waitTone = wait.tone.rawValue
        }
        return row
    }

    /// The incident records of the reports a board lists, with their units, by id.
    static func incidents(of reports: [ReportDTO], on db: any Database) async throws -> [UUID: Incident] {
        let found = try await Incident.query(on: db).filter(\.$id ~~ Array(Set(reports.map(\.incidentId)))).with(\.$unit).all()
        return Dictionary(uniqueKeysWithValues: found.map { ($0.id!, $0) })
    }

    /// The earliest deadline still open on the incident: what a report waiting for sign-off or
    /// approval races against.
    static func nextDeadline(_ clocks: [ClockDTO]) -> Date? {
        clocks.filter { $0.doneAt == nil }.compactMap(\.dueAt).min()
    }

    func boardView(_ req: Request) async throws -> BoardPageView {
        let actor = try req.requireActor()
        let b = try await IncidentQuery.board(ctx: req.context())
        let byID = try await Self.incidents(of: b.awaitingAcknowledgement + b.awaitingSignoff + b.awaitingApproval, on: req.db)
        // What each waits for: 签收 its acknowledgement limit; 签发 and 核准 the incident's next deadline.
        let approvalClocks = try await IncidentQuery.dtos(
            b.awaitingApproval.compactMap { byID[$0.incidentId] }, withReports: false, ctx: req.context())
        var deadline: [UUID: Date] = [:]
        for i in b.incidents + approvalClocks { deadline[i.id] = Self.nextDeadline(i.clocks) }
        func rows(_ list: [ReportDTO], _ wait: (ReportDTO) -> QueueWait) -> [ReportRowView] {
            list.map { Self.reportRow($0, incident: byID[$0.incidentId], unitName: byID[$0.incidentId]?.unit.name ?? "", wait: wait($0)) }
        }
        let now = req.now
        let onDuty = actor.can(.viewRoster) ? RostersWebController.onDutyRows(try await RosterService.onDuty(under: actor.unit, ctx: req.context())) : []
        let caseRecords = try await Incident.query(on: req.db).filter(\.$caseID ~~ b.backfillTasks.map(\.caseId)).with(\.$unit).all()
        let backfill = b.backfillTasks.map { t in
            BackfillRowView(
                caseID: t.caseId.uuidString, incidentID: caseRecords.first { $0.caseID == t.caseId && actor.sees($0.unit.unitPath) }?.id?.uuidString,
                unitName: t.unitName, reason: t.reason, dueText: Self.time(t.dueAt), dueISO: AuditChain.timestamp(t.dueAt), overdue: t.dueAt <= req.now)
        }
        let locked = try await UserAccount.query(on: req.db).filter(\.$unit.$id == actor.unit.id!).filter(\.$lockedUntil > req.now).sort(\.$username)
            .limit(20).all()
        var view = BoardPageView(
            incidents: b.incidents.map { Self.row($0, actor: actor) },
            inbox: rows(b.awaitingAcknowledgement) { QueueWait.of(since: $0.submittedAt ?? $0.createdAt, due: $0.acknowledgement?.dueAt, now: now) },
            signoff: rows(b.awaitingSignoff) { QueueWait.of(since: $0.createdAt, due: deadline[$0.incidentId], now: now) },
            approval: rows(b.awaitingApproval) { QueueWait.of(since: $0.signedAt ?? $0.createdAt, due: deadline[$0.incidentId], now: now) }, backfill: backfill,
            canReport: actor.can(.reportIncidents), generatedText: ShanghaiTime.format(req.now),
            onDuty: onDuty, showOnDuty: actor.can(.viewRoster),
            desk: actor.can(.keepDutyLog) ? try await DutyDeskWebController.boardDesk(req) : nil)
        view.queues = BoardQueue.order(signs: actor.can(.signOffReports), approves: actor.can(.approveReports) && actor.unit.approvesFor != nil)
        view.lockedAccounts = locked.map { "\($0.displayName)（\($0.username)，锁定至\(ShanghaiTime.format($0.lockedUntil!, "HH:mm"))）" }
        return view
    }

    func board(req: Request) async throws -> Response {
        try await req.page("board", title: "值班看板", nav: "board", try await boardView(req))
    }

    /// The live part of the board alone, fetched by the page when an event arrives.
    func boardLive(req: Request) async throws -> Response {
        try await req.page("board_live", title: "", nav: "board", try await boardView(req))
    }

    func events(req: Request) async throws -> Response {
        LiveStream.response(for: req, path: try req.requireActor().unitPath)
    }

    // MARK: new incident

    static func newView(_ req: Request, error: String?, missing: [String], form: [String: String]) async throws -> NewIncidentView {
        let units = try await req.context().visibleUnits(includeInactive: false).filter { $0.unitKind.requiresDivisionCode || $0.parentID == nil }
        let groups = IncidentClass.allCases.map { c in
            KindGroup(
                title: c.title,
                kinds: IncidentCatalog.kinds.filter { $0.incidentClass == c }.map {
                    SelectOption(value: $0.id, label: $0.title, selected: $0.id == form["kindId"])
                })
        }
        let channels = SourceChannel.allCases.filter { $0 != .system }.map {
            SelectOption(value: $0.rawValue, label: $0.title, selected: $0.rawValue == (form["sourceChannel"] ?? "phone"))
        }
        let levels = IncidentLevel.allCases.map { SelectOption(value: $0.rawValue, label: $0.title, selected: $0.rawValue == form["level"]) }
        let infoTypes = InformationType.allCases.map {
            SelectOption(value: $0.rawValue, label: $0.title, selected: $0.rawValue == (form["infoType"] ?? InformationType.incident.rawValue))
        }
        return NewIncidentView(
            groups: groups, places: WebRows.unitOptions(units, selected: form["placeUnitId"]), channels: channels, levels: levels, infoTypes: infoTypes,
            nowLocal: ShanghaiTime.format(req.now, "yyyy-MM-dd'T'HH:mm"), error: error, missing: missing, form: form)
    }

    func newForm(req: Request) async throws -> Response {
        var form: [String: String] = [:]
        // A call in the duty log becomes the first report: its time is the receipt time.
        if let logID = req.query[String.self, at: "fromLog"].flatMap(UUID.init(uuidString:)) {
            let p = DutyLogService.prefill(try await DutyLogService.visible(logID, ctx: req.context()).0)
            form = [
                "receivedAt": ShanghaiTime.format(p.receivedAt, "yyyy-MM-dd'T'HH:mm"), "event": p.event, "sourceChannel": p.sourceChannel.rawValue,
                "fromLog": logID.uuidString, "fromLogNote": "来自值班日志：\(ShanghaiTime.format(p.receivedAt, "yyyy-MM-dd HH:mm")) \(p.callerText)",
            ]
            if p.classified { form["classified"] = "on" }
        }
        return try await req.page("incident_new", title: "接报登记", nav: "board", try await Self.newView(req, error: nil, missing: [], form: form))
    }

    static func int(_ s: String?) throws -> Int? {
        guard let s = s?.trimmingCharacters(in: .whitespaces), !s.isEmpty else { return nil }
        guard let v = Int(s) else { throw DutyError.invalid("人数应填写整数：\(s)") }
        return v
    }

    /// 万元 in the form; yuan in the record.
    static func lossYuan(_ s: String?) throws -> Int? {
        guard let s = s?.trimmingCharacters(in: .whitespaces), !s.isEmpty else { return nil }
        guard let v = Double(s), v >= 0 else { throw DutyError.invalid("直接经济损失应填写万元数：\(s)") }
        return Int((v * 10_000).rounded())
    }

    /// The report elements of the intake form or the report form (the loss in 万元).
    static func elements(_ form: [String: String], eventRequired: Bool) throws -> ReportElementsInput {
        ReportElementsInput(
            event: eventRequired ? (form["event"] ?? "") : form["event"], dead: try int(form["dead"]), missing: try int(form["missing"]),
            injured: try int(form["injured"]), trapped: try int(form["trapped"]), propertyLossYuan: try lossYuan(form["lossWan"]),
            impact: form["impact"], cause: form["cause"], measures: form["measures"], trend: form["trend"],
            seriousInjuries: try int(form["seriousInjuries"]))
    }

    static func date(_ s: String?, _ label: String) throws -> Date? {
        guard let s = s?.trimmingCharacters(in: .whitespaces), !s.isEmpty else { return nil }
        guard let d = ShanghaiTime.parse(s) else { throw DutyError.invalid("\(label)格式不对：\(s)") }
        return d
    }

    func create(req: Request) async throws -> Response {
        let form = try req.content.decode([String: String].self)
        var created: Incident?
        var missing: [String] = []
        let error = try await req.attempt {
            do {
                let input = NewIncidentInput(
                    infoType: form["infoType"], kindId: form["kindId"] ?? "", title: form["title"],
                    level: form["level"].flatMap { IncidentLevel(rawValue: $0) }, levelReason: form["levelReason"],
                    placeUnitId: form["placeUnitId"].flatMap { UUID(uuidString: $0) }, placeDetail: form["placeDetail"] ?? "",
                    occurredAt: try Self.date(form["occurredAt"], "事发时间"), receivedAt: try Self.date(form["receivedAt"], "接报时间"),
                    sourceChannel: SourceChannel(rawValue: form["sourceChannel"] ?? "") ?? .phone, classified: form["classified"] == "on",
                    sensitive: form["sensitive"] == "on", seriousInjuries: try Self.int(form["seriousInjuries"]),
                    elements: try Self.elements(form, eventRequired: true), body: form["body"],
                    attachToCaseId: form["attachToCaseId"].flatMap { UUID(uuidString: $0) })
                let once = try SubmissionOnce.key(form["_once"], operation: "createIncident", actor: try req.requireActor())
                created = try await IncidentService.create(input, once: once, ctx: req.context()).incident
            } catch let e as any DutyFailure {
                missing = e.details.map(\.message)
                throw e
            }
        }
        if let created {
            if let logID = form["fromLog"].flatMap(UUID.init(uuidString:)) { try await DutyLogService.link(logID, to: created, ctx: req.context()) }
            return req.redirect(to: "/incidents/\(created.id!.uuidString)")
        }
        var kept = form
        kept["_csrf"] = nil
        return try await req.page(
            "incident_new", title: "接报登记", nav: "board", try await Self.newView(req, error: error?.message, missing: missing, form: kept),
            status: error?.status ?? .unprocessableEntity)
    }

    // MARK: incident page

    func show(req: Request) async throws -> Response {
        let incident = try await IncidentQuery.visibleIncident(try req.uuidParameter(), ctx: req.context())
        return try await render(req, incident, error: nil, status: .ok)
    }

    /// `typed`: a refused report form, shown again as the officer filled it in.
    func render(_ req: Request, _ incident: Incident, error: String?, status: HTTPResponseStatus, typed: [String: String]? = nil) async throws -> Response {
        let view = try await IncidentPageView.build(incident, error: error, typed: typed, ctx: req.context())
        return try await req.page("incident", title: incident.title, nav: "board", view, status: status)
    }

    func back(_ req: Request, _ incident: Incident, _ action: () async throws -> Void) async throws -> Response {
        if let error = try await req.attempt(action) {
            return try await render(req, try await IncidentQuery.visibleIncident(incident.id, ctx: req.context()), error: error.message, status: error.status)
        }
        return req.redirect(to: "/incidents/\(incident.id!.uuidString)")
    }

    func addReport(req: Request) async throws -> Response {
        let incident = try await IncidentQuery.visibleIncident(try req.uuidParameter(), ctx: req.context())
        let form = try req.content.decode([String: String].self)
        let error = try await req.attempt {
            let input = NewReportInput(
                kind: ReportKind(rawValue: form["kind"] ?? "") ?? .followUp, elements: try Self.elements(form, eventRequired: false), body: form["body"],
                changeReason: form["changeReason"], sensitive: form["sensitive"] == "on")
            let once = try SubmissionOnce.key(form["_once"], operation: "createReport:\(incident.id!.uuidString)", actor: try req.requireActor())
            _ = try await IncidentService.addReport(incident, input, once: once, ctx: req.context())
        }
        if let error {
            return try await render(
                req, try await IncidentQuery.visibleIncident(incident.id, ctx: req.context()), error: error.message, status: error.status, typed: form)
        }
        return req.redirect(to: "/incidents/\(incident.id!.uuidString)")
    }

    /// An attachment for 普通信息, from the incident page's upload form.
    func addAttachment(req: Request) async throws -> Response {
        let incident = try await IncidentQuery.visibleIncident(try req.uuidParameter(), ctx: req.context())
        return try await back(req, incident) {
            guard let upload = try? req.content.decode(AttachmentUpload.self), upload.file.data.readableBytes > 0 else {
                throw DutyError.field("file", "请选择要上传的文件")
            }
            _ = try await AttachmentService.add(to: incident, fileName: upload.file.filename, data: upload.file.data, ctx: req.context())
        }
    }

    func notified(req: Request) async throws -> Response {
        let incident = try await IncidentQuery.visibleIncident(try req.uuidParameter(), ctx: req.context())
        let form = try req.content.decode([String: String].self)
        return try await back(req, incident) { try await IncidentService.markNotified(incident, at: try Self.date(form["at"], "报告时间"), ctx: req.context()) }
    }

    func responseEnded(req: Request) async throws -> Response {
        let incident = try await IncidentQuery.visibleIncident(try req.uuidParameter(), ctx: req.context())
        return try await back(req, incident) { try await IncidentService.endResponse(incident, ctx: req.context()) }
    }

    func reportAction(_ req: Request, _ act: @escaping (Report, Incident, [String: String]) async throws -> Void) async throws -> Response {
        let (report, incident) = try await IncidentQuery.visibleReport(try req.uuidParameter(), ctx: req.context())
        let form = (try? req.content.decode([String: String].self)) ?? [:]
        let error = try await req.attempt { try await act(report, incident, form) }
        // The approving office and the receiver go back to their board; the holder to the incident.
        let actor = try req.requireActor()
        if error == nil && incident.$unit.id != actor.unit.id && !actor.sees(incident.unit.unitPath) { return req.redirect(to: "/board") }
        if let error { return try await render(req, incident, error: error.message, status: error.status) }
        return req.redirect(to: "/incidents/\(incident.id!.uuidString)")
    }

    func target(_ form: [String: String]) -> UUID? { form["toUnitId"].flatMap { UUID(uuidString: $0) } }

    func requestSignoff(req: Request) async throws -> Response {
        try await reportAction(req) { r, i, f in _ = try await IncidentService.requestSignoff(r, i, target: target(f), ctx: req.context()) }
    }

    func returnReport(req: Request) async throws -> Response {
        try await reportAction(req) { r, i, f in _ = try await IncidentService.returnForCorrection(r, i, reason: f["reason"], ctx: req.context()) }
    }

    func correct(req: Request) async throws -> Response {
        try await reportAction(req) { r, i, f in
            _ = try await IncidentService.correct(r, i, ReportCorrectionInput(elements: ReportElementsInput(), body: f["body"]), ctx: req.context())
        }
    }

    func sign(req: Request) async throws -> Response {
        try await reportAction(req) { r, i, f in _ = try await IncidentService.sign(r, i, target: target(f), ctx: req.context()) }
    }

    func approve(req: Request) async throws -> Response {
        try await reportAction(req) { r, i, _ in _ = try await IncidentService.approve(r, i, ctx: req.context()) }
    }

    /// 签收 lands the officer on the unit's own record of the case, where its own report is
    /// written next (pre-filled from the one just received).
    func acknowledge(req: Request) async throws -> Response {
        var caseID: UUID?
        let res = try await reportAction(req) { r, i, _ in
            _ = try await IncidentService.acknowledge(r, i, ctx: req.context())
            caseID = i.caseID
        }
        let actor = try req.requireActor()
        guard res.status == .seeOther, let caseID,
            let own = try await Incident.query(on: req.db).filter(\.$caseID == caseID).filter(\.$unit.$id == actor.unit.id!).first()
        else { return res }
        return req.redirect(to: "/incidents/\(own.id!.uuidString)#next-report")
    }

    func printReport(req: Request) async throws -> Response {
        let (report, incident) = try await IncidentQuery.visibleReport(try req.uuidParameter(), ctx: req.context())
        let unit = try await incident.$unit.get(on: req.db)
        let to = try await report.submittedToUnitID.asyncMap { try await OrgUnit.find($0, on: req.db) } ?? nil
        let people = try await AccountNames.titled([report.createdBy, report.signedBy ?? ""], on: req.db)
        let view = PrintView(
            unitName: unit.name, kindTitle: report.reportKind.title, sequence: report.sequence, incidentTitle: incident.title,
            levelTitle: incident.incidentLevel.title,
            classified: incident.classified, body: report.body, signedBy: people.person(report.signedBy),
            signedText: Self.time(report.signedAt, "yyyy年MM月dd日HH时mm分"),
            submittedTo: to?.name ?? "", submittedText: Self.time(report.submittedAt, "yyyy年MM月dd日HH时mm分"), createdBy: people.person(report.createdBy),
            printedText: ShanghaiTime.format(req.now))
        try await req.write { db in try await req.audit("report.print", "report", report.id!.uuidString, on: db) }
        return try await req.page("report_print", title: "\(report.reportKind.title)：\(incident.title)", nav: "board", view)
    }
}
