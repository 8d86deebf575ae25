import DutyCore
import Fluent
import Foundation
import Vapor

struct LeaderAbsenceInput: Content {
    var personId: UUID?
    var personName: String?
    var personPosition: String?
    var reason: String?
    var destination: String?
    var leaveAt: Date?
    var returnAt: Date?
    var deputyName: String?
    var deputyPost: String?
    /// Required for a change (S001 第十条: changes to the trip are reported with their reason).
    var changeReason: String?
}

struct ReturnInput: Content {
    var at: Date?
}

struct LeaderAbsenceDTO: Content {
    var id: UUID
    var unitId: UUID
    var unitName: String
    var personId: UUID?
    var personName: String
    var personPosition: String
    var reason: String
    var destination: String
    var leaveAt: Date
    var leaveAtText: String
    var returnAt: Date
    var returnAtText: String
    var deputyName: String
    var deputyPost: String
    var returnedAt: Date?
    var returnedAtText: String?
    var status: AbsenceStatus
    var statusTitle: String
    var statusTone: StatusTone
    var overdue: Bool
    var createdBy: String
}

/// 领导外出报备 (S001 第十条): who is away, until when, and who is in charge meanwhile.
enum AbsenceService {
    static func dto(_ a: LeaderAbsence, unit: OrgUnit, now: Date) -> LeaderAbsenceDTO {
        let s = a.status(now: now)
        let f = { (d: Date) in ShanghaiTime.format(d, "yyyy-MM-dd HH:mm") }
        return LeaderAbsenceDTO(
            id: a.id!, unitId: unit.id!, unitName: unit.name, personId: a.personID, personName: a.personName, personPosition: a.personPosition,
            reason: a.reason, destination: a.destination, leaveAt: a.leaveAt, leaveAtText: f(a.leaveAt), returnAt: a.returnAt, returnAtText: f(a.returnAt),
            deputyName: a.deputyName, deputyPost: a.deputyPost, returnedAt: a.returnedAt, returnedAtText: a.returnedAt.map(f), status: s, statusTitle: s.title,
            statusTone: s.tone,
            overdue: s == .overdue, createdBy: a.createdBy)
    }

    /// `current`: not yet returned (planned, away or overdue) — what the command centre watches.
    static func list(under unit: OrgUnit, current: Bool, on db: any Database) async throws -> [LeaderAbsence] {
        var q = LeaderAbsence.query(on: db).join(OrgUnit.self, on: \LeaderAbsence.$unit.$id == \OrgUnit.$id)
            .joinedUnitInSubtree(of: unit.path).with(\.$unit)
        if current { q = q.filter(\.$returnedAt == nil) }
        return try await q.sort(\.$leaveAt, .descending).limit(500).all()
    }

    static func visible(_ id: UUID, ctx: ServiceContext) async throws -> (LeaderAbsence, OrgUnit) {
        let actor = ctx.actor
        guard let a = try await LeaderAbsence.query(on: ctx.db).filter(\.$id == id).with(\.$unit).first(), actor.sees(a.unit.unitPath) else {
            throw DutyError.notFound("该外出报备")
        }
        return (a, a.unit)
    }

    static func apply(_ i: LeaderAbsenceInput, to a: LeaderAbsence, isNew: Bool, ctx: ServiceContext) async throws {
        let actor = ctx.actor
        var issues: [FieldIssue] = []
        if let pid = i.personId {
            let (p, unit) = try await ctx.visiblePerson(pid)
            guard unit.id == actor.unit.id else { throw DutyError.field("personId", "只能报备本单位人员的外出") }
            a.personID = p.id
            a.personName = p.name
            a.personPosition = p.position
        } else if isNew || i.personName != nil {
            a.personID = nil
            a.personName = AbsenceField.personName.checked(i.personName ?? a.personName, into: &issues)
            a.personPosition = AbsenceField.personPosition.checked(i.personPosition ?? a.personPosition, into: &issues)
        }
        a.reason = AbsenceField.reason.checked(i.reason ?? a.reason, into: &issues)
        a.destination = AbsenceField.destination.checked(i.destination ?? a.destination, into: &issues)
        a.deputyName = AbsenceField.deputyName.checked(i.deputyName ?? a.deputyName, into: &issues)
        a.deputyPost = AbsenceField.deputyPost.checked(i.deputyPost ?? a.deputyPost, into: &issues)
        if let d = i.leaveAt { a.leaveAt = d }
        if let d = i.returnAt { a.returnAt = d }
        if isNew && i.leaveAt == nil { issues.append(FieldIssue("leaveAt", "请填写离开时间")) }
        if isNew && i.returnAt == nil { issues.append(FieldIssue("returnAt", "请填写预计返回时间")) }
        if (i.leaveAt != nil || !isNew) && (i.returnAt != nil || !isNew) && a.returnAt <= a.leaveAt {
            issues.append(FieldIssue("returnAt", "返回时间应晚于离开时间"))
        }
        if !issues.isEmpty { throw DutyError.invalid(FieldIssues(issues)) }
    }

    static func create(_ i: LeaderAbsenceInput, ctx: ServiceContext) async throws -> LeaderAbsence {
        let actor = ctx.actor
        let now = ctx.now
        let a = LeaderAbsence()
        a.id = UUID.timeOrdered(at: now)
        a.$unit.id = actor.unit.id!
        a.personName = ""
        a.personPosition = ""
        a.reason = ""
        a.destination = ""
        a.deputyName = ""
        a.deputyPost = ""
        a.leaveAt = now
        a.returnAt = now
        try await apply(i, to: a, isNew: true, ctx: ctx)
        a.createdBy = actor.user.username
        a.createdAt = now
        a.updatedAt = now
        try await ctx.write { db in
            try await a.create(on: db)
            var ch = FieldChanges()
            ch.record("person", nil, a.personName)
            ch.record("leaveAt", nil, ShanghaiTime.format(a.leaveAt, "yyyy-MM-dd HH:mm"))
            ch.record("returnAt", nil, ShanghaiTime.format(a.returnAt, "yyyy-MM-dd HH:mm"))
            ch.record("destination", nil, a.destination)
            ch.record("deputy", nil, a.deputyPost + a.deputyName)
            try await ctx.audit("absence.create", "absence", a.id!.uuidString, detail: ch.json, on: db)
        }
        return a
    }

    static func update(_ a: LeaderAbsence, unit: OrgUnit, _ i: LeaderAbsenceInput, ctx: ServiceContext) async throws {
        try ctx.requireOwnUnit(unit.id, "该外出报备")
        if a.returnedAt != nil { throw DutyDeskError.absenceReturned(changing: true) }
        guard !(i.changeReason ?? "").trimmingCharacters(in: .whitespacesAndNewlines).isEmpty else {
            throw DutyError.field("changeReason", "变更外出安排须说明变更原因")
        }
        let reason = try AbsenceField.changeReason.accepted(i.changeReason)
        let f = { (d: Date) in ShanghaiTime.format(d, "yyyy-MM-dd HH:mm") }
        let before = (a.personName, a.reason, a.destination, f(a.leaveAt), f(a.returnAt), a.deputyName, a.deputyPost)
        try await apply(i, to: a, isNew: false, ctx: ctx)
        var ch = FieldChanges()
        ch.record("person", before.0, a.personName)
        ch.record("reason", before.1, a.reason)
        ch.record("destination", before.2, a.destination)
        ch.record("leaveAt", before.3, f(a.leaveAt))
        ch.record("returnAt", before.4, f(a.returnAt))
        ch.record("deputyName", before.5, a.deputyName)
        ch.record("deputyPost", before.6, a.deputyPost)
        guard !ch.isEmpty else { throw DutyError.invalid("没有需要变更的内容") }
        ch.record("changeReason", nil, reason)
        a.updatedAt = ctx.now
        let detail = ch.json
        try await ctx.write { db in
            try await a.update(on: db)
            try await ctx.audit("absence.update", "absence", a.id!.uuidString, detail: detail, on: db)
        }
    }

    /// 销假: the return as reported, by default now; never in the future.
    static func markReturned(_ a: LeaderAbsence, unit: OrgUnit, at: Date?, ctx: ServiceContext) async throws {
        try ctx.requireOwnUnit(unit.id, "该外出报备")
        if a.returnedAt != nil { throw DutyDeskError.absenceReturned(changing: false) }
        let at = at ?? ctx.now
        if at > ctx.now.addingTimeInterval(60) { throw DutyError.field("at", "销假时间不能晚于当前时间") }
        if at < a.leaveAt { throw DutyError.field("at", "销假时间不能早于离开时间") }
        a.returnedAt = at
        a.updatedAt = ctx.now
        try await ctx.write { db in
            try await a.update(on: db)
            var ch = FieldChanges()
            ch.record("returnedAt", nil, ShanghaiTime.format(at, "yyyy-MM-dd HH:mm"))
            try await ctx.audit("absence.return", "absence", a.id!.uuidString, detail: ch.json, on: db)
        }
    }
}
