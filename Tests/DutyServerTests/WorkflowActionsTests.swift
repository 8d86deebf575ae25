import DutyCore
import Fluent
import Vapor
import XCTest

@testable import DutyServer

/// The buttons a page shows and the actions the API lists come from the workflow's
/// allowed steps: shown exactly when the step would succeed.
final class WorkflowActionsTests: XCTestCase {
    struct Actions: Decodable {
        var status: String
        var actions: [String]
    }

    func testTheReportListsExactlyTheStepsTheCallerCanTake() async throws {
        try await withApp { t in
            let duty = try await t.login("jianan.duty")
            let county = try await t.unitID(code: "411003")
            let created = try await t.firstReport(token: duty, place: county)
            let report = try XCTUnwrap(t.reportID(created))
            func actions(_ token: String) async throws -> [String] {
                try await t.send(.GET, "/api/v1/reports/\(report)", token: token).decode(Actions.self).actions
            }
            let leader = try await t.login("jianan.leader")
            let city = try await t.login("xuchang.duty")
            let cityLeader = try await t.login("xuchang.leader")
            let actionsOfDuty = try await actions(duty)
            XCTAssertEqual(actionsOfDuty, ["request_signoff", "correct"], "a draft can be edited before sign-off")
            let actionsOfLeader = try await actions(leader)
            XCTAssertEqual(actionsOfLeader, ["request_signoff", "sign", "correct"])
            let actionsOfCityleader = try await actions(cityLeader)
            XCTAssertEqual(actionsOfCityleader, [], "a superior reads the county's draft and cannot sign it")
            // The refusal says whose report it is, not that the role lacks the right.
            let refused = try await t.send(.POST, "/api/v1/reports/\(report)/sign", token: cityLeader)
            XCTAssertEqual(refused.status, .forbidden)
            XCTAssertEqual(refused.errorCode, "not_own_unit", refused.text)
            XCTAssertTrue(refused.errorMessage?.contains("只有事件所在单位") ?? false, refused.text)

            let signed = try await t.send(.POST, "/api/v1/reports/\(report)/sign", token: leader).decode(Actions.self)
            XCTAssertEqual(signed.status, "submitted")
            XCTAssertEqual(signed.actions, [], "nothing is left for the county")
            let actionsOfCity = try await actions(city)
            XCTAssertEqual(actionsOfCity, ["acknowledge"])
            let province = try await t.login("henan.duty")
            let actionsOfProvince = try await actions(province)
            XCTAssertEqual(actionsOfProvince, [], "the province does not acknowledge for the city")
            let byProvince = try await t.send(.POST, "/api/v1/reports/\(report)/acknowledge", token: province)
            XCTAssertEqual(byProvince.errorCode, "not_own_unit", byProvince.text)
            // The board's inbox carries the same actions.
            struct Board: Decodable { var awaitingAcknowledgement: [Actions] }
            let board = try await t.send(.GET, "/api/v1/board", token: city).decode(Board.self)
            XCTAssertEqual(board.awaitingAcknowledgement.map(\.actions), [["acknowledge"]])
            let acknowledged = try await t.send(.POST, "/api/v1/reports/\(report)/acknowledge", token: city).decode(Actions.self)
            XCTAssertEqual(acknowledged.status, "acknowledged")
            let again = try await t.send(.POST, "/api/v1/reports/\(report)/acknowledge", token: city)
            XCTAssertEqual(again.status, .conflict)
            XCTAssertEqual(again.errorCode, "wrong_state")
        }
    }

    /// The incident page shows 签发 to the county's leader only, and nothing to the city's.
    func testTheIncidentPageShowsAButtonExactlyWhenTheStepWouldSucceed() async throws {
        try await withApp { t in
            let duty = try await t.login("jianan.duty")
            let county = try await t.unitID(code: "411003")
            let created = try await t.firstReport(token: duty, place: county)
            let incident = try created.decode(IncidentDTO.self).id.uuidString
            let report = try XCTUnwrap(t.reportID(created))
            let countyLeader = try await t.webGet("/incidents/\(incident)", as: "jianan.leader")
            XCTAssertTrue(countyLeader.contains("action=\"/reports/\(report)/sign\""))
            let cityLeader = try await t.webGet("/incidents/\(incident)", as: "xuchang.leader")
            XCTAssertTrue(cityLeader.contains("建安区"), "the city reads the county's incident")
            XCTAssertFalse(cityLeader.contains("/reports/\(report)/sign"))
            XCTAssertFalse(cityLeader.contains("/reports/\(report)/request-signoff"))
            // A wrong-unit write from the page says whose record it is.
            let (h, csrf) = try await t.webLogin("xuchang.duty")
            let r = try await t.webPost("/incidents/\(incident)/response-ended", [:], session: (h, csrf))
            XCTAssertEqual(r.status, .forbidden, r.text)
            let api = try await t.send(.POST, "/api/v1/incidents/\(incident)/response-ended", token: try await t.login("xuchang.duty"))
            XCTAssertEqual(api.errorCode, "not_own_unit", api.text)
        }
    }

    /// A superior's section leader reads a subordinate's swaps but is not shown 批准: the swap
    /// is decided in its own unit.
    func testTheRosterPageShowsApproveOnlyToTheSwapsOwnUnit() async throws {
        try await withApp { t in
            let (unit, from, to) = try await SwapTests.candidate(t)
            let fromToken = try await SwapTests.account(t, person: from, username: "swap.from")
            let toToken = try await SwapTests.account(t, person: to, username: "swap.to")
            let asked = try await t.send(
                .POST, "/api/v1/units/\(unit)/roster-swaps", token: fromToken,
                json: [
                    "date": "2026-11-25", "level": "officer", "fromPersonId": from, "toPersonId": to, "reason": "家中老人住院",
                ])
            let id = try asked.decode(SwapDTO.self).id.uuidString
            let accepted = try await t.send(.POST, "/api/v1/roster-swaps/\(id)/accept", token: toToken)
            XCTAssertEqual(accepted.status, .ok, accepted.text)
            let own = try await t.webGet("/rosters?unitID=\(unit)&month=2026-11", as: "xuchang.section")
            XCTAssertTrue(own.contains("/rosters/swaps/\(id)/approve"), "the unit's section leader decides")
            let superior = try await t.webGet("/rosters?unitID=\(unit)&month=2026-11", as: "henan.section")
            XCTAssertTrue(superior.contains("待科(处)领导批准"), "the province reads the swap")
            XCTAssertFalse(superior.contains("/rosters/swaps/\(id)/approve"))
            let refused = try await t.send(.POST, "/api/v1/roster-swaps/\(id)/approve", token: try await t.login("henan.section"))
            XCTAssertEqual(refused.errorCode, "swap_not_yours", refused.text)
        }
    }
}

/// The duty desk's workflows read alike: a superior reads a subordinate's absence and
/// handover and is shown no button to act on them.
final class DutyDeskActionsTests: XCTestCase {
    func testASuperiorIsShownNoButtonOnASubordinatesAbsence() async throws {
        try await withApp { t in
            let duty = try await t.login("xuchang.duty")
            let created = try await t.send(
                .POST, "/api/v1/absences", token: duty,
                json: [
                    "personId": try await t.personID(name: "曾庆华"), "reason": "赴省厅参加安全生产工作会议", "destination": "郑州市",
                    "leaveAt": "2026-11-23T00:00:00Z", "returnAt": "2026-11-23T10:00:00Z", "deputyName": "张栋利", "deputyPost": "应急值守科科长",
                ])
            let absence = try created.decode(LeaderAbsenceDTO.self)
            let id = absence.id.uuidString
            XCTAssertEqual(absence.statusTone, .warn)
            let own = try await t.webGet("/absences/\(id)", as: "xuchang.duty")
            XCTAssertTrue(own.contains("id=\"absence-return\""))
            XCTAssertTrue(own.contains("id=\"absence-change\""))
            XCTAssertTrue(own.contains("class=\"status status-warn\">外出中"))
            let province = try await t.webGet("/absences/\(id)", as: "henan.duty")
            XCTAssertTrue(province.contains("曾庆华"), "the province reads it")
            XCTAssertFalse(province.contains("id=\"absence-return\""))
            XCTAssertFalse(province.contains("id=\"absence-change\""))
            let refused = try await t.send(.POST, "/api/v1/absences/\(id)/return", token: try await t.login("henan.duty"))
            XCTAssertEqual(refused.errorCode, "not_own_unit", refused.text)
        }
    }
}

/// The roster page shows the filing status by the word and colour the API gives.
final class RosterFilingToneTests: XCTestCase {
    func testThePageShowsTheFilingAsTheAPIReadsIt() async throws {
        try await withApp { t in
            let unit = try await t.unitID(code: "411000")
            let roster = try await t.get("/api/v1/units/\(unit)/roster?month=2026-11", token: try await t.login("xuchang.section"), as: RosterDTO.self)
            let page = try await t.webGet("/rosters?unitID=\(unit)&month=2026-11", as: "xuchang.section")
            XCTAssertTrue(
                page.contains("<span class=\"status status-\(roster.filing.statusTone.rawValue)\" id=\"roster-filing\">\(roster.filing.statusTitle)</span>"),
                roster.filing.statusTitle)
        }
    }
}

/// Report elements are one input checked once: the API answers every problem together, and
/// the pages' inputs carry the same limits.
final class ReportInputServerTests: XCTestCase {
    func testAFirstReportWithSeveralProblemsNamesThemAllAndWritesNothing() async throws {
        try await withApp { t in
            let duty = try await t.login("jianan.duty")
            let county = try await t.unitID(code: "411003")
            let before = try await Incident.query(on: t.app.db).count()
            let r = try await t.firstReport(token: duty, place: county, extra: ["event": String(repeating: "车", count: 201), "dead": -1, "trapped": 2_000_000])
            XCTAssertEqual(r.status, .unprocessableEntity, r.text)
            struct Problem: Decodable { var field: String?; var message: String }
            struct Body: Decodable { struct E: Decodable { var code: String; var details: [Problem] }; var error: E }
            let body = try r.decode(Body.self)
            XCTAssertEqual(body.error.code, "validation_failed")
            XCTAssertEqual(body.error.details.compactMap(\.field), ["event", "dead", "trapped"])
            XCTAssertTrue(r.errorMessage?.contains("事件概况过长") ?? false, r.text)
            let after = try await Incident.query(on: t.app.db).count()
            XCTAssertEqual(after, before, "nothing half-written")
        }
    }

    func testThePagesInputsCarryTheCheckedLimits() async throws {
        try await withApp { t in
            let page = try await t.webGet("/incidents/new", as: "jianan.duty")
            XCTAssertTrue(page.contains("name=\"event\" value=\"\" required maxlength=\"\(ReportField.event.maxLength)\""), String(page.prefix(200)))
            XCTAssertTrue(page.contains("maxlength=\"\(ReportField.levelReason.maxLength)\""))
        }
    }

    /// The report form asks the server while it is filled in: the same rules as saving, and
    /// nothing written.
    func testTheReportFormIsCheckedByTheServerRules() async throws {
        try await withApp { t in
            let duty = try await t.login("jianan.duty")
            let county = try await t.unitID(code: "411003")
            let created = try await t.firstReport(token: duty, place: county)
            let incident = try created.decode(IncidentDTO.self).id.uuidString
            let before = try await Report.query(on: t.app.db).count()
            let lower = try await t.send(.POST, "/api/v1/incidents/\(incident)/reports/check", token: duty, json: ["kind": "follow_up", "dead": 1])
            XCTAssertEqual(lower.status, .ok, lower.text)
            let c = try lower.decode(ReportCheckDTO.self)
            XCTAssertEqual(c.changes, ["死亡人数由2人减为1人（减少需说明原因）"])
            XCTAssertEqual(c.unexplained.map(\.field), ["changeReason"])
            let explained = try await t.send(
                .POST, "/api/v1/incidents/\(incident)/reports/check", token: duty, json: ["kind": "follow_up", "dead": 1, "changeReason": "核实后一人系重复统计"])
            XCTAssertEqual(try explained.decode(ReportCheckDTO.self).unexplained.count, 0)
            // Saving refuses exactly what the check reported.
            let saved = try await t.send(.POST, "/api/v1/incidents/\(incident)/reports", token: duty, json: ["kind": "follow_up", "dead": 1])
            XCTAssertEqual(saved.status, .unprocessableEntity)
            XCTAssertEqual(saved.error?.details?.map(\.message), ["死亡人数由2人减为1人（减少需说明原因）"])
            let tooLong = try await t.send(
                .POST, "/api/v1/incidents/\(incident)/reports/check", token: duty, json: ["kind": "final", "trend": String(repeating: "稳", count: 4001)])
            let f = try tooLong.decode(ReportCheckDTO.self)
            XCTAssertEqual(f.problems.map(\.field), ["trend"])
            XCTAssertFalse(f.missing.isEmpty, "a final report names what it still lacks")
            let after = try await Report.query(on: t.app.db).count()
            XCTAssertEqual(after, before, "checking writes nothing")
            // A superior checks nothing in the county's record.
            let city = try await t.send(
                .POST, "/api/v1/incidents/\(incident)/reports/check", token: try await t.login("xuchang.duty"), json: ["kind": "follow_up"])
            XCTAssertEqual(city.errorCode, "not_own_unit")
        }
    }
}
