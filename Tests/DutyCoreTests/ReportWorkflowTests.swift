import DutyCore
import XCTest

/// The report's route as a state machine: who may take each step, and the steps a page shows.
final class ReportWorkflowTests: XCTestCase {
    typealias W = ReportWorkflow
    let county = "county", city = "city", office = "office", province = "province"

    func actor(_ role: Role, unit: String, kind: UnitKind, parent: String?, holder: String, sentTo: String? = nil, needsApproval: Bool = false) -> W.Actor {
        W.Actor(
            permissions: role.permissions, unitID: unit, unitKind: kind, parentID: parent, holderUnitID: holder, submittedToUnitID: sentTo,
            needsApproval: needsApproval)
    }

    func testTheCountyOfficerAsksTheLeaderWhoSignsAndTheCityAcknowledges() {
        let officer = actor(.dutyOfficer, unit: county, kind: .emergencyCounty, parent: city, holder: county)
        XCTAssertEqual(W.allowedSteps(.draft, needsApproval: false, for: officer), [.requestSignoff, .correct])
        XCTAssertEqual(W.next(.draft, .requestSignoff, needsApproval: false, by: officer), .success(.awaitingSignoff))
        // S001 第十五条: only the duty bureau leader signs.
        guard case .failure(let r) = W.next(.awaitingSignoff, .sign, needsApproval: false, by: officer) else { return XCTFail("an officer signed") }
        XCTAssertEqual(r.reason, .role)
        XCTAssertEqual(W.allowedSteps(.awaitingSignoff, needsApproval: false, for: officer), [])

        let leader = actor(.dutyLeader, unit: county, kind: .emergencyCounty, parent: city, holder: county)
        XCTAssertEqual(W.allowedSteps(.awaitingSignoff, needsApproval: false, for: leader), [.sign, .returnForCorrection])
        XCTAssertEqual(W.next(.awaitingSignoff, .sign, needsApproval: false, by: leader), .success(.submitted))
        // A leader asking for sign-off signs at once.
        XCTAssertEqual(W.effective(.requestSignoff, by: leader), .sign)
        XCTAssertEqual(W.effective(.requestSignoff, by: officer), .requestSignoff)

        let receiver = actor(.dutyOfficer, unit: city, kind: .emergencyCity, parent: province, holder: county, sentTo: city)
        XCTAssertEqual(W.allowedSteps(.submitted, needsApproval: false, for: receiver), [.acknowledge])
        XCTAssertEqual(W.next(.submitted, .acknowledge, needsApproval: false, by: receiver), .success(.acknowledged))
        XCTAssertEqual(W.allowedSteps(.acknowledged, needsApproval: false, for: receiver), [])
    }

    func testASuperiorReadsButNeverSignsOrAcknowledgesForAnotherUnit() {
        // The city's leader sees the county's draft; it is not the city's to sign.
        let cityLeader = actor(.dutyLeader, unit: city, kind: .emergencyCity, parent: province, holder: county)
        guard case .failure(let r) = W.next(.draft, .sign, needsApproval: false, by: cityLeader) else { return XCTFail("signed another unit's report") }
        XCTAssertEqual(r.reason, .unit)
        XCTAssertEqual(r.code, "not_own_unit")
        XCTAssertEqual(W.allowedSteps(.draft, needsApproval: false, for: cityLeader), [])
        // The province sees the report sent to the city but does not acknowledge it for the city.
        let provinceOfficer = actor(.dutyOfficer, unit: province, kind: .emergencyProvince, parent: nil, holder: county, sentTo: city)
        XCTAssertEqual(W.allowedSteps(.submitted, needsApproval: false, for: provinceOfficer), [])
    }

    func testASensitiveCityReportPassesTheGovernmentDutyOffice() {
        // S000 四: 市局向省厅报告敏感信息必须经市政府总值班室核准后方可上报.
        let cityLeader = actor(.dutyLeader, unit: city, kind: .emergencyCity, parent: province, holder: city, needsApproval: true)
        XCTAssertEqual(W.next(.draft, .sign, needsApproval: true, by: cityLeader), .success(.awaitingApproval))
        XCTAssertEqual(W.allowedSteps(.awaitingApproval, needsApproval: true, for: cityLeader), [], "the bureau cannot approve its own report")
        let theOffice = actor(.dutyOfficer, unit: office, kind: .governmentDutyOffice, parent: city, holder: city, needsApproval: true)
        XCTAssertEqual(W.allowedSteps(.awaitingApproval, needsApproval: true, for: theOffice), [.approve, .returnForCorrection])
        XCTAssertEqual(W.next(.awaitingApproval, .approve, needsApproval: true, by: theOffice), .success(.submitted))
        // Another city's office, or the office when the report needs no approval, has nothing to do.
        let otherOffice = actor(.dutyOfficer, unit: "other-office", kind: .governmentDutyOffice, parent: "other-city", holder: city, needsApproval: true)
        XCTAssertEqual(W.allowedSteps(.awaitingApproval, needsApproval: true, for: otherOffice), [])
        let notAsked = actor(.dutyOfficer, unit: office, kind: .governmentDutyOffice, parent: city, holder: city, needsApproval: false)
        XCTAssertFalse(notAsked.relations.contains(.approvingOffice))
        // The office's administrator holds no approval permission: no 核准 button for them.
        let admin = actor(.unitAdmin, unit: office, kind: .governmentDutyOffice, parent: city, holder: city, needsApproval: true)
        XCTAssertEqual(W.allowedSteps(.awaitingApproval, needsApproval: true, for: admin), [])
        guard case .failure(let r) = W.next(.awaitingApproval, .approve, needsApproval: true, by: admin) else { return XCTFail("approved without the role") }
        XCTAssertEqual(r.reason, .role)
    }

    func testAStepOutOfTurnSaysWhereTheReportStands() {
        let leader = actor(.dutyLeader, unit: county, kind: .emergencyCounty, parent: city, holder: county)
        guard case .failure(let r) = W.next(.submitted, .sign, needsApproval: false, by: leader) else { return XCTFail("signed twice") }
        XCTAssertEqual(r.reason, .state)
        XCTAssertEqual(r.message, "该报告当前为“已报送”，不能签发并报送")
    }

    /// allowedSteps is exactly the set of steps `next` accepts, for every state, role and place.
    func testAllowedStepsAreExactlyTheStepsThatSucceed() {
        let places: [(String, UnitKind, String?, String?)] = [
            (county, .emergencyCounty, city, nil), (city, .emergencyCity, province, city), (office, .governmentDutyOffice, county, nil),
        ]
        for role in Role.allCases {
            for (unit, kind, parent, sentTo) in places {
                for approval in [false, true] {
                    let a = actor(role, unit: unit, kind: kind, parent: parent, holder: county, sentTo: sentTo, needsApproval: approval)
                    for status in W.Status.allCases {
                        let succeeding = W.Step.allCases.filter {
                            if case .success = W.next(status, $0, needsApproval: approval, by: a) { true } else { false }
                        }
                        XCTAssertEqual(W.allowedSteps(status, needsApproval: approval, for: a), succeeding)
                    }
                }
            }
        }
    }

    /// 退回修改: the leader asked to sign or the office asked to approve returns it; the officer
    /// corrects it; it is asked again, never signed as returned.
    func testAReturnedReportIsCorrectedBeforeItGoesOn() {
        let officer = actor(.dutyOfficer, unit: county, kind: .emergencyCounty, parent: city, holder: county)
        let leader = actor(.dutyLeader, unit: county, kind: .emergencyCounty, parent: city, holder: county)
        XCTAssertEqual(W.next(.awaitingSignoff, .returnForCorrection, needsApproval: false, by: leader), .success(.returned))
        guard case .failure(let byOfficer) = W.next(.awaitingSignoff, .returnForCorrection, needsApproval: false, by: officer) else {
            return XCTFail("an officer returned a report")
        }
        XCTAssertEqual(byOfficer.reason, .role)
        XCTAssertEqual(W.allowedSteps(.returned, needsApproval: false, for: officer), [.correct])
        XCTAssertEqual(W.allowedSteps(.returned, needsApproval: false, for: leader), [.correct], "not signed until corrected")
        XCTAssertEqual(W.next(.returned, .correct, needsApproval: false, by: officer), .success(.draft))
        // A report already sent up is not returned: a follow-up corrects it.
        guard case .failure(let late) = W.next(.submitted, .returnForCorrection, needsApproval: false, by: leader) else {
            return XCTFail("returned a submitted report")
        }
        XCTAssertEqual(late.reason, .state)
        // The city bureau cannot return its own report waiting for the office; the office can.
        let cityLeader = actor(.dutyLeader, unit: city, kind: .emergencyCity, parent: province, holder: city, needsApproval: true)
        XCTAssertEqual(W.allowedSteps(.awaitingApproval, needsApproval: true, for: cityLeader), [])
        let theOffice = actor(.dutyOfficer, unit: office, kind: .governmentDutyOffice, parent: city, holder: city, needsApproval: true)
        XCTAssertEqual(W.next(.awaitingApproval, .returnForCorrection, needsApproval: true, by: theOffice), .success(.returned))
        XCTAssertEqual(W.allowedSteps(.returned, needsApproval: true, for: theOffice), [], "the office does not correct the bureau's text")
    }
}
