import DutyCore
import Fluent
import Vapor
import XCTest

@testable import DutyServer

final class MeasuresTests: XCTestCase {
    func rate(_ r: TestApp.Reply, _ level: String) -> [String: Any]? {
        (r.object["reportingRates"] as? [[String: Any]] ?? []).first { $0["level"] as? String == level }
    }

    /// Two 重大 cases: the county submits one of them, the city both, the province both;
    /// the measures read the records, not anyone's say-so.
    func testReportingRateTimingAndCountsFromTheRecords() async throws {
        try await withApp { t in
            let countyLeader = try await t.login("jianan.leader")
            let cityLeader = try await t.login("xuchang.leader")
            let provinceLeader = try await t.login("henan.leader")
            let county = try await t.unitID(code: "411003")
            // Case 1: 12 dead → 重大, filed by the county, signed up to the province.
            let one = try await t.firstReport(token: countyLeader, place: county, extra: ["dead": 12])
            XCTAssertEqual(one.object["level"] as? String, "major")
            t.clock.advance(10 * 60)
            _ = try await t.send(.POST, "/api/v1/reports/\(t.reportID(one)!)/sign", token: countyLeader)
            let cityBoard = try await t.send(.GET, "/api/v1/board", token: cityLeader)
            let cityRecord = try XCTUnwrap((cityBoard.object["incidents"] as? [[String: Any]] ?? []).first { $0["unitName"] as? String == "许昌市应急管理局" }?["id"] as? String)
            let cityReport = try await t.send(.POST, "/api/v1/incidents/\(cityRecord)/reports", token: cityLeader, json: ["kind": "first"])
            t.clock.advance(10 * 60)
            _ = try await t.send(.POST, "/api/v1/reports/\(cityReport.object["id"] as! String)/sign", token: cityLeader)
            // Case 2: the city learned of it itself (the county never reported) → 重大 by 60 injured.
            let two = try await t.firstReport(token: cityLeader, place: county, extra: ["dead": 0, "injured": 60, "sourceChannel": "media"])
            XCTAssertEqual(two.object["level"] as? String, "major")
            _ = try await t.send(.POST, "/api/v1/reports/\(t.reportID(two)!)/sign", token: cityLeader)
            let r = try await t.send(.GET, "/api/v1/measures?from=2026-11-01&to=2026-11-30", token: provinceLeader)
            XCTAssertEqual(r.status, .ok, r.text)
            XCTAssertEqual(r.object["incidents"] as? Int, 2)
            XCTAssertEqual(rate(r, "county")?["submitted"] as? Int, 1)
            XCTAssertEqual(rate(r, "county")?["percent"] as? Double, 50)
            XCTAssertEqual(rate(r, "city")?["percent"] as? Double, 100)
            XCTAssertEqual(rate(r, "province")?["percent"] as? Double, 0, "the province has not submitted to the ministry")
            let timing = try XCTUnwrap(r.object["receiptToWritten"] as? [String: Any])
            // County: receipt 14:05 → 14:15 (10 min); city case 1: 14:15 → 14:25 (10); city case 2: 14:25 → 14:25 (0).
            XCTAssertEqual(timing["count"] as? Int, 3)
            XCTAssertEqual(timing["maxMinutes"] as? Double, 10)
            XCTAssertEqual(r.object["backflows"] as? Int, 1, "the city knew case 2 before the county reported it")
            // The sibling city's measures see none of it.
            let luohe = try await t.send(.GET, "/api/v1/measures?from=2026-11-01&to=2026-11-30", token: try await t.login("luohe.leader"))
            XCTAssertEqual(luohe.object["incidents"] as? Int, 0)
            let bad = try await t.send(.GET, "/api/v1/measures?from=2026-12-01&to=2026-11-01", token: provinceLeader)
            XCTAssertEqual(bad.status, .unprocessableEntity)
        }
    }
}
