import DutyCore
import Fluent
import Vapor
import XCTest

@testable import DutyServer

/// The heart: a county files a first report, its leader signs, the city receives it,
/// acknowledges, writes its own report, and so on up the chain.
final class IncidentFlowTests: XCTestCase {

    func testFirstReportIsDraftedSuggestedAndChecked() async throws {
        try await withApp { t in
            let duty = try await t.login("jianan.duty")
            let county = try await t.unitID(code: "411003")
            let r = try await t.firstReport(token: duty, place: county)
            XCTAssertEqual(r.status, .created, r.text)
            XCTAssertEqual(r.object["level"] as? String, "ordinary", "2 deaths: 一般 by 条例第三条")
            XCTAssertEqual(r.object["levelSuggested"] as? String, "ordinary")
            let report = try XCTUnwrap((r.object["reports"] as? [[String: Any]])?.first)
            let body = try XCTUnwrap(report["body"] as? String)
            XCTAssertTrue(body.hasPrefix("2026年11月23日13时50分，许昌市建安区许由路与魏武大道交叉口发生一起两车相撞的道路交通事故，造成2人死亡、3人受伤"), body)
            XCTAssertEqual(report["status"] as? String, "draft")
            // A first report without place or impact is refused with what is missing.
            let bad = try await t.send(.POST, "/api/v1/incidents", token: duty, json: ["kindId": "road_transport_accident", "placeDetail": "", "sourceChannel": "phone", "event": "车祸", "level": "ordinary"])
            XCTAssertEqual(bad.status, .unprocessableEntity)
            XCTAssertTrue(bad.errorMessage?.contains("缺少事发时间") ?? false, bad.errorMessage ?? "")
            // Choosing another level than suggested needs a reason.
            let noReason = try await t.firstReport(token: duty, place: county, extra: ["level": "large"])
            XCTAssertEqual(noReason.status, .unprocessableEntity)
            XCTAssertTrue(noReason.errorMessage?.contains("请说明理由") ?? false, noReason.errorMessage ?? "")
            let withReason = try await t.firstReport(token: duty, place: county, extra: ["level": "large", "levelReason": "涉及校车，社会关注度高"])
            XCTAssertEqual(withReason.object["level"] as? String, "large")
        }
    }

    func testSignOffSubmitAcknowledgeAndTheCityWritesItsOwn() async throws {
        try await withApp { t in
            let duty = try await t.login("jianan.duty")
            let county = try await t.unitID(code: "411003")
            let created = try await t.firstReport(token: duty, place: county)
            let incidentID = try XCTUnwrap(created.object["id"] as? String)
            let report = try XCTUnwrap(t.reportID(created))
            // The officer cannot sign; asks the duty bureau leader.
            let v1 = try await t.send(.POST, "/api/v1/reports/\(report)/sign", token: duty).status
            XCTAssertEqual(v1, .forbidden)
            let asked = try await t.send(.POST, "/api/v1/reports/\(report)/request-signoff", token: duty)
            let v2 = "awaiting_signoff"
            XCTAssertEqual(asked.object["status"] as? String, v2)
            let leader = try await t.login("jianan.leader")
            let board = try await t.send(.GET, "/api/v1/board", token: leader)
            let v3 = (board.object["awaitingSignoff"] as? [[String: Any]])?.count
            XCTAssertEqual(v3, 1)
            t.clock.advance(5 * 60)
            let signed = try await t.send(.POST, "/api/v1/reports/\(report)/sign", token: leader)
            XCTAssertEqual(signed.object["status"] as? String, "submitted", signed.text)
            XCTAssertEqual(signed.object["signedBy"] as? String, "jianan.leader")
            // The city sees the case and the report waiting for acknowledgement.
            let city = try await t.login("xuchang.duty")
            let cityBoard = try await t.send(.GET, "/api/v1/board", token: city)
            let inbox = cityBoard.object["awaitingAcknowledgement"] as? [[String: Any]] ?? []
            XCTAssertEqual(inbox.map { $0["id"] as? String }, [report])
            let records = (cityBoard.object["incidents"] as? [[String: Any]] ?? []).compactMap { $0["unitName"] as? String }
            XCTAssertEqual(Set(records), ["许昌市应急管理局", "建安区应急管理局"], "each level has its own record")
            let ack = try await t.send(.POST, "/api/v1/reports/\(report)/acknowledge", token: city)
            XCTAssertEqual(ack.object["status"] as? String, "acknowledged")
            XCTAssertEqual(ack.object["acknowledgedBy"] as? String, "xuchang.duty")
            // A sibling city never sees it.
            let luohe = try await t.login("luohe.duty")
            let v4 = try await t.send(.GET, "/api/v1/incidents/\(incidentID)", token: luohe).status
            XCTAssertEqual(v4, .notFound)
            let v5 = try await t.send(.GET, "/api/v1/reports/\(report)", token: luohe).status
            XCTAssertEqual(v5, .notFound)
            let luoheBoard = try await t.send(.GET, "/api/v1/board", token: luohe)
            XCTAssertEqual((luoheBoard.object["incidents"] as? [[String: Any]])?.count, 0)
            // The city writes its own first report from the county's, and submits it.
            let cityRecord = try XCTUnwrap((cityBoard.object["incidents"] as? [[String: Any]] ?? []).first { $0["unitName"] as? String == "许昌市应急管理局" }?["id"] as? String)
            let own = try await t.send(.POST, "/api/v1/incidents/\(cityRecord)/reports", token: city, json: ["kind": "first"])
            XCTAssertEqual(own.status, .created, own.text)
            XCTAssertTrue((own.object["body"] as? String ?? "").contains("造成2人死亡、3人受伤"))
            // The county's timeline shows every step with its actor.
            let timeline = try await t.send(.GET, "/api/v1/incidents/\(incidentID)/timeline", token: city)
            let kinds = timeline.array.compactMap { $0["kind"] as? String }
            for k in ["incident.recorded", "report.drafted", "report.signoff_requested", "report.signed", "report.submitted", "incident.received", "report.acknowledged"] {
                XCTAssertTrue(kinds.contains(k), "timeline has \(k): \(kinds)")
            }
            let audit = try await t.auditEntries(action: "report.sign")
            XCTAssertEqual(audit.map(\.actor), ["jianan.leader"])
        }
    }

    func testSensitiveCityReportPassesTheGovernmentDutyOfficeFirst() async throws {
        try await withApp { t in
            let city = try await t.login("xuchang.leader")
            let place = try await t.unitID(code: "411082")
            let created = try await t.firstReport(token: city, place: place, extra: ["sensitive": true])
            let report = try XCTUnwrap(t.reportID(created))
            let signed = try await t.send(.POST, "/api/v1/reports/\(report)/sign", token: city)
            let v6 = "awaiting_approval"
            XCTAssertEqual(signed.object["status"] as? String, v6, signed.text)
            // The province does not have it yet.
            let province = try await t.login("henan.duty")
            let before = try await t.send(.GET, "/api/v1/board", token: province)
            let v7 = (before.object["awaitingAcknowledgement"] as? [[String: Any]])?.count
            XCTAssertEqual(v7, 0)
            let office = try await t.login("xuchang.office")
            let officeBoard = try await t.send(.GET, "/api/v1/board", token: office)
            let v8 = (officeBoard.object["awaitingApproval"] as? [[String: Any]])?.compactMap { $0["id"] as? String }
            XCTAssertEqual(v8, [report])
            // Another city's office cannot approve it.
            let luoheOffice = try await t.login("luohe.office")
            let v9 = try await t.send(.POST, "/api/v1/reports/\(report)/approve", token: luoheOffice).status
            XCTAssertEqual(v9, .notFound)
            let approved = try await t.send(.POST, "/api/v1/reports/\(report)/approve", token: office)
            XCTAssertEqual(approved.object["status"] as? String, "submitted", approved.text)
            XCTAssertEqual(approved.object["approvedBy"] as? String, "xuchang.office")
            let after = try await t.send(.GET, "/api/v1/board", token: province)
            let v10 = (after.object["awaitingAcknowledgement"] as? [[String: Any]])?.count
            XCTAssertEqual(v10, 1)
        }
    }

    func testSkipLevelReportGivesTheCityABackfillTask() async throws {
        try await withApp { t in
            let leader = try await t.login("jianan.leader")
            let county = try await t.unitID(code: "411003")
            let province = try await t.unitID(code: "410000")
            let created = try await t.firstReport(token: leader, place: county)
            let report = try XCTUnwrap(t.reportID(created))
            let sideways = try await t.send(.POST, "/api/v1/reports/\(report)/sign", token: leader, json: ["toUnitId": try await t.unitID(code: "411100")])
            XCTAssertEqual(sideways.status, .unprocessableEntity, "only ancestors receive reports")
            let signed = try await t.send(.POST, "/api/v1/reports/\(report)/sign", token: leader, json: ["toUnitId": province])
            XCTAssertEqual(signed.object["status"] as? String, "submitted", signed.text)
            let city = try await t.login("xuchang.duty")
            let board = try await t.send(.GET, "/api/v1/board", token: city)
            let tasks = board.object["backfillTasks"] as? [[String: Any]] ?? []
            XCTAssertEqual(tasks.compactMap { $0["unitName"] as? String }, ["许昌市应急管理局"])
            XCTAssertEqual(tasks.first?["dueAt"] as? String, "2026-11-23T06:35:00Z", "30 minutes to back-fill")
            XCTAssertEqual(tasks.first?["reason"] as? String, "越级上报，本级需通过系统向上一级补报")
            // The city has its own record to back-fill in: it writes from the county's report and submits.
            let cityLeader = try await t.login("xuchang.leader")
            let cityRecord = try XCTUnwrap((board.object["incidents"] as? [[String: Any]] ?? []).first { $0["unitName"] as? String == "许昌市应急管理局" }?["id"] as? String)
            let own = try await t.send(.POST, "/api/v1/incidents/\(cityRecord)/reports", token: cityLeader, json: ["kind": "first"])
            XCTAssertEqual(own.status, .created, own.text)
            let sent = try await t.send(.POST, "/api/v1/reports/\(own.object["id"] as! String)/sign", token: cityLeader)
            XCTAssertEqual(sent.object["status"] as? String, "submitted")
            let after = try await t.send(.GET, "/api/v1/board", token: cityLeader)
            XCTAssertEqual((after.object["backfillTasks"] as? [[String: Any]])?.count, 0, "back-fill done")
        }
    }

    func clock(_ r: TestApp.Reply, _ rule: String) -> [String: Any]? {
        (r.object["clocks"] as? [[String: Any]] ?? []).first { $0["ruleId"] as? String == rule }
    }

    /// 沈阳 (S001 第二十条) adds its 10/50/100-minute rules from receipt to the national ones;
    /// a county below 沈阳市 inherits both.
    func testClocksRunAgainstTheInheritedPolicy() async throws {
        try await withApp { t in
            let duty = try await t.login("shenhe.duty")
            let county = try await t.unitID(code: "210103")
            let created = try await t.firstReport(token: duty, place: county)
            let id = try XCTUnwrap(created.object["id"] as? String)
            XCTAssertTrue((created.object["policy"] as? String ?? "").contains("沈阳"), created.text)
            t.clock.advance(6 * 60)  // 14:11
            let r = try await t.send(.GET, "/api/v1/incidents/\(id)", token: duty)
            XCTAssertEqual(clock(r, "shenyang.notified")?["dueAt"] as? String, "2026-11-23T06:15:00Z")
            XCTAssertEqual(clock(r, "shenyang.notified")?["status"] as? String, "due_soon")
            XCTAssertEqual(clock(r, "shenyang.notified")?["seconds"] as? Int, 240)
            XCTAssertEqual(clock(r, "shenyang.written")?["dueAt"] as? String, "2026-11-23T06:55:00Z")
            XCTAssertEqual(clock(r, "shenyang.written")?["status"] as? String, "running")
            XCTAssertEqual(clock(r, "henan.written")?["status"] as? String, "not_started", "the national rule waits for the phone report")
            t.clock.advance(60)  // 14:12: the officer phones the city
            let notified = try await t.send(.POST, "/api/v1/incidents/\(id)/notified", token: duty)
            XCTAssertEqual(clock(notified, "shenyang.notified")?["status"] as? String, "met")
            XCTAssertEqual(clock(notified, "shenyang.notified")?["seconds"] as? Int, 180, "3 minutes early")
            XCTAssertEqual(clock(notified, "henan.written")?["dueAt"] as? String, "2026-11-23T06:42:00Z", "30 minutes after the phone report")
            t.clock.advance(48 * 60)  // 15:00, no written report yet
            let again = try await t.login("shenhe.duty")  // the idle session ended meanwhile
            let late = try await t.send(.GET, "/api/v1/incidents/\(id)", token: again)
            XCTAssertEqual(clock(late, "shenyang.written")?["status"] as? String, "overdue")
            XCTAssertEqual(clock(late, "shenyang.written")?["seconds"] as? Int, -300)
            XCTAssertEqual(clock(late, "henan.written")?["status"] as? String, "overdue")
        }
    }

    /// Serious injuries (重伤, incl. acute poisoning) decide the level, not all injuries.
    func testSeriousInjuriesDecideTheSuggestedLevel() async throws {
        try await withApp { t in
            let duty = try await t.login("jianan.duty")
            let place = try await t.unitID(code: "411003")
            let draft = try await t.send(.POST, "/api/v1/reports/draft", token: duty, json: [
                "kind": "first", "kindId": "road_transport_accident", "dead": 0, "injured": 12, "seriousInjuries": 10,
            ])
            XCTAssertEqual(draft.object["suggestedLevel"] as? String, "large", draft.text)
            let fewer = try await t.send(.POST, "/api/v1/reports/draft", token: duty, json: [
                "kind": "first", "kindId": "road_transport_accident", "dead": 0, "injured": 12, "seriousInjuries": 9,
            ])
            XCTAssertEqual(fewer.object["suggestedLevel"] as? String, "ordinary", "9 serious of 12 injured stays 一般")
            let bad = try await t.firstReport(token: duty, place: place, extra: ["dead": 0, "injured": 3, "seriousInjuries": 4])
            XCTAssertEqual(bad.status, .unprocessableEntity)
            XCTAssertTrue(bad.text.contains("重伤人数不能多于受伤人数"))
        }
    }
}
