import DutyCore
import Fluent
import Vapor
import XCTest

@testable import DutyServer

final class MeasuresTests: XCTestCase {
    func rate(_ m: MeasuresService.MeasuresDTO, _ level: ReportingLevel) -> MeasuresService.RateDTO? {
        m.reportingRates.first { $0.level == level }
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
            XCTAssertEqual(try one.decode(IncidentDTO.self).level, .major)
            t.clock.advance(10 * 60)
            _ = try await t.send(.POST, "/api/v1/reports/\(t.reportID(one)!)/sign", token: countyLeader)
            let cityBoard = try await t.get("/api/v1/board", token: cityLeader, as: BoardDTO.self)
            let cityRecord = try XCTUnwrap(cityBoard.incidents.first { $0.unitName == "许昌市应急管理局" }).id
            let cityReport = try await t.send(.POST, "/api/v1/incidents/\(cityRecord)/reports", token: cityLeader, json: ["kind": "first"])
            t.clock.advance(10 * 60)
            _ = try await t.send(.POST, "/api/v1/reports/\(try cityReport.decode(ReportDTO.self).id)/sign", token: cityLeader)
            // Case 2: the city learned of it itself (the county never reported) → 重大 by 60 injured.
            let two = try await t.firstReport(token: cityLeader, place: county, extra: ["dead": 0, "injured": 60, "sourceChannel": "media"])
            XCTAssertEqual(try two.decode(IncidentDTO.self).level, .major)
            _ = try await t.send(.POST, "/api/v1/reports/\(t.reportID(two)!)/sign", token: cityLeader)
            let r = try await t.get("/api/v1/measures?from=2026-11-01&to=2026-11-30", token: provinceLeader, as: MeasuresService.MeasuresDTO.self)
            XCTAssertEqual(r.incidents, 2)
            XCTAssertEqual(rate(r, .county)?.submitted, 1)
            XCTAssertEqual(rate(r, .county)?.percent, 50)
            XCTAssertEqual(rate(r, .city)?.percent, 100)
            XCTAssertEqual(rate(r, .province)?.percent, 0, "the province has not submitted to the ministry")
            let timing = r.receiptToWritten
            // County: receipt 14:05 → 14:15 (10 min); city case 1: 14:15 → 14:25 (10); city case 2: 14:25 → 14:25 (0).
            XCTAssertEqual(timing.count, 3)
            XCTAssertEqual(timing.maxMinutes, 10)
            XCTAssertEqual(r.backflows, 0, "the county's report of case 2 may still be on its way")
            // Thirty minutes on, the county has still not reported: the back-flow counts.
            t.clock.advance(30 * 60)
            let later = try await t.get(
                "/api/v1/measures?from=2026-11-01&to=2026-11-30", token: try await t.login("henan.leader"), as: MeasuresService.MeasuresDTO.self)
            XCTAssertEqual(later.backflows, 1, "the city knew case 2 before the county reported it")
            // The sibling city's measures see none of it.
            let luohe = try await t.get(
                "/api/v1/measures?from=2026-11-01&to=2026-11-30", token: try await t.login("luohe.leader"), as: MeasuresService.MeasuresDTO.self)
            XCTAssertEqual(luohe.incidents, 0)
            let bad = try await t.send(.GET, "/api/v1/measures?from=2026-12-01&to=2026-11-01", token: try await t.login("henan.leader"))
            XCTAssertEqual(bad.status, .unprocessableEntity)
        }
    }
}
