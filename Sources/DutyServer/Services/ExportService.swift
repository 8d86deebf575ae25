import DutyCore
import Fluent
import Foundation
import Vapor

/// Exports leave the system, so each one is recorded in the audit trail.
enum ExportService {
    /// Names of the units from the top of the tree down to `unit`, limited to what the actor sees.
    static func chainNames(_ unit: OrgUnit, ctx: ServiceContext) async throws -> [String] {
        let actor = ctx.actor
        let ids = unit.unitPath.ids.suffix(from: max(0, actor.unitPath.depth - 1)).compactMap(UUID.init(uuidString:))
        let units = try await OrgUnit.query(on: ctx.db).filter(\.$id ~~ ids).all()
        let byID = Dictionary(uniqueKeysWithValues: units.map { ($0.id!, $0.name) })
        return ids.compactMap { byID[$0] }
    }

    static func contact(_ p: Person, org: [String]) -> VCardContact {
        VCardContact(
            uid: p.id!.uuidString, fullName: p.name, organization: org, title: p.position.nilIfEmpty,
            officePhones: [p.officePhone].filter { !$0.isEmpty }, mobilePhones: [p.mobile].filter { !$0.isEmpty },
            faxes: [p.fax].filter { !$0.isEmpty }, emails: [p.email].filter { !$0.isEmpty }, revision: p.updatedAt)
    }

    static func vcardResponse(people: [(Person, OrgUnit)], extra: [VCardContact] = [], filename: String, target: (String, String), ctx: ServiceContext)
        async throws -> Response
    {
        var chains: [UUID: [String]] = [:]
        var contacts = extra
        for (p, unit) in people {
            if chains[unit.id!] == nil { chains[unit.id!] = try await chainNames(unit, ctx: ctx) }
            contacts.append(contact(p, org: chains[unit.id!]!))
        }
        try await ctx.write { db in
            try await ctx.audit("export.vcard", target.0, target.1, detail: "\(contacts.count)位联系人", on: db)
        }
        let res = Response(status: .ok, body: .init(string: VCard.encode(contacts)))
        res.headers.contentType = HTTPMediaType(type: "text", subType: "vcard", parameters: ["charset": "utf-8"])
        res.headers.replaceOrAdd(name: .contentDisposition, value: "attachment; filename=\"\(filename)\"")
        return res
    }

    static func unitVCard(_ unit: OrgUnit, ctx: ServiceContext) async throws -> Response {
        let rows = try await DirectoryService.search(.init(within: unit, limit: 100_000), ctx: ctx)
        let org = try await chainNames(unit, ctx: ctx)
        var extra: [VCardContact] = []
        if !unit.dutyPhone.isEmpty || !unit.fax.isEmpty {
            var room = VCardContact(
                uid: unit.id!.uuidString, fullName: unit.name + "值班室", organization: org, officePhones: [unit.dutyPhone].filter { !$0.isEmpty },
                faxes: [unit.fax].filter { !$0.isEmpty }, emails: [unit.email].filter { !$0.isEmpty })
            room.isOrganization = true
            extra.append(room)
        }
        return try await vcardResponse(people: rows, extra: extra, filename: "unit.vcf", target: ("unit", unit.id!.uuidString), ctx: ctx)
    }

    static func csvResponse(within unit: OrgUnit?, ctx: ServiceContext) async throws -> Response {
        let rows = try await DirectoryService.search(.init(within: unit, limit: 1_000_000), ctx: ctx)
        var table: [[String]] = [DirectoryRules.csvHeader + ["最近核实日期"]]
        for (p, u) in rows {
            table.append([
                p.name, p.position, p.officePhone, p.mobile, p.fax, p.email,
                EmploymentCategory(rawValue: p.category)?.title ?? p.category, u.code ?? u.name,
                p.lastVerifiedAt.map { ShanghaiTime.format($0, "yyyy-MM-dd") } ?? "",
            ])
        }
        let target = try unit?.id?.uuidString ?? ctx.actor.unit.id!.uuidString
        try await ctx.write { db in
            try await ctx.audit("export.csv", "unit", target, detail: "\(rows.count)人", on: db)
        }
        let res = Response(status: .ok, body: .init(data: Data(CSV.encode(table, bom: true))))
        res.headers.contentType = HTTPMediaType(type: "text", subType: "csv", parameters: ["charset": "utf-8"])
        let name = "通讯录-" + ShanghaiTime.format(ctx.now, "yyyyMMdd") + ".csv"
        res.headers.replaceOrAdd(
            name: .contentDisposition,
            value: "attachment; filename=\"directory.csv\"; filename*=UTF-8''"
                + (name.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? "directory.csv"))
        return res
    }
}

/// CSV import: every row is checked first; if any row is bad nothing is written and the
/// report names each bad row. Otherwise the whole file lands in one transaction.
enum ImportService {
    struct Report {
        var imported: Int
        var encoding: TextEncodingDetected
    }

    static func importCSV(_ bytes: [UInt8], into target: OrgUnit, ctx: ServiceContext) async throws -> Report {
        guard let (text, encoding) = TextDecoding.decode(bytes) else {
            throw DutyError.invalid("无法识别文件编码：请保存为 UTF-8 或 GB18030（Excel“CSV”格式）")
        }
        let rows: [[String]]
        do {
            rows = try CSV.parse(text)
        } catch let e as CSVError {
            throw DutyError.invalid(e.message, details: [.init(row: e.line, message: e.message)])
        }
        guard let header = rows.first else { throw DutyError.invalid("文件是空的") }
        let columns = header.map { $0.trimmingCharacters(in: .whitespaces) }
        var index: [String: Int] = [:]
        for (i, c) in columns.enumerated() { index[c] = i }
        let missing = ["姓名", "人员类别"].filter { index[$0] == nil } + (index["办公电话"] == nil && index["手机"] == nil ? ["手机"] : [])
        if !missing.isEmpty {
            throw DutyError.invalid(
                "表头缺少列：" + missing.joined(separator: "、") + "（应为：" + DirectoryRules.csvHeader.joined(separator: ",") + "）",
                details: [.init(row: 1, message: "表头缺少列：" + missing.joined(separator: "、"))])
        }
        let scope = try await DirectoryService.search(.init(within: target, includeInactive: false, limit: 1_000_000), ctx: ctx)
        let units = try await OrgUnit.query(on: ctx.db).inSubtree(of: target.path).filter(\.$active == true).all()
        var unitsByKey: [String: OrgUnit] = [:]
        for u in units {
            unitsByKey[u.name] = u
            if let c = u.code { unitsByKey[c] = u }
        }
        var existing: [String: Person] = [:]
        for (p, u) in scope { existing[u.id!.uuidString + "|" + p.name] = p }

        var problems: [DutyError.FieldProblem] = []
        var planned: [(PersonFields, OrgUnit, Person?)] = []
        var seen: [String: Int] = [:]
        let now = ctx.now
        for (offset, row) in rows.dropFirst().enumerated() {
            let line = offset + 2
            func col(_ name: String) -> String {
                guard let i = index[name], i < row.count else { return "" }
                return row[i].trimmingCharacters(in: .whitespacesAndNewlines)
            }
            var unit = target
            let unitKey = col("单位")
            if !unitKey.isEmpty {
                guard let u = unitsByKey[unitKey] else {
                    problems.append(.init(row: line, field: "单位", message: "第\(line)行：单位“\(unitKey)”不在“\(target.name)”及其下级单位中"))
                    continue
                }
                unit = u
            }
            let fields = PersonFields(
                name: col("姓名"), position: col("职务"), officePhone: col("办公电话"), mobile: col("手机"), fax: col("传真"), email: col("电子邮箱"),
                category: col("人员类别").isEmpty ? EmploymentCategory.established.title : col("人员类别"))
            switch DirectoryRules.validate(fields) {
            case .failure(let issues):
                for i in issues.issues { problems.append(.init(row: line, field: DirectoryRules.csvColumn(for: i.field), message: "第\(line)行：\(i.message)")) }
            case .success(let ok):
                let key = unit.id!.uuidString + "|" + ok.name
                if let first = seen[key] {
                    problems.append(.init(row: line, field: "姓名", message: "第\(line)行：与第\(first)行重复（同一单位同名人员）"))
                    continue
                }
                seen[key] = line
                planned.append((ok, unit, existing[key]))
            }
        }
        if !problems.isEmpty {
            throw DutyError.invalid("导入未执行：\(Set(problems.compactMap(\.row)).count)行有错误，请改正后重新导入", details: problems)
        }
        if planned.isEmpty { throw DutyError.invalid("文件中没有数据行") }
        let count = planned.count
        try await ctx.write { db in
            for (fields, unit, person) in planned {
                if let person {
                    let old = DirectoryService.fields(person)
                    var ch = FieldChanges()
                    for (k, a, b) in [
                        ("position", old.position, fields.position), ("officePhone", old.officePhone, fields.officePhone),
                        ("mobile", old.mobile, fields.mobile), ("fax", old.fax, fields.fax), ("email", old.email, fields.email),
                        ("category", old.category, fields.category),
                    ] {
                        ch.record(k, a, b)
                    }
                    DirectoryService.apply(fields, to: person)
                    person.lastVerifiedAt = now
                    person.updatedAt = now
                    try await person.save(on: db)
                    if !ch.isEmpty { try await ctx.audit("person.update", "person", person.id!.uuidString, detail: ch.json, on: db) }
                } else {
                    let p = DirectoryService.newPerson(fields, unitID: unit.id!, now: now)
                    try await p.create(on: db)
                    try await ctx.audit(
                        "person.create", "person", p.id!.uuidString, detail: DirectoryService.creationChanges(p, unitName: unit.name).json, on: db)
                }
            }
            try await ctx.audit("directory.import", "unit", target.id!.uuidString, detail: "\(count)行，编码 \(encoding.rawValue)", on: db)
        }
        return Report(imported: count, encoding: encoding)
    }
}
