import Foundation
import XCTest

@testable import DutyCore

final class ReportingPolicyTests: XCTestCase {
    private func rule(_ version: PolicyVersion, _ id: String, file: StaticString = #filePath, line: UInt = #line) -> DeadlineRule? {
        let found = version.rules.first { $0.id == id }
        XCTAssertNotNil(found, "no rule \(id)", file: file, line: line)
        return found
    }

    private var henanV1: PolicyVersion { ShippedPolicies.national.versions[0] }

    /// A second 河南 version, for tests only: from 2025-06-01 the written report is due 20 minutes
    /// after the phone report.
    private var henanWithV2: ReportingPolicy {
        var policy = ShippedPolicies.national
        var v2 = henanV1
        v2.version = 2
        v2.effectiveFrom = sh(2025, 6, 1)
        v2.rules[0].minutes = 20
        v2.rules[0].title = "电话、传真等报告后20分钟内通过指挥业务系统报送书面信息"
        policy.versions.append(v2)
        return policy
    }

    // MARK: - Shipped rule sets

    func testShippedPoliciesStartAtShanghaiMidnightOfTheirSeedDates() {
        XCTAssertEqual(ShippedPolicies.all.map(\.id), ["shenyang", "national", "ordos"])
        let starts = ShippedPolicies.all.map { $0.versions.map(\.effectiveFrom) }
        XCTAssertEqual(starts, [[sh(2022, 1, 1)], [sh(2024, 1, 1)], [sh(2018, 1, 1)]])
        // Midnight in Shanghai is 16:00 UTC the day before.
        XCTAssertEqual(ShippedPolicies.national.versions[0].effectiveFrom, ISO8601DateFormatter().date(from: "2023-12-31T16:00:00Z"))
        for policy in ShippedPolicies.all {
            XCTAssertEqual(policy.versions.map(\.version), [1], policy.id)
            XCTAssertEqual(policy.versions.map(\.warnBeforeMinutes), [5], policy.id)
            for rule in policy.versions[0].rules {
                XCTAssertFalse(rule.source.isEmpty, rule.id)
                XCTAssertFalse(rule.title.isEmpty, rule.id)
            }
        }
    }

    func testShenyangCountsTenFiftyAndHundredMinutesFromReceiptAndFinalFromResponseEnd() {
        let all = ShippedPolicies.shenyang.versions[0].rules
        let rules = Array(all.prefix(4))
        XCTAssertEqual(rules.map(\.milestone), [.notified, .written, .detailed, .final])
        XCTAssertEqual(rules.map(\.anchor), [.receipt, .receipt, .receipt, .responseEnded])
        XCTAssertEqual(rules.map(\.minutes), [10, 50, 100, 1440])
        XCTAssertTrue(rules.allSatisfy { $0.levels == nil }, "第二十条 applies to every level")
        // "全程跟踪续报" has no number in the article: the cadence is a local setting, and says so.
        let followUp = all[4]
        XCTAssertEqual(followUp.milestone, .followUp)
        XCTAssertEqual(followUp.recurrence?.dailyAt, ["08:00", "17:00"])
        XCTAssertTrue(followUp.title.contains("本地设定"), followUp.title)
        XCTAssertTrue(rules[3].title.contains("24小时") && rules[3].title.contains("本地"), "the 24h final limit is a local setting: \(rules[3].title)")
        XCTAssertTrue(all.allSatisfy { $0.source.contains("第二十条") })
    }

    func testHenanWrittenThirtyMinutesAfterPhoneAndMinistryFiftyMinutesForMajorOnly() {
        let written = rule(henanV1, "national.written")
        XCTAssertEqual(written?.milestone, .written)
        XCTAssertEqual(written?.anchor, .notified)
        XCTAssertEqual(written?.minutes, 30)
        XCTAssertNil(written?.levels)
        let ministry = rule(henanV1, "national.ministry")
        XCTAssertEqual(ministry?.milestone, .reachedMinistry)
        XCTAssertEqual(ministry?.anchor, .caseReceipt, "the 50 minutes are the whole chain's")
        XCTAssertEqual(ministry?.minutes, 50)
        XCTAssertEqual(ministry?.levels, [.major, .extraordinary])
        XCTAssertEqual(henanV1.rules.count, 2)
    }

    func testOrdosCountsFromOccurrenceBySeverity() {
        let version = ShippedPolicies.ordos.versions[0]
        XCTAssertTrue(version.rules.allSatisfy { $0.anchor == .occurrence }, "鄂尔多斯 counts from 事发")
        let phone = rule(version, "ordos.notified.major")
        XCTAssertEqual(phone?.milestone, .notified)
        XCTAssertEqual(phone?.minutes, 30)
        XCTAssertEqual(phone?.levels, [.major, .extraordinary])
        let writtenMajor = rule(version, "ordos.written.major")
        XCTAssertEqual(writtenMajor?.milestone, .written)
        XCTAssertEqual(writtenMajor?.minutes, 60)
        XCTAssertEqual(writtenMajor?.levels, [.major, .extraordinary])
        let writtenLesser = rule(version, "ordos.written.lesser")
        XCTAssertEqual(writtenLesser?.milestone, .written, "较大/一般 '报告' is held to a written report")
        XCTAssertEqual(writtenLesser?.minutes, 120)
        XCTAssertEqual(writtenLesser?.levels, [.large, .ordinary])
        XCTAssertEqual(version.rules.count, 3)
    }

    // MARK: - Version in force

    func testVersionInForceAtEffectiveFromBoundaries() {
        let policy = henanWithV2
        XCTAssertNil(policy.version(inForceAt: sh(2023, 12, 31, 23, 59, 59)), "nothing in force before the first version")
        XCTAssertEqual(policy.version(inForceAt: sh(2024, 1, 1))?.version, 1, "in force from effectiveFrom inclusive")
        XCTAssertEqual(policy.version(inForceAt: sh(2025, 5, 31, 23, 59, 59))?.version, 1)
        XCTAssertEqual(policy.version(inForceAt: sh(2025, 6, 1))?.version, 2)
        XCTAssertEqual(policy.version(inForceAt: sh(2026, 1, 1))?.version, 2)
    }

    func testVersionInForceDoesNotDependOnStoredOrder() {
        var policy = henanWithV2
        policy.versions.reverse()
        XCTAssertEqual(policy.version(inForceAt: sh(2025, 5, 31, 23, 59, 59))?.version, 1)
        XCTAssertEqual(policy.version(inForceAt: sh(2025, 6, 1))?.version, 2)
    }

    func testIncidentIsMeasuredAgainstTheVersionInForceAtReceipt() {
        let policy = henanWithV2
        // Received one second before v2; phone report after v2 started: still v1's 30 minutes.
        let before = ClockFacts(receivedAt: sh(2025, 5, 31, 23, 59, 59), level: .ordinary, anchors: [.notified: sh(2025, 6, 1, 0, 5)])
        let v1 = policy.version(inForceAt: before.receivedAt)!
        XCTAssertEqual(DeadlineClock.evaluate(before, policy: v1, now: sh(2025, 6, 1, 0, 6)).first?.dueAt, sh(2025, 6, 1, 0, 35))
        // Received at v2's first instant: 20 minutes.
        let at = ClockFacts(receivedAt: sh(2025, 6, 1), level: .ordinary, anchors: [.notified: sh(2025, 6, 1, 0, 5)])
        let v2 = policy.version(inForceAt: at.receivedAt)!
        XCTAssertEqual(DeadlineClock.evaluate(at, policy: v2, now: sh(2025, 6, 1, 0, 6)).first?.dueAt, sh(2025, 6, 1, 0, 25))
    }

    func testSameStartInstantHigherVersionWins() {
        var policy = ShippedPolicies.ordos
        var replacement = policy.versions[0]
        replacement.version = 2
        replacement.warnBeforeMinutes = 10
        policy.versions.append(replacement)
        XCTAssertEqual(policy.version(inForceAt: sh(2018, 1, 1))?.version, 2)
        policy.versions.reverse()
        XCTAssertEqual(policy.version(inForceAt: sh(2018, 1, 1))?.version, 2, "whichever is stored first")
        XCTAssertEqual(policy.version(inForceAt: sh(2018, 1, 1))?.warnBeforeMinutes, 10)
    }

    // MARK: - Codable

    func testPoliciesRoundTripThroughJSONWithLevelsMostSevereFirst() throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        for policy in ShippedPolicies.all {
            let data = try encoder.encode(policy)
            XCTAssertEqual(try JSONDecoder().decode(ReportingPolicy.self, from: data), policy, policy.id)
        }
        let ministry = try XCTUnwrap(rule(henanV1, "national.ministry"))
        let json = String(decoding: try encoder.encode(ministry), as: UTF8.self)
        XCTAssertTrue(json.contains(#""levels":["extraordinary","major"]"#), json)
        let written = String(decoding: try encoder.encode(try XCTUnwrap(rule(henanV1, "national.written"))), as: UTF8.self)
        XCTAssertFalse(written.contains("levels"), "nil levels (every level) is left out: \(written)")
        XCTAssertEqual(try JSONDecoder().decode(DeadlineRule.self, from: Data(written.utf8)).levels, nil)
    }

    // MARK: - Inheritance

    func testUnitInheritsItsNearestAncestorsPolicy() {
        let city = ShippedPolicies.national
        let province = ShippedPolicies.ordos
        XCTAssertEqual(PolicyInheritance.inherited(chain: [nil, city, province]), city)
        XCTAssertEqual(PolicyInheritance.inherited(chain: [nil, nil, province]), province)
        XCTAssertEqual(PolicyInheritance.inherited(chain: [ShippedPolicies.shenyang, city]), ShippedPolicies.shenyang, "a unit's own entry is first")
        XCTAssertNil(PolicyInheritance.inherited(chain: [nil, nil]))
        XCTAssertNil(PolicyInheritance.inherited(chain: []))
    }

    func testCountyTwentyMinutesUnderHenanIsStricterAndApplies() {
        var county = henanV1
        county.rules[0].minutes = 20
        // Extra rules of the county's own are allowed.
        county.rules.append(
            DeadlineRule(id: "county.detailed", title: "接报后2小时内报告详细情况", milestone: .detailed, anchor: .receipt, minutes: 120, source: "县规定"))
        XCTAssertEqual(PolicyInheritance.problems(own: county, inherited: henanV1), [])
        XCTAssertEqual(PolicyInheritance.effective(own: county, inherited: henanV1), county)
        XCTAssertEqual(PolicyInheritance.problems(own: henanV1, inherited: henanV1), [], "equal counts as stricter-or-equal")
    }

    func testCountyFortyMinutesIsRefusedNamingTheRule() {
        var county = henanV1
        county.rules[0].minutes = 40
        county.rules[0].title = "电话报告后40分钟内报送书面信息"
        let problems = PolicyInheritance.problems(own: county, inherited: henanV1)
        XCTAssertEqual(problems.count, 1, "\(problems)")
        let problem = problems.first ?? ""
        XCTAssertTrue(problem.contains("「电话、传真等报告后30分钟内通过指挥业务系统报送书面信息」"), problem)
        XCTAssertTrue(problem.contains("40分钟") && problem.contains("长于上级的30分钟"), problem)
        XCTAssertEqual(PolicyInheritance.effective(own: county, inherited: henanV1), henanV1, "a laxer own policy gives way")
    }

    func testDroppingTheMinistryRuleIsRefused() {
        var county = henanV1
        county.rules[0].minutes = 20
        county.rules.removeAll { $0.milestone == .reachedMinistry }
        let problems = PolicyInheritance.problems(own: county, inherited: henanV1)
        XCTAssertEqual(problems.count, 1, "\(problems)")
        XCTAssertTrue(problems[0].contains("「重特大灾害事故首次接报后50分钟内报至应急管理部」"), problems[0])
        XCTAssertTrue(problems[0].contains("没有「报至应急管理部」时限"), problems[0])
        XCTAssertEqual(PolicyInheritance.effective(own: county, inherited: henanV1), henanV1)
    }

    func testCoveringFewerLevelsIsRefusedNamingTheLevel() {
        var county = henanV1
        county.rules[1].levels = [.extraordinary]
        county.rules[1].minutes = 40
        let problems = PolicyInheritance.problems(own: county, inherited: henanV1)
        XCTAssertEqual(problems.count, 1, "\(problems)")
        XCTAssertTrue(problems[0].contains("对重大没有「报至应急管理部」时限"), problems[0])
        // Covering more levels than required is fine.
        county.rules[1].levels = nil
        XCTAssertEqual(PolicyInheritance.problems(own: county, inherited: henanV1), [])
    }

    func testAllFourLevelsListedCoversAnEveryLevelRule() {
        var county = henanV1
        county.rules[0].levels = Set(IncidentLevel.allCases)
        XCTAssertEqual(PolicyInheritance.problems(own: county, inherited: henanV1), [])
        county.rules[0].levels = [.extraordinary, .major, .large]
        let problems = PolicyInheritance.problems(own: county, inherited: henanV1)
        XCTAssertEqual(problems.count, 1)
        XCTAssertTrue(problems.first?.contains("对一般没有「书面报告」时限") ?? false, "\(problems)")
    }

    func testLevelsMaySplitAcrossSeveralStricterRules() {
        var county = henanV1
        county.rules[0].levels = [.extraordinary, .major]
        county.rules[0].minutes = 20
        county.rules.append(
            DeadlineRule(
                id: "county.written.lesser", title: "较大、一般25分钟内书面报告", milestone: .written, anchor: .notified, minutes: 25, levels: [.large, .ordinary],
                source: "县规定"))
        XCTAssertEqual(PolicyInheritance.problems(own: county, inherited: henanV1), [])
        // …but each share must itself be no longer.
        county.rules[2].minutes = 35
        let problems = PolicyInheritance.problems(own: county, inherited: henanV1)
        XCTAssertEqual(problems.count, 1)
        XCTAssertTrue(problems.first?.contains("「较大、一般25分钟内书面报告」为35分钟") ?? false, "\(problems)")
    }

    func testEarlierAnchorIsStricterLaterAnchorIsNot() {
        // Written within 30 minutes of receipt is stricter than within 30 of the phone report.
        var county = henanV1
        county.rules[0].anchor = .receipt
        XCTAssertEqual(PolicyInheritance.problems(own: county, inherited: henanV1), [])
        county.rules[0].anchor = .occurrence
        XCTAssertEqual(PolicyInheritance.problems(own: county, inherited: henanV1), [])

        // Under 鄂尔多斯 (from occurrence), the same minutes from receipt are laxer.
        let ordos = ShippedPolicies.ordos.versions[0]
        var banner = ordos
        banner.rules[0].anchor = .receipt
        let problems = PolicyInheritance.problems(own: banner, inherited: ordos)
        XCTAssertEqual(problems.count, 1, "\(problems)")
        XCTAssertTrue(problems[0].contains("「重特大突发事件事发半小时内电话报告」"), problems[0])
        XCTAssertTrue(problems[0].contains("从本级接报起算"), problems[0])
        // Fewer minutes do not make up for a later anchor: the gap between occurrence and receipt is unbounded.
        banner.rules[0].minutes = 5
        XCTAssertEqual(PolicyInheritance.problems(own: banner, inherited: ordos).count, 1)
    }

    func testResponseEndedOnlyMatchesResponseEnded() {
        let shenyang = ShippedPolicies.shenyang.versions[0]
        var district = shenyang
        district.rules[3].minutes = 12 * 60
        XCTAssertEqual(PolicyInheritance.problems(own: district, inherited: shenyang), [], "a 12h final report is stricter than 24h")
        // A final report due 24h after receipt is not comparable with 24h after the response ends.
        district.rules[3].anchor = .receipt
        let problems = PolicyInheritance.problems(own: district, inherited: shenyang)
        XCTAssertEqual(problems.count, 1, "\(problems)")
        XCTAssertTrue(problems[0].contains("「响应结束后及时终报（本地设定为24小时内）」"), problems[0])
        // …and a rule from the response's end does not stand in for one from receipt.
        var other = shenyang
        other.rules[0].anchor = .responseEnded
        XCTAssertEqual(PolicyInheritance.problems(own: other, inherited: shenyang).count, 1)
    }

    func testEveryUncoveredRuleIsReported() {
        // 沈阳's rules against an own version that only has 鄂尔多斯's: nothing for detailed or final,
        // notified from occurrence but for 重特大 only, written 60/120 > 50.
        let problems = PolicyInheritance.problems(own: ShippedPolicies.ordos.versions[0], inherited: ShippedPolicies.shenyang.versions[0])
        XCTAssertEqual(problems.count, 5, "\(problems)")
        XCTAssertTrue(problems[0].contains("对较大、一般没有「初步情况报告」时限"), problems[0])
        XCTAssertTrue(problems[1].contains("长于上级的50分钟"), problems[1])
        XCTAssertTrue(problems[2].contains("本级没有「详细情况报告」时限"), problems[2])
        XCTAssertTrue(problems[3].contains("本级没有「终报」时限"), problems[3])
        XCTAssertTrue(problems[4].contains("没有「续报」时限"), problems[4])
    }

    func testEffectiveWhenOnlyOneSideExists() {
        XCTAssertEqual(PolicyInheritance.effective(own: nil, inherited: henanV1), henanV1)
        XCTAssertEqual(PolicyInheritance.effective(own: henanV1, inherited: nil), henanV1)
        XCTAssertNil(PolicyInheritance.effective(own: nil, inherited: nil))
    }
}

final class PolicyStructureTests: XCTestCase {
    func testShippedPoliciesAreWellFormed() {
        for p in ShippedPolicies.all { XCTAssertEqual(p.structuralProblems, [], p.id) }
    }

    func testMalformedPoliciesAreNamed() {
        var p = ShippedPolicies.shenyang
        p.versions[0].rules[0].minutes = 0
        p.versions[0].rules[1].id = p.versions[0].rules[0].id
        p.versions[0].warnBeforeMinutes = 90
        let problems = p.structuralProblems
        XCTAssertTrue(problems.contains { $0.contains("1到10080分钟") }, "\(problems)")
        XCTAssertTrue(problems.contains { $0.contains("时限编号重复") })
        XCTAssertTrue(problems.contains { $0.contains("提前提醒") })
        var empty = ShippedPolicies.ordos
        empty.versions = []
        XCTAssertEqual(empty.structuralProblems, ["至少要有一个版本"])
    }
}
