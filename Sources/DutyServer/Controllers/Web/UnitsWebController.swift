import DutyCore
import Fluent
import Vapor

struct UnitsWebController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        let read = routes.guarded(.readDirectory)
        read.get("units", use: tree)
        read.get("units", ":id", use: show)
        routes.guarded(.editUnits).post("units", use: create)
        routes.guarded(.editUnits).post("units", ":id", use: update)
        routes.guarded(.editUnits).post("units", ":id", "deactivate", use: deactivate)
        routes.guarded(.exportDirectory).get("units", ":id", "vcard", use: vcard)
        routes.guarded(.editPeople).post("people", use: createPerson)
    }

    struct UnitForm: Content {
        var name: String?
        var code: String?
        var kind: String?
        var parentID: String?
        var dutyPhone: String?
        var fax: String?
        var email: String?
    }

    func tree(req: Request) async throws -> Response {
        try await renderTree(req, error: nil, status: .ok)
    }

    func renderTree(_ req: Request, error: String?, status: HTTPResponseStatus) async throws -> Response {
        let units = try await req.context().visibleUnits()
        let base = units.first?.unitPath.depth ?? 1
        let rows = units.map { WebRows.unit($0, depth: min(6, $0.unitPath.depth - base)) }
        return try await req.page(
            "units", title: "单位", nav: "units",
            UnitsView(tree: rows, kinds: WebRows.kindOptions(selected: UnitKind.memberDepartment.rawValue), parents: WebRows.unitOptions(units), error: error),
            status: status)
    }

    func create(req: Request) async throws -> Response {
        let f = try req.content.decode(UnitForm.self)
        var created: OrgUnit?
        let error = try await req.attempt {
            guard let kind = UnitKind(rawValue: f.kind ?? "") else { throw DutyError.field("kind", "请选择单位类别") }
            guard let parent = UUID(uuidString: f.parentID ?? "") else { throw DutyError.field("parentID", "请选择上级单位") }
            created = try await DirectoryService.createUnit(
                UnitInput(code: f.code?.nilIfEmpty, name: f.name ?? "", kind: kind, parentId: parent, dutyPhone: f.dutyPhone, fax: f.fax, email: f.email),
                ctx: req.context())
        }
        if let created { return req.redirect(to: "/units/\(created.id!.uuidString)") }
        return try await renderTree(req, error: error?.message, status: error?.status ?? .unprocessableEntity)
    }

    func show(req: Request) async throws -> Response {
        let unit = try await req.context().visibleUnit(try req.uuidParameter())
        return try await render(req, unit: unit, error: nil, status: .ok)
    }

    func render(_ req: Request, unit: OrgUnit, error: String?, status: HTTPResponseStatus) async throws -> Response {
        let actor = try req.requireActor()
        let ancestorIDs = unit.unitPath.ids.dropLast().compactMap(UUID.init(uuidString:))
        let ancestors = try await OrgUnit.query(on: req.db).filter(\.$id ~~ ancestorIDs).all()
            .filter { actor.sees($0.unitPath) }.sorted { $0.unitPath.depth < $1.unitPath.depth }
        let children = try await OrgUnit.query(on: req.db).filter(\.$parentID == unit.id).all().sortedAsTree().filter { $0.parentID == unit.id }
        let people = try await Person.query(on: req.db).filter(\.$unit.$id == unit.id!).filter(\.$active == true).sort(\.$name).all()
        let share = try await DirectoryService.freshness(of: unit, ctx: req.context())
        let history = try await DirectoryService.history(targetType: "unit", id: unit.id!, ctx: req.context())
        let view = UnitPageView(
            unit: WebRows.unit(unit), ancestors: ancestors.map { WebRows.unit($0) }, children: children.map { WebRows.unit($0) },
            people: people.map { WebRows.person($0, unit, now: req.now) }, freshness: WebRows.freshness(share),
            categories: WebRows.categoryOptions(selected: nil), kinds: WebRows.kindOptions(selected: unit.kind),
            history: WebRows.history(history), error: error)
        return try await req.page("unit", title: unit.name, nav: "units", view, status: status)
    }

    func update(req: Request) async throws -> Response {
        let unit = try await req.context().visibleUnit(try req.uuidParameter())
        let f = try req.content.decode(UnitForm.self)
        let error = try await req.attempt {
            let kind = try f.kind.map { k -> UnitKind in
                guard let v = UnitKind(rawValue: k) else { throw DutyError.field("kind", "请选择单位类别") }
                return v
            }
            _ = try await DirectoryService.updateUnit(
                unit,
                UnitPatch(
                    code: f.code, name: f.name, kind: kind, parentId: f.parentID.flatMap { UUID(uuidString: $0) }, dutyPhone: f.dutyPhone, fax: f.fax,
                    email: f.email), ctx: req.context())
        }
        guard let error else { return req.redirect(to: "/units/\(unit.id!.uuidString)") }
        let fresh = try await req.context().visibleUnit(unit.id)
        return try await render(req, unit: fresh, error: error.message, status: error.status)
    }

    func deactivate(req: Request) async throws -> Response {
        let unit = try await req.context().visibleUnit(try req.uuidParameter())
        let error = try await req.attempt { try await DirectoryService.deactivateUnit(unit, ctx: req.context()) }
        guard let error else { return req.redirect(to: "/units/\(unit.id!.uuidString)") }
        return try await render(req, unit: unit, error: error.message, status: error.status)
    }

    func vcard(req: Request) async throws -> Response {
        try await ExportService.unitVCard(try await req.context().visibleUnit(try req.uuidParameter()), ctx: req.context())
    }

    struct PersonForm: Content {
        var unitID: String?
        var name: String?
        var position: String?
        var officePhone: String?
        var mobile: String?
        var fax: String?
        var email: String?
        var category: String?

        func parsedCategory() throws -> EmploymentCategory? {
            guard let c = category?.nilIfEmpty else { return nil }
            guard let v = EmploymentCategory(rawValue: c) ?? EmploymentCategory.fromTitle(c) else { throw DutyError.field("category", "请选择人员类别") }
            return v
        }
    }

    func createPerson(req: Request) async throws -> Response {
        let f = try req.content.decode(PersonForm.self)
        let unit = try await req.context().visibleUnit(UUID(uuidString: f.unitID ?? ""))
        var created: Person?
        let error = try await req.attempt {
            created = try await DirectoryService.createPerson(
                PersonInput(
                    unitId: unit.id!, name: f.name ?? "", position: f.position, officePhone: f.officePhone, mobile: f.mobile, fax: f.fax, email: f.email,
                    category: try f.parsedCategory()), ctx: req.context()
            ).0
        }
        if let created { return req.redirect(to: "/people/\(created.id!.uuidString)") }
        return try await render(req, unit: unit, error: error?.message, status: error?.status ?? .unprocessableEntity)
    }
}
