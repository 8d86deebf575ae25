import DutyCore
import Fluent
import Vapor
import XCTest

@testable import DutyServer

/// 领导外出报备 (S001 第十条): report, change with a reason, return, overdue flagged, and the
/// superior's view of who is away.
final class AbsenceTests: XCTestCase {
    func testReportChangeOverdueAndReturn() async throws {
        try await withApp { t in
            let duty = try await t.login("xuchang.duty")
            let leader = try await t.personID(name: "曾庆华")
            let trip: [String: Any] = [
                "personId": leader, "reason": "赴省厅参加安全生产工作会议", "destination": "郑州市", "leaveAt": "2026-11-23T00:00:00Z",
                "returnAt": "2026-11-23T10:00:00Z", "deputyName": "张栋利", "deputyPost": "应急值守科科长",
            ]
            let created = try await t.send(.POST, "/api/v1/absences", token: duty, json: trip)
            XCTAssertEqual(created.status, .created, created.text)
            let absence = try created.decode(LeaderAbsenceDTO.self)
            let id = absence.id
            XCTAssertEqual(absence.personName, "曾庆华")
            XCTAssertEqual(absence.statusTitle, "外出中")
            XCTAssertEqual(absence.returnAtText, "2026-11-23 18:00")

            var missing = trip
            missing["deputyName"] = ""
            let noDeputy = try await t.send(.POST, "/api/v1/absences", token: duty, json: missing)
            XCTAssertEqual(noDeputy.status, .unprocessableEntity)
            XCTAssertTrue(noDeputy.errorMessage?.contains("主持工作") ?? false, noDeputy.text)
            var backwards = trip
            backwards["returnAt"] = "2026-11-22T10:00:00Z"
            let v1 = try await t.send(.POST, "/api/v1/absences", token: duty, json: backwards).errorMessage
            XCTAssertEqual(v1, "返回时间应晚于离开时间")
            // Only the unit's own people; a sibling's person is not even found.
            var county = trip
            county["personId"] = try await Person.query(on: t.app.db).join(OrgUnit.self, on: \Person.$unit.$id == \OrgUnit.$id).filter(
                OrgUnit.self, \.$code == "411003"
            ).first()!.id!.uuidString
            let v2 = try await t.send(.POST, "/api/v1/absences", token: duty, json: county).status
            XCTAssertEqual(v2, .unprocessableEntity)
            var sibling = trip
            sibling["personId"] = try await Person.query(on: t.app.db).join(OrgUnit.self, on: \Person.$unit.$id == \OrgUnit.$id).filter(
                OrgUnit.self, \.$code == "411100"
            ).first()!.id!.uuidString
            let v3 = try await t.send(.POST, "/api/v1/absences", token: duty, json: sibling).status
            XCTAssertEqual(v3, .notFound)

            // A change needs its reason; the history keeps both.
            let noReason = try await t.send(.PATCH, "/api/v1/absences/\(id)", token: duty, json: ["returnAt": "2026-11-23T12:00:00Z"])
            XCTAssertEqual(noReason.status, .unprocessableEntity)
            let changed = try await t.send(.PATCH, "/api/v1/absences/\(id)", token: duty, json: ["returnAt": "2026-11-23T12:00:00Z", "changeReason": "会议延长"])
            XCTAssertEqual(changed.status, .ok, changed.text)
            XCTAssertEqual(try changed.decode(LeaderAbsenceDTO.self).returnAtText, "2026-11-23 20:00")
            let history = try await t.get("/api/v1/absences/\(id)/history", token: duty, as: [HistoryEntryDTO].self)
            XCTAssertEqual(history.map(\.action), ["absence.update", "absence.create"])
            let changes = history.first?.changes
            XCTAssertEqual(changes?["changeReason"]?.to, "会议延长")
            XCTAssertEqual(changes?["returnAt"]?.from, "2026-11-23 18:00")

            // The province sees who is away across its subordinates; the sibling city does not.
            let province = try await t.login("henan.duty")
            let away = try await t.get("/api/v1/absences?current=true", token: province, as: [LeaderAbsenceDTO].self)
            XCTAssertEqual(away.map(\.personName), ["曾庆华"])
            XCTAssertEqual(away.first?.unitName, "许昌市应急管理局")
            let luohe = try await t.login("luohe.duty")
            let v4 = try await t.send(.GET, "/api/v1/absences/\(id)", token: luohe).status
            XCTAssertEqual(v4, .notFound)
            let v5 = try await t.get("/api/v1/absences", token: luohe, as: [LeaderAbsenceDTO].self).count
            XCTAssertEqual(v5, 0)
            let v6 = try await t.send(.POST, "/api/v1/absences/\(id)/return", token: luohe).status
            XCTAssertEqual(v6, .notFound)

            // 20:00 has passed without 销假: overdue.
            t.clock.advance(6 * 3600 + 5 * 60)
            let later = try await t.login("henan.duty")
            let overdue = try await t.get("/api/v1/absences?current=true", token: later, as: [LeaderAbsenceDTO].self)
            XCTAssertEqual(overdue.first?.overdue, true)
            XCTAssertEqual(overdue.first?.statusTitle, "逾期未归")
            let page = try await t.webGet("/absences", as: "henan.duty")
            XCTAssertTrue(page.contains("逾期未归"))
            XCTAssertTrue(page.contains("曾庆华"))
            let board = try await t.webGet("/board", as: "henan.duty")
            XCTAssertTrue(board.contains("逾期未归 1"), "the province's board counts the overdue leader")

            let duty2 = try await t.login("xuchang.duty")
            let back = try await t.send(.POST, "/api/v1/absences/\(id)/return", token: duty2, json: [:])
            XCTAssertEqual(back.status, .ok, back.text)
            XCTAssertEqual(try back.decode(LeaderAbsenceDTO.self).statusTitle, "已销假")
            XCTAssertEqual(try back.decode(LeaderAbsenceDTO.self).returnedAtText, "2026-11-23 20:10")
            let none = try await t.get("/api/v1/absences?current=true", token: later, as: [LeaderAbsenceDTO].self)
            XCTAssertEqual(none.count, 0)
            let after = try await t.send(.PATCH, "/api/v1/absences/\(id)", token: duty2, json: ["destination": "开封", "changeReason": "x"])
            XCTAssertEqual(after.errorCode, "already_returned")
        }
    }
}
