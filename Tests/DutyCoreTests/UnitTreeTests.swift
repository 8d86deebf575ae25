import XCTest

@testable import DutyCore

final class UnitTreeTests: XCTestCase {
    private func p(_ text: String) -> UnitPath { UnitPath(text)! }

    func testMoveUnderOwnChildFails() {
        let result = UnitTree.checkMove(unit: p("/r/a/"), newParent: p("/r/a/b/"))
        XCTAssertEqual(result, .failure(.ownAncestor))
        XCTAssertEqual(UnitTree.MoveError.ownAncestor.message, "不能把单位设为它自己或其下级单位的下级")
    }

    func testMoveUnderGrandchildFails() {
        XCTAssertEqual(UnitTree.checkMove(unit: p("/r/a/"), newParent: p("/r/a/b/c/")), .failure(.ownAncestor))
    }

    func testMoveUnderItselfFails() {
        XCTAssertEqual(UnitTree.checkMove(unit: p("/r/a/"), newParent: p("/r/a/")), .failure(.ownAncestor))
    }

    func testMoveElsewhereGivesNewPath() {
        XCTAssertEqual(UnitTree.checkMove(unit: p("/r/a/"), newParent: p("/r/c/")), .success(p("/r/c/a/")))
        XCTAssertEqual(UnitTree.checkMove(unit: p("/r/a/b/"), newParent: p("/r/")), .success(p("/r/b/")))
        // Moving under its current parent is allowed and changes nothing.
        XCTAssertEqual(UnitTree.checkMove(unit: p("/r/a/b/"), newParent: p("/r/a/")), .success(p("/r/a/b/")))
    }

    func testMoveUnderSiblingWithSharedStringPrefixIsAllowed() {
        XCTAssertEqual(UnitTree.checkMove(unit: p("/r/a/"), newParent: p("/r/a1/")), .success(p("/r/a1/a/")))
    }

    func testMoveUnderOwnParentOrAncestorIsAllowed() {
        XCTAssertEqual(UnitTree.checkMove(unit: p("/r/a/b/c/"), newParent: p("/r/")), .success(p("/r/c/")))
    }

    func testRebaseSubordinate() {
        let old = p("/r/a/")
        let new = p("/r/x/a/")
        XCTAssertEqual(UnitTree.rebase(p("/r/a/b/c/"), from: old, to: new), p("/r/x/a/b/c/"))
        XCTAssertEqual(UnitTree.rebase(p("/r/a/b/"), from: old, to: new), p("/r/x/a/b/"))
        XCTAssertEqual(UnitTree.rebase(p("/r/a/"), from: old, to: new), new, "the moved unit itself")
    }

    func testRebaseLeavesOthersAlone() {
        let old = p("/r/a/")
        let new = p("/r/x/a/")
        XCTAssertEqual(UnitTree.rebase(p("/r/a1/b/"), from: old, to: new), p("/r/a1/b/"))
        XCTAssertEqual(UnitTree.rebase(p("/r/"), from: old, to: new), p("/r/"))
        XCTAssertEqual(UnitTree.rebase(p("/r/c/a/"), from: old, to: new), p("/r/c/a/"))
    }

    func testRebaseUpwards() {
        XCTAssertEqual(UnitTree.rebase(p("/r/a/b/c/d/"), from: p("/r/a/b/"), to: p("/r/b/")), p("/r/b/c/d/"))
    }

    // MARK: unit kinds, categories, division codes

    func testOnlyGovernmentLevelsRequireDivisionCode() {
        XCTAssertEqual(
            Set(UnitKind.allCases.filter(\.requiresDivisionCode)),
            [.emergencyProvince, .emergencyCity, .emergencyCounty])
        XCTAssertFalse(UnitKind.emergencyMinistry.requiresDivisionCode)
        XCTAssertFalse(UnitKind.governmentDutyOffice.requiresDivisionCode)
        XCTAssertFalse(UnitKind.memberDepartment.requiresDivisionCode)
    }

    func testUnitKindTitles() {
        XCTAssertEqual(UnitKind.emergencyCity.title, "市级应急管理部门")
        XCTAssertEqual(UnitKind.governmentDutyOffice.title, "政府总值班室")
        XCTAssertEqual(UnitKind(rawValue: "member_department"), .memberDepartment)
    }

    func testOnlyEstablishedStaffMayBeScheduled() {
        XCTAssertTrue(EmploymentCategory.established.mayBeScheduled)
        XCTAssertFalse(EmploymentCategory.temporary.mayBeScheduled)
        XCTAssertFalse(EmploymentCategory.rehiredRetiree.mayBeScheduled)
        XCTAssertFalse(EmploymentCategory.informal.mayBeScheduled)
        XCTAssertEqual(EmploymentCategory.allCases.filter(\.mayBeScheduled), [.established])
    }

    func testCategoryFromTitleOrRawValue() {
        XCTAssertEqual(EmploymentCategory.fromTitle("临聘"), .temporary)
        XCTAssertEqual(EmploymentCategory.fromTitle("正式在编"), .established)
        XCTAssertEqual(EmploymentCategory.fromTitle("退休返聘"), .rehiredRetiree)
        XCTAssertEqual(EmploymentCategory.fromTitle("保安等非正式"), .informal)
        XCTAssertEqual(EmploymentCategory.fromTitle("rehired_retiree"), .rehiredRetiree)
        XCTAssertNil(EmploymentCategory.fromTitle("合同工"))
        XCTAssertNil(EmploymentCategory.fromTitle(""))
    }

    func testDivisionCodeValidity() {
        XCTAssertTrue(DivisionCode.isValid("411000"))
        XCTAssertTrue(DivisionCode.isValid("411082"))
        XCTAssertFalse(DivisionCode.isValid("41100"))
        XCTAssertFalse(DivisionCode.isValid("4110000"))
        XCTAssertFalse(DivisionCode.isValid("41100a"))
        XCTAssertFalse(DivisionCode.isValid("４１１０００"), "full-width digits")
        XCTAssertFalse(DivisionCode.isValid("٤١١٠٠٠"), "Arabic-Indic digits")
        XCTAssertFalse(DivisionCode.isValid(""))
        XCTAssertFalse(DivisionCode.isValid(" 41100"))
    }
}
