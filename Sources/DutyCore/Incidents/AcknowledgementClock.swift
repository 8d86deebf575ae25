import Foundation

/// Chasing a report nobody receives: a report submitted upward waits for the receiving duty
/// room to acknowledge it (签收). When it has waited `acknowledgeWithinMinutes` the receiving
/// room is told again (签收超时); after `escalateAcknowledgementAfterMinutes`, its duty leader
/// (带班领导). The limits are the sending record's policy version, so they are data like every
/// other deadline.
public enum AcknowledgementClock {
    public enum Stage: String, Codable, CaseIterable, Sendable {
        /// Within the limit.
        case waiting
        /// Past the limit: announced again to the receiving duty room.
        case overdue
        /// Past the escalation limit: the receiving unit's duty leader is told.
        case escalated
        case acknowledged
        /// Acknowledged after the limit.
        case acknowledgedLate = "acknowledged_late"

        public var title: String {
            switch self {
            case .waiting: return "待签收"
            case .overdue: return "签收超时"
            case .escalated: return "签收超时，已提醒带班领导"
            case .acknowledged: return "已签收"
            case .acknowledgedLate: return "超时签收"
            }
        }

        /// Needs the receiving duty room now.
        public var isAlarming: Bool { self == .overdue || self == .escalated }
    }

    public struct State: Equatable, Sendable {
        public var stage: Stage
        public var dueAt: Date
        public var escalateAt: Date
        /// Seconds from submission to acknowledgement, once acknowledged.
        public var waitedSeconds: Int?
    }

    /// The state at `now` of a report submitted at `submittedAt`. An acknowledgement dated
    /// after `now` has not happened yet (replaying a past instant).
    public static func evaluate(submittedAt: Date, acknowledgedAt: Date?, policy: PolicyVersion?, now: Date) -> State {
        let within = policy?.acknowledgeWithinMinutes ?? PolicyVersion.defaultAcknowledgeWithinMinutes
        let escalate = max(within, policy?.escalateAcknowledgementAfterMinutes ?? PolicyVersion.defaultEscalateAcknowledgementAfterMinutes)
        let due = submittedAt.addingTimeInterval(TimeInterval(within * 60))
        let escalateAt = submittedAt.addingTimeInterval(TimeInterval(escalate * 60))
        if let ack = acknowledgedAt, ack <= now {
            return State(
                stage: ack <= due ? .acknowledged : .acknowledgedLate, dueAt: due, escalateAt: escalateAt,
                waitedSeconds: Int(ack.timeIntervalSince(submittedAt).rounded(.down)))
        }
        let stage: Stage = now >= escalateAt ? .escalated : now >= due ? .overdue : .waiting
        return State(stage: stage, dueAt: due, escalateAt: escalateAt, waitedSeconds: nil)
    }

    /// The next instant after `now` at which the stage changes, for a timer; nil once
    /// acknowledged or escalated.
    public static func nextChange(submittedAt: Date, acknowledgedAt: Date?, policy: PolicyVersion?, now: Date) -> Date? {
        let s = evaluate(submittedAt: submittedAt, acknowledgedAt: acknowledgedAt, policy: policy, now: now)
        if let ack = acknowledgedAt, ack > now { return [s.dueAt, s.escalateAt, ack].filter { $0 > now }.min() }
        switch s.stage {
        case .waiting: return s.dueAt
        case .overdue: return s.escalateAt
        default: return nil
        }
    }
}
