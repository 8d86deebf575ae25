import DutyCore
import Fluent
import Vapor
import XCTest

@testable import DutyServer

/// 值班日志 (S001 第十三条): record, search, edit with history, and turn a call into an incident.
final class DutyLogTests: XCTestCase {
    func call(_ extra: [String: Any] = [:]) -> [String: Any] {
        var body: [String: Any] = [
            "at": "2026-11-23T05:58:40Z", "direction": "incoming", "callerUnit": "建安区应急管理局", "callerName": "王强", "callerPosition": "值班员",
            "phone": "0374-5101234", "content": "许由路与魏武大道交叉口两车相撞，2人死亡3人受伤", "handling": "已报带班领导，通知交警", "readBack": true, "readBackBy": "单志刚",
        ]
        for (k, v) in extra { body[k] = v }
        return body
    }

    func testRecordSearchAndEditWithHistory() async throws {
        try await withApp { t in
            let duty = try await t.login("xuchang.duty")
            let created = try await t.send(.POST, "/api/v1/duty-log", token: duty, json: call())
            XCTAssertEqual(created.status, .created, created.text)
            let entry = try created.decode(DutyLogDTO.self)
            // To the minute: the seconds of the call are not kept.
            XCTAssertEqual(entry.at, iso("2026-11-23T05:58:00Z"))
            XCTAssertEqual(entry.atText, "2026-11-23 13:58")
            XCTAssertEqual(entry.directionTitle, "来电")
            XCTAssertEqual(entry.readBackBy, "单志刚")
            let id = entry.id.uuidString
            let fax = try await t.send(
                .POST, "/api/v1/duty-log", token: duty,
                json: call(["direction": "fax", "callerUnit": "许昌市气象局", "callerName": "李敏", "content": "暴雨蓝色预警", "at": "2026-11-22T02:00:00Z"]))
            let faxID = try fax.decode(DutyLogDTO.self).id

            // Read-back checked needs the checker; a call needs content and a caller.
            let noChecker = try await t.send(.POST, "/api/v1/duty-log", token: duty, json: call(["readBackBy": ""]))
            XCTAssertEqual(noChecker.status, .unprocessableEntity)
            XCTAssertTrue(noChecker.errorMessage?.contains("校对人") ?? false, noChecker.text)
            let empty = try await t.send(.POST, "/api/v1/duty-log", token: duty, json: ["direction": "incoming"])
            XCTAssertEqual(empty.status, .unprocessableEntity)
            XCTAssertTrue(empty.errorMessage?.contains("来电（来文）内容") ?? false, empty.text)

            let byText = try await t.get("/api/v1/duty-log?q=%E6%9A%B4%E9%9B%A8%E8%93%9D", token: duty, as: [DutyLogDTO].self)  // 暴雨蓝
            XCTAssertEqual(byText.map(\.callerName), ["李敏"])
            // The demo's month of calls lies before today.
            let byDirection = try await t.get("/api/v1/duty-log?direction=incoming&from=2026-11-22", token: duty, as: [DutyLogDTO].self)
            XCTAssertEqual(byDirection.filter { $0.at >= iso("2026-11-23T00:00:00Z") }.map(\.id.uuidString), [id])
            XCTAssertFalse(byDirection.contains { $0.id == faxID }, "a fax is not a call")
            let byDate = try await t.get("/api/v1/duty-log?from=2026-11-23&to=2026-11-23", token: duty, as: [DutyLogDTO].self)
            XCTAssertEqual(byDate.map(\.id.uuidString), [id])
            let all = try await t.get("/api/v1/duty-log", token: duty, as: [DutyLogDTO].self)
            XCTAssertEqual(all.first?.id.uuidString, id, "newest first")
            XCTAssertTrue(all.contains { $0.id == faxID })
            XCTAssertEqual(all.map(\.at), all.map(\.at).sorted(by: >))

            let edited = try await t.send(.PATCH, "/api/v1/duty-log/\(id)", token: duty, json: ["handling": "已报带班领导曾庆华，通知交警、120"])
            XCTAssertEqual(edited.status, .ok, edited.text)
            XCTAssertEqual(try edited.decode(DutyLogDTO.self).handling, "已报带班领导曾庆华，通知交警、120")
            let history = try await t.get("/api/v1/duty-log/\(id)/history", token: duty, as: [HistoryEntryDTO].self)
            XCTAssertEqual(history.map(\.action), ["dutylog.update", "dutylog.create"])
            XCTAssertEqual(history.first?.changes["handling"]?.from, "已报带班领导，通知交警")

            // The superior reads the city's log but does not rewrite it; the sibling city sees nothing.
            let province = try await t.login("henan.duty")
            let seen = try await t.send(.GET, "/api/v1/duty-log/\(id)", token: province)
            XCTAssertEqual(seen.status, .ok)
            let rewrite = try await t.send(.PATCH, "/api/v1/duty-log/\(id)", token: province, json: ["content": "改"])
            XCTAssertEqual(rewrite.status, .forbidden)
            XCTAssertEqual(rewrite.errorCode, "not_own_unit", "one error for a write to another unit's record")
            let sibling = try await t.login("luohe.duty")
            let hidden = try await t.send(.GET, "/api/v1/duty-log/\(id)", token: sibling)
            XCTAssertEqual(hidden.status, .notFound)
            let theirList = try await t.send(.GET, "/api/v1/duty-log?unitId=\(try await t.unitID(code: "411000"))", token: sibling)
            XCTAssertEqual(theirList.status, .notFound)
            // The separated administrative duties do not keep the duty log.
            let admin = try await t.login("xuchang.admin")
            let refused = try await t.send(.GET, "/api/v1/duty-log", token: admin)
            XCTAssertEqual(refused.status, .forbidden)
        }
    }

    func testACallBecomesAFirstReport() async throws {
        try await withApp { t in
            let duty = try await t.login("xuchang.duty")
            let created = try await t.send(.POST, "/api/v1/duty-log", token: duty, json: call(["direction": "fax"]))
            let id = try created.decode(DutyLogDTO.self).id.uuidString
            let prefill = try await t.send(.GET, "/api/v1/duty-log/\(id)/first-report", token: duty)
            XCTAssertEqual(prefill.status, .ok, prefill.text)
            let draft = try prefill.decode(FirstReportPrefillDTO.self)
            XCTAssertEqual(draft.receivedAt, iso("2026-11-23T05:58:00Z"), "the call's time is the receipt time")
            XCTAssertEqual(draft.sourceChannel, .fax)
            XCTAssertEqual(draft.event, "许由路与魏武大道交叉口两车相撞，2人死亡3人受伤")
            XCTAssertEqual(draft.callerText, "建安区应急管理局 值班员 王强（0374-5101234）")
            // The intake page starts from it.
            let page = try await t.webGet("/incidents/new?fromLog=\(id)", as: "xuchang.duty")
            XCTAssertTrue(page.contains("两车相撞，2人死亡3人受伤"), page)
            XCTAssertTrue(page.contains("2026-11-23 13:58"), page)

            // Filed through the intake form, the incident is linked back to the call.
            let session = try await t.webLogin("xuchang.duty")
            let filed = try await t.webPost(
                "/incidents",
                [
                    "fromLog": id, "kindId": "road_transport_accident", "placeUnitId": try await t.unitID(code: "411003"), "placeDetail": "许由路与魏武大道交叉口",
                    "occurredAt": "2026-11-23T13:50", "receivedAt": "2026-11-23T13:58", "sourceChannel": "fax", "event": "一起两车相撞的道路交通事故",
                    "dead": "2", "injured": "3", "measures": "交警、120已赶赴现场",
                ], session: session)
            XCTAssertEqual(filed.status, .seeOther, filed.text)
            let linked = try await t.get("/api/v1/duty-log/\(id)", token: duty, as: DutyLogDTO.self)
            let incidentID = try XCTUnwrap(linked.incidentId, "the entry names its incident")
            let incident = try await t.get("/api/v1/incidents/\(incidentID)", token: duty, as: IncidentDTO.self)
            XCTAssertEqual(incident.receivedAt, iso("2026-11-23T05:58:00Z"))
        }
    }

    /// S001 第十四条: a classified call's words never leave through an export.
    func testAClassifiedEntryNeverLeavesInClear() async throws {
        try await withApp { t in
            let duty = try await t.login("xuchang.duty")
            let secret = try await t.send(.POST, "/api/v1/duty-log", token: duty, json: call(["classified": true, "content": "某军工单位附近发生爆炸"]))
            XCTAssertEqual(try secret.decode(DutyLogDTO.self).classified, true)
            let page = try await t.webGet("/duty-log", as: "xuchang.duty")
            XCTAssertTrue(page.contains("data-classified>密件"), "the list marks it")
            let (h, _) = try await t.webLogin("xuchang.duty")
            let csv = String(decoding: Data(buffer: try await t.send(.GET, "/duty-log/export.csv", headers: h).body).dropFirst(3), as: UTF8.self)
            XCTAssertFalse(csv.contains("军工"), csv)
            XCTAssertFalse(csv.contains("王强"), "nor who called")
            XCTAssertFalse(csv.contains("0374-5101234"))
            XCTAssertTrue(csv.contains("密件,\(ClassifiedMarking.withheld)"), csv)
            // A plain call made into a classified first report becomes classified itself.
            let plain = try await t.send(.POST, "/api/v1/duty-log", token: duty, json: call(["content": "某涉密目标附近两车相撞"]))
            let id = try plain.decode(DutyLogDTO.self).id.uuidString
            let session = try await t.webLogin("xuchang.duty")
            let filed = try await t.webPost(
                "/incidents",
                [
                    "fromLog": id, "kindId": "road_transport_accident", "placeUnitId": try await t.unitID(code: "411003"), "placeDetail": "某路口",
                    "occurredAt": "2026-11-23T13:50", "receivedAt": "2026-11-23T13:58", "sourceChannel": "phone", "event": "一起两车相撞的道路交通事故",
                    "dead": "2", "injured": "3", "measures": "交警、120已赶赴现场", "classified": "on",
                ], session: session)
            XCTAssertEqual(filed.status, .seeOther, filed.text)
            let linked = try await t.get("/api/v1/duty-log/\(id)", token: duty, as: DutyLogDTO.self)
            XCTAssertTrue(linked.classified, "the call and the classified report hold the same words")
            let after = String(decoding: Data(buffer: try await t.send(.GET, "/duty-log/export.csv", headers: h).body).dropFirst(3), as: UTF8.self)
            XCTAssertFalse(after.contains("涉密目标"), after)
            let marked = try await t.auditEntries(action: "dutylog.classified")
            XCTAssertEqual(marked.count, 1)
            // A classified call's prefill makes the intake form classified.
            let prefill = try await t.get("/api/v1/duty-log/\(try secret.decode(DutyLogDTO.self).id)/first-report", token: duty, as: FirstReportPrefillDTO.self)
            XCTAssertTrue(prefill.classified)
        }
    }

    func testTheDutyLogPageListsAndRecords() async throws {
        try await withApp { t in
            let duty = try await t.login("xuchang.duty")
            _ = try await t.send(.POST, "/api/v1/duty-log", token: duty, json: call())
            let page = try await t.webGet("/duty-log", as: "xuchang.duty")
            XCTAssertTrue(page.contains("值班日志"))
            XCTAssertTrue(page.contains("王强"))
            XCTAssertTrue(page.contains("已校对"))
            // Exported for Excel, with the page's filter; the export is audited.
            let (h, _) = try await t.webLogin("xuchang.duty")
            let csv = try await t.send(.GET, "/duty-log/export.csv?direction=incoming", headers: h)
            XCTAssertEqual(csv.status, .ok)
            XCTAssertEqual(csv.headers.contentType?.subType, "csv")
            let text = String(decoding: Data(buffer: csv.body).dropFirst(3), as: UTF8.self)
            XCTAssertTrue(text.hasPrefix("时间,方式,密级,来电单位"), text)
            XCTAssertTrue(text.contains("2026-11-23 13:58,来电,明件,建安区应急管理局,王强"), text)
            let audit = try await t.auditEntries(action: "dutylog.export")
            XCTAssertEqual(audit.count, 1)
            // The province reads the city's log on the page, without the form to write in it.
            let city = try await t.unitID(code: "411000")
            let read = try await t.webGet("/duty-log?unitId=\(city)", as: "henan.duty")
            XCTAssertTrue(read.contains("王强"))
            XCTAssertTrue(read.contains("reading-subordinate"))
            XCTAssertFalse(read.contains("duty-log-form"))
            let handovers = try await t.webGet("/handovers?unitId=\(city)", as: "henan.duty")
            XCTAssertFalse(handovers.contains("handover-form"))
            let (sibling, _) = try await t.webLogin("luohe.duty")
            let hidden = try await t.send(.GET, "/duty-log?unitId=\(city)", headers: sibling)
            XCTAssertEqual(hidden.status, .notFound)
            XCTAssertFalse(hidden.text.contains("王强"))
        }
    }
}
