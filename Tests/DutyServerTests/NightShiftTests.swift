import DutyCore
import Fluent
import Vapor
import XCTest

@testable import DutyServer

/// A duty room runs all night: a page left open reaches its idle timeout on its own, warns
/// before it, and what was typed survives it.
final class NightShiftTests: XCTestCase {
    func testWhatThePageDoesByItselfIsNotActivityAndTheSessionSaysWhenItEnds() async throws {
        try await withApp { t in
            let (h, csrf) = try await t.webLogin("xuchang.duty")
            var background = h
            background.replaceOrAdd(name: "X-Background", value: "1")
            let fresh = try await t.send(.GET, "/session", headers: background)
            XCTAssertEqual(fresh.status, .ok, fresh.text)
            XCTAssertEqual(try fresh.decode(SessionWebController.SessionStatus.self).secondsLeft, 1800)
            // 29 minutes of the board refreshing itself: the clock runs on.
            t.clock.advance(29 * 60)
            let live = try await t.send(.GET, "/board/live", headers: background)
            XCTAssertEqual(live.status, .ok)
            let warned = try await t.send(.GET, "/session", headers: background).decode(SessionWebController.SessionStatus.self)
            XCTAssertEqual(warned.secondsLeft, 60, "one minute left: the page counts down")
            XCTAssertLessThanOrEqual(warned.secondsLeft, warned.warnSeconds)
            // 继续 starts the idle time again.
            var keep = h
            keep.replaceOrAdd(name: "X-CSRF-Token", value: csrf)
            let kept = try await t.send(.POST, "/session/keep", headers: keep)
            XCTAssertEqual(kept.status, .ok, kept.text)
            XCTAssertEqual(try kept.decode(SessionWebController.SessionStatus.self).secondsLeft, 1800)
            // Left alone, the board's own requests do not keep it alive.
            t.clock.advance(20 * 60)
            _ = try await t.send(.GET, "/board/live", headers: background)
            t.clock.advance(11 * 60)
            let ended = try await t.send(.GET, "/board", headers: h)
            XCTAssertEqual(ended.status, .seeOther)
            XCTAssertEqual(ended.headers.first(name: .location), "/login?expired=1&next=%2Fboard", "re-login returns to the board")
            let stream = await LiveStream.sessionIsLive("no-such-session", app: t.app)
            XCTAssertFalse(stream, "a stream whose session is gone ends")
        }
    }

    func testAFormPostedAfterTheTimeoutIsKeptAndSentAfterLogin() async throws {
        try await withApp { t in
            let (h, csrf) = try await t.webLogin("xuchang.duty")
            t.clock.advance(31 * 60)
            let typed = [
                ("_csrf", csrf), ("at", "2026-11-23T14:30"), ("direction", "incoming"), ("callerUnit", "魏都区应急管理局"), ("callerName", "李明"),
                ("content", "夜间巡查发现魏文路一处井盖缺失，已设置警示"), ("handling", "已通知市政"),
            ]
            let refused = try await t.postForm("/duty-log", typed, headers: h)
            XCTAssertEqual(refused.status, .unauthorized)
            XCTAssertTrue(refused.text.contains("id=\"resume-note\""), refused.text)
            XCTAssertTrue(refused.text.contains("name=\"_resume_content\" value=\"夜间巡查发现魏文路一处井盖缺失，已设置警示\""))
            XCTAssertFalse(refused.text.contains("_resume__csrf"), "the old token is not carried")
            let before = try await DutyLogEntry.query(on: t.app.db).filter(\.$createdAt >= pinnedNow).count()
            XCTAssertEqual(before, 0, "nothing written under the ended session")
            // Log in again on that page: the form goes on to the duty log.
            let token = try XCTUnwrap(hiddenCSRF(refused.text))
            var lh = HTTPHeaders()
            lh.cookie = HTTPCookies(dictionaryLiteral: (SessionCookie.loginCSRF, .init(string: token)))
            let carried = typed.dropFirst().map { ("_resume_" + $0.0, $0.1) }
            let login = try await t.postForm(
                "/login", [("_csrf", token), ("username", "xuchang.duty"), ("password", DemoData.password), ("next", "/duty-log")] + carried,
                headers: lh)
            XCTAssertEqual(login.status, .ok, login.text)
            XCTAssertTrue(login.text.contains("action=\"/duty-log\"") && login.text.contains("data-autosubmit"), login.text)
            let session = try XCTUnwrap(login.headers.setCookie?[SessionCookie.name]?.string)
            var s = HTTPHeaders()
            s.cookie = HTTPCookies(dictionaryLiteral: (SessionCookie.name, .init(string: session)))
            let newCSRF = try XCTUnwrap(hiddenCSRF(login.text))
            let resumed = try await t.postForm("/duty-log", [("_csrf", newCSRF)] + Array(typed.dropFirst()), headers: s)
            XCTAssertEqual(resumed.status, .seeOther, resumed.text)
            let entries = try await DutyLogEntry.query(on: t.app.db).filter(\.$createdAt >= pinnedNow).all()
            XCTAssertEqual(entries.map(\.content), ["夜间巡查发现魏文路一处井盖缺失，已设置警示"])
        }
    }

    func testTextOverTheLimitIsRefusedNotCut() async throws {
        try await withApp { t in
            let (h, csrf) = try await t.webLogin("xuchang.admin")
            let city = try await t.unitID(code: "411000")
            let long = String(repeating: "长", count: 101)
            let r = try await t.webPost(
                "/units/\(city)/policy",
                [
                    "effectiveFrom": ShanghaiTime.format(t.clock.date, "yyyy-MM-dd'T'HH:mm"), "warnBeforeMinutes": "5", "title_0": long,
                    "milestone_0": "written", "anchor_0": "notified", "minutes_0": "20", "scope_0": "all",
                ], session: (h, csrf))
            XCTAssertEqual(r.status, .unprocessableEntity)
            XCTAssertTrue(r.text.contains("过长") || r.text.contains("最多100"), r.text)
        }
    }
}

/// Pages for people: each role lands on its next action, and nothing its navigation offers
/// is refused.
final class LandingTests: XCTestCase {
    func testEveryNavigationLinkOfEveryRoleOpensAndDutyRolesLandOnTheBoard() async throws {
        try await withApp { t in
            for name in ["duty", "section", "leader", "head", "admin", "security", "auditor"] {
                let username = "xuchang.\(name)"
                let page = try await t.send(.GET, "/login")
                let token = try XCTUnwrap(hiddenCSRF(page.text))
                var h = HTTPHeaders()
                h.cookie = HTTPCookies(dictionaryLiteral: (SessionCookie.loginCSRF, .init(string: token)))
                let login = try await t.postForm("/login", [("username", username), ("password", DemoData.password), ("_csrf", token)], headers: h)
                let desk = ["duty", "section", "leader", "head"].contains(name)
                XCTAssertEqual(login.headers.first(name: .location), desk ? "/board" : "/", "\(username) lands on \(desk ? "the board" : "the home page")")
                let (session, _) = try await t.webLogin(username)
                let home = try await t.send(.GET, "/", headers: session)
                XCTAssertEqual(home.status, .ok, username)
                let nav = home.text.components(separatedBy: "class=\"site-nav\"").last?.components(separatedBy: "</nav>").first ?? ""
                let links = nav.components(separatedBy: "href=\"").dropFirst().compactMap { $0.split(separator: "\"").first.map(String.init) }
                XCTAssertFalse(links.isEmpty, username)
                for link in links {
                    let r = try await t.send(.GET, link, headers: session)
                    XCTAssertNotEqual(r.status, .forbidden, "\(username)'s navigation offers \(link), which refuses it")
                    XCTAssertLessThan(r.status.code, 400, "\(username): \(link) → \(r.status)")
                }
            }
        }
    }

    func testTheRosterOpensOnTheMonthOnDutyNow() async throws {
        try await withApp { t in
            let page = try await t.webGet("/rosters", as: "xuchang.section")
            XCTAssertTrue(page.contains("许昌市应急管理局 2026年11月值班表"), "23 November: the November roster")
        }
    }

    func testThePagesCarryAFavicon() async throws {
        try await withApp { t in
            let icon = try await t.send(.GET, "/favicon.ico")
            XCTAssertEqual(icon.status, .ok)
            XCTAssertGreaterThan(icon.body.readableBytes, 100)
            let page = try await t.send(.GET, "/login")
            XCTAssertTrue(page.text.contains("rel=\"icon\" href=\"/favicon.svg\""))
        }
    }
}
