import Foundation
import XCTest

@testable import DutyCore

final class AccidentLevelTests: XCTestCase {
    private func level(deaths: Int = 0, injuries: Int = 0, loss: Int = 0) -> IncidentLevel {
        AccidentLevel.suggest(deaths: deaths, seriousInjuries: injuries, directLossYuan: loss).level
    }

    // MARK: - 以上 includes the number, 以下 excludes it

    func testDeathBoundaries() {
        XCTAssertEqual(level(deaths: 0), .ordinary)
        XCTAssertEqual(level(deaths: 2), .ordinary)
        XCTAssertEqual(level(deaths: 3), .large)
        XCTAssertEqual(level(deaths: 9), .large)
        XCTAssertEqual(level(deaths: 10), .major)
        XCTAssertEqual(level(deaths: 29), .major)
        XCTAssertEqual(level(deaths: 30), .extraordinary)
        XCTAssertEqual(level(deaths: 300), .extraordinary)
    }

    func testSeriousInjuryBoundaries() {
        XCTAssertEqual(level(injuries: 9), .ordinary)
        XCTAssertEqual(level(injuries: 10), .large)
        XCTAssertEqual(level(injuries: 49), .large)
        XCTAssertEqual(level(injuries: 50), .major)
        XCTAssertEqual(level(injuries: 99), .major)
        XCTAssertEqual(level(injuries: 100), .extraordinary)
    }

    func testDirectLossBoundaries() {
        XCTAssertEqual(level(loss: 9_999_999), .ordinary)
        XCTAssertEqual(level(loss: 10_000_000), .large)
        XCTAssertEqual(level(loss: 49_999_999), .large)
        XCTAssertEqual(level(loss: 50_000_000), .major)
        XCTAssertEqual(level(loss: 99_999_999), .major)
        XCTAssertEqual(level(loss: 100_000_000), .extraordinary)
    }

    // MARK: - The most severe measure wins, and is named

    func testMostSevereMeasureWinsAndOnlyItIsGivenAsReason() {
        let s = AccidentLevel.suggest(deaths: 2, seriousInjuries: 0, directLossYuan: 60_000_000)
        XCTAssertEqual(s.level, .major)
        XCTAssertEqual(s.reasons, ["直接经济损失6000万元，达到重大事故标准（5000万元以上1亿元以下）"])
    }

    func testEveryMeasureReachingTheLevelIsNamedInOrder() {
        let s = AccidentLevel.suggest(deaths: 12, seriousInjuries: 60, directLossYuan: 20_000_000)
        XCTAssertEqual(s.level, .major)
        XCTAssertEqual(
            s.reasons,
            [
                "死亡12人，达到重大事故标准（10人以上30人以下）",
                "重伤60人（含急性工业中毒），达到重大事故标准（50人以上100人以下）",
            ])
    }

    func testReasonTextsAtEachLevel() {
        XCTAssertEqual(AccidentLevel.suggest(deaths: 3, seriousInjuries: 0, directLossYuan: 0).reasons, ["死亡3人，达到较大事故标准（3人以上10人以下）"])
        XCTAssertEqual(AccidentLevel.suggest(deaths: 30, seriousInjuries: 0, directLossYuan: 0).reasons, ["死亡30人，达到特别重大事故标准（30人以上）"])
        XCTAssertEqual(
            AccidentLevel.suggest(deaths: 0, seriousInjuries: 10, directLossYuan: 0).reasons, ["重伤10人（含急性工业中毒），达到较大事故标准（10人以上50人以下）"])
        XCTAssertEqual(
            AccidentLevel.suggest(deaths: 0, seriousInjuries: 100, directLossYuan: 0).reasons, ["重伤100人（含急性工业中毒），达到特别重大事故标准（100人以上）"])
        XCTAssertEqual(
            AccidentLevel.suggest(deaths: 0, seriousInjuries: 0, directLossYuan: 10_000_000).reasons, ["直接经济损失1000万元，达到较大事故标准（1000万元以上5000万元以下）"])
        XCTAssertEqual(AccidentLevel.suggest(deaths: 0, seriousInjuries: 0, directLossYuan: 100_000_000).reasons, ["直接经济损失1亿元，达到特别重大事故标准（1亿元以上）"])
    }

    func testLossJustBelowAThresholdIsWrittenExactlyNotRoundedUp() {
        // Rounded, 99_999_999 would read "1亿元" next to a 重大 suggestion and look like a bug.
        XCTAssertEqual(
            AccidentLevel.suggest(deaths: 0, seriousInjuries: 0, directLossYuan: 99_999_999).reasons,
            ["直接经济损失9999.9999万元，达到重大事故标准（5000万元以上1亿元以下）"])
    }

    func testOrdinaryNamesAllThreeMeasures() {
        let s = AccidentLevel.suggest(deaths: 2, seriousInjuries: 9, directLossYuan: 9_999_999)
        XCTAssertEqual(s.level, .ordinary)
        XCTAssertEqual(
            s.reasons,
            [
                "死亡2人，属一般事故（3人以下）",
                "重伤9人（含急性工业中毒），属一般事故（10人以下）",
                "直接经济损失999.9999万元，属一般事故（1000万元以下）",
            ])
    }

    func testNegativeInputCountsAsZero() {
        let s = AccidentLevel.suggest(deaths: -5, seriousInjuries: -1, directLossYuan: -100)
        XCTAssertEqual(s.level, .ordinary)
        XCTAssertEqual(s.reasons.first, "死亡0人，属一般事故（3人以下）")
    }

    // MARK: - Confirming or overriding

    func testKeepingTheSuggestionNeedsNoReason() throws {
        let d = try LevelDecision.decide(suggested: .large, chosen: .large, reason: nil).get()
        XCTAssertEqual(d.chosen, .large)
        XCTAssertNil(d.overrideReason)
        XCTAssertFalse(d.isOverride)
    }

    func testOverrideWithoutReasonIsRefused() {
        let expected = LevelDecisionError.overrideReasonRequired(suggested: .large, chosen: .major)
        XCTAssertEqual(LevelDecision.decide(suggested: .large, chosen: .major, reason: nil), .failure(expected))
        XCTAssertEqual(LevelDecision.decide(suggested: .large, chosen: .major, reason: ""), .failure(expected))
        XCTAssertEqual(LevelDecision.decide(suggested: .large, chosen: .major, reason: " \n\t "), .failure(expected))
        XCTAssertEqual(expected.message, "所选级别与建议级别（较大）不同，请说明理由")
        XCTAssertEqual(expected.code, "level_override_reason_required")
    }

    func testOverrideDownwardsAlsoNeedsAReason() {
        guard case .failure(let error) = LevelDecision.decide(suggested: .major, chosen: .ordinary, reason: nil) else {
            return XCTFail("a lower level than suggested must be justified too")
        }
        XCTAssertEqual(error.message, "所选级别与建议级别（重大）不同，请说明理由")
    }

    func testOverrideWithReasonIsRecordedTrimmed() throws {
        let d = try LevelDecision.decide(suggested: .large, chosen: .major, reason: "  事发学校周边，社会影响大 \n").get()
        XCTAssertEqual(d.suggested, .large)
        XCTAssertEqual(d.chosen, .major)
        XCTAssertEqual(d.overrideReason, "事发学校周边，社会影响大")
        XCTAssertTrue(d.isOverride)
    }

    func testReasonGivenWithoutOverrideIsNotRecordedAsOne() throws {
        let d = try LevelDecision.decide(suggested: .ordinary, chosen: .ordinary, reason: "同意").get()
        XCTAssertNil(d.overrideReason)
    }
}
