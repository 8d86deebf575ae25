import DutyCore
import Fluent
import Vapor

/// 调班 on a filed roster (RosterSwap): the requester asks, the colleague accepts, the duty
/// section leader approves, and only then does the assignment — and every feed built from it —
/// change. Each step is checked against the roster as it stands at that moment.
enum SwapService {
    /// The month's roster as the domain sees it, with the people and rules to check it by.
    static func context(_ unit: OrgUnit, _ key: RosterMonthKey, on db: any Database) async throws -> (Roster, [RosterPerson], RestRules, [RosterAssignment]) {
        let settings = try await RosterService.settings(for: unit.id!, on: db)
        let row = try await RosterService.month(unit.id!, key, on: db)
        let records = try await RosterService.assignments(of: row, on: db)
        let (_, persons) = try await RosterService.people(of: unit.id!, from: key.firstDay, through: key.lastDay, on: db)
        let roster = Roster(year: key.year, month: key.month, pattern: settings.pattern, assignments: records.compactMap(RosterService.domain))!
        return (roster, persons, settings.rules, try await RosterService.earlier(unit.id!, before: key.firstDay, on: db))
    }

    static func request(_ input: SwapInput, unit: OrgUnit, ctx: ServiceContext) async throws -> SwapDTO {
        let actor = ctx.actor
        let now = ctx.now
        guard let key = RosterMonthKey(year: input.date.year, month: input.date.month), let row = try await RosterService.month(unit.id!, key, on: ctx.db),
            row.isFiled
        else {
            throw RosterError.swapNeedsFiledMonth
        }
        // The person handing the shift over asks, or the section leader asks for them.
        guard actor.can(.manageRoster) || actor.user.$person.id == input.fromPersonId else {
            throw RosterError.swapNotYours
        }
        let r = RosterSwap.Request(
            slot: ShiftSlot(day: input.date, shiftIndex: input.shiftIndex ?? 0), level: input.level, fromPersonID: input.fromPersonId.uuidString,
            toPersonID: input.toPersonId.uuidString)
        let (roster, persons, rules, earlier) = try await context(unit, key, on: ctx.db)
        if case .failure(let f) = RosterSwap.check(r, roster: roster, persons: persons, rules: rules, earlier: earlier, now: now) {
            throw RosterError.swapRefused(f)
        }
        let reason = try SwapField.reason.accepted(input.reason)
        guard !reason.isEmpty else { throw DutyError.field("reason", "请说明调班原因") }
        let s = RosterSwapRecord()
        s.id = UUID.timeOrdered(at: now)
        s.$unit.id = unit.id!
        s.$roster.id = row.id!
        s.day = input.date.description
        s.shiftIndex = r.slot.shiftIndex
        s.level = r.level.rawValue
        s.fromPersonID = input.fromPersonId
        s.toPersonID = input.toPersonId
        s.reason = reason
        s.status = RosterSwap.Status.requested.rawValue
        s.requestedBy = actor.user.username
        s.requestedAt = now
        s.note = ""
        try await ctx.write { db in
            try await s.create(on: db)
            try await ctx.audit("roster.swap.request", "unit", unit.id!.uuidString, detail: "\(s.id!.uuidString) \(s.day) \(s.level)", on: db)
        }
        return try await dto([s], on: ctx.db)[0]
    }

    static func act(_ step: RosterSwap.Step, on s: RosterSwapRecord, note: String?, ctx: ServiceContext) async throws -> SwapDTO {
        let actor = ctx.actor
        let now = ctx.now
        guard let r = s.request else { throw DutyError.notFound("该调班申请") }
        let unit = try await ctx.visibleUnit(s.$unit.id)
        let pattern = try await RosterService.settings(for: unit.id!, on: ctx.db).pattern
        // Who the actor is in this swap decides which steps are theirs.
        let who: RosterSwap.Actor
        switch RosterSwap.part(for: step, among: parts(of: actor, in: s, request: r)) {
        case .success(let w): who = w
        case .failure(let f): throw RosterError.swapStep(f)
        }
        let next: RosterSwap.Status
        switch RosterSwap.next(r.status, step, by: who, shiftStart: pattern.start(of: r.slot), now: now) {
        case .success(let n): next = n
        case .failure(let f): throw RosterError.swapRefused(f)
        }
        let key = RosterMonthKey(year: r.slot.day.year, month: r.slot.day.month)!
        if next == .approved {
            // The roster may have changed since the request: check again against it as it is now.
            let (roster, persons, rules, earlier) = try await context(unit, key, on: ctx.db)
            if case .failure(let f) = RosterSwap.check(r, roster: roster, persons: persons, rules: rules, earlier: earlier, now: now) {
                throw RosterError.swapRefused(f)
            }
        }
        let text = try SwapField.note.accepted(note)
        try await ctx.write { db in
            s.status = next.rawValue
            switch step {
            case .accept, .decline:
                s.acceptedBy = actor.user.username
                s.acceptedAt = now
            case .approve, .reject, .cancel:
                s.decidedBy = actor.user.username
                s.decidedAt = now
            }
            if !text.isEmpty { s.note = text }
            try await s.save(on: db)
            if next == .approved {
                try await RosterAssignmentRecord.query(on: db).filter(\.$roster.$id == s.$roster.id).filter(\.$day == s.day)
                    .filter(\.$shiftIndex == s.shiftIndex).filter(\.$level == s.level).filter(\.$person.$id == s.fromPersonID)
                    .set(\.$person.$id, to: s.toPersonID).update()
            }
            try await ctx.audit("roster.swap.\(step.rawValue)", "unit", unit.id!.uuidString, detail: "\(s.id!.uuidString) → \(next.rawValue)", on: db)
        }
        return try await dto([s], on: ctx.db)[0]
    }

    static func parts(of actor: Actor, in s: RosterSwapRecord, request r: RosterSwap.Request) -> Set<RosterSwap.Actor> {
        RosterSwap.parts(
            personID: actor.user.$person.id?.uuidString, username: actor.user.username, unitID: actor.unit.id!.uuidString,
            canManageRoster: actor.can(.manageRoster), swap: r, requestedBy: s.requestedBy, swapUnitID: s.$unit.id.uuidString)
    }

    /// The steps the actor can take on each swap now: the buttons the roster page shows.
    static func allowedSteps(_ rows: [RosterSwapRecord], pattern: ShiftPattern, ctx: ServiceContext) -> [UUID: [RosterSwap.Step]] {
        var out: [UUID: [RosterSwap.Step]] = [:]
        for s in rows {
            guard let r = s.request else { continue }
            out[s.id!] = RosterSwap.allowedSteps(r.status, parts: parts(of: ctx.actor, in: s, request: r), shiftStart: pattern.start(of: r.slot), now: ctx.now)
        }
        return out
    }

    static func dto(_ rows: [RosterSwapRecord], on db: any Database) async throws -> [SwapDTO] {
        let ids = Array(Set(rows.flatMap { [$0.fromPersonID, $0.toPersonID] }))
        let names = Dictionary(uniqueKeysWithValues: try await Person.query(on: db).filter(\.$id ~~ ids).all().map { ($0.id!, $0.name) })
        return rows.compactMap { s in
            guard let r = s.request else { return nil }
            return SwapDTO(
                id: s.id!, unitId: s.$unit.id, date: r.slot.day, shiftIndex: r.slot.shiftIndex, level: r.level, levelTitle: r.level.title,
                fromPersonId: s.fromPersonID, fromName: names[s.fromPersonID] ?? "", toPersonId: s.toPersonID, toName: names[s.toPersonID] ?? "",
                reason: s.reason, status: r.status.rawValue, statusTitle: r.status.title, requestedBy: s.requestedBy, requestedAt: s.requestedAt,
                acceptedBy: s.acceptedBy, acceptedAt: s.acceptedAt, decidedBy: s.decidedBy, decidedAt: s.decidedAt, note: s.note)
        }
    }
}
