import DutyCore
import Fluent
import Vapor

struct AbsencesAPIController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.api(.GET, "absences", operation: "listLeaderAbsences", permission: .reportAbsence, use: list)
        routes.api(.POST, "absences", operation: "createLeaderAbsence", permission: .reportAbsence, use: create)
        routes.api(.GET, "absences", ":id", operation: "getLeaderAbsence", permission: .reportAbsence, use: get)
        routes.api(.PATCH, "absences", ":id", operation: "updateLeaderAbsence", permission: .reportAbsence, use: update)
        routes.api(.POST, "absences", ":id", "return", operation: "returnFromLeaderAbsence", permission: .reportAbsence, use: markReturned)
        routes.api(.GET, "absences", ":id", "history", operation: "getLeaderAbsenceHistory", permission: .reportAbsence, use: history)
    }

    struct ListParams: Content {
        var unitId: UUID?
        /// Only those not yet returned: the superior's "who is away now".
        var current: Bool?
    }

    func list(req: Request) async throws -> [LeaderAbsenceDTO] {
        let p = try req.query.decode(ListParams.self)
        let unit = try await req.context().visibleUnit(p.unitId ?? req.requireActor().unit.id, forReading: true)
        let now = req.now
        return try await AbsenceService.list(under: unit, current: p.current ?? false, on: req.db).map { AbsenceService.dto($0, unit: $0.unit, now: now) }
    }

    func create(req: Request) async throws -> Response {
        let a = try await AbsenceService.create(try req.content.decode(LeaderAbsenceInput.self), ctx: req.context())
        return try await AbsenceService.dto(a, unit: req.requireActor().unit, now: req.now).encodeResponse(status: .created, for: req)
    }

    func get(req: Request) async throws -> LeaderAbsenceDTO {
        let (a, unit) = try await AbsenceService.visible(try req.uuidParameter(), ctx: req.context())
        return AbsenceService.dto(a, unit: unit, now: req.now)
    }

    func update(req: Request) async throws -> LeaderAbsenceDTO {
        let (a, unit) = try await AbsenceService.visible(try req.uuidParameter(), ctx: req.context())
        try await AbsenceService.update(a, unit: unit, try req.content.decode(LeaderAbsenceInput.self), ctx: req.context())
        return AbsenceService.dto(a, unit: unit, now: req.now)
    }

    func markReturned(req: Request) async throws -> LeaderAbsenceDTO {
        let (a, unit) = try await AbsenceService.visible(try req.uuidParameter(), ctx: req.context())
        let input = (try? req.content.decode(ReturnInput.self)) ?? ReturnInput()
        try await AbsenceService.markReturned(a, unit: unit, at: input.at, ctx: req.context())
        return AbsenceService.dto(a, unit: unit, now: req.now)
    }

    func history(req: Request) async throws -> [HistoryEntryDTO] {
        let (a, _) = try await AbsenceService.visible(try req.uuidParameter(), ctx: req.context())
        return try await DirectoryService.history(targetType: "absence", id: a.id!, ctx: req.context()).map(HistoryEntryDTO.init)
    }
}
