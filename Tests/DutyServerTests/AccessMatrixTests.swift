import DutyCore
import Fluent
import Vapor
import XCTest

@testable import DutyServer

/// Every role against every API endpoint, written out by hand (not derived from
/// `Role.allows`), and every id-taking endpoint against a sibling city's record.
final class AccessMatrixTests: XCTestCase {
    enum R: String, CaseIterable {
        case duty, section, leader, head, admin, security, auditor
        /// 许昌's wall display (DisplayTests): it reads the web board and nothing of the API.
        case display
    }

    /// The role's token: a demo login, or a wall display its administrator enabled.
    static func token(_ t: TestApp, _ r: R) async throws -> String {
        r == .display ? try await DisplayTests.enabledDisplay(t).token : try await t.login("xuchang.\(r.rawValue)")
    }

    static let readers: Set<R> = [.duty, .section, .leader, .head, .admin, .security]
    static let editors: Set<R> = [.duty, .section, .leader, .head, .admin]
    static let exporters: Set<R> = [.duty, .section, .leader, .head, .admin]
    static let all = Set(R.allCases)
    /// Every account a person signs in to: the wall display has no password to change.
    static let people = all.subtracting([.display])
    static let desk: Set<R> = [.duty, .section, .leader, .head]
    static let signers: Set<R> = [.leader, .head]
    static let rosterViewers: Set<R> = [.duty, .section, .leader, .head, .admin]
    /// The officer is scheduled by the roster; the section and the leaders draw it up.
    static let rosterManagers: Set<R> = [.section, .leader, .head]
    /// Leaders of the duty room organise roll calls; officers answer them.
    static let rollCallers: Set<R> = [.section, .leader, .head]

    /// What a role may do with one API operation, written out by hand.
    struct Expectation {
        let allowed: Set<R>
        /// Added to the route's path: the query the operation needs.
        var query = ""
        var body: [String: Any]?
        /// An event stream never ends: only its refusals are checked here.
        var stream = false
    }

    /// Every API operation the role matrix covers, by operationId.
    static let expectations: [String: Expectation] = [
        "getMe": .init(allowed: all),
        "changePassword": .init(allowed: people, body: ["currentPassword": "wrong", "newPassword": "x"]),
        "checkField": .init(allowed: all, body: ["rule": "phone", "value": "0374-2961234"]),
        "listUnits": .init(allowed: readers),
        "createUnit": .init(allowed: [.admin], body: [:]),
        "getUnit": .init(allowed: readers),
        "updateUnit": .init(allowed: [.admin], body: [:]),
        "deactivateUnit": .init(allowed: [.admin]),
        "getUnitHistory": .init(allowed: readers),
        "getUnitFreshness": .init(allowed: readers),
        "exportUnitVCard": .init(allowed: exporters),
        "searchPeople": .init(allowed: readers),
        "createPerson": .init(allowed: editors, body: [:]),
        "getPerson": .init(allowed: readers),
        "updatePerson": .init(allowed: editors, body: [:]),
        "verifyPerson": .init(allowed: editors),
        "deactivatePerson": .init(allowed: editors),
        "getPersonHistory": .init(allowed: readers),
        "exportPersonVCard": .init(allowed: exporters),
        "exportDirectoryCSV": .init(allowed: exporters),
        "importDirectoryCSV": .init(allowed: [.admin], query: "?unitId={unit}"),
        "listUsers": .init(allowed: [.security]),
        "createUser": .init(allowed: [.security], body: [:]),
        "getUser": .init(allowed: [.security]),
        "updateUser": .init(allowed: [.security], body: [:]),
        "unlockUser": .init(allowed: [.security]),
        "listAuditEntries": .init(allowed: [.auditor]),
        "verifyAuditChain": .init(allowed: [.auditor]),
        "listIncidents": .init(allowed: desk),
        "createIncident": .init(allowed: desk, body: [:]),
        "getIncident": .init(allowed: desk),
        "getIncidentTimeline": .init(allowed: desk),
        "createReport": .init(allowed: desk, body: [:]),
        "checkReport": .init(allowed: desk, body: ["kind": "follow_up"]),
        "listAttachments": .init(allowed: desk),
        "addAttachment": .init(allowed: desk),
        "downloadAttachment": .init(allowed: desk),
        "markIncidentNotified": .init(allowed: desk),
        "endIncidentResponse": .init(allowed: desk),
        "draftReport": .init(allowed: desk, body: ["kind": "first"]),
        "parseTranscript": .init(allowed: desk, body: ["text": "昨晚11点40分许，建安区一辆货车侧翻，1人受伤"]),
        "listCaseMatches": .init(allowed: desk, query: "?kindId=road_transport_accident"),
        "getReport": .init(allowed: desk),
        "requestReportSignoff": .init(allowed: desk),
        "signReport": .init(allowed: signers),
        "acknowledgeReport": .init(allowed: desk),
        "correctReport": .init(allowed: desk, body: ["body": "更正"]),
        "listReportVersions": .init(allowed: desk),
        "getBoard": .init(allowed: desk),
        "streamBoardEvents": .init(allowed: desk, stream: true),
        "listIncidentKinds": .init(allowed: desk),
        "listOutbox": .init(allowed: desk),
        "getReportingMeasures": .init(allowed: desk),
        "getUnitPolicy": .init(allowed: readers),
        "setUnitPolicy": .init(allowed: [.admin], body: [:]),
        "getRoster": .init(allowed: rosterViewers, query: "?month=2026-12"),
        "replaceRoster": .init(allowed: rosterManagers, query: "?month=2026-12", body: [:]),
        "setRosterCells": .init(allowed: rosterManagers, query: "?month=2026-12", body: [:]),
        "autoFillRoster": .init(allowed: rosterManagers, query: "?month=2026-12"),
        "fileRoster": .init(allowed: rosterManagers, query: "?month=2026-12"),
        "exportRosterCSV": .init(allowed: rosterViewers, query: "?month=2026-12"),
        "getRosterSettings": .init(allowed: rosterViewers),
        "setRosterSettings": .init(allowed: rosterManagers, body: [:]),
        "getRosterFilings": .init(allowed: rosterViewers),
        "getOnDuty": .init(allowed: rosterViewers),
        "createUnitRosterFeed": .init(allowed: rosterViewers),
        "listRosterSwaps": .init(allowed: rosterViewers),
        "requestRosterSwap": .init(allowed: rosterViewers, body: [:]),
        "acceptRosterSwap": .init(allowed: rosterViewers),
        "declineRosterSwap": .init(allowed: rosterViewers),
        "approveRosterSwap": .init(allowed: rosterViewers),
        "rejectRosterSwap": .init(allowed: rosterViewers),
        "cancelRosterSwap": .init(allowed: rosterViewers),
        "createPersonRosterFeed": .init(allowed: rosterViewers),
        "listTrainings": .init(allowed: rosterViewers),
        "addTraining": .init(allowed: rosterManagers, body: [:]),
        "listAbsences": .init(allowed: rosterViewers),
        "addAbsence": .init(allowed: rosterManagers, body: [:]),
        "getWorkingDayCalendar": .init(allowed: rosterViewers, query: "?year=2026"),
        // The national holiday notice is entered at the ministry or a province: a city's
        // administrator holds the permission but is refused (RosterTests covers henan.admin).
        "enterCalendarYear": .init(allowed: [], query: "?year=2027", body: [:]),
        "listDutyLog": .init(allowed: desk),
        "createDutyLogEntry": .init(allowed: desk, body: [:]),
        "getDutyLogEntry": .init(allowed: desk),
        "updateDutyLogEntry": .init(allowed: desk, body: [:]),
        "getDutyLogEntryHistory": .init(allowed: desk),
        "getDutyLogFirstReport": .init(allowed: desk),
        "getHandoverDesk": .init(allowed: desk),
        "createHandover": .init(allowed: desk, body: [:]),
        "getHandover": .init(allowed: desk),
        "confirmHandover": .init(allowed: desk),
        "closeHandoverItem": .init(allowed: desk, body: [:]),
        "listRollCalls": .init(allowed: desk),
        "startRollCall": .init(allowed: rollCallers, body: [:]),
        "listPendingRollCalls": .init(allowed: desk),
        "getRollCallSchedule": .init(allowed: desk),
        "setRollCallSchedule": .init(allowed: rollCallers, body: [:]),
        "getRollCall": .init(allowed: desk),
        "answerRollCall": .init(allowed: desk),
        "listLeaderAbsences": .init(allowed: desk),
        "createLeaderAbsence": .init(allowed: desk, body: [:]),
        "getLeaderAbsence": .init(allowed: desk),
        "updateLeaderAbsence": .init(allowed: desk, body: [:]),
        "returnFromLeaderAbsence": .init(allowed: desk),
        "getLeaderAbsenceHistory": .init(allowed: desk),
        // Approval belongs to the government duty office, not to a role: IncidentFlowTests covers it.
        // A county report submitted to the city, and the city's own record of the case.
        // Acknowledging is the receiver's act: the county's report; the rest act on the city's own.
        // The sibling's records are untouched.
    ]

    /// API operations outside the role matrix, and why.
    static let notInMatrix: [String: String] = [
        "login": "public: there is no role before logging in (AuthTests)",
        "logout": "ends any actor's own token (AuthTests)",
        // Approval belongs to the government duty office, not to a role: IncidentFlowTests covers it.
        "approveReport": "the government duty office's act, not a role's (IncidentFlowTests)",
        "returnReport": "the signing leader's or the approving office's act, decided by the workflow (ReportReturnTests)",
    ]

    /// One API route of the application, with the placeholder its id takes.
    struct Endpoint {
        let operation: String
        let method: HTTPMethod
        /// "/api/v1/units/{unit}/roster?month=2026-12": {unit} {person} {user} … are replaced.
        let path: String
        let expectation: Expectation
        var allowed: Set<R> { expectation.allowed }
        var body: [String: Any]? { expectation.body }
        var stream: Bool { expectation.stream }
        var takesID: Bool { path.contains("{") }
    }

    /// The placeholder for the id after each path segment.
    static let idPlaceholders: [String: String] = [
        "units": "{unit}", "people": "{person}", "users": "{user}", "incidents": "{incident}", "reports": "{report}", "attachments": "{attachment}",
        "roster-swaps": "{swap}", "duty-log": "{dutylog}", "handovers": "{handover}", "handover-items": "{handoveritem}", "roll-calls": "{rollcall}",
        "absences": "{absence}",
    ]

    /// The application's API routes (under /api/v1), each with its expectation; `problems` names
    /// every route without one, every expectation without a route, and every route the table
    /// cannot be read for.
    static func endpoints(_ app: Application) -> (endpoints: [Endpoint], problems: [String]) {
        var out: [Endpoint] = []
        var problems: [String] = []
        var seen: Set<String> = []
        for r in app.routes.all where r.path.count > 1 && r.path[0].description == "api" && r.path[1].description == "v1" {
            let signature = "\(r.method.rawValue) /" + r.path.map(\.description).joined(separator: "/")
            guard let op = r.userInfo[RouteInfo.operationID] as? String else {
                problems.append("\(signature): no operationId")
                continue
            }
            if !seen.insert(op).inserted { problems.append("\(signature): operationId \(op) used twice") }
            if notInMatrix[op] != nil { continue }
            guard let e = expectations[op] else {
                problems.append("\(signature): operation \(op) has no expectation")
                continue
            }
            var segments: [String] = []
            for (i, c) in r.path.enumerated() {
                guard case .parameter = c else {
                    segments.append(c.description)
                    continue
                }
                guard i > 0, let placeholder = idPlaceholders[r.path[i - 1].description] else {
                    problems.append("\(signature): no placeholder for the id after \(i > 0 ? r.path[i - 1].description : "nothing")")
                    segments.append(c.description)
                    continue
                }
                segments.append(placeholder)
            }
            out.append(Endpoint(operation: op, method: r.method, path: "/" + segments.joined(separator: "/") + e.query, expectation: e))
        }
        for op in Set(expectations.keys).union(notInMatrix.keys).subtracting(seen).sorted() {
            problems.append("expectation for \(op), which is no route")
        }
        return (out, problems)
    }

    /// The application's endpoints; fails the test when the table and the routes disagree.
    static func endpoints(_ t: TestApp, file: StaticString = #filePath, line: UInt = #line) -> [Endpoint] {
        let (found, problems) = endpoints(t.app)
        XCTAssertEqual(problems, [], file: file, line: line)
        return found
    }

    func testEveryAPIRouteIsInTheMatrix() async throws {
        try await withApp(demo: false) { t in
            let (found, problems) = Self.endpoints(t.app)
            XCTAssertEqual(problems, [])
            XCTAssertEqual(found.count, Self.expectations.count, "every expectation names exactly one route")
            XCTAssertTrue(Set(Self.expectations.keys).isDisjoint(with: Self.notInMatrix.keys))
        }
    }

    /// An open swap request at the city (许昌), requested by its section leader.
    static func swap(_ t: TestApp) async throws -> String {
        let (unit, from, to) = try await SwapTests.candidate(t)
        let r = try await t.send(
            .POST, "/api/v1/units/\(unit)/roster-swaps", token: try await t.login("xuchang.section"),
            json: [
                "date": "2026-11-25", "level": "officer", "fromPersonId": from, "toPersonId": to, "reason": "家中有事",
            ])
        return try r.decode(SwapDTO.self).id.uuidString
    }

    /// A swap of the sibling city (漯河), written directly: its roster is not in the demo data.
    static func siblingSwap(_ t: TestApp) async throws -> String {
        let unit = try await OrgUnit.query(on: t.app.db).filter(\.$code == "411100").first()!
        let people = try await Person.query(on: t.app.db).filter(\.$unit.$id == unit.id!).limit(2).all()
        let month = RosterMonth()
        month.id = UUID()
        month.$unit.id = unit.id!
        month.year = 2026
        month.month = 11
        month.status = "filed"
        month.updatedAt = pinnedNow
        let s = RosterSwapRecord()
        s.id = UUID()
        s.$unit.id = unit.id!
        s.$roster.id = month.id!
        s.day = "2026-11-25"
        s.shiftIndex = 0
        s.level = "officer"
        s.fromPersonID = people[0].id!
        s.toPersonID = people[1].id!
        s.reason = "家中有事"
        s.status = "requested"
        s.requestedBy = "luohe.section"
        s.requestedAt = pinnedNow
        s.note = ""
        try await t.app.write { db in
            try await month.create(on: db)
            try await s.create(on: db)
        }
        return s.id!.uuidString
    }

    func testRoleByEndpoint() async throws {
        try await withApp { t in
            var tokens: [R: String] = [:]
            for r in R.allCases { tokens[r] = try await Self.token(t, r) }
            // A county report submitted to the city, and the city's own record of the case.
            let countyLeader = try await t.login("jianan.leader")
            let filed = try await t.firstReport(token: countyLeader, place: try await t.unitID(code: "411003"))
            let countyReport = try XCTUnwrap(t.reportID(filed))
            _ = try await t.send(.POST, "/api/v1/reports/\(countyReport)/sign", token: countyLeader)
            let cityFiled = try await t.firstReport(token: tokens[.duty]!, place: try await t.unitID(code: "411082"))
            let (_, attachment) = try await t.generalInformationWithAttachment(token: tokens[.duty]!, place: try await t.unitID(code: "411082"))
            let desk = try await Self.deskRecords(t, unit: "xuchang", answering: "henan")
            let swap = try await Self.swap(t)
            let own = desk.merging([
                "{swap}": swap,
                "{attachment}": attachment,
                "{incident}": try cityFiled.decode(IncidentDTO.self).id.uuidString,
                "{unit}": try await t.unitID(code: "411024"),
                "{person}": try await t.personID(name: "张栋利"),
                "{user}": try await UserAccount.query(on: t.app.db).filter(\.$username == "jianan.duty").first()!.id!.uuidString,
            ]) { a, _ in a }
            var failures: [String] = []
            for e in Self.endpoints(t) {
                var path = e.path
                for (k, v) in own { path = path.replacingOccurrences(of: k, with: v) }
                // Acknowledging is the receiver's act: the county's report; the rest act on the city's own.
                path = path.replacingOccurrences(of: "{report}", with: e.operation == "acknowledgeReport" ? countyReport : try XCTUnwrap(t.reportID(cityFiled)))
                for r in R.allCases {
                    if e.stream && e.allowed.contains(r) { continue }
                    let reply = try await t.send(e.method, path, token: tokens[r], json: e.body)
                    let allowed = e.allowed.contains(r)
                    if allowed && (reply.status == .forbidden || reply.status == .unauthorized || reply.status == .notFound) {
                        failures.append("\(r) \(e.method) \(e.path): expected access, got \(reply.status.code) \(reply.text.prefix(120))")
                    }
                    if !allowed && (reply.status != .forbidden || reply.errorCode != "forbidden") {
                        failures.append("\(r) \(e.method) \(e.path): expected 403 forbidden, got \(reply.status.code)")
                    }
                }
            }
            XCTAssertEqual(failures, [])
        }
    }

    func testSiblingRecordsAreNotFoundForEveryRole() async throws {
        try await withApp { t in
            let luoheLeader = try await t.login("luohe.leader")
            let theirs = try await t.firstReport(token: luoheLeader, place: try await t.unitID(code: "411102"))
            let (_, theirAttachment) = try await t.generalInformationWithAttachment(
                token: try await t.login("luohe.duty"), place: try await t.unitID(code: "411102"))
            let sibling = try await Self.deskRecords(t, unit: "luohe", answering: nil).merging([
                "{swap}": try await Self.siblingSwap(t),
                "{attachment}": theirAttachment,
                "{incident}": try theirs.decode(IncidentDTO.self).id.uuidString,
                "{report}": try XCTUnwrap(t.reportID(theirs)),
                "{unit}": try await t.unitID(code: "411100"),
                "{person}": try await Person.query(on: t.app.db).join(OrgUnit.self, on: \Person.$unit.$id == \OrgUnit.$id).filter(
                    OrgUnit.self, \.$code == "411100"
                ).first()!.id!.uuidString,
                "{user}": try await UserAccount.query(on: t.app.db).filter(\.$username == "luohe.duty").first()!.id!.uuidString,
            ]) { a, _ in a }
            var failures: [String] = []
            for r in R.allCases {
                let token = try await Self.token(t, r)
                for e in Self.endpoints(t) where e.takesID && e.allowed.contains(r) {
                    var path = e.path
                    for (k, v) in sibling { path = path.replacingOccurrences(of: k, with: v) }
                    let reply = try await t.send(e.method, path, token: token, json: e.body)
                    if reply.status != .notFound || reply.errorCode != "not_found" {
                        failures.append("\(r) \(e.method) \(e.path): expected 404, got \(reply.status.code) \(reply.text.prefix(100))")
                    }
                    XCTAssertFalse(reply.text.contains("漯河"), "no sibling data in \(e.path)")
                }
            }
            XCTAssertEqual(failures, [])
            // The sibling's records are untouched.
            let luohe = try await OrgUnit.query(on: t.app.db).filter(\.$code == "411100").first()
            XCTAssertEqual(luohe?.active, true)
        }
    }

    /// One duty-desk record of each kind for a city: a log entry, a handover with an open item,
    /// a roll call (its own, or — `answering` — one its superior started, so it can answer),
    /// and a leader's absence.
    static func deskRecords(_ t: TestApp, unit prefix: String, answering superior: String?) async throws -> [String: String] {
        let duty = try await t.login("\(prefix).duty")
        let log = try await t.send(.POST, "/api/v1/duty-log", token: duty, json: ["callerUnit": "某县应急管理局", "callerName": "王强", "content": "报告一起火情"])
        let handover = try await t.send(.POST, "/api/v1/handovers", token: duty, json: ["matters": "无重大事项", "items": ["跟进火情"]])
        let caller = try await t.login("\(superior ?? prefix).section")
        let call = try await t.send(.POST, "/api/v1/roll-calls", token: caller, json: [:])
        let absence = try await t.send(
            .POST, "/api/v1/absences", token: duty,
            json: [
                "personName": "李局长", "personPosition": "局长", "reason": "赴省参加会议", "destination": "郑州", "leaveAt": "2026-11-23T01:00:00Z",
                "returnAt": "2026-11-24T10:00:00Z", "deputyName": "王副局长", "deputyPost": "副局长",
            ])
        return [
            "{dutylog}": try log.decode(DutyLogDTO.self).id.uuidString,
            "{handover}": try handover.decode(HandoverDTO.self).id.uuidString,
            "{handoveritem}": try XCTUnwrap(handover.decode(HandoverDTO.self).items.first, handover.text).id.uuidString,
            "{rollcall}": try call.decode(RollCallDTO.self).id.uuidString,
            "{absence}": try absence.decode(LeaderAbsenceDTO.self).id.uuidString,
        ]
    }

    func testNoTokenMeansUnauthenticated() async throws {
        try await withApp { t in
            for e in Self.endpoints(t) {
                let r = try await t.send(e.method, e.path, json: e.body)
                XCTAssertEqual(r.status, .unauthorized, "\(e.method) \(e.path)")
                XCTAssertEqual(r.errorCode, "unauthenticated")
            }
            let forged = try await t.send(.GET, "/api/v1/me", token: "forged-token")
            XCTAssertEqual(forged.status, .unauthorized)
        }
    }
}
