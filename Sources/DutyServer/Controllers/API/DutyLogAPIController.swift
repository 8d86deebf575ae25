import DutyCore
import Fluent
import Vapor

struct DutyLogAPIController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.api(.GET, "duty-log", operation: "listDutyLog", permission: .keepDutyLog, use: list)
        routes.api(.POST, "duty-log", operation: "createDutyLogEntry", permission: .keepDutyLog, use: create)
        routes.api(.GET, "duty-log", ":id", operation: "getDutyLogEntry", permission: .keepDutyLog, use: get)
        routes.api(.PATCH, "duty-log", ":id", operation: "updateDutyLogEntry", permission: .keepDutyLog, use: update)
        routes.api(.GET, "duty-log", ":id", "history", operation: "getDutyLogEntryHistory", permission: .keepDutyLog, use: history)
        routes.api(.GET, "duty-log", ":id", "first-report", operation: "getDutyLogFirstReport", permission: .reportIncidents, use: firstReport)
    }

    struct ListParams: Content {
        var unitId: UUID?
        var q: String?
        var from: String?
        var to: String?
        var direction: DutyLogDirection?
        var limit: Int?
    }

    func list(req: Request) async throws -> [DutyLogDTO] {
        let p = try req.query.decode(ListParams.self)
        let unit = try await req.context().visibleUnit(p.unitId ?? req.requireActor().unit.id, forReading: true)
        let rows = try await DutyLogService.list(unit: unit, .init(text: p.q, from: p.from, to: p.to, direction: p.direction, limit: p.limit), on: req.db)
        return rows.map { DutyLogService.dto($0, unit: unit) }
    }

    func create(req: Request) async throws -> Response {
        let e = try await DutyLogService.create(try req.content.decode(DutyLogInput.self), ctx: req.context())
        return try await DutyLogService.dto(e, unit: req.requireActor().unit).encodeResponse(status: .created, for: req)
    }

    func get(req: Request) async throws -> DutyLogDTO {
        let (e, unit) = try await DutyLogService.visible(try req.uuidParameter(), ctx: req.context())
        return DutyLogService.dto(e, unit: unit)
    }

    func update(req: Request) async throws -> DutyLogDTO {
        let (e, unit) = try await DutyLogService.visible(try req.uuidParameter(), ctx: req.context())
        try await DutyLogService.update(e, unit: unit, try req.content.decode(DutyLogInput.self), ctx: req.context())
        return DutyLogService.dto(e, unit: unit)
    }

    func history(req: Request) async throws -> [HistoryEntryDTO] {
        let (e, _) = try await DutyLogService.visible(try req.uuidParameter(), ctx: req.context())
        return try await DirectoryService.history(targetType: "duty_log", id: e.id!, ctx: req.context()).map(HistoryEntryDTO.init)
    }

    func firstReport(req: Request) async throws -> FirstReportPrefillDTO {
        let (e, _) = try await DutyLogService.visible(try req.uuidParameter(), ctx: req.context())
        return DutyLogService.prefill(e)
    }
}
