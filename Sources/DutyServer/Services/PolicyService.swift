import DutyCore
import Fluent
import Foundation
import NIOConcurrencyHelpers
import Vapor

/// Which reporting policy governs a unit: its own if it set one, else the nearest
/// ancestor's (PolicyInheritance), read from `unit_policies`.
enum PolicyService {
    /// Policies change rarely and are read on every clock; a lookup is kept for a short while.
    /// Setting a policy clears it here; other instances see the change within `ttl`.
    static let ttl: TimeInterval = 30
    private static let lock = NIOLock()
    nonisolated(unsafe) private static var cache: [String: (at: Date, value: (ReportingPolicy, UUID?)?)] = [:]

    /// The policy a unit works under, and the unit that set it.
    static func policy(for unit: OrgUnit, on db: any Database) async throws -> (ReportingPolicy, UUID?)? {
        let key = unit.path
        let started = Date()
        if let hit = lock.withLock({ cache[key] }), started.timeIntervalSince(hit.at) < ttl { return hit.value }
        let value = try await lookup(unit, on: db)
        lock.withLock { cache[key] = (started, value) }
        return value
    }

    static func forget() { lock.withLock { cache.removeAll() } }

    private static func lookup(_ unit: OrgUnit, on db: any Database) async throws -> (ReportingPolicy, UUID?)? {
        let ids = unit.unitPath.ids.compactMap(UUID.init(uuidString:))
        let rows = try await UnitPolicy.query(on: db).filter(\.$id ~~ ids).all()
        let byUnit = Dictionary(
            uniqueKeysWithValues: rows.compactMap { r -> (UUID, ReportingPolicy)? in
                guard let id = r.id, let p = try? JSONCoders.decoder.decode(ReportingPolicy.self, from: Data(r.policy.utf8)) else { return nil }
                return (id, p)
            })
        for id in ids.reversed() {
            if let p = byUnit[id] { return (p, id) }
        }
        return nil
    }

    /// Checks, stores and audits a unit's own policy (API and page alike).
    static func save(_ policy: ReportingPolicy, for unit: OrgUnit, ctx: ServiceContext) async throws {
        let problems = policy.structuralProblems
        if !problems.isEmpty {
            throw DutyError.invalid("报送时限规则有误：" + problems.joined(separator: "；"), details: problems.map { .init(field: "policy", message: $0) })
        }
        let actor = ctx.actor
        try await ctx.write { db in
            try await set(policy, for: unit, actor: actor.user.username, now: ctx.now, on: db)
            try await ctx.audit("policy.set", "unit", unit.id!.uuidString, detail: "\(policy.id) v\(policy.versions.map(\.version).max() ?? 0)", on: db)
        }
        forget()
    }

    /// Sets a unit's own policy; it must be at least as strict as what it would inherit.
    static func set(_ policy: ReportingPolicy, for unit: OrgUnit, actor: String, now: Date, on db: any Database) async throws {
        if let parentID = unit.parentID, let parent = try await OrgUnit.find(parentID, on: db),
            let (inherited, _) = try await self.policy(for: parent, on: db)
        {
            for own in policy.versions {
                guard let base = inherited.version(inForceAt: own.effectiveFrom) ?? inherited.versions.first else { continue }
                let problems = PolicyInheritance.problems(own: own, inherited: base)
                if !problems.isEmpty {
                    throw DutyError.invalid("本级报送时限不能比上级宽松：" + problems.joined(separator: "；"), details: problems.map { .init(field: "policy", message: $0) })
                }
            }
        }
        let row = try await UnitPolicy.find(unit.id, on: db) ?? UnitPolicy()
        row.id = unit.id
        row.policy = String(decoding: try JSONCoders.encoder.encode(policy), as: UTF8.self)
        row.setBy = actor
        row.setAt = now
        try await row.save(on: db)
        forget()
    }

    /// A local rule set on top of the inherited one: the national rules keep applying and
    /// the local ones add to them, which is stricter by construction.
    static func layered(_ local: ReportingPolicy, over base: ReportingPolicy) -> ReportingPolicy {
        let versions = local.versions.map { lv -> PolicyVersion in
            let bv = base.version(inForceAt: lv.effectiveFrom) ?? base.versions.first
            return PolicyVersion(
                version: lv.version, effectiveFrom: max(lv.effectiveFrom, bv?.effectiveFrom ?? lv.effectiveFrom),
                warnBeforeMinutes: min(lv.warnBeforeMinutes, bv?.warnBeforeMinutes ?? lv.warnBeforeMinutes),
                rules: (bv?.rules ?? []) + lv.rules)
        }
        return ReportingPolicy(id: local.id + "+" + base.id, name: local.name + "（含" + base.name + "）", versions: versions)
    }
}
