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
            "2026年11月23日14时05分，许昌市建安区XX路与YY路交叉口发生一起道路交通事故，造成2人死亡、3人受伤、1人被困，直接经济损失120万元。"
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
            "2026年11月23日14时05分，许昌市建安区XX路与YY路交叉口发生一起道路交通事故，造成2人死亡、1人失踪、3人受伤、1人被困，直接经济损失123.4567万元。"
                + "XX路双向交通中断。经初步了解，事故原因为一辆重型货车制动失效后与两辆小型客车相撞。经初步判断，事故性质为道路运输生产安全事故。"
                + "目前，交警、消防、120已赶赴现场开展救援。伤亡人数可能进一步变化。")
    }

    func testUnitNameIsNotInTheBody() {
        XCTAssertFalse(ReportDrafter.draft(kind: .first, elements: crash).contains("应急管理局"))
    }

    func testCasualtiesSkipUnknownAndSayAKnownZero() {
        var e = crash
        e.casualties = Casualties(dead: nil, missing: 0, injured: 4, trapped: nil)
        XCTAssertEqual(
            ReportDrafter.draft(kind: .first, elements: e),
            "2026年11月23日14时05分，许昌市建安区XX路与YY路交叉口发生一起道路交通事故，造成4人受伤，暂无人员失踪。事故原因正在调查中。")
    }

    func testAllFourKnownZeroIsNoCasualties() {
        var e = crash
        e.event = "一起火灾"
        e.casualties = Casualties(dead: 0, missing: 0, injured: 0, trapped: 0)
        e.propertyLossYuan = 50_000
        XCTAssertEqual(
            ReportDrafter.draft(kind: .first, elements: e),
            "2026年11月23日14时05分，许昌市建安区XX路与YY路交叉口发生一起火灾，暂无人员伤亡，直接经济损失5万元。事件原因正在调查中。")
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
            "2026年11月23日14时05分，许昌市建安区XX路与YY路交叉口发生一起道路交通事故，造成直接经济损失1.5亿元。事故原因正在调查中。")
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
        XCTAssertTrue(ReportDrafter.draft(kind: .first, elements: e).contains("造成1人死亡，直接经济损失80万元。"), "the amount wins over the text")
    }

    func testOfficersPunctuationAndWhitespaceAreNotDoubled() {
        var e = crash
        e.placeDetail = "许昌市建安区XX路与YY路交叉口"
        e.event = " 一起道路交通事故。"
        e.measures = "  已封闭现场。\n"
        e.trend = "目前态势平稳；"
        XCTAssertEqual(
            ReportDrafter.draft(kind: .first, elements: e),
            "2026年11月23日14时05分，许昌市建安区XX路与YY路交叉口发生一起道路交通事故。事故原因正在调查中。已封闭现场。目前态势平稳。")
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
            "【续报（第2次）】截至2026年11月23日15时30分，道路交通事故已造成3人死亡、2人受伤，暂无人员失踪、被困。目前，被困人员已全部救出，伤员在市中心医院救治。伤员生命体征平稳。")
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
        XCTAssertEqual(ReportDrafter.draft(kind: .followUp, elements: e, sequence: 0), "【续报（第1次）】道路交通事故已造成直接经济损失200万元。")
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
            "【终报】2026年11月23日14时05分，许昌市建安区XX路与YY路交叉口发生一起道路交通事故，共造成3人死亡、2人受伤，无人员失踪、被困，直接经济损失150万元。"
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

    // MARK: - Natural Chinese is not doubled

    /// The spot as officers type it in 禹州市: the county again, or the whole division.
    private var yuzhou: ReportElements {
        ReportElements(occurredAt: sh("2026-11-23 14:05"), placeDivision: "许昌市禹州市", placeDetail: "禹州市G311国道花石段", event: "一起道路交通事故")
    }
    private let yuzhouOpening = "2026年11月23日14时05分，许昌市禹州市G311国道花石段发生一起道路交通事故。"

    func testPlaceDetailThatRepeatsThePlaceOrPartOfItSaysItOnce() {
        for detail in ["禹州市G311国道花石段", "许昌市禹州市G311国道花石段", "许昌市G311国道花石段", " 禹州市G311国道花石段，"] {
            var e = yuzhou
            e.placeDetail = detail
            XCTAssertEqual(ReportDrafter.draft(kind: .first, elements: e), yuzhouOpening + "事故原因正在调查中。", detail)
        }
        var e = yuzhou
        e.placeDetail = "河南省许昌市禹州市G311国道花石段"
        XCTAssertTrue(ReportDrafter.draft(kind: .first, elements: e).hasPrefix("2026年11月23日14时05分，河南省许昌市禹州市G311国道花石段发生一起道路交通事故。"))
    }

    func testPlaceDetailThatOnlyLooksLikeTheDivisionIsKept() {
        // "区政府" is the district's government, not a second "区".
        var e = crash
        e.placeDetail = "区政府门口"
        XCTAssertTrue(ReportDrafter.draft(kind: .first, elements: e).hasPrefix("2026年11月23日14时05分，许昌市建安区区政府门口发生一起道路交通事故。"))
        // 沙市区 is one name although it holds a 市.
        let shashi = ReportElements(placeDivision: "荆州市沙市区", placeDetail: "沙市区北京中路", event: "一起火灾")
        XCTAssertEqual(ReportDrafter.title(shashi), "荆州市沙市区北京中路发生一起火灾")
    }

    func testEventThatStartsWithThePlaceSaysThePlaceOnce() {
        for event in [
            "禹州市G311国道花石段发生一起道路交通事故", "许昌市禹州市G311国道花石段发生一起道路交通事故", "G311国道花石段发生一起道路交通事故",
            "在G311国道花石段发生一起道路交通事故", "G311国道花石段一起道路交通事故", "发生一起道路交通事故",
        ] {
            var e = yuzhou
            e.event = event
            XCTAssertEqual(ReportDrafter.draft(kind: .first, elements: e), yuzhouOpening + "事故原因正在调查中。", event)
        }
    }

    func testEventThatNamesThePlaceInsideItIsTheSentence() {
        var e = yuzhou
        e.event = "一辆货车在禹州市G311国道花石段侧翻"
        XCTAssertEqual(ReportDrafter.draft(kind: .first, elements: e), "2026年11月23日14时05分，一辆货车在许昌市禹州市G311国道花石段侧翻。事件原因正在调查中。")
        e.event = "一辆货车发生侧翻"
        XCTAssertEqual(ReportDrafter.draft(kind: .first, elements: e), "2026年11月23日14时05分，许昌市禹州市G311国道花石段一辆货车发生侧翻。事件原因正在调查中。")
    }

    func testEventThatRepeatsADivisionWithoutDetail() {
        let e = ReportElements(occurredAt: sh("2026-07-20 08:00"), placeDivision: "郑州市", event: "郑州市发生特大暴雨。")
        XCTAssertEqual(ReportDrafter.draft(kind: .first, elements: e), "2026年7月20日8时00分，郑州市发生特大暴雨。事件原因正在调查中。")
    }

    func testFollowUpSubjectLeavesThePlaceOut() {
        var e = yuzhou
        e.event = "禹州市G311国道花石段发生一起道路交通事故"
        e.casualties = Casualties(dead: 1)
        XCTAssertEqual(ReportDrafter.draft(kind: .followUp, elements: e), "【续报（第1次）】道路交通事故已造成1人死亡。")
        e.event = "一辆货车在G311国道花石段侧翻"
        XCTAssertEqual(ReportDrafter.draft(kind: .followUp, elements: e), "【续报（第1次）】该事件已造成1人死亡。")
    }

    func testCauseAndNatureTypedAsSentencesAreNotWrappedAgain() {
        var e = crash
        for (cause, said) in [
            ("原因正在调查", "事故原因正在调查。"), ("正在调查中", "事故原因正在调查中。"), ("事故原因尚不明确。", "事故原因尚不明确。"),
            ("原因为货车制动失效", "经初步了解，事故原因为货车制动失效。"), ("经初步了解，事故原因是货车制动失效", "经初步了解，事故原因为货车制动失效。"),
            ("货车制动失效", "经初步了解，事故原因为货车制动失效。"),
        ] {
            e.cause = cause
            XCTAssertEqual(ReportDrafter.draft(kind: .first, elements: e), "2026年11月23日14时05分，许昌市建安区XX路与YY路交叉口发生一起道路交通事故。" + said, cause)
        }
        e.cause = "事故原因为货车制动失效。"
        e.nature = "事故性质为一般道路运输生产安全责任事故"
        XCTAssertTrue(
            ReportDrafter.draft(kind: .final, elements: e).hasSuffix("经调查，事故原因为货车制动失效，事故性质为一般道路运输生产安全责任事故。"),
            ReportDrafter.draft(kind: .final, elements: e))
        e.nature = "性质待定"
        XCTAssertTrue(ReportDrafter.draft(kind: .first, elements: e).hasSuffix("经初步了解，事故原因为货车制动失效。事故性质待定。"))
    }

    func testMeasuresThatAlreadySayWhenAreNotPrefixed() {
        var e = crash
        for (measures, said) in [
            ("已封闭现场", "已封闭现场。"), ("目前，现场已清理", "目前，现场已清理。"), ("接报后，交警已赶赴现场", "接报后，交警已赶赴现场。"),
            ("事故发生后，区政府主要负责同志赶赴现场", "事故发生后，区政府主要负责同志赶赴现场。"), ("现场已封闭", "目前，现场已封闭。"),
        ] {
            e.measures = measures
            XCTAssertTrue(ReportDrafter.draft(kind: .first, elements: e).hasSuffix("事故原因正在调查中。" + said), measures)
        }
        // "截至…，目前，…" says "as of" twice.
        e.measures = "目前，现场清障工作正在进行"
        XCTAssertEqual(
            ReportDrafter.draft(kind: .followUp, elements: e, asOf: sh("2026-11-23 17:45")), "【续报（第1次）】截至2026年11月23日17时45分，现场清障工作正在进行。")
    }

    func testTypedColonsAndSemicolonsAreNotDoubled() {
        var e = crash
        e.event = "一起火灾；"
        e.impact = "周边300米范围内群众已疏散："
        e.trend = "火势已得到控制，"
        XCTAssertEqual(
            ReportDrafter.draft(kind: .first, elements: e),
            "2026年11月23日14时05分，许昌市建安区XX路与YY路交叉口发生一起火灾。周边300米范围内群众已疏散。事件原因正在调查中。火势已得到控制。")
    }

    // MARK: - Serious injuries

    func testSeriousInjuriesAreSaidWithTheInjured() {
        var e = crash
        let opening = "2026年11月23日14时05分，许昌市建安区XX路与YY路交叉口发生一起道路交通事故，"
        for (c, said) in [
            (Casualties(injured: 4, seriousInjuries: 2), "造成4人受伤（其中2人重伤）"),
            (Casualties(dead: 1, injured: 3, trapped: 2, seriousInjuries: 3), "造成1人死亡、3人受伤（均为重伤）、2人被困"),
            (Casualties(injured: 4, seriousInjuries: 0), "造成4人受伤（均为轻伤）"),
            (Casualties(seriousInjuries: 2), "造成2人重伤"),
        ] {
            e.casualties = c
            XCTAssertEqual(ReportDrafter.draft(kind: .first, elements: e), opening + said + "。事故原因正在调查中。")
        }
    }

    // MARK: - Unknown stays unknown

    func testUnknownCasualtiesAndLossSayNothing() {
        var e = crash
        e.casualties = Casualties()
        e.propertyLossYuan = nil
        let text = ReportDrafter.draft(kind: .first, elements: e)
        XCTAssertEqual(text, "2026年11月23日14时05分，许昌市建安区XX路与YY路交叉口发生一起道路交通事故。事故原因正在调查中。")
        XCTAssertEqual(ReportDrafter.draft(kind: .followUp, elements: e), "【续报（第1次）】")
        XCTAssertFalse(ReportDrafter.draft(kind: .final, elements: e).contains("伤亡"))
    }

    func testAKnownZeroIsSaidBesideTheHurt() {
        var e = crash
        e.casualties = Casualties(dead: 0, injured: 2)
        XCTAssertTrue(ReportDrafter.draft(kind: .first, elements: e).contains("发生一起道路交通事故，造成2人受伤，暂无人员死亡。"))
        XCTAssertTrue(ReportDrafter.draft(kind: .final, elements: e).contains("发生一起道路交通事故，共造成2人受伤，无人员死亡。"))
    }

    func testZeroLossIsSaidAndNoLossIsNot() {
        var e = crash
        e.propertyLossYuan = 0
        XCTAssertTrue(ReportDrafter.draft(kind: .first, elements: e).contains("发生一起道路交通事故，未造成直接经济损失。"))
        e.casualties = Casualties(dead: 1)
        XCTAssertTrue(ReportDrafter.draft(kind: .first, elements: e).contains("造成1人死亡，未造成直接经济损失。"))
        XCTAssertEqual(ReportDrafter.draft(kind: .followUp, elements: e), "【续报（第1次）】道路交通事故已造成1人死亡，未造成直接经济损失。")
        e.propertyLossYuan = nil
        XCTAssertFalse(ReportDrafter.draft(kind: .first, elements: e).contains("损失"))
    }

    // MARK: - Loss never crosses a level's threshold

    func testLossBesideALevelThresholdIsExact() {
        var e = crash
        for (yuan, said) in [
            (9_999_999, "999.9999万元"), (10_000_000, "1000万元"), (49_999_999, "4999.9999万元"), (99_999_999, "9999.9999万元"),
            (120_000_000, "1.2亿元"), (1_234_567, "123.4567万元"), (1_200_000, "120万元"),
        ] {
            e.propertyLossYuan = yuan
            XCTAssertTrue(ReportDrafter.draft(kind: .first, elements: e).contains("，造成直接经济损失\(said)。"), "\(yuan)")
        }
    }

    /// Whatever the amount, the text read back is the amount: so it is on the same side of
    /// every threshold of 条例第三条 as the figure the level was suggested from.
    func testWrittenLossReadsBackExactlyAroundEveryThreshold() {
        let thresholds = AccidentLevel.Measure.directLoss.bands.map(\.lower).filter { $0 > 0 }
        let amounts = thresholds.flatMap { t in [t - 10_001, t - 1, t, t + 1, t + 9_999, t + 500_000] } + [0, 1, 9_999, 10_000, 10_001, 123_456_789_012]
        for yuan in amounts {
            let text = ChineseMoneyText.written(yuan)
            XCTAssertEqual(readBack(text), Decimal(yuan), text)
            XCTAssertFalse(text.contains("约"), text)
        }
    }

    private func readBack(_ text: String) -> Decimal? {
        for (unit, scale) in [("亿元", Decimal(100_000_000)), ("万元", Decimal(10_000)), ("元", Decimal(1))] where text.hasSuffix(unit) {
            return Decimal(string: String(text.dropLast(unit.count))).map { $0 * scale }
        }
        return nil
    }

    // MARK: - The title every level sees

    func testTitleFromTheElements() {
        XCTAssertEqual(ReportDrafter.title(yuzhou), "许昌市禹州市G311国道花石段发生一起道路交通事故")
        var e = yuzhou
        e.event = "禹州市G311国道花石段发生一起道路交通事故。"
        XCTAssertEqual(ReportDrafter.title(e), "许昌市禹州市G311国道花石段发生一起道路交通事故")
        XCTAssertEqual(ReportDrafter.title(crash), "许昌市建安区XX路与YY路交叉口发生一起道路交通事故")
    }

    func testTypedTitleIsTidied() {
        XCTAssertEqual(
            ReportDrafter.title(typed: "  许昌市禹州市禹州市G311国道花石段发生发生一起一起道路交通事故。\n", yuzhou), "许昌市禹州市G311国道花石段发生一起道路交通事故")
        XCTAssertEqual(ReportDrafter.title(typed: "G311国道\n花石段交通事故", yuzhou), "G311国道 花石段交通事故")
        XCTAssertEqual(ReportDrafter.title(typed: "   ", yuzhou), "许昌市禹州市G311国道花石段发生一起道路交通事故")
    }

    func testLongTitleIsCutAtAPhrase() {
        let limit = ReportField.title.maxLength
        // A long spot gives way to the event: the title must still say what happened.
        var e = yuzhou
        e.placeDetail = String(repeating: "花石段", count: 40)
        XCTAssertEqual(ReportDrafter.title(e), "许昌市禹州市发生一起道路交通事故")
        // A long typed title ends at its last whole phrase.
        let phrase = "一二三四五六七八九十"
        let typed = (0..<12).map { "\(phrase)\($0)" }.joined(separator: "，")
        let cut = ReportDrafter.title(typed: typed, yuzhou)
        XCTAssertLessThanOrEqual(cut.count, limit)
        XCTAssertTrue(typed.hasPrefix(cut), cut)
        XCTAssertTrue(cut.hasSuffix("\(phrase)7"), cut)
        // With no phrase to end at, the cut is marked; a character made of two scalars is kept whole.
        let unbroken = String(repeating: "e\u{301}", count: limit + 10)
        let marked = ReportDrafter.title(typed: unbroken, yuzhou)
        XCTAssertEqual(marked.count, limit)
        XCTAssertEqual(marked, String(repeating: "e\u{301}", count: limit - 1) + "…")
    }

    // MARK: - Helpers

    func testChineseMinuteIsShanghaiTime() {
        XCTAssertEqual(ChineseDateText.minute(sh("2026-11-23 14:05")), "2026年11月23日14时05分")
        XCTAssertEqual(ChineseDateText.minute(sh("2026-01-05 09:05")), "2026年1月5日9时05分")
        // 00:30 in Shanghai is 16:30 UTC the day before.
        XCTAssertEqual(ChineseDateText.minute(sh("2026-11-23 00:30")), "2026年11月23日0时30分")
        XCTAssertEqual(ChineseDateText.minute(Date(timeIntervalSince1970: 0)), "1970年1月1日8时00分")
    }

    func testWrittenMoney() {
        XCTAssertEqual(ChineseMoneyText.written(1_200_000), "120万元")
        XCTAssertEqual(ChineseMoneyText.written(1_234_567), "123.4567万元")
        XCTAssertEqual(ChineseMoneyText.written(10_050), "1.005万元")
        XCTAssertEqual(ChineseMoneyText.written(10_000), "1万元")
        XCTAssertEqual(ChineseMoneyText.written(5_000), "5000元")
        XCTAssertEqual(ChineseMoneyText.written(9_999_999), "999.9999万元", "not 约1000万元: that is the 较大 threshold")
        XCTAssertEqual(ChineseMoneyText.written(10_000_000), "1000万元")
        XCTAssertEqual(ChineseMoneyText.written(99_999_999), "9999.9999万元", "not 1亿元")
        XCTAssertEqual(ChineseMoneyText.written(100_000_000), "1亿元")
        XCTAssertEqual(ChineseMoneyText.written(120_000_000), "1.2亿元")
        XCTAssertEqual(ChineseMoneyText.written(100_000_001), "10000.0001万元")
        XCTAssertEqual(ChineseMoneyText.written(1_234_567_890), "123456.789万元")
    }

    func testExactMoney() {
        XCTAssertEqual(ChineseMoneyText.exact(99_999_999), "9999.9999万元")
        XCTAssertEqual(ChineseMoneyText.exact(50_000_000), "5000万元")
        XCTAssertEqual(ChineseMoneyText.exact(100_000_001), "1.00000001亿元")
        XCTAssertEqual(ChineseMoneyText.exact(120_500), "12.05万元")
        XCTAssertEqual(ChineseMoneyText.exact(0), "0元")
    }
}
