import DutyCore
import Fluent
import Vapor

struct AuthAPIController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.api(.POST, "auth", "login", operation: "login", permission: nil, publicRoute: true, use: login)
        routes.api(.POST, "auth", "logout", operation: "logout", permission: nil, use: logout)
        routes.api(.GET, "me", operation: "getMe", permission: nil, use: me)
        routes.api(.POST, "me", "password", operation: "changePassword", permission: nil, use: changePassword)
    }

    func login(req: Request) async throws -> LoginResponse {
        let body = try req.content.decode(LoginRequest.self)
        let outcome = try await LoginService.login(username: body.username, password: body.password, kind: .api, req: req)
        let unit = try await OrgUnit.find(outcome.user.$unit.id, on: req.db)!
        return LoginResponse(
            token: outcome.token, tokenType: "Bearer", expiresAfterIdleSeconds: Int(LoginPolicy.standard.idleTimeout),
            user: MeDTO(
                id: outcome.user.id!, username: outcome.user.username, displayName: outcome.user.displayName, roles: outcome.user.roleList, unit: UnitDTO(unit))
        )
    }

    func logout(req: Request) async throws -> HTTPStatus {
        try await LoginService.logout(req: req)
        return .noContent
    }

    func me(req: Request) async throws -> MeDTO {
        let a = try req.requireActor()
        return MeDTO(id: a.user.id!, username: a.user.username, displayName: a.user.displayName, roles: a.user.roleList, unit: UnitDTO(a.unit))
    }

    func changePassword(req: Request) async throws -> HTTPStatus {
        let a = try req.requireActor()
        guard !a.user.isDisplay else { throw AccessError.forbidden }
        let body = try req.content.decode(PasswordChange.self)
        guard try await req.password.async.verify(body.currentPassword, created: a.user.passwordHash).get() else {
            throw DutyError.field("currentPassword", "当前密码不正确")
        }
        try await AccountService.setPassword(a.user, body.newPassword, ctx: req.context(), action: "user.password")
        return .noContent
    }
}
