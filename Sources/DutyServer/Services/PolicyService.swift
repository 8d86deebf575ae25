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
    /// Per unit path: the own policies of the unit and its ancestors, nearest first.
    nonisolated(unsafe) private static var cache: [String: (at: Date, value: [(UUID, ReportingPolicy)])] = [:]

    /// The version an incident is measured against, and whose it is.
    struct InForce {
        let policy: ReportingPolicy
        /// The unit that set the policy: the record's own unit or an ancestor.
        let ownerID: UUID
        let version: PolicyVersion
    }

    /// The own policies along a unit's chain, nearest first.
    static func chain(for unit: OrgUnit, on db: any Database) async throws -> [(UUID, ReportingPolicy)] {
        let key = unit.path
        let started = Date()
        if let hit = lock.withLock({ cache[key] }), started.timeIntervalSince(hit.at) < ttl { return hit.value }
        let value = try await lookup(unit, on: db)
        lock.withLock { cache[key] = (started, value) }
        return value
    }

    /// The policy a unit works under today, and the unit that set it: its own if it has one,
    /// else the nearest ancestor's.
    static func policy(for unit: OrgUnit, on db: any Database) async throws -> (ReportingPolicy, UUID?)? {
        try await chain(for: unit, on: db).first.map { ($0.1, $0.0) }
    }

    /// The version in force for a unit at an instant: the nearest policy along its chain that
    /// had a version in force then. A unit that adds its own policy today leaves the incidents
    /// its subtree received before under the version they were received under.
    static func inForce(for unit: OrgUnit, at instant: Date, on db: any Database) async throws -> InForce? {
        for (owner, policy) in try await chain(for: unit, on: db) {
            if let v = policy.version(inForceAt: instant) { return InForce(policy: policy, ownerID: owner, version: v) }
        }
        return nil
    }

    /// The version a record was received under, by its stored reference: versions in force
    /// are never rewritten, so this is what the record was measured against from the start.
    static func recorded(owner: UUID, version: Int, on db: any Database) async throws -> InForce? {
        let key = "owner:" + owner.uuidString
        let started = Date()
        let policy: ReportingPolicy?
        if let hit = lock.withLock({ cache[key] }), started.timeIntervalSince(hit.at) < ttl {
            policy = hit.value.first?.1
        } else {
            policy = try await UnitPolicy.find(owner, on: db).flatMap(decode)
            lock.withLock { cache[key] = (started, policy.map { [(owner, $0)] } ?? []) }
        }
        guard let policy, let v = policy.versions.first(where: { $0.version == version }) else { return nil }
        return InForce(policy: policy, ownerID: owner, version: v)
    }

    static func forget() { lock.withLock { cache.removeAll() } }

    private static func decode(_ row: UnitPolicy) -> ReportingPolicy? {
        try? JSONCoders.decoder.decode(ReportingPolicy.self, from: Data(row.policy.utf8))
    }

    private static func lookup(_ unit: OrgUnit, on db: any Database) async throws -> [(UUID, ReportingPolicy)] {
        let ids = unit.unitPath.ids.compactMap(UUID.init(uuidString:))
        let rows = try await UnitPolicy.query(on: db).filter(\.$id ~~ ids).all()
        let byUnit = Dictionary(uniqueKeysWithValues: rows.compactMap { r in r.id.flatMap { id in decode(r).map { (id, $0) } } })
        return ids.reversed().compactMap { id in byUnit[id].map { (id, $0) } }
    }

    /// Checks, stores and audits a unit's own policy (API and page alike).
    static func save(_ policy: ReportingPolicy, for unit: OrgUnit, ctx: ServiceContext) async throws {
        let problems = policy.structuralProblems
        if !problems.isEmpty {
            throw DutyError.invalid("报送时限规则有误：" + problems.joined(separator: "；"), details: problems.map { .init(field: "policy", message: $0) })
        }
        let actor = ctx.actor
        let stored = try await UnitPolicy.find(unit.id, on: ctx.db).flatMap(decode)
        let history = PolicyHistory.problems(stored: stored, proposed: policy, now: ctx.now)
        if !history.isEmpty { throw PolicyError.rewritesThePast(history) }
        try await ctx.write { db in
            try await set(policy, for: unit, actor: actor.user.username, now: ctx.now, on: db)
            try await ctx.audit("policy.set", "unit", unit.id!.uuidString, detail: "\(policy.id) v\(policy.versions.map(\.version).max() ?? 0)", on: db)
        }
        forget()
    }

    /// Sets a unit's own policy; it must be at least as strict as what it would inherit.
    static func set(_ policy: ReportingPolicy, for unit: OrgUnit, actor: String, now: Date, on db: any Database) async throws {
        if let parentID = unit.parentID, let parent = try await OrgUnit.find(parentID, on: db) {
            // Each own version must be at least as strict as everything it inherits while it is
            // in force: the inherited version at its start, and every inherited version that
            // begins before the unit's next version does.
            let inheritedStarts = try await chain(for: parent, on: db).flatMap { $0.1.versions.map(\.effectiveFrom) }
            let own = policy.versions.sorted { $0.effectiveFrom < $1.effectiveFrom }
            for (i, version) in own.enumerated() {
                let end = i + 1 < own.count ? own[i + 1].effectiveFrom : .distantFuture
                let instants = [version.effectiveFrom] + inheritedStarts.filter { $0 > version.effectiveFrom && $0 < end }
                for instant in instants {
                    guard let base = try await inForce(for: parent, at: instant, on: db)?.version else { continue }
                    let problems = PolicyInheritance.problems(own: version, inherited: base)
                    if !problems.isEmpty {
                        throw DutyError.invalid(
                            "本级报送时限不能比上级宽松：" + problems.joined(separator: "；"), details: problems.map { .init(field: "policy", message: $0) })
                    }
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
