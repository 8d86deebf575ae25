import DutyCore
import Fluent
import Vapor

struct AuditWebController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.guarded(.readAudit).get("audit", use: browse)
    }

    func browse(req: Request) async throws -> Response {
        let f = try req.query.decode(AuditQuery.Filter.self)
        let entries = try await AuditQuery.run(f, ctx: req.context())
        let paths = Set(entries.compactMap { UnitPath($0.unitPath)?.ids.last }).compactMap(UUID.init(uuidString:))
        let names = Dictionary(uniqueKeysWithValues: try await OrgUnit.query(on: req.db).filter(\.$id ~~ paths).all().map { ($0.id!.uuidString, $0.name) })
        let rows = entries.map { e in
            AuditRowView(
                seq: e.id ?? 0, atText: ShanghaiTime.format(e.at), actor: e.actor, unitName: UnitPath(e.unitPath)?.ids.last.flatMap { names[$0] } ?? "",
                action: e.action, targetType: e.targetType, targetID: e.targetID, outcome: e.outcome, detail: e.detail, ip: e.ip)
        }
        var verification: String?
        var intact: Bool?
        if req.query[String.self, at: "verify"] == "1" {
            let v = try await AuditLog.verify(on: req.db)
            verification = v.isIntact ? "审计链完整：已校验 \(v.checked) 条记录" : "审计链被破坏：" + (v.firstBreak?.message ?? "")
            intact = v.isIntact
        }
        let view = AuditView(
            entries: rows, action: f.action ?? "", actorFilter: f.actor ?? "", outcome: f.outcome ?? "", from: f.from ?? "", to: f.to ?? "",
            nextBefore: entries.count == f.pageSize ? entries.last?.id : nil, verification: verification, intact: intact)
        return try await req.page("audit", title: "审计", nav: "audit", view)
    }
}
