import DutyCore
import Fluent
import Vapor
import XCTest

@testable import DutyServer

/// Several DutyRoom instances sharing one PostgreSQL (run when DUTYROOM_TEST_DATABASE_URL names one).
final class MultiInstanceTests: XCTestCase {
    override func setUp() async throws {
        guard TestApp.databaseURL != nil else { throw XCTSkip("needs PostgreSQL: DUTYROOM_TEST_DATABASE_URL") }
    }

    func testAnEventOnOneInstanceReachesTheOthersStream() async throws {
        let a = try await TestApp.make(jobs: true)
        let b = try await TestApp.make(jobs: true, fresh: false)
        do {
            // A city officer's browser is connected to instance B.
            let city = try await OrgUnit.query(on: b.app.db).filter(\.$code == "411000").first()!
            let (_, stream) = b.app.live.subscribe(path: city.unitPath)
            // Give B's LISTEN connection a moment to be in place.
            try await Task.sleep(nanoseconds: 500_000_000)
            let leader = try await a.login("jianan.leader")
            let created = try await a.firstReport(token: leader, place: try await a.unitID(code: "411003"))
            _ = try await a.send(.POST, "/api/v1/reports/\(a.reportID(created)!)/sign", token: leader)
            let received = try await withThrowingTaskGroup(of: [String].self) { group -> [String] in
                group.addTask {
                    var kinds: [String] = []
                    for await e in stream {
                        kinds.append(e.kind)
                        if e.kind == "report.submitted" { break }
                    }
                    return kinds
                }
                group.addTask {
                    try await Task.sleep(nanoseconds: 5_000_000_000)
                    throw TestFailure("no event within 5 s")
                }
                let r = try await group.next()!
                group.cancelAll()
                return r
            }
            XCTAssertEqual(received.last, "report.submitted")
            XCTAssertEqual(received.first, "incident.recorded", "every event of the case came across")
            // A sibling city's browser on B hears nothing of it.
            let luohe = try await OrgUnit.query(on: b.app.db).filter(\.$code == "411100").first()!
            let v1 = LiveEvent(
                kind: "x", caseID: "", unitPaths: [try await a.app.db.query(OrgUnit.self).filter(\.$code == "411003").first()!.path], at: pinnedNow
            ).isVisible(to: luohe.unitPath)
            XCTAssertFalse(v1)
        } catch {
            try? await b.shutdown()
            try? await a.shutdown()
            throw error
        }
        try await b.shutdown()
        try await a.shutdown()
    }

    /// Sessions are cached per instance; a logout on one instance ends the session on the
    /// others at once, not when their cache expires.
    func testALogoutOnOneInstanceEndsTheSessionOnTheOthers() async throws {
        let a = try await TestApp.make(jobs: true)
        let b = try await TestApp.make(jobs: true, fresh: false)
        do {
            try await Task.sleep(nanoseconds: 500_000_000)
            let token = try await a.login("xuchang.duty")
            let before = try await b.send(.GET, "/api/v1/incidents", token: token)
            XCTAssertEqual(before.status, .ok, "instance B now holds the session in its cache")
            let out = try await a.send(.POST, "/api/v1/auth/logout", token: token)
            XCTAssertLessThan(out.status.code, 300)
            var status: HTTPStatus = .ok
            for _ in 0..<20 where status == .ok {
                try await Task.sleep(nanoseconds: 100_000_000)
                status = try await b.send(.GET, "/api/v1/incidents", token: token).status
            }
            XCTAssertEqual(status, .unauthorized, "B refuses the token within 2 s, before its cache would expire")
        } catch {
            try? await b.shutdown()
            try? await a.shutdown()
            throw error
        }
        try await b.shutdown()
        try await a.shutdown()
    }

    func testAnAlarmIsRecordedOnceWhenEveryInstanceFires() async throws {
        let a = try await TestApp.make()
        let b = try await TestApp.make(fresh: false)
        do {
            let duty = try await a.login("shenhe.duty")
            _ = try await a.firstReport(token: duty, place: try await a.unitID(code: "210103"))
            let at = pinnedNow.addingTimeInterval(10 * 60)
            // Both instances' timers go off at the same instant.
            async let fromA = a.app.deadlineWatcher.sweep(now: at)
            async let fromB = b.app.deadlineWatcher.sweep(now: at)
            let (ra, rb) = try await (fromA, fromB)
            let fired = (ra + rb).map { "\($0.ruleID)/\($0.kind)" }
            XCTAssertEqual(fired.count, Set(fired).count, "no alarm recorded twice: \(fired)")
            let rows = try await DeadlineAlarm.query(on: a.app.db).all().map { "\($0.ruleID)/\($0.kind)" }
            XCTAssertEqual(rows.sorted(), fired.sorted())
            XCTAssertTrue(rows.contains("shenyang.notified/due"), "\(rows)")
            let notices = try await OutboxMessage.query(on: a.app.db).filter(\.$event == "deadline.due").count()
            XCTAssertEqual(notices, rows.filter { $0.hasSuffix("/due") }.count, "one notification per alarm")
        } catch {
            try? await b.shutdown()
            try? await a.shutdown()
            throw error
        }
        try await b.shutdown()
        try await a.shutdown()
    }
}
