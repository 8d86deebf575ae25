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
    }

    struct MeasuresDTO: Content {
        var from: Date
        var to: Date
        var incidents: Int
        var reportingRates: [RateDTO]
        var receiptToWritten: TimingDTO
        var late: Int
        var missed: Int
        var backfillTasks: Int
        var backfillOverdue: Int
        var backflows: Int
    }

    static func level(of unit: OrgUnit) -> ReportingLevel? {
        switch unit.unitKind {
        case .emergencyProvince: return .province
        case .emergencyCity: return .city
        case .emergencyCounty: return .county
        default: return nil
        }
    }

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
            let reportable = theirs.contains { $0.incidentLevel.isMajorOrAbove }
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
        func minutes(_ v: TimeInterval?) -> Double? { v.map { ($0 / 6).rounded() / 10 } }

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
                Escalation.backflows(chain: chain).filter { f in
                    all.first { $0.$unit.id.uuidString == f.againstUnitID }.map { actor.sees($0.unit.unitPath) } ?? false
                }.count
        }
        return MeasuresDTO(
            from: from, to: to, incidents: caseIDs.count, reportingRates: rates,
            receiptToWritten: TimingDTO(
                count: s.count, meanMinutes: minutes(s.mean), p50Minutes: minutes(s.p50), p90Minutes: minutes(s.p90), maxMinutes: minutes(s.max)),
            late: late, missed: missed, backfillTasks: tasks.count,
            backfillOverdue: tasks.filter { ($0.doneAt ?? now) > $0.dueAt }.count, backflows: flows)
    }
}
