import DutyCore
import Fluent
import Foundation
import SQLKit
import Vapor

/// The directory's writes and searches, shared by the API, the pages and CSV import.
enum DirectoryService {
    // MARK: units

    static func checkUnitFields(name: String, code: String?, kind: UnitKind, dutyPhone: String, fax: String, email: String, divisions: DivisionRegistry) throws
        -> (name: String, code: String?, dutyPhone: String, fax: String, email: String)
    {
        var problems: [DutyError.FieldProblem] = []
        let name = name.trimmingCharacters(in: .whitespacesAndNewlines)
        if name.isEmpty { problems.append(.init(field: "name", message: "单位名称不能为空")) }
        if name.count > DirectoryRules.maxUnitNameLength { problems.append(.init(field: "name", message: "单位名称过长（最多\(DirectoryRules.maxUnitNameLength)个字）")) }
        let code = code?.trimmingCharacters(in: .whitespaces).nilIfEmpty
        if let code {
            if let problem = FieldRule.divisionProblem(code, divisions: divisions) { problems.append(.init(field: "code", message: problem)) }
        } else if kind.requiresDivisionCode {
            problems.append(.init(field: "code", message: "\(kind.title)必须填写行政区划代码（GB/T 2260）"))
        }
        var phones: [String] = []
        for (field, label, value) in [("dutyPhone", "值班电话", dutyPhone), ("fax", "传真", fax)] {
            let v = value.trimmingCharacters(in: .whitespaces)
            if v.isEmpty { phones.append(""); continue }
            switch PhoneNumber.validate(v) {
            case .success(let n): phones.append(n)
            case .failure(let e):
                phones.append(v)
                problems.append(.init(field: field, message: "\(label)：\(e.message)"))
            }
        }
        let email = email.trimmingCharacters(in: .whitespaces)
        if !email.isEmpty && !DirectoryRules.isPlausibleEmail(email) { problems.append(.init(field: "email", message: DirectoryRules.emailProblem)) }
        if !problems.isEmpty { throw DutyError.invalid(problems.map(\.message).joined(separator: "；"), details: problems) }
        return (name, code, phones[0], phones[1], email)
    }

    static func createUnit(_ input: UnitInput, ctx: ServiceContext) async throws -> OrgUnit {
        let parent = try await ctx.visibleUnit(input.parentId)
        let unit = try newUnit(input, under: parent, divisions: ctx.app.divisions, now: ctx.now)
        try await ctx.write { db in try await insert(unit, under: parent, ctx: ctx, on: db) }
        return unit
    }

    /// A new unit's row, checked, under `parent` (nil: the root of the tree).
    static func newUnit(_ input: UnitInput, under parent: OrgUnit?, divisions: DivisionRegistry, now: Date) throws -> OrgUnit {
        let f = try checkUnitFields(
            name: input.name, code: input.code, kind: input.kind, dutyPhone: input.dutyPhone ?? "", fax: input.fax ?? "", email: input.email ?? "",
            divisions: divisions)
        let unit = OrgUnit()
        unit.id = UUID()
        unit.code = f.code
        unit.name = f.name
        unit.kind = input.kind.rawValue
        unit.parentID = parent?.id
        unit.path = (parent?.unitPath.child(unit.id!.uuidString) ?? UnitPath(ids: [unit.id!.uuidString])).description
        unit.dutyPhone = f.dutyPhone
        unit.fax = f.fax
        unit.email = f.email
        unit.active = true
        unit.searchKey = Pinyin.searchKey(for: f.name)
        unit.createdAt = now
        unit.updatedAt = now
        return unit
    }

    /// Writes a new unit and its audit entry in the caller's transaction.
    static func insert(_ unit: OrgUnit, under parent: OrgUnit?, ctx: ServiceContext, on db: any Database) async throws {
        try await ensureCodeFree(unit.code, except: nil, on: db)
        try await unit.create(on: db)
        var ch = FieldChanges()
        ch.record("name", nil, unit.name)
        ch.record("code", nil, unit.code)
        ch.record("kind", nil, unit.unitKind.title)
        ch.record("parent", nil, parent?.name)
        try await ctx.audit("unit.create", "unit", unit.id!.uuidString, detail: ch.json, on: db)
    }

    static func ensureCodeFree(_ code: String?, except id: UUID?, on db: any Database) async throws {
        guard let code else { return }
        var q = OrgUnit.query(on: db).filter(\.$code == code)
        if let id { q = q.filter(\.$id != id) }
        if let other = try await q.first() {
            throw DirectoryError.duplicateCode(code, usedBy: other.name)
        }
    }

    static func updateUnit(_ unit: OrgUnit, _ patch: UnitPatch, ctx: ServiceContext) async throws -> OrgUnit {
        let actor = ctx.actor
        let kind = patch.kind ?? unit.unitKind
        let f = try checkUnitFields(
            name: patch.name ?? unit.name, code: patch.code ?? unit.code, kind: kind, dutyPhone: patch.dutyPhone ?? unit.dutyPhone,
            fax: patch.fax ?? unit.fax, email: patch.email ?? unit.email, divisions: ctx.app.divisions)
        var newParent: OrgUnit?
        if let pid = patch.parentId, pid != unit.parentID {
            if unit.id == actor.unit.id { throw DutyError.field("parentId", "不能移动本单位自身") }
            let parent = try await ctx.visibleUnit(pid)
            if case .failure(let e) = UnitTree.checkMove(unit: unit.unitPath, newParent: parent.unitPath) {
                throw DutyError.field("parentId", e.message)
            }
            newParent = parent
        }
        var ch = FieldChanges()
        ch.record("name", unit.name, f.name)
        ch.record("code", unit.code, f.code)
        ch.record("kind", unit.unitKind.title, kind.title)
        ch.record("dutyPhone", unit.dutyPhone, f.dutyPhone)
        ch.record("fax", unit.fax, f.fax)
        ch.record("email", unit.email, f.email)
        unit.name = f.name
        unit.code = f.code
        unit.kind = kind.rawValue
        unit.dutyPhone = f.dutyPhone
        unit.fax = f.fax
        unit.email = f.email
        unit.searchKey = Pinyin.searchKey(for: f.name)
        unit.updatedAt = ctx.now
        let oldPath = unit.unitPath
        try await ctx.write { db in
            try await ensureCodeFree(f.code, except: unit.id, on: db)
            if let newParent {
                ch.record("parent", unit.parentID?.uuidString, newParent.name)
                let newPath = newParent.unitPath.child(unit.id!.uuidString)
                let subtree = try await OrgUnit.query(on: db).inSubtree(of: oldPath.description).all()
                for u in subtree where u.id != unit.id {
                    u.path = UnitTree.rebase(u.unitPath, from: oldPath, to: newPath).description
                    try await u.save(on: db)
                }
                unit.parentID = newParent.id
                unit.path = newPath.description
            }
            try await unit.save(on: db)
            if !ch.isEmpty {
                try await ctx.audit("unit.update", "unit", unit.id!.uuidString, detail: ch.json, on: db)
            }
        }
        return unit
    }

    static func deactivateUnit(_ unit: OrgUnit, ctx: ServiceContext) async throws {
        let actor = ctx.actor
        if unit.id == actor.unit.id { throw DirectoryError.deactivateOwnUnit }
        let activeChildren = try await OrgUnit.query(on: ctx.db).filter(\.$parentID == unit.id).filter(\.$active == true).count()
        if activeChildren > 0 { throw DirectoryError.hasActiveChildren(activeChildren) }
        guard unit.active else { return }
        try await ctx.write { db in
            unit.active = false
            unit.updatedAt = ctx.now
            try await unit.save(on: db)
            var ch = FieldChanges()
            ch.record("active", "true", "false")
            try await ctx.audit("unit.deactivate", "unit", unit.id!.uuidString, detail: ch.json, on: db)
        }
    }

    // MARK: people

    static func fields(_ p: Person) -> PersonFields {
        PersonFields(name: p.name, position: p.position, officePhone: p.officePhone, mobile: p.mobile, fax: p.fax, email: p.email, category: p.category)
    }

    static func validated(_ f: PersonFields) throws -> PersonFields {
        switch DirectoryRules.validate(f) {
        case .success(let ok): return ok
        case .failure(let found):
            let issues = found.issues
            throw DutyError.invalid(issues.map(\.message).joined(separator: "；"), details: issues.map { .init(field: $0.field, message: $0.message) })
        }
    }

    static func apply(_ f: PersonFields, to p: Person) {
        p.name = f.name
        p.position = f.position
        p.officePhone = f.officePhone
        p.mobile = f.mobile
        p.fax = f.fax
        p.email = f.email
        p.category = f.category
        p.searchKey = Pinyin.searchKey(for: f.name)
        p.phoneDigits = DirectoryRules.phoneDigits(f)
    }

    /// A new person, not yet saved; the caller writes it in its transaction.
    static func newPerson(_ f: PersonFields, unitID: UUID, now: Date) -> Person {
        let p = Person()
        p.id = UUID()
        p.$unit.id = unitID
        apply(f, to: p)
        p.active = true
        // Entered now from a current source: counts as verified today.
        p.lastVerifiedAt = now
        p.createdAt = now
        p.updatedAt = now
        return p
    }

    static func creationChanges(_ p: Person, unitName: String) -> FieldChanges {
        var ch = FieldChanges()
        for (k, v) in [
            ("name", p.name), ("position", p.position), ("officePhone", p.officePhone), ("mobile", p.mobile), ("fax", p.fax), ("email", p.email),
            ("category", EmploymentCategory(rawValue: p.category)?.title ?? p.category), ("unit", unitName),
        ] {
            ch.record(k, nil, v)
        }
        return ch
    }

    static func createPerson(_ input: PersonInput, ctx: ServiceContext) async throws -> (Person, OrgUnit) {
        let unit = try await ctx.visibleUnit(input.unitId)
        guard unit.active else { throw DutyError.field("unitId", "该单位已停用，不能添加人员") }
        let f = try validated(
            PersonFields(
                name: input.name, position: input.position ?? "", officePhone: input.officePhone ?? "", mobile: input.mobile ?? "", fax: input.fax ?? "",
                email: input.email ?? "", category: (input.category ?? .established).rawValue))
        let p = newPerson(f, unitID: unit.id!, now: ctx.now)
        try await ctx.write { db in try await insert(p, in: unit, ctx: ctx, on: db) }
        return (p, unit)
    }

    /// Writes a new, checked entry and its audit entry in the caller's transaction.
    static func insert(_ p: Person, in unit: OrgUnit, ctx: ServiceContext, on db: any Database) async throws {
        try await p.create(on: db)
        try await ctx.audit("person.create", "person", p.id!.uuidString, detail: creationChanges(p, unitName: unit.name).json, on: db)
    }

    static func updatePerson(_ p: Person, unit: OrgUnit, _ patch: PersonPatch, ctx: ServiceContext) async throws -> (Person, OrgUnit) {
        var f = fields(p)
        if let v = patch.name { f.name = v }
        if let v = patch.position { f.position = v }
        if let v = patch.officePhone { f.officePhone = v }
        if let v = patch.mobile { f.mobile = v }
        if let v = patch.fax { f.fax = v }
        if let v = patch.email { f.email = v }
        if let v = patch.category { f.category = v.rawValue }
        let checked = try validated(f)
        var newUnit = unit
        if let uid = patch.unitId, uid != unit.id {
            newUnit = try await ctx.visibleUnit(uid)
            guard newUnit.active else { throw DutyError.field("unitId", "目标单位已停用") }
        }
        let old = fields(p)
        var ch = FieldChanges()
        ch.record("name", old.name, checked.name)
        ch.record("position", old.position, checked.position)
        ch.record("officePhone", old.officePhone, checked.officePhone)
        ch.record("mobile", old.mobile, checked.mobile)
        ch.record("fax", old.fax, checked.fax)
        ch.record("email", old.email, checked.email)
        ch.record("category", EmploymentCategory(rawValue: old.category)?.title, EmploymentCategory(rawValue: checked.category)?.title)
        ch.record("unit", unit.name, newUnit.name)
        guard !ch.isEmpty else { return (p, unit) }
        apply(checked, to: p)
        p.$unit.id = newUnit.id!
        p.updatedAt = ctx.now
        // A corrected entry has just been checked by the person who corrected it.
        p.lastVerifiedAt = ctx.now
        try await ctx.write { db in
            try await p.save(on: db)
            try await ctx.audit("person.update", "person", p.id!.uuidString, detail: ch.json, on: db)
        }
        return (p, newUnit)
    }

    static func verifyPerson(_ p: Person, ctx: ServiceContext) async throws {
        let previous = p.lastVerifiedAt.map { ShanghaiTime.format($0, "yyyy-MM-dd") }
        try await ctx.write { db in
            p.lastVerifiedAt = ctx.now
            try await p.save(on: db)
            var ch = FieldChanges()
            ch.record("lastVerified", previous, ShanghaiTime.format(ctx.now, "yyyy-MM-dd"))
            try await ctx.audit("person.verify", "person", p.id!.uuidString, detail: ch.json, on: db)
        }
    }

    static func deactivatePerson(_ p: Person, ctx: ServiceContext) async throws {
        guard p.active else { return }
        try await ctx.write { db in
            p.active = false
            p.updatedAt = ctx.now
            try await p.save(on: db)
            var ch = FieldChanges()
            ch.record("active", "true", "false")
            try await ctx.audit("person.deactivate", "person", p.id!.uuidString, detail: ch.json, on: db)
        }
    }

    // MARK: search

    struct Query {
        var text: String = ""
        var within: OrgUnit?
        var includeInactive = false
        var limit = 200
    }

    /// Name, pinyin (full or initials), phone fragment or unit name, within the actor's subtree.
    static func search(_ q: Query, ctx: ServiceContext) async throws -> [(Person, OrgUnit)] {
        let actor = ctx.actor
        let scope = q.within?.path ?? actor.unit.path
        var query = Person.query(on: ctx.db).join(OrgUnit.self, on: \Person.$unit.$id == \OrgUnit.$id)
            .joinedUnitInSubtree(of: scope)
        if !q.includeInactive { query = query.filter(\.$active == true) }
        let text = q.text.trimmingCharacters(in: .whitespacesAndNewlines).replacingOccurrences(of: "%", with: "").replacingOccurrences(of: "_", with: "")
        if !text.isEmpty {
            let digits = PhoneNumber.digits(text)
            if digits.count >= 3 && digits.count == text.filter({ !"-+ ()".contains($0) }).count {
                query = query.filter(\.$phoneDigits, .custom("LIKE"), "%" + digits + "%")
            } else if let latin = Pinyin.normalizedQuery(text) {
                query = query.group(.or) {
                    $0.filter(\.$searchKey, .custom("LIKE"), "%" + latin + "%")
                        .filter(OrgUnit.self, \.$searchKey, .custom("LIKE"), "%" + latin + "%")
                }
            } else {
                query = query.group(.or) {
                    $0.filter(\.$name, .custom("LIKE"), "%" + text + "%")
                        .filter(\.$position, .custom("LIKE"), "%" + text + "%")
                        .filter(OrgUnit.self, \.$name, .custom("LIKE"), "%" + text + "%")
                }
            }
        }
        let people = try await query.sort(OrgUnit.self, \.$path).sort(\.$name).limit(q.limit).all()
        return try people.map { p in (p, try p.joined(OrgUnit.self)) }
    }

    static func freshness(of unit: OrgUnit, ctx: ServiceContext) async throws -> Freshness.Share {
        let dates = try await Person.query(on: ctx.db).join(OrgUnit.self, on: \Person.$unit.$id == \OrgUnit.$id)
            .joinedUnitInSubtree(of: unit.path).filter(\.$active == true)
            .all(\.$lastVerifiedAt)
        return Freshness.share(of: dates, now: ctx.now)
    }

    // MARK: history

    static func history(targetType: String, id: UUID, ctx: ServiceContext) async throws -> [AuditEntry] {
        try await AuditEntry.query(on: ctx.db).filter(\.$targetType == targetType).filter(\.$targetID == id.uuidString)
            .sort(\.$id, .descending).limit(200).all()
    }
}

extension String {
    var nilIfEmpty: String? { isEmpty ? nil : self }
}
