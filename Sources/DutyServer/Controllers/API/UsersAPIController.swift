import DutyCore
import Fluent
import Vapor

struct UsersAPIController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.api(.GET, "users", operation: "listUsers", permission: .manageAccounts, use: list)
        routes.api(.POST, "users", operation: "createUser", permission: .manageAccounts, use: create)
        routes.api(.GET, "users", ":id", operation: "getUser", permission: .manageAccounts, use: get)
        routes.api(.PATCH, "users", ":id", operation: "updateUser", permission: .manageAccounts, use: update)
        routes.api(.POST, "users", ":id", "unlock", operation: "unlockUser", permission: .manageAccounts, use: unlock)
    }

    func list(req: Request) async throws -> [UserDTO] {
        let actor = try req.requireActor()
        return try await UserAccount.query(on: req.db).join(OrgUnit.self, on: \UserAccount.$unit.$id == \OrgUnit.$id)
            .joinedUnitInSubtree(of: actor.unit.path).sort(\.$username).all().map(UserDTO.init)
    }

    func create(req: Request) async throws -> Response {
        let input = try req.content.decode(UserInput.self)
        return try await UserDTO(try await AccountService.create(input, ctx: req.context())).encodeResponse(status: .created, for: req)
    }

    func get(req: Request) async throws -> UserDTO {
        UserDTO(try await AccountService.visibleUser(try req.uuidParameter(), ctx: req.context()))
    }

    func update(req: Request) async throws -> UserDTO {
        let user = try await AccountService.visibleUser(try req.uuidParameter(), ctx: req.context())
        let patch = try req.content.decode(UserPatch.self)
        return UserDTO(try await AccountService.update(user, patch, ctx: req.context()))
    }

    func unlock(req: Request) async throws -> UserDTO {
        let user = try await AccountService.visibleUser(try req.uuidParameter(), ctx: req.context())
        try await AccountService.unlock(user, ctx: req.context())
        return UserDTO(user)
    }
}
