import DutyCore
import Fluent
import Foundation
import Vapor

struct HandoverInput: Content {
    var matters: String?
    /// New open items of this shift; the unit's items still open are carried over anyway.
    var items: [String]?
    /// 代班原因: required from an officer who is not on the roster for the shift.
    var standInReason: String?
}

struct HandoverConfirmInput: Content {
    /// 代班原因: required from an incoming officer who is not on the roster for the shift.
    var standInReason: String?
}

struct CloseItemInput: Content {
    var note: String?
}

struct HandoverItemDTO: Content {
    var id: UUID
    var text: String
    var createdBy: String
    var createdAt: Date
    var carried: Bool?
    var closedAt: Date?
    var closedBy: String?
    var closeNote: String?
}

struct HandoverDTO: Content {
    var id: UUID
    var unitId: UUID
    var matters: String
    var outgoingBy: String
    var outgoingName: String
    var outgoingAt: Date
    var outgoingAtText: String
    var incomingBy: String?
    var incomingName: String?
    var incomingAt: Date?
    var incomingAtText: String?
    var confirmed: Bool
    var statusTitle: String
    /// How each officer stood against the roster (在岗核对); absent on records made before it.
    var outgoingPresence: PresenceDTO?
    var incomingPresence: PresenceDTO?
    var items: [HandoverItemDTO]
}

/// `RosterPresence` as the API and the pages show it.
struct PresenceDTO: Content {
    var code: String
    var title: String
    var tone: StatusTone
    var standInReason: String?

    init(_ p: RosterPresence) {
        code = p.code
        title = p.title
        tone = p.tone
        standInReason = p.standInReason
    }

    init?(code: String?, standIn: String?) {
        guard let code else { return nil }
        self.init(RosterPresence(code: code, standInReason: standIn))
    }
}

struct HandoverDeskDTO: Content {
    var unitId: UUID
    /// The latest handover, confirmed or awaiting the incoming officer.
    var current: HandoverDTO?
    var openItems: [HandoverItemDTO]
    var history: [HandoverDTO]
}

/// 交接班 (S001 第十一条): the outgoing officer hands over the shift's matters and open items,
/// the incoming officer confirms; open items stay open across shifts until closed.
enum HandoverService {
    static func itemDTO(_ i: HandoverItem, carried: Bool? = nil) -> HandoverItemDTO {
        HandoverItemDTO(
            id: i.id!, text: i.text, createdBy: i.createdBy, createdAt: i.createdAt, carried: carried, closedAt: i.closedAt, closedBy: i.closedBy,
            closeNote: i.closeNote)
    }

    static func dtos(_ handovers: [Handover], on db: any Database) async throws -> [HandoverDTO] {
        let ids = handovers.compactMap(\.id)
        guard !ids.isEmpty else { return [] }
        let links = try await HandoverItemLink.query(on: db).filter(\.$handoverID ~~ ids).all()
        let itemIDs = Array(Set(links.map(\.itemID)))
        let items = Dictionary(
            uniqueKeysWithValues: (itemIDs.isEmpty ? [] : try await HandoverItem.query(on: db).filter(\.$id ~~ itemIDs).all()).map { ($0.id!, $0) })
        let byHandover = Dictionary(grouping: links, by: \.handoverID)
        return handovers.map { h in
            let its = (byHandover[h.id!] ?? []).compactMap { l in items[l.itemID].map { (l, $0) } }.sorted {
                ($0.1.createdAt, $0.1.id!.uuidString) < ($1.1.createdAt, $1.1.id!.uuidString)
            }
            return HandoverDTO(
                id: h.id!, unitId: h.$unit.id, matters: h.matters, outgoingBy: h.outgoingBy, outgoingName: h.outgoingName, outgoingAt: h.outgoingAt,
                outgoingAtText: ShanghaiTime.format(h.outgoingAt, "yyyy-MM-dd HH:mm"), incomingBy: h.incomingBy, incomingName: h.incomingName,
                incomingAt: h.incomingAt, incomingAtText: h.incomingAt.map { ShanghaiTime.format($0, "yyyy-MM-dd HH:mm") }, confirmed: h.incomingAt != nil,
                statusTitle: h.incomingAt == nil ? "待接班确认" : "已交接", outgoingPresence: PresenceDTO(code: h.outgoingPresence, standIn: h.outgoingStandIn),
                incomingPresence: PresenceDTO(code: h.incomingPresence, standIn: h.incomingStandIn), items: its.map { itemDTO($0.1, carried: $0.0.carried) })
        }
    }

    static func desk(unit: OrgUnit, on db: any Database) async throws -> HandoverDeskDTO {
        let recent = try await Handover.query(on: db).filter(\.$unit.$id == unit.id!).sort(\.$outgoingAt, .descending).sort(\.$id, .descending).limit(30).all()
        let all = try await dtos(recent, on: db)
        let open = try await HandoverItem.query(on: db).filter(\.$unit.$id == unit.id!).filter(\.$closedAt == nil).sort(\.$createdAt).sort(\.$id).all()
        return HandoverDeskDTO(unitId: unit.id!, current: all.first, openItems: open.map { itemDTO($0) }, history: Array(all.dropFirst()))
    }

    static func create(_ input: HandoverInput, ctx: ServiceContext) async throws -> Handover {
        let actor = ctx.actor
        let now = ctx.now
        let matters = try HandoverField.matters.accepted(input.matters)
        let newItems = try (input.items ?? []).map { try HandoverField.items.accepted($0) }.filter { !$0.isEmpty }
        if newItems.count > 50 { throw DutyError.field("items", "一次交班的待办事项不超过50条") }
        if matters.isEmpty && newItems.isEmpty { throw DutyError.field("matters", "请填写本班重要事项（无事项请写“无”）") }
        let presence = try await checkedPresence(standIn: input.standInReason, ctx: ctx)
        let unitID = actor.unit.id!
        let h = Handover()
        h.id = UUID.timeOrdered(at: now)
        h.$unit.id = unitID
        h.matters = matters
        h.outgoingBy = actor.user.username
        h.outgoingName = actor.user.displayName
        h.outgoingAt = now
        h.outgoingPresence = presence.code
        h.outgoingStandIn = presence.standInReason
        try await ctx.write { db in
            // One handover at a time: the next shift cannot hand over what it has not taken over.
            if try await Handover.query(on: db).filter(\.$unit.$id == unitID).filter(\.$incomingAt == nil).first() != nil {
                throw DutyDeskError.handoverPending
            }
            try await h.create(on: db)
            let carried = try await HandoverItem.query(on: db).filter(\.$unit.$id == unitID).filter(\.$closedAt == nil).all()
            for item in carried {
                let l = HandoverItemLink()
                l.id = UUID.timeOrdered(at: now)
                l.handoverID = h.id!
                l.itemID = item.id!
                l.carried = true
                try await l.create(on: db)
            }
            for (n, text) in newItems.enumerated() {
                let item = HandoverItem()
                // One millisecond apart: the ids keep the order the officer listed them in.
                item.id = UUID.timeOrdered(at: now.addingTimeInterval(Double(n) / 1000))
                item.$unit.id = unitID
                item.text = text
                item.createdBy = actor.user.username
                item.createdAt = now
                try await item.create(on: db)
                let l = HandoverItemLink()
                l.id = UUID.timeOrdered(at: now)
                l.handoverID = h.id!
                l.itemID = item.id!
                l.carried = false
                try await l.create(on: db)
            }
            try await ctx.audit(
                "handover.create", "handover", h.id!.uuidString, detail: "新增待办\(newItems.count)项，延续待办\(carried.count)项；交班人：\(presence.title)", on: db)
        }
        return h
    }

    static func visible(_ id: UUID, ctx: ServiceContext) async throws -> (Handover, OrgUnit) {
        let actor = ctx.actor
        guard let h = try await Handover.query(on: ctx.db).filter(\.$id == id).with(\.$unit).first(), actor.sees(h.unit.unitPath) else {
            throw DutyError.notFound("该交接班记录")
        }
        return (h, h.unit)
    }

    /// 在岗核对 for the officer handing over or taking over: on the roster around the change of
    /// shift, or standing in with a reason (kept and audited); otherwise refused, naming who is
    /// on the roster. A unit without a roster for the shift cannot be checked.
    static func checkedPresence(standIn: String?, ctx: ServiceContext) async throws -> RosterPresence {
        let (presence, onDuty) = try await RosterService.presence(ctx: ctx, margin: RosterPresenceRule.handoverMargin, standIn: standIn)
        if presence == .notRostered { throw DutyDeskError.notOnRoster(onDuty: onDuty) }
        return presence
    }

    static func confirm(_ h: Handover, unit: OrgUnit, standIn: String? = nil, ctx: ServiceContext) async throws {
        let actor = ctx.actor
        try ctx.requireOwnUnit(unit.id, "该交接班记录")
        if let problem = HandoverRule.checkIncoming(outgoing: h.outgoingBy, incoming: actor.user.username, alreadyConfirmed: h.incomingAt != nil) {
            throw DutyDeskError.handover(problem)
        }
        let presence = try await checkedPresence(standIn: standIn, ctx: ctx)
        let now = ctx.now
        let id = h.id!
        try await ctx.write { db in
            // Guarded update: of two officers confirming at once, only one signs.
            let n = try await Handover.query(on: db).filter(\.$id == id).filter(\.$incomingAt == nil).count()
            guard n == 1 else { throw DutyDeskError.handover(.alreadyConfirmed) }
            try await Handover.query(on: db).filter(\.$id == id).filter(\.$incomingAt == nil)
                .set(\.$incomingAt, to: now).set(\.$incomingBy, to: actor.user.username).set(\.$incomingName, to: actor.user.displayName)
                .set(\.$incomingPresence, to: presence.code).set(\.$incomingStandIn, to: presence.standInReason).update()
            try await ctx.audit("handover.confirm", "handover", id.uuidString, detail: "接班人：\(presence.title)", on: db)
        }
        h.incomingAt = now
        h.incomingBy = actor.user.username
        h.incomingName = actor.user.displayName
        h.incomingPresence = presence.code
        h.incomingStandIn = presence.standInReason
    }

    static func closeItem(_ id: UUID, note: String?, ctx: ServiceContext) async throws -> HandoverItem {
        let actor = ctx.actor
        guard let item = try await HandoverItem.query(on: ctx.db).filter(\.$id == id).with(\.$unit).first(), actor.sees(item.unit.unitPath) else {
            throw DutyError.notFound("该待办事项")
        }
        try ctx.requireOwnUnit(item.unit.id, "该待办事项")
        if item.closedAt != nil { throw DutyDeskError.itemAlreadyClosed }
        let note = try HandoverField.note.accepted(note)
        if note.isEmpty { throw DutyError.field("note", "请填写办结情况") }
        item.closedAt = ctx.now
        item.closedBy = actor.user.username
        item.closeNote = note
        try await ctx.write { db in
            try await item.update(on: db)
            try await ctx.audit("handover.item.close", "handover_item", id.uuidString, detail: note, on: db)
        }
        return item
    }
}
