import DutyCore
import Fluent
import Vapor

struct SessionWebController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.get("login", use: loginPage)
        routes.post("login", use: login)
        routes.guarded(nil).post("logout", use: logout)
        routes.guarded(nil).get(use: home)
    }

    struct LoginForm: Content {
        var username: String?
        var password: String?
        var next: String?
        var _csrf: String?
    }

    /// Only local paths: a login link must not send the officer to another site.
    static func safeNext(_ next: String?) -> String {
        guard let n = next?.removingPercentEncoding, n.hasPrefix("/"), !n.hasPrefix("//"), !n.contains("\\") else { return "/" }
        return n
    }

    func loginPage(req: Request) async throws -> Response {
        if req.actor != nil { return req.redirect(to: "/") }
        return try await render(req, error: nil, username: "", next: req.query[String.self, at: "next"], status: .ok)
    }

    func render(_ req: Request, error: String?, username: String, next: String?, status: HTTPResponseStatus) async throws -> Response {
        // Login CSRF: a double-submit token, since there is no session yet.
        let token = Tokens.random()
        let expired = req.query[String.self, at: "expired"] == "1"
        let res = try await req.page(
            "login", title: "登录", nav: "", LoginView(error: error, username: username, next: Self.safeNext(next), loginCSRF: token, expired: expired),
            status: status)
        res.cookies[SessionCookie.loginCSRF] = SessionCookie.make(token, secure: false)
        return res
    }

    func login(req: Request) async throws -> Response {
        let form = try req.content.decode(LoginForm.self)
        let cookie = req.cookies[SessionCookie.loginCSRF]?.string ?? ""
        let username = (form.username ?? "").trimmingCharacters(in: .whitespaces).lowercased()
        // A stale login form (another tab signed in, or the page sat open): the page again,
        // with a fresh token and what was typed, instead of an error.
        guard constantTimeEqual(form._csrf ?? "", cookie) else {
            return try await render(req, error: "登录页面已过期，请重新输入密码登录", username: username, next: form.next, status: .ok)
        }
        do {
            let outcome = try await LoginService.login(username: username, password: form.password ?? "", kind: "web", req: req)
            let res = req.redirect(to: Self.safeNext(form.next))
            res.cookies[SessionCookie.name] = SessionCookie.make(outcome.token, secure: false)
            res.cookies[SessionCookie.loginCSRF] = SessionCookie.make("", secure: false, maxAge: 0)
            return res
        } catch let e as any DutyFailure where e.status == .unauthorized || e.status == .locked {
            return try await render(req, error: e.message, username: username, next: form.next, status: e.status)
        }
    }

    func logout(req: Request) async throws -> Response {
        try await LoginService.logout(req: req)
        let res = req.redirect(to: "/login")
        res.cookies[SessionCookie.name] = SessionCookie.make("", secure: false, maxAge: 0)
        return res
    }

    func home(req: Request) async throws -> Response {
        let actor = try req.requireActor()
        let units = try await req.context().visibleUnits(includeInactive: false)
        let share = try await DirectoryService.freshness(of: actor.unit, ctx: req.context())
        let people = try await Person.query(on: req.db).join(OrgUnit.self, on: \Person.$unit.$id == \OrgUnit.$id)
            .joinedUnitInSubtree(of: actor.unit.path).filter(\.$active == true).count()
        return try await req.page(
            "home", title: "首页", nav: "home",
            HomeView(unit: WebRows.unit(actor.unit), subordinateCount: units.count - 1, peopleCount: people, freshness: WebRows.freshness(share)))
    }
}
