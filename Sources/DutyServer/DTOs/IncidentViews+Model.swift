import DutyCore
import Fluent
import Foundation

extension IncidentPageView {
    /// The incident page for the actor: the record with its clocks, reports and the steps the
    /// actor can take on each, the case's timeline, attachments and the next report form.
    /// `typed`: a refused report form, shown again as the officer filled it in.
    static func build(_ incident: Incident, error: String?, typed: [String: String]?, ctx: ServiceContext) async throws -> IncidentPageView {
        let actor = ctx.actor
        guard let dto = try await IncidentQuery.dtos([incident], withReports: true, ctx: ctx).first else { throw DutyError.notFound("该事件") }
        let isOwn = incident.$unit.id == actor.unit.id
        let reports = dto.reports ?? []
        let targets = try await OrgUnit.query(on: ctx.db).filter(\.$id ~~ incident.unit.unitPath.ids.dropLast().compactMap(UUID.init(uuidString:))).all()
            .sorted { $0.unitPath.depth > $1.unitPath.depth }
        let names = Dictionary(uniqueKeysWithValues: targets.map { ($0.id!, $0.name) })
        let versions = try await IncidentService.versions(of: reports.map(\.id), on: ctx.db)
        let timeline = try await IncidentQuery.timeline(caseID: incident.caseID, ctx: ctx)
        let people = try await AccountNames.titled(
            reports.flatMap { [$0.createdBy, $0.signedBy ?? "", $0.approvedBy ?? "", $0.acknowledgedBy ?? ""] } + timeline.map(\.actor), on: ctx.db)
        let full = reports.map { r in
            ReportFullView(
                id: r.id.uuidString, kindTitle: r.kindTitle, sequence: r.sequence, status: r.status.rawValue, statusTitle: r.statusTitle, body: r.body,
                changes: r.changes,
                changeReason: r.changeReason, needsApproval: r.needsApproval, createdBy: people.person(r.createdBy),
                createdText: IncidentsWebController.time(r.createdAt),
                signedBy: people.person(r.signedBy),
                signedText: IncidentsWebController.time(r.signedAt), approvedBy: people.person(r.approvedBy),
                approvedText: IncidentsWebController.time(r.approvedAt),
                submittedText: IncidentsWebController.time(r.submittedAt),
                submittedTo: r.submittedToUnitId.flatMap { names[$0] } ?? "", acknowledgedBy: people.person(r.acknowledgedBy),
                acknowledgedText: IncidentsWebController.time(r.acknowledgedAt),
                canRequestSignoff: r.actions.contains(.requestSignoff), canSign: r.actions.contains(.sign),
                canApprove: r.actions.contains(.approve), canAcknowledge: r.actions.contains(.acknowledge),
                canReturn: r.actions.contains(.returnForCorrection), canCorrect: r.actions.contains(.correct),
                versions: (versions[r.id] ?? []).map {
                    ReportVersionView(
                        number: $0.number, body: $0.body, returnedBy: $0.returnedByName, returnedText: IncidentsWebController.time($0.returnedAt),
                        reason: $0.reason, corrected: $0.correctedAt != nil)
                },
                returnNote: r.status == .returned
                    ? (versions[r.id]?.last).map { "\($0.returnedByName)于\(IncidentsWebController.time($0.returnedAt, "MM-dd HH:mm"))退回修改，原因：\($0.reason)" }
                        ?? ""
                    : "")
        }
        let unitNames = Dictionary(
            uniqueKeysWithValues: try await OrgUnit.query(on: ctx.db).filter(\.$id ~~ Array(Set(timeline.map(\.unitId)))).all().map { ($0.id!, $0.name) })
        // A received case with no own report yet starts from the report it was received with.
        let source = reports.isEmpty && isOwn ? try await IncidentService.sourceReport(for: incident, on: ctx.db) : nil
        var last = reports.last?.elements ?? source?.reportElements ?? ReportElements()
        last.unitName = incident.unit.name
        func n(_ v: Int?) -> String { v.map(String.init) ?? "" }
        var previous = LastFigures(
            event: last.event, dead: n(last.casualties.dead), missing: n(last.casualties.missing), injured: n(last.casualties.injured),
            trapped: n(last.casualties.trapped), lossWan: last.propertyLossYuan.map { String(format: "%g", Double($0) / 10_000) } ?? "",
            cause: last.cause, measures: last.measures, trend: last.trend, impact: last.impact)
        previous.seriousInjuries = n(last.casualties.seriousInjuries)
        let attachments = try await AttachmentService.list(incident, on: ctx.db).map {
            AttachmentRowView(
                id: $0.id.uuidString, fileName: $0.fileName, sizeText: $0.sizeText, uploadedBy: $0.uploadedBy,
                uploadedText: IncidentsWebController.time($0.uploadedAt))
        }
        let final = reports.contains { $0.kind == .final }
        let nextKinds: [SelectOption] =
            reports.isEmpty
            ? [SelectOption(value: "first", label: "首报", selected: true)]
            : final
                ? []
                : [
                    SelectOption(value: "follow_up", label: "续报", selected: typed?["kind"] != "final"),
                    SelectOption(value: "final", label: "终报", selected: typed?["kind"] == "final"),
                ]
        var view = IncidentPageView(
            incident: IncidentsWebController.row(dto, actor: actor), placeDetail: incident.placeDetail, levelReason: incident.levelReason,
            notifiedText: IncidentsWebController.time(incident.notifiedAt), responseEndedText: IncidentsWebController.time(incident.responseEndedAt),
            reports: full,
            timeline: timeline.map {
                TimelineRowView(
                    atText: IncidentsWebController.time($0.at, "yyyy-MM-dd HH:mm:ss"), unitName: unitNames[$0.unitId] ?? "", actor: people.person($0.actor),
                    kind: $0.kind,
                    detail: $0.detail)
            },
            isOwn: isOwn, canReport: isOwn && actor.can(.reportIncidents) && !final,
            canNotify: isOwn && incident.notifiedAt == nil && actor.can(.reportIncidents),
            canEndResponse: isOwn && incident.responseEndedAt == nil && actor.can(.reportIncidents), nextKinds: nextKinds,
            last: typed.map { f in
                LastFigures(
                    event: f["event"] ?? "", dead: f["dead"] ?? "", missing: f["missing"] ?? "", injured: f["injured"] ?? "",
                    seriousInjuries: f["seriousInjuries"] ?? "", trapped: f["trapped"] ?? "", lossWan: f["lossWan"] ?? "", cause: f["cause"] ?? "",
                    measures: f["measures"] ?? "", trend: f["trend"] ?? "", impact: f["impact"] ?? "")
            } ?? previous, previous: previous,
            typed: TypedReport(changeReason: typed?["changeReason"] ?? "", body: typed?["body"] ?? "", sensitive: typed?["sensitive"] == "on"),
            attachments: attachments, canAttach: isOwn && incident.information.allowsAttachments && actor.can(.reportIncidents),
            targets: targets.map { SelectOption(value: $0.id!.uuidString, label: $0.name, selected: $0.id == incident.unit.parentID) }, error: error)
        // A refused form comes back with its token: saved again after the fix, it is still one report.
        if let once = typed?["_once"] { view.once = once }
        let chain = try await IncidentService.chain(caseID: incident.caseID, on: ctx.db)
        let chainNames = Dictionary(chain.map { ($0.unitID, $0.unitName) }, uniquingKeysWith: { a, _ in a })
        let mine = incident.$unit.id.uuidString
        view.backflowNotes = Escalation.backflows(chain: chain).compactMap { f in
            if f.againstUnitID == mine { return f.subordinateNote(superiorName: chainNames[f.superiorUnitID] ?? "上级") }
            if f.superiorUnitID == mine { return f.superiorNote(subordinateName: chainNames[f.againstUnitID] ?? "下级") }
            return nil
        }
        if let source, typed == nil {
            let from = try await Incident.find(source.$incident.id, on: ctx.db)
            let fromName = try await from.asyncMap { try await OrgUnit.find($0.$unit.id, on: ctx.db)?.name } ?? nil
            view.prefillNote = "已按\(fromName ?? "下级")报送的\(source.reportKind.title)预填本级首报，请核对、补充后保存"
            view.prefillBody = ReportDrafter.draft(kind: .first, elements: last)
        }
        view.draftKindID = incident.kindID
        view.draftPlaceUnitID = incident.placeUnitID?.uuidString ?? ""
        view.draftOccurredISO = incident.occurredAt.map { AuditChain.timestamp($0) } ?? ""
        view.nextSequence = (reports.map(\.sequence).max() ?? 0) + 1
        view.policyDetail = "未设置报送时限规则"
        if let p = try await IncidentQuery.policy(of: incident, on: ctx.db) {
            let owner = p.ownerID == incident.$unit.id ? "本单位" : (try await OrgUnit.find(p.ownerID, on: ctx.db))?.name ?? ""
            view.policyDetail =
                "《\(p.policy.name)》第\(p.version.version)版（\(owner)设定，\(ShanghaiTime.format(p.version.effectiveFrom, "yyyy-MM-dd HH:mm"))起施行；按本级接报时适用的版本计时，此后不变）"
        }
        return view
    }
}
