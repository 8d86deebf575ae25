import DutyCore
import Fluent
import Vapor
import XCTest

@testable import DutyServer

final class AuthTests: XCTestCase {
    func testLoginSuccessAndFailureAreAudited() async throws {
        try await withApp { t in
            let bad = try await t.send(.POST, "/api/v1/auth/login", json: ["username": "xuchang.duty", "password": "wrong"])
            XCTAssertEqual(bad.status, .unauthorized)
            XCTAssertEqual(bad.errorCode, "invalid_credentials")
            XCTAssertEqual(bad.errorMessage, "用户名或密码错误")
            let unknown = try await t.send(.POST, "/api/v1/auth/login", json: ["username": "nobody", "password": "x"])
            XCTAssertEqual(unknown.errorCode, "invalid_credentials", "an unknown name looks the same as a wrong password")
            let token = try await t.login("xuchang.duty")
            let me = try await t.get("/api/v1/me", token: token, as: MeDTO.self)
            XCTAssertEqual(me.unit.name, "许昌市应急管理局")
            let logins = try await t.auditEntries(action: "login")
            XCTAssertEqual(logins.map(\.outcome), ["failure", "failure", "success"])
            XCTAssertEqual(logins.map(\.actor), ["xuchang.duty", "nobody", "xuchang.duty"])
        }
    }

    func testFiveFailuresLockTheAccountForFifteenMinutes() async throws {
        try await withApp { t in
            for i in 1...4 {
                let r = try await t.send(.POST, "/api/v1/auth/login", json: ["username": "jianan.duty", "password": "wrong\(i)"])
                XCTAssertEqual(r.status, .unauthorized)
            }
            let fifth = try await t.send(.POST, "/api/v1/auth/login", json: ["username": "jianan.duty", "password": "wrong5"])
            XCTAssertEqual(fifth.status, .locked)
            XCTAssertEqual(fifth.errorCode, "account_locked")
            XCTAssertTrue(fifth.errorMessage?.contains("2026-11-23 14:20:00") ?? false, fifth.errorMessage ?? "")
            // The right password does not get in while locked.
            t.clock.advance(14 * 60 + 59)
            let still = try await t.send(.POST, "/api/v1/auth/login", json: ["username": "jianan.duty", "password": DemoData.password])
            XCTAssertEqual(still.status, .locked)
            t.clock.advance(1)
            _ = try await t.login("jianan.duty")
            let failures = try await t.auditEntries(action: "login").filter { $0.outcome == "failure" }
            XCTAssertEqual(failures.count, 6)
            XCTAssertEqual(failures.last?.detail, "locked")
        }
    }

    func testSecurityAdminUnlocksAnAccount() async throws {
        try await withApp { t in
            for _ in 1...5 { _ = try await t.send(.POST, "/api/v1/auth/login", json: ["username": "jianan.duty", "password": "nope"]) }
            let admin = try await t.login("xuchang.security")
            let users = try await t.get("/api/v1/users", token: admin, as: [UserDTO].self)
            let target = try XCTUnwrap(users.first { $0.username == "jianan.duty" })
            XCTAssertNotNil(target.lockedUntil)
            let id = target.id
            let r = try await t.send(.POST, "/api/v1/users/\(id)/unlock", token: admin)
            XCTAssertEqual(r.status, .ok)
            _ = try await t.login("jianan.duty")
        }
    }

    func testIdleSessionEndsAfterThirtyMinutes() async throws {
        try await withApp { t in
            let token = try await t.login("xuchang.duty")
            t.clock.advance(29 * 60)
            let ok = try await t.send(.GET, "/api/v1/me", token: token)
            XCTAssertEqual(ok.status, .ok, "activity within 30 minutes keeps the session")
            t.clock.advance(29 * 60)
            let still = try await t.send(.GET, "/api/v1/me", token: token)
            XCTAssertEqual(still.status, .ok, "the clock restarts at each request")
            t.clock.advance(30 * 60)
            let expired = try await t.send(.GET, "/api/v1/me", token: token)
            XCTAssertEqual(expired.status, .unauthorized)
            XCTAssertEqual(expired.errorCode, "session_expired")
            let again = try await t.send(.GET, "/api/v1/me", token: token)
            XCTAssertEqual(again.errorCode, "unauthenticated", "an expired session stays ended")
        }
    }

    func testLogoutEndsTheToken() async throws {
        try await withApp { t in
            let token = try await t.login("xuchang.duty")
            let v1 = try await t.send(.POST, "/api/v1/auth/logout", token: token).status
            XCTAssertEqual(v1, .noContent)
            let v2 = try await t.send(.GET, "/api/v1/me", token: token).status
            XCTAssertEqual(v2, .unauthorized)
        }
    }

    func testWebLoginSetsAHardenedCookieAndFormsNeedTheCSRFToken() async throws {
        try await withApp { t in
            let page = try await t.send(.GET, "/login")
            XCTAssertEqual(page.status, .ok)
            let loginCSRF = try XCTUnwrap(hiddenCSRF(page.text))
            let cookie = try XCTUnwrap(page.headers.setCookie?[SessionCookie.loginCSRF]?.string)
            // Without the login form token the login is refused.
            var h = HTTPHeaders()
            h.cookie = HTTPCookies(dictionaryLiteral: (SessionCookie.loginCSRF, .init(string: cookie)))
            let forged = try await t.postForm("/login", [("username", "xuchang.duty"), ("password", DemoData.password), ("_csrf", "forged")], headers: h)
            XCTAssertEqual(forged.status, .ok, "refused: the login page again, with a fresh token")
            XCTAssertTrue(forged.text.contains("登录页面已过期"))
            XCTAssertNil(forged.headers.setCookie?[SessionCookie.name], "and no session")
            let ok = try await t.postForm(
                "/login", [("username", "xuchang.duty"), ("password", DemoData.password), ("_csrf", loginCSRF), ("next", "/directory")], headers: h)
            XCTAssertEqual(ok.status, .seeOther)
            XCTAssertEqual(ok.headers.first(name: .location), "/directory")
            let setCookie = ok.headers[.setCookie].joined(separator: "\n")
            XCTAssertTrue(setCookie.contains("HttpOnly"))
            XCTAssertTrue(setCookie.contains("SameSite=Strict"))
            let session = try XCTUnwrap(ok.headers.setCookie?[SessionCookie.name]?.string)
            var s = HTTPHeaders()
            s.cookie = HTTPCookies(dictionaryLiteral: (SessionCookie.name, .init(string: session)))
            let home = try await t.send(.GET, "/", headers: s)
            XCTAssertEqual(home.status, .ok)
            XCTAssertTrue(home.text.contains("许昌市应急管理局"))
            // A state-changing form without the session's CSRF token is refused and changes nothing.
            let person = try await t.personID(name: "张栋利")
            let noToken = try await t.postForm("/people/\(person)/deactivate", [], headers: s)
            XCTAssertEqual(noToken.status, .forbidden)
            XCTAssertTrue(noToken.text.contains("页面已过期"))
            let stillActive = try await Person.find(UUID(uuidString: person), on: t.app.db)
            XCTAssertEqual(stillActive?.active, true)
            let csrf = try XCTUnwrap(hiddenCSRF(home.text))
            let withToken = try await t.webPost("/people/\(person)/verify", [:], session: (s, csrf))
            XCTAssertEqual(withToken.status, .seeOther)
        }
    }

    func testWebLoginFailureShowsTheReason() async throws {
        try await withApp { t in
            let page = try await t.send(.GET, "/login")
            let token = try XCTUnwrap(hiddenCSRF(page.text))
            var h = HTTPHeaders()
            h.cookie = HTTPCookies(dictionaryLiteral: (SessionCookie.loginCSRF, .init(string: token)))
            let r = try await t.postForm("/login", [("username", "xuchang.duty"), ("password", "bad"), ("_csrf", token)], headers: h)
            XCTAssertEqual(r.status, .unauthorized)
            XCTAssertTrue(r.text.contains("用户名或密码错误"))
        }
    }

    func testPagesRedirectToLoginWhenLoggedOut() async throws {
        try await withApp { t in
            let r = try await t.send(.GET, "/directory")
            XCTAssertEqual(r.status, .seeOther)
            XCTAssertTrue(r.headers.first(name: .location)?.hasPrefix("/login") ?? false)
        }
    }

    func testSeparationOfDutiesOnAccounts() async throws {
        try await withApp { t in
            let sec = try await t.login("xuchang.security")
            let unit = try await t.unitID(code: "411000")
            let both = try await t.send(
                .POST, "/api/v1/users", token: sec,
                json: ["username": "x.both", "displayName": "王敏", "password": "Str0ng#Pass", "unitId": unit, "roles": ["unit_admin", "auditor"]])
            XCTAssertEqual(both.status, .unprocessableEntity)
            XCTAssertTrue(both.errorMessage?.contains("三员分立") ?? false, both.errorMessage ?? "")
            let weak = try await t.send(
                .POST, "/api/v1/users", token: sec,
                json: ["username": "x.weak", "displayName": "王敏", "password": "abc", "unitId": unit, "roles": ["duty_officer"]])
            XCTAssertEqual(weak.status, .unprocessableEntity)
            XCTAssertTrue(weak.errorMessage?.contains("密码不符合要求") ?? false)
            let ok = try await t.send(
                .POST, "/api/v1/users", token: sec,
                json: ["username": "x.new", "displayName": "王敏", "password": "Str0ng#Pass", "unitId": unit, "roles": ["duty_officer"]])
            XCTAssertEqual(ok.status, .created)
            _ = try await t.login("x.new", password: "Str0ng#Pass")
            let dup = try await t.send(
                .POST, "/api/v1/users", token: sec,
                json: ["username": "x.new", "displayName": "王敏", "password": "Str0ng#Pass", "unitId": unit, "roles": ["duty_officer"]])
            XCTAssertEqual(dup.status, .conflict)
            // A sibling city's unit is not there for this security administrator.
            let sibling = try await t.unitID(code: "411100")
            let far = try await t.send(
                .POST, "/api/v1/users", token: sec,
                json: ["username": "x.far", "displayName": "王敏", "password": "Str0ng#Pass", "unitId": sibling, "roles": ["duty_officer"]])
            XCTAssertEqual(far.status, .notFound)
        }
    }
}
