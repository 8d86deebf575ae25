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
        let rows = try await Self.rows(entries, on: req.db)
        var verification: String?
        var intact: Bool?
        if req.query[String.self, at: "verify"] == "1" {
            let v = try await AuditLog.verify(on: req.db)
            verification = v.isIntact ? "审计链完整：已校验 \(v.checked) 条记录" : "审计链被破坏：" + (v.firstBreak?.message ?? "")
            intact = v.isIntact
        }
        let view = AuditView(
            entries: rows, actionGroups: Self.actionGroups(selected: f.action ?? ""), action: f.action ?? "", actorFilter: f.actor ?? "",
            outcome: f.outcome ?? "", from: f.from ?? "", to: f.to ?? "",
            nextBefore: entries.count == f.pageSize ? entries.last?.id : nil, verification: verification, intact: intact)
        return try await req.page("audit", title: "审计", nav: "audit", view)
    }

    /// The page's rows in people's words: the actor's name and post, the unit's name, the action
    /// and target in Chinese with a link to the target, a change list as "字段：旧 → 新".
    static func rows(_ entries: [AuditEntry], on db: any Database) async throws -> [AuditRowView] {
        let names = try await AccountNames.titled(entries.map(\.actor), on: db)
        let unitIDs = Set(entries.compactMap { UnitPath($0.unitPath)?.ids.last } + entries.filter { $0.targetType == "unit" }.map(\.targetID))
        let units = try await OrgUnit.query(on: db).filter(\.$id ~~ unitIDs.compactMap(UUID.init(uuidString:))).all()
        let unitNames = Dictionary(uniqueKeysWithValues: units.map { ($0.id!.uuidString, $0.name) })
        let personIDs = Set(entries.filter { $0.targetType == "person" }.map(\.targetID)).compactMap(UUID.init(uuidString:))
        let people = try await Person.query(on: db).filter(\.$id ~~ personIDs).all()
        let personNames = Dictionary(uniqueKeysWithValues: people.map { ($0.id!.uuidString, $0.name) })
        return entries.map { e in
            let targetName: String
            switch e.targetType {
            case "unit": targetName = unitNames[e.targetID] ?? ""
            case "person": targetName = personNames[e.targetID] ?? ""
            default: targetName = ""
            }
            return AuditRowView(
                seq: e.id ?? 0, atText: ShanghaiTime.format(e.at), actor: e.actor, actorName: e.actor == "system" ? "系统" : names.person(e.actor),
                unitName: UnitPath(e.unitPath)?.ids.last.flatMap { unitNames[$0] } ?? "", action: e.action,
                actionTitle: AuditVocabulary.title(ofAction: e.action) ?? e.action, targetType: e.targetType,
                targetTitle: AuditVocabulary.title(ofTarget: e.targetType) ?? e.targetType, targetName: targetName, targetID: e.targetID,
                targetLink: targetLink(type: e.targetType, id: e.targetID) ?? "", outcome: e.outcome, detail: detailText(e.detail), ip: e.ip)
        }
    }

    /// Where the page of an audited target is, for the kinds that have one.
    static func targetLink(type: String, id: String) -> String? {
        let isID = UUID(uuidString: id) != nil
        switch type {
        case "unit" where isID: return "/units/\(id)"
        case "person" where isID: return "/people/\(id)"
        case "incident" where isID: return "/incidents/\(id)"
        case "report" where isID: return "/reports/\(id)/print"
        case "duty_log" where isID: return "/duty-log/\(id)"
        case "absence" where isID: return "/absences/\(id)"
        case "handover", "handover_item": return "/handovers"
        case "roll_call": return "/roll-calls"
        case "user": return "/users"
        case "calendar": return "/calendar"
        default: return nil
        }
    }

    /// A recorded change list in the words of its form; any other detail as it was recorded.
    static func detailText(_ detail: String) -> String {
        guard let changes = FieldChanges.parse(detail)?.changes, !changes.isEmpty else { return detail }
        return changes.sorted { $0.key < $1.key }.map { key, change in
            "\(WebRows.fieldTitles[key] ?? key)：\(change.from?.nilIfEmpty ?? "（空）") → \(change.to?.nilIfEmpty ?? "（空）")"
        }.joined(separator: "；")
    }

    /// The filter's choices: each area (all its actions) and each action, in Chinese.
    static func actionGroups(selected: String) -> [AuditActionGroupView] {
        AuditVocabulary.areas.map { area in
            let value = area.prefixes.joined(separator: ",")
            return AuditActionGroupView(
                title: area.title,
                options: [SelectOption(value: value, label: "全部\(area.title)操作", selected: value == selected)]
                    + area.actions.map { SelectOption(value: $0.code, label: $0.title, selected: $0.code == selected) })
        }
    }
}
