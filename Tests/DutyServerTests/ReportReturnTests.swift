import DutyCore
import Fluent
import Vapor
import XCTest

@testable import DutyServer

/// 退回修改: the signing leader or the approving office sends a report back with a reason; the
/// officer corrects it and asks again; every returned version stays on the record.
final class ReportReturnTests: XCTestCase {
    struct Actions: Decodable {
        var status: String
        var actions: [String]
        var body: String
    }

    func testTheLeaderReturnsTheOfficerCorrectsAndTheReportGoesUp() async throws {
        try await withApp { t in
            let duty = try await t.login("jianan.duty")
            let leader = try await t.login("jianan.leader")
            let created = try await t.firstReport(token: duty, place: try await t.unitID(code: "411003"))
            let report = try XCTUnwrap(t.reportID(created))
            let firstText = try created.decode(IncidentDTO.self).reports?.first?.body ?? ""
            let asked = try await t.send(.POST, "/api/v1/reports/\(report)/request-signoff", token: duty)
            XCTAssertEqual(asked.status, .ok, asked.text)
            func state(_ token: String) async throws -> Actions { try await t.send(.GET, "/api/v1/reports/\(report)", token: token).decode(Actions.self) }
            let leaderSees = try await state(leader).actions
            XCTAssertEqual(leaderSees, ["sign", "return"])
            // The officer cannot return it, the city above cannot, and a reason is required.
            let byOfficer = try await t.send(.POST, "/api/v1/reports/\(report)/return", token: duty, json: ["reason": "x"])
            XCTAssertEqual(byOfficer.status, .forbidden)
            let byCity = try await t.send(.POST, "/api/v1/reports/\(report)/return", token: try await t.login("xuchang.leader"), json: ["reason": "x"])
            XCTAssertEqual(byCity.status, .forbidden)
            XCTAssertEqual(byCity.errorCode, "not_own_unit")
            let noReason = try await t.send(.POST, "/api/v1/reports/\(report)/return", token: leader, json: ["reason": "  "])
            XCTAssertEqual(noReason.status, .unprocessableEntity)
            XCTAssertEqual(noReason.error?.details?.first?.field, "reason")
            let unchanged = try await state(duty).status
            XCTAssertEqual(unchanged, "awaiting_signoff", "a refused return changes nothing")

            t.clock.advance(120)
            let returned = try await t.send(.POST, "/api/v1/reports/\(report)/return", token: leader, json: ["reason": "事发地点写到路口，伤员送往哪家医院要写明"])
            XCTAssertEqual(returned.status, .ok, returned.text)
            XCTAssertEqual(try returned.decode(ReportDTO.self).status, .returned)
            XCTAssertEqual(try returned.decode(ReportDTO.self).statusTitle, "已退回修改")
            let officerNow = try await state(duty)
            XCTAssertEqual(officerNow.actions, ["correct"], "a returned report is corrected before it is asked again")
            let signAgain = try await t.send(.POST, "/api/v1/reports/\(report)/sign", token: leader)
            XCTAssertEqual(signAgain.status, .conflict, "the leader returned it: not signed until corrected")

            t.clock.advance(180)
            let corrected = try await t.send(
                .PATCH, "/api/v1/reports/\(report)", token: duty,
                json: ["body": firstText + "伤员已送许昌市中心医院救治。", "measures": "交警、消防、120已赶赴现场救援，伤员已送许昌市中心医院"])
            XCTAssertEqual(corrected.status, .ok, corrected.text)
            let fixed = try corrected.decode(ReportDTO.self)
            XCTAssertEqual(fixed.status, .draft)
            XCTAssertTrue(fixed.body.hasSuffix("伤员已送许昌市中心医院救治。"))
            XCTAssertEqual(fixed.actions, [.requestSignoff, .correct])
            // The returned text is kept, with who returned it, why, and that it was corrected.
            let versions = try await t.get("/api/v1/reports/\(report)/versions", token: duty, as: [ReportVersionDTO].self)
            XCTAssertEqual(versions.map(\.number), [1])
            XCTAssertEqual(versions.first?.body, firstText)
            XCTAssertEqual(versions.first?.reason, "事发地点写到路口，伤员送往哪家医院要写明")
            XCTAssertEqual(versions.first?.returnedAt, pinnedNow.addingTimeInterval(120))
            XCTAssertEqual(versions.first?.correctedBy, "jianan.duty")
            XCTAssertEqual(versions.first?.correctedAt, pinnedNow.addingTimeInterval(300))
            // The city above reads the versions too.
            let cityVersions = try await t.send(.GET, "/api/v1/reports/\(report)/versions", token: try await t.login("xuchang.duty"))
            XCTAssertEqual(cityVersions.status, .ok)

            _ = try await t.send(.POST, "/api/v1/reports/\(report)/request-signoff", token: duty)
            let signed = try await t.send(.POST, "/api/v1/reports/\(report)/sign", token: leader)
            XCTAssertEqual(try signed.decode(ReportDTO.self).status, .submitted, signed.text)
            let incident = try created.decode(IncidentDTO.self).id.uuidString
            let timeline = try await t.get("/api/v1/incidents/\(incident)/timeline", token: duty, as: [TimelineDTO].self).map(\.kind)
            XCTAssertTrue(timeline.contains("report.returned") && timeline.contains("report.corrected"), "\(timeline)")
            let audit = try await t.auditEntries(action: "report.return")
            XCTAssertEqual(audit.map(\.actor), ["jianan.leader"])
            // A submitted report is not returned: a follow-up corrects it.
            let late = try await t.send(.POST, "/api/v1/reports/\(report)/return", token: leader, json: ["reason": "x"])
            XCTAssertEqual(late.status, .conflict)
        }
    }

    func testTheApprovingOfficeReturnsASensitiveReport() async throws {
        try await withApp { t in
            let city = try await t.login("xuchang.leader")
            let created = try await t.firstReport(token: city, place: try await t.unitID(code: "411082"), extra: ["sensitive": true])
            let report = try XCTUnwrap(t.reportID(created))
            _ = try await t.send(.POST, "/api/v1/reports/\(report)/sign", token: city)
            let office = try await t.login("xuchang.office")
            let other = try await t.send(.POST, "/api/v1/reports/\(report)/return", token: try await t.login("luohe.office"), json: ["reason": "x"])
            XCTAssertEqual(other.status, .notFound)
            let returned = try await t.send(.POST, "/api/v1/reports/\(report)/return", token: office, json: ["reason": "涉及人员身份的表述需核实后再报"])
            XCTAssertEqual(returned.status, .ok, returned.text)
            XCTAssertEqual(try returned.decode(ReportDTO.self).status, .returned)
            let board = try await t.get("/api/v1/board", token: office, as: BoardDTO.self)
            XCTAssertTrue(board.awaitingApproval.isEmpty, "no longer waiting for the office")
            let fixed = try await t.send(.PATCH, "/api/v1/reports/\(report)", token: try await t.login("xuchang.duty"), json: ["body": "更正后的首报正文"])
            XCTAssertEqual(try fixed.decode(ReportDTO.self).status, .draft, fixed.text)
            let again = try await t.send(.POST, "/api/v1/reports/\(report)/sign", token: city)
            XCTAssertEqual(try again.decode(ReportDTO.self).status, .awaitingApproval, "it passes the office again")
        }
    }

    func testThePagesShowTheReturnFormTheCorrectionAndTheVersions() async throws {
        try await withApp { t in
            let duty = try await t.login("jianan.duty")
            let created = try await t.firstReport(token: duty, place: try await t.unitID(code: "411003"))
            let report = try XCTUnwrap(t.reportID(created))
            let incident = try created.decode(IncidentDTO.self).id.uuidString
            _ = try await t.send(.POST, "/api/v1/reports/\(report)/request-signoff", token: duty)
            let officerPage = try await t.webGet("/incidents/\(incident)", as: "jianan.duty")
            XCTAssertFalse(officerPage.contains("id=\"return-\(report)\""), "the officer is not shown 退回修改")
            let (leader, _) = try await t.webLogin("jianan.leader")
            let leaderPage = try await t.send(.GET, "/incidents/\(incident)", headers: leader).text
            XCTAssertTrue(leaderPage.contains("id=\"return-\(report)\""), "the leader is shown 退回修改")
            let posted = try await t.webPost("/reports/\(report)/return", ["reason": "请补充伤员去向"], session: try await t.webLogin("jianan.leader"))
            XCTAssertEqual(posted.status, .seeOther, posted.text)
            let returnedPage = try await t.webGet("/incidents/\(incident)", as: "jianan.duty")
            XCTAssertTrue(returnedPage.contains("已退回修改"))
            XCTAssertTrue(returnedPage.contains("id=\"correct-\(report)\""), "the officer is shown the correction form")
            XCTAssertNotNil(
                returnedPage.range(of: "id=\"return-note-\(report)\">[^<]*退回修改，原因：请补充伤员去向", options: .regularExpression),
                "the officer reads why it came back, not folded away")
            XCTAssertTrue(returnedPage.contains("id=\"version-\(report)-1\""))
            let corrected = try await t.webPost("/reports/\(report)/correct", ["body": "更正后的正文：伤员已送医"], session: try await t.webLogin("jianan.duty"))
            XCTAssertEqual(corrected.status, .seeOther, corrected.text)
            let after = try await t.get("/api/v1/reports/\(report)", token: duty, as: ReportDTO.self)
            XCTAssertEqual(after.body, "更正后的正文：伤员已送医")
            XCTAssertEqual(after.status, .draft)
        }
    }
}
