import Foundation

/// What the clock needs to know about one level's record of an incident.
public struct ClockFacts: Equatable, Sendable {
    /// The case's occurrence time: the earliest any level recorded; nil while nobody knows it.
    public var occurredAt: Date?
    /// When this level received it.
    public var receivedAt: Date
    /// When any level of the case first received it; nil means this level was the first.
    public var caseReceivedAt: Date?
    public var level: IncidentLevel
    /// When `notified` and `responseEnded` happened. Entries for `occurrence` and the
    /// receipts are ignored: those come from the dates above.
    public var anchors: [DeadlineAnchor: Date]
    /// When each milestone was first achieved.
    public var milestones: [Milestone: Date]
    /// When this level submitted each of its 续报 and its 终报: what a repeating rule counts.
    public var followUps: [Date]

    public init(
        occurredAt: Date? = nil, receivedAt: Date, caseReceivedAt: Date? = nil, level: IncidentLevel, anchors: [DeadlineAnchor: Date] = [:],
        milestones: [Milestone: Date] = [:], followUps: [Date] = []
    ) {
        self.occurredAt = occurredAt
        self.receivedAt = receivedAt
        self.caseReceivedAt = caseReceivedAt
        self.level = level
        self.anchors = anchors
        self.milestones = milestones
        self.followUps = followUps.sorted()
    }

    /// The case's first receipt, never later than this level's own.
    var firstReceipt: Date { min(caseReceivedAt ?? receivedAt, receivedAt) }

    /// The instant a rule's anchor happened, or nil if it has not.
    ///
    /// - occurrence falls back to the case's first receipt when the occurrence time is unknown,
    ///   and is never later than it (an occurrence typed after the receipt is a mistake, and
    ///   taking it at face value would lengthen the limit). Falling back keeps the clock running
    ///   from the first minute instead of showing nothing until someone fills the time in; it can
    ///   only be too lenient, and the state corrects itself once `occurredAt` is recorded.
    /// - notified is the first phone/fax report to the superior: recorded as the `notified`
    ///   anchor, or failing that as the `notified` milestone, which is the same event.
    func instant(of anchor: DeadlineAnchor) -> Date? {
        switch anchor {
        case .occurrence: return min(occurredAt ?? firstReceipt, firstReceipt)
        case .caseReceipt: return firstReceipt
        case .receipt: return receivedAt
        case .notified: return anchors[.notified] ?? milestones[.notified]
        case .responseEnded: return anchors[.responseEnded]
        }
    }
}

public enum ClockStatus: Equatable, Sendable {
    /// The anchor has not happened yet: grey 未开始.
    case notStarted
    /// The anchor is an act of this duty room nobody has recorded yet (a phone report): the
    /// clock cannot start until someone does, and says so, with how long since receipt.
    case waiting(sinceReceipt: TimeInterval)
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
        case waiting
        case running
        case dueSoon = "due_soon"
        case overdue
        case met
        case late

        public var title: String {
            switch self {
            case .notStarted: return "未开始"
            case .waiting: return "待起算"
            case .running: return "进行中"
            case .dueSoon: return "即将到期"
            case .overdue: return "已超时"
            case .met: return "已按时"
            case .late: return "迟报"
            }
        }

        /// 0 is the most urgent: an overdue clock first, then one about to expire, then one
        /// waiting on an act nobody has recorded, a late report, a running clock, one not yet
        /// started, and a met one last.
        public var urgency: Int {
            switch self {
            case .overdue: return 0
            case .dueSoon: return 1
            case .waiting: return 2
            case .late: return 3
            case .running: return 4
            case .notStarted: return 5
            case .met: return 6
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
        case .waiting: return .waiting
        case .running: return .running
        case .dueSoon: return .dueSoon
        case .overdue: return .overdue
        case .met: return .met
        case .late: return .late
        }
    }

    public var title: String { kind.title }
}

/// One rule's clock for one incident at one instant; a repeating rule has one per occurrence.
public struct DeadlineState: Equatable, Sendable {
    public var rule: DeadlineRule
    /// nil until the anchor has happened.
    public var dueAt: Date?
    /// When the milestone was achieved, if it was by `now`.
    public var doneAt: Date?
    public var status: ClockStatus
    /// 1, 2, … for the occurrences of a repeating rule; nil for a rule that does not repeat.
    public var occurrence: Int?

    public init(rule: DeadlineRule, dueAt: Date?, doneAt: Date?, status: ClockStatus, occurrence: Int? = nil) {
        self.rule = rule
        self.dueAt = dueAt
        self.doneAt = doneAt
        self.status = status
        self.occurrence = occurrence
    }

    /// Identifies this clock among the record's: the rule, and the occurrence of a repeating one.
    public var key: String { occurrence.map { "\(rule.id)#\($0)" } ?? rule.id }

    /// "重特大灾害事故…", and "（第3次）" for an occurrence.
    public var title: String { occurrence.map { "\(rule.title)（第\($0)次）" } ?? rule.title }

    /// What the page says: the status word, or on what a waiting clock waits ("待电话报告").
    public var statusTitle: String {
        if case .waiting = status, let act = rule.anchor.awaitedAction { return "待" + act }
        return status.title
    }

    /// "待电话报告 — 接报后已 12 分钟": a waiting clock's whole sentence; nil otherwise.
    public var waitingText: String? {
        guard case .waiting(let since) = status else { return nil }
        return "\(statusTitle) — 接报后已 \(Int(since / 60)) 分钟"
    }
}

/// Deadline clocks for an incident, measured against the policy version it was received under.
///
/// Facts dated after `now` are treated as not having happened yet, so evaluating at a past
/// instant replays what the desk showed then.
public enum DeadlineClock {
    /// A repeating rule keeps at most this many occurrences (the most recent): a response that
    /// runs for months must not make every board read grow with it.
    public static let occurrenceLimit = 120

    /// Every rule of the version that applies to the incident's level, in the version's order,
    /// at `now`; a repeating rule gives its occurrences in order.
    ///
    /// Boundaries: a milestone achieved exactly at the due instant is met (early 0); at the due
    /// instant itself an undone deadline is overdue (by 0), because from then on doing it can
    /// only be late. Due soon means 0 < remaining ≤ `warnBeforeMinutes`.
    /// A milestone achieved while its anchor has not happened (a written report in the system
    /// before any phone report) keeps the rule not started with `doneAt` set: the limit never
    /// began. A rule waiting on an unrecorded act of the desk (the phone report) is `waiting`.
    public static func evaluate(_ facts: ClockFacts, policy: PolicyVersion, now: Date) -> [DeadlineState] {
        policy.rules.filter { $0.applies(to: facts.level) }.flatMap { rule -> [DeadlineState] in
            if rule.recurrence != nil { return occurrences(rule, facts, warnBeforeMinutes: policy.warnBeforeMinutes, now: now) }
            let times = Times(rule: rule, facts: facts, warnBeforeMinutes: policy.warnBeforeMinutes)
            let doneAt = times.done.flatMap { $0 <= now ? $0 : nil }
            guard let start = times.start, start <= now, let due = times.due else {
                return [notStarted(rule, facts, doneAt: doneAt, now: now)]
            }
            return [DeadlineState(rule: rule, dueAt: due, doneAt: doneAt, status: status(due: due, done: doneAt, warn: policy.warnBeforeMinutes, now: now))]
        }
    }

    /// The next instant after `now` at which any state changes kind (an anchor or milestone
    /// dated in the future, a warning threshold, a due instant), for a timer; nil when nothing
    /// is pending. The remaining time inside `running`, `dueSoon` and `overdue` changes every
    /// second and is not counted as a change.
    public static func nextChange(_ facts: ClockFacts, policy: PolicyVersion, now: Date) -> Date? {
        var candidates: [Date] = []
        let warnBefore = TimeInterval(policy.warnBeforeMinutes * 60)
        for rule in policy.rules where rule.applies(to: facts.level) {
            if rule.recurrence != nil {
                // Facts dated later change which window a report falls in; the pending
                // occurrence's warning and due instant change its state, and its due instant
                // is also where the next one begins.
                candidates += facts.followUps
                candidates += [facts.instant(of: rule.anchor), facts.anchors[.responseEnded], facts.milestones[.written]].compactMap { $0 }
                for s in occurrences(rule, facts, warnBeforeMinutes: policy.warnBeforeMinutes, now: now) where s.doneAt == nil {
                    if let due = s.dueAt { candidates += [due, due.addingTimeInterval(-warnBefore)] }
                }
                continue
            }
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

    private static func status(due: Date, done: Date?, warn minutes: Int, now: Date) -> ClockStatus {
        if let done { return done <= due ? .met(early: due.timeIntervalSince(done)) : .late(by: done.timeIntervalSince(due)) }
        let remaining = due.timeIntervalSince(now)
        if remaining <= 0 { return .overdue(by: -remaining) }
        if remaining <= TimeInterval(minutes * 60) { return .dueSoon(remaining: remaining) }
        return .running(remaining: remaining)
    }

    /// A rule whose anchor has not happened: waiting when the anchor is the desk's own act.
    private static func notStarted(_ rule: DeadlineRule, _ facts: ClockFacts, doneAt: Date?, now: Date, occurrence: Int? = nil) -> DeadlineState {
        let waiting = rule.anchor.awaitedAction != nil && facts.instant(of: rule.anchor).map { $0 > now } ?? true && doneAt == nil
        return DeadlineState(
            rule: rule, dueAt: nil, doneAt: doneAt, status: waiting ? .waiting(sinceReceipt: max(0, now.timeIntervalSince(facts.receivedAt))) : .notStarted,
            occurrence: occurrence)
    }

    /// The occurrences of a repeating rule up to the first one still due after `now`.
    ///
    /// - 每日定时: due at each listed time of day (Asia/Shanghai) from the first at least
    ///   `minutes` after the anchor. Occurrence k is done by this level's first 续报 after the
    ///   previous due instant (after the anchor for the first), or after the report that
    ///   answered the previous one late: one report answers one occurrence.
    /// - 间隔: due `everyMinutes` after the level's last report (the written first report to
    ///   begin with, and never sooner than `minutes` after the anchor); done by the next 续报.
    /// - Either way none is due after the response ended or the 终报 went out.
    static func occurrences(_ rule: DeadlineRule, _ facts: ClockFacts, warnBeforeMinutes: Int, now: Date) -> [DeadlineState] {
        guard let recurrence = rule.recurrence else { return [] }
        guard let start = facts.instant(of: rule.anchor), start <= now else { return [notStarted(rule, facts, doneAt: nil, now: now, occurrence: 1)] }
        let reports = facts.followUps.filter { $0 <= now }
        let stop = [facts.anchors[.responseEnded], facts.milestones[.final]].compactMap { $0 }.filter { $0 <= now }.min() ?? .distantFuture
        let earliest = start.addingTimeInterval(TimeInterval(rule.minutes * 60))
        var out: [DeadlineState] = []
        var number = 0
        func add(due: Date, after windowStart: Date) -> Date? {
            number += 1
            let done = reports.first { $0 > windowStart }
            out.append(
                DeadlineState(
                    rule: rule, dueAt: due, doneAt: done, status: status(due: due, done: done, warn: warnBeforeMinutes, now: now), occurrence: number))
            if out.count > occurrenceLimit { out.removeFirst() }
            return done
        }
        if let times = recurrence.minutesOfDay, !times.isEmpty {
            var calendar = Calendar(identifier: .gregorian)
            calendar.timeZone = ShanghaiTime.zone
            var day = calendar.startOfDay(for: earliest)
            var windowStart = start
            // Days are walked to the first due instant past `now` (or the stop): bounded by the
            // response's length, a few hundred steps for a long one.
            walk: while true {
                for m in times {
                    let due = day.addingTimeInterval(TimeInterval(m * 60))
                    if due < earliest { continue }
                    if due > stop { break walk }
                    let done = add(due: due, after: windowStart)
                    // A late report answers its own occurrence only: the next needs another.
                    windowStart = max(due, done ?? due)
                    // Up to the first still to be done: one met early is followed by the next.
                    if due > now && done == nil { break walk }
                }
                guard let next = calendar.date(byAdding: .day, value: 1, to: day) else { break }
                day = next
            }
        } else if let every = recurrence.everyMinutes {
            guard let first = facts.milestones[.written], first <= now else {
                return [DeadlineState(rule: rule, dueAt: nil, doneAt: nil, status: .notStarted, occurrence: 1)]
            }
            var last = first
            while true {
                let due = max(last.addingTimeInterval(TimeInterval(every * 60)), earliest)
                if due > stop { break }
                guard let done = add(due: due, after: last) else { break }
                last = done
            }
        }
        return out
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
