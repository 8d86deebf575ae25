import DutyCore
import Fluent
import Vapor

/// Read-only: no route edits or deletes audit entries.
struct AuditAPIController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.api(.GET, "audit", operation: "listAuditEntries", permission: .readAudit, use: list)
        routes.api(.GET, "audit", "verify", operation: "verifyAuditChain", permission: .readAudit, use: verify)
    }

    func list(req: Request) async throws -> AuditPage {
        let f = try req.query.decode(AuditQuery.Filter.self)
        let entries = try await AuditQuery.run(f, ctx: req.context())
        return AuditPage(items: entries.map(AuditEntryDTO.init), nextBefore: entries.count == f.pageSize ? entries.last?.id : nil)
    }

    func verify(req: Request) async throws -> AuditVerifyDTO {
        let v = try await AuditLog.verify(on: req.db)
        return AuditVerifyDTO(intact: v.isIntact, checked: v.checked, message: v.firstBreak?.message ?? "audit chain intact: \(v.checked) entries")
    }
}

extension AuditEntryDTO {
    init(_ e: AuditEntry) {
        self.init(
            seq: e.id ?? 0, at: e.at, actor: e.actor, unitPath: e.unitPath, action: e.action, targetType: e.targetType, targetId: e.targetID,
            outcome: e.outcome, detail: e.detail, ip: e.ip, hash: e.hash)
    }
}

/// The auditor's filters, shared by the API and the audit page. An auditor sees the entries
/// of its unit's subtree; the auditor at the top of the tree also sees entries with no unit
/// (failed logins of unknown names).
enum AuditQuery {
    struct Filter: Content {
        var action: String?
        var actor: String?
        var outcome: String?
        var from: String?
        var to: String?
        var before: Int64?
        var limit: Int?
        var pageSize: Int { min(max(limit ?? 100, 1), 500) }
    }

    static func run(_ f: Filter, ctx: ServiceContext) async throws -> [AuditEntry] {
        let actor = ctx.actor
        var q = AuditEntry.query(on: ctx.db)
        if actor.unit.parentID == nil {
            q = q.group(.or) { $0.filter(\.$unitPath, .custom("LIKE"), actor.unit.path + "%").filter(\.$unitPath == "") }
        } else {
            q = q.filter(\.$unitPath, .custom("LIKE"), actor.unit.path + "%")
        }
        // One action code, an area's prefixes ("report.,alarm."), or any prefix.
        let wanted = (f.action ?? "").split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
        if !wanted.isEmpty {
            q = q.group(.or) { g in
                for a in wanted {
                    if AuditVocabulary.title(ofAction: a) != nil { g.filter(\.$action == a) } else { g.filter(\.$action, .custom("LIKE"), a + "%") }
                }
            }
        }
        if let a = f.actor?.nilIfEmpty {
            // The login, or the name on the account.
            let named = try await UserAccount.query(on: ctx.db).filter(\.$displayName == a).all().map(\.username)
            let actors = [a] + named
            q = q.filter(\.$actor ~~ actors)
        }
        if let o = f.outcome?.nilIfEmpty {
            guard ["success", "failure"].contains(o) else { throw DutyError.field("outcome", "结果只能是 success 或 failure") }
            q = q.filter(\.$outcome == o)
        }
        if let s = f.from?.nilIfEmpty {
            guard let d = ShanghaiTime.parse(s) else { throw DutyError.field("from", "起始日期格式应为 YYYY-MM-DD") }
            q = q.filter(\.$at >= d)
        }
        if let s = f.to?.nilIfEmpty {
            guard let d = ShanghaiTime.parse(s) else { throw DutyError.field("to", "截止日期格式应为 YYYY-MM-DD") }
            // A date alone means the whole day.
            q = q.filter(\.$at < (s.count <= 10 ? d.addingTimeInterval(86400) : d))
        }
        if let b = f.before { q = q.filter(\.$id < b) }
        return try await q.sort(\.$id, .descending).limit(f.pageSize).all()
    }
}
