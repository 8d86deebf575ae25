import DutyCore
import Fluent
import Vapor

struct SessionWebController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.get("login", use: loginPage)
        routes.post("login", use: login)
        routes.guarded(nil).get("session", use: status)
        routes.guarded(nil).post("session", "keep", use: keep)
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
        try await Self.render(req, error: error, username: username, next: next, status: status)
    }

    static let resumePrefix = "_resume_"

    static func render(
        _ req: Request, error: String?, username: String, next: String?, status: HTTPResponseStatus, expired: Bool? = nil, resume: [FormPair] = []
    ) async throws -> Response {
        // Login CSRF: a double-submit token, since there is no session yet.
        let token = Tokens.random()
        var view = LoginView(
            error: error, username: username, next: safeNext(next), loginCSRF: token, expired: expired ?? (req.query[String.self, at: "expired"] == "1"))
        view.resume = resume
        let res = try await req.page("login", title: "登录", nav: "", view, status: status)
        res.cookies[SessionCookie.loginCSRF] = SessionCookie.make(token, secure: false)
        return res
    }

    /// The fields of a form posted after its session ended, to carry through the login; nil
    /// for what cannot be carried (a file upload, a body over 64 KB).
    static func typedForm(_ req: Request) async -> [FormPair]? {
        guard req.headers.contentType == .urlEncodedForm else { return nil }
        if req.body.data == nil { _ = try? await req.body.collect(max: 64 * 1024).get() }
        guard let fields = try? req.content.decode([String: String].self) else { return nil }
        return fields.filter { $0.key != "_csrf" && !$0.key.hasPrefix(resumePrefix) }.sorted { $0.key < $1.key }.map { FormPair(name: $0.key, value: $0.value) }
    }

    struct SessionStatus: Content {
        var expiresAt: Date
        var secondsLeft: Int
        /// The page warns with a countdown and a 继续 button from this many seconds before.
        var warnSeconds: Int
    }

    static let warnSeconds = 120

    /// When the session ends if nobody does anything (read in the background: it does not
    /// count as activity).
    func status(req: Request) async throws -> SessionStatus {
        let actor = try req.requireActor()
        let expires = actor.session.endsAt
        return SessionStatus(expiresAt: expires, secondsLeft: max(0, Int(expires.timeIntervalSince(req.now))), warnSeconds: Self.warnSeconds)
    }

    /// 继续: the officer is here; the idle time starts again.
    func keep(req: Request) async throws -> SessionStatus {
        let actor = try req.requireActor()
        let now = req.now
        let id = try actor.session.requireID()
        try await req.write(keepsCaches: true) { db in
            try await SessionRecord.query(on: db).filter(\.$id == id).set(\.$lastSeenAt, to: now).update()
        }
        req.application.readCache.forget("session:" + id)
        actor.session.lastSeenAt = now
        let expires = actor.session.endsAt
        return SessionStatus(expiresAt: expires, secondsLeft: max(0, Int(expires.timeIntervalSince(now))), warnSeconds: Self.warnSeconds)
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
        let resume = ((try? req.content.decode([String: String].self)) ?? [:]).filter { $0.key.hasPrefix(Self.resumePrefix) }
            .sorted { $0.key < $1.key }.map { FormPair(name: String($0.key.dropFirst(Self.resumePrefix.count)), value: $0.value) }
        do {
            let outcome = try await LoginService.login(username: username, password: form.password ?? "", kind: .web, req: req)
            // The duty desk lands on the board: what waits for the officer is there.
            let landing =
                (form.next ?? "").isEmpty && (try? RoleSet(outcome.user.roleList).allows(.readIncidents)) == true ? "/board" : Self.safeNext(form.next)
            var res = req.redirect(to: landing)
            if !resume.isEmpty && Self.safeNext(form.next) != "/" {
                // The form typed before the timeout goes on to where it was going, under the new
                // session's token.
                res = try await req.page(
                    "resume", title: "继续提交", nav: "", ResumeView(action: Self.safeNext(form.next), csrf: outcome.session.csrfToken, fields: resume))
            }
            res.cookies[SessionCookie.name] = SessionCookie.make(outcome.token, secure: false)
            res.cookies[SessionCookie.loginCSRF] = SessionCookie.make("", secure: false, maxAge: 0)
            return res
        } catch let e as any DutyFailure where e.status == .unauthorized || e.status == .locked || e.status == .tooManyRequests {
            return try await Self.render(req, error: e.message, username: username, next: form.next, status: e.status, resume: resume)
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
        if actor.user.isDisplay { return req.redirect(to: "/display") }
        let units = try await req.context().visibleUnits(includeInactive: false)
        let share = try await DirectoryService.freshness(of: actor.unit, ctx: req.context())
        let people = try await Person.query(on: req.db).join(OrgUnit.self, on: \Person.$unit.$id == \OrgUnit.$id)
            .joinedUnitInSubtree(of: actor.unit.path).filter(\.$active == true).count()
        return try await req.page(
            "home", title: "首页", nav: "home",
            HomeView(unit: WebRows.unit(actor.unit), subordinateCount: units.count - 1, peopleCount: people, freshness: WebRows.freshness(share)))
    }
}
