import DutyCore
import Fluent
import Vapor

/// iCalendar feeds of rosters (SPEC §2 Export): a secret URL that a calendar app subscribes to
/// without logging in. The URL is the credential, so only its hash is stored, and making a new
/// one for the same unit or person revokes the old.
enum FeedService {
    static func rotate(unitID: UUID?, personID: UUID?, ctx: ServiceContext) async throws -> RosterFeedDTO {
        let token = Tokens.random()
        let actor = ctx.actor
        let now = ctx.now
        try await ctx.write { db in
            var old = RosterFeedToken.query(on: db)
            if let unitID { old = old.filter(\.$unitID == unitID).filter(\.$personID == nil) }
            if let personID { old = old.filter(\.$personID == personID) }
            try await old.delete()
            let row = RosterFeedToken()
            row.id = Tokens.hash(token)
            row.unitID = unitID
            row.personID = personID
            row.createdBy = actor.user.username
            row.createdAt = now
            try await row.create(on: db)
            try await ctx.audit("roster.feed.rotate", unitID != nil ? "unit" : "person", (unitID ?? personID)!.uuidString, on: db)
        }
        return RosterFeedDTO(url: "/feeds/roster/\(token).ics", token: token, unitId: unitID, personId: personID)
    }

    /// The feed covers last month onwards: enough history for "who was on last week", and every
    /// roster already drawn up ahead.
    static func feed(token: String, on db: any Database, now: Date) async throws -> String {
        guard let row = try await RosterFeedToken.find(Tokens.hash(token), on: db) else { throw DutyError.notFound("该日历订阅") }
        let from = CalendarDay(now).firstDayOfPreviousMonth.description
        if let personID = row.personID {
            guard let person = try await Person.query(on: db).filter(\.$id == personID).with(\.$unit).first() else { throw DutyError.notFound("该日历订阅") }
            let rows = try await RosterAssignmentRecord.query(on: db).filter(\.$person.$id == personID).filter(\.$day >= from).sort(\.$day).all()
            let units = try await unitsByID(Set(rows.map(\.unitID)), on: db)
            let patterns = try await RosterService.settings(for: Array(units.keys), on: db)
            let events = rows.compactMap { r -> ICalendarEvent? in
                guard let a = RosterService.domain(r), let unit = units[r.unitID] else { return nil }
                let pattern = patterns[r.unitID]?.pattern ?? .fullDay
                guard pattern.contains(a.slot) else { return nil }
                return ICalendarEvent(
                    uid: "duty-\(r.id!.uuidString.lowercased())@dutyroom", start: pattern.start(of: a.slot), end: pattern.end(of: a.slot),
                    summary: "\(a.level.title) · \(unit.name)值班", description: "\(pattern.label(of: a.slot))\n\(unit.name) 值班电话：\(unit.dutyPhone)",
                    location: unit.name)
            }
            return ICalendar.encode(name: "\(person.name)的值班安排", events: events, now: now)
        }
        guard let unitID = row.unitID, let unit = try await OrgUnit.find(unitID, on: db) else { throw DutyError.notFound("该日历订阅") }
        let pattern = try await RosterService.settings(for: unitID, on: db).pattern
        let rows = try await RosterAssignmentRecord.query(on: db).filter(\.$unitID == unitID).filter(\.$day >= from).all()
        let names = Dictionary(
            try await Person.query(on: db).filter(\.$id ~~ Array(Set(rows.map(\.$person.id)))).all().map { ($0.id!, $0.name) }, uniquingKeysWith: { a, _ in a })
        let bySlot = Dictionary(grouping: rows.compactMap { r in RosterService.domain(r).map { ($0, names[r.$person.id] ?? "") } }, by: { $0.0.slot })
        let events = bySlot.keys.sorted().filter(pattern.contains).map { slot -> ICalendarEvent in
            let here = bySlot[slot] ?? []
            let levels = RosterTable.printOrder.compactMap { level -> String? in
                let who = here.filter { $0.0.level == level }.map(\.1)
                return who.isEmpty ? nil : "\(level.title)\(who.joined(separator: "、"))"
            }
            return ICalendarEvent(
                uid: "duty-\(unitID.uuidString.lowercased())-\(slot.day)-\(slot.shiftIndex)@dutyroom", start: pattern.start(of: slot),
                end: pattern.end(of: slot),
                summary: "\(unit.name)值班：" + levels.joined(separator: "，"), description: pattern.label(of: slot), location: unit.name)
        }
        return ICalendar.encode(name: "\(unit.name)值班表", events: events, now: now)
    }

    private static func unitsByID(_ ids: Set<UUID>, on db: any Database) async throws -> [UUID: OrgUnit] {
        guard !ids.isEmpty else { return [:] }
        return Dictionary(try await OrgUnit.query(on: db).filter(\.$id ~~ Array(ids)).all().map { ($0.id!, $0) }, uniquingKeysWith: { a, _ in a })
    }
}

/// The public feed URL: no login, the token is the credential. A wrong or revoked token is
/// "not found", like anything else the caller may not see.
struct FeedsController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.get("feeds", "roster", ":file", use: roster)
    }

    func roster(req: Request) async throws -> Response {
        var token = req.parameters.get("file") ?? ""
        if token.hasSuffix(".ics") { token.removeLast(4) }
        guard !token.isEmpty, token.count <= 100 else { throw DutyError.notFound("该日历订阅") }
        let text = try await FeedService.feed(token: token, on: req.db, now: req.now)
        let res = Response(status: .ok, body: .init(string: text))
        res.headers.contentType = HTTPMediaType(type: "text", subType: "calendar", parameters: ["charset": "utf-8"])
        res.headers.replaceOrAdd(name: .cacheControl, value: "private, max-age=300")
        return res
    }
}
