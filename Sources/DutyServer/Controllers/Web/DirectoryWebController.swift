import DutyCore
import Fluent
import Vapor

struct DirectoryWebController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        let read = routes.guarded(.readDirectory)
        read.get("directory", use: search)
        read.get("people", ":id", use: show)
        routes.guarded(.editPeople).post("people", ":id", use: update)
        routes.guarded(.editPeople).post("people", ":id", "verify", use: verify)
        routes.guarded(.editPeople).post("people", ":id", "deactivate", use: deactivate)
        routes.guarded(.exportDirectory).get("people", ":id", "vcard", use: vcard)
        routes.guarded(.exportDirectory).get("directory", "export.csv", use: exportCSV)
        routes.guarded(nil).get("directory", "import", use: importPage)
        routes.guarded(.importDirectory).on(.POST, "directory", "import", body: .collect(maxSize: "1mb"), use: importCSV)
    }

    struct SearchForm: Content {
        var q: String?
        var unitID: String?
        var includeInactive: String?
    }

    func search(req: Request) async throws -> Response {
        let f = try req.query.decode(SearchForm.self)
        let q = String((f.q ?? "").prefix(64))
        let within: OrgUnit? = f.unitID?.nilIfEmpty == nil ? nil : try await req.context().visibleUnit(UUID(uuidString: f.unitID!))
        let searched = !(f.q ?? "").isEmpty || within != nil
        let include = f.includeInactive == "on" || f.includeInactive == "true"
        let rows = searched ? try await DirectoryService.search(.init(text: q, within: within, includeInactive: include), ctx: req.context()) : []
        let units = try await req.context().visibleUnits(includeInactive: false)
        return try await req.page(
            "directory", title: "通讯录", nav: "directory",
            DirectoryView(
                q: q, unitID: within?.id?.uuidString ?? "", includeInactive: include, searched: searched,
                results: rows.map { WebRows.person($0.0, $0.1, now: req.now) }, units: WebRows.unitOptions(units, selected: within?.id?.uuidString)))
    }

    func show(req: Request) async throws -> Response {
        let (p, unit) = try await req.context().visiblePerson(try req.uuidParameter())
        return try await render(req, p, unit, error: nil, saved: req.query[String.self, at: "saved"] == "1", status: .ok)
    }

    func render(_ req: Request, _ p: Person, _ unit: OrgUnit, error: String?, saved: Bool, status: HTTPResponseStatus) async throws -> Response {
        let chain = try await ExportService.chainNames(unit, ctx: req.context())
        let history = try await DirectoryService.history(targetType: "person", id: p.id!, ctx: req.context())
        let units = try await req.context().visibleUnits(includeInactive: false)
        let actor = try req.requireActor()
        var duty: PersonDutyView?
        if actor.can(.viewRoster) {
            let trainings = try await TrainingRecord.query(on: req.db).filter(\.$person.$id == p.id!).sort(\.$day, .descending).all()
            let absences = try await Absence.query(on: req.db).filter(\.$person.$id == p.id!).filter(\.$cancelledAt == nil)
                .filter(\.$endsAt > req.now.addingTimeInterval(-90 * 86400)).sort(\.$startsAt, .descending).all()
            duty = PersonDutyView(
                trainings: trainings.map { .init(dateText: $0.day, course: $0.course, recordedBy: $0.recordedBy) },
                absences: absences.map {
                    .init(
                        kindTitle: $0.awayKind.title, fromText: ShanghaiTime.format($0.startsAt, "yyyy-MM-dd HH:mm"),
                        toText: ShanghaiTime.format($0.endsAt, "yyyy-MM-dd HH:mm"), reason: $0.reason)
                },
                canManage: actor.can(.manageRoster), today: CalendarDay(req.now).description)
        }
        let view = PersonPageView(
            person: WebRows.person(p, unit, now: req.now), unitChain: chain, history: WebRows.history(history),
            categories: WebRows.categoryOptions(selected: p.category), units: WebRows.unitOptions(units, selected: unit.id?.uuidString),
            error: error, saved: saved, duty: duty)
        return try await req.page("person", title: p.name, nav: "directory", view, status: status)
    }

    func update(req: Request) async throws -> Response {
        let (p, unit) = try await req.context().visiblePerson(try req.uuidParameter())
        let f = try req.content.decode(UnitsWebController.PersonForm.self)
        let error = try await req.attempt {
            _ = try await DirectoryService.updatePerson(
                p, unit: unit,
                PersonPatch(
                    unitId: f.unitID.flatMap { UUID(uuidString: $0) }, name: f.name, position: f.position, officePhone: f.officePhone, mobile: f.mobile,
                    fax: f.fax, email: f.email, category: try f.parsedCategory()), ctx: req.context())
        }
        guard let error else { return req.redirect(to: "/people/\(p.id!.uuidString)?saved=1") }
        let (fresh, freshUnit) = try await req.context().visiblePerson(p.id)
        return try await render(req, fresh, freshUnit, error: error.message, saved: false, status: error.status)
    }

    func verify(req: Request) async throws -> Response {
        let (p, _) = try await req.context().visiblePerson(try req.uuidParameter())
        try await DirectoryService.verifyPerson(p, ctx: req.context())
        return req.redirect(to: "/people/\(p.id!.uuidString)?saved=1")
    }

    func deactivate(req: Request) async throws -> Response {
        let (p, _) = try await req.context().visiblePerson(try req.uuidParameter())
        try await DirectoryService.deactivatePerson(p, ctx: req.context())
        return req.redirect(to: "/people/\(p.id!.uuidString)?saved=1")
    }

    func vcard(req: Request) async throws -> Response {
        let (p, unit) = try await req.context().visiblePerson(try req.uuidParameter())
        return try await ExportService.vcardResponse(people: [(p, unit)], filename: "person.vcf", target: ("person", p.id!.uuidString), ctx: req.context())
    }

    func exportCSV(req: Request) async throws -> Response {
        let id = req.query[String.self, at: "unitID"]?.nilIfEmpty
        let unit: OrgUnit? = id == nil ? nil : try await req.context().visibleUnit(UUID(uuidString: id!))
        return try await ExportService.csvResponse(within: unit, ctx: req.context())
    }

    func importPage(req: Request) async throws -> Response {
        let actor = try req.requireActor()
        guard actor.can(.importDirectory) || actor.can(.exportDirectory) else { throw AccessError.forbidden }
        return try await renderImport(req, report: nil, status: .ok)
    }

    func renderImport(_ req: Request, report: ImportReportView?, status: HTTPResponseStatus) async throws -> Response {
        let units = try await req.context().visibleUnits(includeInactive: false)
        return try await req.page("import", title: "导入导出", nav: "import", ImportView(units: WebRows.unitOptions(units), report: report), status: status)
    }

    struct ImportForm: Content {
        var unitID: String?
        var file: File?
    }

    func importCSV(req: Request) async throws -> Response {
        let f = try req.content.decode(ImportForm.self)
        let unit = try await req.context().visibleUnit(UUID(uuidString: f.unitID ?? ""))
        guard var data = f.file?.data, data.readableBytes > 0 else {
            return try await renderImport(
                req, report: ImportReportView(ok: false, imported: 0, encoding: "", errors: [.init(message: "请选择要导入的 CSV 文件")]), status: .unprocessableEntity)
        }
        let bytes = data.readBytes(length: data.readableBytes) ?? []
        do {
            let r = try await ImportService.importCSV(bytes, into: unit, ctx: req.context())
            return try await renderImport(
                req, report: ImportReportView(ok: true, imported: r.imported, encoding: r.encoding == .gb18030 ? "GB18030" : "UTF-8", errors: []), status: .ok)
        } catch let e as any DutyFailure where e.status == .unprocessableEntity {
            return try await renderImport(
                req, report: ImportReportView(ok: false, imported: 0, encoding: "", errors: e.details.isEmpty ? [.init(message: e.message)] : e.details),
                status: .unprocessableEntity)
        }
    }
}
