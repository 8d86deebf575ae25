import DutyCore
import Fluent
import Vapor
import XCTest

@testable import DutyServer

/// The board puts what waits for the person looking at it first, and every queued item says
/// how long it has waited, turning orange and red by the policy's minutes.
final class BoardOrderTests: XCTestCase {
    /// The position of each list's heading on the page; nil for a list not shown.
    static func positions(_ html: String) -> [BoardQueue: Int] {
        var out: [BoardQueue: Int] = [:]
        for q in BoardQueue.allCases {
            if let r = html.range(of: "id=\"board-\(q.rawValue)-heading\"") { out[q] = html.distance(from: html.startIndex, to: r.lowerBound) }
        }
        return out
    }

    func testEachRoleSeesWhatWaitsForItFirst() async throws {
        try await withApp { t in
            // 许昌: a report waiting for the leader's 签发, a sensitive one waiting for the
            // government duty office's 核准, and a county report waiting for the city's 签收.
            let duty = try await t.login("xuchang.duty")
            let draft = try await t.firstReport(token: duty, place: try await t.unitID(code: "411082"))
            _ = try await t.send(.POST, "/api/v1/reports/\(try XCTUnwrap(t.reportID(draft)))/request-signoff", token: duty)
            let leader = try await t.login("xuchang.leader")
            let sensitive = try await t.firstReport(token: leader, place: try await t.unitID(code: "411082"), extra: ["sensitive": true])
            _ = try await t.send(.POST, "/api/v1/reports/\(try XCTUnwrap(t.reportID(sensitive)))/sign", token: leader)
            let county = try await t.login("jianan.leader")
            let filed = try await t.firstReport(token: county, place: try await t.unitID(code: "411003"))
            _ = try await t.send(.POST, "/api/v1/reports/\(try XCTUnwrap(t.reportID(filed)))/sign", token: county)

            let leaderBoard = Self.positions(try await t.webGet("/board", as: "xuchang.leader"))
            XCTAssertLessThan(try XCTUnwrap(leaderBoard[.signoff]), try XCTUnwrap(leaderBoard[.inbox]), "a leader: 待签发 first")
            let officerBoard = Self.positions(try await t.webGet("/board", as: "xuchang.duty"))
            XCTAssertNil(officerBoard[.signoff], "an officer signs nothing")
            XCTAssertLessThan(try XCTUnwrap(officerBoard[.inbox]), try XCTUnwrap(officerBoard[.incidents]), "an officer: 待签收, then the clocks")
            let officeBoard = Self.positions(try await t.webGet("/board", as: "xuchang.office"))
            let approval = try XCTUnwrap(officeBoard[.approval])
            XCTAssertTrue(officeBoard.values.allSatisfy { $0 >= approval }, "the government duty office: 待核准 first")
        }
    }

    func testAQueuedReportSaysHowLongItHasWaitedAndTurnsOrangeThenRed() async throws {
        try await withApp { t in
            let county = try await t.login("jianan.leader")
            let filed = try await t.firstReport(token: county, place: try await t.unitID(code: "411003"))
            let report = try XCTUnwrap(t.reportID(filed))
            _ = try await t.send(.POST, "/api/v1/reports/\(report)/sign", token: county)
            func row(_ html: String) -> String {
                guard let r = html.range(of: "id=\"inbox-\(report)\"") else { return "" }
                return String(html[r.lowerBound...].prefix(1200))
            }
            let fresh = row(try await t.webGet("/board", as: "xuchang.duty"))
            XCTAssertTrue(fresh.contains("row-wait-calm"), fresh)
            XCTAssertTrue(fresh.contains("刚刚到达"))
            // The policy gives 10 minutes to 签收: orange from 5, red from 10.
            t.clock.advance(6 * 60)
            let soon = row(try await t.webGet("/board", as: "xuchang.duty"))
            XCTAssertTrue(soon.contains("row-wait-soon"), soon)
            XCTAssertTrue(soon.contains("已等待 6 分钟"), soon)
            t.clock.advance(5 * 60)
            let late = row(try await t.webGet("/board", as: "xuchang.duty"))
            XCTAssertTrue(late.contains("row-wait-late"), late)
            XCTAssertTrue(late.contains("已等待 11 分钟"), late)
        }
    }

    func testASignOffWaitsAgainstTheIncidentsNextDeadline() async throws {
        try await withApp { t in
            // 建安区: the officer drafts, the leader is asked to sign; the county's clock to the city runs.
            let duty = try await t.login("jianan.duty")
            let draft = try await t.firstReport(token: duty, place: try await t.unitID(code: "411003"))
            let report = try XCTUnwrap(t.reportID(draft))
            _ = try await t.send(.POST, "/api/v1/reports/\(report)/request-signoff", token: duty)
            // The officer phoned the city: the 30 minutes to the written report run.
            let id = try draft.decode(IncidentDTO.self).id
            let notified = try await t.send(.POST, "/api/v1/incidents/\(id)/notified", token: duty)
            XCTAssertEqual(notified.status, .ok, notified.text)
            let incident = try await t.get("/api/v1/incidents/\(id)", token: duty, as: IncidentDTO.self)
            let due = try XCTUnwrap(IncidentsWebController.nextDeadline(incident.clocks), "the first report has a deadline: \(incident.clocks)")
            let html = try await t.webGet("/board", as: "jianan.leader")
            XCTAssertTrue(html.contains("id=\"signoff-\(report)\" class=\"row-wait-calm\""), html)
            t.clock.advance(due.timeIntervalSince(t.clock.date) + 1)
            let late = try await t.webGet("/board", as: "jianan.leader")
            XCTAssertTrue(late.contains("id=\"signoff-\(report)\" class=\"row-wait-late\""), "past the deadline the sign-off is red")
        }
    }

    /// People, not logins: the printed report, the report card and the timeline name the
    /// person and their post.
    func testRecordsShowThePersonsNameAndPostNotTheirLogin() async throws {
        try await withApp { t in
            let duty = try await t.login("jianan.duty")
            let filed = try await t.firstReport(token: duty, place: try await t.unitID(code: "411003"))
            let report = try XCTUnwrap(t.reportID(filed))
            let incident = try filed.decode(IncidentDTO.self).id
            _ = try await t.send(.POST, "/api/v1/reports/\(report)/request-signoff", token: duty)
            _ = try await t.send(.POST, "/api/v1/reports/\(report)/sign", token: try await t.login("jianan.leader"))
            let officer = try await UserAccount.query(on: t.app.db).filter(\.$username == "jianan.duty").with(\.$person).first()
            let leader = try await UserAccount.query(on: t.app.db).filter(\.$username == "jianan.leader").with(\.$person).first()
            let officerTitle = "\(try XCTUnwrap(officer).displayName)（\(try XCTUnwrap(officer?.person).position)）"
            let leaderTitle = "\(try XCTUnwrap(leader).displayName)（\(try XCTUnwrap(leader?.person).position)）"
            let printed = try await t.webGet("/reports/\(report)/print", as: "jianan.duty")
            XCTAssertTrue(printed.contains("拟稿人：\(officerTitle)"), printed)
            XCTAssertTrue(printed.contains(leaderTitle), "签发人 by name and post")
            XCTAssertFalse(printed.contains("jianan.duty<"), "no login on paper")
            let page = try await t.webGet("/incidents/\(incident)", as: "jianan.duty")
            XCTAssertTrue(page.contains("起草：\(officerTitle)"), page)
            XCTAssertTrue(page.contains("签发：\(leaderTitle)"))
            XCTAssertFalse(page.contains(">jianan.leader<"), "the timeline names people too")
            // The city acknowledges: the county's timeline says the city acted, not the county.
            let city = try await t.login("xuchang.duty")
            let acked = try await t.send(.POST, "/api/v1/reports/\(report)/acknowledge", token: city)
            XCTAssertEqual(acked.status, .ok, acked.text)
            let events = try await t.get("/api/v1/incidents/\(incident)/timeline", token: duty, as: [TimelineDTO].self)
            let ack = try XCTUnwrap(events.first { $0.kind == "report.acknowledged" }, "the county sees its report acknowledged")
            let cityID = try await t.unitID(code: "411000")
            XCTAssertEqual(ack.unitId.uuidString, cityID, "by the city")
        }
    }
}
