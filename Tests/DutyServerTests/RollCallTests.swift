import DutyCore
import Fluent
import Vapor
import XCTest

@testable import DutyServer

/// 点名 (S000 二): seconds to answer, non-answers flagged after the limit, and the daily
/// scheduled roll call started once however often it is triggered.
final class RollCallTests: XCTestCase {
    func line(_ r: TestApp.Reply, _ unitName: String) throws -> RollCallLineDTO? {
        try r.decode(RollCallDTO.self).lines.first { $0.unitName == unitName }
    }

    func testThePageSaysWhoMayStartARollCallAndWhyTheViewerCannot() async throws {
        try await withApp { t in
            let officer = try await t.webGet("/roll-calls", as: "xuchang.duty")
            XCTAssertTrue(officer.contains("id=\"rollcall-cannot-start\""), officer)
            XCTAssertTrue(officer.contains("点名由值班科(处)领导、带班领导、主要负责同志发起；您的角色是值班员"))
            XCTAssertFalse(officer.contains("id=\"rollcall-start\""), "no form the server would refuse")
            let section = try await t.webGet("/roll-calls", as: "xuchang.section")
            XCTAssertTrue(section.contains("id=\"rollcall-start\""))
            XCTAssertFalse(section.contains("id=\"rollcall-cannot-start\""))
            let county = try await t.webGet("/roll-calls", as: "jianan.section")
            XCTAssertTrue(county.contains("本单位没有可以点名的下级值班室"), "a county has nobody below to call")
            XCTAssertFalse(county.contains("id=\"rollcall-start\""))
        }
    }

    /// The caller's page follows the live stream for roll-call events instead of reloading
    /// itself every few seconds, and fetches its part again when a waiting line runs out of time.
    func testTheCallersPageFollowsTheLiveStream() async throws {
        try await withApp { t in
            let section = try await t.login("xuchang.section")
            let started = try await t.send(.POST, "/api/v1/roll-calls", token: section, json: ["limitSeconds": 60])
            XCTAssertEqual(started.status, .created, started.text)
            let page = try await t.webGet("/roll-calls", as: "xuchang.section")
            XCTAssertTrue(page.contains("data-live-url=\"/roll-calls/live?unitId="), page)
            XCTAssertTrue(page.contains("data-live-kinds=\"rollcall.\""))
            XCTAssertFalse(page.contains("data-reload-seconds"), "no reloading every few seconds")
            let part = try await t.webGet("/roll-calls/live", as: "xuchang.section")
            XCTAssertFalse(part.contains("<nav"), "the live part alone")
            XCTAssertTrue(part.contains("等待应答"))
            let limit = ISO8601DateFormatter().string(from: t.clock.date.addingTimeInterval(60))
            XCTAssertTrue(part.contains("data-refresh-at=\"\(limit)\""), "fetched again when the limit runs out: \(part)")
            // A county officer answers: the part now shows it.
            let county = try await t.login("jianan.duty")
            let pending = try await t.get("/api/v1/roll-calls/pending", token: county, as: [RollCallLineDTO].self)
            t.clock.advance(12)
            let answered = try await t.send(.POST, "/api/v1/roll-calls/\(pending[0].rollCallId)/answer", token: county)
            XCTAssertEqual(answered.status, .ok, answered.text)
            let after = try await t.webGet("/roll-calls/live", as: "xuchang.section")
            XCTAssertTrue(after.contains("12秒"), "the answer with its seconds")
        }
    }

    func testAnswersAreTimedAndNonAnswersFlagged() async throws {
        try await withApp { t in
            let officer = try await t.send(.POST, "/api/v1/roll-calls", token: try await t.login("henan.duty"), json: [:]).status
            XCTAssertEqual(officer, .forbidden, "officers answer roll calls; the duty room's leaders start them")
            let province = try await t.login("henan.section")
            let started = try await t.send(.POST, "/api/v1/roll-calls", token: province, json: [:])
            XCTAssertEqual(started.status, .created, started.text)
            let id = try started.decode(RollCallDTO.self).id.uuidString
            XCTAssertEqual(try started.decode(RollCallDTO.self).limitSeconds, 60)
            XCTAssertEqual(try line(started, "许昌市应急管理局")?.status, .waiting)
            XCTAssertNotNil(try line(started, "漯河市应急管理局"))
            XCTAssertNil(try line(started, "许昌市人民政府总值班室"), "only the emergency-management duty rooms of the next level")

            // The city sees it waiting, answers after 12 seconds.
            let city = try await t.login("xuchang.duty")
            let pending = try await t.get("/api/v1/roll-calls/pending", token: city, as: [RollCallLineDTO].self)
            XCTAssertEqual(pending.map(\.rollCallId.uuidString), [id])
            XCTAssertEqual(pending.first?.callerUnitName, "河南省应急管理厅")
            t.clock.advance(12)
            let answered = try await t.send(.POST, "/api/v1/roll-calls/\(id)/answer", token: city)
            XCTAssertEqual(answered.status, .ok, answered.text)
            XCTAssertEqual(try answered.decode(RollCallLineDTO.self).seconds, 12)
            XCTAssertEqual(try answered.decode(RollCallLineDTO.self).statusTitle, "已应答")
            let again = try await t.send(.POST, "/api/v1/roll-calls/\(id)/answer", token: try await t.login("xuchang.section"))
            XCTAssertEqual(again.errorCode, "already_answered")
            let none = try await t.get("/api/v1/roll-calls/pending", token: city, as: [RollCallLineDTO].self)
            XCTAssertEqual(none.count, 0)

            // Past the limit, the silent city is flagged; a late answer is recorded as late.
            t.clock.advance(50)
            let atLimit = try await t.send(.GET, "/api/v1/roll-calls/\(id)", token: province)
            XCTAssertEqual(try line(atLimit, "漯河市应急管理局")?.status, .missed)
            XCTAssertEqual(try line(atLimit, "漯河市应急管理局")?.statusTitle, "未应答")
            XCTAssertEqual(try line(atLimit, "许昌市应急管理局")?.seconds, 12)
            t.clock.advance(10)
            let late = try await t.send(.POST, "/api/v1/roll-calls/\(id)/answer", token: try await t.login("luohe.duty"))
            XCTAssertEqual(try late.decode(RollCallLineDTO.self).status, .late)
            XCTAssertEqual(try late.decode(RollCallLineDTO.self).seconds, 72)

            // History per unit: the city's answer in its list.
            let history = try await t.get("/api/v1/roll-calls", token: city, as: RollCallsDTO.self)
            XCTAssertEqual(history.received.first?.seconds, 12)
            // The province reads the city's answering history on the page.
            let cityPage = try await t.webGet("/roll-calls?unitId=\(try await t.unitID(code: "411000"))", as: "henan.section")
            XCTAssertTrue(cityPage.contains("reading-subordinate"))
            XCTAssertTrue(cityPage.contains("12秒"))
            XCTAssertFalse(cityPage.contains("rollcall-start"), "no roll call started in the city's name")

            // A county under the city was not called: the province's roll call is not its business.
            let notCalled = try await t.send(.GET, "/api/v1/roll-calls/\(id)", token: try await t.login("jianan.duty")).status
            XCTAssertEqual(notCalled, .notFound)
            // The city's own roll call of its counties is hidden from the sibling city.
            let cityCall = try await t.send(.POST, "/api/v1/roll-calls", token: try await t.login("xuchang.section"), json: ["limitSeconds": 30])
            let cityCallID = try cityCall.decode(RollCallDTO.self).id
            let sibling = try await t.send(.GET, "/api/v1/roll-calls/\(cityCallID)", token: try await t.login("luohe.duty")).status
            XCTAssertEqual(sibling, .notFound)
            let siblingAnswer = try await t.send(.POST, "/api/v1/roll-calls/\(cityCallID)/answer", token: try await t.login("luohe.duty")).status
            XCTAssertEqual(siblingAnswer, .notFound)
            // A county has no duty rooms below it to call.
            let nobody = try await t.send(.POST, "/api/v1/roll-calls", token: try await t.login("jianan.section"), json: [:])
            XCTAssertEqual(nobody.errorCode, "no_subordinates")

            let page = try await t.webGet("/roll-calls", as: "jianan.duty")
            XCTAssertTrue(page.contains("许昌市应急管理局点名"), "the county sees the city's call waiting for its answer")
            let board = try await t.webGet("/board", as: "jianan.duty")
            XCTAssertTrue(board.contains("board-answer-rollcall"), "and on its board, with the answer button")
            // Answered from the page, the county goes back where it was.
            t.clock.advance(3)
            let county = try await t.webLogin("jianan.duty")
            let answer = try await t.webPost("/roll-calls/\(cityCallID)/answer", ["back": "/duty-log"], session: county)
            XCTAssertEqual(answer.status, .seeOther)
            XCTAssertEqual(answer.headers.first(name: .location), "/duty-log")
            let seen = try await t.send(.GET, "/api/v1/roll-calls/\(cityCallID)", token: try await t.login("xuchang.section"))
            XCTAssertEqual(try line(seen, "建安区应急管理局")?.statusTitle, "已应答")
        }
    }

    func testTheScheduledRollCallStartsOnceEvenIfTriggeredTwice() async throws {
        try await withApp { t in
            let province = try await t.login("henan.section")
            let set = try await t.send(.PUT, "/api/v1/roll-calls/schedule", token: province, json: ["time": "08:30", "limitSeconds": 90])
            XCTAssertEqual(set.status, .ok, set.text)
            XCTAssertEqual(try set.decode(RollCallScheduleDTO.self).isDefault, false)
            let bad = try await t.send(.PUT, "/api/v1/roll-calls/schedule", token: province, json: ["time": "8:30"])
            XCTAssertEqual(bad.status, .unprocessableEntity)

            let henan = try await OrgUnit.query(on: t.app.db).filter(\.$code == "410000").first()!
            // 14:05 is not roll-call time.
            let now = try await t.app.rollCallScheduler.startDue(now: t.clock.date)
            XCTAssertEqual(now.count, 0)
            // 2026-11-24 08:30:05 Shanghai, seen by two instances.
            let morning = Date(timeIntervalSince1970: pinnedNow.timeIntervalSince1970 + 18 * 3600 + 25 * 60 + 5)
            XCTAssertEqual(ShanghaiTime.format(morning), "2026-11-24 08:30:05")
            let first = try await t.app.rollCallScheduler.startDue(now: morning)
            let second = try await t.app.rollCallScheduler.startDue(now: morning.addingTimeInterval(2))
            XCTAssertTrue(first.contains { $0.$unit.id == henan.id }, "the province's own schedule")
            XCTAssertTrue(first.contains { $0.unit.code == "411000" }, "the city on the default 08:30 schedule")
            XCTAssertEqual(second.count, 0)
            let calls = try await RollCall.query(on: t.app.db).filter(\.$unit.$id == henan.id!).all()
            XCTAssertEqual(calls.count, 1)
            XCTAssertEqual(calls.first?.scheduledDate, "2026-11-24")
            XCTAssertEqual(calls.first?.limitSeconds, 90)
            XCTAssertEqual(calls.first?.startedBy, "system")
            // The next morning is another roll call.
            let next = try await t.app.rollCallScheduler.startDue(now: morning.addingTimeInterval(86400))
            XCTAssertTrue(next.contains { $0.$unit.id == henan.id })
            // A unit that switched its schedule off is not called automatically.
            let off = try await t.send(.PUT, "/api/v1/roll-calls/schedule", token: try await t.login("xuchang.section"), json: ["enabled": false])
            XCTAssertEqual(try off.decode(RollCallScheduleDTO.self).enabled, false)
            let third = try await t.app.rollCallScheduler.startDue(now: morning.addingTimeInterval(2 * 86400))
            XCTAssertFalse(third.contains { $0.unit.code == "411000" })
        }
    }
}

/// Two instances on one PostgreSQL trigger the same morning's roll calls at once: each unit's
/// roll call starts once (run when DUTYROOM_TEST_DATABASE_URL names one).
final class RollCallInstancesTests: XCTestCase {
    override func setUp() async throws {
        guard TestApp.databaseURL != nil else { throw XCTSkip("needs PostgreSQL: DUTYROOM_TEST_DATABASE_URL") }
    }

    func testTwoInstancesStartEachScheduledRollCallOnce() async throws {
        let a = try await TestApp.make()
        let b = try await TestApp.make(fresh: false)
        do {
            let morning = Date(timeIntervalSince1970: pinnedNow.timeIntervalSince1970 + 18 * 3600 + 25 * 60 + 5)
            async let fromA = a.app.rollCallScheduler.startDue(now: morning)
            async let fromB = b.app.rollCallScheduler.startDue(now: morning.addingTimeInterval(1))
            let (ra, rb) = try await (fromA, fromB)
            let started = Set((ra + rb).map { $0.$unit.id })
            XCTAssertEqual(ra.count + rb.count, started.count, "no unit's roll call started twice")
            let stored = try await RollCall.query(on: a.app.db).filter(\.$scheduledDate == "2026-11-24").count()
            XCTAssertEqual(stored, started.count)
            // The morning's roll calls only (the demo keeps a month of earlier ones).
            let today = try await RollCall.query(on: a.app.db).filter(\.$scheduledDate == "2026-11-24").all().compactMap(\.id)
            let lines = try await RollCallAnswer.query(on: a.app.db).filter(\.$rollCallID ~~ today).count()
            let expected = try await OrgUnit.query(on: a.app.db).filter(\.$kind ~~ RollCallService.callableKinds).count()
            XCTAssertEqual(lines, expected, "every emergency-management duty room below a caller is called once")
        } catch {
            try? await b.shutdown()
            try? await a.shutdown()
            throw error
        }
        try await b.shutdown()
        try await a.shutdown()
    }
}
