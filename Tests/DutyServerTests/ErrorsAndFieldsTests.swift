import DutyCore
import Fluent
import Vapor
import XCTest

@testable import DutyServer

/// Every refusal is an area's typed error with a stable code and an officer's message, and
/// every typed field is checked against one list in DutyCore that also gives the pages their
/// limits and the messages their Chinese names.
final class ErrorsAndFieldsTests: XCTestCase {
    func testEveryAreaErrorHasAStableCodeStatusAndChineseMessage() {
        let all: [any DutyFailure] =
            IncidentError.examples + RosterError.examples + DutyDeskError.examples + DirectoryError.examples + AccountError.examples
            + PolicyError.examples + DisplayError.examples
            + AccessError.allCases
        var statusOfCode: [String: HTTPResponseStatus] = [:]
        for e in all {
            XCTAssertNotNil(e.code.range(of: "^[a-z][a-z_]*$", options: .regularExpression), "code \(e.code)")
            XCTAssertTrue((400..<500).contains(Int(e.status.code)), "\(e.code): \(e.status)")
            XCTAssertTrue(e.message.unicodeScalars.contains { (0x4E00...0x9FFF).contains($0.value) }, "\(e.code): \(e.message)")
            XCTAssertEqual(e.rendered.code, e.code)
            XCTAssertEqual(e.rendered.message, e.message)
            // A client may branch on the code: one code, one status.
            if let s = statusOfCode[e.code] { XCTAssertEqual(s, e.status, e.code) }
            statusOfCode[e.code] = e.status
        }
    }

    func testAreaErrorsReachTheClientWithTheirCodeAndStatus() async throws {
        try await withApp { t in
            let duty = try await t.login("xuchang.duty")
            let handover = try await t.send(.POST, "/api/v1/handovers", token: duty, json: ["matters": "无"])
            XCTAssertEqual(handover.status, .created, handover.text)
            // The same officer cannot take over the shift from himself.
            let id = try handover.decode(HandoverDTO.self).id.uuidString
            let confirm = try await t.send(.POST, "/api/v1/handovers/\(id)/confirm", token: duty)
            XCTAssertEqual(confirm.status, .conflict, confirm.text)
            XCTAssertEqual(confirm.errorCode, DutyDeskError.handover(.sameOfficer).code)
            XCTAssertEqual(confirm.errorMessage, HandoverRule.Problem.sameOfficer.message)
        }
    }

    func testTooLongDutyLogFieldsAreNamedInChineseAllAtOnce() async throws {
        try await withApp { t in
            let duty = try await t.login("xuchang.duty")
            let body: [String: Any] = [
                "at": "2026-11-23T05:58:40Z", "direction": "incoming", "callerUnit": String(repeating: "局", count: DutyLogField.callerUnit.maxLength + 1),
                "callerName": "王强", "phone": String(repeating: "1", count: DutyLogField.phone.maxLength + 1), "content": "两车相撞",
            ]
            let r = try await t.send(.POST, "/api/v1/duty-log", token: duty, json: body)
            XCTAssertEqual(r.status, .unprocessableEntity, r.text)
            XCTAssertEqual(r.error?.details?.compactMap(\.field), ["callerUnit", "phone"])
            let message = try XCTUnwrap(r.errorMessage)
            XCTAssertTrue(message.contains("来电单位过长（最多100字"), message)
            XCTAssertTrue(message.contains("来电号码过长（最多40字"), message)
            XCTAssertNil(message.range(of: "[A-Za-z]{4,}", options: .regularExpression), "no API field names in an officer's message: \(message)")
            let written = try await DutyLogEntry.query(on: t.app.db).filter(\.$createdAt >= pinnedNow).count()
            XCTAssertEqual(written, 0, "nothing written")
        }
    }

    func testAbsenceFormReportsEveryProblemTogether() async throws {
        try await withApp { t in
            let duty = try await t.login("xuchang.duty")
            let body: [String: Any] = [
                "personName": String(repeating: "张", count: AbsenceField.personName.maxLength + 1), "reason": "开会", "destination": "",
                "leaveAt": "2026-11-23T00:00:00Z", "returnAt": "2026-11-23T10:00:00Z", "deputyName": "张栋利", "deputyPost": "科长",
            ]
            let r = try await t.send(.POST, "/api/v1/absences", token: duty, json: body)
            XCTAssertEqual(r.status, .unprocessableEntity, r.text)
            XCTAssertEqual(Set(r.error?.details?.compactMap(\.field) ?? []), ["personName", "destination"])
            XCTAssertTrue(r.errorMessage?.contains("外出领导姓名过长") ?? false, r.text)
            XCTAssertTrue(r.errorMessage?.contains("请填写外出地点") ?? false, r.text)
        }
    }

    func testFormsTakeTheirLimitsAndChoicesFromDutyCore() async throws {
        try await withApp { t in
            let log = try await t.webGet("/duty-log", as: "xuchang.duty")
            for f in [DutyLogField.callerUnit, .callerName, .phone, .content, .readBackBy] {
                XCTAssertNotNil(
                    log.range(of: "name=\"\(f.rawValue)\"[^>]*maxlength=\"\(f.maxLength)\"", options: .regularExpression), "duty log \(f.rawValue)")
            }
            let absences = try await t.webGet("/absences", as: "xuchang.duty")
            for f in [AbsenceField.reason, .destination, .deputyName] {
                XCTAssertNotNil(
                    absences.range(of: "name=\"\(f.rawValue)\"[^>]*maxlength=\"\(f.maxLength)\"", options: .regularExpression), "absence \(f.rawValue)")
            }
            let intake = try await t.webGet("/incidents/new", as: "xuchang.duty")
            for k in InformationType.allCases {
                XCTAssertTrue(intake.contains("value=\"\(k.rawValue)\""), k.rawValue)
                XCTAssertTrue(intake.contains(">\(k.title)</label>"), k.title)
            }
            let person = try await t.personID(name: "曾庆华")
            let card = try await t.webGet("/people/\(person)", as: "xuchang.section")
            for k in AwayKind.allCases { XCTAssertTrue(card.contains("<option value=\"\(k.rawValue)\">\(k.title)</option>"), k.title) }
            // The superior's overview counts every filing outcome, each in its own word and tone.
            let overview = try await t.webGet("/rosters/overview?month=2026-12", as: "xuchang.section")
            for k in FilingStatus.Kind.allCases {
                XCTAssertNotNil(
                    overview.range(of: "status-\(k.tone.rawValue)\" id=\"count-\(k.rawValue)\">\(k.title) \\d+", options: .regularExpression), k.title)
            }
        }
    }

    /// The demo goes through the services a page uses: its directory, accounts and rosters
    /// carry the same checks, audit entries and notices as an officer's.
    func testDemoDataIsWrittenThroughTheServices() async throws {
        try await withApp { t in
            let people = try await Person.query(on: t.app.db).count()
            let units = try await OrgUnit.query(on: t.app.db).count()
            let accounts = try await UserAccount.query(on: t.app.db).count()
            let personEntries = try await t.auditEntries(action: "person.create").count
            let unitEntries = try await t.auditEntries(action: "unit.create").count
            let accountEntries = try await t.auditEntries(action: "user.create").count
            XCTAssertEqual(personEntries, people)
            XCTAssertEqual(unitEntries, units)
            XCTAssertEqual(accountEntries, accounts)
            // Each roster unit's section chief drew and filed its months: audited, announced to
            // the superior, and passing the validator like any filed roster.
            let filings = try await t.auditEntries(action: "roster.file")
            XCTAssertEqual(Set(filings.map(\.actor)), ["henan.section", "xuchang.section", "jianan.section", "weidu.section"])
            XCTAssertEqual(filings.count, DemoData.rosterUnits.count + 1, "this month everywhere, next month at 建安区")
            let notices = try await OutboxMessage.query(on: t.app.db).filter(\.$event == "roster.filed").count()
            XCTAssertGreaterThanOrEqual(notices, filings.count)
            let token = try await t.login("xuchang.section")
            for code in ["411000", "411003"] {
                let unit = try await t.unitID(code: code)
                let month = try await t.get("/api/v1/units/\(unit)/roster?month=2026-11", token: token, as: RosterDTO.self)
                XCTAssertEqual(month.status, .filed, code)
                XCTAssertEqual(month.filing.status, .onTime, code)
                XCTAssertEqual(month.problems.count, 0, code)
            }
            let settings = try await t.auditEntries(action: "roster.settings").count
            let trainings = try await t.auditEntries(action: "training.add").count
            XCTAssertEqual(settings, DemoData.rosterUnits.count)
            XCTAssertGreaterThan(trainings, 0)
        }
    }

    struct FieldAnswer: Decodable {
        var problem: String?
        var normalized: String?
    }

    /// The page asks the server about a field, and the server answers with the words its save
    /// refuses with.
    func testFieldChecksAnswerWithTheSaveRules() async throws {
        try await withApp { t in
            let admin = try await t.login("xuchang.admin")
            func ask(_ rule: String, _ value: String, username: String? = nil) async throws -> FieldAnswer {
                var body: [String: Any] = ["rule": rule, "value": value]
                if let username { body["username"] = username }
                let r = try await t.send(.POST, "/api/v1/field-checks", token: admin, json: body)
                XCTAssertEqual(r.status, .ok, r.text)
                return try r.decode(FieldAnswer.self)
            }
            let good = try await ask("phone", "０３７４－２９６１２３４")
            XCTAssertNil(good.problem)
            XCTAssertEqual(good.normalized, "0374-2961234")
            let bad = try await ask("phone", "0374-12")
            let refusal = try XCTUnwrap(bad.problem)
            // The same words as a unit saved with that number.
            let city = try await t.unitID(code: "411000")
            let saved = try await t.send(
                .POST, "/api/v1/units", token: admin, json: ["name": "某局", "kind": "member_department", "parentId": city, "dutyPhone": "0374-12"])
            XCTAssertTrue(saved.errorMessage?.contains(refusal) ?? false, "\(refusal) / \(saved.text)")
            let unknownCode = try await ask("division", "411099")
            XCTAssertEqual(unknownCode.problem, "行政区划代码 411099 不在 GB/T 2260 代码表中")
            let knownCode = try await ask("division", "411081")
            XCTAssertNil(knownCode.problem)
            let password = try await ask("password", "yuzhou1234", username: "yuzhou")
            XCTAssertEqual(password.problem, PasswordPolicy.standard.problems(password: "yuzhou1234", username: "yuzhou").joined(separator: "；"))
            XCTAssertTrue(password.problem?.contains("用户名") ?? false)
            let email = try await ask("email", "zhangsan@")
            XCTAssertEqual(email.problem, DirectoryRules.emailProblem)
            let roles = try await ask("roles", "unit_admin,auditor")
            XCTAssertTrue(roles.problem?.hasPrefix("三员分立") ?? false, roles.problem ?? "")
            let empty = try await ask("phone", "  ")
            XCTAssertNil(empty.problem, "an empty field is the required mark's concern")
            let anonymous = try await t.send(.POST, "/api/v1/field-checks", token: nil, json: ["rule": "phone", "value": "110"])
            XCTAssertEqual(anonymous.status, .unauthorized)
        }
    }

    /// The intake form's list of what is still missing names every field the save refuses
    /// without, in the same words: the type, the channel, the level when none is suggested,
    /// and the reason for a level other than the suggestion.
    func testTheIntakeFormsMissingListAgreesWithTheSavesRefusal() async throws {
        try await withApp { t in
            let duty = try await t.login("jianan.duty")
            let place = try await t.unitID(code: "411003")
            let cases: [[String: Any]] = [
                ["occurredAt": "2026-11-23T05:50:00Z", "dead": 1],
                [
                    "kindId": "social_safety_event", "sourceChannel": "phone", "placeUnitId": place, "placeDetail": "人民路", "event": "一处聚集",
                    "occurredAt": "2026-11-23T05:50:00Z", "dead": 0,
                ],
                [
                    "kindId": "road_transport_accident", "sourceChannel": "phone", "placeUnitId": place, "placeDetail": "人民路", "event": "两车相撞",
                    "occurredAt": "2026-11-23T05:50:00Z", "dead": 1, "level": "major",
                ],
            ]
            var seen: Set<String> = []
            for fields in cases {
                var draft = fields
                draft["kind"] = "first"
                draft["intake"] = true
                let preview = try await t.send(.POST, "/api/v1/reports/draft", token: duty, json: draft).decode(DraftDTO.self)
                let listed = Dictionary(preview.missing.map { ($0.field, $0.message) }, uniquingKeysWith: { a, _ in a })
                let saved = try await t.send(.POST, "/api/v1/incidents", token: duty, json: fields)
                XCTAssertEqual(saved.status, .unprocessableEntity, saved.text)
                let refused = try XCTUnwrap(saved.error?.details, saved.text)
                for d in refused {
                    let field = try XCTUnwrap(d.field)
                    XCTAssertEqual(listed[field], d.message, "the list says what the save says for \(field): \(preview.missing)")
                    seen.insert(field)
                }
            }
            XCTAssertTrue(seen.isSuperset(of: ["kindId", "sourceChannel", "level", "levelReason", "placeDetail", "event"]), "\(seen)")
            // Without `intake` (the follow-up forms) the draft lists the report's elements only.
            let plain = try await t.send(.POST, "/api/v1/reports/draft", token: duty, json: ["kind": "first"]).decode(DraftDTO.self)
            XCTAssertFalse(plain.missing.contains { $0.field == "sourceChannel" })
            let written = try await Incident.query(on: t.app.db).filter(\.$createdBy == "jianan.duty").count()
            XCTAssertEqual(written, 0, "nothing half-written")
        }
    }

    /// A first report missing several elements is refused once, naming each in Chinese, from the
    /// API as from the page; the place in the county is one of them.
    func testAFirstReportNamesEveryMissingElementAtOnce() async throws {
        try await withApp { t in
            let duty = try await t.login("jianan.duty")
            let r = try await t.send(.POST, "/api/v1/incidents", token: duty, json: ["occurredAt": "2026-11-23T05:50:00Z", "dead": 1])
            XCTAssertEqual(r.status, .unprocessableEntity, r.text)
            let message = try XCTUnwrap(r.errorMessage)
            XCTAssertTrue(message.hasPrefix("首报要素不全：缺少事发地点、事件概况"), message)
            XCTAssertTrue(message.contains("请选择事件类型") && message.contains("请选择接报方式"), message)
            XCTAssertFalse(message.contains("缺少必填字段"), message)
            XCTAssertEqual(Set(r.error?.details?.compactMap(\.field) ?? []), ["placeDetail", "event", "kindId", "sourceChannel"])
            // The page says the same.
            let session = try await t.webLogin("jianan.duty")
            let page = try await t.webPost(
                "/incidents", ["kindId": "road_transport_accident", "sourceChannel": "phone", "occurredAt": "2026-11-23 13:50", "dead": "1"], session: session)
            XCTAssertEqual(page.status, .unprocessableEntity)
            XCTAssertTrue(page.text.contains("首报要素不全：缺少事发地点、事件概况"), String(page.text.prefix(2000)))
            let count = try await Incident.query(on: t.app.db).count()
            XCTAssertEqual(count, 0, "nothing written")
        }
    }

    /// The intake form's draft call checks the first instants as the save does.
    func testTheDraftNamesTimesOutOfOrder() async throws {
        try await withApp { t in
            let duty = try await t.login("jianan.duty")
            struct Draft: Decodable {
                struct Problem: Decodable {
                    var field: String
                    var message: String
                }
                var timeProblems: [Problem]
            }
            func draft(_ extra: [String: Any]) async throws -> [String: String] {
                var body: [String: Any] = ["kind": "first", "event": "两车相撞"]
                for (k, v) in extra { body[k] = v }
                let r = try await t.send(.POST, "/api/v1/reports/draft", token: duty, json: body)
                XCTAssertEqual(r.status, .ok, r.text)
                return Dictionary(try r.decode(Draft.self).timeProblems.map { ($0.field, $0.message) }, uniquingKeysWith: { a, _ in a })
            }
            let now = pinnedNow
            let fine = try await draft(["occurredAt": iso8601(now.addingTimeInterval(-600)), "receivedAt": iso8601(now.addingTimeInterval(-300))])
            XCTAssertEqual(fine, [:])
            let reversed = try await draft(["occurredAt": iso8601(now.addingTimeInterval(-60)), "receivedAt": iso8601(now.addingTimeInterval(-300))])
            XCTAssertEqual(reversed, ["occurredAt": "事发时间不能晚于接报时间"])
            let future = try await draft(["receivedAt": iso8601(now.addingTimeInterval(3600))])
            XCTAssertEqual(future, ["receivedAt": "接报时间不能晚于当前时间"])
            let onlyOccurred = try await draft(["occurredAt": iso8601(now.addingTimeInterval(-60))])
            XCTAssertEqual(onlyOccurred, [:], "without a receipt time only the occurrence is checked against now")
            let created = try await t.firstReport(
                token: duty, place: try await t.unitID(code: "411003"),
                extra: ["occurredAt": iso8601(now.addingTimeInterval(-60)), "receivedAt": iso8601(now.addingTimeInterval(-300))])
            XCTAssertEqual(created.status, .unprocessableEntity)
            XCTAssertTrue(created.errorMessage?.contains("事发时间不能晚于接报时间") ?? false, created.text)
        }
    }
}

private func iso8601(_ d: Date) -> String { ISO8601DateFormatter().string(from: d) }
