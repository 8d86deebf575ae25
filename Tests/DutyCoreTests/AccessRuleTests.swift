import XCTest

@testable import DutyCore

final class AccessRuleTests: XCTestCase {
    private func path(_ text: String, file: StaticString = #filePath, line: UInt = #line) -> UnitPath {
        guard let p = UnitPath(text) else {
            XCTFail("\(text) did not parse", file: file, line: line)
            return UnitPath(ids: ["<invalid>"])
        }
        return p
    }

    func testOwnUnitVisible() {
        XCTAssertTrue(AccessRule.canSee(actor: path("/mem/ha/xc/"), target: path("/mem/ha/xc/")))
    }

    func testChildAndGrandchildVisible() {
        let actor = path("/mem/ha/")
        XCTAssertTrue(AccessRule.canSee(actor: actor, target: path("/mem/ha/xc/")))
        XCTAssertTrue(AccessRule.canSee(actor: actor, target: path("/mem/ha/xc/cg/")))
    }

    func testSiblingNotVisible() {
        XCTAssertFalse(AccessRule.canSee(actor: path("/mem/ha/xc/"), target: path("/mem/ha/zz/")))
    }

    func testParentNotVisible() {
        XCTAssertFalse(AccessRule.canSee(actor: path("/mem/ha/xc/"), target: path("/mem/ha/")))
        XCTAssertFalse(AccessRule.canSee(actor: path("/mem/ha/xc/"), target: path("/mem/")))
    }

    func testCousinNotVisible() {
        XCTAssertFalse(AccessRule.canSee(actor: path("/mem/ha/xc/"), target: path("/mem/ha/zz/zm/")))
        XCTAssertFalse(AccessRule.canSee(actor: path("/mem/ha/xc/cg/"), target: path("/mem/ha/zz/zm/")))
    }

    func testSharedStringPrefixIsNotCoverage() {
        // The text "/root/A" is a string prefix of "/root/A1/", but paths compare by whole ids.
        XCTAssertFalse(AccessRule.canSee(actor: path("/root/A/"), target: path("/root/A1/")))
        XCTAssertFalse(AccessRule.canSee(actor: path("/root/A/"), target: path("/root/A1/x/")))
        XCTAssertFalse(AccessRule.canSee(actor: path("/root/A1/"), target: path("/root/A/")))
        XCTAssertFalse(AccessRule.canSee(actor: UnitPath(ids: ["root", "A"]), target: UnitPath(ids: ["root", "A1"])))
        XCTAssertTrue(AccessRule.canSee(actor: path("/root/A/"), target: path("/root/A/1/")))
    }

    func testUnrelatedRootNotVisible() {
        XCTAssertFalse(AccessRule.canSee(actor: path("/a/"), target: path("/b/a/")))
    }

    func testParsing() {
        XCTAssertEqual(UnitPath("/a/b/")?.ids, ["a", "b"])
        XCTAssertEqual(UnitPath("/a/")?.ids, ["a"])
        XCTAssertEqual(UnitPath("/a/b/")?.depth, 2)
        XCTAssertEqual(UnitPath("/a/b/")?.description, "/a/b/")
        XCTAssertEqual(UnitPath("/a/b/"), UnitPath(ids: ["a", "b"]))
    }

    func testParsingRejects() {
        XCTAssertNil(UnitPath("a/b"))
        XCTAssertNil(UnitPath("a/b/"))
        XCTAssertNil(UnitPath("/a/b"))
        XCTAssertNil(UnitPath("/"))
        XCTAssertNil(UnitPath("//"))
        XCTAssertNil(UnitPath("/a//b/"))
        XCTAssertNil(UnitPath(""))
    }

    func testDescriptionRoundTrips() {
        let p = UnitPath(ids: ["mem", "ha", "xc"])
        XCTAssertEqual(p.description, "/mem/ha/xc/")
        XCTAssertEqual(UnitPath(p.description), p)
    }

    func testChild() {
        let p = UnitPath(ids: ["a"]).child("b")
        XCTAssertEqual(p.ids, ["a", "b"])
        XCTAssertEqual(p.description, "/a/b/")
        XCTAssertTrue(UnitPath(ids: ["a"]).covers(p))
        XCTAssertFalse(p.covers(UnitPath(ids: ["a"])))
    }
}
