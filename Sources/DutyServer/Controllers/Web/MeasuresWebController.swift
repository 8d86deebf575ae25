import DutyCore
import Vapor

/// 报送指标: the reporting rate of each level (S002), time from receipt to the written report,
/// late and missed reports, back-fill and back-flow, for the unit and its subordinates.
struct MeasuresWebController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.guarded(.readIncidents).get("measures", use: show)
    }

    struct Params: Content {
        var from: String?
        var to: String?
    }

    struct RateRow: Encodable {
        let levelTitle: String
        let submitted: Int
        let total: Int
        let percentText: String
    }

    struct MeasuresPage: Encodable {
        let from: String
        let to: String
        let periodText: String
        let incidents: Int
        let rates: [RateRow]
        let timedCount: Int
        let meanText: String
        let p50Text: String
        let p90Text: String
        let maxText: String
        let late: Int
        let missed: Int
        let backfillTasks: Int
        let backfillOverdue: Int
        let backflows: Int
        let rateDefinition: String
        let acknowledgement: [AckRow]
        let error: String?
    }

    struct AckRow: Encodable {
        let unitName: String
        let received: Int
        let acknowledged: Int
        let overdue: Int
        let meanText: String
        let p90Text: String
    }

    func show(req: Request) async throws -> Response {
        let p = try req.query.decode(Params.self)
        var error: String?
        var range: (Date, Date)
        do { range = try MeasuresService.range(from: p.from, to: p.to, now: req.now) } catch let e as any DutyFailure {
            error = e.message
            range = try MeasuresService.range(from: nil, to: nil, now: req.now)
        }
        let m = try await MeasuresService.measures(from: range.0, to: range.1, ctx: req.context())
        func minutes(_ v: Double?) -> String { v.map { String(format: "%.1f 分钟", $0) } ?? "—" }
        let lastDay = ShanghaiTime.format(range.1.addingTimeInterval(-1), "yyyy-MM-dd")
        let view = MeasuresPage(
            from: ShanghaiTime.format(range.0, "yyyy-MM-dd"), to: lastDay,
            periodText: ShanghaiTime.format(range.0, "yyyy年M月d日") + "至" + ShanghaiTime.format(range.1.addingTimeInterval(-1), "yyyy年M月d日"),
            incidents: m.incidents,
            rates: m.reportingRates.map {
                RateRow(
                    levelTitle: $0.levelTitle, submitted: $0.submitted, total: $0.total, percentText: $0.percent.map { String(format: "%.0f%%", $0) } ?? "—")
            },
            timedCount: m.receiptToWritten.count, meanText: minutes(m.receiptToWritten.meanMinutes), p50Text: minutes(m.receiptToWritten.p50Minutes),
            p90Text: minutes(m.receiptToWritten.p90Minutes), maxText: minutes(m.receiptToWritten.maxMinutes),
            late: m.late, missed: m.missed, backfillTasks: m.backfillTasks, backfillOverdue: m.backfillOverdue, backflows: m.backflows,
            rateDefinition: m.reportingRateDefinition,
            acknowledgement: m.acknowledgement.map {
                AckRow(
                    unitName: $0.unitName, received: $0.received, acknowledged: $0.acknowledged, overdue: $0.overdue,
                    meanText: minutes($0.timing.meanMinutes), p90Text: minutes($0.timing.p90Minutes))
            }, error: error)
        return try await req.page("measures", title: "报送指标", nav: "measures", view, status: error == nil ? .ok : .unprocessableEntity)
    }
}
