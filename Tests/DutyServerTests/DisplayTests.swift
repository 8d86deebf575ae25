import DutyCore
import Fluent
import Vapor
import XCTest

@testable import DutyServer

/// 值班大屏: a wall screen of the duty room, made by the unit administrator, enabled with a
/// one-time code, reading the board and its stream only, signed in for its lifetime and
/// revoked at once.
final class DisplayTests: XCTestCase {
    /// The code the administrator's page shows once ("ABCD-EFGH").
    static func shownCode(_ html: String) -> String? {
        guard let r = html.range(of: "id=\"display-code\">") else { return nil }
        return String(html[r.upperBound...].prefix(9))
    }

    /// The screen's browser types the code on /display/enable; the reply to that.
    static func enable(_ t: TestApp, code: String) async throws -> TestApp.Reply {
        let page = try await t.send(.GET, "/display/enable?code=" + code)
        XCTAssertEqual(page.status, .ok)
        XCTAssertTrue(page.text.contains("value=\"\(code)\""), "the link's code is filled in")
        let token = try XCTUnwrap(hiddenCSRF(page.text))
        var h = HTTPHeaders()
        h.cookie = HTTPCookies(dictionaryLiteral: (SessionCookie.loginCSRF, .init(string: token)))
        return try await t.postForm("/display/enable", [("code", code), ("_csrf", token)], headers: h)
    }

    /// A display of 许昌 made by its administrator and enabled: the screen's session cookie
    /// (and its token, which works as a bearer token too), and the display's account id.
    static func enabledDisplay(_ t: TestApp, admin: String = "xuchang.admin") async throws -> (headers: HTTPHeaders, token: String, id: String) {
        let s = try await t.webLogin(admin)
        let made = try await t.webPost("/displays", ["name": "值班室大屏"], session: s)
        XCTAssertEqual(made.status, .created, made.text)
        let code = try XCTUnwrap(shownCode(made.text), made.text)
        let enabled = try await enable(t, code: code)
        XCTAssertEqual(enabled.status, .seeOther, enabled.text)
        let token = try XCTUnwrap(enabled.headers.setCookie?[SessionCookie.name]?.string)
        var h = HTTPHeaders()
        h.cookie = HTTPCookies(dictionaryLiteral: (SessionCookie.name, .init(string: token)))
        let newest = try await UserAccount.query(on: t.app.db).filter(\.$roles == Role.display.rawValue).sort(\.$createdAt, .descending).first()
        let account = try XCTUnwrap(newest)
        return (h, token, account.id!.uuidString)
    }

    func testTheAdministratorMakesAWallScreenThatShowsTheBoardAndArrivals() async throws {
        try await withApp { t in
            let admin = try await t.webLogin("xuchang.admin")
            let empty = try await t.send(.GET, "/displays", headers: admin.headers)
            XCTAssertEqual(empty.status, .ok, empty.text)
            XCTAssertTrue(empty.text.contains("id=\"displays-empty\""))
            XCTAssertTrue(empty.text.contains("id=\"nav-displays\""), "the administrator's navigation leads here")
            // A name is needed.
            let nameless = try await t.webPost("/displays", ["name": "  "], session: admin)
            XCTAssertEqual(nameless.status, .unprocessableEntity)
            XCTAssertTrue(nameless.text.contains("大屏名称不能为空"), nameless.text)

            let made = try await t.webPost("/displays", ["name": "值班室大屏"], session: admin)
            XCTAssertEqual(made.status, .created, made.text)
            let code = try XCTUnwrap(Self.shownCode(made.text))
            XCTAssertNotNil(DisplayPairingCode.normalized(code), code)
            let found = try await UserAccount.query(on: t.app.db).filter(\.$roles == "display").first()
            let account = try XCTUnwrap(found)
            XCTAssertEqual(account.displayName, "值班室大屏")
            XCTAssertNotEqual(account.pairingCodeHash, DisplayPairingCode.normalized(code), "only the code's hash is kept")
            XCTAssertTrue(made.text.contains("等待输入启用码"))
            let created = try await t.auditEntries(action: "user.create").filter { $0.targetID == account.id!.uuidString }
            XCTAssertEqual(created.map(\.actor), ["xuchang.admin"], "audited like any account")
            let codes = try await t.auditEntries(action: "display.code")
            XCTAssertEqual(codes.count, 1)

            // The screen types it: it lands on the wall view, signed in for 90 days.
            let enabled = try await Self.enable(t, code: code.lowercased())
            XCTAssertEqual(enabled.status, .seeOther, enabled.text)
            XCTAssertEqual(enabled.headers.first(name: .location), "/display")
            let cookie = try XCTUnwrap(enabled.headers.setCookie?[SessionCookie.name])
            XCTAssertEqual(cookie.maxAge, 90 * 86400, "the screen stays signed in after its browser restarts")
            let logins = try await t.auditEntries(action: "login").filter { $0.actor == account.username }
            XCTAssertEqual(logins.map(\.detail), [SessionKind.display.title])
            // A code works once.
            let again = try await Self.enable(t, code: code)
            XCTAssertEqual(again.status, .unprocessableEntity)
            XCTAssertTrue(again.text.contains("启用码无效、已使用或已过期"), again.text)

            var wall = HTTPHeaders()
            wall.cookie = HTTPCookies(dictionaryLiteral: (SessionCookie.name, .init(string: cookie.string)))
            let home = try await t.send(.GET, "/", headers: wall)
            XCTAssertEqual(home.headers.first(name: .location), "/display", "a display has only the wall to go to")
            let quiet = try await t.send(.GET, "/display", headers: wall)
            XCTAssertEqual(quiet.status, .ok, quiet.text)
            XCTAssertTrue(quiet.text.contains("许昌市应急管理局 · 值班大屏"))
            XCTAssertTrue(quiet.text.contains("id=\"wall-arrivals-empty\""))
            XCTAssertFalse(quiet.text.contains("site-nav"), "no navigation on the wall")
            XCTAssertTrue(quiet.text.contains("data-events-url=\"/board/events\""))

            // A county report arrives at the city: the wall lists it with its 签收 countdown.
            let leader = try await t.login("jianan.leader")
            let filed = try await t.firstReport(token: leader, place: try await t.unitID(code: "411003"))
            let report = try XCTUnwrap(t.reportID(filed))
            let signed = try await t.send(.POST, "/api/v1/reports/\(report)/sign", token: leader)
            XCTAssertEqual(signed.status, .ok, signed.text)
            var background = wall
            background.replaceOrAdd(name: "X-Background", value: "1")
            let live = try await t.send(.GET, "/display/live", headers: background)
            XCTAssertEqual(live.status, .ok)
            XCTAssertTrue(live.text.contains("id=\"arrival-\(report)\""), live.text)
            XCTAssertTrue(live.text.contains("建安区应急管理局"))
            XCTAssertTrue(live.text.contains("class=\"countdown\""), "the wait for 签收 counts down")
            XCTAssertFalse(live.text.contains("签收</button>"), "a display has no buttons")

            // The administrator's page says the screen is on.
            let listed = try await t.send(.GET, "/displays", headers: admin.headers)
            XCTAssertTrue(listed.text.contains("已启用"), listed.text)
        }
    }

    func testAWallScreenReadsTheBoardAndNothingElse() async throws {
        try await withApp { t in
            let (wall, token, _) = try await Self.enabledDisplay(t)
            let duty = try await t.login("xuchang.duty")
            let incident = try await t.firstReport(token: duty, place: try await t.unitID(code: "411082")).decode(IncidentDTO.self)
            let report = try XCTUnwrap(incident.reports?.first).id.uuidString
            for path in [
                "/board", "/board/live", "/incidents/\(incident.id)", "/reports/\(report)/print", "/incidents/new", "/duty-log", "/handovers", "/roll-calls",
                "/absences", "/rosters", "/directory", "/units", "/measures", "/displays", "/users", "/audit",
            ] {
                let r = try await t.send(.GET, path, headers: wall)
                XCTAssertEqual(r.status, .forbidden, "GET \(path)")
            }
            var post = wall
            let wallPage = try await t.send(.GET, "/display", headers: wall).text
            let csrf = try XCTUnwrap(wallPage.range(of: "data-csrf=\"").map { String(wallPage[$0.upperBound...].prefix { $0 != "\"" }) })
            post.replaceOrAdd(name: "X-CSRF-Token", value: String(csrf))
            for path in ["/incidents", "/reports/\(report)/sign", "/reports/\(report)/acknowledge", "/reports/\(report)/return", "/duty-log", "/displays"] {
                let r = try await t.send(.POST, path, raw: ByteBuffer(string: "reason=x"), contentType: .urlEncodedForm, headers: post)
                XCTAssertEqual(r.status, .forbidden, "POST \(path)")
            }
            // Through the API with its token: only who it is.
            let me = try await t.send(.GET, "/api/v1/me", token: token)
            XCTAssertEqual(me.status, .ok)
            XCTAssertEqual(try me.decode(MeDTO.self).roles, [.display])
            for path in ["/api/v1/incidents", "/api/v1/board", "/api/v1/units"] {
                let r = try await t.send(.GET, path, token: token)
                XCTAssertEqual(r.status, .forbidden, "GET \(path)")
            }
            let password = try await t.send(.POST, "/api/v1/me/password", token: token, json: ["currentPassword": "x", "newPassword": "Another#Pass2026"])
            XCTAssertEqual(password.status, .forbidden)
            let reports = try await t.count(Report.self)
            XCTAssertEqual(reports, 1, "nothing written")
        }
    }

    func testAScreenOutlivesIdleHoursAndEndsAtOnceWhenRevoked() async throws {
        try await withApp { t in
            let (wall, _, id) = try await Self.enabledDisplay(t)
            var background = wall
            background.replaceOrAdd(name: "X-Background", value: "1")
            // A night with nobody touching it.
            t.clock.advance(14 * 3600)
            let morning = try await t.send(.GET, "/display/live", headers: background)
            XCTAssertEqual(morning.status, .ok, "a wall screen has no idle timeout")
            let status = try await t.send(.GET, "/session", headers: background).decode(SessionWebController.SessionStatus.self)
            XCTAssertGreaterThan(status.secondsLeft, 80 * 86400, "the page does not warn of a timeout")
            let stored = try await SessionRecord.query(on: t.app.db).filter(\.$kind == "display").first()
            let session = try XCTUnwrap(stored)
            let streamLive = await LiveStream.sessionIsLive(session.id!, app: t.app)
            XCTAssertTrue(streamLive)

            // A sibling's administrator and the superior's cannot touch it.
            for other in ["luohe.admin", "henan.admin"] {
                let s = try await t.webLogin(other)
                let r = try await t.webPost("/displays/\(id)/revoke", [:], session: s)
                XCTAssertEqual(r.status, .notFound, other)
            }
            let admin = try await t.webLogin("xuchang.admin")
            let revoked = try await t.webPost("/displays/\(id)/revoke", [:], session: admin)
            XCTAssertEqual(revoked.status, .seeOther, revoked.text)
            let after = try await t.send(.GET, "/display/live", headers: background)
            XCTAssertNotEqual(after.status, .ok, "the screen is signed out at once")
            let streamAfter = await LiveStream.sessionIsLive(session.id!, app: t.app)
            XCTAssertFalse(streamAfter, "its open stream says the session ended")
            let revokes = try await t.auditEntries(action: "display.revoke")
            XCTAssertEqual(revokes.map(\.actor), ["xuchang.admin"])
            let listed = try await t.send(.GET, "/displays", headers: admin.headers)
            XCTAssertTrue(listed.text.contains("未启用"))
        }
    }

    func testACodeExpiresAndTheDisplayEndsAfterItsLifetime() async throws {
        try await withApp { t in
            let admin = try await t.webLogin("xuchang.admin")
            let made = try await t.webPost("/displays", ["name": "会商室大屏"], session: admin)
            let code = try XCTUnwrap(Self.shownCode(made.text))
            t.clock.advance(10 * 60)
            let late = try await Self.enable(t, code: code)
            XCTAssertEqual(late.status, .unprocessableEntity, "a code lasts ten minutes")
            let display = try await UserAccount.query(on: t.app.db).filter(\.$roles == "display").first()
            let id = try XCTUnwrap(display?.id)
            let fresh = try await t.webPost("/displays/\(id)/code", [:], session: try await t.webLogin("xuchang.admin"))
            let enabled = try await Self.enable(t, code: try XCTUnwrap(Self.shownCode(fresh.text)))
            XCTAssertEqual(enabled.status, .seeOther)
            var wall = HTTPHeaders()
            wall.cookie = HTTPCookies(
                dictionaryLiteral: (SessionCookie.name, .init(string: try XCTUnwrap(enabled.headers.setCookie?[SessionCookie.name]?.string))))
            t.clock.advance(90 * 86400)
            let ended = try await t.send(.GET, "/display", headers: wall)
            XCTAssertEqual(ended.status, .seeOther, "after 90 days the screen is enabled again with a new code")
            // Wrong codes count against the address like wrong passwords.
            let failures = try await LoginFailure.query(on: t.app.db).filter(\.$username == "display-code").count()
            XCTAssertGreaterThan(failures, 0)
        }
    }

    func testAClassifiedReportShowsOnTheWallAsPresentButNotWhatItSays() async throws {
        try await withApp { t in
            let (wall, _, _) = try await Self.enabledDisplay(t)
            let leader = try await t.login("jianan.leader")
            let filed = try await t.firstReport(token: leader, place: try await t.unitID(code: "411003"), extra: ["classified": true])
            let incident = try filed.decode(IncidentDTO.self)
            XCTAssertTrue(incident.classified)
            _ = try await t.send(.POST, "/api/v1/reports/\(try XCTUnwrap(t.reportID(filed)))/sign", token: leader)
            let page = try await t.send(.GET, "/display", headers: wall)
            XCTAssertTrue(page.text.contains("密件（内容不在大屏显示）"), page.text)
            XCTAssertFalse(page.text.contains(incident.title), "the title stays off the wall")
            XCTAssertFalse(page.text.contains(String(try XCTUnwrap(incident.reports?.first).body.prefix(20))), "and the text")
        }
    }

    func testTheDisplayRoleIsTheAdministratorsAndNeverSignsInWithAPassword() async throws {
        try await withApp { t in
            let security = try await t.login("xuchang.security")
            let made = try await t.send(
                .POST, "/api/v1/users", token: security,
                json: [
                    "username": "wall2", "displayName": "大屏", "password": "Duty#Room2026x", "unitId": try await t.unitID(code: "411000"), "roles": ["display"],
                ])
            XCTAssertEqual(made.status, .conflict, made.text)
            XCTAssertEqual(made.errorCode, "display_role_reserved")
            XCTAssertThrowsError(try RoleSet([.display, .dutyOfficer]))
            let (_, _, id) = try await Self.enabledDisplay(t)
            let changed = try await t.send(.PATCH, "/api/v1/users/\(id)", token: security, json: ["roles": ["duty_officer"]])
            XCTAssertEqual(changed.status, .conflict, "a display does not become an officer's account")
            let account = try await UserAccount.find(UUID(uuidString: id), on: t.app.db)
            let username = try XCTUnwrap(account).username
            let login = try await t.send(.POST, "/api/v1/auth/login", json: ["username": username, "password": DemoData.password])
            XCTAssertEqual(login.status, .unauthorized, "no password signs a display in")
        }
    }
}
