import DutyCore
import Fluent
import Foundation
import SQLKit
import Vapor

struct RollCallLineDTO: Content {
    var rollCallId: UUID
    var unitId: UUID
    var unitName: String
    var callerUnitName: String
    var startedAt: Date
    var startedAtText: String
    var limitSeconds: Int
    var answeredAt: Date?
    var answeredAtText: String?
    var answeredBy: String?
    var seconds: Int?
    var status: RollCallRule.Status.Kind
    var statusTitle: String
    var statusTone: StatusTone
    var secondsLeft: Int?
    /// Whoever answered against the roster at that moment (在岗核对).
    var presence: PresenceDTO?
}

struct RollCallDTO: Content {
    var id: UUID
    var unitId: UUID
    var unitName: String
    var startedAt: Date
    var startedAtText: String
    var startedBy: String
    var limitSeconds: Int
    var scheduledDate: String?
    var answered: Int
    var missed: Int
    var waiting: Int
    var lines: [RollCallLineDTO]
}

struct RollCallsDTO: Content {
    /// Roll calls this unit started (newest first).
    var started: [RollCallDTO]
    /// This unit's lines in its superior's roll calls: its answering history.
    var received: [RollCallLineDTO]
    var pending: [RollCallLineDTO]
}

struct RollCallScheduleDTO: Content {
    var unitId: UUID
    var time: String
    var limitSeconds: Int
    var enabled: Bool
    var isDefault: Bool
}

struct RollCallScheduleInput: Content {
    var time: String?
    var limitSeconds: Int?
    var enabled: Bool?
}

struct StartRollCallInput: Content {
    var limitSeconds: Int?
}

/// 点名 (S000 二): a superior calls its subordinate duty rooms; each answers in the system;
/// seconds to answer are recorded and non-answers after the limit flagged.
enum RollCallService {
    /// Duty rooms a unit calls: its direct subordinates of the emergency-management line.
    static let callableKinds: [String] = [UnitKind.emergencyProvince, .emergencyCity, .emergencyCounty].map(\.rawValue)
    /// An unanswered call stays on the subordinate's screen this long; after that it is history.
    static let pendingWindow: TimeInterval = 12 * 3600

    static func subordinates(of unitID: UUID, on db: any Database) async throws -> [OrgUnit] {
        try await OrgUnit.query(on: db).filter(\.$parentID == unitID).filter(\.$active == true).filter(\.$kind ~~ callableKinds).sort(\.$code).all()
    }

    static func line(_ a: RollCallAnswer, call: RollCall, unitName: String, callerName: String, now: Date) -> RollCallLineDTO {
        let s = RollCallRule.status(startedAt: call.startedAt, answeredAt: a.answeredAt, limitSeconds: call.limitSeconds, now: now)
        var left: Int?
        if case .waiting(let l) = s { left = l }
        return RollCallLineDTO(
            rollCallId: call.id!, unitId: a.$unit.id, unitName: unitName, callerUnitName: callerName, startedAt: call.startedAt,
            startedAtText: ShanghaiTime.format(call.startedAt), limitSeconds: call.limitSeconds, answeredAt: a.answeredAt,
            answeredAtText: a.answeredAt.map { ShanghaiTime.format($0) }, answeredBy: a.answeredBy, seconds: a.seconds, status: s.kind, statusTitle: s.title,
            statusTone: s.tone,
            secondsLeft: left, presence: PresenceDTO(code: a.presence, standIn: a.standIn))
    }

    static func dtos(_ calls: [RollCall], on db: any Database, now: Date) async throws -> [RollCallDTO] {
        let ids = calls.compactMap(\.id)
        guard !ids.isEmpty else { return [] }
        let answers = try await RollCallAnswer.query(on: db).filter(\.$rollCallID ~~ ids).with(\.$unit).all()
        let byCall = Dictionary(grouping: answers, by: \.rollCallID)
        return calls.map { c in
            let lines = (byCall[c.id!] ?? []).sorted { ($0.unit.code ?? "") < ($1.unit.code ?? "") }.map {
                line($0, call: c, unitName: $0.unit.name, callerName: c.unit.name, now: now)
            }
            return RollCallDTO(
                id: c.id!, unitId: c.$unit.id, unitName: c.unit.name, startedAt: c.startedAt, startedAtText: ShanghaiTime.format(c.startedAt),
                startedBy: c.startedBy,
                limitSeconds: c.limitSeconds, scheduledDate: c.scheduledDate, answered: lines.filter(\.status.hasAnswered).count,
                missed: lines.filter { $0.status == .missed }.count, waiting: lines.filter { $0.status == .waiting }.count, lines: lines)
        }
    }

    /// The unit's lines in roll calls it received, newest first.
    static func received(unitID: UUID, pendingOnly: Bool, on db: any Database, now: Date) async throws -> [RollCallLineDTO] {
        var q = RollCallAnswer.query(on: db).filter(\.$unit.$id == unitID).with(\.$unit)
        if pendingOnly { q = q.filter(\.$answeredAt == nil) }
        let answers = try await q.all()
        guard !answers.isEmpty else { return [] }
        var cq = RollCall.query(on: db).filter(\.$id ~~ answers.map(\.rollCallID)).with(\.$unit)
        if pendingOnly { cq = cq.filter(\.$startedAt >= now.addingTimeInterval(-pendingWindow)) }
        let calls = Dictionary(uniqueKeysWithValues: try await cq.all().map { ($0.id!, $0) })
        return answers.compactMap { a in calls[a.rollCallID].map { line(a, call: $0, unitName: a.unit.name, callerName: $0.unit.name, now: now) } }
            .sorted { $0.startedAt > $1.startedAt }.prefix(60).map { $0 }
    }

    static func overview(unit: OrgUnit, ctx: ServiceContext) async throws -> RollCallsDTO {
        let now = ctx.now
        let started = try await RollCall.query(on: ctx.db).filter(\.$unit.$id == unit.id!).with(\.$unit).sort(\.$startedAt, .descending).limit(10).all()
        return RollCallsDTO(
            started: try await dtos(started, on: ctx.db, now: now), received: try await received(unitID: unit.id!, pendingOnly: false, on: ctx.db, now: now),
            pending: try await received(unitID: unit.id!, pendingOnly: true, on: ctx.db, now: now))
    }

    static func checkLimit(_ n: Int?) throws -> Int {
        let n = n ?? RollCallRule.defaultLimitSeconds
        guard (10...3600).contains(n) else { throw DutyError.field("limitSeconds", "应答时限应在10秒到3600秒之间") }
        return n
    }

    /// Starts a roll call. A scheduled one carries its date and is inserted only if that
    /// unit has none for the date yet (the unique key decides between instances); returns nil
    /// when another trigger got there first.
    static func start(unit: OrgUnit, by: String, limitSeconds: Int, scheduledDate: String?, now: Date, app: Application, audit: (AuditLog.Entry, Date)?)
        async throws -> RollCall?
    {
        let units = try await subordinates(of: unit.id!, on: app.db)
        guard !units.isEmpty else { throw DutyDeskError.noSubordinatesToCall }
        let call = RollCall()
        call.id = UUID.timeOrdered(at: now)
        call.$unit.id = unit.id!
        call.startedAt = now
        call.startedBy = by
        call.limitSeconds = limitSeconds
        call.scheduledDate = scheduledDate
        let inserted: Bool = try await app.write { db in
            let sql = db as! any SQLDatabase
            let rows = try await sql.insert(into: RollCall.schema)
                .columns("id", "unit_id", "started_at", "started_by", "limit_seconds", "scheduled_date")
                .values(SQLBind(call.id!), SQLBind(unit.id!), SQLBind(now), SQLBind(by), SQLBind(limitSeconds), SQLBind(scheduledDate))
                .ignoringConflicts(with: ["unit_id", "scheduled_date"])
                .returning("id")
                .all()
            guard !rows.isEmpty else { return false }
            for u in units {
                let a = RollCallAnswer()
                a.id = UUID.timeOrdered(at: now)
                a.rollCallID = call.id!
                a.$unit.id = u.id!
                try await a.create(on: db)
            }
            var entry = audit ?? (AuditLog.Entry(actor: "system", unitPath: unit.path, action: "rollcall.start", targetType: "roll_call", targetID: ""), now)
            entry.0.targetID = call.id!.uuidString
            entry.0.detail = "点名下级\(units.count)个单位" + (scheduledDate.map { "（\($0) 定时点名）" } ?? "")
            try await AuditLog.append(entry.0, at: entry.1, on: db)
            return true
        }
        guard inserted else { return nil }
        await app.live.publish(LiveEvent(kind: "rollcall.start", caseID: call.id!.uuidString, unitPaths: units.map(\.path), at: now))
        call.$unit.value = unit
        return call
    }

    static func visible(_ id: UUID, ctx: ServiceContext) async throws -> RollCall {
        let actor = ctx.actor
        guard let c = try await RollCall.query(on: ctx.db).filter(\.$id == id).with(\.$unit).first() else { throw DutyError.notFound("该点名") }
        if actor.sees(c.unit.unitPath) { return c }
        let called = try await RollCallAnswer.query(on: ctx.db).filter(\.$rollCallID == id).filter(\.$unit.$id == actor.unit.id!).first()
        guard called != nil else { throw DutyError.notFound("该点名") }
        return c
    }

    /// The answer is taken whoever gives it (the clock stops at once); who answered is checked
    /// against the roster at that moment (在岗核对) and kept with the answer, with a stand-in's
    /// reason when one was given.
    static func answer(_ call: RollCall, standIn: String? = nil, ctx: ServiceContext) async throws -> RollCallLineDTO {
        let actor = ctx.actor
        let now = ctx.now
        guard let a = try await RollCallAnswer.query(on: ctx.db).filter(\.$rollCallID == call.id!).filter(\.$unit.$id == actor.unit.id!).first() else {
            throw DutyDeskError.notCalled
        }
        if a.answeredAt != nil { throw DutyDeskError.alreadyAnswered }
        let seconds = RollCallRule.seconds(startedAt: call.startedAt, answeredAt: now)
        let (presence, _) = try await RosterService.presence(ctx: ctx, margin: RosterPresenceRule.rollCallMargin, standIn: standIn)
        let id = a.id!
        let username = actor.user.username
        try await ctx.write { db in
            // Guarded: two officers answering at once record one answer, the first.
            let n = try await RollCallAnswer.query(on: db).filter(\.$id == id).filter(\.$answeredAt == nil).count()
            guard n == 1 else { throw DutyDeskError.alreadyAnswered }
            try await RollCallAnswer.query(on: db).filter(\.$id == id).set(\.$answeredAt, to: now).set(\.$answeredBy, to: username).set(\.$seconds, to: seconds)
                .set(\.$presence, to: presence.code).set(\.$standIn, to: presence.standInReason).update()
            try await ctx.audit("rollcall.answer", "roll_call", call.id!.uuidString, detail: "\(seconds)秒应答；应答人：\(presence.title)", on: db)
        }
        a.answeredAt = now
        a.answeredBy = username
        a.seconds = seconds
        a.presence = presence.code
        a.standIn = presence.standInReason
        await ctx.publish("rollcall.answer", caseID: call.id!.uuidString, unitPaths: [call.unit.path])
        return line(a, call: call, unitName: actor.unit.name, callerName: call.unit.name, now: now)
    }

    // MARK: schedule

    static func schedule(unitID: UUID, on db: any Database) async throws -> RollCallScheduleDTO {
        if let s = try await RollCallSchedule.query(on: db).filter(\.$unitID == unitID).first() {
            return RollCallScheduleDTO(unitId: unitID, time: s.time, limitSeconds: s.limitSeconds, enabled: s.enabled, isDefault: false)
        }
        return RollCallScheduleDTO(
            unitId: unitID, time: RollCallRule.defaultTime, limitSeconds: RollCallRule.defaultLimitSeconds, enabled: true, isDefault: true)
    }

    static func setSchedule(_ i: RollCallScheduleInput, ctx: ServiceContext) async throws -> RollCallScheduleDTO {
        let actor = ctx.actor
        let unitID = actor.unit.id!
        let current = try await schedule(unitID: unitID, on: ctx.db)
        let time = (i.time ?? current.time).trimmingCharacters(in: .whitespaces)
        guard RollCallRule.isValidTime(time) else { throw DutyError.field("time", "点名时间格式应为 HH:mm，如 08:30") }
        let limit = try checkLimit(i.limitSeconds ?? current.limitSeconds)
        let enabled = i.enabled ?? current.enabled
        let now = ctx.now
        try await ctx.write { db in
            let s =
                try await RollCallSchedule.query(on: db).filter(\.$unitID == unitID).first()
                ?? {
                    let s = RollCallSchedule()
                    s.id = UUID.timeOrdered(at: now)
                    s.unitID = unitID
                    return s
                }()
            var ch = FieldChanges()
            ch.record("time", current.time, time)
            ch.record("limitSeconds", String(current.limitSeconds), String(limit))
            ch.record("enabled", current.enabled ? "是" : "否", enabled ? "是" : "否")
            s.time = time
            s.limitSeconds = limit
            s.enabled = enabled
            s.updatedBy = actor.user.username
            s.updatedAt = now
            try await s.save(on: db)
            try await ctx.audit("rollcall.schedule", "unit", unitID.uuidString, detail: ch.json, on: db)
        }
        ctx.app.rollCallScheduler.reschedule()
        return RollCallScheduleDTO(unitId: unitID, time: time, limitSeconds: limit, enabled: enabled, isDefault: false)
    }

    /// Every unit that calls a daily roll call: those with a schedule of their own, and every
    /// emergency-management unit with subordinate duty rooms on the default schedule.
    static func schedules(on db: any Database) async throws -> [(unit: OrgUnit, time: String, limit: Int)] {
        let own = Dictionary(uniqueKeysWithValues: try await RollCallSchedule.query(on: db).all().map { ($0.unitID, $0) })
        let callees = try await OrgUnit.query(on: db).filter(\.$active == true).filter(\.$kind ~~ callableKinds).all()
        let callerIDs = Set(callees.compactMap(\.parentID))
        guard !callerIDs.isEmpty else { return [] }
        let callers = try await OrgUnit.query(on: db).filter(\.$id ~~ Array(callerIDs)).filter(\.$active == true).all()
        return callers.compactMap { u in
            guard let s = own[u.id!] else { return (u, RollCallRule.defaultTime, RollCallRule.defaultLimitSeconds) }
            return s.enabled ? (u, s.time, s.limitSeconds) : nil
        }
    }
}
