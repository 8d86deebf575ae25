import DutyCore
import Fluent
import Vapor

/// A unit's reporting policy: what it works under (its own or inherited), and setting its
/// own, which may only be stricter than what it inherits (SPEC §4).
struct PolicyAPIController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.api(.GET, "units", ":id", "policy", operation: "getUnitPolicy", permission: .readDirectory, use: get)
        routes.api(.PUT, "units", ":id", "policy", operation: "setUnitPolicy", permission: .managePolicy, use: set)
    }

    struct PolicyDTO: Content {
        var unitId: UUID
        /// True when the unit set this policy itself; false when inherited.
        var own: Bool
        var setByUnitId: UUID?
        var policy: ReportingPolicy?
    }

    func get(req: Request) async throws -> PolicyDTO {
        let unit = try await req.context().visibleUnit(try req.uuidParameter())
        let found = try await PolicyService.policy(for: unit, on: req.db)
        return PolicyDTO(unitId: unit.id!, own: found?.1 == unit.id, setByUnitId: found?.1, policy: found?.0)
    }

    func set(req: Request) async throws -> PolicyDTO {
        let unit = try await req.context().visibleUnit(try req.uuidParameter())
        let policy = try req.content.decode(ReportingPolicy.self)
        try await PolicyService.save(policy, for: unit, ctx: req.context())
        return PolicyDTO(unitId: unit.id!, own: true, setByUnitId: unit.id, policy: policy)
    }
}
