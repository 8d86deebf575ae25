import Foundation

/// 在岗核对: whether the officer who hands over or takes over a shift, or answers a superior's
/// roll call, is the one the roster has on duty then (S004 一(三): duty by the filed roster,
/// changes only by an approved swap; S000 二: roll calls check that the duty room is manned by
/// its rostered staff). Someone else standing in says so, with a reason, and the record keeps it.
public enum RosterPresence: Equatable, Sendable {
    /// On the roster for the shift.
    case rostered
    /// Not on the roster, standing in (代班) with the reason they gave.
    case standIn(reason: String)
    /// Not on the roster and gave no reason: a roll-call answer is still taken (the clock stops
    /// at once), and the caller sees who answered instead of the rostered officer.
    case notRostered
    /// The unit has no roster for the shift: nothing to check against.
    case noRoster

    public var code: String {
        switch self {
        case .rostered: return "rostered"
        case .standIn: return "stand_in"
        case .notRostered: return "not_rostered"
        case .noRoster: return "no_roster"
        }
    }

    public var title: String {
        switch self {
        case .rostered: return "排班人员"
        case .standIn(let reason): return "代班：\(reason)"
        case .notRostered: return "非排班人员"
        case .noRoster: return "本班次未排班"
        }
    }

    public var tone: StatusTone {
        switch self {
        case .rostered: return .ok
        case .standIn: return .warn
        case .notRostered: return .bad
        case .noRoster: return .idle
        }
    }

    public var standInReason: String? {
        if case .standIn(let r) = self { return r }
        return nil
    }

    public init(code: String, standInReason: String?) {
        switch code {
        case "rostered": self = .rostered
        case "stand_in": self = .standIn(reason: standInReason ?? "")
        case "not_rostered": self = .notRostered
        default: self = .noRoster
        }
    }
}

public enum RosterPresenceRule {
    /// A handover happens at the change of shift: the outgoing officer's shift has just ended or
    /// is about to, the incoming officer's has just begun or is about to.
    public static let handoverMargin: TimeInterval = 2 * 3600
    /// A roll call is answered by whoever is on duty at that moment.
    public static let rollCallMargin: TimeInterval = 0

    /// The people the roster has on duty within `margin` of the instant, at any level.
    public static func rostered(_ roster: Roster, around instant: Date, margin: TimeInterval) -> Set<String> {
        Set(
            roster.assignments.filter { a in
                roster.pattern.contains(a.slot) && roster.pattern.start(of: a.slot).addingTimeInterval(-margin) <= instant
                    && instant < roster.pattern.end(of: a.slot).addingTimeInterval(margin)
            }.map(\.personID))
    }

    /// Checks a person (nil: an account not linked to anyone in the directory) against the
    /// roster around the instant. A reason typed by someone not on the roster makes them a
    /// stand-in; a reason typed by the rostered officer is not needed and is not kept.
    public static func check(person: String?, roster: Roster, at instant: Date, margin: TimeInterval, standInReason: String?) -> RosterPresence {
        let onDuty = rostered(roster, around: instant, margin: margin)
        if onDuty.isEmpty { return .noRoster }
        if let person, onDuty.contains(person) { return .rostered }
        let reason = (standInReason ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
        return reason.isEmpty ? .notRostered : .standIn(reason: reason)
    }
}
