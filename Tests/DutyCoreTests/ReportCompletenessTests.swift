import Foundation
import XCTest

@testable import DutyCore

final class ReportCompletenessTests: XCTestCase {
    private let at = ShanghaiTime.parse("2026-11-23 14:05")!

    private func fields(_ kind: ReportKind, _ e: ReportElements) -> [String] {
        ReportCompleteness.missing(for: kind, e).map(\.field)
    }

    /// The smallest first report S000 四 accepts: 时间、地点、事件、影响.
    private var minimalFirst: ReportElements {
        ReportElements(occurredAt: at, placeDivision: "许昌市建安区", placeDetail: "许由路与魏武大道交叉口", event: "一起道路交通事故", impact: "XX路双向交通中断")
    }

    // MARK: - 首报

    func testEmptyFirstReportListsAllFourElementsInOrderWithMessages() {
        let missing = ReportCompleteness.missing(for: .first, ReportElements())
        XCTAssertEqual(
            missing,
            [
                .init(field: "occurredAt", message: "缺少事发时间", title: "事发时间"),
                .init(field: "placeDetail", message: "缺少事发地点：请写明具体位置（道路路口、村组、企业或场所名称）", title: "事发地点"),
                .init(field: "event", message: "缺少事件概况（发生了什么）", title: "事件概况"),
                .init(field: "impact", message: "缺少影响情况：伤亡人数、财产损失或其他影响至少填写一项", title: "影响情况"),
            ])
        XCTAssertEqual(ReportCompleteness.summary(for: .first, missing), "首报要素不全：缺少事发时间、事发地点、事件概况、影响情况")
    }

    func testMinimalFirstReportIsComplete() {
        XCTAssertEqual(ReportCompleteness.missing(for: .first, minimalFirst), [])
    }

    func testFirstReportDoesNotNeedCauseOrMeasures() {
        var e = minimalFirst
        e.cause = ""
        e.measures = ""
        e.trend = ""
        XCTAssertEqual(fields(.first, e), [])
    }

    /// The county the unit sits in is not where it happened: the report names the spot.
    func testTheCountyAloneIsNotAPlace() {
        var e = minimalFirst
        e.placeDetail = "  \t"
        XCTAssertEqual(fields(.first, e), ["placeDetail"])
        e.placeDivision = ""
        e.placeDetail = "XX路与YY路交叉口"
        XCTAssertEqual(fields(.first, e), [])
    }

    /// A value refused for its form (too long, negative) is corrected, not also reported missing.
    func testARefusedFieldIsNotAlsoMissing() {
        var e = minimalFirst
        e.event = ""
        e.impact = ""
        XCTAssertEqual(fields(.first, e), ["event", "impact"])
        let besides = ReportCompleteness.missing(for: .first, e, besides: ["event", "dead"]).map(\.field)
        XCTAssertEqual(besides, [], "the event was refused, and so was a figure of the impact")
        XCTAssertEqual(ReportCompleteness.missing(for: .first, e, besides: ["title"]).map(\.field), ["event", "impact"])
    }

    func testBlankTextCountsAsMissing() {
        var e = minimalFirst
        e.event = " \n "
        e.impact = "   "
        XCTAssertEqual(fields(.first, e), ["event", "impact"])
    }

    func testEachKindOfImpactSatisfiesTheImpactRule() {
        var base = minimalFirst
        base.impact = ""
        XCTAssertEqual(fields(.first, base), ["impact"])

        var e = base
        e.casualties.injured = 3
        XCTAssertEqual(fields(.first, e), [], "one casualty figure")

        e = base
        e.casualties.dead = 0
        XCTAssertEqual(fields(.first, e), [], "a known zero is information: 暂无人员死亡")

        e = base
        e.propertyLossYuan = 0
        XCTAssertEqual(fields(.first, e), [], "loss in yuan")

        e = base
        e.propertyLossText = "正在核实"
        XCTAssertEqual(fields(.first, e), [], "loss as text")

        e = base
        e.propertyLossText = "  "
        XCTAssertEqual(fields(.first, e), ["impact"])
    }

    // MARK: - 终报

    func testFinalReportNeedsCauseMeasuresAndAllFourCasualties() {
        let missing = ReportCompleteness.missing(for: .final, minimalFirst)
        XCTAssertEqual(
            missing,
            [
                .init(field: "casualties", message: "终报须填全伤亡人数（死亡、失踪、受伤、被困，没有的填0），未填写：死亡、失踪、受伤、被困", title: "死亡、失踪、受伤、被困人数"),
                .init(field: "cause", message: "缺少事件原因（起因）", title: "事件原因"),
                .init(field: "measures", message: "缺少已采取的措施", title: "已采取的措施"),
            ])
    }

    func testFinalReportNamesOnlyTheUnknownCasualties() {
        var e = minimalFirst
        e.cause = "货车超载、制动失效"
        e.measures = "现场处置完毕，道路恢复通行"
        e.casualties = Casualties(dead: 2, missing: nil, injured: 3, trapped: nil)
        XCTAssertEqual(
            ReportCompleteness.missing(for: .final, e).map(\.message),
            ["终报须填全伤亡人数（死亡、失踪、受伤、被困，没有的填0），未填写：失踪、被困"])
        e.casualties = Casualties(dead: 2, missing: 0, injured: 3, trapped: 0)
        XCTAssertEqual(ReportCompleteness.missing(for: .final, e), [])
    }

    func testFinalReportStillNeedsTheFirstReportsElements() {
        let e = ReportElements(cause: "雷击", casualties: Casualties(dead: 0, missing: 0, injured: 0, trapped: 0), measures: "已处置完毕")
        XCTAssertEqual(fields(.final, e), ["occurredAt", "placeDetail", "event"])
    }

    func testFinalReportWithoutAnyImpactAsksForCasualtiesOnce() {
        // All four unknown and nothing else said: the casualty message covers the impact rule,
        // so the officer is not told the same thing twice.
        var e = minimalFirst
        e.impact = ""
        e.cause = "x"
        e.measures = "y"
        XCTAssertEqual(fields(.final, e), ["casualties"])
    }

    func testBlankCauseAndMeasuresAreMissingInFinal() {
        var e = minimalFirst
        e.casualties = Casualties(dead: 0, missing: 0, injured: 0, trapped: 0)
        e.cause = "  "
        e.measures = "\n"
        XCTAssertEqual(fields(.final, e), ["cause", "measures"])
    }

    // MARK: - 续报

    func testFollowUpNeedsEventAndSomeProgress() {
        XCTAssertEqual(
            ReportCompleteness.missing(for: .followUp, ReportElements()),
            [
                .init(field: "event", message: "缺少事件概况（发生了什么）", title: "事件概况"),
                .init(field: "measures", message: "缺少续报内容：伤亡人数、处置措施、发展态势或影响情况至少填写一项", title: "续报内容"),
            ])
    }

    func testFollowUpDoesNotRepeatTimeAndPlace() {
        let e = ReportElements(event: "一起道路交通事故", measures: "伤员已送医救治")
        XCTAssertEqual(fields(.followUp, e), [])
    }

    func testEachKindOfProgressSatisfiesAFollowUp() {
        let base = ReportElements(event: "一起道路交通事故")
        XCTAssertEqual(fields(.followUp, base), ["measures"])
        var e = base
        e.casualties.dead = 3
        XCTAssertEqual(fields(.followUp, e), [])
        e = base
        e.trend = "伤员情况稳定"
        XCTAssertEqual(fields(.followUp, e), [])
        e = base
        e.impact = "道路已恢复通行"
        XCTAssertEqual(fields(.followUp, e), [])
        e = base
        e.propertyLossYuan = 1_500_000
        XCTAssertEqual(fields(.followUp, e), [])
        e = base
        e.measures = " "
        e.trend = "\t"
        XCTAssertEqual(fields(.followUp, e), ["measures"])
    }

    func testCauseAloneIsNotProgressAndEventIsStillRequired() {
        let e = ReportElements(event: "  ", cause: "初步判断为货车制动失效")
        XCTAssertEqual(fields(.followUp, e), ["event", "measures"])
    }
}
