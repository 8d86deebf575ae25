import DutyCore
import Fluent
import Vapor
import XCTest

@testable import DutyServer

/// 交接班 (S001 第十一条): both sign, the outgoing cannot sign for the incoming, and open items
/// carry over from shift to shift until someone closes them.
final class HandoverTests: XCTestCase {
    func testOpenItemsCarryOverAcrossTwoHandoversUntilClosed() async throws {
        try await withApp { t in
            let day = try await t.login("xuchang.duty")
            let first = try await t.send(
                .POST, "/api/v1/handovers", token: day,
                json: [
                    "matters": "13:50 建安区道路交通事故已首报，等待续报", "items": ["督促建安区30分钟内书面续报", "核实长葛市停电影响范围"],
                ])
            XCTAssertEqual(first.status, .created, first.text)
            let handover = try first.decode(HandoverDTO.self)
            let firstID = handover.id.uuidString
            XCTAssertEqual(handover.statusTitle, "待接班确认")
            let items = handover.items
            XCTAssertEqual(items.map(\.carried), [false, false])
            XCTAssertEqual(items.map(\.text), ["督促建安区30分钟内书面续报", "核实长葛市停电影响范围"], "in the order listed")

            // The outgoing officer cannot confirm as the incoming one.
            let selfConfirm = try await t.send(.POST, "/api/v1/handovers/\(firstID)/confirm", token: day)
            XCTAssertEqual(selfConfirm.status, .conflict)
            XCTAssertEqual(selfConfirm.errorCode, "same_officer")
            // Nor can the next handover start before this one is taken over.
            let early = try await t.send(.POST, "/api/v1/handovers", token: day, json: ["matters": "无"])
            XCTAssertEqual(early.errorCode, "handover_pending")

            t.clock.advance(10 * 60)
            let night = try await t.login("xuchang.section")
            let confirmed = try await t.send(.POST, "/api/v1/handovers/\(firstID)/confirm", token: night)
            XCTAssertEqual(confirmed.status, .ok, confirmed.text)
            let taken = try confirmed.decode(HandoverDTO.self)
            XCTAssertEqual(taken.incomingBy, "xuchang.section")
            XCTAssertEqual(taken.incomingAtText, "2026-11-23 14:15")
            XCTAssertEqual(taken.outgoingAtText, "2026-11-23 14:05")
            let twice = try await t.send(.POST, "/api/v1/handovers/\(firstID)/confirm", token: try await t.login("xuchang.leader"))
            XCTAssertEqual(twice.errorCode, "already_confirmed")

            // One item is done during the night; the other carries over to the next handover.
            let done = try XCTUnwrap(items.first { $0.text.hasPrefix("核实") }).id
            let noNote = try await t.send(.POST, "/api/v1/handover-items/\(done)/close", token: night, json: [:])
            XCTAssertEqual(noNote.status, .unprocessableEntity)
            let closed = try await t.send(.POST, "/api/v1/handover-items/\(done)/close", token: night, json: ["note": "长葛市供电已恢复"])
            XCTAssertEqual(closed.status, .ok, closed.text)
            let second = try await t.send(.POST, "/api/v1/handovers", token: night, json: ["matters": "夜间平稳", "items": ["08:30 参加省厅视频点名"]])
            XCTAssertEqual(second.status, .created, second.text)
            let secondItems = try second.decode(HandoverDTO.self).items
            XCTAssertEqual(secondItems.map(\.text), ["督促建安区30分钟内书面续报", "08:30 参加省厅视频点名"])
            XCTAssertEqual(secondItems.map(\.carried), [true, false])
            let secondID = try second.decode(HandoverDTO.self).id
            let v = try await t.send(.POST, "/api/v1/handovers/\(secondID)/confirm", token: day).status
            XCTAssertEqual(v, .ok)

            // Still open, so it goes on to a third handover as well, the next morning.
            t.clock.advance(60)
            let third = try await t.send(.POST, "/api/v1/handovers", token: day, json: ["matters": "无"])
            let thirdHandover = try third.decode(HandoverDTO.self)
            let thirdItems = thirdHandover.items
            XCTAssertEqual(thirdItems.count, 2)
            XCTAssertTrue(thirdItems.allSatisfy { $0.carried == true })

            let desk = try await t.get("/api/v1/handovers", token: day, as: HandoverDeskDTO.self)
            XCTAssertEqual(try XCTUnwrap(desk.current).id, thirdHandover.id)
            XCTAssertEqual(desk.openItems.count, 2)
            // The two handovers of this test come before it, then the demo's month.
            XCTAssertEqual(desk.history.prefix(2).map(\.id.uuidString), [secondID.uuidString, firstID])
            XCTAssertTrue(desk.history.dropFirst(2).allSatisfy { $0.outgoingAt < pinnedNow })
            let audit = try await t.auditEntries(action: "handover.confirm")
            XCTAssertEqual(audit.map(\.actor), ["xuchang.section", "xuchang.duty"])

            let page = try await t.webGet("/handovers", as: "xuchang.duty")
            XCTAssertTrue(page.contains("督促建安区30分钟内书面续报"))
            XCTAssertTrue(page.contains("待接班确认"))
        }
    }

    func testSiblingsAndAdministratorsDoNotSeeAHandover() async throws {
        try await withApp { t in
            let duty = try await t.login("xuchang.duty")
            let h = try await t.send(.POST, "/api/v1/handovers", token: duty, json: ["matters": "无", "items": ["跟进火情"]])
            let id = try h.decode(HandoverDTO.self).id
            let item = try XCTUnwrap(h.decode(HandoverDTO.self).items.first).id
            let sibling = try await t.login("luohe.duty")
            let a = try await t.send(.GET, "/api/v1/handovers/\(id)", token: sibling).status
            XCTAssertEqual(a, .notFound)
            let b = try await t.send(.POST, "/api/v1/handovers/\(id)/confirm", token: sibling).status
            XCTAssertEqual(b, .notFound)
            let c = try await t.send(.POST, "/api/v1/handover-items/\(item)/close", token: sibling, json: ["note": "x"]).status
            XCTAssertEqual(c, .notFound)
            // The province reads it but the city's own officer must confirm it.
            let province = try await t.login("henan.duty")
            let d = try await t.send(.GET, "/api/v1/handovers/\(id)", token: province).status
            XCTAssertEqual(d, .ok)
            let e = try await t.send(.POST, "/api/v1/handovers/\(id)/confirm", token: province)
            XCTAssertEqual(e.errorCode, "not_own_unit")
            XCTAssertEqual(e.status, .forbidden)
            let f = try await t.send(.GET, "/api/v1/handovers", token: try await t.login("xuchang.auditor")).status
            XCTAssertEqual(f, .forbidden)
        }
    }

    /// The page's forms: hand over, refuse the outgoing's own confirmation, confirm as the incoming.
    func testHandoverThroughThePage() async throws {
        try await withApp { t in
            let outgoing = try await t.webLogin("xuchang.duty")
            let made = try await t.webPost("/handovers", ["matters": "夜间平稳", "items": "跟进建安区续报\n核实长葛停电"], session: outgoing)
            XCTAssertEqual(made.status, .seeOther, made.text)
            let desk = try await t.get("/api/v1/handovers", token: try await t.login("xuchang.duty"), as: HandoverDeskDTO.self)
            let current = try XCTUnwrap(desk.current)
            let id = current.id
            XCTAssertEqual(current.items.count, 2)
            let own = try await t.webPost("/handovers/\(id)/confirm", [:], session: outgoing)
            XCTAssertEqual(own.status, .conflict)
            XCTAssertTrue(own.text.contains("交班人不能同时作为接班人确认"))
            let incoming = try await t.webLogin("xuchang.section")
            let page = try await t.send(.GET, "/handovers", headers: incoming.0)
            XCTAssertTrue(page.text.contains("我已接班，确认交接"))
            let ok = try await t.webPost("/handovers/\(id)/confirm", [:], session: incoming)
            XCTAssertEqual(ok.status, .seeOther)
            let after = try await t.send(.GET, "/handovers", headers: incoming.0)
            XCTAssertTrue(after.text.contains("已交接"))
        }
    }

    /// 在岗核对: the officer on the roster hands over as before; someone else is refused until
    /// they say why they stand in, and the reason stays on the record and in the audit trail.
    /// A roll call is answered whoever answers, and the caller sees who was not on the roster.
    func testAnOfficerNotOnTheRosterStandsInWithAReason() async throws {
        try await withApp { t in
            // 14:05: 许昌's duty officer is on today's roster (a 24-hour shift).
            let duty = try await t.login("xuchang.duty")
            let page = try await t.webGet("/handovers", as: "xuchang.duty")
            XCTAssertTrue(page.contains("id=\"roster-presence\""), page)
            XCTAssertTrue(page.contains("排班人员"))
            XCTAssertFalse(page.contains("name=\"standInReason\""), "no reason asked of the rostered officer")
            let first = try await t.send(.POST, "/api/v1/handovers", token: duty, json: ["matters": "无"])
            XCTAssertEqual(first.status, .created, first.text)
            XCTAssertEqual(try first.decode(HandoverDTO.self).outgoingPresence?.code, "rostered")
            let night = try await t.login("xuchang.section")
            let taken = try await t.send(.POST, "/api/v1/handovers/\(try first.decode(HandoverDTO.self).id)/confirm", token: night)
            XCTAssertEqual(taken.status, .ok, taken.text)

            // The next morning, 11:05: the shift changed at 08:30 and the rest rule keeps him off
            // today's roster.
            t.clock.advance(21 * 3600)
            let duty2 = try await t.login("xuchang.duty")
            let off = try await t.webGet("/handovers", as: "xuchang.duty")
            XCTAssertTrue(off.contains("非排班人员"), off)
            XCTAssertTrue(off.contains("name=\"standInReason\""), "the reason is asked before handing over")
            let refused = try await t.send(.POST, "/api/v1/handovers", token: duty2, json: ["matters": "无"])
            XCTAssertEqual(refused.status, .conflict, refused.text)
            XCTAssertEqual(refused.errorCode, "not_on_roster")
            XCTAssertTrue(refused.errorMessage?.contains("本班次排班：") ?? false, refused.errorMessage ?? "")
            let before = try await Handover.query(on: t.app.db).filter(\.$outgoingAt >= pinnedNow).count()
            XCTAssertEqual(before, 1, "nothing written")
            let stood = try await t.send(.POST, "/api/v1/handovers", token: duty2, json: ["matters": "无", "standInReason": "替当班值班员值守（临时）"])
            XCTAssertEqual(stood.status, .created, stood.text)
            let record = try stood.decode(HandoverDTO.self)
            XCTAssertEqual(record.outgoingPresence?.code, "stand_in")
            XCTAssertEqual(record.outgoingPresence?.standInReason, "替当班值班员值守（临时）")
            let audit = try await t.auditEntries(action: "handover.create")
            XCTAssertTrue(audit.last?.detail.contains("代班：替当班值班员值守（临时）") ?? false, audit.last?.detail ?? "")
            let desk = try await t.webGet("/handovers", as: "xuchang.section")
            XCTAssertTrue(desk.contains("代班：替当班值班员值守（临时）"), "the record shows it")

            // A roll call from the province: his answer is taken, and flagged to the caller.
            let province = try await t.login("henan.section")
            let call = try await t.send(.POST, "/api/v1/roll-calls", token: province, json: ["limitSeconds": 60])
            XCTAssertEqual(call.status, .created, call.text)
            let id = try call.decode(RollCallDTO.self).id
            let answered = try await t.send(.POST, "/api/v1/roll-calls/\(id)/answer", token: duty2)
            XCTAssertEqual(answered.status, .ok, answered.text)
            XCTAssertEqual(try answered.decode(RollCallLineDTO.self).presence?.code, "not_rostered")
            let callerPage = try await t.webGet("/roll-calls/live", as: "henan.section")
            XCTAssertTrue(callerPage.contains("非排班人员"), "the caller sees who answered instead of the rostered officer")
        }
    }
}
