import DutyCore
import Fluent
import Vapor

struct DirectoryAPIController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.api(.GET, "directory", "export.csv", operation: "exportDirectoryCSV", permission: .exportDirectory, use: exportCSV)
        routes.api(.POST, "directory", "import", operation: "importDirectoryCSV", permission: .importDirectory, use: importCSV)
        routes.api(.GET, "units", ":id", "vcard", operation: "exportUnitVCard", permission: .exportDirectory, use: unitVCard)
    }

    func exportCSV(req: Request) async throws -> Response {
        let unitID = try? req.query.get(UUID.self, at: "unitId")
        let unit: OrgUnit? = unitID == nil ? nil : try await req.context().visibleUnit(unitID)
        return try await ExportService.csvResponse(within: unit, ctx: req.context())
    }

    func importCSV(req: Request) async throws -> ImportResultDTO {
        guard let raw = req.query[String.self, at: "unitId"] else { throw DutyError.field("unitId", "请指定导入到哪个单位（unitId）") }
        let unit = try await req.context().visibleUnit(UUID(uuidString: raw))
        guard var body = req.body.data, body.readableBytes > 0 else { throw DutyError.invalid("请求体为空：请上传 CSV 文件内容") }
        let bytes = body.readBytes(length: body.readableBytes) ?? []
        let report = try await ImportService.importCSV(bytes, into: unit, ctx: req.context())
        return ImportResultDTO(imported: report.imported, encoding: report.encoding.rawValue)
    }

    func unitVCard(req: Request) async throws -> Response {
        let unit = try await req.context().visibleUnit(try req.uuidParameter())
        return try await ExportService.unitVCard(unit, ctx: req.context())
    }
}
