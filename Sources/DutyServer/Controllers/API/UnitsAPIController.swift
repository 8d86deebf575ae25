import DutyCore
import Fluent
import Vapor

struct UnitsAPIController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.api(.GET, "units", operation: "listUnits", permission: .readDirectory, use: list)
        routes.api(.POST, "units", operation: "createUnit", permission: .editUnits, use: create)
        routes.api(.GET, "units", ":id", operation: "getUnit", permission: .readDirectory, use: get)
        routes.api(.PATCH, "units", ":id", operation: "updateUnit", permission: .editUnits, use: update)
        routes.api(.POST, "units", ":id", "deactivate", operation: "deactivateUnit", permission: .editUnits, use: deactivate)
        routes.api(.GET, "units", ":id", "history", operation: "getUnitHistory", permission: .readDirectory, use: history)
        routes.api(.GET, "units", ":id", "freshness", operation: "getUnitFreshness", permission: .readDirectory, use: freshness)
    }

    func list(req: Request) async throws -> [UnitDTO] {
        let includeInactive = (try? req.query.get(Bool.self, at: "includeInactive")) ?? false
        return try await req.context().visibleUnits(includeInactive: includeInactive).map(UnitDTO.init)
    }

    func create(req: Request) async throws -> Response {
        let input = try req.content.decode(UnitInput.self)
        let unit = try await DirectoryService.createUnit(input, ctx: req.context())
        return try await UnitDTO(unit).encodeResponse(status: .created, for: req)
    }

    func get(req: Request) async throws -> UnitDTO {
        UnitDTO(try await req.context().visibleUnit(try req.uuidParameter()))
    }

    func update(req: Request) async throws -> UnitDTO {
        let unit = try await req.context().visibleUnit(try req.uuidParameter())
        let patch = try req.content.decode(UnitPatch.self)
        return UnitDTO(try await DirectoryService.updateUnit(unit, patch, ctx: req.context()))
    }

    func deactivate(req: Request) async throws -> UnitDTO {
        let unit = try await req.context().visibleUnit(try req.uuidParameter())
        try await DirectoryService.deactivateUnit(unit, ctx: req.context())
        return UnitDTO(unit)
    }

    func history(req: Request) async throws -> [HistoryEntryDTO] {
        let unit = try await req.context().visibleUnit(try req.uuidParameter())
        return try await DirectoryService.history(targetType: "unit", id: unit.id!, ctx: req.context()).map(HistoryEntryDTO.init)
    }

    func freshness(req: Request) async throws -> FreshnessDTO {
        let unit = try await req.context().visibleUnit(try req.uuidParameter())
        let share = try await DirectoryService.freshness(of: unit, ctx: req.context())
        return FreshnessDTO(unitId: unit.id!, verified: share.verified, total: share.total, percent: share.percent)
    }
}

extension HistoryEntryDTO {
    init(_ e: AuditEntry) {
        self.init(seq: e.id ?? 0, at: e.at, actor: e.actor, action: e.action, changes: FieldChanges.parse(e.detail)?.changes ?? [:])
    }
}
