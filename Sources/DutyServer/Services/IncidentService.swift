import DutyCore
import Fluent
import Foundation
import Vapor

/// Incident intake, reports and their route up the chain. Rules come from DutyCore
/// (completeness, level suggestion, drafting, clocks, escalation); this file records and
/// routes.
enum IncidentService {
    /// S002: skipped levels back-fill "及时"; DutyRoom gives them 30 minutes, the same as the
    /// written-report rule after a phone report.
    static let backfillMinutes = 30

    // MARK: elements

    static func placeName(_ unitID: UUID?, on db: any Database, cache: ReadCache? = nil) async throws -> String {
        guard let unitID else { return "" }
        guard let cache else { return try await lookupPlaceName(unitID, on: db) }
        return try await cache.value("place:\(unitID)") { try await lookupPlaceName(unitID, on: db) } ?? ""
    }

    private static func lookupPlaceName(_ unitID: UUID, on db: any Database) async throws -> String {
        guard let unit = try await OrgUnit.find(unitID, on: db) else { return "" }
        // "许昌市建安区" from the division codes, not the bureau's name.
        let chain = try await OrgUnit.query(on: db).filter(\.$id ~~ unit.unitPath.ids.compactMap(UUID.init(uuidString:))).all()
            .sorted { $0.unitPath.depth < $1.unitPath.depth }
        return chain.filter { $0.unitKind.requiresDivisionCode && $0.unitKind != .emergencyProvince }
            .map { DivisionName.of(bureau: $0.name) }.joined()
    }

    static func requireComplete(_ kind: ReportKind, _ e: ReportElements) throws {
        let missing = ReportCompleteness.missing(for: kind, e)
        if !missing.isEmpty {
            throw DutyError.invalid(ReportCompleteness.summary(for: kind, missing), details: missing.map { .init(field: $0.field, message: $0.message) })
        }
    }

    static func suggestion(kind: IncidentKind?, _ e: ReportElements, seriousInjuries: Int?) -> AccidentLevel.Suggestion? {
        guard let kind, kind.isProductionSafetyAccident else { return nil }
        let c = e.casualties
        guard c.dead != nil || c.injured != nil || seriousInjuries != nil || e.propertyLossYuan != nil else { return nil }
        return AccidentLevel.suggest(deaths: c.dead ?? 0, seriousInjuries: seriousInjuries ?? c.injured ?? 0, directLossYuan: e.propertyLossYuan ?? 0)
    }

    // MARK: create

    /// The intake's own fields besides the report's elements: the type and the channel. The
    /// save refuses with these, and the form's list of what is missing says the same.
    static func intakeIssues(kindID: String?, sourceChannel: SourceChannel?) -> (IncidentKind?, [FieldIssue]) {
        var issues: [FieldIssue] = []
        let id = (kindID ?? "").trimmingCharacters(in: .whitespaces)
        let kind = IncidentCatalog.kind(id: id)
        if id.isEmpty {
            issues.append(FieldIssue("kindId", "请选择事件类型"))
        } else if kind == nil {
            issues.append(FieldIssue("kindId", "未知的事件类型：\(id)"))
        }
        if sourceChannel == nil { issues.append(FieldIssue("sourceChannel", "请选择接报方式（电话、传真、网络等）")) }
        return (kind, issues)
    }

    static let levelMissing = FieldIssue("level", "请选择事件级别（特别重大、重大、较大、一般）")

    /// The level: chosen, or suggested from the casualties; a choice other than the suggestion
    /// needs its reason (LevelDecision).
    static func levelIssue(suggested: AccidentLevel.Suggestion?, chosen: IncidentLevel?, reason: String?) -> FieldIssue? {
        guard let suggested else { return chosen == nil ? levelMissing : nil }
        guard let chosen else { return nil }
        if case .failure(let err) = LevelDecision.decide(suggested: suggested.level, chosen: chosen, reason: reason) {
            return FieldIssue("levelReason", err.message)
        }
        return nil
    }

    /// `once`: the submission's key (`SubmissionOnce`); a repeat answers with the first record.
    static func create(_ i: NewIncidentInput, once: String? = nil, ctx: ServiceContext) async throws -> IncidentQuery.Clocked {
        let actor = ctx.actor
        let now = ctx.now
        if let once, let earlier = try await SubmissionOnce.existing(once, on: ctx.db) { return try await repeated(earlier, ctx: ctx) }
        // Every problem of the form at once, each rule from DutyCore.
        var (kind, issues) = intakeIssues(kindID: i.kindId, sourceChannel: i.sourceChannel)
        guard let infoType = InformationType(rawValue: i.infoType ?? InformationType.incident.rawValue) else {
            throw DutyError.field("infoType", "信息类型应为 " + InformationType.allCases.map { "\($0.rawValue)（\($0.title)）" }.joined(separator: "、"))
        }
        var placeUnit: OrgUnit?
        if let pid = i.placeUnitId { placeUnit = try await ctx.visibleUnit(pid, forReading: true) }
        let place = try await placeName(placeUnit?.id ?? actor.unit.id, on: ctx.db, cache: ctx.app.readCache)
        func text(_ v: String?, _ f: ReportField) -> String { f.checked(v, into: &issues) }
        var e = ReportElements(unitName: actor.unit.name, occurredAt: i.occurredAt, placeDivision: place, placeDetail: text(i.placeDetail, .placeDetail))
        switch i.elements.applied(to: e) {
        case .success(let applied): e = applied
        case .failure(let f): issues += f.issues
        }
        // Receipt may be recorded as earlier than now (the call came a few minutes ago) but never later.
        let receivedAt = i.receivedAt ?? now
        issues += ReportInputRules.times(occurredAt: i.occurredAt, receivedAt: receivedAt, now: now)
        // Serious injuries decide the level and are said in the report ("其中2人重伤"); the
        // elements check them when given there, as the JSON API does.
        if i.elements.seriousInjuries == nil {
            if let issue = ReportInputRules.seriousInjuries(i.seriousInjuries, injured: e.casualties.injured) {
                issues.append(issue)
            } else {
                e.casualties.seriousInjuries = i.seriousInjuries
            }
        }
        let title = text(i.title, .title)
        let typedReason = text(i.levelReason, .levelReason)
        let body = text(i.body, .body)
        let missing = ReportCompleteness.missing(for: .first, e, besides: Set(issues.map(\.field)))
        if !issues.isEmpty || !missing.isEmpty {
            // "首报要素不全：缺少事发地点、事件概况" first, then what is wrong with the rest.
            let said = (missing.isEmpty ? [] : [ReportCompleteness.summary(for: .first, missing)]) + issues.map(\.message)
            throw DutyError.invalid(
                said.joined(separator: "；"),
                details: missing.map { .init(field: $0.field, message: $0.message) } + issues.map { .init(field: $0.field, message: $0.message) })
        }
        guard let kind, let sourceChannel = i.sourceChannel else { throw DutyError.field("kindId", "请选择事件类型") }
        let suggested = suggestion(kind: kind, e, seriousInjuries: e.casualties.seriousInjuries)
        if let issue = levelIssue(suggested: suggested, chosen: i.level, reason: i.levelReason) { throw DutyError.field(issue.field, issue.message) }
        guard let chosen = i.level ?? suggested?.level else { throw DutyError.field("level", levelMissing.message) }
        var reason = typedReason
        if let suggested, case .success(let d) = LevelDecision.decide(suggested: suggested.level, chosen: chosen, reason: i.levelReason) {
            reason = d.overrideReason ?? suggested.reasons.joined(separator: "；")
        }
        var attachedTo: CaseMatchDTO?
        if let caseID = i.attachToCaseId {
            let matches = try await self.matches(
                CaseMatch.Record(kindID: kind.id, incidentClass: kind.incidentClass, occurredAt: i.occurredAt, receivedAt: receivedAt), ctx: ctx,
                limit: 50)
            guard let found = matches.first(where: { $0.caseId == caseID }) else { throw IncidentError.noSuchCaseToAttach }
            attachedTo = found
        }
        let incident = Incident()
        incident.id = UUID.timeOrdered(at: now)
        incident.caseID = attachedTo?.caseId ?? UUID.timeOrdered(at: now)
        incident.$unit.id = actor.unit.id!
        incident.infoType = infoType.rawValue
        incident.title = ReportDrafter.title(typed: title, e)
        incident.kindID = kind.id
        incident.incidentClass = kind.incidentClass.rawValue
        incident.level = chosen.rawValue
        incident.levelSuggested = suggested?.level.rawValue
        incident.levelReason = reason
        incident.placeUnitID = placeUnit?.id ?? actor.unit.id
        incident.placeDetail = e.placeDetail
        incident.occurredAt = i.occurredAt
        incident.receivedAt = receivedAt
        incident.sourceChannel = sourceChannel.rawValue
        incident.classified = i.classified ?? false
        incident.createdBy = actor.user.username
        incident.createdAt = now
        let report = Report()
        report.id = UUID.timeOrdered(at: now)
        report.$incident.id = incident.id!
        report.kind = ReportKind.first.rawValue
        report.sequence = 1
        report.elements = try encode(e)
        report.knownElements = e
        report.body = body.isEmpty ? ReportDrafter.draft(kind: .first, elements: e) : body
        report.changes = "[]"
        report.changeReason = ""
        report.status = ReportWorkflow.Status.draft.rawValue
        let approver = try await approvingOffice(unit: actor.unit, sensitive: i.sensitive ?? false, on: ctx.db)
        report.needsApproval = approver != nil
        report.createdBy = actor.user.username
        report.createdAt = now
        var rows = InsertSet(incidents: [incident], reports: [report])
        rows.timeline = [
            timelineEvent(incident, "incident.recorded", "接报：\(sourceChannel.title)；\(incident.title)；\(chosen.title)", ctx: ctx),
            timelineEvent(incident, "report.drafted", "\(ReportKind.first.title)起草", ctx: ctx),
        ]
        rows.audit = [ctx.auditEntry("incident.create", "incident", incident.id!.uuidString, detail: "case \(incident.caseID.uuidString) \(chosen.rawValue)")]
        if let attachedTo {
            // 信息倒流: the superior knew first; both records and the timeline say so.
            rows.timeline.append(
                timelineEvent(
                    incident, "incident.attached",
                    "本级记录关联至\(attachedTo.holderUnitName)已掌握的事件（\(ShanghaiTime.format(attachedTo.receivedAt, "MM-dd HH:mm"))获知，来源：\(attachedTo.sourceChannel.title)）：信息倒流",
                    ctx: ctx))
            rows.audit.append(ctx.auditEntry("incident.attach", "incident", incident.id!.uuidString, detail: "并入事件 \(attachedTo.caseId.uuidString)"))
        }
        // Everything the answer and the boards need is in hand: the record is new, so it is the
        // case's only record, and its clocks start now.
        incident.$unit.value = actor.unit
        let policy = try await IncidentQuery.recordPolicy(incident, unit: actor.unit, on: ctx.db)
        // A new case: this record is its only one. An attached record joins a case whose other
        // records are read.
        var facts = IncidentQuery.CaseFacts(ministryReceivedAt: actor.unit.parentID == nil ? receivedAt : nil)
        if attachedTo != nil {
            let ministry = actor.unit.unitPath.ids.first.flatMap(UUID.init(uuidString:))
            facts = try await IncidentQuery.caseFacts([incident.caseID], ministryID: ministry, on: ctx.db)[incident.caseID] ?? facts
        }
        facts.firstReceivedAt = min(facts.firstReceivedAt ?? receivedAt, receivedAt)
        facts.occurredAt = [facts.occurredAt, incident.occurredAt].compactMap { $0 }.min()
        let clocked = IncidentQuery.clocked(incident, reports: [report], case: facts, policy: policy, now: now)
        let watcher = ctx.app.deadlineWatcher
        if let once {
            let peer = sourceChannel == .peer
            let made = try await SubmissionOnce.once(once, target: incident.id!, ctx: ctx) { [rows] db in
                try await rows.insert(on: db)
                if peer { try await refreshBackfill(caseID: incident.caseID, now: now, ctx: ctx, on: db) }
            }
            if let earlier = made { return try await repeated(earlier, ctx: ctx) }
            await publish("incident.recorded", incident, ctx: ctx)
        } else if sourceChannel == .peer {
            // A superior that learned of the incident from a same-level peer tells the lower
            // levels to back-fill (S002 二.四); they hear of it too.
            try await ctx.write { [rows] db in
                try await rows.insert(on: db)
                try await refreshBackfill(caseID: incident.caseID, now: now, ctx: ctx, on: db)
            }
            await publish("incident.recorded", incident, ctx: ctx)
        } else {
            try await ctx.write(rows)
            await ctx.publish(
                "incident.recorded", caseID: incident.caseID.uuidString, unitPaths: [actor.unit.path] + (approver.map { [$0.path] } ?? []),
                armedBy: watcher.instance)
        }
        if let version = clocked.version {
            let alarming = clocked.states.contains { $0.status.kind.isAlarming }
            watcher.arm(incident.id!, at: alarming ? now : DeadlineClock.nextChange(clocked.facts, policy: version, now: now))
        }
        return clocked
    }

    /// Open cases a superior of the actor already holds about the actor's own area that a
    /// record about to be made is likely about (CaseMatch): the same kind of incident at about
    /// the same time, with no record of the actor's unit yet. Most likely first.
    static func matches(_ new: CaseMatch.Record, ctx: ServiceContext, limit: Int = 10) async throws -> [CaseMatchDTO] {
        let actor = ctx.actor
        let ancestors = actor.unit.unitPath.ids.dropLast().compactMap(UUID.init(uuidString:))
        guard !ancestors.isEmpty else { return [] }
        let from = new.receivedAt.addingTimeInterval(-CaseMatch.receiptWindow)
        let to = new.receivedAt.addingTimeInterval(CaseMatch.receiptWindow)
        let candidates = try await Incident.query(on: ctx.db).join(OrgUnit.self, on: \Incident.$placeUnitID == \OrgUnit.$id)
            .joinedUnitInSubtree(of: actor.unit.path).filter(\.$unit.$id ~~ ancestors).filter(\.$closedAt == nil)
            .filter(\.$receivedAt >= from).filter(\.$receivedAt <= to).filter(\.$incidentClass == new.incidentClass.rawValue)
            .sort(\.$receivedAt, .descending).limit(200).with(\.$unit).all()
        guard !candidates.isEmpty else { return [] }
        let mine = Set(
            try await Incident.query(on: ctx.db).filter(\.$caseID ~~ Array(Set(candidates.map(\.caseID)))).filter(\.$unit.$id == actor.unit.id!).all()
                .map(\.caseID))
        // One entry per case: the record of the superior nearest to the actor.
        var byCase: [UUID: Incident] = [:]
        for c in candidates where !mine.contains(c.caseID) {
            if let held = byCase[c.caseID], held.unit.unitPath.depth >= c.unit.unitPath.depth { continue }
            byCase[c.caseID] = c
        }
        let ranked = byCase.values.compactMap { c -> (Double, Incident)? in
            let record = CaseMatch.Record(
                kindID: c.kindID, incidentClass: IncidentClass(rawValue: c.incidentClass) ?? new.incidentClass, occurredAt: c.occurredAt,
                receivedAt: c.receivedAt)
            return CaseMatch.rank(record, for: new).map { ($0, c) }
        }.sorted { $0.0 < $1.0 }.prefix(limit)
        return ranked.map { _, c in
            CaseMatchDTO(
                caseId: c.caseID, holderUnitId: c.$unit.id, holderUnitName: c.unit.name, title: c.title,
                kindTitle: IncidentCatalog.kind(id: c.kindID)?.title ?? c.kindID,
                level: c.incidentLevel, levelTitle: c.incidentLevel.title, placeDetail: c.placeDetail, occurredAt: c.occurredAt, receivedAt: c.receivedAt,
                sourceChannel: c.channel)
        }
    }

    /// A first report's fields from a call's text. The places the parser may name are the
    /// divisions of the actor's unit, its ancestors and the units below it (at most a few
    /// thousand, by index on the path), so "禹州市" becomes the 禹州 unit the form offers.
    static func parseTranscript(_ text: String, ctx: ServiceContext) async throws -> TranscriptDTO {
        let actor = ctx.actor
        let below = try await OrgUnit.query(on: ctx.db).inSubtree(of: actor.unit.path).filter(\.$active == true).limit(5000).all()
        let above = try await OrgUnit.query(on: ctx.db).filter(\.$id ~~ actor.unit.unitPath.ids.compactMap(UUID.init(uuidString:))).all()
        var byName: [String: OrgUnit] = [:]
        for u in above + below where u.unitKind.requiresDivisionCode {
            let name = DivisionName.of(bureau: u.name)
            // The deeper unit wins a shared name (a county named like its city's district).
            if let held = byName[name], held.unitPath.depth >= u.unitPath.depth { continue }
            byName[name] = u
        }
        let parsed = TranscriptParser.parse(text, now: ctx.now, places: Array(byName.keys))
        let placeUnit = parsed.placeDivision.flatMap { byName[$0] }.flatMap { actor.sees($0.unitPath) ? $0 : nil }
        let place = try await placeName(placeUnit?.id ?? actor.unit.id, on: ctx.db, cache: ctx.app.readCache)
        var e = ReportElements(unitName: actor.unit.name, occurredAt: parsed.occurredAt, placeDivision: place, placeDetail: parsed.placeDetail ?? "")
        e.event = parsed.event ?? ""
        e.casualties = Casualties(dead: parsed.dead, missing: parsed.missing, injured: parsed.injured, trapped: parsed.trapped)
        e.casualties.seriousInjuries = parsed.seriousInjuries
        e.propertyLossYuan = parsed.propertyLossYuan
        e.cause = parsed.cause ?? ""
        e.measures = parsed.measures ?? ""
        return TranscriptDTO(
            fields: parsed, placeUnitId: placeUnit?.id, filled: parsed.filled.filter { $0 != "placeDivision" || placeUnit != nil },
            draft: ReportDrafter.draft(kind: .first, elements: e))
    }

    /// The record an earlier submission under the same key made, as its creator reads it.
    static func repeated(_ id: UUID, ctx: ServiceContext) async throws -> IncidentQuery.Clocked {
        let incident = try await IncidentQuery.visibleIncident(id, ctx: ctx)
        guard var c = try await IncidentQuery.clocks([incident], on: ctx.db, now: ctx.now).first else { throw DutyError.notFound("该事件") }
        c.repeated = true
        return c
    }

    /// The city's 政府总值班室 that must approve this report first, if any (S000 四): only a
    /// sensitive city report needs it, so the office is looked up only then.
    static func approvingOffice(unit: OrgUnit, sensitive: Bool, on db: any Database) async throws -> OrgUnit? {
        guard ReportRoute.needsApproval(sensitive: sensitive, from: unit.unitKind, cityHasDutyOffice: true) else { return nil }
        let office = try await approvingOffice(for: unit, on: db)
        return ReportRoute.needsApproval(sensitive: sensitive, from: unit.unitKind, cityHasDutyOffice: office != nil) ? office : nil
    }

    static func approvingOffice(for unit: OrgUnit, on db: any Database) async throws -> OrgUnit? {
        try await OrgUnit.query(on: db).filter(\.$parentID == unit.id).filter(\.$kind == UnitKind.governmentDutyOffice.rawValue).filter(\.$active == true)
            .first()
    }

    static func encode<T: Encodable>(_ v: T) throws -> String {
        String(decoding: try JSONCoders.encoder.encode(v), as: UTF8.self)
    }

    // MARK: follow-up and final reports

    /// A follow-up, final or own first report as the officer has typed it: the elements it
    /// would carry, the casualty changes against the previous report, and every problem —
    /// what the report form shows while it is filled in, and what `addReport` refuses.
    struct CheckedReport {
        var previous: Report?
        var elements: ReportElements
        var changes: [CasualtyChanges.Change]
        var reason: String
        var body: String
        /// Values that cannot be taken as typed.
        var issues: [FieldIssue]
        /// Elements the kind of report needs and does not have yet.
        var missing: [FieldIssue]
        /// Decreased or removed figures without a reason.
        var unexplained: [FieldIssue]
    }

    /// What a level that received the case starts its own first report from: the latest
    /// report of the unit it learned of the case from, else of another level's record.
    static func sourceReport(for incident: Incident, on db: any Database) async throws -> Report? {
        let others = try await Incident.query(on: db).filter(\.$caseID == incident.caseID).filter(\.$id != incident.id!).all()
        let preferred = (others.filter { $0.$unit.id == incident.learnedFromUnitID } + others.filter { $0.$unit.id != incident.learnedFromUnitID })
            .compactMap(\.id)
        for id in preferred {
            if let r = try await Report.query(on: db).filter(\.$incident.$id == id).sort(\.$sequence, .descending).first() { return r }
        }
        return nil
    }

    static func checkReport(_ incident: Incident, _ i: NewReportInput, ctx: ServiceContext) async throws -> CheckedReport {
        let actor = ctx.actor
        try ctx.requireOwnUnit(incident.$unit.id, "该事件")
        let previous = try await Report.query(on: ctx.db).filter(\.$incident.$id == incident.id!).sort(\.$sequence, .descending).first()
        var e: ReportElements
        if let previous {
            guard i.kind != .first else { throw DutyError.field("kind", "首报已存在，请选择续报或终报") }
            if previous.reportKind == .final { throw IncidentError.alreadyFinal }
            e = previous.reportElements
        } else {
            // A level that received the case writes its own first report, starting from what
            // its subordinate reported (S002 二.四: each level's system holds the incident).
            guard i.kind == .first else { throw DutyError.field("kind", "本级还没有首报，请先写首报") }
            guard let latest = try await sourceReport(for: incident, on: ctx.db) else { throw IncidentError.noSourceReport }
            e = latest.reportElements
            e.unitName = actor.unit.name
        }
        var (applied, issues) = i.elements.checked(against: e)
        e = applied
        let reason = ReportField.changeReason.checked(i.changeReason, into: &issues)
        let body = ReportField.body.checked(i.body, into: &issues)
        // Casualty numbers may change, but never silently: the change is recorded and a
        // decrease needs a reason.
        let changes = previous.map { CasualtyChanges.between($0.reportElements.casualties, e.casualties) } ?? []
        let unexplained =
            CasualtyChanges.requiresExplanation(changes) && reason.isEmpty
            ? changes.filter(\.isDecrease).map { FieldIssue("changeReason", $0.text) } : []
        return CheckedReport(
            previous: previous, elements: e, changes: changes, reason: reason, body: body, issues: issues,
            missing: ReportCompleteness.missing(for: i.kind, e).map { FieldIssue($0.field, $0.message) }, unexplained: unexplained)
    }

    /// `once`: the submission's key; a repeat answers with the report the first one made.
    static func addReport(_ incident: Incident, _ i: NewReportInput, once: String? = nil, ctx: ServiceContext) async throws -> Report {
        let actor = ctx.actor
        if let once, let earlier = try await SubmissionOnce.existing(once, on: ctx.db), let r = try await Report.find(earlier, on: ctx.db) { return r }
        let checked = try await checkReport(incident, i, ctx: ctx)
        if !checked.issues.isEmpty { throw DutyError.invalid(FieldIssues(checked.issues)) }
        let e = checked.elements
        try requireComplete(i.kind, e)
        if !checked.unexplained.isEmpty {
            throw DutyError.invalid(
                "伤亡人数减少或被删除，请说明原因：" + checked.unexplained.map(\.message).joined(separator: "；"),
                details: checked.unexplained.map { .init(field: $0.field, message: $0.message) })
        }
        let (previous, changes, reason, body) = (checked.previous, checked.changes, checked.reason, checked.body)
        let now = ctx.now
        let sequence = (previous?.sequence ?? 0) + 1
        let followUps = try await Report.query(on: ctx.db).filter(\.$incident.$id == incident.id!).filter(\.$kind == ReportKind.followUp.rawValue).count()
        let report = Report()
        report.id = UUID.timeOrdered(at: now)
        report.$incident.id = incident.id!
        report.kind = i.kind.rawValue
        report.sequence = sequence
        report.elements = try encode(e)
        report.body = body.isEmpty ? ReportDrafter.draft(kind: i.kind, elements: e, sequence: followUps + 1, asOf: now) : body
        report.changes = try encode(changes.map(\.text))
        report.changeReason = reason
        report.status = ReportWorkflow.Status.draft.rawValue
        report.needsApproval = try await approvingOffice(unit: actor.unit, sensitive: i.sensitive ?? false, on: ctx.db) != nil
        report.createdBy = actor.user.username
        report.createdAt = now
        let write: @Sendable (any Database) async throws -> Void = { db in
            try await report.create(on: db)
            let changeText = changes.isEmpty ? "" : "；" + changes.map(\.text).joined(separator: "；")
            try await timeline(incident, "report.drafted", "\(i.kind.title)起草\(changeText)", ctx: ctx, on: db)
            try await ctx.audit("report.create", "report", report.id!.uuidString, detail: "\(i.kind.rawValue) #\(sequence)", on: db)
        }
        if let once {
            if let earlier = try await SubmissionOnce.once(once, target: report.id!, ctx: ctx, write), let r = try await Report.find(earlier, on: ctx.db) {
                return r
            }
        } else {
            try await ctx.write(write)
        }
        await publish("report.drafted", incident, ctx: ctx)
        return report
    }

    // MARK: route: sign-off, approval, submission, acknowledgement

    /// Where the actor stands to the report, for the workflow.
    static func workflowActor(_ actor: Actor, _ report: Report, holderUnitID: UUID) -> ReportWorkflow.Actor {
        ReportWorkflow.Actor(
            permissions: actor.roles.permissions, unitID: actor.unit.id!.uuidString, unitKind: actor.unit.unitKind,
            parentID: actor.unit.parentID?.uuidString, holderUnitID: holderUnitID.uuidString, submittedToUnitID: report.submittedToUnitID?.uuidString,
            needsApproval: report.needsApproval)
    }

    /// The steps the actor can take on the report now: the buttons a page shows and the
    /// actions the API lists.
    static func allowedSteps(_ report: Report, holderUnitID: UUID, actor: Actor) -> [ReportWorkflow.Step] {
        ReportWorkflow.allowedSteps(report.reportStatus, needsApproval: report.needsApproval, for: workflowActor(actor, report, holderUnitID: holderUnitID))
    }

    /// The status `step` leads to, or the workflow's refusal as the error the client sees.
    static func next(_ report: Report, _ incident: Incident, _ step: ReportWorkflow.Step, ctx: ServiceContext) throws -> ReportWorkflow.Status {
        let who = workflowActor(ctx.actor, report, holderUnitID: incident.$unit.id)
        switch ReportWorkflow.next(report.reportStatus, step, needsApproval: report.needsApproval, by: who) {
        case .success(let s): return s
        case .failure(let r): throw IncidentError.refused(r)
        }
    }

    /// The officer asks the duty bureau leader to sign. A leader asking signs at once.
    static func requestSignoff(_ report: Report, _ incident: Incident, target: UUID?, ctx: ServiceContext) async throws -> Report {
        let who = workflowActor(ctx.actor, report, holderUnitID: incident.$unit.id)
        if ReportWorkflow.effective(.requestSignoff, by: who) == .sign { return try await sign(report, incident, target: target, ctx: ctx) }
        let status = try next(report, incident, .requestSignoff, ctx: ctx)
        // The officer's choice of receiver (a skip-level report) waits for the leader's signature.
        let receiver = try await receiverUnit(for: incident, target: target, ctx: ctx)
        try await ctx.write { db in
            report.status = status.rawValue
            report.submittedToUnitID = receiver.id
            try await report.save(on: db)
            try await timeline(incident, "report.signoff_requested", "\(report.reportKind.title)提交带班领导签发", ctx: ctx, on: db)
            try await ctx.audit("report.request_signoff", "report", report.id!.uuidString, on: db)
        }
        await publish("report.signoff_requested", incident, ctx: ctx)
        return report
    }

    /// 签发 (S001 第十五条): one action; the report then goes up, or to the government duty
    /// office first when it needs approval.
    static func sign(_ report: Report, _ incident: Incident, target: UUID?, ctx: ServiceContext) async throws -> Report {
        let actor = ctx.actor
        let status = try next(report, incident, .sign, ctx: ctx)
        let now = ctx.now
        let receiver = try await receiverUnit(for: incident, target: target ?? report.submittedToUnitID, ctx: ctx)
        try await ctx.write { db in
            report.signedBy = actor.user.username
            report.signedAt = now
            try await timeline(incident, "report.signed", "\(report.reportKind.title)由\(actor.user.displayName)签发", ctx: ctx, on: db)
            try await ctx.audit("report.sign", "report", report.id!.uuidString, on: db)
            if status == .awaitingApproval {
                report.status = status.rawValue
                report.submittedToUnitID = receiver.id
                try await report.save(on: db)
                try await timeline(incident, "report.approval_requested", "报送前提请市政府总值班室核准", ctx: ctx, on: db)
            } else {
                try await submit(report, incident, to: receiver, ctx: ctx, on: db)
            }
        }
        await publish(report.reportStatus == .submitted ? "report.submitted" : "report.signed", incident, ctx: ctx)
        return report
    }

    /// 退回修改: the leader asked to sign, or the office asked to approve, sends the report back
    /// to the officer with a reason; the text as returned is kept as a version.
    static func returnForCorrection(_ report: Report, _ incident: Incident, reason raw: String?, ctx: ServiceContext) async throws -> Report {
        let actor = ctx.actor
        let status = try next(report, incident, .returnForCorrection, ctx: ctx)
        guard !(raw ?? "").trimmingCharacters(in: .whitespacesAndNewlines).isEmpty else {
            throw DutyError.field("reason", "请写明退回原因，经办人据此修改")
        }
        let reason = try ReportField.returnReason.accepted(raw)
        let now = ctx.now
        let reportID = report.id!
        try await ctx.write { db in
            let number = try await ReportVersion.query(on: db).filter(\.$reportID == reportID).count() + 1
            let v = ReportVersion()
            v.id = UUID.timeOrdered(at: now)
            v.reportID = reportID
            v.number = number
            v.body = report.body
            v.elements = report.elements
            v.returnedBy = actor.user.username
            v.returnedByName = actor.user.displayName
            v.returnedAt = now
            v.reason = reason
            try await v.create(on: db)
            report.status = status.rawValue
            try await report.save(on: db)
            try await timeline(incident, "report.returned", "\(report.reportKind.title)被\(actor.user.displayName)退回修改：\(reason)", ctx: ctx, on: db)
            try await ctx.audit("report.return", "report", reportID.uuidString, detail: "第\(number)稿：\(reason)", on: db)
        }
        await publish("report.returned", incident, ctx: ctx)
        return report
    }

    /// The officer edits a draft or corrects a returned report; it is a draft again, to be
    /// submitted for signing.
    static func correct(_ report: Report, _ incident: Incident, _ i: ReportCorrectionInput, ctx: ServiceContext) async throws -> Report {
        let status = try next(report, incident, .correct, ctx: ctx)
        let kind = report.reportKind
        var issues: [FieldIssue] = []
        let body = ReportField.body.checked(i.body, into: &issues)
        let elements: ReportElements
        switch i.elements.applied(to: report.reportElements) {
        case .success(let e): elements = e
        case .failure(let f): throw DutyError.invalid(FieldIssues(issues + f.issues))
        }
        if !issues.isEmpty { throw DutyError.invalid(FieldIssues(issues)) }
        try requireComplete(kind, elements)
        let now = ctx.now
        let reportID = report.id!
        let followUps = try await Report.query(on: ctx.db).filter(\.$incident.$id == incident.id!).filter(\.$kind == ReportKind.followUp.rawValue)
            .filter(\.$sequence <= report.sequence).count()
        report.elements = try encode(elements)
        report.knownElements = elements
        report.body = body.isEmpty ? ReportDrafter.draft(kind: kind, elements: elements, sequence: max(1, followUps), asOf: now) : body
        let wasReturned = report.reportStatus == .returned
        report.status = status.rawValue
        let username = ctx.actor.user.username
        try await ctx.write { db in
            try await report.save(on: db)
            if wasReturned {
                try await ReportVersion.query(on: db).filter(\.$reportID == reportID).filter(\.$correctedAt == nil)
                    .set(\.$correctedBy, to: username).set(\.$correctedAt, to: now).update()
            }
            try await timeline(incident, "report.corrected", "\(kind.title)\(wasReturned ? "已按退回意见修改" : "草稿已修改")", ctx: ctx, on: db)
            try await ctx.audit("report.correct", "report", reportID.uuidString, on: db)
        }
        await publish("report.corrected", incident, ctx: ctx)
        return report
    }

    static func versions(of reportIDs: [UUID], on db: any Database) async throws -> [UUID: [ReportVersion]] {
        guard !reportIDs.isEmpty else { return [:] }
        let rows = try await ReportVersion.query(on: db).filter(\.$reportID ~~ reportIDs).sort(\.$number).all()
        return Dictionary(grouping: rows, by: \.reportID)
    }

    /// 核准 by the city government general duty office (S000 四).
    static func approve(_ report: Report, _ incident: Incident, ctx: ServiceContext) async throws -> Report {
        let actor = ctx.actor
        _ = try next(report, incident, .approve, ctx: ctx)
        let receiverID = report.submittedToUnitID ?? incident.unit.parentID
        guard let receiverID, let receiver = try await OrgUnit.find(receiverID, on: ctx.db) else { throw IncidentError.noSuperior(own: false) }
        try await ctx.write { db in
            report.approvedBy = actor.user.username
            report.approvedAt = ctx.now
            try await timeline(incident, "report.approved", "市政府总值班室\(actor.user.displayName)核准", byActorsUnit: true, ctx: ctx, on: db)
            try await ctx.audit("report.approve", "report", report.id!.uuidString, on: db)
            try await submit(report, incident, to: receiver, ctx: ctx, on: db)
        }
        await publish("report.submitted", incident, ctx: ctx)
        return report
    }

    static func receiverUnit(for incident: Incident, target: UUID?, ctx: ServiceContext) async throws -> OrgUnit {
        let holder = try await incident.$unit.get(on: ctx.db)
        guard let parentID = holder.parentID else { throw IncidentError.noSuperior(own: true) }
        let id = target ?? parentID
        // A skip-level report goes to an ancestor; never sideways or down.
        guard holder.unitPath.ids.dropLast().contains(id.uuidString), let unit = try await OrgUnit.find(id, on: ctx.db) else {
            throw DutyError.field("toUnitId", "只能报送给本单位的上级单位")
        }
        return unit
    }

    /// Sends a signed (and approved) report to `receiver`: the receiver gets its own record of
    /// the case if it had none, the clocks move, back-fill tasks follow.
    static func submit(_ report: Report, _ incident: Incident, to receiver: OrgUnit, ctx: ServiceContext, on db: any Database) async throws {
        let now = ctx.now
        report.status = ReportWorkflow.Status.submitted.rawValue
        report.submittedAt = now
        report.submittedToUnitID = receiver.id
        try await report.save(on: db)
        if incident.notifiedAt == nil { incident.notifiedAt = now }
        // Once this level's final report is out, its record of the case is closed.
        if report.reportKind == .final { incident.closedAt = now }
        try await incident.save(on: db)
        let theirs = try await Incident.query(on: db).filter(\.$caseID == incident.caseID).filter(\.$unit.$id == receiver.id!).first()
        if theirs == nil {
            let copy = copyRecord(incident, to: receiver.id!, at: now)
            copy.learnedFromUnitID = incident.$unit.id
            try await IncidentQuery.recordPolicy(copy, unit: receiver, on: db)
            try await copy.create(on: db)
            try await timeline(copy, "incident.received", "收到\(try await incident.$unit.get(on: db).name)报送的\(report.reportKind.title)", ctx: ctx, on: db)
        }
        let skipped = receiver.id != (try await incident.$unit.get(on: db)).parentID
        try await timeline(incident, "report.submitted", "\(report.reportKind.title)报送\(receiver.name)\(skipped ? "（越级上报）" : "")", ctx: ctx, on: db)
        try await ctx.audit("report.submit", "report", report.id!.uuidString, detail: "to \(receiver.id!.uuidString)", on: db)
        let notice = OutboundNotice.make(
            .reportSubmitted, unitName: receiver.name, classified: incident.classified, incidentTitle: incident.title,
            levelTitle: incident.incidentLevel.title, link: "/board")
        try await Outbox.enqueue(notice, unitID: receiver.id!, now: now, on: db)
        try await refreshBackfill(caseID: incident.caseID, now: now, ctx: ctx, on: db)
    }

    /// Another level's record of the same case, received at `at` through the system.
    static func copyRecord(_ incident: Incident, to unitID: UUID, at: Date) -> Incident {
        let copy = Incident()
        copy.id = UUID.timeOrdered(at: at)
        copy.caseID = incident.caseID
        copy.$unit.id = unitID
        copy.infoType = incident.infoType
        copy.title = incident.title
        copy.kindID = incident.kindID
        copy.incidentClass = incident.incidentClass
        copy.level = incident.level
        copy.levelSuggested = incident.levelSuggested
        copy.levelReason = incident.levelReason
        copy.placeUnitID = incident.placeUnitID
        copy.placeDetail = incident.placeDetail
        copy.occurredAt = incident.occurredAt
        copy.receivedAt = at
        copy.sourceChannel = SourceChannel.system.rawValue
        copy.classified = incident.classified
        copy.createdBy = "system"
        copy.createdAt = at
        return copy
    }

    /// 签收: the receiving unit acknowledges a submitted report.
    static func acknowledge(_ report: Report, _ incident: Incident, ctx: ServiceContext) async throws -> Report {
        let actor = ctx.actor
        let status = try next(report, incident, .acknowledge, ctx: ctx)
        try await ctx.write { db in
            report.status = status.rawValue
            report.acknowledgedBy = actor.user.username
            report.acknowledgedAt = ctx.now
            try await report.save(on: db)
            try await timeline(
                incident, "report.acknowledged", "\(actor.unit.name)\(actor.user.displayName)签收\(report.reportKind.title)", byActorsUnit: true, ctx: ctx, on: db
            )
            try await ctx.audit("report.acknowledge", "report", report.id!.uuidString, on: db)
        }
        await publish("report.acknowledged", incident, ctx: ctx)
        return report
    }

    /// Records that the unit reported the incident to its superior by phone or fax (初步报告).
    static func markNotified(_ incident: Incident, at: Date?, ctx: ServiceContext) async throws {
        try ctx.requireOwnUnit(incident.$unit.id, "该事件")
        let now = ctx.now
        let when = at ?? now
        if when > now { throw DutyError.field("at", "报告时间不能晚于当前时间") }
        if when < incident.receivedAt { throw DutyError.field("at", "报告时间不能早于接报时间") }
        guard incident.notifiedAt == nil else { throw IncidentError.alreadyNotified }
        try await ctx.write { db in
            incident.notifiedAt = when
            try await incident.save(on: db)
            try await timeline(incident, "incident.notified", "已电话/传真向上级报告初步情况（\(ShanghaiTime.format(when))）", ctx: ctx, on: db)
            try await ctx.audit("incident.notified", "incident", incident.id!.uuidString, on: db)
        }
        await publish("incident.notified", incident, ctx: ctx)
    }

    static func endResponse(_ incident: Incident, ctx: ServiceContext) async throws {
        try ctx.requireOwnUnit(incident.$unit.id, "该事件")
        guard incident.responseEndedAt == nil else { throw IncidentError.responseAlreadyEnded }
        try await ctx.write { db in
            incident.responseEndedAt = ctx.now
            try await incident.save(on: db)
            try await timeline(incident, "incident.response_ended", "应急响应结束，待终报", ctx: ctx, on: db)
            try await ctx.audit("incident.response_end", "incident", incident.id!.uuidString, on: db)
        }
        await publish("incident.response_ended", incident, ctx: ctx)
    }

    // MARK: back-fill

    /// The chain of the case from the place it happened up to the highest level that holds a
    /// record, with each level's record facts.
    static func chain(caseID: UUID, on db: any Database) async throws -> [ChainLevel] {
        let records = try await Incident.query(on: db).filter(\.$caseID == caseID).with(\.$unit).all()
        guard !records.isEmpty else { return [] }
        let byUnit = Dictionary(uniqueKeysWithValues: records.map { ($0.$unit.id, $0) })
        let placeID = records.compactMap(\.placeUnitID).first
        let place = try await placeID.asyncMap { try await OrgUnit.find($0, on: db) } ?? nil
        let lowest = place ?? records.map(\.unit).max { $0.unitPath.depth < $1.unitPath.depth }!
        let top = records.map(\.unit).min { $0.unitPath.depth < $1.unitPath.depth }!
        let pathIDs = lowest.unitPath.ids.compactMap(UUID.init(uuidString:))
        guard let topIndex = pathIDs.firstIndex(of: top.id!) else { return [] }
        let ids = Array(pathIDs[topIndex...].reversed())
        let units = Dictionary(uniqueKeysWithValues: try await OrgUnit.query(on: db).filter(\.$id ~~ ids).all().map { ($0.id!, $0) })
        let reports = try await Report.query(on: db).filter(\.$incident.$id ~~ records.compactMap(\.id)).filter(\.$submittedAt != nil).all()
        var out: [ChainLevel] = []
        for id in ids {
            let r = byUnit[id]
            let first = reports.filter { $0.$incident.id == r?.id }.min { $0.submittedAt! < $1.submittedAt! }
            out.append(
                ChainLevel(
                    unitID: id.uuidString, unitName: units[id]?.name ?? "", recordedAt: r?.createdAt, learnedVia: r?.channel,
                    learnedFromUnitID: r?.learnedFromUnitID?.uuidString, submittedAt: first?.submittedAt,
                    submittedToUnitID: first?.submittedToUnitID?.uuidString))
        }
        return out
    }

    static func refreshBackfill(caseID: UUID, now: Date, ctx: ServiceContext, on db: any Database) async throws {
        let chain = try await chain(caseID: caseID, on: db)
        let tasks = Escalation.backfillTasks(chain: chain, minutes: backfillMinutes)
        let existing = try await BackfillTaskRecord.query(on: db).filter(\.$caseID == caseID).all()
        let records = try await Incident.query(on: db).filter(\.$caseID == caseID).all()
        for t in tasks {
            guard let unitID = UUID(uuidString: t.unitID), !existing.contains(where: { $0.$unit.id == unitID }) else { continue }
            // The unit that must back-fill gets its own record of the case to write in: from the
            // report that went over its head, or from its superior's notice.
            if !records.contains(where: { $0.$unit.id == unitID }), let source = records.first {
                let copy = copyRecord(source, to: unitID, at: t.createdAt)
                switch t.reason {
                case .skipped(let reporter, _):
                    copy.sourceChannel = SourceChannel.system.rawValue
                    copy.learnedFromUnitID = UUID(uuidString: reporter)
                case .learnedFromPeer(let superior):
                    copy.sourceChannel = SourceChannel.superior.rawValue
                    copy.learnedFromUnitID = UUID(uuidString: superior)
                }
                if let unit = try await OrgUnit.find(unitID, on: db) { try await IncidentQuery.recordPolicy(copy, unit: unit, on: db) }
                try await copy.create(on: db)
            }
            let rec = BackfillTaskRecord()
            rec.id = UUID.timeOrdered(at: now)
            rec.caseID = caseID
            rec.$unit.id = unitID
            rec.reason = t.title
            rec.createdAt = t.createdAt
            rec.dueAt = t.dueAt
            try await rec.create(on: db)
            try await TimelineEvent(
                caseID: caseID, unitID: unitID, at: now, actor: "system", kind: "backfill.created",
                detail: t.title + "，限" + ShanghaiTime.format(t.dueAt, "HH:mm") + "前"
            ).create(on: db)
        }
        // A level that has now submitted has done its back-fill.
        for rec in existing where rec.doneAt == nil {
            if let level = chain.first(where: { $0.unitID == rec.$unit.id.uuidString }), let at = level.submittedAt {
                rec.doneAt = at
                try await rec.save(on: db)
            }
        }
    }

    // MARK: timeline and live

    /// `byActorsUnit`: the act is another unit's on this record (the superior's 签收, the
    /// government duty office's 核准): the timeline names the unit that acted.
    static func timeline(_ incident: Incident, _ kind: String, _ detail: String, byActorsUnit: Bool = false, ctx: ServiceContext, on db: any Database)
        async throws
    {
        let event = timelineEvent(incident, kind, detail, ctx: ctx)
        if byActorsUnit, let unit = ctx.actor.unit.id { event.unitID = unit }
        try await event.create(on: db)
    }

    static func timelineEvent(_ incident: Incident, _ kind: String, _ detail: String, ctx: ServiceContext) -> TimelineEvent {
        TimelineEvent(
            caseID: incident.caseID, incidentID: incident.id, unitID: incident.$unit.id, at: ctx.now, actor: ctx.actor.user.username, kind: kind, detail: detail
        )
    }

    /// Tells every board that can see this case: the holders of its records and their superiors.
    static func publish(_ kind: String, _ incident: Incident, ctx: ServiceContext) async {
        let records = (try? await Incident.query(on: ctx.db).filter(\.$caseID == incident.caseID).with(\.$unit).all()) ?? []
        let approver = try? await approvingOffice(for: incident.$unit.get(on: ctx.db), on: ctx.db)
        var paths = records.map(\.unit.path)
        if let approver { paths.append(approver.path) }
        await ctx.publish(kind, caseID: incident.caseID.uuidString, unitPaths: paths)
        ctx.app.outboxWorker?.nudge()
    }
}

extension Optional {
    func asyncMap<T>(_ f: (Wrapped) async throws -> T) async rethrows -> T? {
        guard let v = self else { return nil }
        return try await f(v)
    }
}
