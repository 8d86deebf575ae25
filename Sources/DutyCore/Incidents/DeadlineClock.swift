import Foundation

/// What the clock needs to know about one incident.
public struct ClockFacts: Equatable, Sendable {
    /// nil when the occurrence time is not yet known.
    public var occurredAt: Date?
    public var receivedAt: Date
    public var level: IncidentLevel
    /// When `notified` and `responseEnded` happened. Entries for `occurrence` and `receipt`
    /// are ignored: those come from `occurredAt` and `receivedAt`.
    public var anchors: [DeadlineAnchor: Date]
    /// When each milestone was first achieved.
    public var milestones: [Milestone: Date]

    public init(
        occurredAt: Date? = nil, receivedAt: Date, level: IncidentLevel, anchors: [DeadlineAnchor: Date] = [:], milestones: [Milestone: Date] = [:]
    ) {
        self.occurredAt = occurredAt
        self.receivedAt = receivedAt
        self.level = level
        self.anchors = anchors
        self.milestones = milestones
    }

    /// The instant a rule's anchor happened, or nil if it has not.
    ///
    /// - occurrence falls back to receipt when the occurrence time is unknown, and is never
    ///   later than receipt (an occurrence typed after the receipt is a mistake, and taking it
    ///   at face value would lengthen the limit). Falling back keeps the clock running from the
    ///   first minute instead of showing nothing until someone fills the time in; it can only
    ///   be too lenient, and the state corrects itself once `occurredAt` is recorded.
    /// - notified is the first phone/fax report to the superior: recorded as the `notified`
    ///   anchor, or failing that as the `notified` milestone, which is the same event.
    func instant(of anchor: DeadlineAnchor) -> Date? {
        switch anchor {
        case .occurrence: return min(occurredAt ?? receivedAt, receivedAt)
        case .receipt: return receivedAt
        case .notified: return anchors[.notified] ?? milestones[.notified]
        case .responseEnded: return anchors[.responseEnded]
        }
    }
}

public enum ClockStatus: Equatable, Sendable {
    /// The anchor has not happened yet: grey 未开始.
    case notStarted
    case running(remaining: TimeInterval)
    /// Orange 即将到期: `warnBeforeMinutes` or less remain.
    case dueSoon(remaining: TimeInterval)
    /// Red 已超时: past the due instant and not yet done.
    case overdue(by: TimeInterval)
    /// Green 已按时: done at or before the due instant.
    case met(early: TimeInterval)
    /// Done after the due instant: 迟报.
    case late(by: TimeInterval)

    /// The status without its amount of time: what a page colours and sorts by.
    public enum Kind: String, Codable, CaseIterable, Sendable {
        case notStarted = "not_started"
        case running
        case dueSoon = "due_soon"
        case overdue
        case met
        case late

        public var title: String {
            switch self {
            case .notStarted: return "未开始"
            case .running: return "进行中"
            case .dueSoon: return "即将到期"
            case .overdue: return "已超时"
            case .met: return "已按时"
            case .late: return "迟报"
            }
        }

        /// 0 is the most urgent: an overdue clock first, then one about to expire, then a late
        /// report, a running clock, one not yet started, and a met one last.
        public var urgency: Int {
            switch self {
            case .overdue: return 0
            case .dueSoon: return 1
            case .late: return 2
            case .running: return 3
            case .notStarted: return 4
            case .met: return 5
            }
        }

        /// Needs the duty officer now: red or orange.
        public var isAlarming: Bool { self == .overdue || self == .dueSoon }

        /// The most urgent of several clocks; not started when there are none.
        public static func mostUrgent(_ kinds: [Kind]) -> Kind { kinds.min { $0.urgency < $1.urgency } ?? .notStarted }
    }

    public var kind: Kind {
        switch self {
        case .notStarted: return .notStarted
        case .running: return .running
        case .dueSoon: return .dueSoon
        case .overdue: return .overdue
        case .met: return .met
        case .late: return .late
        }
    }

    public var title: String { kind.title }
}

/// One rule's clock for one incident at one instant.
public struct DeadlineState: Equatable, Sendable {
    public var rule: DeadlineRule
    /// nil until the anchor has happened.
    public var dueAt: Date?
    /// When the milestone was achieved, if it was by `now`.
    public var doneAt: Date?
    public var status: ClockStatus

    public init(rule: DeadlineRule, dueAt: Date?, doneAt: Date?, status: ClockStatus) {
        self.rule = rule
        self.dueAt = dueAt
        self.doneAt = doneAt
        self.status = status
    }
}

/// Deadline clocks for an incident, measured against the policy version in force at its receipt.
///
/// Facts dated after `now` are treated as not having happened yet, so evaluating at a past
/// instant replays what the desk showed then.
public enum DeadlineClock {
    /// Every rule of the version that applies to the incident's level, in the version's order,
    /// at `now`.
    ///
    /// Boundaries: a milestone achieved exactly at the due instant is met (early 0); at the due
    /// instant itself an undone deadline is overdue (by 0), because from then on doing it can
    /// only be late. Due soon means 0 < remaining ≤ `warnBeforeMinutes`.
    /// A milestone achieved while its anchor has not happened (a written report in the system
    /// before any phone report) keeps the rule 未开始 with `doneAt` set: the limit never began.
    public static func evaluate(_ facts: ClockFacts, policy: PolicyVersion, now: Date) -> [DeadlineState] {
        policy.rules.filter { $0.applies(to: facts.level) }.map { rule in
            let times = Times(rule: rule, facts: facts, warnBeforeMinutes: policy.warnBeforeMinutes)
            let doneAt = times.done.flatMap { $0 <= now ? $0 : nil }
            guard let start = times.start, start <= now, let due = times.due else {
                return DeadlineState(rule: rule, dueAt: nil, doneAt: doneAt, status: .notStarted)
            }
            let status: ClockStatus
            if let doneAt {
                status = doneAt <= due ? .met(early: due.timeIntervalSince(doneAt)) : .late(by: doneAt.timeIntervalSince(due))
            } else {
                let remaining = due.timeIntervalSince(now)
                if remaining <= 0 {
                    status = .overdue(by: -remaining)
                } else if remaining <= TimeInterval(policy.warnBeforeMinutes * 60) {
                    status = .dueSoon(remaining: remaining)
                } else {
                    status = .running(remaining: remaining)
                }
            }
            return DeadlineState(rule: rule, dueAt: due, doneAt: doneAt, status: status)
        }
    }

    /// The next instant after `now` at which any state changes kind (an anchor or milestone
    /// dated in the future, a warning threshold, a due instant), for a timer; nil when nothing
    /// is pending. The remaining time inside `running`, `dueSoon` and `overdue` changes every
    /// second and is not counted as a change.
    public static func nextChange(_ facts: ClockFacts, policy: PolicyVersion, now: Date) -> Date? {
        var candidates: [Date] = []
        for rule in policy.rules where rule.applies(to: facts.level) {
            let times = Times(rule: rule, facts: facts, warnBeforeMinutes: policy.warnBeforeMinutes)
            if let done = times.done { candidates.append(done) }
            guard let start = times.start, let due = times.due, let warn = times.warn else { continue }
            // The start always changes the state (even a milestone done early turns from 未开始
            // to 已按时 then); once the milestone is done, later thresholds change nothing.
            candidates.append(start)
            let stop = times.done ?? .distantFuture
            if due < stop { candidates.append(due) }
            // A warning at or before the start is not a separate change: the clock starts orange.
            if warn > start && warn < stop { candidates.append(warn) }
        }
        return candidates.filter { $0 > now }.min()
    }

    /// The instants of one rule for one incident, regardless of `now`.
    private struct Times {
        var start: Date?
        var due: Date?
        var warn: Date?
        var done: Date?

        init(rule: DeadlineRule, facts: ClockFacts, warnBeforeMinutes: Int) {
            start = facts.instant(of: rule.anchor)
            due = start?.addingTimeInterval(TimeInterval(rule.minutes * 60))
            warn = due?.addingTimeInterval(-TimeInterval(warnBeforeMinutes * 60))
            done = facts.milestones[rule.milestone]
        }
    }
}
