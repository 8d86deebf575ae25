import DutyCore
import Fluent
import Vapor

struct UsersWebController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        let admin = routes.guarded(.manageAccounts)
        admin.get("users", use: list)
        admin.post("users", use: create)
        admin.post("users", ":id", "unlock", use: unlock)
        admin.post("users", ":id", "deactivate", use: deactivate)
    }

    func list(req: Request) async throws -> Response {
        try await render(req, error: nil, notice: req.query[String.self, at: "notice"], status: .ok)
    }

    func render(_ req: Request, error: String?, notice: String?, status: HTTPResponseStatus) async throws -> Response {
        let actor = try req.requireActor()
        let users = try await UserAccount.query(on: req.db).join(OrgUnit.self, on: \UserAccount.$unit.$id == \OrgUnit.$id)
            .joinedUnitInSubtree(of: actor.unit.path).sort(\.$username).all()
        let now = req.now
        let rows = try users.map { u -> UserRowView in
            let unit = try u.joined(OrgUnit.self)
            let locked = (u.lockedUntil ?? .distantPast) > now
            return UserRowView(
                id: u.id!.uuidString, username: u.username, displayName: u.displayName, unitName: unit.name, roleTitles: u.roleList.map(\.title),
                active: u.active, locked: locked, lockedUntilText: locked ? u.lockedUntil.map { ShanghaiTime.format($0) } : nil,
                lastLoginText: u.lastLoginAt.map { ShanghaiTime.format($0) })
        }
        let units = try await req.context().visibleUnits(includeInactive: false)
        let roles = Role.allCases.filter { $0 != .display }.map { SelectOption(value: $0.rawValue, label: $0.title) }
        return try await req.page(
            "users", title: "账号", nav: "users", UsersView(users: rows, roles: roles, units: WebRows.unitOptions(units), error: error, notice: notice),
            status: status)
    }

    struct UserForm: Content {
        var username: String?
        var displayName: String?
        var password: String?
        var unitID: String?
        var roles: [String]?
    }

    func create(req: Request) async throws -> Response {
        let f = try req.content.decode(UserForm.self)
        let error = try await req.attempt {
            let roles = try (f.roles ?? []).map { r -> Role in
                guard let role = Role(rawValue: r) else { throw DutyError.field("roles", "未知角色") }
                return role
            }
            guard let unitID = UUID(uuidString: f.unitID ?? "") else { throw DutyError.field("unitID", "请选择单位") }
            _ = try await AccountService.create(
                UserInput(username: f.username ?? "", displayName: f.displayName ?? "", password: f.password ?? "", unitId: unitID, roles: roles),
                ctx: req.context())
        }
        guard let error else { return req.redirect(to: "/users?notice=" + ("账号已创建".addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? "")) }
        return try await render(req, error: error.message, notice: nil, status: error.status)
    }

    func unlock(req: Request) async throws -> Response {
        let user = try await AccountService.visibleUser(try req.uuidParameter(), ctx: req.context())
        try await AccountService.unlock(user, ctx: req.context())
        return req.redirect(to: "/users")
    }

    func deactivate(req: Request) async throws -> Response {
        let user = try await AccountService.visibleUser(try req.uuidParameter(), ctx: req.context())
        let error = try await req.attempt { _ = try await AccountService.update(user, UserPatch(active: false), ctx: req.context()) }
        guard let error else { return req.redirect(to: "/users") }
        return try await render(req, error: error.message, notice: nil, status: error.status)
    }
}
