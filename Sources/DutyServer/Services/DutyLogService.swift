import DutyCore
import Fluent
import Foundation
import Vapor

struct DutyLogInput: Content {
    var at: Date?
    var direction: DutyLogDirection?
    var callerUnit: String?
    var callerName: String?
    var callerPosition: String?
    var phone: String?
    var content: String?
    var handling: String?
    var readBack: Bool?
    var readBackBy: String?
    /// 密件 (S001 第十四条).
    var classified: Bool?
}

struct DutyLogDTO: Content {
    var id: UUID
    var unitId: UUID
    var unitName: String
    var at: Date
    var atText: String
    var direction: DutyLogDirection
    var directionTitle: String
    var callerUnit: String
    var callerName: String
    var callerPosition: String
    var phone: String
    var content: String
    var handling: String
    var readBack: Bool
    var readBackBy: String
    var recordedBy: String
    var incidentId: UUID?
    var classified: Bool
}

/// The first-report input an entry pre-fills: the officer still chooses kind and place.
struct FirstReportPrefillDTO: Content {
    var fromLogId: UUID
    var kindId: String?
    var placeDetail: String
    var event: String
    var receivedAt: Date
    var sourceChannel: SourceChannel
    var callerText: String
    /// A classified call makes a classified first report.
    var classified: Bool
}

/// The duty log (值班日志, S001 第十三条): every call and message, to the minute, with the
/// read-back check; edits keep their history in the audit trail.
enum DutyLogService {
    static func dto(_ e: DutyLogEntry, unit: OrgUnit) -> DutyLogDTO {
        DutyLogDTO(
            id: e.id!, unitId: unit.id!, unitName: unit.name, at: e.at, atText: ShanghaiTime.format(e.at, "yyyy-MM-dd HH:mm"), direction: e.logDirection,
            directionTitle: e.logDirection.title, callerUnit: e.callerUnit, callerName: e.callerName, callerPosition: e.callerPosition, phone: e.phone,
            content: e.content, handling: e.handling, readBack: e.readBack, readBackBy: e.readBackBy, recordedBy: e.recordedBy, incidentId: e.incidentID,
            classified: e.classified)
    }

    struct Query {
        var text: String?
        var from: String?
        var to: String?
        var direction: DutyLogDirection?
        var limit: Int?
    }

    static func list(unit: OrgUnit, _ q: Query, on db: any Database) async throws -> [DutyLogEntry] {
        var query = DutyLogEntry.query(on: db).filter(\.$unit.$id == unit.id!)
        if let from = q.from?.nilIfEmpty {
            guard let d = ShanghaiTime.parse(from) else { throw DutyError.field("from", "起始日期格式应为 YYYY-MM-DD") }
            query = query.filter(\.$at >= d)
        }
        if let to = q.to?.nilIfEmpty {
            // A bare date includes the whole day.
            guard let d = ShanghaiTime.parse(to) else { throw DutyError.field("to", "截止日期格式应为 YYYY-MM-DD") }
            query = query.filter(\.$at < (to.count <= 10 ? d.addingTimeInterval(86400) : d.addingTimeInterval(60)))
        }
        if let dir = q.direction { query = query.filter(\.$direction == dir.rawValue) }
        if let text = q.text?.trimmingCharacters(in: .whitespaces).nilIfEmpty {
            let like = "%" + text.replacingOccurrences(of: "%", with: "").replacingOccurrences(of: "_", with: "") + "%"
            query = query.group(.or) { g in
                for field in [\DutyLogEntry.$content, \.$callerUnit, \.$callerName, \.$phone, \.$handling] {
                    g.filter(field, .custom("LIKE"), like)
                }
            }
        }
        return try await query.sort(\.$at, .descending).sort(\.$id, .descending).limit(min(max(q.limit ?? 200, 1), 1000)).all()
    }

    struct Fields {
        var at: Date
        var direction: DutyLogDirection
        var callerUnit, callerName, callerPosition, phone, content, handling, readBackBy: String
        var readBack: Bool
        var classified = false
    }

    /// The entry's fields after `input`, checked; `base` fills what the input leaves out.
    static func fields(_ i: DutyLogInput, base: Fields, now: Date) throws -> Fields {
        var f = base
        if let at = i.at {
            if at > now.addingTimeInterval(60) { throw DutyError.field("at", "通话时间不能晚于当前时间") }
            f.at = DutyLogTime.truncatedToMinute(at)
        }
        if let d = i.direction { f.direction = d }
        var issues: [FieldIssue] = []
        f.callerUnit = DutyLogField.callerUnit.checked(i.callerUnit ?? f.callerUnit, into: &issues)
        f.callerName = DutyLogField.callerName.checked(i.callerName ?? f.callerName, into: &issues)
        f.callerPosition = DutyLogField.callerPosition.checked(i.callerPosition ?? f.callerPosition, into: &issues)
        f.phone = DutyLogField.phone.checked(i.phone ?? f.phone, into: &issues)
        f.content = DutyLogField.content.checked(i.content ?? f.content, into: &issues)
        f.handling = DutyLogField.handling.checked(i.handling ?? f.handling, into: &issues)
        f.readBack = i.readBack ?? f.readBack
        f.classified = i.classified ?? f.classified
        f.readBackBy = DutyLogField.readBackBy.checked(i.readBackBy ?? f.readBackBy, into: &issues)
        let given = Set(issues.map(\.field))
        if f.content.isEmpty && !given.contains("content") { issues.append(FieldIssue("content", "请填写来电（来文）内容")) }
        if f.callerUnit.isEmpty && f.callerName.isEmpty && f.direction != .system && given.isDisjoint(with: ["callerUnit", "callerName"]) {
            issues.append(FieldIssue("callerName", "请填写来电单位或来电人"))
        }
        if f.readBack && f.readBackBy.isEmpty && !given.contains("readBackBy") { issues.append(FieldIssue("readBackBy", "已复述校对的，请填写校对人")) }
        if !f.readBack { f.readBackBy = "" }
        if !issues.isEmpty { throw DutyError.invalid(FieldIssues(issues)) }
        return f
    }

    static func apply(_ f: Fields, to e: DutyLogEntry) {
        e.at = f.at
        e.direction = f.direction.rawValue
        e.callerUnit = f.callerUnit
        e.callerName = f.callerName
        e.callerPosition = f.callerPosition
        e.phone = f.phone
        e.content = f.content
        e.handling = f.handling
        e.readBack = f.readBack
        e.readBackBy = f.readBackBy
        e.classified = f.classified
    }

    static func current(_ e: DutyLogEntry) -> Fields {
        Fields(
            at: e.at, direction: e.logDirection, callerUnit: e.callerUnit, callerName: e.callerName, callerPosition: e.callerPosition, phone: e.phone,
            content: e.content, handling: e.handling, readBackBy: e.readBackBy, readBack: e.readBack, classified: e.classified)
    }

    static func create(_ i: DutyLogInput, ctx: ServiceContext) async throws -> DutyLogEntry {
        let actor = ctx.actor
        let now = ctx.now
        let blank = Fields(
            at: DutyLogTime.truncatedToMinute(now), direction: .incoming, callerUnit: "", callerName: "", callerPosition: "", phone: "", content: "",
            handling: "", readBackBy: "", readBack: false)
        let f = try fields(i, base: blank, now: now)
        let e = DutyLogEntry()
        e.id = UUID.timeOrdered(at: now)
        e.$unit.id = actor.unit.id!
        apply(f, to: e)
        e.recordedBy = actor.user.username
        e.createdAt = now
        e.updatedAt = now
        try await ctx.write { db in
            try await e.create(on: db)
            var ch = FieldChanges()
            ch.record("at", nil, ShanghaiTime.format(f.at, "yyyy-MM-dd HH:mm"))
            ch.record("direction", nil, f.direction.title)
            ch.record("caller", nil, [f.callerUnit, f.callerName, f.callerPosition].filter { !$0.isEmpty }.joined(separator: " "))
            if f.classified { ch.record("classified", nil, "密件") }
            try await ctx.audit("dutylog.create", "duty_log", e.id!.uuidString, detail: ch.json, on: db)
        }
        return e
    }

    /// Entries are the unit's own record: a superior reads a subordinate's log but does not
    /// rewrite it.
    static func update(_ e: DutyLogEntry, unit: OrgUnit, _ i: DutyLogInput, ctx: ServiceContext) async throws {
        try ctx.requireOwnUnit(unit.id, "该值班日志")
        let before = current(e)
        let f = try fields(i, base: before, now: ctx.now)
        var ch = FieldChanges()
        ch.record("at", ShanghaiTime.format(before.at, "yyyy-MM-dd HH:mm"), ShanghaiTime.format(f.at, "yyyy-MM-dd HH:mm"))
        ch.record("direction", before.direction.title, f.direction.title)
        ch.record("callerUnit", before.callerUnit, f.callerUnit)
        ch.record("callerName", before.callerName, f.callerName)
        ch.record("callerPosition", before.callerPosition, f.callerPosition)
        ch.record("phone", before.phone, f.phone)
        ch.record("content", before.content, f.content)
        ch.record("handling", before.handling, f.handling)
        ch.record("readBack", before.readBack ? "是" : "否", f.readBack ? "是" : "否")
        ch.record("readBackBy", before.readBackBy, f.readBackBy)
        ch.record("classified", before.classified ? "密件" : "明件", f.classified ? "密件" : "明件")
        guard !ch.isEmpty else { return }
        apply(f, to: e)
        e.updatedAt = ctx.now
        let detail = ch.json
        try await ctx.write { db in
            try await e.update(on: db)
            try await ctx.audit("dutylog.update", "duty_log", e.id!.uuidString, detail: detail, on: db)
        }
    }

    static func visible(_ id: UUID, ctx: ServiceContext) async throws -> (DutyLogEntry, OrgUnit) {
        let actor = ctx.actor
        guard let e = try await DutyLogEntry.query(on: ctx.db).filter(\.$id == id).with(\.$unit).first(), actor.sees(e.unit.unitPath) else {
            throw DutyError.notFound("该值班日志")
        }
        return (e, e.unit)
    }

    /// Records which incident a call became, so the log shows where the information went.
    /// Separate from the incident's own transaction: the incident stands whatever happens here.
    /// A classified first report marks the call classified too: the same words are in both.
    static func link(_ id: UUID, to incident: Incident, ctx: ServiceContext) async throws {
        let actor = ctx.actor
        guard let e = try await DutyLogEntry.find(id, on: ctx.db), e.$unit.id == actor.unit.id, e.incidentID == nil, let incidentID = incident.id else {
            return
        }
        e.incidentID = incidentID
        let marks = incident.classified && !e.classified
        if marks { e.classified = true }
        try await ctx.write { db in
            try await e.update(on: db)
            try await ctx.audit("dutylog.incident", "duty_log", id.uuidString, detail: incidentID.uuidString, on: db)
            if marks { try await ctx.audit("dutylog.classified", "duty_log", id.uuidString, detail: "随密件首报标为密件", on: db) }
        }
    }

    /// What the incident intake form starts from: the call's time is the receipt time, so the
    /// reporting clocks run from when the duty room actually heard of it.
    static func prefill(_ e: DutyLogEntry) -> FirstReportPrefillDTO {
        let caller = [e.callerUnit, e.callerPosition, e.callerName].filter { !$0.isEmpty }.joined(separator: " ")
        return FirstReportPrefillDTO(
            fromLogId: e.id!, kindId: nil, placeDetail: "", event: String(e.content.prefix(200)), receivedAt: e.at,
            sourceChannel: e.logDirection.sourceChannel, callerText: caller + (e.phone.isEmpty ? "" : "（\(e.phone)）"), classified: e.classified)
    }
}
