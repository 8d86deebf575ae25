import Crypto
import DutyCore
import Fluent
import Vapor

/// Who is making the request: the account, the unit it acts for, its roles.
struct Actor: Sendable {
    let user: UserAccount
    let unit: OrgUnit
    let roles: RoleSet
    let session: SessionRecord
    let viaCookie: Bool

    var unitPath: UnitPath { unit.unitPath }

    func can(_ p: Permission) -> Bool { roles.allows(p) }

    /// The access rule of SPEC §0, applied to a unit path.
    func sees(_ path: UnitPath) -> Bool { AccessRule.canSee(actor: unitPath, target: path) }

    /// Who acts when nobody signed in does (the console's operator, the demo loader): `name`
    /// in the audit trail, for `unit` and its subtree, with `roles`. Never a session.
    static func system(_ name: String, unit: OrgUnit, roles: [Role]) throws -> Actor {
        let user = UserAccount()
        user.username = name
        user.displayName = name
        user.$unit.id = unit.id!
        user.roles = roles.map(\.rawValue).joined(separator: ",")
        return Actor(user: user, unit: unit, roles: try RoleSet(roles), session: SessionRecord(), viaCookie: false)
    }

    /// A stored account acting without a session: the demo's officers filing their rosters.
    static func account(_ username: String, on db: any Database) async throws -> Actor? {
        guard let user = try await UserAccount.query(on: db).filter(\.$username == username).with(\.$unit).first() else { return nil }
        return Actor(user: user, unit: user.unit, roles: try RoleSet(user.roleList), session: SessionRecord(), viaCookie: false)
    }
}

extension Request {
    private struct ActorKey: StorageKey { typealias Value = Actor }
    var actor: Actor? {
        get { storage[ActorKey.self] }
        set { storage[ActorKey.self] = newValue }
    }

    func requireActor() throws -> Actor {
        guard let a = actor else { throw AccessError.unauthenticated }
        return a
    }

    var isAPI: Bool { url.path.hasPrefix("/api/") }

    /// A request the page makes by itself (the live board's refresh and stream, the session
    /// and roll-call watchers): it does not count as the officer's activity, so a page left
    /// open still reaches its idle timeout, and says so before.
    var isBackground: Bool { headers.first(name: "X-Background") == "1" || url.path.hasSuffix("/board/events") }

    /// A browser: it names text/html in Accept (Chrome: "text/html,…,*/*;q=0.8"). An API
    /// client, a calendar fetching its feed, "*/*" alone get JSON errors.
    /// No Accept at all is a person with a bare tool: the page.
    var wantsHTML: Bool {
        let accepted = headers.accept
        return accepted.isEmpty || accepted.contains { $0.mediaType.type == "text" && $0.mediaType.subType == "html" }
    }
}

enum Tokens {
    static func random() -> String {
        let bytes = (0..<32).map { _ in UInt8.random(in: 0...255) }
        return Data(bytes).base64EncodedString().replacingOccurrences(of: "+", with: "-")
            .replacingOccurrences(of: "/", with: "_").replacingOccurrences(of: "=", with: "")
    }

    static func hash(_ token: String) -> String {
        Hex.lowercase(SHA256.hash(data: Data(token.utf8)))
    }
}

enum SessionCookie {
    static let name = "dr_session"
    static let loginCSRF = "dr_login_csrf"

    static func make(_ value: String, secure: Bool, maxAge: Int? = nil) -> HTTPCookies.Value {
        HTTPCookies.Value(string: value, expires: nil, maxAge: maxAge, domain: nil, path: "/", isSecure: secure, isHTTPOnly: true, sameSite: .strict)
    }
}

/// Resolves the actor from a bearer token (API) or the session cookie (web) on every
/// request, ends idle sessions, and checks the CSRF token of every cookie-authenticated
/// state-changing request.
struct SessionMiddleware: AsyncMiddleware {
    func respond(to req: Request, chainingTo next: any AsyncResponder) async throws -> Response {
        var token: String?
        var viaCookie = false
        if let bearer = req.headers.bearerAuthorization?.token {
            token = bearer
        } else if let cookie = req.cookies[SessionCookie.name]?.string, !cookie.isEmpty {
            token = cookie
            viaCookie = true
        }
        if let token {
            do {
                req.actor = try await resolve(token: token, viaCookie: viaCookie, req: req)
            } catch AccessError.sessionExpired where !req.isAPI {
                let res: Response
                if req.method == .POST, !req.isBackground, req.url.path != "/logout", let typed = await SessionWebController.typedForm(req) {
                    // What was typed survives the timeout: it is carried through the login page
                    // and sent on after it.
                    res = try await SessionWebController.render(
                        req, error: nil, username: "", next: req.url.path, status: .unauthorized, expired: true, resume: typed)
                } else {
                    let here =
                        req.method == .GET && !req.isBackground
                        ? "&next=" + (req.url.string.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? "/") : ""
                    res = req.redirect(to: "/login?expired=1" + here)
                }
                res.cookies[SessionCookie.name] = SessionCookie.make("", secure: false, maxAge: 0)
                return res
            }
        }
        if viaCookie, req.method != .GET, req.method != .HEAD, let actor = req.actor {
            try await checkCSRF(req, expected: actor.session.csrfToken)
        }
        return try await next.respond(to: req)
    }

    /// A live session with its account: read once and cached (ReadCache), since every
    /// request needs it and it changes only through writes that clear the cache.
    private struct Signed: Sendable {
        let session: SessionRecord
        let user: UserAccount
        let roles: RoleSet
    }

    private func load(_ hashed: String, req: Request) async throws -> Signed? {
        guard let session = try await SessionRecord.query(on: req.db).filter(\.$id == hashed).filter(\.$endedAt == nil).first() else { return nil }
        guard let user = try await UserAccount.query(on: req.db).filter(\.$id == session.$user.id).with(\.$unit).first(), user.active
        else { throw AccessError.unauthenticated }
        return Signed(session: session, user: user, roles: try RoleSet(user.roleList))
    }

    private func resolve(token: String, viaCookie: Bool, req: Request) async throws -> Actor? {
        let hashed = Tokens.hash(token)
        let key = "session:" + hashed
        let cache = req.application.readCache
        let now = req.now
        var signed = try await cache.value(key) { try await load(hashed, req: req) }
        if let s = signed, s.session.expired(now: now) {
            // Only the stored row can say a session has expired: another instance may have
            // seen it more recently than this cache.
            cache.forget(key)
            signed = try await load(hashed, req: req)
        }
        guard let signed else {
            if req.isAPI { throw AccessError.unauthenticated }
            return nil
        }
        let session = signed.session
        if session.expired(now: now) {
            try await req.write { db in
                try await SessionRecord.query(on: db).filter(\.$id == hashed).set(\.$endedAt, to: now).update()
                try await AuditLog.append(
                    .init(
                        actor: session.$user.id.uuidString, unitPath: "", action: "session.expire", targetType: "session", targetID: String(hashed.prefix(12))),
                    at: now, on: db)
            }
            throw AccessError.sessionExpired
        }
        // Writing last-seen on every request would serialize reads behind the writer;
        // a minute's resolution is enough for a 30-minute idle limit. What the page does by
        // itself is not the officer's activity.
        if !req.isBackground, now.timeIntervalSince(session.lastSeenAt) >= 60 {
            try await req.write(keepsCaches: true) { db in
                try await SessionRecord.query(on: db).filter(\.$id == hashed).set(\.$lastSeenAt, to: now).update()
            }
            cache.forget(key)
        }
        return Actor(user: signed.user, unit: signed.user.unit, roles: signed.roles, session: session, viaCookie: viaCookie)
    }

    private func checkCSRF(_ req: Request, expected: String) async throws {
        if let header = req.headers.first(name: "X-CSRF-Token") {
            guard constantTimeEqual(header, expected) else { throw AccessError.csrf }
            return
        }
        if req.body.data == nil {
            _ = try await req.body.collect(max: 1 << 20).get()
        }
        let sent = (try? req.content.get(String.self, at: "_csrf")) ?? ""
        guard constantTimeEqual(sent, expected) else { throw AccessError.csrf }
    }
}

func constantTimeEqual(_ a: String, _ b: String) -> Bool {
    let x = Array(a.utf8), y = Array(b.utf8)
    guard x.count == y.count, !x.isEmpty else { return false }
    var diff: UInt8 = 0
    for i in 0..<x.count { diff |= x[i] ^ y[i] }
    return diff == 0
}

/// The one place where a route's permission is checked: every guarded route carries one.
struct PermissionMiddleware: Middleware {
    let permission: Permission?

    func respond(to req: Request, chainingTo next: any Responder) -> EventLoopFuture<Response> {
        guard let actor = req.actor else {
            if req.isAPI { return req.eventLoop.makeFailedFuture(AccessError.unauthenticated) }
            return req.eventLoop.makeSucceededFuture(
                req.redirect(to: "/login?next=" + (req.url.path.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? "/")))
        }
        if let permission, !actor.can(permission) { return req.eventLoop.makeFailedFuture(AccessError.forbidden) }
        return next.respond(to: req)
    }
}

extension RoutesBuilder {
    /// Routes that need a logged-in actor holding `permission` (nil: any logged-in actor).
    func guarded(_ permission: Permission?) -> any RoutesBuilder {
        grouped(PermissionMiddleware(permission: permission))
    }
}

/// Login, shared by the web form and the API.
enum LoginService {
    struct Outcome {
        let token: String
        let session: SessionRecord
        let user: UserAccount
    }

    static func login(username: String, password: String, kind: SessionKind, req: Request) async throws -> Outcome {
        let now = req.now
        let ip = req.remoteAddress?.ipAddress ?? ""
        let policy = LoginPolicy.standard
        // One address failing again and again waits; it does not lock anyone's account by it.
        if try await addressThrottled(ip, now: now, on: req.db) {
            try await req.write { db in
                try await AuditLog.append(
                    .init(
                        actor: username, unitPath: "", action: "login", targetType: "user", targetID: username, outcome: "failure", detail: "来源地址失败次数过多，暂停尝试",
                        ip: ip),
                    at: now, on: db)
            }
            throw AccessError.addressThrottled
        }
        let user = try await UserAccount.query(on: req.db).filter(\.$username == username).with(\.$unit).first()
        if let user, policy.isLocked(.init(failedCount: user.failedCount, lockedUntil: user.lockedUntil), now: now), let until = user.lockedUntil {
            try await req.write { db in
                try await AuditLog.append(
                    .init(
                        actor: username, unitPath: user.unit.path, action: "login", targetType: "user", targetID: user.id!.uuidString, outcome: "failure",
                        detail: "账户已锁定", ip: ip), at: now, on: db)
            }
            throw AccessError.locked(until: until)
        }
        // A wall display has no password anyone knows: it is enabled with a code.
        let ok = user?.active == true && user?.isDisplay == false ? try await req.password.async.verify(password, created: user!.passwordHash).get() : false
        guard let user, ok else {
            // Each failure is its own row, counted afterwards in the database: parallel wrong
            // passwords cannot overwrite each other's count. An unknown name is counted the
            // same way, so the page says the same thing whether or not the account exists.
            let from = policy.failuresCountedFrom(lastLogin: user?.lastLoginAt, lockedUntil: user?.lockedUntil, now: now)
            let failures: Int = try await req.write { db in
                try await recordFailure(of: username, from: ip, at: now, on: db)
                let count = try await LoginFailure.query(on: db).filter(\.$username == username).filter(\.$at > from).count()
                var locked = false
                if let user {
                    locked = count >= policy.maxFailures
                    if locked {
                        try await UserAccount.query(on: db).filter(\.$id == user.id!).set(\.$failedCount, to: count)
                            .set(\.$lockedUntil, to: now.addingTimeInterval(policy.lockDuration)).update()
                    } else {
                        try await UserAccount.query(on: db).filter(\.$id == user.id!).set(\.$failedCount, to: count).update()
                    }
                }
                try await AuditLog.append(
                    .init(
                        actor: username, unitPath: user?.unit.path ?? "", action: "login", targetType: "user", targetID: user?.id?.uuidString ?? username,
                        outcome: "failure",
                        detail: user == nil ? "用户名不存在（第\(count)次）" : locked ? "密码错误，账户已锁定" : "密码错误（第\(count)次）",
                        ip: ip), at: now, on: db)
                return count
            }
            if user != nil, failures >= policy.maxFailures { throw AccessError.locked(until: now.addingTimeInterval(policy.lockDuration)) }
            throw AccessError.badCredentialsLeft(policy.remaining(afterFailures: failures))
        }
        let (token, session) = newSession(for: user, kind: kind, at: now)
        try await req.write { db in
            user.failedCount = 0
            if let until = user.lockedUntil, until > now { user.lockedUntil = now }
            user.lastLoginAt = now
            try await user.save(on: db)
            try await session.create(on: db)
            try await AuditLog.append(
                .init(
                    actor: username, unitPath: user.unit.path, action: "login", targetType: "user", targetID: user.id!.uuidString, detail: kind.title, ip: ip
                ),
                at: now, on: db)
        }
        return Outcome(token: token, session: session, user: user)
    }

    /// A new session of `kind` for `user`: the secret for the client, the row (its hash only) to store.
    static func newSession(for user: UserAccount, kind: SessionKind, at now: Date) -> (token: String, session: SessionRecord) {
        let token = Tokens.random()
        let session = SessionRecord()
        session.id = Tokens.hash(token)
        session.$user.id = user.id!
        session.kind = kind.rawValue
        session.csrfToken = Tokens.random()
        session.createdAt = now
        session.lastSeenAt = now
        return (token, session)
    }

    /// Whether `ip` failed too often lately (`LoginPolicy.addressThrottled`): passwords and
    /// display codes alike.
    static func addressThrottled(_ ip: String, now: Date, on db: any Database) async throws -> Bool {
        let policy = LoginPolicy.standard
        let failures = try await LoginFailure.query(on: db).filter(\.$ip == ip).filter(\.$at > now.addingTimeInterval(-policy.addressWindow)).count()
        return policy.addressThrottled(failuresInWindow: failures)
    }

    /// One failed attempt, its own row (counted afterwards, never read and written back).
    static func recordFailure(of username: String, from ip: String, at now: Date, on db: any Database) async throws {
        let f = LoginFailure()
        f.id = UUID.timeOrdered(at: now)
        f.username = username
        f.ip = ip
        f.at = now
        try await f.create(on: db)
    }

    static func logout(req: Request) async throws {
        guard let actor = req.actor else { return }
        let now = req.now
        let id = try actor.session.requireID()
        try await req.write { db in
            try await SessionRecord.query(on: db).filter(\.$id == id).set(\.$endedAt, to: now).update()
            try await req.audit("logout", "user", actor.user.id!.uuidString, on: db)
        }
        await req.application.announceSessionsEnded(at: now)
    }
}
