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
            XCTAssertEqual(desk.history.count, 2)
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
}
