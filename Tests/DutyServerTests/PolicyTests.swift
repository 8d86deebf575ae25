import DutyCore
import Fluent
import Vapor
import XCTest

@testable import DutyServer

final class PolicyTests: XCTestCase {
    func policyJSON(_ p: ReportingPolicy) throws -> Any {
        try JSONSerialization.jsonObject(with: try JSONCoders.encoder.encode(p))
    }

    func testAUnitInheritsAndMaySetOnlyAStricterPolicy() async throws {
        try await withApp { t in
            let admin = try await t.login("xuchang.admin")
            let county = try await t.unitID(code: "411003")
            let inherited = try await t.get("/api/v1/units/\(county)/policy", token: admin, as: PolicyAPIController.PolicyDTO.self)
            XCTAssertEqual(inherited.own, false)
            XCTAssertEqual(inherited.policy?.id, ShippedPolicies.national.id)
            // Looser than the national 30 minutes: refused, naming the rule.
            var looser = ShippedPolicies.national
            looser.id = "jianan"
            looser.versions[0].rules[0].minutes = 40
            looser.versions[0].effectiveFrom = pinnedNow
            let refused = try await t.send(.PUT, "/api/v1/units/\(county)/policy", token: admin, json: try policyJSON(looser))
            XCTAssertEqual(refused.status, .unprocessableEntity, refused.text)
            XCTAssertTrue(refused.errorMessage?.contains("不能比上级宽松") ?? false, refused.errorMessage ?? "")
            // Stricter: accepted, and the county's new incidents run on it.
            var stricter = ShippedPolicies.national
            stricter.id = "jianan"
            stricter.name = "建安区"
            stricter.versions[0].rules[0].minutes = 20
            stricter.versions[0].effectiveFrom = pinnedNow
            let set = try await t.send(.PUT, "/api/v1/units/\(county)/policy", token: admin, json: try policyJSON(stricter))
            XCTAssertEqual(set.status, .ok, set.text)
            let now = try await t.get("/api/v1/units/\(county)/policy", token: admin, as: PolicyAPIController.PolicyDTO.self)
            XCTAssertEqual(now.own, true)
            let duty = try await t.login("jianan.duty")
            let created = try await t.firstReport(token: duty, place: county)
            let id = try created.decode(IncidentDTO.self).id
            _ = try await t.send(.POST, "/api/v1/incidents/\(id)/notified", token: duty)
            let r = try await t.get("/api/v1/incidents/\(id)", token: duty, as: IncidentDTO.self)
            let written = r.clocks.first { $0.ruleId == "national.written" }
            XCTAssertEqual(written?.dueAt, iso("2026-11-23T06:25:00Z"), "20 minutes after the phone report")
            let audit = try await t.auditEntries(action: "policy.set")
            XCTAssertEqual(audit.map(\.actor), ["xuchang.admin"])
            // A malformed policy and a sibling's unit are refused.
            var broken = stricter
            broken.versions[0].rules[0].minutes = 0
            let bad = try await t.send(.PUT, "/api/v1/units/\(county)/policy", token: admin, json: try policyJSON(broken))
            XCTAssertEqual(bad.status, .unprocessableEntity)
            let sibling = try await t.unitID(code: "411102")
            let far = try await t.send(.PUT, "/api/v1/units/\(sibling)/policy", token: admin, json: try policyJSON(stricter))
            XCTAssertEqual(far.status, .notFound)
        }
    }
}
