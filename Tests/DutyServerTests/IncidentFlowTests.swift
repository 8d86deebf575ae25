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
            let r = try await t.createIncident(token: duty, place: county)
            XCTAssertEqual(r.level, .ordinary, "2 deaths: 一般 by 条例第三条")
            XCTAssertEqual(r.levelSuggested, .ordinary)
            let report = try XCTUnwrap(r.reports?.first)
            let body = report.body
            XCTAssertTrue(body.hasPrefix("2026年11月23日13时50分，许昌市建安区许由路与魏武大道交叉口发生一起两车相撞的道路交通事故，造成2人死亡、3人受伤"), body)
            XCTAssertEqual(report.status.rawValue, "draft")
            // A first report without place or impact is refused with what is missing.
            let bad = try await t.send(
                .POST, "/api/v1/incidents", token: duty,
                json: ["kindId": "road_transport_accident", "placeDetail": "", "sourceChannel": "phone", "event": "车祸", "level": "ordinary"])
            XCTAssertEqual(bad.status, .unprocessableEntity)
            XCTAssertTrue(bad.errorMessage?.contains("缺少事发时间") ?? false, bad.errorMessage ?? "")
            // Choosing another level than suggested needs a reason.
            let noReason = try await t.firstReport(token: duty, place: county, extra: ["level": "large"])
            XCTAssertEqual(noReason.status, .unprocessableEntity)
            XCTAssertTrue(noReason.errorMessage?.contains("请说明理由") ?? false, noReason.errorMessage ?? "")
            let withReason = try await t.firstReport(token: duty, place: county, extra: ["level": "large", "levelReason": "涉及校车，社会关注度高"])
            XCTAssertEqual(try withReason.decode(IncidentDTO.self).level, .large)
        }
    }

    func testSignOffSubmitAcknowledgeAndTheCityWritesItsOwn() async throws {
        try await withApp { t in
            let duty = try await t.login("jianan.duty")
            let county = try await t.unitID(code: "411003")
            let created = try await t.createIncident(token: duty, place: county)
            let incidentID = created.id.uuidString
            let report = try XCTUnwrap(created.reports?.first).id.uuidString
            // The officer cannot sign; asks the duty bureau leader.
            let v1 = try await t.send(.POST, "/api/v1/reports/\(report)/sign", token: duty).status
            XCTAssertEqual(v1, .forbidden)
            let asked = try await t.send(.POST, "/api/v1/reports/\(report)/request-signoff", token: duty)
            let v2 = "awaiting_signoff"
            XCTAssertEqual(try asked.decode(ReportDTO.self).status.rawValue, v2)
            let leader = try await t.login("jianan.leader")
            let board = try await t.get("/api/v1/board", token: leader, as: BoardDTO.self)
            let v3 = board.awaitingSignoff.count
            XCTAssertEqual(v3, 1)
            t.clock.advance(5 * 60)
            let signed = try await t.send(.POST, "/api/v1/reports/\(report)/sign", token: leader)
            XCTAssertEqual(try signed.decode(ReportDTO.self).status.rawValue, "submitted", signed.text)
            XCTAssertEqual(try signed.decode(ReportDTO.self).signedBy, "jianan.leader")
            // The city sees the case and the report waiting for acknowledgement.
            let city = try await t.login("xuchang.duty")
            let cityBoard = try await t.get("/api/v1/board", token: city, as: BoardDTO.self)
            XCTAssertEqual(cityBoard.awaitingAcknowledgement.map(\.id.uuidString), [report])
            let records = cityBoard.incidents.map(\.unitName)
            XCTAssertEqual(Set(records), ["许昌市应急管理局", "建安区应急管理局"], "each level has its own record")
            let ack = try await t.send(.POST, "/api/v1/reports/\(report)/acknowledge", token: city)
            XCTAssertEqual(try ack.decode(ReportDTO.self).status.rawValue, "acknowledged")
            XCTAssertEqual(try ack.decode(ReportDTO.self).acknowledgedBy, "xuchang.duty")
            // A sibling city never sees it.
            let luohe = try await t.login("luohe.duty")
            let v4 = try await t.send(.GET, "/api/v1/incidents/\(incidentID)", token: luohe).status
            XCTAssertEqual(v4, .notFound)
            let v5 = try await t.send(.GET, "/api/v1/reports/\(report)", token: luohe).status
            XCTAssertEqual(v5, .notFound)
            let luoheBoard = try await t.get("/api/v1/board", token: luohe, as: BoardDTO.self)
            XCTAssertEqual(luoheBoard.incidents.count, 0)
            // The city writes its own first report from the county's, and submits it.
            let cityRecord = try XCTUnwrap(cityBoard.incidents.first { $0.unitName == "许昌市应急管理局" }).id
            let own = try await t.send(.POST, "/api/v1/incidents/\(cityRecord)/reports", token: city, json: ["kind": "first"])
            XCTAssertEqual(own.status, .created, own.text)
            XCTAssertTrue(try own.decode(ReportDTO.self).body.contains("造成2人死亡、3人受伤"))
            // The county's timeline shows every step with its actor.
            let timeline = try await t.get("/api/v1/incidents/\(incidentID)/timeline", token: city, as: [TimelineDTO].self)
            let kinds = timeline.map(\.kind)
            for k in [
                "incident.recorded", "report.drafted", "report.signoff_requested", "report.signed", "report.submitted", "incident.received",
                "report.acknowledged",
            ] {
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
            XCTAssertEqual(try signed.decode(ReportDTO.self).status.rawValue, v6, signed.text)
            // The province does not have it yet.
            let province = try await t.login("henan.duty")
            let before = try await t.get("/api/v1/board", token: province, as: BoardDTO.self)
            let v7 = before.awaitingAcknowledgement.count
            XCTAssertEqual(v7, 0)
            let office = try await t.login("xuchang.office")
            let officeBoard = try await t.get("/api/v1/board", token: office, as: BoardDTO.self)
            let v8 = officeBoard.awaitingApproval.map(\.id.uuidString)
            XCTAssertEqual(v8, [report])
            // Another city's office cannot approve it.
            let luoheOffice = try await t.login("luohe.office")
            let v9 = try await t.send(.POST, "/api/v1/reports/\(report)/approve", token: luoheOffice).status
            XCTAssertEqual(v9, .notFound)
            let approved = try await t.send(.POST, "/api/v1/reports/\(report)/approve", token: office)
            XCTAssertEqual(try approved.decode(ReportDTO.self).status.rawValue, "submitted", approved.text)
            XCTAssertEqual(try approved.decode(ReportDTO.self).approvedBy, "xuchang.office")
            let after = try await t.get("/api/v1/board", token: province, as: BoardDTO.self)
            let v10 = after.awaitingAcknowledgement.count
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
            XCTAssertEqual(try signed.decode(ReportDTO.self).status.rawValue, "submitted", signed.text)
            let city = try await t.login("xuchang.duty")
            let board = try await t.get("/api/v1/board", token: city, as: BoardDTO.self)
            let tasks = board.backfillTasks
            XCTAssertEqual(tasks.map(\.unitName), ["许昌市应急管理局"])
            XCTAssertEqual(tasks.first?.dueAt, iso("2026-11-23T06:35:00Z"), "30 minutes to back-fill")
            XCTAssertEqual(tasks.first?.reason, "越级上报，本级需通过系统向上一级补报")
            // The city has its own record to back-fill in: it writes from the county's report and submits.
            let cityLeader = try await t.login("xuchang.leader")
            let cityRecord = try XCTUnwrap(board.incidents.first { $0.unitName == "许昌市应急管理局" }).id
            let own = try await t.send(.POST, "/api/v1/incidents/\(cityRecord)/reports", token: cityLeader, json: ["kind": "first"])
            XCTAssertEqual(own.status, .created, own.text)
            let sent = try await t.send(.POST, "/api/v1/reports/\(try own.decode(ReportDTO.self).id)/sign", token: cityLeader)
            XCTAssertEqual(try sent.decode(ReportDTO.self).status.rawValue, "submitted")
            let after = try await t.get("/api/v1/board", token: cityLeader, as: BoardDTO.self)
            XCTAssertEqual(after.backfillTasks.count, 0, "back-fill done")
        }
    }

    func clock(_ r: TestApp.Reply, _ rule: String) throws -> ClockDTO? {
        try r.decode(IncidentDTO.self).clocks.first { $0.ruleId == rule }
    }

    /// 沈阳 (S001 第二十条) adds its 10/50/100-minute rules from receipt to the national ones;
    /// a county below 沈阳市 inherits both.
    func testClocksRunAgainstTheInheritedPolicy() async throws {
        try await withApp { t in
            let duty = try await t.login("shenhe.duty")
            let county = try await t.unitID(code: "210103")
            let created = try await t.createIncident(token: duty, place: county)
            let id = created.id
            XCTAssertTrue((created.policy ?? "").contains("沈阳"), "\(created.policy ?? "no policy")")
            t.clock.advance(6 * 60)  // 14:11
            let r = try await t.send(.GET, "/api/v1/incidents/\(id)", token: duty)
            XCTAssertEqual(try clock(r, "shenyang.notified")?.dueAt, iso("2026-11-23T06:15:00Z"))
            XCTAssertEqual(try clock(r, "shenyang.notified")?.status.rawValue, "due_soon")
            XCTAssertEqual(try clock(r, "shenyang.notified")?.seconds, 240)
            XCTAssertEqual(try clock(r, "shenyang.written")?.dueAt, iso("2026-11-23T06:55:00Z"))
            XCTAssertEqual(try clock(r, "shenyang.written")?.status.rawValue, "running")
            XCTAssertEqual(try clock(r, "national.written")?.status.rawValue, "waiting", "the national rule waits for the phone report")
            t.clock.advance(60)  // 14:12: the officer phones the city
            let notified = try await t.send(.POST, "/api/v1/incidents/\(id)/notified", token: duty)
            XCTAssertEqual(try clock(notified, "shenyang.notified")?.status.rawValue, "met")
            XCTAssertEqual(try clock(notified, "shenyang.notified")?.seconds, 180, "3 minutes early")
            XCTAssertEqual(try clock(notified, "national.written")?.dueAt, iso("2026-11-23T06:42:00Z"), "30 minutes after the phone report")
            t.clock.advance(48 * 60)  // 15:00, no written report yet
            let again = try await t.login("shenhe.duty")  // the idle session ended meanwhile
            let late = try await t.send(.GET, "/api/v1/incidents/\(id)", token: again)
            XCTAssertEqual(try clock(late, "shenyang.written")?.status.rawValue, "overdue")
            XCTAssertEqual(try clock(late, "shenyang.written")?.seconds, -300)
            XCTAssertEqual(try clock(late, "national.written")?.status.rawValue, "overdue")
        }
    }

    /// Serious injuries (重伤, incl. acute poisoning) decide the level, not all injuries.
    func testSeriousInjuriesDecideTheSuggestedLevel() async throws {
        try await withApp { t in
            let duty = try await t.login("jianan.duty")
            let place = try await t.unitID(code: "411003")
            let draft = try await t.send(
                .POST, "/api/v1/reports/draft", token: duty,
                json: [
                    "kind": "first", "kindId": "road_transport_accident", "dead": 0, "injured": 12, "seriousInjuries": 10,
                ])
            XCTAssertEqual(try draft.decode(DraftDTO.self).suggestedLevel, .large, draft.text)
            let fewer = try await t.send(
                .POST, "/api/v1/reports/draft", token: duty,
                json: [
                    "kind": "first", "kindId": "road_transport_accident", "dead": 0, "injured": 12, "seriousInjuries": 9,
                ])
            XCTAssertEqual(try fewer.decode(DraftDTO.self).suggestedLevel, .ordinary, "9 serious of 12 injured stays 一般")
            let bad = try await t.firstReport(token: duty, place: place, extra: ["dead": 0, "injured": 3, "seriousInjuries": 4])
            XCTAssertEqual(bad.status, .unprocessableEntity)
            XCTAssertTrue(bad.text.contains("重伤人数不能多于受伤人数"))
        }
    }
}
