import DutyCore
import Fluent
import Vapor

/// A unit's reporting deadlines (报送时限): what it works under, own or inherited, every
/// version; and, for the policy administrator, a new stricter version of its own.
struct PolicyWebController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.guarded(.readDirectory).get("units", ":id", "policy", use: show)
        routes.guarded(.managePolicy).post("units", ":id", "policy", use: save)
    }

    /// The level scopes a rule may have, as the seeds write them.
    static let scopes: [(value: String, label: String, levels: Set<IncidentLevel>?)] = [
        ("all", "各级别", nil),
        ("major", "重大及以上", [.extraordinary, .major]),
        ("large-up", "较大及以上", [.extraordinary, .major, .large]),
        ("large-down", "较大及一般", [.large, .ordinary]),
    ]

    struct RuleView: Encodable {
        let index: Int
        /// The rule's id, carried through the form so an inherited rule keeps it.
        let id: String
        let title: String
        let milestone: String
        let milestoneTitle: String
        let anchor: String
        let anchorTitle: String
        let minutes: String
        let scope: String
        let scopeTitle: String
        let source: String
        /// "08:00,17:00" (每日定时) or "240" (间隔分钟) for a repeating rule.
        let recurrence: String
        let recurrenceTitle: String
    }

    struct VersionView: Encodable {
        let version: Int
        let effectiveText: String
        let warnBeforeMinutes: Int
        let inForce: Bool
        let rules: [RuleView]
    }

    struct PolicyPage: Encodable {
        let unitID: String
        let unitName: String
        let policyName: String
        let sourceText: String
        let versions: [VersionView]
        let canEdit: Bool
        let effectiveFrom: String
        let warnBeforeMinutes: String
        let rows: [RuleView]
        let milestones: [SelectOption]
        let anchors: [SelectOption]
        let scopes: [SelectOption]
        let error: String?
        let saved: Bool
    }

    static func ruleView(_ r: DeadlineRule, index: Int) -> RuleView {
        let scope = scopes.first { $0.levels == r.levels }
        return RuleView(
            index: index, id: r.id, title: r.title, milestone: r.milestone.rawValue, milestoneTitle: r.milestone.title, anchor: r.anchor.rawValue,
            anchorTitle: r.anchor.title, minutes: String(r.minutes), scope: scope?.value ?? "all",
            scopeTitle: scope?.label ?? (r.levels ?? []).sorted(by: >).map(\.title).joined(separator: "、"), source: r.source,
            recurrence: r.recurrence.map(recurrenceText) ?? "", recurrenceTitle: r.recurrence?.title ?? "")
    }

    static func recurrenceText(_ r: Recurrence) -> String {
        if let times = r.dailyAt { return times.joined(separator: ",") }
        return r.everyMinutes.map(String.init) ?? ""
    }

    /// "08:00,17:00" or "08:00、17:00" → 每日定时; "240" → every 240 minutes; empty → none.
    static func recurrence(from text: String) -> Recurrence? {
        let t = text.trimmingCharacters(in: .whitespaces)
        if t.isEmpty { return nil }
        if let minutes = Int(t) { return Recurrence(everyMinutes: minutes) }
        let times = t.split { ",，、 ;；".contains($0) }.map(String.init)
        return Recurrence(dailyAt: times)
    }

    func show(req: Request) async throws -> Response {
        let unit = try await req.context().visibleUnit(try req.uuidParameter())
        return try await render(req, unit, error: nil, typed: nil, status: .ok)
    }

    func render(_ req: Request, _ unit: OrgUnit, error: String?, typed: [String: String]?, status: HTTPResponseStatus) async throws -> Response {
        let actor = try req.requireActor()
        let now = req.now
        let found = try await PolicyService.policy(for: unit, on: req.db)
        var sourceText = "未设置报送时限规则"
        if let (_, setBy) = found {
            if setBy == unit.id {
                sourceText = "本单位设置"
            } else if let setBy, let owner = try await OrgUnit.find(setBy, on: req.db) {
                sourceText = "继承自" + owner.name
            }
        }
        let current = try await PolicyService.inForce(for: unit, at: now, on: req.db)?.version
        let versions = (found?.0.versions ?? []).sorted { $0.version > $1.version }.map { v in
            VersionView(
                version: v.version, effectiveText: ShanghaiTime.format(v.effectiveFrom, "yyyy-MM-dd HH:mm"), warnBeforeMinutes: v.warnBeforeMinutes,
                inForce: v.version == current?.version, rules: v.rules.enumerated().map { Self.ruleView($1, index: $0) })
        }
        // The form starts from the rules in force, plus two empty rows for new rules.
        var rows = (current?.rules ?? []).enumerated().map { Self.ruleView($1, index: $0) }
        for i in rows.count..<(rows.count + 2) {
            rows.append(
                RuleView(
                    index: i, id: "", title: "", milestone: "written", milestoneTitle: "", anchor: "receipt", anchorTitle: "", minutes: "", scope: "all",
                    scopeTitle: "", source: "", recurrence: "", recurrenceTitle: ""))
        }
        if let typed {
            rows = rows.map { r in
                let i = r.index
                return RuleView(
                    index: i, id: typed["ruleId_\(i)"] ?? "", title: typed["title_\(i)"] ?? "", milestone: typed["milestone_\(i)"] ?? r.milestone,
                    milestoneTitle: "", anchor: typed["anchor_\(i)"] ?? r.anchor,
                    anchorTitle: "", minutes: typed["minutes_\(i)"] ?? "", scope: typed["scope_\(i)"] ?? r.scope, scopeTitle: "", source: r.source,
                    recurrence: typed["recurrence_\(i)"] ?? "", recurrenceTitle: "")
            }
        }
        let view = PolicyPage(
            unitID: unit.id!.uuidString, unitName: unit.name, policyName: found?.0.name ?? "", sourceText: sourceText, versions: versions,
            canEdit: actor.can(.managePolicy), effectiveFrom: typed?["effectiveFrom"] ?? ShanghaiTime.format(now, "yyyy-MM-dd'T'HH:mm"),
            warnBeforeMinutes: typed?["warnBeforeMinutes"] ?? String(current?.warnBeforeMinutes ?? 5),
            rows: rows, milestones: Milestone.allCases.map { SelectOption(value: $0.rawValue, label: $0.title) },
            anchors: DeadlineAnchor.allCases.map { SelectOption(value: $0.rawValue, label: $0.title) },
            scopes: Self.scopes.map { SelectOption(value: $0.value, label: $0.label) }, error: error, saved: req.query[String.self, at: "saved"] == "1")
        return try await req.page("policy", title: "报送时限 · \(unit.name)", nav: "units", view, status: status)
    }

    func save(req: Request) async throws -> Response {
        let unit = try await req.context().visibleUnit(try req.uuidParameter())
        let form = try req.content.decode([String: String].self)
        let error = try await req.attempt {
            let policy = try await Self.policy(from: form, for: unit, ctx: req.context())
            try await PolicyService.save(policy, for: unit, ctx: req.context())
        }
        if let error { return try await render(req, unit, error: error.message, typed: form, status: error.status) }
        return req.redirect(to: "/units/\(unit.id!.uuidString)/policy?saved=1")
    }

    /// The unit's own policy with the form's rules as its next version, in force from the
    /// form's instant; incidents received before keep the version they were received under.
    static func policy(from form: [String: String], for unit: OrgUnit, ctx: ServiceContext) async throws -> ReportingPolicy {
        guard var from = ShanghaiTime.parse(form["effectiveFrom"] ?? "") else {
            throw DutyError.field("effectiveFrom", "请填写生效时间")
        }
        // The form opens at the current minute; a time a little before now (the minute the
        // page was opened) means now. Anything earlier would rewrite the past and is refused.
        if from < ctx.now && ctx.now.timeIntervalSince(from) < 30 * 60 { from = ctx.now }
        guard let warn = Int(form["warnBeforeMinutes"] ?? ""), (0...120).contains(warn) else {
            throw DutyError.field("warnBeforeMinutes", "提前提醒应为0到120之间的整数（分钟）")
        }
        // The rules the form started from: a row that names one keeps its id, and its source
        // when unchanged, so an inherited rule stays traceable to the document it comes from.
        // The source is never taken from the form.
        let base = try await PolicyService.inForce(for: unit, at: ctx.now, on: ctx.db)?.version.rules ?? []
        var rules: [DeadlineRule] = []
        for i in 0..<50 {
            let title = (form["title_\(i)"] ?? "").trimmingCharacters(in: .whitespaces)
            let minutesText = (form["minutes_\(i)"] ?? "").trimmingCharacters(in: .whitespaces)
            if title.isEmpty && minutesText.isEmpty { continue }
            guard !title.isEmpty else { throw DutyError.field("title_\(i)", "第\(i + 1)行：请填写时限名称") }
            guard let minutes = Int(minutesText), minutes >= 0 else { throw DutyError.field("minutes_\(i)", "第\(i + 1)行：时限应为整数（分钟）") }
            guard let milestone = Milestone(rawValue: form["milestone_\(i)"] ?? ""), let anchor = DeadlineAnchor(rawValue: form["anchor_\(i)"] ?? "") else {
                throw DutyError.field("milestone_\(i)", "第\(i + 1)行：请选择报告环节和起算时点")
            }
            let scope = scopes.first { $0.value == form["scope_\(i)"] } ?? scopes[0]
            var rule = DeadlineRule(
                id: "", title: title, milestone: milestone, anchor: anchor, minutes: minutes, levels: scope.levels,
                source: "\(unit.name)规定", recurrence: recurrence(from: form["recurrence_\(i)"] ?? ""))
            if let original = base.first(where: { $0.id == form["ruleId_\(i)"] }), !rules.contains(where: { $0.id == original.id }) {
                rule.id = original.id
                var same = rule
                same.source = original.source
                rule.source = same == original ? original.source : String("\(unit.name)规定（严于：\(original.source)）".prefix(200))
            } else {
                var n = i + 1
                while rules.contains(where: { $0.id == "r\(n)" }) || base.contains(where: { $0.id == "r\(n)" }) { n += 100 }
                rule.id = "r\(n)"
            }
            rules.append(rule)
        }
        guard !rules.isEmpty else { throw DutyError.field("title_0", "至少填写一条时限") }
        let found = try await PolicyService.policy(for: unit, on: ctx.db)
        let own = found?.1 == unit.id ? found?.0 : nil
        let next = (own?.versions.map(\.version).max() ?? 0) + 1
        let version = PolicyVersion(version: next, effectiveFrom: from, warnBeforeMinutes: warn, rules: rules)
        return ReportingPolicy(
            id: own?.id ?? "unit-\(unit.code ?? unit.id!.uuidString)", name: own?.name ?? "\(unit.name)信息报送时限",
            versions: (own?.versions ?? []) + [version])
    }
}
