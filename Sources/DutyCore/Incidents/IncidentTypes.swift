import Foundation

/// GB/T 35561's four classes of 突发事件.
public enum IncidentClass: String, CaseIterable, Codable, Sendable {
    case naturalDisaster = "natural_disaster"
    case accident = "accident"
    case publicHealth = "public_health"
    case socialSafety = "social_safety"

    public var title: String {
        switch self {
        case .naturalDisaster: return "自然灾害"
        case .accident: return "事故灾难"
        case .publicHealth: return "公共卫生事件"
        case .socialSafety: return "社会安全事件"
        }
    }
}

/// 特别重大 / 重大 / 较大 / 一般, most severe first.
/// What a received item is (S001 第十五条): an incident reported in the report's own text, or
/// general information (a notice, a document) that arrives as attached files.
public enum InformationType: String, CaseIterable, Codable, Sendable {
    case incident, general

    public var title: String { self == .incident ? "突发事件" : "普通信息" }
    /// Only general information carries files (AttachmentPolicy).
    public var allowsAttachments: Bool { self == .general }
}

public enum IncidentLevel: String, CaseIterable, Codable, Sendable, Comparable {
    case extraordinary = "extraordinary"
    case major = "major"
    case large = "large"
    case ordinary = "ordinary"

    public var title: String {
        switch self {
        case .extraordinary: return "特别重大"
        case .major: return "重大"
        case .large: return "较大"
        case .ordinary: return "一般"
        }
    }

    /// 重特大: the levels the fastest rules apply to.
    public var isMajorOrAbove: Bool { self == .extraordinary || self == .major }

    var severity: Int {
        switch self {
        case .extraordinary: return 4
        case .major: return 3
        case .large: return 2
        case .ordinary: return 1
        }
    }

    /// Ordered by severity: `.ordinary < .extraordinary`.
    public static func < (a: IncidentLevel, b: IncidentLevel) -> Bool { a.severity < b.severity }
}

/// How the duty room first learned of an incident (接报渠道).
public enum SourceChannel: String, CaseIterable, Codable, Sendable {
    case phone, fax, system, media, superior, peer

    public var title: String {
        switch self {
        case .phone: return "电话"
        case .fax: return "传真"
        case .system: return "业务系统"
        case .media: return "媒体/网络"
        case .superior: return "上级通报"
        case .peer: return "同级单位"
        }
    }
}

/// 首报 / 续报 / 终报: separate documents (S000 四).
public enum ReportKind: String, CaseIterable, Codable, Sendable {
    case first, followUp = "follow_up", final

    public var title: String {
        switch self {
        case .first: return "首报"
        case .followUp: return "续报"
        case .final: return "终报"
        }
    }
}

/// Casualties as reported: 死亡 / 失踪 / 受伤 / 被困. nil means not yet known, which is
/// not the same as zero.
public struct Casualties: Equatable, Codable, Sendable {
    public var dead: Int?
    public var missing: Int?
    public var injured: Int?
    public var trapped: Int?
    /// 重伤, a part of `injured` (ReportInputRules.seriousInjuries). The report says it because
    /// 条例第三条 levels an accident by serious injuries, not by all the injured. Optional in the
    /// stored JSON, so elements saved before it existed still decode.
    public var seriousInjuries: Int?

    public init(dead: Int? = nil, missing: Int? = nil, injured: Int? = nil, trapped: Int? = nil, seriousInjuries: Int? = nil) {
        self.dead = dead
        self.missing = missing
        self.injured = injured
        self.trapped = trapped
        self.seriousInjuries = seriousInjuries
    }
}

/// The elements of a report (S001 第十八条, S000 四).
public struct ReportElements: Equatable, Codable, Sendable {
    /// Reporting unit's name, as it appears in the text.
    public var unitName: String
    /// When the incident occurred.
    public var occurredAt: Date?
    /// Where: the administrative place (e.g. 许昌市建安区) and the free-text spot.
    public var placeDivision: String
    public var placeDetail: String
    /// What happened, in a phrase: "一起道路交通事故", "化工厂爆炸".
    public var event: String
    public var cause: String
    public var nature: String
    public var casualties: Casualties
    /// Direct economic loss in yuan, when known.
    public var propertyLossYuan: Int?
    public var propertyLossText: String
    public var measures: String
    public var trend: String
    /// Impact beyond casualties: road closed, outage, evacuation …
    public var impact: String

    public init(
        unitName: String = "", occurredAt: Date? = nil, placeDivision: String = "", placeDetail: String = "", event: String = "",
        cause: String = "", nature: String = "", casualties: Casualties = Casualties(), propertyLossYuan: Int? = nil,
        propertyLossText: String = "", measures: String = "", trend: String = "", impact: String = ""
    ) {
        self.unitName = unitName
        self.occurredAt = occurredAt
        self.placeDivision = placeDivision
        self.placeDetail = placeDetail
        self.event = event
        self.cause = cause
        self.nature = nature
        self.casualties = casualties
        self.propertyLossYuan = propertyLossYuan
        self.propertyLossText = propertyLossText
        self.measures = measures
        self.trend = trend
        self.impact = impact
    }
}
