import XCTest

@testable import DutyCore

final class NotificationsTests: XCTestCase {
    let due = Date(timeIntervalSince1970: 1_795_416_900)  // 14:55 Shanghai

    func testAnUnclassifiedNoticeNamesTheIncidentAndTheDeadline() {
        let n = OutboundNotice.make(
            .deadlineDue, unitName: "建安区应急管理局", classified: false, incidentTitle: "许由路交通事故", levelTitle: "一般", ruleTitle: "50分钟内书面报告基本情况", dueAt: due,
            link: "/incidents/1")
        XCTAssertEqual(n.text, "【应急值班】许由路交通事故（一般）：50分钟内书面报告基本情况，已于14:55超时，请立即报送。")
        XCTAssertFalse(n.classified)
    }

    func testAClassifiedNoticeCarriesNothingOfTheContent() {
        for event in [OutboundNotice.Event.deadlineWarning, .deadlineDue, .reportSubmitted] {
            let n = OutboundNotice.make(
                event, unitName: "许昌市应急管理局", classified: true, incidentTitle: "某涉密目标爆炸", levelTitle: "重大", ruleTitle: "重特大50分钟内报部", dueAt: due,
                link: "/incidents/2")
            XCTAssertTrue(n.text.contains("密件"), n.text)
            for secret in ["某涉密目标爆炸", "重大", "重特大50分钟内报部"] {
                XCTAssertFalse(n.text.contains(secret), "\(event): \(n.text)")
            }
            XCTAssertTrue(n.classified)
        }
    }

    func testRetriesSpaceOutAndStop() {
        XCTAssertEqual(RetrySchedule.delay(afterAttempt: 1), 10)
        XCTAssertEqual(RetrySchedule.delay(afterAttempt: 6), 1800)
        XCTAssertNil(RetrySchedule.delay(afterAttempt: 7))
        XCTAssertNil(RetrySchedule.delay(afterAttempt: 0))
    }

    func testRosterFiledNoticeSaysWhoFiledWhichMonth() {
        let n = OutboundNotice.rosterFiled(byUnit: "魏都区应急管理局", to: "许昌市应急管理局", monthTitle: "2026年12月", statusTitle: "按时", link: "/rosters")
        XCTAssertEqual(n.event, "roster.filed")
        XCTAssertEqual(n.unitName, "许昌市应急管理局")
        XCTAssertEqual(n.text, "【应急值班】魏都区应急管理局已报备2026年12月值班表（按时），请登录系统查看。")
        XCTAssertFalse(n.classified)
    }
}
