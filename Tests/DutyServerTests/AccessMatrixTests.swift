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
    }

    static let readers: Set<R> = [.duty, .section, .leader, .head, .admin, .security]
    static let editors: Set<R> = [.duty, .section, .leader, .head, .admin]
    static let exporters: Set<R> = [.duty, .section, .leader, .head, .admin]
    static let all = Set(R.allCases)
    static let desk: Set<R> = [.duty, .section, .leader, .head]
    static let signers: Set<R> = [.leader, .head]
    static let rosterViewers: Set<R> = [.duty, .section, .leader, .head, .admin]
    /// The officer is scheduled by the roster; the section and the leaders draw it up.
    static let rosterManagers: Set<R> = [.section, .leader, .head]
    /// Leaders of the duty room organise roll calls; officers answer them.
    static let rollCallers: Set<R> = [.section, .leader, .head]

    struct Endpoint {
        let method: HTTPMethod
        let path: String  // {unit} {person} {user} are replaced
        let body: [String: Any]?
        let allowed: Set<R>
        /// An event stream never ends: only its refusals are checked here.
        var stream = false
        var takesID: Bool { path.contains("{") }
    }

    static let endpoints: [Endpoint] = [
        .init(method: .GET, path: "/api/v1/me", body: nil, allowed: all),
        .init(method: .POST, path: "/api/v1/me/password", body: ["currentPassword": "wrong", "newPassword": "x"], allowed: all),
        .init(method: .GET, path: "/api/v1/units", body: nil, allowed: readers),
        .init(method: .POST, path: "/api/v1/units", body: [:], allowed: [.admin]),
        .init(method: .GET, path: "/api/v1/units/{unit}", body: nil, allowed: readers),
        .init(method: .PATCH, path: "/api/v1/units/{unit}", body: [:], allowed: [.admin]),
        .init(method: .POST, path: "/api/v1/units/{unit}/deactivate", body: nil, allowed: [.admin]),
        .init(method: .GET, path: "/api/v1/units/{unit}/history", body: nil, allowed: readers),
        .init(method: .GET, path: "/api/v1/units/{unit}/freshness", body: nil, allowed: readers),
        .init(method: .GET, path: "/api/v1/units/{unit}/vcard", body: nil, allowed: exporters),
        .init(method: .GET, path: "/api/v1/people", body: nil, allowed: readers),
        .init(method: .POST, path: "/api/v1/people", body: [:], allowed: editors),
        .init(method: .GET, path: "/api/v1/people/{person}", body: nil, allowed: readers),
        .init(method: .PATCH, path: "/api/v1/people/{person}", body: [:], allowed: editors),
        .init(method: .POST, path: "/api/v1/people/{person}/verify", body: nil, allowed: editors),
        .init(method: .POST, path: "/api/v1/people/{person}/deactivate", body: nil, allowed: editors),
        .init(method: .GET, path: "/api/v1/people/{person}/history", body: nil, allowed: readers),
        .init(method: .GET, path: "/api/v1/people/{person}/vcard", body: nil, allowed: exporters),
        .init(method: .GET, path: "/api/v1/directory/export.csv", body: nil, allowed: exporters),
        .init(method: .POST, path: "/api/v1/directory/import?unitId={unit}", body: nil, allowed: [.admin]),
        .init(method: .GET, path: "/api/v1/users", body: nil, allowed: [.security]),
        .init(method: .POST, path: "/api/v1/users", body: [:], allowed: [.security]),
        .init(method: .GET, path: "/api/v1/users/{user}", body: nil, allowed: [.security]),
        .init(method: .PATCH, path: "/api/v1/users/{user}", body: [:], allowed: [.security]),
        .init(method: .POST, path: "/api/v1/users/{user}/unlock", body: nil, allowed: [.security]),
        .init(method: .GET, path: "/api/v1/audit", body: nil, allowed: [.auditor]),
        .init(method: .GET, path: "/api/v1/audit/verify", body: nil, allowed: [.auditor]),
        .init(method: .GET, path: "/api/v1/incidents", body: nil, allowed: desk),
        .init(method: .POST, path: "/api/v1/incidents", body: [:], allowed: desk),
        .init(method: .GET, path: "/api/v1/incidents/{incident}", body: nil, allowed: desk),
        .init(method: .GET, path: "/api/v1/incidents/{incident}/timeline", body: nil, allowed: desk),
        .init(method: .POST, path: "/api/v1/incidents/{incident}/reports", body: [:], allowed: desk),
        .init(method: .POST, path: "/api/v1/incidents/{incident}/reports/check", body: ["kind": "follow_up"], allowed: desk),
        .init(method: .GET, path: "/api/v1/incidents/{incident}/attachments", body: nil, allowed: desk),
        .init(method: .POST, path: "/api/v1/incidents/{incident}/attachments", body: nil, allowed: desk),
        .init(method: .GET, path: "/api/v1/attachments/{attachment}", body: nil, allowed: desk),
        .init(method: .POST, path: "/api/v1/incidents/{incident}/notified", body: nil, allowed: desk),
        .init(method: .POST, path: "/api/v1/incidents/{incident}/response-ended", body: nil, allowed: desk),
        .init(method: .POST, path: "/api/v1/reports/draft", body: ["kind": "first"], allowed: desk),
        .init(method: .GET, path: "/api/v1/reports/{report}", body: nil, allowed: desk),
        .init(method: .POST, path: "/api/v1/reports/{report}/request-signoff", body: nil, allowed: desk),
        .init(method: .POST, path: "/api/v1/reports/{report}/sign", body: nil, allowed: signers),
        .init(method: .POST, path: "/api/v1/reports/{report}/acknowledge", body: nil, allowed: desk),
        .init(method: .GET, path: "/api/v1/board", body: nil, allowed: desk),
        .init(method: .GET, path: "/api/v1/board/events", body: nil, allowed: desk, stream: true),
        .init(method: .GET, path: "/api/v1/incident-kinds", body: nil, allowed: desk),
        .init(method: .GET, path: "/api/v1/outbox", body: nil, allowed: desk),
        .init(method: .GET, path: "/api/v1/measures", body: nil, allowed: desk),
        .init(method: .GET, path: "/api/v1/units/{unit}/policy", body: nil, allowed: readers),
        .init(method: .PUT, path: "/api/v1/units/{unit}/policy", body: [:], allowed: [.admin]),
        .init(method: .GET, path: "/api/v1/units/{unit}/roster?month=2026-12", body: nil, allowed: rosterViewers),
        .init(method: .PUT, path: "/api/v1/units/{unit}/roster?month=2026-12", body: [:], allowed: rosterManagers),
        .init(method: .PATCH, path: "/api/v1/units/{unit}/roster?month=2026-12", body: [:], allowed: rosterManagers),
        .init(method: .POST, path: "/api/v1/units/{unit}/roster/auto-fill?month=2026-12", body: nil, allowed: rosterManagers),
        .init(method: .POST, path: "/api/v1/units/{unit}/roster/file?month=2026-12", body: nil, allowed: rosterManagers),
        .init(method: .GET, path: "/api/v1/units/{unit}/roster.csv?month=2026-12", body: nil, allowed: rosterViewers),
        .init(method: .GET, path: "/api/v1/units/{unit}/roster-settings", body: nil, allowed: rosterViewers),
        .init(method: .PUT, path: "/api/v1/units/{unit}/roster-settings", body: [:], allowed: rosterManagers),
        .init(method: .GET, path: "/api/v1/units/{unit}/roster-filings", body: nil, allowed: rosterViewers),
        .init(method: .GET, path: "/api/v1/units/{unit}/on-duty", body: nil, allowed: rosterViewers),
        .init(method: .POST, path: "/api/v1/units/{unit}/roster-feed", body: nil, allowed: rosterViewers),
        .init(method: .GET, path: "/api/v1/units/{unit}/roster-swaps", body: nil, allowed: rosterViewers),
        .init(method: .POST, path: "/api/v1/units/{unit}/roster-swaps", body: [:], allowed: rosterViewers),
        .init(method: .POST, path: "/api/v1/roster-swaps/{swap}/accept", body: nil, allowed: rosterViewers),
        .init(method: .POST, path: "/api/v1/roster-swaps/{swap}/decline", body: nil, allowed: rosterViewers),
        .init(method: .POST, path: "/api/v1/roster-swaps/{swap}/approve", body: nil, allowed: rosterViewers),
        .init(method: .POST, path: "/api/v1/roster-swaps/{swap}/reject", body: nil, allowed: rosterViewers),
        .init(method: .POST, path: "/api/v1/roster-swaps/{swap}/cancel", body: nil, allowed: rosterViewers),
        .init(method: .POST, path: "/api/v1/people/{person}/roster-feed", body: nil, allowed: rosterViewers),
        .init(method: .GET, path: "/api/v1/people/{person}/trainings", body: nil, allowed: rosterViewers),
        .init(method: .POST, path: "/api/v1/people/{person}/trainings", body: [:], allowed: rosterManagers),
        .init(method: .GET, path: "/api/v1/people/{person}/absences", body: nil, allowed: rosterViewers),
        .init(method: .POST, path: "/api/v1/people/{person}/absences", body: [:], allowed: rosterManagers),
        .init(method: .GET, path: "/api/v1/calendar?year=2026", body: nil, allowed: rosterViewers),
        // The national holiday notice is entered at the ministry or a province: a city's
        // administrator holds the permission but is refused (RosterTests covers henan.admin).
        .init(method: .PUT, path: "/api/v1/calendar?year=2027", body: [:], allowed: []),
        .init(method: .GET, path: "/api/v1/duty-log", body: nil, allowed: desk),
        .init(method: .POST, path: "/api/v1/duty-log", body: [:], allowed: desk),
        .init(method: .GET, path: "/api/v1/duty-log/{dutylog}", body: nil, allowed: desk),
        .init(method: .PATCH, path: "/api/v1/duty-log/{dutylog}", body: [:], allowed: desk),
        .init(method: .GET, path: "/api/v1/duty-log/{dutylog}/history", body: nil, allowed: desk),
        .init(method: .GET, path: "/api/v1/duty-log/{dutylog}/first-report", body: nil, allowed: desk),
        .init(method: .GET, path: "/api/v1/handovers", body: nil, allowed: desk),
        .init(method: .POST, path: "/api/v1/handovers", body: [:], allowed: desk),
        .init(method: .GET, path: "/api/v1/handovers/{handover}", body: nil, allowed: desk),
        .init(method: .POST, path: "/api/v1/handovers/{handover}/confirm", body: nil, allowed: desk),
        .init(method: .POST, path: "/api/v1/handover-items/{handoveritem}/close", body: [:], allowed: desk),
        .init(method: .GET, path: "/api/v1/roll-calls", body: nil, allowed: desk),
        .init(method: .POST, path: "/api/v1/roll-calls", body: [:], allowed: rollCallers),
        .init(method: .GET, path: "/api/v1/roll-calls/pending", body: nil, allowed: desk),
        .init(method: .GET, path: "/api/v1/roll-calls/schedule", body: nil, allowed: desk),
        .init(method: .PUT, path: "/api/v1/roll-calls/schedule", body: [:], allowed: rollCallers),
        .init(method: .GET, path: "/api/v1/roll-calls/{rollcall}", body: nil, allowed: desk),
        .init(method: .POST, path: "/api/v1/roll-calls/{rollcall}/answer", body: nil, allowed: desk),
        .init(method: .GET, path: "/api/v1/absences", body: nil, allowed: desk),
        .init(method: .POST, path: "/api/v1/absences", body: [:], allowed: desk),
        .init(method: .GET, path: "/api/v1/absences/{absence}", body: nil, allowed: desk),
        .init(method: .PATCH, path: "/api/v1/absences/{absence}", body: [:], allowed: desk),
        .init(method: .POST, path: "/api/v1/absences/{absence}/return", body: nil, allowed: desk),
        .init(method: .GET, path: "/api/v1/absences/{absence}/history", body: nil, allowed: desk),
    ]

    func testEveryAPIRouteIsInTheMatrix() throws {
        var listed = Set(Self.endpoints.map { "\($0.method.rawValue) " + ($0.path.split(separator: "?").first.map(String.init) ?? "") })
        listed.insert("POST /api/v1/auth/login")
        listed.insert("POST /api/v1/auth/logout")
        // Approval belongs to the government duty office, not to a role: IncidentFlowTests covers it.
        listed.insert("POST /api/v1/reports/{report}/approve")
        let t = try Self.routeSignatures()
        XCTAssertEqual(t, listed)
    }

    static func routeSignatures() throws -> Set<String> {
        var out: Set<String> = []
        let app = Application(.testing)
        defer { app.shutdown() }
        try routesOnly(app)
        for r in app.routes.all where r.path.first?.description == "api" && r.path.count > 1 && r.path[1].description == "v1" {
            let path = "/" + r.path.map { c -> String in
                let s = c.description
                guard s.hasPrefix(":") else { return s }
                let prefixes = [
                    "units", "people", "users", "incidents", "reports", "attachments", "roster-swaps", "duty-log", "handovers", "handover-items", "roll-calls", "absences",
                ]
                switch r.path.map(\.description).first(where: { prefixes.contains($0) }) {
                case "units": return "{unit}"
                case "roster-swaps": return "{swap}"
                case "duty-log": return "{dutylog}"
                case "handovers": return "{handover}"
                case "handover-items": return "{handoveritem}"
                case "roll-calls": return "{rollcall}"
                case "absences": return "{absence}"
                case "attachments": return "{attachment}"
                case "people": return "{person}"
                case "incidents": return "{incident}"
                case "reports": return "{report}"
                default: return "{user}"
                }
            }.joined(separator: "/")
            out.insert("\(r.method.rawValue) \(path)")
        }
        return out
    }

    static func routesOnly(_ app: Application) throws {
        let v1 = app.grouped("api", "v1")
        try v1.register(collection: AuthAPIController())
        try v1.register(collection: UnitsAPIController())
        try v1.register(collection: PeopleAPIController())
        try v1.register(collection: DirectoryAPIController())
        try v1.register(collection: UsersAPIController())
        try v1.register(collection: AuditAPIController())
        try v1.register(collection: IncidentsAPIController())
        try v1.register(collection: OutboxAPIController())
        try v1.register(collection: PolicyAPIController())
        try v1.register(collection: RostersAPIController())
        try v1.register(collection: CalendarAPIController())
        try v1.register(collection: DutyLogAPIController())
        try v1.register(collection: HandoversAPIController())
        try v1.register(collection: RollCallsAPIController())
        try v1.register(collection: AbsencesAPIController())
    }

    /// An open swap request at the city (许昌), requested by its section leader.
    static func swap(_ t: TestApp) async throws -> String {
        let (unit, from, to) = try await SwapTests.candidate(t)
        let r = try await t.send(.POST, "/api/v1/units/\(unit)/roster-swaps", token: try await t.login("xuchang.section"), json: [
            "date": "2026-11-25", "level": "officer", "fromPersonId": from, "toPersonId": to, "reason": "家中有事",
        ])
        return try XCTUnwrap(r.object["id"] as? String, r.text)
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
            for r in R.allCases { tokens[r] = try await t.login("xuchang.\(r.rawValue)") }
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
                "{incident}": try XCTUnwrap(cityFiled.object["id"] as? String),
                "{unit}": try await t.unitID(code: "411024"),
                "{person}": try await t.personID(name: "张栋利"),
                "{user}": try await UserAccount.query(on: t.app.db).filter(\.$username == "jianan.duty").first()!.id!.uuidString,
            ]) { a, _ in a }
            var failures: [String] = []
            for e in Self.endpoints {
                var path = e.path
                for (k, v) in own { path = path.replacingOccurrences(of: k, with: v) }
                // Acknowledging is the receiver's act: the county's report; the rest act on the city's own.
                path = path.replacingOccurrences(of: "{report}", with: e.path.hasSuffix("acknowledge") ? countyReport : try XCTUnwrap(t.reportID(cityFiled)))
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
            let (_, theirAttachment) = try await t.generalInformationWithAttachment(token: try await t.login("luohe.duty"), place: try await t.unitID(code: "411102"))
            let sibling = try await Self.deskRecords(t, unit: "luohe", answering: nil).merging([
                "{swap}": try await Self.siblingSwap(t),
                "{attachment}": theirAttachment,
                "{incident}": try XCTUnwrap(theirs.object["id"] as? String),
                "{report}": try XCTUnwrap(t.reportID(theirs)),
                "{unit}": try await t.unitID(code: "411100"),
                "{person}": try await Person.query(on: t.app.db).join(OrgUnit.self, on: \Person.$unit.$id == \OrgUnit.$id).filter(OrgUnit.self, \.$code == "411100").first()!.id!.uuidString,
                "{user}": try await UserAccount.query(on: t.app.db).filter(\.$username == "luohe.duty").first()!.id!.uuidString,
            ]) { a, _ in a }
            var failures: [String] = []
            for r in R.allCases {
                let token = try await t.login("xuchang.\(r.rawValue)")
                for e in Self.endpoints where e.takesID && e.allowed.contains(r) {
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
        let absence = try await t.send(.POST, "/api/v1/absences", token: duty, json: [
            "personName": "李局长", "personPosition": "局长", "reason": "赴省参加会议", "destination": "郑州", "leaveAt": "2026-11-23T01:00:00Z",
            "returnAt": "2026-11-24T10:00:00Z", "deputyName": "王副局长", "deputyPost": "副局长",
        ])
        return [
            "{dutylog}": try XCTUnwrap(log.object["id"] as? String, log.text),
            "{handover}": try XCTUnwrap(handover.object["id"] as? String, handover.text),
            "{handoveritem}": try XCTUnwrap(((handover.object["items"] as? [[String: Any]])?.first)?["id"] as? String, handover.text),
            "{rollcall}": try XCTUnwrap(call.object["id"] as? String, call.text),
            "{absence}": try XCTUnwrap(absence.object["id"] as? String, absence.text),
        ]
    }

    func testNoTokenMeansUnauthenticated() async throws {
        try await withApp { t in
            for e in Self.endpoints {
                let r = try await t.send(e.method, e.path, json: e.body)
                XCTAssertEqual(r.status, .unauthorized, "\(e.method) \(e.path)")
                XCTAssertEqual(r.errorCode, "unauthenticated")
            }
            let forged = try await t.send(.GET, "/api/v1/me", token: "forged-token")
            XCTAssertEqual(forged.status, .unauthorized)
        }
    }
}
