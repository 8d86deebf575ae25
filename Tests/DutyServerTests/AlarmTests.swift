import DutyCore
import Fluent
import SQLKit
import Vapor
import XCTest

@testable import DutyServer

/// Deadline alarms and the notification outbox.
final class AlarmTests: XCTestCase {
    func testAlarmsAreRecordedOnceAndClassifiedContentNeverLeaves() async throws {
        try await withApp { t in
            try await t.clearDemoNotices()
            let duty = try await t.login("shenhe.duty")
            let county = try await t.unitID(code: "210103")
            let created = try await t.firstReport(token: duty, place: county, extra: ["classified": true, "title": "某涉密目标附近交通事故"])
            let id = try created.decode(IncidentDTO.self).id
            let watcher = t.app.deadlineWatcher
            // 14:05 receipt; 沈阳's 10-minute initial report is due at 14:15, warned from 14:10.
            let next = try await watcher.nextInstant(now: t.clock.date)
            XCTAssertEqual(next, pinnedNow.addingTimeInterval(5 * 60), "the timer is set to the warning instant")
            t.clock.advance(5 * 60)
            let first = try await watcher.sweep(now: t.clock.date)
            XCTAssertEqual(first.map(\.ruleID), ["shenyang.notified"])
            XCTAssertEqual(first.map(\.kind), ["warning"])
            let again = try await watcher.sweep(now: t.clock.date)
            XCTAssertEqual(again.count, 0, "recorded once")
            let after = try await watcher.nextInstant(now: t.clock.date)
            XCTAssertEqual(after, pinnedNow.addingTimeInterval(10 * 60), "then the due instant")
            t.clock.advance(5 * 60)
            let due = try await watcher.sweep(now: t.clock.date)
            XCTAssertEqual(due.map(\.kind), ["due"])
            let rows = try await DeadlineAlarm.query(on: t.app.db).all()
            XCTAssertEqual(rows.count, 2)
            // The board and the timeline show it.
            let tl = try await t.get("/api/v1/incidents/\(id)/timeline", token: try await t.login("shenhe.duty"), as: [TimelineDTO].self)
            XCTAssertTrue(tl.contains { $0.kind == "alarm.due" })
            // The outbox has the notices, and not a word of the classified incident.
            let outbox = try await OutboxMessage.query(on: t.app.db).all()
            XCTAssertEqual(outbox.count, 2)
            for m in outbox {
                XCTAssertFalse(m.payload.contains("涉密"), m.payload)
                XCTAssertFalse(m.payload.contains("交通事故"), m.payload)
                XCTAssertTrue(m.payload.contains("密件"), m.payload)
            }
            let audit = try await t.auditEntries(action: "alarm.due")
            XCTAssertEqual(audit.count, 1)
        }
    }

    func testSubmittingTellsTheReceiverThroughTheOutbox() async throws {
        try await withApp { t in
            let leader = try await t.login("jianan.leader")
            let created = try await t.firstReport(token: leader, place: try await t.unitID(code: "411003"))
            _ = try await t.send(.POST, "/api/v1/reports/\(t.reportID(created)!)/sign", token: leader)
            let city = try await t.login("xuchang.duty")
            let outbox = try await t.get("/api/v1/outbox", token: city, as: [OutboxAPIController.OutboxDTO].self)
            let texts = outbox.map(\.text)
            XCTAssertTrue(texts.contains { $0.contains("收到报告") && $0.contains("请签收") }, "\(texts)")
            XCTAssertEqual(outbox.first?.status, "pending", "no gateway configured yet")
        }
    }

    /// A real timer, a real clock: the alarm is recorded within a second of the due instant.
    func testTheTimerFiresWithinASecondOfTheDueInstant() async throws {
        let t = try await TestApp.make(jobs: true, clock: .live)
        do {
            let duty = try await t.login("shenhe.duty")
            let now = Date()
            // Received 9 min 58 s ago: 沈阳's 10-minute rule falls due in 2 seconds.
            let received = now.addingTimeInterval(-(10 * 60) + 2)
            let iso = ISO8601DateFormatter()
            let created = try await t.send(
                .POST, "/api/v1/incidents", token: duty,
                json: [
                    "kindId": "road_transport_accident", "placeUnitId": try await t.unitID(code: "210103"), "placeDetail": "青年大街",
                    "occurredAt": iso.string(from: received.addingTimeInterval(-60)), "receivedAt": iso.string(from: received), "sourceChannel": "phone",
                    "event": "一起交通事故", "dead": 1,
                ])
            XCTAssertEqual(created.status, .created, created.text)
            let id = try created.decode(IncidentDTO.self).id
            var alarm: DeadlineAlarm?
            for _ in 0..<40 {
                alarm = try await DeadlineAlarm.query(on: t.app.db).filter(\.$incidentID == id).filter(\.$ruleID == "shenyang.notified").filter(
                    \.$kind == "due"
                ).first()
                if alarm != nil { break }
                try await Task.sleep(nanoseconds: 100_000_000)
            }
            let fired = try XCTUnwrap(alarm, "no alarm within 4 s")
            let lag = fired.firedAt.timeIntervalSince(fired.dueAt)
            XCTAssertGreaterThanOrEqual(lag, 0)
            XCTAssertLessThan(lag, 1.0, "fired \(lag) s after the due instant")
        } catch {
            try? await t.shutdown()
            throw error
        }
        try await t.shutdown()
    }

    func testTheOutboxDeliversToTheGatewayAndRetries() async throws {
        // A gateway on 127.0.0.1 that fails once, then accepts.
        let gateway = try await Application.make(.testing)
        let received = Received()
        gateway.http.server.configuration.hostname = "127.0.0.1"
        gateway.http.server.configuration.port = 0
        gateway.post("hook") { req async throws -> HTTPStatus in
            let n = received.add(id: req.headers.first(name: "X-DutyRoom-Message-Id") ?? "", body: req.body.string ?? "")
            return n == 1 ? .internalServerError : .ok
        }
        try await gateway.server.start()
        let port = try XCTUnwrap(gateway.http.server.shared.localAddress?.port)
        do {
            try await withApp { t in
                try await t.clearDemoNotices()
                let leader = try await t.login("jianan.leader")
                let created = try await t.firstReport(token: leader, place: try await t.unitID(code: "411003"))
                _ = try await t.send(.POST, "/api/v1/reports/\(t.reportID(created)!)/sign", token: leader)
                let worker = OutboxWorker(app: t.app, url: URI(string: "http://127.0.0.1:\(port)/hook"))
                let firstTry = try await worker.deliverDue(now: t.clock.date)
                XCTAssertEqual(firstTry, 0)
                let m = try await OutboxMessage.query(on: t.app.db).first()!
                XCTAssertEqual(m.status, "pending")
                XCTAssertEqual(m.attempts, 1)
                XCTAssertEqual(m.lastError, "网关返回 500")
                XCTAssertEqual(m.nextAttemptAt, t.clock.date.addingTimeInterval(10))
                let early = try await worker.deliverDue(now: t.clock.date.addingTimeInterval(5))
                XCTAssertEqual(early, 0, "not before the retry time")
                t.clock.advance(10)
                let secondTry = try await worker.deliverDue(now: t.clock.date)
                XCTAssertEqual(secondTry, 1)
                let done = try await OutboxMessage.query(on: t.app.db).first()!
                XCTAssertEqual(done.status, "delivered")
                XCTAssertEqual(done.deliveredAt, t.clock.date)
                let calls = received.all
                XCTAssertEqual(calls.count, 2)
                XCTAssertEqual(Set(calls.map(\.id)), [m.id!.uuidString], "the same message id both times: the gateway can drop the duplicate")
                XCTAssertTrue(calls[1].body.contains("收到报告"))
            }
        } catch {
            await gateway.server.shutdown()
            try? await gateway.asyncShutdown()
            throw error
        }
        await gateway.server.shutdown()
        try await gateway.asyncShutdown()
    }
}

final class Received: @unchecked Sendable {
    private let lock = NSLock()
    private var calls: [(id: String, body: String)] = []
    func add(id: String, body: String) -> Int {
        lock.lock(); defer { lock.unlock() }
        calls.append((id, body))
        return calls.count
    }
    var all: [(id: String, body: String)] {
        lock.lock(); defer { lock.unlock() }
        return calls
    }
}
