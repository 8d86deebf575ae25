import DutyCore
import Fluent
import Vapor

struct PeopleAPIController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.api(.GET, "people", operation: "searchPeople", permission: .readDirectory, use: search)
        routes.api(.POST, "people", operation: "createPerson", permission: .editPeople, use: create)
        routes.api(.GET, "people", ":id", operation: "getPerson", permission: .readDirectory, use: get)
        routes.api(.PATCH, "people", ":id", operation: "updatePerson", permission: .editPeople, use: update)
        routes.api(.POST, "people", ":id", "verify", operation: "verifyPerson", permission: .editPeople, use: verify)
        routes.api(.POST, "people", ":id", "deactivate", operation: "deactivatePerson", permission: .editPeople, use: deactivate)
        routes.api(.GET, "people", ":id", "history", operation: "getPersonHistory", permission: .readDirectory, use: history)
        routes.api(.GET, "people", ":id", "vcard", operation: "exportPersonVCard", permission: .exportDirectory, use: vcard)
    }

    struct SearchParams: Content {
        var q: String?
        var unitId: UUID?
        var includeInactive: Bool?
        var limit: Int?
    }

    func search(req: Request) async throws -> PeoplePage {
        let p = try req.query.decode(SearchParams.self)
        if let q = p.q, q.count > 64 { throw DutyError.field("q", "搜索内容过长（最多64个字符）") }
        let within: OrgUnit? = p.unitId == nil ? nil : try await req.context().visibleUnit(p.unitId)
        let limit = min(max(p.limit ?? 100, 1), 500)
        let rows = try await DirectoryService.search(
            .init(text: p.q ?? "", within: within, includeInactive: p.includeInactive ?? false, limit: limit), ctx: req.context())
        return PeoplePage(items: rows.map { PersonDTO($0.0, unit: $0.1, now: req.now) }, total: rows.count)
    }

    func create(req: Request) async throws -> Response {
        let input = try req.content.decode(PersonInput.self)
        let (p, unit) = try await DirectoryService.createPerson(input, ctx: req.context())
        return try await PersonDTO(p, unit: unit, now: req.now).encodeResponse(status: .created, for: req)
    }

    func get(req: Request) async throws -> PersonDTO {
        let (p, unit) = try await req.context().visiblePerson(try req.uuidParameter())
        return PersonDTO(p, unit: unit, now: req.now)
    }

    func update(req: Request) async throws -> PersonDTO {
        let (p, unit) = try await req.context().visiblePerson(try req.uuidParameter())
        let patch = try req.content.decode(PersonPatch.self)
        let (saved, newUnit) = try await DirectoryService.updatePerson(p, unit: unit, patch, ctx: req.context())
        return PersonDTO(saved, unit: newUnit, now: req.now)
    }

    func verify(req: Request) async throws -> PersonDTO {
        let (p, unit) = try await req.context().visiblePerson(try req.uuidParameter())
        try await DirectoryService.verifyPerson(p, ctx: req.context())
        return PersonDTO(p, unit: unit, now: req.now)
    }

    func deactivate(req: Request) async throws -> PersonDTO {
        let (p, unit) = try await req.context().visiblePerson(try req.uuidParameter())
        try await DirectoryService.deactivatePerson(p, ctx: req.context())
        return PersonDTO(p, unit: unit, now: req.now)
    }

    func history(req: Request) async throws -> [HistoryEntryDTO] {
        let (p, _) = try await req.context().visiblePerson(try req.uuidParameter())
        return try await DirectoryService.history(targetType: "person", id: p.id!, ctx: req.context()).map(HistoryEntryDTO.init)
    }

    func vcard(req: Request) async throws -> Response {
        let (p, unit) = try await req.context().visiblePerson(try req.uuidParameter())
        return try await ExportService.vcardResponse(people: [(p, unit)], filename: "person.vcf", target: ("person", p.id!.uuidString), ctx: req.context())
    }
}
