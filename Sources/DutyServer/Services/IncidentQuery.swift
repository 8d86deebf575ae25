import DutyCore
import Fluent
import Foundation
import Vapor

/// Reading incidents through the access rule, with their running deadline clocks.
enum IncidentQuery {
    static func visibleIncident(_ id: UUID?, ctx: ServiceContext) async throws -> Incident {
        let actor = ctx.actor
        guard let id, let incident = try await Incident.query(on: ctx.db).filter(\.$id == id).with(\.$unit).first() else {
            throw DutyError.notFound("该事件")
        }
        if actor.sees(incident.unit.unitPath) { return incident }
        // The government duty office sits beside the city bureau; it sees an incident whose
        // report it is asked to approve (S000 四), and nothing else of the bureau's.
        if ReportRoute.isApprovingOffice(unitKind: actor.unit.unitKind, parentID: actor.unit.parentID?.uuidString, holderUnitID: incident.$unit.id.uuidString),
            try await Report.query(on: ctx.db).filter(\.$incident.$id == id).filter(\.$needsApproval == true).count() > 0
        {
            return incident
        }
        throw DutyError.notFound("该事件")
    }

    /// A report is visible to whoever sees its incident, and to the government duty office
    /// asked to approve it (S000 四), which sits beside the city bureau, not above it.
    static func visibleReport(_ id: UUID?, ctx: ServiceContext) async throws -> (Report, Incident) {
        let actor = ctx.actor
        guard let id, let report = try await Report.query(on: ctx.db).filter(\.$id == id).with(\.$incident, { $0.with(\.$unit) }).first() else {
            throw DutyError.notFound("该报告")
        }
        let incident = report.incident
        let approver =
            report.needsApproval
            && ReportRoute.isApprovingOffice(
                unitKind: actor.unit.unitKind, parentID: actor.unit.parentID?.uuidString, holderUnitID: incident.$unit.id.uuidString)
        guard actor.sees(incident.unit.unitPath) || approver else { throw DutyError.notFound("该报告") }
        return (report, incident)
    }

    /// What the other levels' records of a case tell every record's clocks.
    struct CaseFacts {
        /// The first receipt of the case at any level.
        var firstReceivedAt: Date?
        /// The earliest occurrence time any level recorded.
        var occurredAt: Date?
        /// When the ministry's record of the case was made: the case reached the ministry.
        var ministryReceivedAt: Date?
    }

    /// The case facts of several cases in one query over their records (a handful per case).
    static func caseFacts(_ caseIDs: [UUID], ministryID: UUID?, on db: any Database) async throws -> [UUID: CaseFacts] {
        guard !caseIDs.isEmpty else { return [:] }
        let rows = try await Incident.query(on: db).filter(\.$caseID ~~ Array(Set(caseIDs)))
            .field(\.$id).field(\.$caseID).field(\.$unit.$id).field(\.$receivedAt).field(\.$occurredAt).all()
        var out: [UUID: CaseFacts] = [:]
        for r in rows {
            var f = out[r.caseID] ?? CaseFacts()
            f.firstReceivedAt = min(f.firstReceivedAt ?? r.receivedAt, r.receivedAt)
            if let o = r.occurredAt { f.occurredAt = min(f.occurredAt ?? o, o) }
            if r.$unit.id == ministryID { f.ministryReceivedAt = min(f.ministryReceivedAt ?? r.receivedAt, r.receivedAt) }
            out[r.caseID] = f
        }
        return out
    }

    /// When each milestone was first reached by this level's record, with the case's facts.
    static func facts(_ incident: Incident, reports: [Report], case c: CaseFacts) -> ClockFacts {
        let submitted = reports.filter { $0.submittedAt != nil }.sorted { $0.submittedAt! < $1.submittedAt! }
        var milestones: [Milestone: Date] = [:]
        if let n = incident.notifiedAt { milestones[.notified] = n }
        if let w = submitted.first?.submittedAt { milestones[.written] = w }
        if let d = submitted.first(where: { $0.reportKind != .first || ReportCompleteness.missing(for: .final, $0.reportElements).isEmpty })?.submittedAt {
            milestones[.detailed] = d
        }
        if let f = submitted.first(where: { $0.reportKind == .final })?.submittedAt { milestones[.final] = f }
        if let m = c.ministryReceivedAt { milestones[.reachedMinistry] = m }
        var anchors: [DeadlineAnchor: Date] = [:]
        if let n = incident.notifiedAt { anchors[.notified] = n }
        if let r = incident.responseEndedAt { anchors[.responseEnded] = r }
        let occurred = [incident.occurredAt, c.occurredAt].compactMap { $0 }.min()
        return ClockFacts(
            occurredAt: occurred, receivedAt: incident.receivedAt, caseReceivedAt: c.firstReceivedAt, level: incident.incidentLevel, anchors: anchors,
            milestones: milestones, followUps: submitted.filter { $0.reportKind != .first }.compactMap(\.submittedAt))
    }

    static func clockDTOs(_ states: [DeadlineState], now: Date) -> [ClockDTO] {
        states.map { s in
            let waiting = s.status.kind == .waiting
            return ClockDTO(
                ruleId: s.rule.id, key: s.key, title: s.title, milestone: s.rule.milestone.rawValue, anchor: s.rule.anchor, caseWide: s.rule.isCaseWide,
                occurrence: s.occurrence, source: s.rule.source, dueAt: s.dueAt, doneAt: s.doneAt, status: s.status.kind, statusTitle: s.statusTitle,
                waitingText: s.waitingText, action: waiting && s.rule.anchor == .notified ? "notify" : nil,
                seconds: s.dueAt.map { Int(($0.timeIntervalSince(s.doneAt ?? now)).rounded(.down)) })
        }
    }

    static func acknowledgementDTO(_ r: Report, policy: PolicyVersion?, now: Date) -> AcknowledgementDTO? {
        guard let submitted = r.submittedAt else { return nil }
        let a = AcknowledgementClock.evaluate(submittedAt: submitted, acknowledgedAt: r.acknowledgedAt, policy: policy, now: now)
        return AcknowledgementDTO(stage: a.stage, stageTitle: a.stage.title, dueAt: a.dueAt, escalateAt: a.escalateAt, waitedSeconds: a.waitedSeconds)
    }

    /// `holderUnitID`: the unit whose record the report belongs to, which decides what the
    /// actor may do with it.
    static func reportDTO(_ r: Report, holderUnitID: UUID, actor: Actor, policy: PolicyVersion? = nil, now: Date = Date()) -> ReportDTO {
        let changes = (try? JSONCoders.decoder.decode([String].self, from: Data(r.changes.utf8))) ?? []
        return ReportDTO(
            id: r.id!, incidentId: r.$incident.id, kind: r.reportKind, kindTitle: r.reportKind.title, sequence: r.sequence, status: r.reportStatus,
            statusTitle: r.reportStatus.title, body: r.body, elements: r.reportElements, changes: changes, changeReason: r.changeReason,
            needsApproval: r.needsApproval, createdBy: r.createdBy, createdAt: r.createdAt, signedBy: r.signedBy, signedAt: r.signedAt,
            approvedBy: r.approvedBy, approvedAt: r.approvedAt, submittedAt: r.submittedAt, submittedToUnitId: r.submittedToUnitID,
            acknowledgedBy: r.acknowledgedBy, acknowledgedAt: r.acknowledgedAt, acknowledgement: acknowledgementDTO(r, policy: policy, now: now),
            actions: IncidentService.allowedSteps(r, holderUnitID: holderUnitID, actor: actor))
    }

    /// One level's record with everything its deadline clocks need.
    struct Clocked {
        let incident: Incident
        /// The record's reports, by sequence.
        let reports: [Report]
        /// The policy version the record was received under, and whose it is.
        let inForce: PolicyService.InForce?
        let facts: ClockFacts
        let states: [DeadlineState]
        /// Made by an earlier submission under the same key: nothing new was written.
        var repeated = false

        var policy: ReportingPolicy? { inForce?.policy }
        var version: PolicyVersion? { inForce?.version }
    }

    /// The version a record is measured against: the one it recorded at receipt, or for a
    /// record made before references were kept, the one in force along its chain then.
    static func policy(of i: Incident, on db: any Database) async throws -> PolicyService.InForce? {
        if let owner = i.policyOwnerID, let version = i.policyVersion,
            let recorded = try await PolicyService.recorded(owner: owner, version: version, on: db)
        {
            return recorded
        }
        return try await PolicyService.inForce(for: i.unit, at: i.receivedAt, on: db)
    }

    /// Remembers on a new record the version it is received under.
    @discardableResult
    static func recordPolicy(_ i: Incident, unit: OrgUnit, on db: any Database) async throws -> PolicyService.InForce? {
        let found = try await PolicyService.inForce(for: unit, at: i.receivedAt, on: db)
        i.policyOwnerID = found?.ownerID
        i.policyVersion = found?.version.version
        return found
    }

    /// The clocks of several records in a few queries: reports at once, the other levels'
    /// records of their cases at once, each policy once. Shared by the pages, the API and the
    /// deadline watcher, so all of them see the same clocks.
    static func clocks(_ incidents: [Incident], on db: any Database, now: Date) async throws -> [Clocked] {
        guard !incidents.isEmpty else { return [] }
        let unloaded = incidents.filter { $0.$unit.value == nil }
        if !unloaded.isEmpty {
            let units = Dictionary(
                uniqueKeysWithValues: try await OrgUnit.query(on: db).filter(\.$id ~~ Array(Set(unloaded.map { $0.$unit.id }))).all().map { ($0.id!, $0) })
            for i in unloaded { i.$unit.value = units[i.$unit.id] }
        }
        let reports = try await Report.query(on: db).filter(\.$incident.$id ~~ incidents.compactMap(\.id)).sort(\.$sequence).all()
        let byIncident = Dictionary(grouping: reports) { $0.$incident.id }
        // The root of every path is the ministry.
        let root = incidents.first?.unit.unitPath.ids.first.flatMap(UUID.init(uuidString:))
        let cases = try await caseFacts(incidents.map(\.caseID), ministryID: root, on: db)
        var out: [Clocked] = []
        for i in incidents {
            out.append(
                clocked(i, reports: byIncident[i.id!] ?? [], case: cases[i.caseID] ?? CaseFacts(), policy: try await policy(of: i, on: db), now: now))
        }
        return out
    }

    /// One record's clocks from what is already in hand.
    static func clocked(_ i: Incident, reports: [Report], case c: CaseFacts, policy: PolicyService.InForce?, now: Date) -> Clocked {
        let facts = facts(i, reports: reports, case: c)
        return Clocked(
            incident: i, reports: reports, inForce: policy, facts: facts,
            states: policy.map { DeadlineClock.evaluate(facts, policy: $0.version, now: now) } ?? [])
    }

    /// Incident DTOs with clocks.
    static func dtos(_ incidents: [Incident], withReports: Bool, ctx: ServiceContext) async throws -> [IncidentDTO] {
        let now = ctx.now
        return try await clocks(incidents, on: ctx.db, now: now).map { dto($0, withReports: withReports, now: now, actor: ctx.actor) }
    }

    static func dto(_ c: Clocked, withReports: Bool, now: Date, actor: Actor) -> IncidentDTO {
        let i = c.incident
        let unit = i.unit
        let kind = IncidentCatalog.kind(id: i.kindID)
        return IncidentDTO(
            id: i.id!, caseId: i.caseID, unitId: unit.id!, unitName: unit.name, infoType: i.information, title: i.title, kindId: i.kindID,
            kindTitle: kind?.title ?? i.kindID, incidentClass: i.incidentClass, level: i.incidentLevel, levelTitle: i.incidentLevel.title,
            levelSuggested: i.levelSuggested.flatMap(IncidentLevel.init(rawValue:)), levelReason: i.levelReason, placeDetail: i.placeDetail,
            occurredAt: i.occurredAt, receivedAt: i.receivedAt, sourceChannel: i.channel, classified: i.classified, notifiedAt: i.notifiedAt,
            responseEndedAt: i.responseEndedAt, closedAt: i.closedAt,
            policy: c.policy.flatMap { p in c.version.map { "\(p.name) 第\($0.version)版" } }, policyOwnerId: c.inForce?.ownerID,
            policyVersion: c.version?.version, clocks: clockDTOs(c.states, now: now),
            reports: withReports ? c.reports.map { reportDTO($0, holderUnitID: i.$unit.id, actor: actor, policy: c.version, now: now) } : nil)
    }

    static func board(ctx: ServiceContext) async throws -> BoardDTO {
        let actor = ctx.actor
        let open = try await Incident.query(on: ctx.db).join(OrgUnit.self, on: \Incident.$unit.$id == \OrgUnit.$id)
            .joinedUnitInSubtree(of: actor.unit.path).filter(\.$closedAt == nil)
            .sort(\.$receivedAt, .descending).limit(200).all()
        let incidents = try await dtos(open, withReports: false, ctx: ctx)
        let inbox = try await Report.query(on: ctx.db).filter(\.$submittedToUnitID == actor.unit.id).filter(
            \.$status == ReportWorkflow.Status.submitted.rawValue
        )
        .with(\.$incident) { $0.with(\.$unit) }.sort(\.$submittedAt).all()
        var senderPolicy: [UUID: PolicyVersion] = [:]
        for r in inbox where senderPolicy[r.$incident.id] == nil {
            senderPolicy[r.$incident.id] = try await policy(of: r.incident, on: ctx.db)?.version
        }
        let mine = open.filter { $0.$unit.id == actor.unit.id }.compactMap(\.id)
        let signoff =
            actor.can(.signOffReports) && !mine.isEmpty
            ? try await Report.query(on: ctx.db).filter(\.$incident.$id ~~ mine).filter(\.$status == ReportWorkflow.Status.awaitingSignoff.rawValue).all() : []
        var approval: [Report] = []
        if let parent = actor.unit.approvesFor {
            let theirs = try await Incident.query(on: ctx.db).filter(\.$unit.$id == parent).filter(\.$closedAt == nil).all().compactMap(\.id)
            if !theirs.isEmpty {
                approval = try await Report.query(on: ctx.db).filter(\.$incident.$id ~~ theirs).filter(
                    \.$status == ReportWorkflow.Status.awaitingApproval.rawValue
                ).all()
            }
        }
        let tasks = try await BackfillTaskRecord.query(on: ctx.db).join(OrgUnit.self, on: \BackfillTaskRecord.$unit.$id == \OrgUnit.$id)
            .joinedUnitInSubtree(of: actor.unit.path).filter(\.$doneAt == nil).sort(\.$dueAt).all()
        let taskDTOs = try tasks.map { t in
            BackfillDTO(
                id: t.id!, caseId: t.caseID, unitId: t.$unit.id, unitName: try t.joined(OrgUnit.self).name, reason: t.reason, createdAt: t.createdAt,
                dueAt: t.dueAt, doneAt: t.doneAt)
        }
        return BoardDTO(
            unitId: actor.unit.id!, at: ctx.now, incidents: incidents,
            awaitingAcknowledgement: inbox.map {
                reportDTO($0, holderUnitID: $0.incident.$unit.id, actor: actor, policy: senderPolicy[$0.$incident.id], now: ctx.now)
            },
            awaitingSignoff: signoff.map { reportDTO($0, holderUnitID: actor.unit.id!, actor: actor) },
            awaitingApproval: approval.map { reportDTO($0, holderUnitID: actor.unit.parentID!, actor: actor) }, backfillTasks: taskDTOs)
    }

    static func timeline(caseID: UUID, ctx: ServiceContext) async throws -> [TimelineDTO] {
        let actor = ctx.actor
        let events = try await TimelineEvent.query(on: ctx.db).filter(\.$caseID == caseID).sort(\.$at).all()
        let ids = Array(Set(events.map(\.unitID)))
        let units = Dictionary(uniqueKeysWithValues: try await OrgUnit.query(on: ctx.db).filter(\.$id ~~ ids).all().map { ($0.id!, $0) })
        // Only the events of units the actor may see: a county does not read the province's notes.
        // An act of another unit on a record the actor holds (the city's 签收 of the county's
        // report) is the holder's to see as well.
        let held = Set(
            try await Incident.query(on: ctx.db).filter(\.$caseID == caseID).with(\.$unit).all().filter { actor.sees($0.unit.unitPath) }.compactMap(\.id))
        return events.filter { e in (units[e.unitID].map { actor.sees($0.unitPath) } ?? false) || (e.incidentID.map(held.contains) ?? false) }
            .map { TimelineDTO(at: $0.at, unitId: $0.unitID, actor: $0.actor, kind: $0.kind, detail: $0.detail) }
    }
}

extension OrgUnit {
    /// The unit whose sensitive reports this one approves (核准): its parent, when this is that
    /// parent's government duty office (`ReportRoute.isApprovingOffice`).
    var approvesFor: UUID? {
        parentID.flatMap { ReportRoute.isApprovingOffice(unitKind: unitKind, parentID: $0.uuidString, holderUnitID: $0.uuidString) ? $0 : nil }
    }
}
