import DutyCore
import Fluent
import Vapor
import XCTest

@testable import DutyServer

final class UnitsTests: XCTestCase {
    func testTreeShowsOwnSubtreeOnly() async throws {
        try await withApp { t in
            let token = try await t.login("xuchang.duty")
            let names = try await t.get("/api/v1/units", token: token, as: [UnitDTO].self).map(\.name)
            XCTAssertEqual(names.first, "许昌市应急管理局")
            XCTAssertTrue(names.contains("长葛市应急管理局"))
            XCTAssertTrue(names.contains("许昌市人民政府总值班室"))
            XCTAssertFalse(names.contains("漯河市应急管理局"), "sibling city")
            XCTAssertFalse(names.contains("河南省应急管理厅"), "superior")
            XCTAssertEqual(names.count, 12)
        }
    }

    func testCreateUnitRulesAndDuplicates() async throws {
        try await withApp { t in
            let admin = try await t.login("xuchang.admin")
            let city = try await t.unitID(code: "411000")
            let ok = try await t.send(
                .POST, "/api/v1/units", token: admin, json: ["name": "许昌市卫生健康委员会", "kind": "member_department", "parentId": city, "dutyPhone": "0374-2961234"])
            XCTAssertEqual(ok.status, .created)
            XCTAssertEqual(try ok.decode(UnitDTO.self).dutyPhone, "0374-2961234")
            let dup = try await t.send(
                .POST, "/api/v1/units", token: admin, json: ["name": "长葛市应急管理局二", "code": "411082", "kind": "emergency_county", "parentId": city])
            XCTAssertEqual(dup.status, .conflict)
            XCTAssertEqual(dup.errorCode, "duplicate_code")
            XCTAssertTrue(dup.errorMessage?.contains("长葛市应急管理局") ?? false)
            let invented = try await t.send(
                .POST, "/api/v1/units", token: admin, json: ["name": "某县应急管理局", "code": "411099", "kind": "emergency_county", "parentId": city])
            XCTAssertEqual(invented.status, .unprocessableEntity)
            XCTAssertTrue(invented.errorMessage?.contains("GB/T 2260") ?? false)
            let noCode = try await t.send(.POST, "/api/v1/units", token: admin, json: ["name": "某县应急管理局", "kind": "emergency_county", "parentId": city])
            XCTAssertEqual(noCode.status, .unprocessableEntity)
            let longName = try await t.send(
                .POST, "/api/v1/units", token: admin, json: ["name": String(repeating: "局", count: 65), "kind": "member_department", "parentId": city])
            XCTAssertEqual(longName.status, .unprocessableEntity)
            let badKind = try await t.send(.POST, "/api/v1/units", token: admin, json: ["name": "某局", "kind": "bureau", "parentId": city])
            XCTAssertEqual(badKind.status, .unprocessableEntity)
            XCTAssertEqual(badKind.errorCode, "validation_failed")
            let badPhone = try await t.send(
                .POST, "/api/v1/units", token: admin, json: ["name": "某局", "kind": "member_department", "parentId": city, "dutyPhone": "12"])
            XCTAssertEqual(badPhone.status, .unprocessableEntity)
            XCTAssertTrue(badPhone.errorMessage?.contains("值班电话") ?? false)
            let sibling = try await t.unitID(code: "411100")
            let underSibling = try await t.send(.POST, "/api/v1/units", token: admin, json: ["name": "某局", "kind": "member_department", "parentId": sibling])
            XCTAssertEqual(underSibling.status, .notFound)
            // One unit created by this administrator; the demo's own units are audited as "system".
            let created = try await t.auditEntries(action: "unit.create").filter { $0.actor != "system" }
            XCTAssertEqual(created.count, 1)
        }
    }

    func testAUnitCannotBecomeItsOwnAncestor() async throws {
        try await withApp { t in
            let admin = try await t.login("henan.admin")
            let city = try await t.unitID(code: "411000")
            let county = try await t.unitID(code: "411003")
            let r = try await t.send(.PATCH, "/api/v1/units/\(city)", token: admin, json: ["parentId": county])
            XCTAssertEqual(r.status, .unprocessableEntity)
            XCTAssertTrue(r.errorMessage?.contains("不能把单位设为它自己或其下级单位的下级") ?? false)
            let itself = try await t.send(.PATCH, "/api/v1/units/\(city)", token: admin, json: ["parentId": city])
            XCTAssertEqual(itself.status, .unprocessableEntity)
            // A legitimate move carries the subtree along, and access follows it.
            let luohe = try await t.unitID(code: "411100")
            let office = try await t.unitID(name: "许昌市人民政府总值班室")
            let moved = try await t.send(.PATCH, "/api/v1/units/\(office)", token: admin, json: ["parentId": luohe])
            XCTAssertEqual(moved.status, .ok)
            let luoheDuty = try await t.login("luohe.duty")
            let v1 = try await t.send(.GET, "/api/v1/units/\(office)", token: luoheDuty).status
            XCTAssertEqual(v1, .ok)
            let xuchangDuty = try await t.login("xuchang.duty")
            let v2 = try await t.send(.GET, "/api/v1/units/\(office)", token: xuchangDuty).status
            XCTAssertEqual(v2, .notFound)
        }
    }

    func testDeactivateNeedsSubordinatesDeactivatedFirst() async throws {
        try await withApp { t in
            let admin = try await t.login("henan.admin")
            let city = try await t.unitID(code: "411000")
            let r = try await t.send(.POST, "/api/v1/units/\(city)/deactivate", token: admin)
            XCTAssertEqual(r.status, .conflict)
            XCTAssertEqual(r.errorCode, "has_active_children")
            let county = try await t.unitID(code: "411025")
            let ok = try await t.send(.POST, "/api/v1/units/\(county)/deactivate", token: admin)
            XCTAssertEqual(try ok.decode(UnitDTO.self).active, false)
            let history = try await t.get("/api/v1/units/\(county)/history", token: admin, as: [HistoryEntryDTO].self)
            XCTAssertEqual(history.first?.action, "unit.deactivate")
        }
    }
}
