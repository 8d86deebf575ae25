import XCTest

@testable import DutyCore

final class BoardQueueTests: XCTestCase {
    func testWhatWaitsForTheActorComesFirst() {
        XCTAssertEqual(BoardQueue.order(signs: false, approves: false), [.inbox, .incidents, .backfill, .signoff, .approval], "an officer: 待签收, then clocks")
        XCTAssertEqual(BoardQueue.order(signs: true, approves: false).first, .signoff, "a leader: 待签发")
        XCTAssertEqual(BoardQueue.order(signs: false, approves: true).first, .approval, "the government duty office: 待核准")
        for signs in [false, true] {
            for approves in [false, true] {
                let order = BoardQueue.order(signs: signs, approves: approves)
                XCTAssertEqual(Set(order), Set(BoardQueue.allCases))
                XCTAssertEqual(order.count, BoardQueue.allCases.count, "every list once")
            }
        }
    }

    func testAWaitTurnsOrangeAtHalfItsTimeAndRedAtItsLimit() {
        let t0 = Date(timeIntervalSince1970: 1_800_000_000)
        let due = t0.addingTimeInterval(10 * 60)
        XCTAssertEqual(QueueWait.of(since: t0, due: due, now: t0.addingTimeInterval(30)).tone, .calm)
        XCTAssertEqual(QueueWait.of(since: t0, due: due, now: t0.addingTimeInterval(30)).text, "刚刚到达")
        XCTAssertEqual(QueueWait.of(since: t0, due: due, now: t0.addingTimeInterval(4 * 60 + 59)).tone, .calm)
        XCTAssertEqual(QueueWait.of(since: t0, due: due, now: t0.addingTimeInterval(5 * 60)).tone, .soon)
        XCTAssertEqual(QueueWait.of(since: t0, due: due, now: t0.addingTimeInterval(5 * 60)).text, "已等待 5 分钟")
        XCTAssertEqual(QueueWait.of(since: t0, due: due, now: due).tone, .late)
        XCTAssertEqual(QueueWait.of(since: t0, due: due, now: t0.addingTimeInterval(65 * 60)).text, "已等待 1 小时 5 分钟")
        XCTAssertEqual(QueueWait.of(since: t0, due: nil, now: t0.addingTimeInterval(99 * 60)).tone, .calm, "no limit known: no colour")
        XCTAssertEqual(QueueWait.of(since: t0, due: t0.addingTimeInterval(-60), now: t0).tone, .late, "a limit already gone")
    }
}

final class RollCallStartTests: XCTestCase {
    func testThePageSaysWhoMayStartARollCallAndWhyNot() throws {
        XCTAssertEqual(RollCallRule.starters, [.sectionLeader, .dutyLeader, .unitHead])
        let officer = try XCTUnwrap(RollCallRule.cannotStart(roles: try RoleSet([.dutyOfficer]), isOwnUnit: true, subordinates: 6))
        XCTAssertTrue(officer.contains("值班科(处)领导、带班领导、主要负责同志"), officer)
        XCTAssertTrue(officer.contains("您的角色是值班员"), officer)
        XCTAssertNil(RollCallRule.cannotStart(roles: try RoleSet([.sectionLeader]), isOwnUnit: true, subordinates: 6))
        XCTAssertEqual(
            RollCallRule.cannotStart(roles: try RoleSet([.dutyLeader]), isOwnUnit: true, subordinates: 0), "本单位没有可以点名的下级值班室，无需发起点名。")
        XCTAssertNotNil(RollCallRule.cannotStart(roles: try RoleSet([.unitHead]), isOwnUnit: false, subordinates: 6), "a subordinate's page is read only")
    }
}

final class WallMarkingTests: XCTestCase {
    func testAClassifiedItemShowsOnTheWallOnlyAsThere() {
        XCTAssertEqual(ClassifiedMarking.onTheWall("某地危化品泄漏", classified: true, placeholder: ClassifiedMarking.offTheWall), "密件（内容不在大屏显示）")
        XCTAssertEqual(ClassifiedMarking.onTheWall("伤亡情况……", classified: true), "")
        XCTAssertEqual(ClassifiedMarking.onTheWall("某地道路交通事故", classified: false, placeholder: ClassifiedMarking.offTheWall), "某地道路交通事故")
    }
}
