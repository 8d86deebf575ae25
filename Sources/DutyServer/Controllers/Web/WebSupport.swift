import DutyCore
import Fluent
import Vapor

extension Request {
    func page<B: Encodable>(_ template: String, title: String, nav: String, _ body: B, status: HTTPResponseStatus = .ok) async throws -> Response {
        let ctx = Page(title: title, nav: nav, actor: actor.map(ActorView.init), nowText: ShanghaiTime.format(now), body: body)
        let res = try await view.render(template, ctx).encodeResponse(for: self)
        res.status = status
        return res
    }

    /// Runs a form action; a DutyError the officer can fix comes back as its message.
    func attempt(_ body: () async throws -> Void) async throws -> Refused? {
        do {
            try await body()
            return nil
        } catch let e as any DutyFailure where e.status.code < 500 && e.code != "not_found" && e.code != "forbidden" {
            return Refused(message: e.message, status: e.status)
        }
    }
}

/// A refused form or action, shown again on its page with the error's own status.
struct Refused: Error {
    let message: String
    let status: HTTPResponseStatus
}

enum WebRows {
    static func unit(_ u: OrgUnit, depth: Int = 0) -> UnitRow {
        UnitRow(
            id: u.id!.uuidString, code: u.code, name: u.name, kind: u.kind, kindTitle: u.unitKind.title, parentID: u.parentID?.uuidString, depth: depth,
            active: u.active, dutyPhone: u.dutyPhone, fax: u.fax, email: u.email)
    }

    static func person(_ p: Person, _ u: OrgUnit, now: Date) -> PersonRow {
        let c = EmploymentCategory(rawValue: p.category) ?? .established
        return PersonRow(
            id: p.id!.uuidString, name: p.name, position: p.position, unitID: u.id!.uuidString, unitName: u.name,
            officePhone: p.officePhone, mobile: p.mobile, fax: p.fax, email: p.email, category: c.rawValue, categoryTitle: c.title,
            active: p.active, lastVerifiedText: p.lastVerifiedAt.map { ShanghaiTime.format($0, "yyyy-MM-dd") },
            fresh: Freshness.isFresh(lastVerified: p.lastVerifiedAt, now: now))
    }

    static func freshness(_ s: Freshness.Share) -> FreshnessView {
        FreshnessView(verified: s.verified, total: s.total, percent: s.percent)
    }

    /// A change's field in the words of its form: the typed fields from their lists in DutyCore,
    /// the rest (choices, times, composite entries) named here.
    static let fieldTitles: [String: String] = {
        var t: [String: String] = [
            "name": "名称", "code": "代码", "kind": "类别", "parent": "上级单位", "dutyPhone": "值班电话", "fax": "传真", "email": "电子邮箱",
            "position": "职务", "officePhone": "办公电话", "mobile": "手机", "category": "人员类别", "unit": "单位", "active": "在用",
            "lastVerified": "核实日期", "at": "时间", "direction": "方式", "caller": "来电方", "readBack": "复述校对", "person": "外出领导",
            "leaveAt": "离开时间", "returnAt": "返回时间", "deputy": "主持工作", "returnedAt": "销假时间",
        ]
        for f in DutyLogField.allCases { t[f.rawValue] = f.title }
        for f in AbsenceField.allCases { t[f.rawValue] = f.title }
        return t
    }()

    static func history(_ entries: [AuditEntry]) -> [HistoryRow] {
        entries.map { e in
            let changes = (FieldChanges.parse(e.detail)?.changes ?? [:]).sorted { $0.key < $1.key }.map {
                ChangeRow(field: fieldTitles[$0.key] ?? $0.key, from: $0.value.from ?? "", to: $0.value.to ?? "")
            }
            return HistoryRow(
                atText: ShanghaiTime.format(e.at), actor: e.actor, action: e.action, actionTitle: AuditVocabulary.title(ofAction: e.action) ?? e.action,
                changes: changes)
        }
    }

    static func unitOptions(_ units: [OrgUnit], selected: String? = nil, activeOnly: Bool = true) -> [SelectOption] {
        let depthBase = units.first?.unitPath.depth ?? 1
        return units.filter { !activeOnly || $0.active }.map {
            SelectOption(
                value: $0.id!.uuidString, label: String(repeating: "　", count: max(0, $0.unitPath.depth - depthBase)) + $0.name,
                selected: $0.id!.uuidString == selected)
        }
    }

    static func categoryOptions(selected: String?) -> [SelectOption] {
        EmploymentCategory.allCases.map {
            SelectOption(value: $0.rawValue, label: $0.title, selected: $0.rawValue == (selected ?? EmploymentCategory.established.rawValue))
        }
    }

    static func kindOptions(selected: String?) -> [SelectOption] {
        UnitKind.allCases.filter { $0 != .emergencyMinistry }.map { SelectOption(value: $0.rawValue, label: $0.title, selected: $0.rawValue == selected) }
    }
}
