import DutyCore
import Fluent
import Foundation
import Vapor

/// S002's measures for the actor's unit and its subordinates over a period: reporting rate
/// per level, time from receipt to the written system report, late, missed, back-fill and
/// back-flow counts. Everything is computed from the system's own records.
enum MeasuresService {
    struct RateDTO: Content {
        var level: ReportingLevel
        var levelTitle: String
        var submitted: Int
        var total: Int
        var percent: Double?
    }

    struct TimingDTO: Content {
        var count: Int
        var meanMinutes: Double?
        var p50Minutes: Double?
        var p90Minutes: Double?
        var maxMinutes: Double?

        /// In minutes with one decimal.
        init(_ s: ReportTiming.Summary) {
            func minutes(_ v: TimeInterval?) -> Double? { v.map { ($0 / 6).rounded() / 10 } }
            count = s.count
            meanMinutes = minutes(s.mean)
            p50Minutes = minutes(s.p50)
            p90Minutes = minutes(s.p90)
            maxMinutes = minutes(s.max)
        }
    }

    /// How long one receiving unit took to acknowledge (签收) the reports sent to it.
    struct AcknowledgementRowDTO: Content {
        var unitId: UUID
        var unitName: String
        var received: Int
        var acknowledged: Int
        /// Acknowledged after the limit, or still waiting past it.
        var overdue: Int
        var timing: TimingDTO
    }

    struct MeasuresDTO: Content {
        var from: Date
        var to: Date
        var incidents: Int
        /// What the rate counts, as DutyCore defines it.
        var reportingRateDefinition: String
        var reportingRates: [RateDTO]
        var receiptToWritten: TimingDTO
        var late: Int
        var missed: Int
        var backfillTasks: Int
        var backfillOverdue: Int
        var backflows: Int
        /// Per receiving unit of the subtree: time from submission to acknowledgement.
        var acknowledgement: [AcknowledgementRowDTO]
    }

    static func level(of unit: OrgUnit) -> ReportingLevel? { ReportingLevel(unitKind: unit.unitKind) }

    /// The period asked for, as instants: a date alone means the whole day; no start means the
    /// current calendar month in Asia/Shanghai, no end means now.
    static func range(from: String?, to: String?, now: Date) throws -> (Date, Date) {
        let monthStart = ShanghaiTime.parse(ShanghaiTime.format(now, "yyyy-MM") + "-01")!
        func day(_ s: String?, _ field: String) throws -> Date? {
            guard let s, !s.isEmpty else { return nil }
            guard let d = ShanghaiTime.parse(s) else { throw DutyError.field(field, "日期格式应为 YYYY-MM-DD") }
            return d
        }
        let start = try day(from, "from") ?? monthStart
        let end = try day(to, "to").map { to!.count <= 10 ? $0.addingTimeInterval(86400) : $0 } ?? now.addingTimeInterval(1)
        guard start < end else { throw DutyError.field("to", "截止日期应晚于起始日期") }
        return (start, end)
    }

    static func measures(from: Date, to: Date, ctx: ServiceContext) async throws -> MeasuresDTO {
        let actor = ctx.actor
        let now = ctx.now
        let records = try await Incident.query(on: ctx.db).join(OrgUnit.self, on: \Incident.$unit.$id == \OrgUnit.$id)
            .joinedUnitInSubtree(of: actor.unit.path)
            .filter(\.$receivedAt >= from).filter(\.$receivedAt < to).with(\.$unit).all()
        let caseIDs = Array(Set(records.map(\.caseID)))
        // Every record of those cases, also above the actor, to see how far each went.
        let all = caseIDs.isEmpty ? [] : try await Incident.query(on: ctx.db).filter(\.$caseID ~~ caseIDs).with(\.$unit).all()
        let reports = all.isEmpty ? [] : try await Report.query(on: ctx.db).filter(\.$incident.$id ~~ all.compactMap(\.id)).all()
        let submittedRecords = Set(reports.filter { $0.submittedAt != nil }.map { $0.$incident.id })

        // 报送率: cases reportable to the ministry (重大 and 特别重大, S002's 50-minute rule).
        var rateInput: [ReportingRate.Incident] = []
        for id in caseIDs {
            let theirs = all.filter { $0.caseID == id }
            let reportable = theirs.contains { ReportingRate.isReportableToMinistry($0.incidentLevel) }
            let by = Set(theirs.filter { submittedRecords.contains($0.id!) }.compactMap { level(of: $0.unit) })
            rateInput.append(.init(reportableToMinistry: reportable, submittedBy: by))
        }
        let rates = ReportingLevel.allCases.map { l -> RateDTO in
            let r = ReportingRate.rate(of: l, rateInput)
            return RateDTO(level: l, levelTitle: l.title, submitted: r.submitted, total: r.total, percent: r.percent)
        }

        // Receipt → first written report, per record of the actor's subtree that submitted one.
        var durations: [TimeInterval] = []
        for r in records {
            if let first = reports.filter({ $0.$incident.id == r.id && $0.submittedAt != nil }).map({ $0.submittedAt! }).min() {
                durations.append(first.timeIntervalSince(r.receivedAt))
            }
        }
        let s = ReportTiming.summary(durations)

        // 迟报 / 漏报 from the clocks of each record.
        var late = 0
        var missed = 0
        for dto in try await IncidentQuery.dtos(records, withReports: false, ctx: ctx) {
            late += dto.clocks.filter { $0.status == .late }.count
            missed += dto.clocks.filter { $0.status == .overdue }.count
        }
        let tasks = try await BackfillTaskRecord.query(on: ctx.db).filter(\.$caseID ~~ caseIDs).with(\.$unit).all().filter { actor.sees($0.unit.unitPath) }
        var flows = 0
        for id in caseIDs {
            let chain = try await IncidentService.chain(caseID: id, on: ctx.db)
            flows +=
                Escalation.backflows(chain: chain).filter { $0.isSettled(now: now, graceMinutes: IncidentService.backfillMinutes) }.filter { f in
                    all.first { $0.$unit.id.uuidString == f.againstUnitID }.map { actor.sees($0.unit.unitPath) } ?? false
                }.count
        }
        return MeasuresDTO(
            from: from, to: to, incidents: caseIDs.count, reportingRateDefinition: ReportingRate.definition, reportingRates: rates,
            receiptToWritten: TimingDTO(s),
            late: late, missed: missed, backfillTasks: tasks.count,
            backfillOverdue: tasks.filter { ($0.doneAt ?? now) > $0.dueAt }.count, backflows: flows,
            acknowledgement: try await acknowledgement(from: from, to: to, ctx: ctx))
    }

    /// Reports submitted in the period to units of the actor's subtree, by receiving unit:
    /// how many, how many acknowledged, how many past the sender's limit, and how long.
    static func acknowledgement(from: Date, to: Date, ctx: ServiceContext) async throws -> [AcknowledgementRowDTO] {
        let reports = try await Report.query(on: ctx.db).join(OrgUnit.self, on: \Report.$submittedToUnitID == \OrgUnit.$id)
            .joinedUnitInSubtree(of: ctx.actor.unit.path).filter(\.$submittedAt >= from).filter(\.$submittedAt < to)
            .with(\.$incident) { $0.with(\.$unit) }.all()
        var policies: [UUID: PolicyVersion?] = [:]
        var rows: [UUID: (name: String, received: Int, overdue: Int, waits: [TimeInterval])] = [:]
        for r in reports {
            guard let sent = r.submittedAt, let unit = try? r.joined(OrgUnit.self), let unitID = unit.id else { continue }
            if policies[r.$incident.id] == nil { policies[r.$incident.id] = .some(try await IncidentQuery.policy(of: r.incident, on: ctx.db)?.version) }
            let a = AcknowledgementClock.evaluate(submittedAt: sent, acknowledgedAt: r.acknowledgedAt, policy: policies[r.$incident.id] ?? nil, now: ctx.now)
            var row = rows[unitID] ?? (unit.name, 0, 0, [])
            row.received += 1
            if a.stage == .acknowledgedLate || a.stage.isAlarming { row.overdue += 1 }
            if let w = a.waitedSeconds { row.waits.append(TimeInterval(w)) }
            rows[unitID] = row
        }
        return rows.map { id, row in
            AcknowledgementRowDTO(
                unitId: id, unitName: row.name, received: row.received, acknowledged: row.waits.count, overdue: row.overdue,
                timing: TimingDTO(ReportTiming.summary(row.waits)))
        }.sorted { ($0.overdue, $0.received, $0.unitName) > ($1.overdue, $1.received, $1.unitName) }
    }
}
