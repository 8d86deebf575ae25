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
            XCTAssertEqual(bad.errorMessage, "用户名或密码错误，还可尝试4次（连续5次错误将锁定15分钟）", "the remaining attempts are said")
            let unknown = try await t.send(.POST, "/api/v1/auth/login", json: ["username": "nobody", "password": "x"])
            XCTAssertEqual(unknown.errorCode, "invalid_credentials", "an unknown name looks the same as a wrong password")
            XCTAssertEqual(unknown.errorMessage, bad.errorMessage, "…down to the count")
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
            XCTAssertEqual(failures.last?.detail, "账户已锁定")
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

    /// A lockout that cannot be used against the duty room (issue 10 item 9; issue 12 item 2).
    func testParallelWrongPasswordsLockTheAccount() async throws {
        try await withApp { t in
            let app = t.app
            let replies = try await withThrowingTaskGroup(of: HTTPResponseStatus.self) { group in
                for _ in 0..<50 {
                    group.addTask {
                        let r = try await app.sendRequest(
                            .POST, "/api/v1/auth/login", headers: ["Content-Type": "application/json"],
                            body: ByteBuffer(string: #"{"username":"luohe.duty","password":"wrong"}"#))
                        return r.status
                    }
                }
                var out: [HTTPResponseStatus] = []
                for try await s in group { out.append(s) }
                return out
            }
            XCTAssertTrue(replies.allSatisfy { $0 == .unauthorized || $0 == .locked || $0 == .tooManyRequests }, "\(replies)")
            let right = try await t.send(.POST, "/api/v1/auth/login", json: ["username": "luohe.duty", "password": DemoData.password])
            XCTAssertTrue(
                right.status == .locked || right.status == .tooManyRequests, "50 parallel wrong passwords must not leave the account open: \(right.status)")
            let user = try await UserAccount.query(on: t.app.db).filter(\.$username == "luohe.duty").first()
            XCTAssertNotNil(user?.lockedUntil, "the account is locked")
        }
    }

    func testOneAddressFailingOftenWaitsWithoutLockingOthersOut() async throws {
        try await withApp { t in
            // Four wrong passwords each on five accounts, from one address: no account locked,
            // but the address must wait.
            for name in ["xuchang", "luohe", "henan", "jianan", "weidu"] {
                for _ in 0..<4 { _ = try await t.send(.POST, "/api/v1/auth/login", json: ["username": "\(name).duty", "password": "wrong"]) }
            }
            let blocked = try await t.send(.POST, "/api/v1/auth/login", json: ["username": "yuanhui.duty", "password": DemoData.password])
            XCTAssertEqual(blocked.status, .tooManyRequests)
            XCTAssertEqual(blocked.errorCode, "too_many_attempts")
            XCTAssertTrue(blocked.errorMessage?.contains("账号本身未被锁定") ?? false)
            let locked = try await UserAccount.query(on: t.app.db).filter(\.$lockedUntil != nil).count()
            XCTAssertEqual(locked, 0, "nobody is locked out by it")
            // Ten minutes on, the address may try again.
            t.clock.advance(10 * 60 + 1)
            let ok = try await t.send(.POST, "/api/v1/auth/login", json: ["username": "yuanhui.duty", "password": DemoData.password])
            XCTAssertEqual(ok.status, .ok, ok.text)
        }
    }

    func testTheBoardSaysWhoIsLockedAndTheSecurityAdminUnlocksAtOnce() async throws {
        try await withApp { t in
            for _ in 0..<5 { _ = try await t.send(.POST, "/api/v1/auth/login", json: ["username": "xuchang.section", "password": "wrong"]) }
            let board = try await t.webGet("/board", as: "xuchang.duty")
            XCTAssertTrue(board.contains("id=\"board-locked\""), board)
            XCTAssertTrue(board.contains("xuchang.section，锁定至14:20"))
            let security = try await t.login("xuchang.security")
            let found = try await UserAccount.query(on: t.app.db).filter(\.$username == "xuchang.section").first()
            let user = try XCTUnwrap(found)
            let r = try await t.send(.POST, "/api/v1/users/\(user.id!)/unlock", token: security)
            XCTAssertEqual(r.status, .ok, r.text)
            let back = try await t.send(.POST, "/api/v1/auth/login", json: ["username": "xuchang.section", "password": DemoData.password])
            XCTAssertEqual(back.status, .ok, "unlocked at once")
            let after = try await t.webGet("/board", as: "xuchang.duty")
            XCTAssertFalse(after.contains("id=\"board-locked\""))
            let audit = try await t.auditEntries(action: "user.unlock")
            XCTAssertEqual(audit.map(\.actor), ["xuchang.security"])
        }
    }
}
