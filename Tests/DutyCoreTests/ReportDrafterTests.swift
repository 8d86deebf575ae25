import Foundation
import XCTest

@testable import DutyCore

final class ReportDrafterTests: XCTestCase {
    private var crash: ReportElements {
        ReportElements(
            unitName: "许昌市建安区应急管理局", occurredAt: sh("2026-11-23 14:05"), placeDivision: "许昌市建安区", placeDetail: "XX路与YY路交叉口",
            event: "一起道路交通事故")
    }

    // MARK: - 首报

    func testFirstReportWithOnlyTimePlaceEventAndImpact() {
        var e = crash
        e.impact = "XX路双向交通中断"
        XCTAssertEqual(
            ReportDrafter.draft(kind: .first, elements: e),
            "2026年11月23日14时05分，许昌市建安区XX路与YY路交叉口发生一起道路交通事故。XX路双向交通中断。事故原因正在调查中。")
    }

    func testFirstReportAsInTheStandardExample() {
        var e = crash
        e.casualties = Casualties(dead: 2, missing: nil, injured: 3, trapped: 1)
        e.propertyLossYuan = 1_200_000
        e.measures = "交警、消防、120已赶赴现场开展救援，伤员已送医救治"
        e.trend = "被困人员正在施救中"
        XCTAssertEqual(
            ReportDrafter.draft(kind: .first, elements: e),
            "2026年11月23日14时05分，许昌市建安区XX路与YY路交叉口发生一起道路交通事故，造成2人死亡、3人受伤、1人被困，直接经济损失约120万元。"
                + "事故原因正在调查中。目前，交警、消防、120已赶赴现场开展救援，伤员已送医救治。被困人员正在施救中。")
    }

    func testFirstReportWithAllFields() {
        var e = crash
        e.casualties = Casualties(dead: 2, missing: 1, injured: 3, trapped: 1)
        e.propertyLossYuan = 1_234_567
        e.cause = "一辆重型货车制动失效后与两辆小型客车相撞"
        e.nature = "道路运输生产安全事故"
        e.measures = "交警、消防、120已赶赴现场开展救援"
        e.trend = "伤亡人数可能进一步变化"
        e.impact = "XX路双向交通中断"
        XCTAssertEqual(
            ReportDrafter.draft(kind: .first, elements: e),
            "2026年11月23日14时05分，许昌市建安区XX路与YY路交叉口发生一起道路交通事故，造成2人死亡、1人失踪、3人受伤、1人被困，直接经济损失约123.46万元。"
                + "XX路双向交通中断。经初步了解，事故原因为一辆重型货车制动失效后与两辆小型客车相撞。经初步判断，事故性质为道路运输生产安全事故。"
                + "目前，交警、消防、120已赶赴现场开展救援。伤亡人数可能进一步变化。")
    }

    func testUnitNameIsNotInTheBody() {
        XCTAssertFalse(ReportDrafter.draft(kind: .first, elements: crash).contains("应急管理局"))
    }

    func testCasualtiesSkipUnknownAndZero() {
        var e = crash
        e.casualties = Casualties(dead: nil, missing: 0, injured: 4, trapped: nil)
        XCTAssertEqual(
            ReportDrafter.draft(kind: .first, elements: e),
            "2026年11月23日14时05分，许昌市建安区XX路与YY路交叉口发生一起道路交通事故，造成4人受伤。事故原因正在调查中。")
    }

    func testAllFourKnownZeroIsNoCasualties() {
        var e = crash
        e.event = "一起火灾"
        e.casualties = Casualties(dead: 0, missing: 0, injured: 0, trapped: 0)
        e.propertyLossYuan = 50_000
        XCTAssertEqual(
            ReportDrafter.draft(kind: .first, elements: e),
            "2026年11月23日14时05分，许昌市建安区XX路与YY路交叉口发生一起火灾，暂无人员伤亡，直接经济损失约5万元。事件原因正在调查中。")
    }

    func testSomeKnownZeroAndRestUnknownSaysOnlyWhatIsKnown() {
        var e = crash
        e.casualties = Casualties(dead: 0, missing: nil, injured: 0, trapped: nil)
        XCTAssertEqual(
            ReportDrafter.draft(kind: .first, elements: e),
            "2026年11月23日14时05分，许昌市建安区XX路与YY路交叉口发生一起道路交通事故，暂无人员死亡、受伤。事故原因正在调查中。")
    }

    func testLossWithoutCasualtiesTakesTheVerbAndIsWrittenInYi() {
        var e = crash
        e.propertyLossYuan = 150_000_000
        XCTAssertEqual(
            ReportDrafter.draft(kind: .first, elements: e),
            "2026年11月23日14时05分，许昌市建安区XX路与YY路交叉口发生一起道路交通事故，造成直接经济损失约1.5亿元。事故原因正在调查中。")
    }

    func testLossTextIsUsedWhenThereIsNoAmount() {
        var e = crash
        e.casualties = Casualties(dead: 1)
        e.propertyLossText = "正在核实"
        XCTAssertEqual(
            ReportDrafter.draft(kind: .first, elements: e),
            "2026年11月23日14时05分，许昌市建安区XX路与YY路交叉口发生一起道路交通事故，造成1人死亡，财产损失正在核实。事故原因正在调查中。")
        e.propertyLossText = "直接经济损失约50万元。"
        XCTAssertEqual(
            ReportDrafter.draft(kind: .first, elements: e),
            "2026年11月23日14时05分，许昌市建安区XX路与YY路交叉口发生一起道路交通事故，造成1人死亡，直接经济损失约50万元。事故原因正在调查中。")
        e.propertyLossYuan = 800_000
        XCTAssertTrue(ReportDrafter.draft(kind: .first, elements: e).contains("造成1人死亡，直接经济损失约80万元。"), "the amount wins over the text")
    }

    func testOfficersPunctuationAndWhitespaceAreNotDoubled() {
        var e = crash
        e.placeDetail = "许昌市建安区XX路与YY路交叉口"
        e.event = " 一起道路交通事故。"
        e.measures = "  已封闭现场。\n"
        e.trend = "目前态势平稳；"
        XCTAssertEqual(
            ReportDrafter.draft(kind: .first, elements: e),
            "2026年11月23日14时05分，许昌市建安区XX路与YY路交叉口发生一起道路交通事故。事故原因正在调查中。目前，已封闭现场。目前态势平稳。")
    }

    func testNaturalDisasterIsAnEventNotAnAccident() {
        let e = ReportElements(occurredAt: sh("2026-07-20 08:00"), placeDivision: "郑州市", event: "特大暴雨", impact: "多条道路积水断行")
        XCTAssertEqual(
            ReportDrafter.draft(kind: .first, elements: e),
            "2026年7月20日8时00分，郑州市发生特大暴雨。多条道路积水断行。事件原因正在调查中。")
    }

    func testFirstReportWithoutTimeOrPlaceStillReads() {
        XCTAssertEqual(ReportDrafter.draft(kind: .first, elements: ReportElements(event: "一起火灾")), "发生一起火灾。事件原因正在调查中。")
    }

    // MARK: - 续报

    func testFollowUpWithCasualtiesMeasuresAndTrend() {
        var e = crash
        e.casualties = Casualties(dead: 3, missing: 0, injured: 2, trapped: 0)
        e.measures = "被困人员已全部救出，伤员在市中心医院救治"
        e.trend = "伤员生命体征平稳"
        XCTAssertEqual(
            ReportDrafter.draft(kind: .followUp, elements: e, sequence: 2, asOf: sh("2026-11-23 15:30")),
            "【续报（第2次）】截至2026年11月23日15时30分，道路交通事故已造成3人死亡、2人受伤。目前，被困人员已全部救出，伤员在市中心医院救治。伤员生命体征平稳。")
    }

    func testFollowUpDoesNotRepeatTimePlaceOrCause() {
        var e = crash
        e.cause = "货车制动失效"
        e.measures = "道路已恢复通行"
        let text = ReportDrafter.draft(kind: .followUp, elements: e, sequence: 1, asOf: sh("2026-11-23 16:00"))
        XCTAssertEqual(text, "【续报（第1次）】截至2026年11月23日16时00分，道路已恢复通行。")
    }

    func testFollowUpWithoutFiguresPutsMeasuresStraightAfterAsOf() {
        var e = crash
        e.impact = "XX路仍双向封闭"
        e.measures = "现场清障工作正在进行"
        XCTAssertEqual(
            ReportDrafter.draft(kind: .followUp, elements: e, sequence: 3, asOf: sh("2026-11-23 17:45")),
            "【续报（第3次）】截至2026年11月23日17时45分，XX路仍双向封闭。目前，现场清障工作正在进行。")
    }

    func testFollowUpWithoutAsOfAndWithLossOnly() {
        var e = crash
        e.propertyLossYuan = 2_000_000
        XCTAssertEqual(ReportDrafter.draft(kind: .followUp, elements: e, sequence: 0), "【续报（第1次）】道路交通事故已造成直接经济损失约200万元。")
        e.propertyLossYuan = nil
        e.measures = "伤员已送医"
        XCTAssertEqual(ReportDrafter.draft(kind: .followUp, elements: e), "【续报（第1次）】目前，伤员已送医。")
    }

    func testEmptyFollowUpIsOnlyItsHeader() {
        XCTAssertEqual(ReportDrafter.draft(kind: .followUp, elements: crash, sequence: 4, asOf: sh("2026-11-23 18:00")), "【续报（第4次）】")
    }

    // MARK: - 终报

    func testFinalReportRestatesEverythingWithCauseAndNature() {
        var e = crash
        e.casualties = Casualties(dead: 3, missing: 0, injured: 2, trapped: 0)
        e.propertyLossYuan = 1_500_000
        e.cause = "一辆重型货车制动失效后与两辆小型客车相撞"
        e.nature = "一般道路运输生产安全责任事故"
        e.measures = "现场处置工作已结束，道路恢复通行"
        XCTAssertEqual(
            ReportDrafter.draft(kind: .final, elements: e, sequence: 5, asOf: sh("2026-11-24 10:00")),
            "【终报】2026年11月23日14时05分，许昌市建安区XX路与YY路交叉口发生一起道路交通事故，共造成3人死亡、2人受伤，直接经济损失约150万元。"
                + "经调查，事故原因为一辆重型货车制动失效后与两辆小型客车相撞，事故性质为一般道路运输生产安全责任事故。目前，现场处置工作已结束，道路恢复通行。")
    }

    func testFinalReportWithNoCasualtiesAndCauseStillUnderInvestigation() {
        var e = crash
        e.event = "一起火灾"
        e.casualties = Casualties(dead: 0, missing: 0, injured: 0, trapped: 0)
        e.nature = "一般火灾"
        e.measures = "明火已扑灭"
        XCTAssertEqual(
            ReportDrafter.draft(kind: .final, elements: e),
            "【终报】2026年11月23日14时05分，许昌市建安区XX路与YY路交叉口发生一起火灾，未造成人员伤亡。事件原因正在调查中。事件性质为一般火灾。目前，明火已扑灭。")
    }

    // MARK: - Helpers

    func testChineseMinuteIsShanghaiTime() {
        XCTAssertEqual(ChineseDateText.minute(sh("2026-11-23 14:05")), "2026年11月23日14时05分")
        XCTAssertEqual(ChineseDateText.minute(sh("2026-01-05 09:05")), "2026年1月5日9时05分")
        // 00:30 in Shanghai is 16:30 UTC the day before.
        XCTAssertEqual(ChineseDateText.minute(sh("2026-11-23 00:30")), "2026年11月23日0时30分")
        XCTAssertEqual(ChineseDateText.minute(Date(timeIntervalSince1970: 0)), "1970年1月1日8时00分")
    }

    func testApproximateMoney() {
        XCTAssertEqual(ChineseMoneyText.approximate(1_200_000), "120万元")
        XCTAssertEqual(ChineseMoneyText.approximate(1_234_567), "123.46万元")
        XCTAssertEqual(ChineseMoneyText.approximate(10_050), "1.01万元", "half up")
        XCTAssertEqual(ChineseMoneyText.approximate(10_000), "1万元")
        XCTAssertEqual(ChineseMoneyText.approximate(5_000), "5000元")
        XCTAssertEqual(ChineseMoneyText.approximate(99_999_999), "1亿元", "not 10000万元")
        XCTAssertEqual(ChineseMoneyText.approximate(100_000_000), "1亿元")
        XCTAssertEqual(ChineseMoneyText.approximate(150_000_000), "1.5亿元")
        XCTAssertEqual(ChineseMoneyText.approximate(1_234_567_890), "12.35亿元")
    }

    func testExactMoney() {
        XCTAssertEqual(ChineseMoneyText.exact(99_999_999), "9999.9999万元")
        XCTAssertEqual(ChineseMoneyText.exact(50_000_000), "5000万元")
        XCTAssertEqual(ChineseMoneyText.exact(100_000_001), "1.00000001亿元")
        XCTAssertEqual(ChineseMoneyText.exact(120_500), "12.05万元")
        XCTAssertEqual(ChineseMoneyText.exact(0), "0元")
    }
}
