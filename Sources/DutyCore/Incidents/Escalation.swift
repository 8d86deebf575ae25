import Foundation

/// One government level's part in an incident's flow up the chain (county → city →
/// province → ministry). Each level keeps its own record and submits its own report to its
/// superior (S002 二.四: 同一突发事件信息，在省市县三级的业务系统中均应有体现).
public struct ChainLevel: Equatable, Sendable {
    public var unitID: String
    public var unitName: String
    /// When this level first recorded the incident in the system; nil if it has not.
    public var recordedAt: Date?
    /// How this level learned of it, and from which unit's report when it came up the chain.
    public var learnedVia: SourceChannel?
    public var learnedFromUnitID: String?
    /// When this level submitted its own report upward, and to which unit.
    public var submittedAt: Date?
    public var submittedToUnitID: String?

    public init(
        unitID: String, unitName: String, recordedAt: Date? = nil, learnedVia: SourceChannel? = nil, learnedFromUnitID: String? = nil, submittedAt: Date? = nil,
        submittedToUnitID: String? = nil
    ) {
        self.unitID = unitID
        self.unitName = unitName
        self.recordedAt = recordedAt
        self.learnedVia = learnedVia
        self.learnedFromUnitID = learnedFromUnitID
        self.submittedAt = submittedAt
        self.submittedToUnitID = submittedToUnitID
    }
}

public struct BackfillTask: Equatable, Sendable {
    public enum Reason: Equatable, Sendable {
        /// A subordinate reported over this unit's head (越级上报) to `receiver`.
        case skipped(reporterUnitID: String, receiverUnitID: String)
        /// A superior learned of the incident from a same-level peer and tells the lower levels to report.
        case learnedFromPeer(superiorUnitID: String)
    }

    public var unitID: String
    public var reason: Reason
    public var createdAt: Date
    public var dueAt: Date

    public var title: String {
        switch reason {
        case .skipped: return "越级上报，本级需通过系统向上一级补报"
        case .learnedFromPeer: return "上级经同级单位获知，本级需通过系统补报"
        }
    }
}

/// 信息倒流 (S000 四): the superior knew before the subordinate reported to it.
public struct Backflow: Equatable, Sendable {
    public var againstUnitID: String
    public var superiorUnitID: String
    public var superiorRecordedAt: Date
    /// When the subordinate's report reached the superior; nil if it never did.
    public var subordinateReportedAt: Date?
}

public enum Escalation {
    /// Back-fill tasks the chain's records call for. `chain` runs from the lowest level (where
    /// the incident happened) to the highest that knows of it. A task is due `minutes` after
    /// the event that created it (S002: 及时补报; the minutes are the policy's).
    public static func backfillTasks(chain: [ChainLevel], minutes: Int) -> [BackfillTask] {
        var tasks: [BackfillTask] = []
        let index = Dictionary(uniqueKeysWithValues: chain.enumerated().map { ($1.unitID, $0) })
        for (i, level) in chain.enumerated() {
            // 越级上报: every level strictly between the reporter and the receiver back-fills.
            if let at = level.submittedAt, let to = level.submittedToUnitID, let j = index[to], j > i + 1 {
                for k in (i + 1)..<j where chain[k].submittedAt == nil || chain[k].submittedAt! > at {
                    tasks.append(
                        BackfillTask(
                            unitID: chain[k].unitID, reason: .skipped(reporterUnitID: level.unitID, receiverUnitID: to), createdAt: at,
                            dueAt: at.addingTimeInterval(Double(minutes) * 60)))
                }
            }
            // Learned from a peer: every lower level that had not yet reported up back-fills.
            if level.learnedVia == .peer, let at = level.recordedAt {
                for k in 0..<i where chain[k].submittedAt == nil || chain[k].submittedAt! > at {
                    if tasks.contains(where: { $0.unitID == chain[k].unitID }) { continue }
                    tasks.append(
                        BackfillTask(
                            unitID: chain[k].unitID, reason: .learnedFromPeer(superiorUnitID: level.unitID), createdAt: at,
                            dueAt: at.addingTimeInterval(Double(minutes) * 60)))
                }
            }
        }
        return tasks
    }

    /// Back-flow marks: for each adjacent pair, the superior recorded the incident before the
    /// subordinate's own report reached it (or the subordinate never reported), and not
    /// through a report from the subordinate or from below it — that case is a skip-level
    /// report, which the skipped unit answers with a back-fill task instead.
    public static func backflows(chain: [ChainLevel]) -> [Backflow] {
        let index = Dictionary(uniqueKeysWithValues: chain.enumerated().map { ($1.unitID, $0) })
        var out: [Backflow] = []
        for i in 0..<max(0, chain.count - 1) {
            let sub = chain[i]
            let sup = chain[i + 1]
            guard let knewAt = sup.recordedAt else { continue }
            if let from = sup.learnedFromUnitID, let k = index[from], k <= i { continue }
            if let reportedAt = sub.submittedAt, reportedAt <= knewAt { continue }
            out.append(Backflow(againstUnitID: sub.unitID, superiorUnitID: sup.unitID, superiorRecordedAt: knewAt, subordinateReportedAt: sub.submittedAt))
        }
        return out
    }
}

/// The steps a report takes before it leaves the unit.
public enum ReportRoute {
    /// S000 四: 市局向省厅报告突发事件信息、敏感信息必须经市政府总值班室核准后方可上报 — a
    /// sensitive report from a city's emergency bureau passes the city government general duty
    /// office first, when the city has one.
    public static func needsApproval(sensitive: Bool, from kind: UnitKind, cityHasDutyOffice: Bool) -> Bool {
        sensitive && kind == .emergencyCity && cityHasDutyOffice
    }

    /// The office that approves the reports of the unit `holderUnitID`: the city government
    /// general duty office, which the unit tree keeps directly under the city bureau. It sees
    /// a report it is asked to approve, and nothing else of the bureau's.
    public static func isApprovingOffice(unitKind: UnitKind, parentID: String?, holderUnitID: String) -> Bool {
        unitKind == .governmentDutyOffice && parentID == holderUnitID
    }
}

extension Backflow {
    /// Counted against the subordinate once its report has arrived late, or once the time it
    /// had to report has passed without one: before that it may still be on its way.
    public func isSettled(now: Date, graceMinutes: Int) -> Bool {
        subordinateReportedAt != nil || now >= superiorRecordedAt.addingTimeInterval(TimeInterval(graceMinutes * 60))
    }

    /// What the subordinate's record says.
    public func subordinateNote(superiorName: String) -> String {
        "信息倒流：\(superiorName)于\(ShanghaiTime.format(superiorRecordedAt, "MM-dd HH:mm"))先于本级获知"
            + (subordinateReportedAt.map { "，本级报告\(ShanghaiTime.format($0, "MM-dd HH:mm"))才送达" } ?? "，本级尚未通过系统报告")
    }

    /// What the superior's record says.
    public func superiorNote(subordinateName: String) -> String {
        "信息倒流：本级于\(ShanghaiTime.format(superiorRecordedAt, "MM-dd HH:mm"))先于\(subordinateName)获知"
            + (subordinateReportedAt.map { "，其报告\(ShanghaiTime.format($0, "MM-dd HH:mm"))才送达" } ?? "，其尚未通过系统报告")
    }
}

/// Whether a record a duty room is about to make is likely an incident a superior already
/// holds (S000 四 "杜绝信息倒流"; S002 二.四): the same kind of incident in the same area at
/// about the same time. An officer who sees it attaches the record to that case instead of
/// opening a second one.
public enum CaseMatch {
    /// Occurrence times of one incident recorded by two levels rarely differ by more.
    public static let occurrenceWindow: TimeInterval = 6 * 3600
    /// Without both occurrence times, receipts a day apart can still be the same incident.
    public static let receiptWindow: TimeInterval = 24 * 3600

    public struct Record: Equatable, Sendable {
        public var kindID: String
        public var incidentClass: IncidentClass
        public var occurredAt: Date?
        public var receivedAt: Date

        public init(kindID: String, incidentClass: IncidentClass, occurredAt: Date?, receivedAt: Date) {
            self.kindID = kindID
            self.incidentClass = incidentClass
            self.occurredAt = occurredAt
            self.receivedAt = receivedAt
        }
    }

    /// nil when `candidate` is unlikely to be `new`; else a rank (lower is likelier): the
    /// same kind before a kind of the same class, then the nearer in time.
    public static func rank(_ candidate: Record, for new: Record) -> Double? {
        guard candidate.incidentClass == new.incidentClass else { return nil }
        let apart: TimeInterval
        if let a = candidate.occurredAt, let b = new.occurredAt {
            apart = abs(a.timeIntervalSince(b))
            guard apart <= occurrenceWindow else { return nil }
        } else {
            apart = abs(candidate.receivedAt.timeIntervalSince(new.receivedAt))
            guard apart <= receiptWindow else { return nil }
        }
        return (candidate.kindID == new.kindID ? 0 : 1_000_000) + apart
    }
}
