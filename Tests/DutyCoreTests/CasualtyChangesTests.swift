import Foundation
import XCTest

@testable import DutyCore

final class CasualtyChangesTests: XCTestCase {
    func testNoChangeIsEmpty() {
        let c = Casualties(dead: 2, missing: nil, injured: 0, trapped: 1)
        XCTAssertEqual(CasualtyChanges.between(c, c), [])
        XCTAssertFalse(CasualtyChanges.requiresExplanation([]))
    }

    func testIncrease() {
        let changes = CasualtyChanges.between(Casualties(dead: 2), Casualties(dead: 3))
        XCTAssertEqual(changes, [CasualtyChanges.Change(field: "dead", title: "死亡", from: 2, to: 3, isDecrease: false, text: "死亡人数由2人变为3人")])
        XCTAssertFalse(CasualtyChanges.requiresExplanation(changes))
    }

    func testUnknownBecomingKnownIsNotADecrease() {
        let changes = CasualtyChanges.between(Casualties(), Casualties(injured: 5))
        XCTAssertEqual(changes.map(\.text), ["受伤人数由未知变为5人"])
        XCTAssertEqual(changes.first?.from, nil)
        XCTAssertEqual(changes.first?.to, 5)
        XCTAssertFalse(CasualtyChanges.requiresExplanation(changes))
    }

    func testUnknownBecomingZeroIsAChange() {
        let changes = CasualtyChanges.between(Casualties(), Casualties(trapped: 0))
        XCTAssertEqual(changes.map(\.text), ["被困人数由未知变为0人"])
        XCTAssertFalse(changes[0].isDecrease)
    }

    func testDecreaseNeedsExplanation() {
        let changes = CasualtyChanges.between(Casualties(missing: 4), Casualties(missing: 1))
        XCTAssertEqual(changes, [CasualtyChanges.Change(field: "missing", title: "失踪", from: 4, to: 1, isDecrease: true, text: "失踪人数由4人减为1人（减少需说明原因）")])
        XCTAssertTrue(CasualtyChanges.requiresExplanation(changes))
    }

    func testDroppingAKnownNumberToUnknownIsADecrease() {
        let changes = CasualtyChanges.between(Casualties(dead: 2), Casualties(dead: nil))
        XCTAssertEqual(changes, [CasualtyChanges.Change(field: "dead", title: "死亡", from: 2, to: nil, isDecrease: true, text: "死亡人数由2人变为未填写（不能删除已报告的数字）")])
        XCTAssertTrue(CasualtyChanges.requiresExplanation(changes))
    }

    func testDroppingAKnownZeroToUnknownIsAlsoCaught() {
        let changes = CasualtyChanges.between(Casualties(trapped: 0), Casualties())
        XCTAssertEqual(changes.map(\.text), ["被困人数由0人变为未填写（不能删除已报告的数字）"])
        XCTAssertTrue(changes[0].isDecrease)
    }

    func testAllFourInOrderAndOneDecreaseIsEnough() {
        let previous = Casualties(dead: 1, missing: 5, injured: nil, trapped: 3)
        let next = Casualties(dead: 2, missing: 3, injured: 7, trapped: 0)
        let changes = CasualtyChanges.between(previous, next)
        XCTAssertEqual(changes.map(\.field), ["dead", "missing", "injured", "trapped"])
        XCTAssertEqual(changes.map(\.title), ["死亡", "失踪", "受伤", "被困"])
        XCTAssertEqual(
            changes.map(\.text),
            ["死亡人数由1人变为2人", "失踪人数由5人减为3人（减少需说明原因）", "受伤人数由未知变为7人", "被困人数由3人减为0人（减少需说明原因）"])
        XCTAssertEqual(changes.map(\.isDecrease), [false, true, false, true])
        XCTAssertTrue(CasualtyChanges.requiresExplanation(changes))
        XCTAssertTrue(CasualtyChanges.requiresExplanation(Array(changes.prefix(2))))
        XCTAssertFalse(CasualtyChanges.requiresExplanation([changes[0], changes[2]]))
    }

    func testUnchangedFieldsAreLeftOut() {
        let changes = CasualtyChanges.between(Casualties(dead: 1, missing: 2, injured: 3, trapped: 4), Casualties(dead: 1, missing: 2, injured: 6, trapped: 4))
        XCTAssertEqual(changes.map(\.field), ["injured"])
    }
}
