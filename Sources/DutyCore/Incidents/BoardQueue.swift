import Foundation

/// The lists of a duty room's board (值班看板), in the order that puts what waits for the
/// person looking at it first: a signing leader's 待签发, the government duty office's 待核准,
/// then for everyone 待签收 and the running clocks of 在办事件, then 补报任务.
public enum BoardQueue: String, CaseIterable, Codable, Sendable {
    case signoff
    case approval
    case inbox
    case incidents
    case backfill

    public var title: String {
        switch self {
        case .signoff: return "待签发"
        case .approval: return "待核准"
        case .inbox: return "待签收"
        case .incidents: return "在办事件"
        case .backfill: return "补报任务"
        }
    }

    /// `signs`: the actor signs the unit's reports (审核签发); `approves`: the actor works in the
    /// government duty office that approves them (核准). Every list appears once.
    public static func order(signs: Bool, approves: Bool) -> [BoardQueue] {
        var first: [BoardQueue] = []
        if approves { first.append(.approval) }
        if signs { first.append(.signoff) }
        let common: [BoardQueue] = [.inbox, .incidents, .backfill]
        return first + common + allCases.filter { !first.contains($0) && !common.contains($0) }
    }
}

/// How long an item has waited in a board's queue, and how urgent that has become by the
/// policy's minutes: calm in the first half of the time it has, soon (orange) after that,
/// late (red) once its limit has passed.
public struct QueueWait: Equatable, Sendable {
    public enum Tone: String, Codable, Sendable {
        case calm, soon, late

        public var title: String {
            switch self {
            case .calm: return "等待中"
            case .soon: return "即将到时"
            case .late: return "已超时"
            }
        }
    }

    public let waitedSeconds: Int
    public let tone: Tone

    /// Waiting since `since` with `due` its limit (the report's 签收 limit, or the deadline the
    /// report must meet); nil: no limit is known, and it stays calm.
    public static func of(since: Date, due: Date?, now: Date) -> QueueWait {
        let waited = max(0, Int(now.timeIntervalSince(since).rounded(.down)))
        guard let due else { return QueueWait(waitedSeconds: waited, tone: .calm) }
        if now >= due { return QueueWait(waitedSeconds: waited, tone: .late) }
        let half = since.addingTimeInterval(max(0, due.timeIntervalSince(since)) / 2)
        return QueueWait(waitedSeconds: waited, tone: now >= half ? .soon : .calm)
    }

    /// "已等待 12 分钟", "已等待 1 小时 5 分钟", "刚刚到达".
    public var text: String {
        let minutes = waitedSeconds / 60
        if minutes < 1 { return "刚刚到达" }
        if minutes < 60 { return "已等待 \(minutes) 分钟" }
        let rest = minutes % 60
        return "已等待 \(minutes / 60) 小时" + (rest > 0 ? " \(rest) 分钟" : "")
    }
}
