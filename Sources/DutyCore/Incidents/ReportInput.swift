import Foundation

/// The fields an officer types into a report, with their limits: one list that the API, the
/// pages (their `maxlength`) and the draft call all use.
public enum ReportField: String, TextField, Codable {
    case title, placeDetail, event, cause, nature, measures, trend, impact, body, levelReason, changeReason, returnReason

    public var title: String {
        switch self {
        case .title: return "标题"
        case .placeDetail: return "具体地点"
        case .event: return "事件概况"
        case .cause: return "事件原因"
        case .nature: return "事件性质"
        case .measures: return "已采取的措施"
        case .trend: return "发展趋势"
        case .impact: return "影响范围"
        case .body: return "报告正文"
        case .levelReason: return "定级理由"
        case .changeReason: return "变化原因"
        case .returnReason: return "退回原因"
        }
    }

    public var maxLength: Int {
        switch self {
        case .title: return 100
        case .placeDetail, .event, .nature: return 200
        case .cause, .measures, .trend, .impact: return 4000
        case .body: return 20000
        case .levelReason, .changeReason, .returnReason: return 500
        }
    }
}

/// The people counts of a report.
public enum CasualtyField: String, CaseIterable, Codable, Sendable {
    case dead, missing, injured, trapped, seriousInjuries

    public var title: String {
        switch self {
        case .dead: return "死亡人数"
        case .missing: return "失踪人数"
        case .injured: return "受伤人数"
        case .trapped: return "被困人数"
        case .seriousInjuries: return "重伤人数"
        }
    }

    public static let maxCount = 1_000_000
}

/// The report elements an officer gives for a first, follow-up or final report (S002 报告要素):
/// each is optional — a follow-up changes only what it names. Checked all at once, so the
/// officer sees every problem of the form together.
public struct ReportElementsInput: Codable, Equatable, Sendable {
    public var event: String?
    public var dead: Int?
    public var missing: Int?
    public var injured: Int?
    public var trapped: Int?
    /// 其中重伤 (incl. acute industrial poisoning): part of the injured, said in the report.
    public var seriousInjuries: Int?
    public var propertyLossYuan: Int?
    public var impact: String?
    public var cause: String?
    public var nature: String?
    public var measures: String?
    public var trend: String?

    public init(
        event: String? = nil, dead: Int? = nil, missing: Int? = nil, injured: Int? = nil, trapped: Int? = nil, propertyLossYuan: Int? = nil,
        impact: String? = nil, cause: String? = nil, nature: String? = nil, measures: String? = nil, trend: String? = nil,
        seriousInjuries: Int? = nil
    ) {
        self.seriousInjuries = seriousInjuries
        self.event = event
        self.dead = dead
        self.missing = missing
        self.injured = injured
        self.trapped = trapped
        self.propertyLossYuan = propertyLossYuan
        self.impact = impact
        self.cause = cause
        self.nature = nature
        self.measures = measures
        self.trend = trend
    }

    /// `base` with what this input gives, trimmed; or every problem found.
    public func applied(to base: ReportElements) -> Result<ReportElements, FieldIssues> {
        let (e, issues) = checked(against: base)
        return issues.isEmpty ? .success(e) : .failure(FieldIssues(issues))
    }

    /// `base` with every acceptable value of this input, and the problems of the others: what
    /// a draft made while the officer types shows.
    public func checked(against base: ReportElements) -> (ReportElements, [FieldIssue]) {
        var issues: [FieldIssue] = []
        var e = base
        func text(_ v: String?, _ f: ReportField, _ set: (inout ReportElements, String) -> Void) {
            guard let v else { return }
            switch f.checked(v) {
            case .success(let t): set(&e, t)
            case .failure(let i): issues.append(i)
            }
        }
        func count(_ v: Int?, _ f: CasualtyField, _ set: (inout ReportElements, Int) -> Void) {
            guard let v else { return }
            if let i = ReportInputRules.count(v, f) { issues.append(i) } else { set(&e, v) }
        }
        text(event, .event) { $0.event = $1 }
        count(dead, .dead) { $0.casualties.dead = $1 }
        count(missing, .missing) { $0.casualties.missing = $1 }
        count(injured, .injured) { $0.casualties.injured = $1 }
        count(trapped, .trapped) { $0.casualties.trapped = $1 }
        count(seriousInjuries, .seriousInjuries) { $0.casualties.seriousInjuries = $1 }
        if seriousInjuries != nil, let i = ReportInputRules.seriousInjuries(e.casualties.seriousInjuries, injured: e.casualties.injured) {
            issues.append(i)
        }
        if let loss = propertyLossYuan {
            if loss < 0 { issues.append(FieldIssue("propertyLossYuan", "直接经济损失不能为负数")) } else { e.propertyLossYuan = loss }
        }
        text(impact, .impact) { $0.impact = $1 }
        text(cause, .cause) { $0.cause = $1 }
        text(nature, .nature) { $0.nature = $1 }
        text(measures, .measures) { $0.measures = $1 }
        text(trend, .trend) { $0.trend = $1 }
        return (e, issues)
    }
}

/// The checks of what an officer types, each with the field's name and a message in Chinese.
public enum ReportInputRules {
    public static func count(_ n: Int?, _ field: CasualtyField) -> FieldIssue? {
        guard let n, n < 0 || n > CasualtyField.maxCount else { return nil }
        return FieldIssue(field.rawValue, "\(field.title)应为0到\(CasualtyField.maxCount)之间的整数")
    }

    /// The order of a case's first instants (S002: 事发时间、接报时间): nothing after now (a
    /// minute's grace for the occurrence, typed from a clock that runs a little ahead), and
    /// the occurrence not after the receipt. A later receipt would move every deadline.
    public static func times(occurredAt: Date?, receivedAt: Date, now: Date) -> [FieldIssue] {
        var out: [FieldIssue] = []
        if let o = occurredAt, o > now.addingTimeInterval(60) { out.append(FieldIssue("occurredAt", "事发时间不能晚于当前时间")) }
        if receivedAt > now { out.append(FieldIssue("receivedAt", "接报时间不能晚于当前时间")) }
        if let o = occurredAt, o > receivedAt, o <= now.addingTimeInterval(60) { out.append(FieldIssue("occurredAt", "事发时间不能晚于接报时间")) }
        return out
    }

    /// 重伤 is a part of 受伤.
    public static func seriousInjuries(_ serious: Int?, injured: Int?) -> FieldIssue? {
        if let i = count(serious, .seriousInjuries) { return i }
        guard let serious, let injured, serious > injured else { return nil }
        return FieldIssue("seriousInjuries", "重伤人数不能多于受伤人数")
    }
}
