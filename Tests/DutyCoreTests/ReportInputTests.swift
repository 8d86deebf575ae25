import DutyCore
import XCTest

/// What an officer types into a report, checked once, all problems together.
final class ReportInputTests: XCTestCase {
    func testEveryProblemOfTheFormComesBackAtOnceWithItsField() {
        let input = ReportElementsInput(
            event: String(repeating: "车", count: 201), dead: -1, injured: 3, propertyLossYuan: -5, measures: String(repeating: "救", count: 4001))
        guard case .failure(let f) = input.applied(to: ReportElements()) else { return XCTFail("accepted") }
        XCTAssertEqual(f.issues.map(\.field), ["event", "dead", "propertyLossYuan", "measures"])
        XCTAssertEqual(f.issues[0].message, "事件概况过长（最多200字，现为201字）")
        XCTAssertEqual(f.issues[1].message, "死亡人数应为0到1000000之间的整数")
    }

    func testAFollowUpChangesOnlyWhatItNamesTrimmed() throws {
        var base = ReportElements(event: "一起道路交通事故", measures: "已封闭道路")
        base.casualties.dead = 2
        let e = try ReportElementsInput(injured: 4, trend: "  趋于稳定 \n").applied(to: base).get()
        XCTAssertEqual(e.event, "一起道路交通事故")
        XCTAssertEqual(e.casualties.dead, 2)
        XCTAssertEqual(e.casualties.injured, 4)
        XCTAssertEqual(e.trend, "趋于稳定")
        // Exactly at the limit is accepted.
        XCTAssertNoThrow(try ReportElementsInput(event: String(repeating: "车", count: 200)).applied(to: base).get())
    }

    func testADraftKeepsWhatIsAcceptableAndNamesTheRest() {
        let (e, issues) = ReportElementsInput(event: "化工厂爆炸", dead: 2_000_000).checked(against: ReportElements())
        XCTAssertEqual(e.event, "化工厂爆炸")
        XCTAssertNil(e.casualties.dead)
        XCTAssertEqual(issues.map(\.field), ["dead"])
    }

    func testTheCasesFirstInstantsAreInOrder() {
        let now = Date(timeIntervalSince1970: 1_795_413_900)
        XCTAssertEqual(ReportInputRules.times(occurredAt: now.addingTimeInterval(-600), receivedAt: now.addingTimeInterval(-60), now: now), [])
        XCTAssertEqual(
            ReportInputRules.times(occurredAt: now.addingTimeInterval(-60), receivedAt: now.addingTimeInterval(-600), now: now).map(\.message),
            ["事发时间不能晚于接报时间"])
        XCTAssertEqual(ReportInputRules.times(occurredAt: nil, receivedAt: now.addingTimeInterval(1), now: now).map(\.field), ["receivedAt"])
        XCTAssertEqual(ReportInputRules.times(occurredAt: now.addingTimeInterval(120), receivedAt: now, now: now).map(\.message), ["事发时间不能晚于当前时间"])
        XCTAssertEqual(ReportInputRules.seriousInjuries(4, injured: 3)?.message, "重伤人数不能多于受伤人数")
        XCTAssertNil(ReportInputRules.seriousInjuries(3, injured: 3))
    }

    func testTheLimitsPagesUseAreTheLimitsChecked() {
        XCTAssertEqual(ReportField.maxLengths["event"], 200)
        XCTAssertEqual(ReportField.maxLengths["body"], 20000)
        XCTAssertEqual(ReportField.maxLengths.count, ReportField.allCases.count)
    }
}
