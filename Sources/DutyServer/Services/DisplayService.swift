import DutyCore
import Fluent
import SQLKit
import Vapor

/// 值班大屏: the wall screens of a duty room. Each is an account of its own with the display
/// role only (it reads the board and its stream, nothing else), created by the unit
/// administrator, enabled on the screen with a one-time code instead of a password, signed in
/// for `LoginPolicy.displayLifetime`, and revoked by the administrator at once.
enum DisplayService {
    /// A display account of the unit, with the screen signed in on it (if any).
    struct Screen {
        let account: UserAccount
        let session: SessionRecord?
        /// A code issued and not yet used or expired.
        let codePending: Bool
    }

    /// The actor's own unit's displays: an administrator manages the screens of the room they
    /// administer, not those of the units below.
    static func list(ctx: ServiceContext) async throws -> [Screen] {
        let accounts = try await UserAccount.query(on: ctx.db).filter(\.$unit.$id == ctx.actor.unit.id!).filter(\.$roles == Role.display.rawValue)
            .sort(\.$createdAt).all()
        let ids = accounts.compactMap(\.id)
        let sessions =
            ids.isEmpty
            ? []
            : try await SessionRecord.query(on: ctx.db).filter(\.$user.$id ~~ ids).filter(\.$kind == SessionKind.display.rawValue)
                .filter(\.$endedAt == nil).sort(\.$createdAt, .descending).all()
        return accounts.map { a in
            let live = sessions.first { $0.$user.id == a.id && !$0.expired(now: ctx.now) }
            let pending = a.pairingCodeHash != nil && a.pairingIssuedAt.map { DisplayPairingCode.isValid(issuedAt: $0, now: ctx.now) } == true
            return Screen(account: a, session: live, codePending: pending)
        }
    }

    /// One of the actor's unit's displays, or not found (a sibling's or another unit's).
    static func own(_ id: UUID?, ctx: ServiceContext) async throws -> UserAccount {
        guard let id, let a = try await UserAccount.find(id, on: ctx.db), a.$unit.id == ctx.actor.unit.id, a.isDisplay else {
            throw DutyError.notFound("该大屏")
        }
        return a
    }

    /// A new display account named `name` (where it hangs: "值班室大屏"), with its first code.
    static func create(name: String, ctx: ServiceContext) async throws -> (UserAccount, code: String) {
        let title = name.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !title.isEmpty, title.count <= 32 else { throw DutyError.field("name", "大屏名称不能为空，最多32个字") }
        let unit = ctx.actor.unit
        let user = UserAccount()
        user.id = UUID.timeOrdered(at: ctx.now)
        user.username = "display-" + user.id!.uuidString.suffix(8).lowercased()
        user.displayName = title
        user.$unit.id = unit.id!
        user.roles = Role.display.rawValue
        user.active = true
        user.failedCount = 0
        user.createdAt = ctx.now
        // Nobody knows it: a display is never signed in with a password.
        user.passwordHash = try await ctx.hashPassword(Tokens.random())
        let code = newCode(for: user, at: ctx.now)
        try await ctx.write { db in
            try await AccountService.insert(user, in: unit, ctx: ctx, on: db)
            try await ctx.audit("display.code", "user", user.id!.uuidString, on: db)
        }
        return (user, code)
    }

    /// A fresh code for the display (the last one no longer works); the screen signed in, if
    /// any, stays signed in.
    static func issueCode(_ user: UserAccount, ctx: ServiceContext) async throws -> String {
        let code = newCode(for: user, at: ctx.now)
        try await ctx.write { db in
            try await user.save(on: db)
            try await ctx.audit("display.code", "user", user.id!.uuidString, on: db)
        }
        return code
    }

    /// 停用: the screen is signed out at once (its open stream says so within seconds) and
    /// any code not yet used stops working.
    static func revoke(_ user: UserAccount, ctx: ServiceContext) async throws {
        try await ctx.write { db in
            user.pairingCodeHash = nil
            user.pairingIssuedAt = nil
            try await user.save(on: db)
            try await AccountService.endSessions(of: user, at: ctx.now, on: db)
            try await ctx.audit("display.revoke", "user", user.id!.uuidString, on: db)
        }
        await ctx.app.announceSessionsEnded(at: ctx.now)
    }

    private static func newCode(for user: UserAccount, at now: Date) -> String {
        var rng = SystemRandomNumberGenerator()
        let code = DisplayPairingCode.make(using: &rng)
        user.pairingCodeHash = Tokens.hash(code)
        user.pairingIssuedAt = now
        return code
    }

    /// The screen types the code: a display session starts and the code is spent. Failures
    /// count against the address like wrong passwords do.
    static func enable(typed: String, req: Request) async throws -> LoginService.Outcome {
        let now = req.now
        let ip = req.remoteAddress?.ipAddress ?? ""
        if try await LoginService.addressThrottled(ip, now: now, on: req.db) { throw AccessError.addressThrottled }
        let hashed = DisplayPairingCode.normalized(typed).map(Tokens.hash)
        let found = try await hashed.map { h in UserAccount.query(on: req.db).filter(\.$pairingCodeHash == h).with(\.$unit).first() }?.get()
        guard let user = found, user.isDisplay, user.active, let issued = user.pairingIssuedAt, DisplayPairingCode.isValid(issuedAt: issued, now: now) else {
            try await req.write { db in
                try await LoginService.recordFailure(of: "display-code", from: ip, at: now, on: db)
                try await AuditLog.append(
                    .init(
                        actor: "display-code", unitPath: found?.unit.path ?? "", action: "login", targetType: "user", targetID: found?.id?.uuidString ?? "",
                        outcome: "failure", detail: "大屏启用码无效或已过期", ip: ip), at: now, on: db)
            }
            throw DisplayError.codeNotValid
        }
        let (token, session) = LoginService.newSession(for: user, kind: .display, at: now)
        try await req.write { db in
            // Spent only if it is still the one issued: two screens typing it at once get one session.
            let spent = try await (db as! any SQLDatabase).update("user_accounts").set("pairing_code_hash", to: SQLLiteral.null)
                .set("pairing_issued_at", to: SQLLiteral.null).where("id", .equal, user.id!).where("pairing_code_hash", .equal, hashed!).returning("id")
                .all()
            guard spent.count == 1 else { throw DisplayError.codeNotValid }
            try await UserAccount.query(on: db).filter(\.$id == user.id!).set(\.$lastLoginAt, to: now).update()
            try await session.create(on: db)
            try await AuditLog.append(
                .init(
                    actor: user.username, unitPath: user.unit.path, action: "login", targetType: "user", targetID: user.id!.uuidString,
                    detail: SessionKind.display.title,
                    ip: ip),
                at: now, on: db)
        }
        return LoginService.Outcome(token: token, session: session, user: user)
    }
}
