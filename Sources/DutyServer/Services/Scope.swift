import DutyCore
import Fluent
import Vapor

/// Loading records through the access rule: what the actor may not see is "not found",
/// so a sibling's data is never even confirmed to exist.
extension ServiceContext {
    /// `forReading`: the unit may come from the read cache and must not be modified.
    func visibleUnit(_ id: UUID?, forReading: Bool = false) async throws -> OrgUnit {
        let db = self.db
        let found = try await id.asyncMap { id in
            forReading ? try await app.readCache.value("unit:\(id)") { try await OrgUnit.find(id, on: db) } : try await OrgUnit.find(id, on: db)
        }
        guard let unit = found ?? nil, actor.sees(unit.unitPath) else {
            throw DutyError.notFound("该单位")
        }
        return unit
    }

    func visiblePerson(_ id: UUID?) async throws -> (Person, OrgUnit) {
        guard let id, let person = try await Person.query(on: db).filter(\.$id == id).with(\.$unit).first(),
            actor.sees(person.unit.unitPath)
        else { throw DutyError.notFound("该人员") }
        return (person, person.unit)
    }

    /// The actor's unit and every unit below it, in tree order.
    func visibleUnits(includeInactive: Bool = true) async throws -> [OrgUnit] {
        var q = OrgUnit.query(on: db).inSubtree(of: actor.unit.path)
        if !includeInactive { q = q.filter(\.$active == true) }
        return try await q.sort(\.$path).all().sortedAsTree()
    }

    /// A write to a record of `unitID` by its own unit only; a superior reads, never writes.
    func requireOwnUnit(_ unitID: UUID?, _ what: String = "该记录") throws {
        guard unitID == actor.unit.id else { throw AccessError.notOwnUnit(what) }
    }
}

extension Request {
    func uuidParameter(_ name: String = "id") throws -> UUID {
        guard let s = parameters.get(name), let id = UUID(uuidString: s) else { throw DutyError.notFound("该记录") }
        return id
    }
}

extension QueryBuilder where Model == OrgUnit {
    /// The unit at `path` and every unit below it.
    func inSubtree(of path: String) -> Self { filter(\.$path, .custom("LIKE"), path + "%") }
}

extension QueryBuilder {
    /// Rows whose joined `OrgUnit` is the unit at `path` or below it.
    func joinedUnitInSubtree(of path: String) -> Self { filter(OrgUnit.self, \.$path, .custom("LIKE"), path + "%") }
}

extension Array where Element == OrgUnit {
    /// Depth-first order with siblings by code then name, which reads as the tree.
    func sortedAsTree() -> [OrgUnit] {
        let byParent = Dictionary(grouping: self) { $0.parentID }
        let ids = Set(compactMap(\.id))
        let roots = filter { $0.parentID == nil || !ids.contains($0.parentID!) }
        var out: [OrgUnit] = []
        func key(_ u: OrgUnit) -> String { (u.code ?? "999999") + u.name }
        func walk(_ u: OrgUnit) {
            out.append(u)
            for c in (byParent[u.id] ?? []).sorted(by: { key($0) < key($1) }) { walk(c) }
        }
        for r in roots.sorted(by: { key($0) < key($1) }) { walk(r) }
        return out
    }
}
