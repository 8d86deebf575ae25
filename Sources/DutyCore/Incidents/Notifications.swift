import Foundation

/// What leaves DutyRoom for an SMS or fax gateway. S001 第十四条 "区分明件和密件，严禁明密混用":
/// a classified incident's notice says only that something classified awaits, never what.
public struct OutboundNotice: Codable, Equatable, Sendable {
    public var event: String
    public var unitName: String
    public var text: String
    public var classified: Bool
    public var link: String

    public enum Event: String, CaseIterable, Sendable {
        case deadlineWarning = "deadline.warning"
        case deadlineDue = "deadline.due"
        case reportSubmitted = "report.submitted"
        /// Nobody acknowledged a submitted report in time: said again to the receiving room.
        case acknowledgementOverdue = "report.ack_overdue"
        /// …and, later, to the receiving unit's duty leader.
        case acknowledgementEscalated = "report.ack_escalated"
        case rosterFiled = "roster.filed"
    }

    /// - Parameters: the incident's facts are passed in, and dropped here when classified.
    public static func make(
        _ event: Event, unitName: String, classified: Bool, incidentTitle: String, levelTitle: String, ruleTitle: String = "",
        dueAt: Date? = nil, waitedMinutes: Int = 0, link: String
    ) -> OutboundNotice {
        let due = dueAt.map { ShanghaiTime.format($0, "HH:mm") } ?? ""
        let waited = "\(waitedMinutes)分钟"
        let text: String
        if classified {
            switch event {
            case .deadlineWarning: text = "【应急值班】有一份密件报告的报送时限即将到期（\(due)），请登录系统处理。"
            case .deadlineDue: text = "【应急值班】有一份密件报告已超过报送时限（\(due)），请登录系统处理。"
            case .reportSubmitted: text = "【应急值班】有一份密件报告待您签收，请登录系统查看。"
            case .acknowledgementOverdue: text = "【应急值班】签收超时：有一份密件报告报送后已超过\(waited)未签收，请立即登录系统签收。"
            case .acknowledgementEscalated: text = "【应急值班】提醒带班领导：有一份密件报告报送后已超过\(waited)仍未签收，请督促签收。"
            case .rosterFiled: text = "【应急值班】有下级单位报备值班表，请登录系统查看。"
            }
        } else {
            switch event {
            case .deadlineWarning: text = "【应急值班】\(incidentTitle)（\(levelTitle)）：\(ruleTitle)，将于\(due)到期。"
            case .deadlineDue: text = "【应急值班】\(incidentTitle)（\(levelTitle)）：\(ruleTitle)，已于\(due)超时，请立即报送。"
            case .reportSubmitted: text = "【应急值班】收到报告：\(incidentTitle)（\(levelTitle)），请签收。"
            case .acknowledgementOverdue: text = "【应急值班】签收超时：\(incidentTitle)（\(levelTitle)）报送后已超过\(waited)未签收，请立即签收。"
            case .acknowledgementEscalated: text = "【应急值班】提醒带班领导：\(incidentTitle)（\(levelTitle)）报送后已超过\(waited)仍未签收，请督促值班员签收。"
            case .rosterFiled: text = "【应急值班】有下级单位报备值班表，请登录系统查看。"
            }
        }
        return OutboundNotice(event: event.rawValue, unitName: unitName, text: text, classified: classified, link: link)
    }

    /// A roster filed (报备) to the superior and the same-level government (SPEC §2): who filed
    /// which month, and whether on time.
    public static func rosterFiled(byUnit: String, to unitName: String, monthTitle: String, statusTitle: String, link: String) -> OutboundNotice {
        OutboundNotice(
            event: Event.rosterFiled.rawValue, unitName: unitName, text: "【应急值班】\(byUnit)已报备\(monthTitle)值班表（\(statusTitle)），请登录系统查看。",
            classified: false, link: link)
    }
}

/// When a failed delivery is tried again: quickly at first, then spaced out; nil after the
/// last attempt (the message is then marked failed and shown to the operator).
public enum RetrySchedule {
    public static let delays: [TimeInterval] = [10, 30, 60, 300, 900, 1800]

    public static func delay(afterAttempt attempt: Int) -> TimeInterval? {
        guard attempt >= 1, attempt <= delays.count else { return nil }
        return delays[attempt - 1]
    }
}
