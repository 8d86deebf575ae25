import DutyCore
import Fluent
import Vapor

struct HandoversAPIController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.api(.GET, "handovers", operation: "getHandoverDesk", permission: .keepDutyLog, use: desk)
        routes.api(.POST, "handovers", operation: "createHandover", permission: .keepDutyLog, use: create)
        routes.api(.GET, "handovers", ":id", operation: "getHandover", permission: .keepDutyLog, use: get)
        routes.api(.POST, "handovers", ":id", "confirm", operation: "confirmHandover", permission: .keepDutyLog, use: confirm)
        routes.api(.POST, "handover-items", ":id", "close", operation: "closeHandoverItem", permission: .keepDutyLog, use: close)
    }

    struct DeskParams: Content { var unitId: UUID? }

    func desk(req: Request) async throws -> HandoverDeskDTO {
        let p = try req.query.decode(DeskParams.self)
        let unit = try await req.context().visibleUnit(p.unitId ?? req.requireActor().unit.id, forReading: true)
        return try await HandoverService.desk(unit: unit, on: req.db)
    }

    func create(req: Request) async throws -> Response {
        let h = try await HandoverService.create(try req.content.decode(HandoverInput.self), ctx: req.context())
        return try await HandoverService.dtos([h], on: req.db)[0].encodeResponse(status: .created, for: req)
    }

    func get(req: Request) async throws -> HandoverDTO {
        let (h, _) = try await HandoverService.visible(try req.uuidParameter(), ctx: req.context())
        return try await HandoverService.dtos([h], on: req.db)[0]
    }

    func confirm(req: Request) async throws -> HandoverDTO {
        let (h, unit) = try await HandoverService.visible(try req.uuidParameter(), ctx: req.context())
        let input = (try? req.content.decode(HandoverConfirmInput.self)) ?? HandoverConfirmInput()
        try await HandoverService.confirm(h, unit: unit, standIn: input.standInReason, ctx: req.context())
        return try await HandoverService.dtos([h], on: req.db)[0]
    }

    func close(req: Request) async throws -> HandoverItemDTO {
        let input = (try? req.content.decode(CloseItemInput.self)) ?? CloseItemInput()
        return HandoverService.itemDTO(try await HandoverService.closeItem(try req.uuidParameter(), note: input.note, ctx: req.context()))
    }
}
