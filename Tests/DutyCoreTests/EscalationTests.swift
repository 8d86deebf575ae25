import XCTest

@testable import DutyCore

final class EscalationTests: XCTestCase {
    let t0 = Date(timeIntervalSince1970: 1_795_413_900)  // 2026-11-23 14:05 Shanghai
    func at(_ minutes: Double) -> Date { t0.addingTimeInterval(minutes * 60) }

    func testOrderlyChainNeedsNoBackfillAndHasNoBackflow() {
        let chain = [
            ChainLevel(unitID: "county", unitName: "建安区", recordedAt: at(0), learnedVia: .phone, submittedAt: at(20), submittedToUnitID: "city"),
            ChainLevel(
                unitID: "city", unitName: "许昌市", recordedAt: at(20), learnedVia: .system, learnedFromUnitID: "county", submittedAt: at(35),
                submittedToUnitID: "province"),
            ChainLevel(unitID: "province", unitName: "河南省", recordedAt: at(35), learnedVia: .system, learnedFromUnitID: "city"),
        ]
        XCTAssertEqual(Escalation.backfillTasks(chain: chain, minutes: 30), [])
        XCTAssertEqual(Escalation.backflows(chain: chain), [])
    }

    func testSkipLevelReportGivesTheSkippedUnitABackfillTask() {
        let chain = [
            ChainLevel(unitID: "county", unitName: "建安区", recordedAt: at(0), learnedVia: .phone, submittedAt: at(10), submittedToUnitID: "province"),
            ChainLevel(unitID: "city", unitName: "许昌市"),
            ChainLevel(unitID: "province", unitName: "河南省", recordedAt: at(10), learnedVia: .system, learnedFromUnitID: "county"),
        ]
        let tasks = Escalation.backfillTasks(chain: chain, minutes: 30)
        XCTAssertEqual(tasks.map(\.unitID), ["city"])
        XCTAssertEqual(tasks.first?.reason, .skipped(reporterUnitID: "county", receiverUnitID: "province"))
        XCTAssertEqual(tasks.first?.dueAt, at(40))
        XCTAssertEqual(tasks.first?.title, "越级上报，本级需通过系统向上一级补报")
        // The province learned through the chain below the city: no back-flow against anyone.
        XCTAssertEqual(Escalation.backflows(chain: chain), [])
    }

    func testSkippingTwoLevelsGivesBothTasks() {
        let chain = [
            ChainLevel(unitID: "county", unitName: "建安区", recordedAt: at(0), submittedAt: at(5), submittedToUnitID: "ministry"),
            ChainLevel(unitID: "city", unitName: "许昌市"),
            ChainLevel(unitID: "province", unitName: "河南省"),
            ChainLevel(unitID: "ministry", unitName: "应急管理部", recordedAt: at(5), learnedFromUnitID: "county"),
        ]
        XCTAssertEqual(Escalation.backfillTasks(chain: chain, minutes: 30).map(\.unitID), ["city", "province"])
    }

    func testSuperiorLearningFromAPeerTellsLowerLevelsToBackfillAndMarksBackflow() {
        let chain = [
            ChainLevel(unitID: "county", unitName: "建安区"),
            ChainLevel(unitID: "city", unitName: "许昌市"),
            ChainLevel(unitID: "province", unitName: "河南省", recordedAt: at(0), learnedVia: .peer),
        ]
        let tasks = Escalation.backfillTasks(chain: chain, minutes: 30)
        XCTAssertEqual(tasks.map(\.unitID), ["county", "city"])
        XCTAssertTrue(tasks.allSatisfy { $0.reason == .learnedFromPeer(superiorUnitID: "province") && $0.dueAt == at(30) })
        // The province knew before the city reported: back-flow against the city.
        let flows = Escalation.backflows(chain: chain)
        XCTAssertEqual(flows.map(\.againstUnitID), ["city"])
        XCTAssertNil(flows.first?.subordinateReportedAt)
    }

    func testLowerLevelThatAlreadyReportedGetsNoPeerTask() {
        let chain = [
            ChainLevel(unitID: "county", unitName: "建安区", recordedAt: at(0), submittedAt: at(5), submittedToUnitID: "city"),
            ChainLevel(unitID: "city", unitName: "许昌市", recordedAt: at(5), learnedFromUnitID: "county"),
            ChainLevel(unitID: "province", unitName: "河南省", recordedAt: at(8), learnedVia: .peer),
        ]
        XCTAssertEqual(Escalation.backfillTasks(chain: chain, minutes: 30).map(\.unitID), ["city"])
    }

    func testSuperiorThatKnewFirstFromTheMediaMarksBackflowAgainstTheSubordinate() {
        let chain = [
            ChainLevel(unitID: "county", unitName: "建安区", recordedAt: at(0), submittedAt: at(45), submittedToUnitID: "city"),
            ChainLevel(unitID: "city", unitName: "许昌市", recordedAt: at(30), learnedVia: .media),
        ]
        let flows = Escalation.backflows(chain: chain)
        XCTAssertEqual(flows, [Backflow(againstUnitID: "county", superiorUnitID: "city", superiorRecordedAt: at(30), subordinateReportedAt: at(45))])
        // Reported at the same instant the city recorded it: no back-flow.
        var inTime = chain
        inTime[0].submittedAt = at(30)
        XCTAssertEqual(Escalation.backflows(chain: inTime), [])
    }
}

final class ReportingRateTests: XCTestCase {
    /// S002's example: 10 incidents reportable to the ministry; the province submitted 10,
    /// the city 7, the county 5 through the system → 100%, 70%, 50%.
    func testTheSeedExample() {
        var incidents: [ReportingRate.Incident] = []
        for i in 0..<10 {
            var by: Set<ReportingLevel> = [.province]
            if i < 7 { by.insert(.city) }
            if i < 5 { by.insert(.county) }
            incidents.append(.init(reportableToMinistry: true, submittedBy: by))
        }
        // Incidents not reportable to the ministry do not count either way.
        incidents.append(.init(reportableToMinistry: false, submittedBy: []))
        XCTAssertEqual(ReportingRate.rate(of: .province, incidents).percent, 100)
        XCTAssertEqual(ReportingRate.rate(of: .city, incidents).percent, 70)
        XCTAssertEqual(ReportingRate.rate(of: .county, incidents).percent, 50)
        XCTAssertEqual(ReportingRate.rate(of: .county, incidents).total, 10)
        XCTAssertNil(ReportingRate.rate(of: .city, []).percent)
    }

    func testTimingSummary() {
        let minutes: [TimeInterval] = [10, 20, 30, 40, 50, 60, 70, 80, 90, 300].map { $0 * 60 }
        let s = ReportTiming.summary(minutes)
        XCTAssertEqual(s.count, 10)
        XCTAssertEqual(s.mean, 75 * 60)
        XCTAssertEqual(s.p50, 50 * 60)
        XCTAssertEqual(s.p90, 90 * 60)
        XCTAssertEqual(s.max, 300 * 60)
        XCTAssertEqual(ReportTiming.summary([]).count, 0)
    }
}

final class ReportRouteTests: XCTestCase {
    /// S000 四: only a sensitive report from a city bureau that has a government duty office.
    func testApprovalByTheGovernmentDutyOffice() {
        XCTAssertTrue(ReportRoute.needsApproval(sensitive: true, from: .emergencyCity, cityHasDutyOffice: true))
        XCTAssertFalse(ReportRoute.needsApproval(sensitive: false, from: .emergencyCity, cityHasDutyOffice: true))
        XCTAssertFalse(ReportRoute.needsApproval(sensitive: true, from: .emergencyCounty, cityHasDutyOffice: true))
        XCTAssertFalse(ReportRoute.needsApproval(sensitive: true, from: .emergencyProvince, cityHasDutyOffice: true))
        XCTAssertFalse(ReportRoute.needsApproval(sensitive: true, from: .emergencyCity, cityHasDutyOffice: false))
    }
}
