import DutyCore
import Fluent
import Vapor
import XCTest

@testable import DutyServer

/// The records as evidence of who reported late: one case-wide deadline on every level,
/// policies that never rewrite the past, repeating follow-ups, clocks that say what they wait
/// for, and a report nobody acknowledges chased until someone does.
final class ReportingEvidenceTests: XCTestCase {
    func clock(_ i: IncidentDTO, _ key: String) -> ClockDTO? { i.clocks.first { $0.key == key } }

    func policyJSON(_ p: ReportingPolicy) throws -> Any { try JSONSerialization.jsonObject(with: try JSONCoders.encoder.encode(p)) }

    /// A leader of `unit` writes the record's first report from what it received and signs it
    /// (which submits it to the superior).
    func reportUp(_ t: TestApp, record: UUID, leader: String) async throws {
        let token = try await t.login(leader)
        let own = try await t.send(.POST, "/api/v1/incidents/\(record)/reports", token: token, json: ["kind": "first"])
        XCTAssertEqual(own.status, .created, own.text)
        let sent = try await t.send(.POST, "/api/v1/reports/\(try own.decode(ReportDTO.self).id)/sign", token: token)
        XCTAssertEqual(try sent.decode(ReportDTO.self).status.rawValue, "submitted", sent.text)
    }

    func record(_ t: TestApp, of caseID: UUID, unitName: String, as user: String) async throws -> IncidentDTO {
        let board = try await t.get("/api/v1/board", token: try await t.login(user), as: BoardDTO.self)
        return try XCTUnwrap(board.incidents.first { $0.caseId == caseID && $0.unitName == unitName }, "\(board.incidents.map(\.unitName))")
    }

    func testTheMinistryDeadlineIsOneInstantAndOneOutcomeOnEveryLevel() async throws {
        try await withApp { t in
            // 14:05 the county receives a 重大 road accident (12 dead); its leader signs at 14:15.
            let county = try await t.login("jianan.leader")
            let created = try await t.createIncident(token: county, place: try await t.unitID(code: "411003"), extra: ["dead": 12])
            XCTAssertEqual(created.level, .major)
            t.clock.advance(10 * 60)
            _ = try await t.send(.POST, "/api/v1/reports/\(created.reports![0].id)/sign", token: county)
            // The city reports at 14:30, the province at 15:05: the ministry has it 60 minutes
            // after the case's first receipt.
            t.clock.advance(15 * 60)
            try await reportUp(t, record: try await record(t, of: created.caseId, unitName: "许昌市应急管理局", as: "xuchang.duty").id, leader: "xuchang.leader")
            t.clock.advance(35 * 60)
            try await reportUp(t, record: try await record(t, of: created.caseId, unitName: "河南省应急管理厅", as: "henan.duty").id, leader: "henan.leader")
            let board = try await t.get("/api/v1/board", token: try await t.login("ministry.duty"), as: BoardDTO.self)
            var records = board.incidents.filter { $0.caseId == created.caseId }
            XCTAssertEqual(records.count, 4, "county, city, province and the ministry")
            records.sort { $0.receivedAt < $1.receivedAt }
            XCTAssertEqual(records.map { ShanghaiTime.format($0.receivedAt, "HH:mm") }, ["14:05", "14:15", "14:30", "15:05"])
            for r in records {
                let c = try XCTUnwrap(clock(r, "national.ministry"), r.unitName)
                XCTAssertEqual(c.dueAt, iso("2026-11-23T06:55:00Z"), "\(r.unitName): 50 minutes from the case's first receipt")
                XCTAssertEqual(c.status, .late, r.unitName)
                XCTAssertEqual(c.seconds, -600, r.unitName)
                XCTAssertTrue(c.caseWide)
                XCTAssertEqual(c.anchor, .caseReceipt)
            }
        }
    }

    func testAStricterPolicyAddedTodayLeavesEarlierIncidentsUnderTheirVersion() async throws {
        try await withApp { t in
            let admin = try await t.login("xuchang.admin")
            let county = try await t.unitID(code: "411003")
            let ministry = try await t.unitID(name: "应急管理部")
            let duty = try await t.login("jianan.duty")
            let earlier = try await t.createIncident(token: duty, place: county)
            XCTAssertEqual(earlier.policyOwnerId?.uuidString, ministry, "received under the inherited national rules")
            // 14:30: the county gets its own stricter rules, in force from now.
            t.clock.advance(25 * 60)
            var own = ShippedPolicies.national
            own.id = "jianan"
            own.name = "建安区信息报送时限"
            own.versions[0].effectiveFrom = t.clock.date
            own.versions[0].rules[0].minutes = 20
            let set = try await t.send(.PUT, "/api/v1/units/\(county)/policy", token: admin, json: try policyJSON(own))
            XCTAssertEqual(set.status, .ok, set.text)
            // The earlier incident keeps its clocks and its version.
            let kept = try await t.get("/api/v1/incidents/\(earlier.id)", token: duty, as: IncidentDTO.self)
            XCTAssertFalse(kept.clocks.isEmpty, "the clocks of an incident received earlier do not vanish")
            XCTAssertEqual(kept.policyOwnerId?.uuidString, ministry)
            XCTAssertEqual(kept.policyVersion, 1)
            XCTAssertTrue(kept.policy?.contains("全国") ?? false, kept.policy ?? "")
            // A new one runs on the county's rules.
            let later = try await t.createIncident(token: duty, place: county)
            XCTAssertEqual(later.policyOwnerId?.uuidString, county)
            _ = try await t.send(.POST, "/api/v1/incidents/\(later.id)/notified", token: duty)
            let laterNow = try await t.get("/api/v1/incidents/\(later.id)", token: duty, as: IncidentDTO.self)
            XCTAssertEqual(clock(laterNow, "national.written")?.dueAt, t.clock.date.addingTimeInterval(20 * 60))
            // The version in force cannot be rewritten, not even a minute later.
            t.clock.advance(60)
            var rewritten = own
            rewritten.versions[0].rules[0].minutes = 15
            let refused = try await t.send(.PUT, "/api/v1/units/\(county)/policy", token: admin, json: try policyJSON(rewritten))
            XCTAssertEqual(refused.status, .conflict, refused.text)
            XCTAssertEqual(refused.errorCode, "policy_version_in_force")
            XCTAssertTrue(refused.errorMessage?.contains("不能修改") ?? false, refused.errorMessage ?? "")
            // A change is a new version from now on.
            var next = own
            var v2 = own.versions[0]
            v2.version = 2
            v2.effectiveFrom = t.clock.date.addingTimeInterval(3600)
            v2.rules[0].minutes = 15
            next.versions.append(v2)
            let added = try await t.send(.PUT, "/api/v1/units/\(county)/policy", token: admin, json: try policyJSON(next))
            XCTAssertEqual(added.status, .ok, added.text)
            let stillLater = try await t.get("/api/v1/incidents/\(later.id)", token: duty, as: IncidentDTO.self)
            XCTAssertEqual(stillLater.policyVersion, 1)
            XCTAssertEqual(clock(stillLater, "national.written")?.dueAt, laterNow.notifiedAt?.addingTimeInterval(20 * 60))
            // The incident page names the version, whose it is and the sources of its rules.
            let page = try await t.webGet("/incidents/\(earlier.id)", as: "jianan.duty")
            XCTAssertTrue(page.contains("第1版（应急管理部设定，2024-01-01 00:00起施行"), page)
            XCTAssertTrue(page.contains("应急管理部办公厅《通报》（2024年1月3日）"), "the rule's source is shown")
        }
    }

    func testAStricterVersionFromThePageKeepsTheInheritedRulesIdsAndSources() async throws {
        try await withApp { t in
            let (h, csrf) = try await t.webLogin("xuchang.admin")
            let county = try await t.unitID(code: "411003")
            let page = try await t.send(.GET, "/units/\(county)/policy", headers: h)
            XCTAssertTrue(page.text.contains("name=\"ruleId_0\" value=\"national.written\""), page.text)
            XCTAssertTrue(page.text.contains("name=\"ruleId_1\" value=\"national.ministry\""))
            let form = [
                "effectiveFrom": ShanghaiTime.format(t.clock.date, "yyyy-MM-dd'T'HH:mm"), "warnBeforeMinutes": "5",
                "ruleId_0": "national.written", "title_0": "电话、传真等报告后20分钟内通过指挥业务系统报送书面信息", "milestone_0": "written",
                "anchor_0": "notified", "minutes_0": "20", "scope_0": "all",
                "ruleId_1": "national.ministry", "title_1": "重特大灾害事故首次接报后50分钟内报至应急管理部", "milestone_1": "reachedMinistry",
                "anchor_1": "caseReceipt", "minutes_1": "50", "scope_1": "major",
                "title_2": "较大以上每4小时续报", "milestone_2": "followUp", "anchor_2": "receipt", "minutes_2": "0", "scope_2": "large-up",
                "recurrence_2": "240",
            ]
            let saved = try await t.webPost("/units/\(county)/policy", form, session: (h, csrf))
            XCTAssertEqual(saved.status, .seeOther, saved.text)
            let api = try await t.get("/api/v1/units/\(county)/policy", token: try await t.login("xuchang.admin"), as: PolicyAPIController.PolicyDTO.self)
            let rules = try XCTUnwrap(api.policy?.versions.last?.rules)
            XCTAssertEqual(rules.map(\.id), ["national.written", "national.ministry", "r3"])
            XCTAssertEqual(rules[1].source, "《灾害事故信息报告暂行办法》（据应急管理部《通报》）", "an unchanged inherited rule keeps its source")
            XCTAssertEqual(rules[0].source, "建安区应急管理局规定（严于：应急管理部办公厅《通报》（2024年1月3日））")
            XCTAssertEqual(rules[2].recurrence, Recurrence(everyMinutes: 240))
            XCTAssertEqual(rules[2].levels, [.extraordinary, .major, .large])
        }
    }

    func testEachJurisdictionsPolicyCarriesItsOwnName() async throws {
        try await withApp { t in
            let admin = try await t.login("liaoning.admin")
            let liaoning = try await t.get(
                "/api/v1/units/\(try await t.unitID(code: "210000"))/policy", token: admin, as: PolicyAPIController.PolicyDTO.self)
            XCTAssertFalse(liaoning.policy?.name.contains("河南") ?? true, liaoning.policy?.name ?? "")
            XCTAssertTrue(liaoning.policy?.name.contains("全国") ?? false)
            let shenyang = try await t.get(
                "/api/v1/units/\(try await t.unitID(code: "210100"))/policy", token: admin, as: PolicyAPIController.PolicyDTO.self)
            XCTAssertTrue(shenyang.policy?.name.hasPrefix("沈阳") ?? false, shenyang.policy?.name ?? "")
            XCTAssertFalse(shenyang.policy?.name.contains("河南") ?? true)
        }
    }

    func testAClockWaitingForThePhoneReportSaysSoAndOffersTheButton() async throws {
        try await withApp { t in
            let duty = try await t.login("jianan.duty")
            let created = try await t.createIncident(token: duty, place: try await t.unitID(code: "411003"))
            t.clock.advance(12 * 60)
            let r = try await t.get("/api/v1/incidents/\(created.id)", token: duty, as: IncidentDTO.self)
            let written = try XCTUnwrap(clock(r, "national.written"))
            XCTAssertEqual(written.status, .waiting)
            XCTAssertEqual(written.statusTitle, "待电话报告")
            XCTAssertEqual(written.waitingText, "待电话报告 — 接报后已 12 分钟")
            XCTAssertEqual(written.action, "notify")
            let board = try await t.webGet("/board", as: "jianan.duty")
            XCTAssertTrue(board.contains("待电话报告 — 接报后已 12 分钟"), board)
            XCTAssertTrue(board.contains("action=\"/incidents/\(created.id)/notified\""), "the act that starts the clock is a button on the board")
            XCTAssertFalse(board.contains("status status-not_started"), "no grey 未开始 for a clock that waits on the desk")
            // The city sees the wait, but the button is the county's.
            let city = try await t.webGet("/board", as: "xuchang.duty")
            XCTAssertTrue(city.contains("待电话报告 — 接报后已 12 分钟"))
            XCTAssertFalse(city.contains("action=\"/incidents/\(created.id)/notified\""))
            let (h, csrf) = try await t.webLogin("jianan.duty")
            let pressed = try await t.webPost("/incidents/\(created.id)/notified", [:], session: (h, csrf))
            XCTAssertEqual(pressed.status, .seeOther)
            let after = try await t.get("/api/v1/incidents/\(created.id)", token: duty, as: IncidentDTO.self)
            XCTAssertEqual(clock(after, "national.written")?.status, .running)
        }
    }

    func testFollowUpsRepeatAsTheirOwnClocksUntilTheResponseEnds() async throws {
        try await withApp { t in
            // 沈阳 (local setting): 较大以上 follow-ups before 08:00 and 17:00 each day.
            let leader = try await t.login("shenhe.leader")
            let created = try await t.createIncident(token: leader, place: try await t.unitID(code: "210103"), extra: ["dead": 4])
            XCTAssertEqual(created.level, .large)
            XCTAssertEqual(clock(created, "shenyang.followup#1")?.dueAt, iso("2026-11-23T09:00:00Z"), "17:00, at least an hour after receipt")
            _ = try await t.send(.POST, "/api/v1/reports/\(created.reports![0].id)/sign", token: leader)
            t.clock.advance(2 * 3600 + 45 * 60)  // 16:50
            let leaderAgain = try await t.login("shenhe.leader")
            let followUp = try await t.send(
                .POST, "/api/v1/incidents/\(created.id)/reports", token: leaderAgain, json: ["kind": "follow_up", "measures": "伤员已全部送医，道路恢复通行"])
            XCTAssertEqual(followUp.status, .created, followUp.text)
            _ = try await t.send(.POST, "/api/v1/reports/\(try followUp.decode(ReportDTO.self).id)/sign", token: leaderAgain)
            t.clock.advance(8 * 60)  // 16:58
            let r = try await t.get("/api/v1/incidents/\(created.id)", token: leaderAgain, as: IncidentDTO.self)
            XCTAssertEqual(clock(r, "shenyang.followup#1")?.status, .met)
            XCTAssertEqual(clock(r, "shenyang.followup#2")?.dueAt, iso("2026-11-24T00:00:00Z"), "the next: 08:00 tomorrow")
            XCTAssertEqual(clock(r, "shenyang.followup#2")?.status, .running)
            // Nobody reports overnight: at 08:00 the second is overdue and the third runs.
            t.clock.advance(15 * 3600 + 2 * 60)  // 08:00 on the 24th
            let watcher = t.app.deadlineWatcher
            let alarms = try await watcher.sweep(now: t.clock.date)
            XCTAssertTrue(alarms.contains { $0.ruleID == "shenyang.followup#2" && $0.kind == "due" }, "\(alarms.map(\.ruleID))")
            let morning = try await t.get("/api/v1/incidents/\(created.id)", token: try await t.login("shenhe.leader"), as: IncidentDTO.self)
            XCTAssertEqual(clock(morning, "shenyang.followup#2")?.status, .overdue)
            XCTAssertEqual(clock(morning, "shenyang.followup#3")?.status, .running)
            // The board shows one chip for the rule: the overdue occurrence.
            let board = try await t.webGet("/board", as: "shenhe.duty")
            XCTAssertEqual(board.components(separatedBy: "全程跟踪续报").count - 1, 1, "one chip per repeating rule")
            XCTAssertTrue(board.contains("（第2次）"))
            // The response ends: nothing more is due.
            _ = try await t.send(.POST, "/api/v1/incidents/\(created.id)/response-ended", token: try await t.login("shenhe.leader"))
            t.clock.advance(24 * 3600)
            let ended = try await t.get("/api/v1/incidents/\(created.id)", token: try await t.login("shenhe.leader"), as: IncidentDTO.self)
            XCTAssertEqual(ended.clocks.filter { $0.ruleId == "shenyang.followup" }.map(\.occurrence), [1, 2])
        }
    }

    func testAReportNobodyAcknowledgesIsChasedThenEscalatedAndCounted() async throws {
        try await withApp { t in
            let leader = try await t.login("jianan.leader")
            let created = try await t.createIncident(token: leader, place: try await t.unitID(code: "411003"))
            _ = try await t.send(.POST, "/api/v1/reports/\(created.reports![0].id)/sign", token: leader)
            try await t.clearDemoNotices()
            let watcher = t.app.deadlineWatcher
            let next = try await watcher.nextInstant(now: t.clock.date)
            XCTAssertEqual(next, t.clock.date.addingTimeInterval(10 * 60), "the timer waits for the limit")
            t.clock.advance(10 * 60)
            let first = try await watcher.sweep(now: t.clock.date)
            XCTAssertEqual(first.map(\.kind), ["ack_overdue"])
            let city = try await t.unitID(code: "411000")
            func chases() async throws -> [OutboxMessage] {
                try await OutboxMessage.query(on: t.app.db).sort(\.$createdAt).all().filter { $0.event.hasPrefix("report.ack") }
            }
            var outbox = try await chases()
            XCTAssertEqual(outbox.map(\.event), ["report.ack_overdue"])
            XCTAssertEqual(outbox.first?.unitID.uuidString, city, "told to the receiving duty room")
            XCTAssertTrue(outbox.first?.payload.contains("签收超时") ?? false)
            let board = try await t.get("/api/v1/board", token: try await t.login("xuchang.duty"), as: BoardDTO.self)
            XCTAssertEqual(board.awaitingAcknowledgement.first?.acknowledgement?.stage, .overdue)
            let page = try await t.webGet("/board", as: "xuchang.duty")
            XCTAssertTrue(page.contains("data-ack-stage=\"overdue\">签收超时<"), page)
            // Still nobody: the duty leader is told, once.
            t.clock.advance(10 * 60)
            let second = try await watcher.sweep(now: t.clock.date)
            XCTAssertEqual(second.map(\.kind), ["ack_escalated"])
            let third = try await watcher.sweep(now: t.clock.date)
            XCTAssertEqual(third.count, 0, "recorded once")
            outbox = try await chases()
            XCTAssertEqual(outbox.map(\.event), ["report.ack_overdue", "report.ack_escalated"])
            XCTAssertTrue(outbox.last?.payload.contains("提醒带班领导") ?? false)
            let timeline = try await t.get("/api/v1/incidents/\(created.id)/timeline", token: leader, as: [TimelineDTO].self)
            XCTAssertTrue(timeline.contains { $0.detail.contains("20分钟仍未签收") }, "\(timeline.map(\.detail))")
            // Acknowledged at last: late, and the measures count the wait for the city.
            t.clock.advance(5 * 60)
            let report = created.reports![0].id
            let ack = try await t.send(.POST, "/api/v1/reports/\(report)/acknowledge", token: try await t.login("xuchang.duty"))
            XCTAssertEqual(try ack.decode(ReportDTO.self).acknowledgement?.stage, .acknowledgedLate)
            XCTAssertEqual(try ack.decode(ReportDTO.self).acknowledgement?.waitedSeconds, 25 * 60)
            let m = try await t.get("/api/v1/measures", token: try await t.login("xuchang.duty"), as: MeasuresService.MeasuresDTO.self)
            let row = try XCTUnwrap(m.acknowledgement.first { $0.unitName == "许昌市应急管理局" })
            XCTAssertEqual(row.received, 1)
            XCTAssertEqual(row.overdue, 1)
            XCTAssertEqual(row.timing.meanMinutes, 25)
            XCTAssertTrue(m.reportingRateDefinition.contains("重大、特别重大"))
            let measuresPage = try await t.webGet("/measures", as: "xuchang.duty")
            XCTAssertTrue(measuresPage.contains(ReportingRate.definition), "the page says what the rate counts, as the API does")
            XCTAssertTrue(measuresPage.contains("签收用时"))
        }
    }

    func testAClassifiedReportsAcknowledgementNoticeSaysNothingOfIt() async throws {
        try await withApp { t in
            let leader = try await t.login("jianan.leader")
            let created = try await t.createIncident(
                token: leader, place: try await t.unitID(code: "411003"), extra: ["classified": true, "title": "某涉密单位附近交通事故"])
            _ = try await t.send(.POST, "/api/v1/reports/\(created.reports![0].id)/sign", token: leader)
            try await t.clearDemoNotices()
            t.clock.advance(20 * 60)
            _ = try await t.app.deadlineWatcher.sweep(now: t.clock.date)
            let outbox = try await OutboxMessage.query(on: t.app.db).all().filter { $0.event.hasPrefix("report.ack") }
            XCTAssertEqual(Set(outbox.map(\.event)), ["report.ack_overdue", "report.ack_escalated"])
            for m in outbox {
                XCTAssertFalse(m.payload.contains("涉密单位"), m.payload)
                XCTAssertFalse(m.payload.contains("交通事故"), m.payload)
                XCTAssertTrue(m.payload.contains("密件"), m.payload)
            }
        }
    }

    func testARecordAttachesToTheCaseItsSuperiorHeldFirstAndCarriesTheBackflowMark() async throws {
        try await withApp { t in
            // 14:05 the city hears of a road accident in 建安区 from the media, before the county.
            let city = try await t.login("xuchang.duty")
            let county = try await t.unitID(code: "411003")
            let cityRecord = try await t.createIncident(token: city, place: county, extra: ["sourceChannel": "media"])
            t.clock.advance(20 * 60)
            // 14:25 the county opens its intake: the city's case is offered.
            let duty = try await t.login("jianan.duty")
            let q = "kindId=road_transport_accident&occurredAt=2026-11-23T05:55:00Z"
            let offered = try await t.get("/api/v1/incidents/matches?\(q)", token: duty, as: [CaseMatchDTO].self)
            XCTAssertEqual(offered.map(\.caseId), [cityRecord.caseId])
            XCTAssertEqual(offered.first?.holderUnitName, "许昌市应急管理局")
            XCTAssertEqual(offered.first?.sourceChannel, .media)
            // Not to a county elsewhere, and not for a time far off.
            let elsewhere = try await t.get("/api/v1/incidents/matches?\(q)", token: try await t.login("yuanhui.duty"), as: [CaseMatchDTO].self)
            XCTAssertEqual(elsewhere.count, 0)
            let later = try await t.get(
                "/api/v1/incidents/matches?kindId=road_transport_accident&occurredAt=2026-11-23T15:00:00Z", token: duty, as: [CaseMatchDTO].self)
            XCTAssertEqual(later.count, 0, "nine hours apart is another accident")
            let bogus = try await t.firstReport(token: duty, place: county, extra: ["attachToCaseId": UUID().uuidString])
            XCTAssertEqual(bogus.status, .conflict)
            XCTAssertEqual(bogus.errorCode, "no_such_case")
            // Attached: one case, the county's record in it, the back-flow on both records.
            let attached = try await t.createIncident(token: duty, place: county, extra: ["attachToCaseId": cityRecord.caseId.uuidString])
            XCTAssertEqual(attached.caseId, cityRecord.caseId)
            let again = try await t.get("/api/v1/incidents/matches?\(q)", token: duty, as: [CaseMatchDTO].self)
            XCTAssertEqual(again.count, 0, "already attached")
            let timeline = try await t.get("/api/v1/incidents/\(attached.id)/timeline", token: duty, as: [TimelineDTO].self)
            XCTAssertTrue(timeline.contains { $0.kind == "incident.attached" && $0.detail.contains("信息倒流") }, "\(timeline.map(\.detail))")
            let countyPage = try await t.webGet("/incidents/\(attached.id)", as: "jianan.duty")
            XCTAssertTrue(countyPage.contains("信息倒流：许昌市应急管理局于11-23 14:05先于本级获知，本级尚未通过系统报告"), countyPage)
            let cityPage = try await t.webGet("/incidents/\(cityRecord.id)", as: "xuchang.duty")
            XCTAssertTrue(cityPage.contains("信息倒流：本级于11-23 14:05先于建安区应急管理局获知"), cityPage)
            // Counted once the county's report arrives, against the county only.
            var m = try await t.get("/api/v1/measures", token: try await t.login("xuchang.duty"), as: MeasuresService.MeasuresDTO.self)
            XCTAssertEqual(m.backflows, 0, "its report may still be on the way")
            let leader = try await t.login("jianan.leader")
            _ = try await t.send(.POST, "/api/v1/reports/\(attached.reports![0].id)/sign", token: leader)
            m = try await t.get("/api/v1/measures", token: try await t.login("xuchang.duty"), as: MeasuresService.MeasuresDTO.self)
            XCTAssertEqual(m.backflows, 1)
            let own = try await t.get("/api/v1/measures", token: try await t.login("jianan.duty"), as: MeasuresService.MeasuresDTO.self)
            XCTAssertEqual(own.backflows, 1, "the county's own figure")
            let sibling = try await t.get("/api/v1/measures", token: try await t.login("weidu.duty"), as: MeasuresService.MeasuresDTO.self)
            XCTAssertEqual(sibling.backflows, 0)
        }
    }

    func testAPastedCallFillsTheFirstReportsFields() async throws {
        try await withApp { t in
            let duty = try await t.login("xuchang.duty")
            let text = "昨晚11点40分许，禹州市G311国道花石段一辆货车与一辆面包车相撞，面包车上1人当场死亡，4人受伤送医，其中2人伤势较重，交警、120已到场处置，原因正在调查。"
            let r = try await t.send(.POST, "/api/v1/reports/parse", token: duty, json: ["text": text])
            XCTAssertEqual(r.status, .ok, r.text)
            let parsed = try r.decode(TranscriptDTO.self)
            XCTAssertEqual(parsed.fields.occurredAt, iso("2026-11-22T15:40:00Z"), "昨晚11点40分 in Shanghai")
            XCTAssertEqual(parsed.fields.dead, 1)
            XCTAssertEqual(parsed.fields.injured, 4)
            XCTAssertEqual(parsed.fields.seriousInjuries, 2)
            XCTAssertEqual(parsed.fields.kindID, "road_transport_accident")
            let yuzhou = try await t.unitID(code: "411081")
            XCTAssertEqual(parsed.placeUnitId?.uuidString, yuzhou, "禹州市 is a county of the city")
            XCTAssertTrue(parsed.filled.contains("placeDivision") && parsed.filled.contains("occurredAt"))
            XCTAssertNil(parsed.fields.missing, "nothing said of the missing: left unknown")
            XCTAssertTrue(parsed.draft.contains("许昌市禹州市G311国道花石段"), parsed.draft)
            XCTAssertTrue(parsed.draft.contains("其中2人重伤"), parsed.draft)
            // A county of another city is not offered to 许昌's duty room.
            let far = try await t.send(.POST, "/api/v1/reports/parse", token: duty, json: ["text": "源汇区一处民房起火，无人员伤亡"])
            XCTAssertNil(try far.decode(TranscriptDTO.self).placeUnitId)
            let huge = try await t.send(.POST, "/api/v1/reports/parse", token: duty, json: ["text": String(repeating: "火", count: 20001)])
            XCTAssertEqual(huge.status, .unprocessableEntity)
        }
    }

    func testAfterAcknowledgingTheSuperiorLandsOnItsOwnRecordStartedFromTheReport() async throws {
        try await withApp { t in
            let leader = try await t.login("jianan.leader")
            let created = try await t.createIncident(
                token: leader, place: try await t.unitID(code: "411003"), extra: ["injured": 3, "seriousInjuries": 1])
            XCTAssertTrue(created.reports![0].body.contains("3人受伤（其中1人重伤）"), created.reports![0].body)
            _ = try await t.send(.POST, "/api/v1/reports/\(created.reports![0].id)/sign", token: leader)
            let session = try await t.webLogin("xuchang.duty")
            let ack = try await t.webPost("/reports/\(created.reports![0].id)/acknowledge", [:], session: session)
            XCTAssertEqual(ack.status, .seeOther)
            let own = try await record(t, of: created.caseId, unitName: "许昌市应急管理局", as: "xuchang.duty")
            XCTAssertEqual(ack.headers.first(name: .location), "/incidents/\(own.id)#next-report", "签收 lands on the city's own record")
            let page = try await t.webGet("/incidents/\(own.id)", as: "xuchang.duty")
            XCTAssertTrue(page.contains("id=\"prefill-note\""), page)
            XCTAssertTrue(page.contains("已按建安区应急管理局报送的首报预填本级首报"))
            XCTAssertTrue(page.contains("id=\"next-injured\" name=\"injured\" value=\"3\""))
            XCTAssertTrue(page.contains("id=\"next-serious\" name=\"seriousInjuries\" value=\"1\""))
            XCTAssertTrue(page.contains("3人受伤（其中1人重伤）"), "the city's own draft, serious injuries included")
            // Saved as pre-filled, the city's first report says the same.
            let (h, csrf) = session
            let saved = try await t.webPost(
                "/incidents/\(own.id)/reports", ["kind": "first", "injured": "3", "seriousInjuries": "1", "dead": "2"], session: (h, csrf))
            XCTAssertEqual(saved.status, .seeOther, saved.text)
            let after = try await t.get("/api/v1/incidents/\(own.id)", token: try await t.login("xuchang.duty"), as: IncidentDTO.self)
            XCTAssertTrue(after.reports?.first?.body.contains("其中1人重伤") ?? false, after.reports?.first?.body ?? "")
        }
    }
}
