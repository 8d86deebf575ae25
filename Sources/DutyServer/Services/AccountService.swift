import DutyCore
import Fluent
import Vapor

/// Accounts are the security administrator's: creation, roles, unlocking, deactivation.
enum AccountService {
    static func checkPassword(_ password: String, username: String) throws {
        let problems = PasswordPolicy.standard.problems(password: password, username: username)
        if !problems.isEmpty {
            throw DutyError.invalid("密码不符合要求：" + problems.joined(separator: "；"), details: problems.map { .init(field: "password", message: $0) })
        }
    }

    /// The roles an account may be given here; the display role is the unit administrator's
    /// to give, on the 值班大屏 page (DisplayService).
    static func checkRoles(_ roles: [Role]) throws -> RoleSet {
        if roles.contains(.display) { throw DisplayError.displayRoleIsTheAdministrators }
        do { return try RoleSet(roles) } catch let e as RoleError { throw DutyError.field("roles", e.message) }
    }

    static func checkUsername(_ username: String) throws -> String {
        let u = username.trimmingCharacters(in: .whitespaces)
        guard (3...32).contains(u.count), u.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || "._-".contains($0)) }) else {
            throw DutyError.field("username", "用户名应为3–32位英文字母、数字或 . _ -")
        }
        return u.lowercased()
    }

    static func create(_ input: UserInput, ctx: ServiceContext) async throws -> UserAccount {
        let unit = try await ctx.visibleUnit(input.unitId)
        let user = try newAccount(input, in: unit, hash: nil, ctx: ctx)
        if let personID = input.personId {
            guard let person = try await Person.find(personID, on: ctx.db), person.$unit.id == unit.id else {
                throw DutyError.field("personId", "所选人员不在该账号所属单位")
            }
            user.$person.id = person.id
        }
        user.passwordHash = try await ctx.hashPassword(input.password)
        try await ctx.write { db in try await insert(user, in: unit, ctx: ctx, on: db) }
        return user
    }

    /// A new account's row, checked; `hash` is the password's when the caller hashed it
    /// already (the demo's accounts share one), else the row waits for it.
    static func newAccount(_ input: UserInput, in unit: OrgUnit, hash: String?, ctx: ServiceContext) throws -> UserAccount {
        let username = try checkUsername(input.username)
        let display = input.displayName.trimmingCharacters(in: .whitespaces)
        guard !display.isEmpty, display.count <= 32 else { throw DutyError.field("displayName", "姓名不能为空，最多32个字") }
        let roles = try checkRoles(input.roles)
        try checkPassword(input.password, username: username)
        let user = UserAccount()
        user.id = UUID()
        user.username = username
        user.passwordHash = hash ?? ""
        user.displayName = display
        user.$unit.id = unit.id!
        user.$person.id = input.personId
        user.roles = roles.roles.map(\.rawValue).sorted().joined(separator: ",")
        user.active = true
        user.failedCount = 0
        user.createdAt = ctx.now
        return user
    }

    /// Writes a new account and its audit entry in the caller's transaction.
    static func insert(_ user: UserAccount, in unit: OrgUnit, ctx: ServiceContext, on db: any Database) async throws {
        if try await UserAccount.query(on: db).filter(\.$username == user.username).first() != nil {
            throw AccountError.duplicateUsername(user.username)
        }
        try await user.create(on: db)
        var ch = FieldChanges()
        ch.record("username", nil, user.username)
        ch.record("roles", nil, user.roleList.map(\.title).sorted().joined(separator: "、"))
        ch.record("unit", nil, unit.name)
        try await ctx.audit("user.create", "user", user.id!.uuidString, detail: ch.json, on: db)
    }

    static func visibleUser(_ id: UUID?, ctx: ServiceContext) async throws -> UserAccount {
        let actor = ctx.actor
        guard let id, let user = try await UserAccount.query(on: ctx.db).filter(\.$id == id).with(\.$unit).first(),
            actor.sees(user.unit.unitPath)
        else { throw DutyError.notFound("该账号") }
        return user
    }

    static func update(_ user: UserAccount, _ patch: UserPatch, ctx: ServiceContext) async throws -> UserAccount {
        let actor = ctx.actor
        var ch = FieldChanges()
        if let name = patch.displayName {
            let d = name.trimmingCharacters(in: .whitespaces)
            guard !d.isEmpty, d.count <= 32 else { throw DutyError.field("displayName", "姓名不能为空，最多32个字") }
            ch.record("displayName", user.displayName, d)
            user.displayName = d
        }
        if let roles = patch.roles {
            if user.isDisplay { throw DisplayError.displayRoleIsTheAdministrators }
            let set = try checkRoles(roles)
            let text = set.roles.map(\.rawValue).sorted().joined(separator: ",")
            ch.record("roles", user.roles, text)
            user.roles = text
        }
        if let active = patch.active {
            if !active && user.id == actor.user.id { throw AccountError.deactivateOwnAccount }
            ch.record("active", String(user.active), String(active))
            user.active = active
        }
        if let pw = patch.password {
            try checkPassword(pw, username: user.username)
            user.passwordHash = try await ctx.hashPassword(pw)
            ch.record("password", nil, "reset")
        }
        try await ctx.write { db in
            try await user.save(on: db)
            if patch.active == false || patch.password != nil {
                try await endSessions(of: user, at: ctx.now, on: db)
            }
            try await ctx.audit("user.update", "user", user.id!.uuidString, detail: ch.json, on: db)
        }
        // Roles, unit or the account itself changed: no instance may go on with the old ones.
        await ctx.app.announceSessionsEnded(at: ctx.now)
        return user
    }

    static func unlock(_ user: UserAccount, ctx: ServiceContext) async throws {
        try await ctx.write { db in
            user.failedCount = 0
            user.lockedUntil = nil
            try await user.save(on: db)
            // The count of consecutive failures starts again from here.
            try await LoginFailure.query(on: db).filter(\.$username == user.username).delete()
            try await ctx.audit("user.unlock", "user", user.id!.uuidString, on: db)
        }
    }

    static func setPassword(_ user: UserAccount, _ password: String, ctx: ServiceContext, action: String) async throws {
        try checkPassword(password, username: user.username)
        let hash = try await ctx.hashPassword(password)
        try await ctx.write { db in
            user.passwordHash = hash
            try await user.save(on: db)
            try await ctx.audit(action, "user", user.id!.uuidString, on: db)
        }
    }

    static func endSessions(of user: UserAccount, at now: Date, on db: any Database) async throws {
        try await SessionRecord.query(on: db).filter(\.$user.$id == user.id!).filter(\.$endedAt == nil).set(\.$endedAt, to: now).update()
    }
}
