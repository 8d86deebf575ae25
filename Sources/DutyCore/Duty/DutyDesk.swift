import Foundation

/// How a call or message reached (or left) the duty room, as the duty log records it
/// (S001 第十三条).
/// S001 第十四条 "区分明件和密件，严禁明密混用": a classified (密件) entry's words stay inside the
/// system. What leaves it — a CSV export, a notice, a webhook — carries only that a classified
/// entry exists.
public enum ClassifiedMarking {
    /// What an export shows instead of a classified entry's words.
    public static let withheld = "【密件，内容不予导出】"

    /// `text` as it may leave the system.
    public static func exported(_ text: String, classified: Bool) -> String {
        classified && !text.isEmpty ? withheld : text
    }

    /// What a wall display (值班大屏) shows instead of a classified item's title: a screen the
    /// whole room and its visitors read is no classified channel.
    public static let offTheWall = "密件（内容不在大屏显示）"

    /// `text` as the wall may show it; `placeholder` for the item's title, "" for the rest.
    public static func onTheWall(_ text: String, classified: Bool, placeholder: String = "") -> String {
        classified ? placeholder : text
    }
}

public enum DutyLogDirection: String, CaseIterable, Codable, Sendable {
    case incoming, outgoing, fax, sms, system

    public var title: String {
        switch self {
        case .incoming: return "来电"
        case .outgoing: return "去电"
        case .fax: return "传真"
        case .sms: return "短信"
        case .system: return "系统"
        }
    }

    /// The intake channel of an incident first heard of through this entry.
    public var sourceChannel: SourceChannel {
        switch self {
        case .fax: return .fax
        case .system: return .system
        default: return .phone
        }
    }
}

/// The duty log keeps time to the minute: seconds would suggest a precision nobody wrote down.
public enum DutyLogTime {
    public static func truncatedToMinute(_ d: Date) -> Date {
        Date(timeIntervalSince1970: (d.timeIntervalSince1970 / 60).rounded(.down) * 60)
    }
}

/// 交接班 (S001 第十一条): two different people sign, the outgoing first.
public enum HandoverRule {
    public enum Problem: Error, Equatable, Sendable {
        case sameOfficer, alreadyConfirmed

        public var message: String {
            switch self {
            case .sameOfficer: return "交班人不能同时作为接班人确认，请由接班值班员登录确认"
            case .alreadyConfirmed: return "该交接班已由接班人确认"
            }
        }
    }

    public static func checkIncoming(outgoing: String, incoming: String, alreadyConfirmed: Bool) -> Problem? {
        if alreadyConfirmed { return .alreadyConfirmed }
        if outgoing == incoming { return .sameOfficer }
        return nil
    }

    public enum Step: String, Codable, CaseIterable, Sendable {
        /// 接班确认: the incoming officer signs that the duty was handed over.
        case confirm
    }

    /// The steps the actor can take on a handover: only an officer of its own unit, other than
    /// the one handing over, confirms it, once. A superior reads it.
    public static func allowedSteps(ownUnit: Bool, outgoing: String, actor: String, confirmed: Bool) -> [Step] {
        ownUnit && checkIncoming(outgoing: outgoing, incoming: actor, alreadyConfirmed: confirmed) == nil ? [.confirm] : []
    }
}

/// 点名 (S000 二): every subordinate duty room must answer at once; the system records how
/// many seconds each took and flags those that did not answer within the limit.
public enum RollCallRule {
    /// Who may start a roll call (点名): the roles holding `runRollCall`, in the table's order.
    public static var starters: [Role] { Role.allCases.filter { $0.allows(.runRollCall) } }

    /// Why the viewer cannot start a roll call here, in words for the page; nil when they can.
    /// `isOwnUnit`: the page shows the viewer's own unit (a superior only looks at a
    /// subordinate's); `subordinates`: the unit's duty rooms a roll call would reach.
    public static func cannotStart(roles: RoleSet, isOwnUnit: Bool, subordinates: Int) -> String? {
        let who = starters.map(\.title).joined(separator: "、")
        if !isOwnUnit { return "这里显示的是下级单位的点名记录，只能查看；点名由本单位发起。" }
        if !roles.allows(.runRollCall) {
            let mine = roles.roles.sorted { $0.rawValue < $1.rawValue }.map(\.title).joined(separator: "、")
            return "点名由\(who)发起；您的角色是\(mine)，可以应答上级点名，不能发起点名。"
        }
        if subordinates == 0 { return "本单位没有可以点名的下级值班室，无需发起点名。" }
        return nil
    }

    public static let defaultLimitSeconds = 60
    public static let defaultTime = "08:30"
    /// A scheduled roll call is started only close to its time: a server that was down at 08:30
    /// must not start the morning roll call in the afternoon.
    public static let startWindowSeconds: TimeInterval = 15 * 60

    public enum Status: Equatable, Sendable {
        case answered(seconds: Int)
        case lateAnswer(seconds: Int)
        case waiting(secondsLeft: Int)
        case missed

        /// The outcome without its seconds: what the API carries and a call's counts group by.
        public enum Kind: String, CaseIterable, Codable, Sendable {
            case answered, late, waiting, missed

            public var title: String {
                switch self {
                case .answered: return "已应答"
                case .late: return "超时应答"
                case .waiting: return "等待应答"
                case .missed: return "未应答"
                }
            }

            public var tone: StatusTone {
                switch self {
                case .answered: return .ok
                case .late: return .warn
                case .missed: return .bad
                case .waiting: return .idle
                }
            }

            /// Answered, in time or not.
            public var hasAnswered: Bool { self == .answered || self == .late }
        }

        public var kind: Kind {
            switch self {
            case .answered: return .answered
            case .lateAnswer: return .late
            case .waiting: return .waiting
            case .missed: return .missed
            }
        }

        public var code: String { kind.rawValue }
        public var title: String { kind.title }
        public var tone: StatusTone { kind.tone }
    }

    public static func seconds(startedAt: Date, answeredAt: Date) -> Int {
        max(0, Int(answeredAt.timeIntervalSince(startedAt).rounded(.down)))
    }

    public static func status(startedAt: Date, answeredAt: Date?, limitSeconds: Int, now: Date) -> Status {
        if let answeredAt {
            let s = seconds(startedAt: startedAt, answeredAt: answeredAt)
            return s <= limitSeconds ? .answered(seconds: s) : .lateAnswer(seconds: s)
        }
        let elapsed = seconds(startedAt: startedAt, answeredAt: now)
        return elapsed < limitSeconds ? .waiting(secondsLeft: limitSeconds - elapsed) : .missed
    }

    /// "HH:mm" between 00:00 and 23:59.
    public static func isValidTime(_ s: String) -> Bool { minutes(of: s) != nil }

    static func minutes(of s: String) -> Int? {
        let parts = s.split(separator: ":")
        guard parts.count == 2, parts[0].count == 2, parts[1].count == 2, let h = Int(parts[0]), let m = Int(parts[1]), (0..<24).contains(h),
            (0..<60).contains(m)
        else { return nil }
        return h * 60 + m
    }

    /// The Shanghai date ("yyyy-MM-dd") whose scheduled roll call is due at `now`, if `now`
    /// lies within the start window after that day's scheduled time.
    public static func dueScheduledDate(time: String, now: Date) -> String? {
        guard let m = minutes(of: time) else { return nil }
        let day = ShanghaiTime.format(now, "yyyy-MM-dd")
        guard let midnight = ShanghaiTime.parse(day) else { return nil }
        let at = midnight.addingTimeInterval(TimeInterval(m * 60))
        return now >= at && now < at.addingTimeInterval(startWindowSeconds) ? day : nil
    }

    /// The next scheduled instant strictly after `now` (today's or tomorrow's): the timer
    /// sleeps until then.
    public static func nextScheduled(time: String, after now: Date) -> Date? {
        guard let m = minutes(of: time), let midnight = ShanghaiTime.parse(ShanghaiTime.format(now, "yyyy-MM-dd")) else { return nil }
        let today = midnight.addingTimeInterval(TimeInterval(m * 60))
        if today > now { return today }
        // Tomorrow by the calendar; Shanghai keeps no daylight saving, but the date is what counts.
        return ShanghaiTime.parse(ShanghaiTime.format(midnight.addingTimeInterval(36 * 3600), "yyyy-MM-dd"))?.addingTimeInterval(TimeInterval(m * 60))
    }
}

/// How a status reads on a duty room's screen, by colour and word together: met, needs
/// attention, failed, or not yet due.
public enum StatusTone: String, Codable, Sendable {
    case ok, warn, bad, idle
}

/// 领导外出报备 (S001 第十条): a leader's absence as the command centre reads it.
public enum AbsenceStatus: String, Codable, Sendable {
    case planned, away, overdue, returned

    public var title: String {
        switch self {
        case .planned: return "未出发"
        case .away: return "外出中"
        case .overdue: return "逾期未归"
        case .returned: return "已销假"
        }
    }

    public var tone: StatusTone {
        switch self {
        case .planned: return .idle
        case .away: return .warn
        case .overdue: return .bad
        case .returned: return .ok
        }
    }

    public enum Step: String, Codable, CaseIterable, Sendable {
        /// 变更: the trip changes, with a reason.
        case change
        /// 销假: the leader is back.
        case markReturned = "return"
    }

    /// What the unit that reported the absence can still do with it: change it or report the
    /// return, until it is closed by the return. A superior reads it.
    public func allowedSteps(ownUnit: Bool, canReport: Bool) -> [Step] {
        ownUnit && canReport && self != .returned ? [.change, .markReturned] : []
    }

    /// Overdue: the reported return time has passed and no return (销假) was reported.
    public static func of(leaveAt: Date, returnAt: Date, returnedAt: Date?, now: Date) -> AbsenceStatus {
        if returnedAt != nil { return .returned }
        if now < leaveAt { return .planned }
        return now > returnAt ? .overdue : .away
    }
}
