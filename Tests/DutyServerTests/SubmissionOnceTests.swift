import DutyCore
import Fluent
import Vapor
import XCTest

@testable import DutyServer

/// Submitting the same thing twice — a client retrying after a timeout, an officer pressing
/// back and saving again — records one incident and one report.
final class SubmissionOnceTests: XCTestCase {
    func body(_ place: String) -> [String: Any] {
        [
            "kindId": "road_transport_accident", "placeUnitId": place, "placeDetail": "许由路与魏武大道交叉口", "occurredAt": "2026-11-23T05:50:00Z",
            "sourceChannel": "phone", "event": "一起两车相撞的道路交通事故", "dead": 2, "injured": 3,
        ]
    }

    func testTheSameIdempotencyKeyRecordsOneIncidentAndOneReport() async throws {
        try await withApp { t in
            let duty = try await t.login("jianan.duty")
            let place = try await t.unitID(code: "411003")
            let key: HTTPHeaders = ["Idempotency-Key": "intake-7f3a"]
            let first = try await t.send(.POST, "/api/v1/incidents", token: duty, json: body(place), headers: key)
            XCTAssertEqual(first.status, .created, first.text)
            let again = try await t.send(.POST, "/api/v1/incidents", token: duty, json: body(place), headers: key)
            XCTAssertEqual(again.status, .ok, again.text)
            XCTAssertEqual(again.headers.first(name: "Idempotent-Replayed"), "true")
            let id = try first.decode(IncidentDTO.self).id
            XCTAssertEqual(try again.decode(IncidentDTO.self).id, id)
            var count = try await Incident.query(on: t.app.db).count()
            XCTAssertEqual(count, 1)
            // Another key is another incident; the same key from another officer is theirs alone.
            _ = try await t.send(.POST, "/api/v1/incidents", token: duty, json: body(place), headers: ["Idempotency-Key": "intake-8b21"])
            let other = try await t.send(.POST, "/api/v1/incidents", token: try await t.login("jianan.leader"), json: body(place), headers: key)
            XCTAssertEqual(other.status, .created)
            count = try await Incident.query(on: t.app.db).count()
            XCTAssertEqual(count, 3)
            let badKey = try await t.send(.POST, "/api/v1/incidents", token: duty, json: body(place), headers: ["Idempotency-Key": "两次"])
            XCTAssertEqual(badKey.status, .unprocessableEntity)

            // A follow-up sent twice under one key is one follow-up.
            let followUp: [String: Any] = ["kind": "follow_up", "event": "一起两车相撞的道路交通事故", "injured": 4, "measures": "伤员已送医"]
            let r1 = try await t.send(.POST, "/api/v1/incidents/\(id)/reports", token: duty, json: followUp, headers: ["Idempotency-Key": "fu-1"])
            XCTAssertEqual(r1.status, .created, r1.text)
            let r2 = try await t.send(.POST, "/api/v1/incidents/\(id)/reports", token: duty, json: followUp, headers: ["Idempotency-Key": "fu-1"])
            XCTAssertEqual(try r2.decode(ReportDTO.self).id, try r1.decode(ReportDTO.self).id)
            let reports = try await Report.query(on: t.app.db).filter(\.$incident.$id == id).count()
            XCTAssertEqual(reports, 2, "the first report and one follow-up")
        }
    }

    func testParallelRetriesUnderOneKeyMakeOneIncident() async throws {
        try await withApp { t in
            let duty = try await t.login("jianan.duty")
            let place = try await t.unitID(code: "411003")
            let ids = try await withThrowingTaskGroup(of: UUID.self) { group in
                for _ in 0..<6 {
                    group.addTask {
                        let r = try await t.send(.POST, "/api/v1/incidents", token: duty, json: self.body(place), headers: ["Idempotency-Key": "burst-1"])
                        return try r.decode(IncidentDTO.self).id
                    }
                }
                return try await group.reduce(into: Set<UUID>()) { $0.insert($1) }
            }
            XCTAssertEqual(ids.count, 1)
            let count = try await Incident.query(on: t.app.db).count()
            XCTAssertEqual(count, 1)
        }
    }

    func testTheIntakeFormSentTwiceRecordsOneIncident() async throws {
        try await withApp { t in
            let session = try await t.webLogin("jianan.duty")
            let page = try await t.send(.GET, "/incidents/new", headers: session.0).text
            let once = try XCTUnwrap(page.range(of: "name=\"_once\" value=\"[^\"]+\"", options: .regularExpression).map { String(page[$0]) })
            let token = String(once.dropFirst("name=\"_once\" value=\"".count).dropLast())
            let form = [
                "_once": token, "kindId": "road_transport_accident", "placeUnitId": try await t.unitID(code: "411003"),
                "placeDetail": "许由路与魏武大道交叉口", "occurredAt": "2026-11-23 13:50", "receivedAt": "2026-11-23 13:58", "sourceChannel": "phone",
                "event": "一起两车相撞的道路交通事故", "dead": "2", "injured": "3",
            ]
            let first = try await t.webPost("/incidents", form, session: session)
            XCTAssertEqual(first.status, .seeOther, first.text)
            let second = try await t.webPost("/incidents", form, session: session)
            XCTAssertEqual(second.status, .seeOther)
            XCTAssertEqual(second.headers.first(name: .location), first.headers.first(name: .location), "back and save again: the same incident")
            let count = try await Incident.query(on: t.app.db).count()
            XCTAssertEqual(count, 1)
        }
    }
}
