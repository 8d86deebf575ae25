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
            .filter(OrgUnit.self, \.$path, .custom("LIKE"), actor.unit.path + "%").sort(\.$username).all().map(UserDTO.init)
    }

    func create(req: Request) async throws -> Response {
        let input = try req.content.decode(UserInput.self)
        return try await UserDTO(try await AccountService.create(input, req: req)).encodeResponse(status: .created, for: req)
    }

    func get(req: Request) async throws -> UserDTO {
        UserDTO(try await AccountService.visibleUser(try req.uuidParameter(), req: req))
    }

    func update(req: Request) async throws -> UserDTO {
        let user = try await AccountService.visibleUser(try req.uuidParameter(), req: req)
        let patch = try req.content.decode(UserPatch.self)
        return UserDTO(try await AccountService.update(user, patch, req: req))
    }

    func unlock(req: Request) async throws -> UserDTO {
        let user = try await AccountService.visibleUser(try req.uuidParameter(), req: req)
        try await AccountService.unlock(user, req: req)
        return UserDTO(user)
    }
}
