import DutyCore
import Fluent
import Vapor
import XCTest

@testable import DutyServer

/// 调班 on a filed roster: requested, accepted by the colleague, approved by the section
/// leader; the roster and the feeds change only then.
final class SwapTests: XCTestCase {
    /// An officer's shift on 25 November in 许昌 (filed in the demo data) and a newly trained
    /// colleague free all month, so the swap breaks no rest rule.
    static func candidate(_ t: TestApp, unitCode: String = "411000") async throws -> (unit: String, from: String, to: String) {
        let unit = try await t.unitID(code: unitCode)
        let section = try await t.login("xuchang.section")
        let roster = try await t.get("/api/v1/units/\(unit)/roster?month=2026-11", token: section, as: RosterDTO.self)
        XCTAssertEqual(roster.status.rawValue, "filed")
        let from = try XCTUnwrap(roster.assignments.first { $0.date.description == "2026-11-25" && $0.level == .officer }).personId.uuidString
        // A newly trained officer, free all month.
        let person = try await t.send(
            .POST, "/api/v1/people", token: section,
            json: [
                "unitId": unit, "name": "周新岗", "position": "值班员", "mobile": "13803740099", "category": "established",
            ])
        let to = try person.decode(PersonDTO.self).id.uuidString
        let trained = try await t.send(.POST, "/api/v1/people/\(to)/trainings", token: section, json: ["date": "2026-11-10", "course": "岗前培训"])
        XCTAssertLessThan(trained.status.code, 300, trained.text)
        return (unit, from, to)
    }

    /// A login for the person (creates a duty-officer account linked to them).
    static func account(_ t: TestApp, person: String, username: String) async throws -> String {
        let admin = try await t.login("xuchang.security")
        let p = try await Person.find(UUID(uuidString: person), on: t.app.db)
        let created = try await t.send(
            .POST, "/api/v1/users", token: admin,
            json: [
                "username": username, "displayName": p?.name ?? username, "unitId": p!.$unit.id.uuidString, "personId": person,
                "roles": ["duty_officer"], "password": "Swap#Duty2026x",
            ])
        XCTAssertEqual(created.status, .created, created.text)
        return try await t.login(username, password: "Swap#Duty2026x")
    }

    func testRequestAcceptApproveChangesTheRoster() async throws {
        try await withApp { t in
            let (unit, from, to) = try await Self.candidate(t)
            let fromToken = try await Self.account(t, person: from, username: "swap.from")
            let toToken = try await Self.account(t, person: to, username: "swap.to")
            let section = try await t.login("xuchang.section")

            // Someone else's shift cannot be given away by an officer.
            let notMine = try await t.send(
                .POST, "/api/v1/units/\(unit)/roster-swaps", token: toToken,
                json: [
                    "date": "2026-11-25", "level": "officer", "fromPersonId": from, "toPersonId": to, "reason": "家中有事",
                ])
            XCTAssertEqual(notMine.errorCode, "swap_not_yours")

            let asked = try await t.send(
                .POST, "/api/v1/units/\(unit)/roster-swaps", token: fromToken,
                json: [
                    "date": "2026-11-25", "level": "officer", "fromPersonId": from, "toPersonId": to, "reason": "家中老人住院",
                ])
            XCTAssertEqual(asked.status, .created, asked.text)
            XCTAssertEqual(try asked.decode(SwapDTO.self).status, "requested")
            let id = try asked.decode(SwapDTO.self).id

            // Approval waits for the colleague; the colleague's consent is theirs alone.
            let early = try await t.send(.POST, "/api/v1/roster-swaps/\(id)/approve", token: section)
            XCTAssertEqual(early.errorCode, "swap_not_accepted")
            let byOther = try await t.send(.POST, "/api/v1/roster-swaps/\(id)/accept", token: fromToken)
            XCTAssertEqual(byOther.errorCode, "swap_not_yours")
            let accepted = try await t.send(.POST, "/api/v1/roster-swaps/\(id)/accept", token: toToken)
            XCTAssertEqual(try accepted.decode(SwapDTO.self).status, "accepted", accepted.text)
            // Before approval the roster still shows the original officer.
            let before = try await t.get("/api/v1/units/\(unit)/roster?month=2026-11", token: section, as: RosterDTO.self)
            XCTAssertTrue(before.assignments.contains { $0.date.description == "2026-11-25" && $0.personId == uuid(from) })

            let approved = try await t.send(.POST, "/api/v1/roster-swaps/\(id)/approve", token: section, json: ["note": "同意"])
            XCTAssertEqual(try approved.decode(SwapDTO.self).status, "approved", approved.text)
            XCTAssertEqual(try approved.decode(SwapDTO.self).decidedBy, "xuchang.section")
            let after = try await t.get("/api/v1/units/\(unit)/roster?month=2026-11", token: section, as: RosterDTO.self)
            let day = after.assignments.filter { $0.date.description == "2026-11-25" && $0.level == .officer }
            XCTAssertEqual(day.map(\.personId), [uuid(to)], "the roster changed at once")
            let problems = after.problems.filter { $0.date?.description == "2026-11-25" }
            XCTAssertEqual(problems.count, 0)

            // The history stays, and a closed swap takes no more steps.
            let list = try await t.get("/api/v1/units/\(unit)/roster-swaps", token: section, as: [SwapDTO].self)
            XCTAssertEqual(list.first?.statusTitle, "已批准")
            let again = try await t.send(.POST, "/api/v1/roster-swaps/\(id)/cancel", token: fromToken)
            XCTAssertEqual(again.errorCode, "swap_closed")
        }
    }

    func testSwapsOnlyOnFiledRostersBeforeTheShiftAndWithinTheRules() async throws {
        try await withApp { t in
            let (unit, from, to) = try await Self.candidate(t)
            let section = try await t.login("xuchang.section")
            // A shift that has started (the 23rd's 08:30 shift, it is 14:05 now).
            let cells = try await t.get("/api/v1/units/\(unit)/roster?month=2026-11", token: section, as: RosterDTO.self).assignments
            let today = try XCTUnwrap(cells.first { $0.date.description == "2026-11-23" && $0.level == .officer }).personId.uuidString
            let late = try await t.send(
                .POST, "/api/v1/units/\(unit)/roster-swaps", token: section,
                json: [
                    "date": "2026-11-23", "level": "officer", "fromPersonId": today, "toPersonId": to, "reason": "临时有事",
                ])
            XCTAssertEqual(late.errorCode, "swap_too_late")
            // Two consecutive 24-hour shifts break the unit's rest rule.
            let neighbour = try XCTUnwrap(cells.first { $0.date.description == "2026-11-26" && $0.level == .officer }).personId.uuidString
            let tired = try await t.send(
                .POST, "/api/v1/units/\(unit)/roster-swaps", token: section,
                json: [
                    "date": "2026-11-25", "level": "officer", "fromPersonId": from, "toPersonId": neighbour, "reason": "调休",
                ])
            XCTAssertEqual(tired.errorCode, "swap_breaks_rules", tired.text)
            // December is still a draft at the city: edit it directly.
            let draft = try await t.send(
                .POST, "/api/v1/units/\(unit)/roster-swaps", token: section,
                json: [
                    "date": "2026-12-03", "level": "officer", "fromPersonId": from, "toPersonId": to, "reason": "调休",
                ])
            XCTAssertEqual(draft.errorCode, "roster_not_filed")
            // A sibling city's duty room does not learn the swap exists.
            let ok = try await t.send(
                .POST, "/api/v1/units/\(unit)/roster-swaps", token: section,
                json: [
                    "date": "2026-11-25", "level": "officer", "fromPersonId": from, "toPersonId": to, "reason": "家中有事",
                ])
            let id = try ok.decode(SwapDTO.self).id
            let sibling = try await t.send(.POST, "/api/v1/roster-swaps/\(id)/approve", token: try await t.login("luohe.section"))
            XCTAssertEqual(sibling.status, .notFound)
        }
    }

    /// The roster page of a filed month offers the swap form; the swap shows with its status.
    func testSwapThroughTheRosterPage() async throws {
        try await withApp { t in
            let (unit, from, to) = try await Self.candidate(t)
            let (h, csrf) = try await t.webLogin("xuchang.section")
            let page = try await t.send(.GET, "/rosters?unitID=\(unit)&month=2026-11", headers: h)
            XCTAssertTrue(page.text.contains("id=\"swap-form\""), "a filed month changes through swaps")
            let form = ["unitID": unit, "month": "2026-11", "date": "2026-11-25", "level": "officer", "fromPersonId": from, "toPersonId": to, "reason": "家中有事"]
            let r = try await t.webPost("/rosters/swaps", form, session: (h, csrf))
            XCTAssertEqual(r.status, .seeOther, r.text)
            let after = try await t.send(.GET, "/rosters?unitID=\(unit)&month=2026-11", headers: h)
            XCTAssertTrue(after.text.contains("周新岗"))
            XCTAssertTrue(after.text.contains("待对方同意"))
            // December is a draft: no swap form, the grid is edited directly.
            let draft = try await t.send(.GET, "/rosters?unitID=\(unit)&month=2026-12", headers: h)
            XCTAssertFalse(draft.text.contains("id=\"swap-form\""))
        }
    }
}
