import Foundation

/// 调班 (S001 第九条, S002 "值班人员发生变化，要第一时间调整"): a person who cannot serve a
/// shift hands it to a colleague; the colleague accepts, the duty section leader approves, and
/// only then does the roster change. Everything happens before the shift starts, and the swap
/// may not create a problem the validator would report for the two people involved.
public enum RosterSwap {
    public enum Status: String, Codable, CaseIterable, Sendable {
        case requested, accepted, approved, declined, rejected, cancelled

        public var title: String {
            switch self {
            case .requested: return "待对方同意"
            case .accepted: return "待科(处)领导批准"
            case .approved: return "已批准"
            case .declined: return "对方未同意"
            case .rejected: return "未批准"
            case .cancelled: return "已撤回"
            }
        }

        public var isOpen: Bool { self == .requested || self == .accepted }
    }

    public enum Step: String, Codable, Sendable {
        case accept, decline, approve, reject, cancel
    }

    public struct Request: Codable, Equatable, Sendable {
        public var slot: ShiftSlot
        public var level: DutyLevel
        public var fromPersonID: String
        public var toPersonID: String
        public var status: Status

        public init(slot: ShiftSlot, level: DutyLevel, fromPersonID: String, toPersonID: String, status: Status = .requested) {
            self.slot = slot
            self.level = level
            self.fromPersonID = fromPersonID
            self.toPersonID = toPersonID
            self.status = status
        }
    }

    public struct Refusal: Error, Equatable, Sendable {
        public let code: String
        public let message: String
    }

    /// Who is acting on the swap: the person handing the shift over, the colleague taking it,
    /// or the section leader approving it.
    public enum Actor: Hashable, Sendable {
        case requester, counterpart, approver
    }

    /// Checks a new request against the roster: the shift is the requester's, it has not
    /// started, and the roster after the swap has no new problem involving the two people.
    public static func check(
        _ r: Request, roster: Roster, persons: [RosterPerson], rules: RestRules = .none, earlier: [RosterAssignment] = [], now: Date
    ) -> Result<Roster, Refusal> {
        guard r.fromPersonID != r.toPersonID else { return .failure(Refusal(code: "swap_same_person", message: "不能与自己调班")) }
        guard roster.personIDs(at: r.slot, level: r.level).contains(r.fromPersonID) else {
            return .failure(Refusal(code: "swap_not_on_shift", message: "调出人不在该班次的\(r.level.title)岗位上"))
        }
        guard now < roster.pattern.start(of: r.slot) else {
            return .failure(Refusal(code: "swap_too_late", message: "该班次已开始，不能再调班；请按临时顶岗处理并报告带班领导"))
        }
        let swapped = applied(r, to: roster)
        let before = Set(RosterValidator.validate(roster, persons: persons, rules: rules, earlier: earlier))
        let involved = [r.fromPersonID, r.toPersonID]
        let new = RosterValidator.validate(swapped, persons: persons, rules: rules, earlier: earlier)
            .filter { !before.contains($0) && ($0.personIDs.contains { involved.contains($0) } || $0.kind == .gap) }
        if !new.isEmpty {
            return .failure(Refusal(code: "swap_breaks_rules", message: "调班后不符合排班规则：" + new.map(\.message).joined(separator: "；")))
        }
        return .success(swapped)
    }

    /// The roster with the shift handed over.
    public static func applied(_ r: Request, to roster: Roster) -> Roster {
        var out = roster
        out.assignments = roster.assignments.map { a in
            a.slot == r.slot && a.level == r.level && a.personID == r.fromPersonID ? RosterAssignment(slot: a.slot, level: a.level, personID: r.toPersonID) : a
        }
        return out
    }

    /// The status after `step` by `actor`, or why that step is not allowed now. Approval also
    /// needs the shift not to have started: a swap approved too late changes nothing.
    public static func next(_ status: Status, _ step: Step, by actor: Actor, shiftStart: Date, now: Date) -> Result<Status, Refusal> {
        guard status.isOpen else { return .failure(Refusal(code: "swap_closed", message: "该调班申请已\(status.title)，不能再操作")) }
        switch (step, actor, status) {
        case (.cancel, .requester, _): return .success(.cancelled)
        case (.accept, .counterpart, .requested), (.decline, .counterpart, .requested):
            guard now < shiftStart || step == .decline else { return .failure(late) }
            return .success(step == .accept ? .accepted : .declined)
        case (.approve, .approver, .accepted), (.reject, .approver, .accepted):
            guard now < shiftStart || step == .reject else { return .failure(late) }
            return .success(step == .approve ? .approved : .rejected)
        case (.approve, .approver, .requested):
            return .failure(Refusal(code: "swap_not_accepted", message: "对方尚未同意，不能批准"))
        default:
            return .failure(Refusal(code: "swap_not_yours", message: "只有调入人可以同意或拒绝，只有值班科(处)领导可以批准，只有申请人可以撤回"))
        }
    }

    static let late = Refusal(code: "swap_too_late", message: "该班次已开始，不能再调班")

    /// The parts a person plays in a swap of `swapUnitID`: the colleague taking the shift, the
    /// requester (who filed it, or whose shift it is), and the approver — someone of the
    /// swap's own unit who draws up its roster and is neither of the two people involved.
    public static func parts(
        personID: String?, username: String, unitID: String, canManageRoster: Bool, swap r: Request, requestedBy: String, swapUnitID: String
    ) -> Set<Actor> {
        var out: Set<Actor> = []
        if let personID, personID == r.toPersonID { out.insert(.counterpart) }
        if username == requestedBy || (personID != nil && personID == r.fromPersonID) { out.insert(.requester) }
        if canManageRoster, unitID == swapUnitID, personID != r.toPersonID, personID != r.fromPersonID { out.insert(.approver) }
        return out
    }

    /// The part `step` needs, if the person plays it; otherwise why the step is not theirs.
    public static func part(for step: Step, among parts: Set<Actor>) -> Result<Actor, Refusal> {
        switch step {
        case .accept, .decline:
            return parts.contains(.counterpart) ? .success(.counterpart) : .failure(Refusal(code: "swap_not_yours", message: "只有调入人本人可以同意或拒绝"))
        case .approve, .reject:
            return parts.contains(.approver)
                ? .success(.approver) : .failure(Refusal(code: "swap_not_yours", message: "由本单位值班科(处)领导批准，调班双方不能自己批准"))
        case .cancel:
            return parts.contains(.requester) ? .success(.requester) : .failure(Refusal(code: "swap_not_yours", message: "只有申请人可以撤回"))
        }
    }

    /// The steps the person can take now: exactly those `next` allows for a part they play.
    public static func allowedSteps(_ status: Status, parts: Set<Actor>, shiftStart: Date, now: Date) -> [Step] {
        [Step.accept, .decline, .approve, .reject, .cancel].filter { step in
            guard case .success(let who) = part(for: step, among: parts) else { return false }
            if case .success = next(status, step, by: who, shiftStart: shiftStart, now: now) { return true }
            return false
        }
    }
}
