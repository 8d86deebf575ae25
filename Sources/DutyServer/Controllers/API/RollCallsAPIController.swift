import DutyCore
import Fluent
import Vapor

struct RollCallsAPIController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.api(.GET, "roll-calls", operation: "listRollCalls", permission: .keepDutyLog, use: list)
        routes.api(.POST, "roll-calls", operation: "startRollCall", permission: .runRollCall, use: start)
        routes.api(.GET, "roll-calls", "pending", operation: "listPendingRollCalls", permission: .keepDutyLog, use: pending)
        routes.api(.GET, "roll-calls", "schedule", operation: "getRollCallSchedule", permission: .keepDutyLog, use: schedule)
        routes.api(.PUT, "roll-calls", "schedule", operation: "setRollCallSchedule", permission: .runRollCall, use: setSchedule)
        routes.api(.GET, "roll-calls", ":id", operation: "getRollCall", permission: .keepDutyLog, use: get)
        routes.api(.POST, "roll-calls", ":id", "answer", operation: "answerRollCall", permission: .keepDutyLog, use: answer)
    }

    struct ListParams: Content { var unitId: UUID? }

    func list(req: Request) async throws -> RollCallsDTO {
        let p = try req.query.decode(ListParams.self)
        let unit = try await req.context().visibleUnit(p.unitId ?? req.requireActor().unit.id, forReading: true)
        return try await RollCallService.overview(unit: unit, ctx: req.context())
    }

    func start(req: Request) async throws -> Response {
        let actor = try req.requireActor()
        let input = (try? req.content.decode(StartRollCallInput.self)) ?? StartRollCallInput()
        let limit = try RollCallService.checkLimit(input.limitSeconds)
        guard
            let call = try await RollCallService.start(
                unit: actor.unit, by: actor.user.username, limitSeconds: limit, scheduledDate: nil, now: req.now, app: req.application,
                audit: req.auditEntry("rollcall.start", "roll_call", ""))
        else { throw DutyDeskError.rollCallStarted }
        return try await RollCallService.dtos([call], on: req.db, now: req.now)[0].encodeResponse(status: .created, for: req)
    }

    func pending(req: Request) async throws -> [RollCallLineDTO] {
        try await RollCallService.received(unitID: try req.requireActor().unit.id!, pendingOnly: true, on: req.db, now: req.now)
    }

    func schedule(req: Request) async throws -> RollCallScheduleDTO {
        try await RollCallService.schedule(unitID: try req.requireActor().unit.id!, on: req.db)
    }

    func setSchedule(req: Request) async throws -> RollCallScheduleDTO {
        try await RollCallService.setSchedule(try req.content.decode(RollCallScheduleInput.self), ctx: req.context())
    }

    func get(req: Request) async throws -> RollCallDTO {
        let call = try await RollCallService.visible(try req.uuidParameter(), ctx: req.context())
        return try await RollCallService.dtos([call], on: req.db, now: req.now)[0]
    }

    func answer(req: Request) async throws -> RollCallLineDTO {
        let call = try await RollCallService.visible(try req.uuidParameter(), ctx: req.context())
        let input = (try? req.content.decode(HandoverConfirmInput.self)) ?? HandoverConfirmInput()
        return try await RollCallService.answer(call, standIn: input.standInReason, ctx: req.context())
    }
}
