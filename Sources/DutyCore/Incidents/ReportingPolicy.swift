import Foundation

/// What a deadline is measured from.
public enum DeadlineAnchor: String, CaseIterable, Codable, Sendable {
    case occurrence
    case receipt
    /// The first phone, fax or other initial report to the superior.
    case notified
    case responseEnded

    public var title: String {
        switch self {
        case .occurrence: return "事发"
        case .receipt: return "接报"
        case .notified: return "电话、传真等首次报告"
        case .responseEnded: return "响应结束"
        }
    }

    /// Position in the incident's life before the response ends: an incident happens, the duty
    /// room hears of it, then tells its superior. `responseEnded` is nil because it is not on
    /// that line: a deadline after the response is not comparable with one from receipt.
    var lifeOrder: Int? {
        switch self {
        case .occurrence: return 0
        case .receipt: return 1
        case .notified: return 2
        case .responseEnded: return nil
        }
    }

    /// True when a deadline from `self` can never fall later than the same number of minutes
    /// from `other`.
    func isNoLater(than other: DeadlineAnchor) -> Bool {
        guard let mine = lifeOrder, let theirs = other.lifeOrder else { return self == other }
        return mine <= theirs
    }
}

/// The recorded events that satisfy deadlines.
public enum Milestone: String, CaseIterable, Codable, Sendable {
    /// 初步情况报告 by phone, fax or message to the superior.
    case notified
    /// The first written report submitted in the system.
    case written
    /// A report with full details (a follow-up, or the first if it is complete).
    case detailed
    /// The incident's report reached the ministry through the chain.
    case reachedMinistry
    /// 终报 submitted.
    case final

    public var title: String {
        switch self {
        case .notified: return "初步情况报告"
        case .written: return "书面报告"
        case .detailed: return "详细情况报告"
        case .reachedMinistry: return "报至应急管理部"
        case .final: return "终报"
        }
    }
}

/// One reporting time limit: `milestone` must happen within `minutes` of `anchor`.
public struct DeadlineRule: Codable, Equatable, Sendable {
    public var id: String
    /// Chinese, as a duty officer would say it: "10分钟内报告初步情况".
    public var title: String
    public var milestone: Milestone
    public var anchor: DeadlineAnchor
    public var minutes: Int
    /// nil: every level.
    public var levels: Set<IncidentLevel>?
    /// Where the rule comes from, e.g. "沈阳 规范 第二十条".
    public var source: String

    public init(
        id: String, title: String, milestone: Milestone, anchor: DeadlineAnchor, minutes: Int, levels: Set<IncidentLevel>? = nil, source: String
    ) {
        self.id = id
        self.title = title
        self.milestone = milestone
        self.anchor = anchor
        self.minutes = minutes
        self.levels = levels
        self.source = source
    }

    public func applies(to level: IncidentLevel) -> Bool {
        levels?.contains(level) ?? true
    }

    /// Levels are written most severe first so a stored policy encodes the same bytes every
    /// time (a Set's order is not stable between runs).
    public func encode(to encoder: Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(id, forKey: .id)
        try c.encode(title, forKey: .title)
        try c.encode(milestone, forKey: .milestone)
        try c.encode(anchor, forKey: .anchor)
        try c.encode(minutes, forKey: .minutes)
        try c.encodeIfPresent(levels.map { $0.sorted(by: >) }, forKey: .levels)
        try c.encode(source, forKey: .source)
    }
}

/// A rule set as it stood from one instant on. Rules are never edited in place: a change is a
/// new version, so incidents already received keep the limits they were received under.
public struct PolicyVersion: Codable, Equatable, Sendable {
    public var version: Int
    public var effectiveFrom: Date
    /// A running deadline turns "due soon" (即将到期) when this many minutes or fewer remain.
    public var warnBeforeMinutes: Int
    public var rules: [DeadlineRule]

    public init(version: Int, effectiveFrom: Date, warnBeforeMinutes: Int, rules: [DeadlineRule]) {
        self.version = version
        self.effectiveFrom = effectiveFrom
        self.warnBeforeMinutes = warnBeforeMinutes
        self.rules = rules
    }
}

/// A jurisdiction's reporting time limits, with their history.
public struct ReportingPolicy: Codable, Equatable, Sendable {
    public var id: String
    public var name: String
    public var versions: [PolicyVersion]

    public init(id: String, name: String, versions: [PolicyVersion]) {
        self.id = id
        self.name = name
        self.versions = versions
    }

    /// The version in force at an instant (an incident is measured against the version in force
    /// at its receipt time); nil before the first. A version is in force from its
    /// `effectiveFrom` inclusive. Stored order does not matter; if two versions start at the
    /// same instant the higher version number wins.
    public func version(inForceAt instant: Date) -> PolicyVersion? {
        versions
            .filter { $0.effectiveFrom <= instant }
            .max { ($0.effectiveFrom, $0.version) < ($1.effectiveFrom, $1.version) }
    }
}

/// The rule sets of the three jurisdictions in the seeds.
///
/// `warnBeforeMinutes` is 5 in all three. The shortest shipped limit is 沈阳's 10 minutes, so a
/// 5-minute warning still comes half-way through it, and one number keeps orange meaning the
/// same thing ("five minutes left, act now") on every desk whichever policy the unit follows.
/// The warning is per version, not per rule, so the 24-hour final report (沈阳) also warns
/// only 5 minutes ahead; its countdown is on screen for a day before that, so a longer
/// warning would add little.
public enum ShippedPolicies {
    /// 00:00 Asia/Shanghai on a day: the seeds' dates are local dates.
    static func shanghaiMidnight(_ year: Int, _ month: Int, _ day: Int) -> Date {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = ShanghaiTime.zone
        return calendar.date(from: DateComponents(year: year, month: month, day: day))!
    }

    /// S001 第二十条: 第一时间（不超过10分钟）报告初步情况、50分钟内书面报告基本情况、100分钟内
    /// 报告详细情况并全程跟踪续报，响应结束后要及时终报. The article counts from the moment the
    /// information is in hand, i.e. receipt. "及时终报" has no number; 24 hours is our local
    /// setting and the title says so.
    public static let shenyang = ReportingPolicy(
        id: "shenyang",
        name: "沈阳市应急管理系统值班值守工作规范",
        versions: [
            PolicyVersion(
                version: 1, effectiveFrom: shanghaiMidnight(2022, 1, 1), warnBeforeMinutes: 5,
                rules: [
                    DeadlineRule(
                        id: "shenyang.notified", title: "接报后10分钟内向上级和本级党委政府报告初步情况", milestone: .notified,
                        anchor: .receipt, minutes: 10, source: "沈阳 规范 第二十条"),
                    DeadlineRule(
                        id: "shenyang.written", title: "接报后50分钟内书面报告基本情况", milestone: .written, anchor: .receipt, minutes: 50,
                        source: "沈阳 规范 第二十条"),
                    DeadlineRule(
                        id: "shenyang.detailed", title: "接报后100分钟内报告详细情况", milestone: .detailed, anchor: .receipt, minutes: 100,
                        source: "沈阳 规范 第二十条"),
                    DeadlineRule(
                        id: "shenyang.final", title: "响应结束后及时终报（本地设定为24小时内）", milestone: .final, anchor: .responseEnded,
                        minutes: 24 * 60, source: "沈阳 规范 第二十条、第二十二条"),
                ])
        ])

    /// S002: the ministry's 《通报》 as forwarded by 河南省应急管理厅. From 2024-01-01 the system
    /// record is the basis for judging late and missed reports; after a phone, fax or other
    /// report the written report is due in the system within 30 minutes; 重特大 incidents reach
    /// the ministry within 50 minutes (counted from receipt: the 50 minutes are the province's
    /// whole chain, so they cannot wait for a phone call).
    public static let henanNational = ReportingPolicy(
        id: "henan-national",
        name: "河南省（应急管理部《通报》）",
        versions: [
            PolicyVersion(
                version: 1, effectiveFrom: shanghaiMidnight(2024, 1, 1), warnBeforeMinutes: 5,
                rules: [
                    DeadlineRule(
                        id: "henan.written", title: "电话、传真等报告后30分钟内通过指挥业务系统报送书面信息", milestone: .written,
                        anchor: .notified, minutes: 30, source: "应急管理部《通报》；河南省应急管理厅通知 四"),
                    DeadlineRule(
                        id: "henan.ministry", title: "重特大灾害事故50分钟内报至应急管理部", milestone: .reachedMinistry, anchor: .receipt,
                        minutes: 50, levels: [.extraordinary, .major], source: "河南省应急管理厅通知 二"),
                ])
        ])

    /// S004 一(三): 重特大级别突发事件事发半小时内电话报告，1小时内补报文字材料，较大、一般级别
    /// 突发事件事发2小时内报告. All three count from occurrence (事发), not receipt. For 较大/一般
    /// the seed says only "报告"; we hold it to a written report, because the city receives
    /// incidents through its reporting system and a phone call alone leaves no record there.
    public static let ordos = ReportingPolicy(
        id: "ordos",
        name: "鄂尔多斯市（鄂府办发〔2018〕31号）",
        versions: [
            PolicyVersion(
                version: 1, effectiveFrom: shanghaiMidnight(2018, 1, 1), warnBeforeMinutes: 5,
                rules: [
                    DeadlineRule(
                        id: "ordos.notified.major", title: "重特大突发事件事发半小时内电话报告", milestone: .notified, anchor: .occurrence,
                        minutes: 30, levels: [.extraordinary, .major], source: "鄂尔多斯 2018年应急管理工作要点 一(三)"),
                    DeadlineRule(
                        id: "ordos.written.major", title: "重特大突发事件事发1小时内补报文字材料", milestone: .written, anchor: .occurrence,
                        minutes: 60, levels: [.extraordinary, .major], source: "鄂尔多斯 2018年应急管理工作要点 一(三)"),
                    DeadlineRule(
                        id: "ordos.written.lesser", title: "较大、一般突发事件事发2小时内报告（以书面报告为准）", milestone: .written,
                        anchor: .occurrence, minutes: 120, levels: [.large, .ordinary], source: "鄂尔多斯 2018年应急管理工作要点 一(三)"),
                ])
        ])

    public static let all: [ReportingPolicy] = [shenyang, henanNational, ordos]
}

/// A unit follows its superior's reporting policy unless it sets a stricter one (SPEC §4).
public enum PolicyInheritance {
    /// A unit inherits its nearest ancestor's policy: `chain` runs from the unit up to the
    /// root, and the first non-nil entry wins.
    public static func inherited(chain: [ReportingPolicy?]) -> ReportingPolicy? {
        for policy in chain {
            if let policy { return policy }
        }
        return nil
    }

    /// Why `own` is not at least as strict as `inherited`, in Chinese; empty when it is.
    ///
    /// Every rule of the inherited version needs, for each level it covers, an own rule for the
    /// same milestone at that level whose anchor is no later in the incident's life
    /// (occurrence ≤ receipt ≤ notified; responseEnded only matches responseEnded) and whose
    /// minutes are no more. One own rule usually covers it; several may share the levels between
    /// them (e.g. 重特大 in 20 minutes and 较大/一般 in 25 against an all-level 30), which is still
    /// stricter at every level. Rules the own version adds beyond the inherited ones are fine.
    public static func problems(own: PolicyVersion, inherited: PolicyVersion) -> [String] {
        var problems: [String] = []
        for rule in inherited.rules {
            let sameMilestone = own.rules.filter { $0.milestone == rule.milestone }
            let levels = IncidentLevel.allCases.filter(rule.applies(to:))
            let uncovered = levels.filter { level in
                !sameMilestone.contains { $0.applies(to: level) && $0.anchor.isNoLater(than: rule.anchor) && $0.minutes <= rule.minutes }
            }
            if uncovered.isEmpty { continue }

            var reasons: [String] = []
            let withoutAnyRule = uncovered.filter { level in !sameMilestone.contains { $0.applies(to: level) } }
            if !withoutAnyRule.isEmpty {
                let which = withoutAnyRule.count == IncidentLevel.allCases.count ? "" : "对\(levelList(withoutAnyRule))"
                reasons.append("本级\(which)没有「\(rule.milestone.title)」时限")
            }
            for candidate in sameMilestone where uncovered.contains(where: candidate.applies(to:)) {
                if !candidate.anchor.isNoLater(than: rule.anchor) {
                    reasons.append("本级「\(candidate.title)」从\(candidate.anchor.title)起算，晚于或不同于上级的从\(rule.anchor.title)起算")
                }
                if candidate.minutes > rule.minutes {
                    reasons.append("本级「\(candidate.title)」为\(candidate.minutes)分钟，长于上级的\(rule.minutes)分钟")
                }
            }
            problems.append("上级规则「\(rule.title)」（\(rule.source)）在本级没有同等或更严的规定：\(reasons.joined(separator: "；"))")
        }
        return problems
    }

    /// Own if it is stricter or equal, else inherited; whichever exists when only one does.
    public static func effective(own: PolicyVersion?, inherited: PolicyVersion?) -> PolicyVersion? {
        guard let own else { return inherited }
        guard let inherited else { return own }
        return problems(own: own, inherited: inherited).isEmpty ? own : inherited
    }

    private static func levelList(_ levels: [IncidentLevel]) -> String {
        levels.sorted(by: >).map(\.title).joined(separator: "、")
    }
}

extension ReportingPolicy {
    /// What makes a policy unusable as entered, in Chinese; empty when it is well formed.
    /// (Whether it is strict enough is PolicyInheritance's question.)
    public var structuralProblems: [String] {
        var out: [String] = []
        if id.trimmingCharacters(in: .whitespaces).isEmpty || id.count > 64 { out.append("规则编号不能为空，最多64个字符") }
        if name.trimmingCharacters(in: .whitespaces).isEmpty || name.count > 64 { out.append("规则名称不能为空，最多64个字") }
        if versions.isEmpty { out.append("至少要有一个版本") }
        if versions.count > 50 { out.append("版本过多（最多50个）") }
        for (a, b) in zip(versions, versions.dropFirst()) where b.version <= a.version || b.effectiveFrom <= a.effectiveFrom {
            out.append("版本号和生效时间应逐版递增（第\(a.version)版之后是第\(b.version)版）")
        }
        for v in versions {
            if !(0...60).contains(v.warnBeforeMinutes) { out.append("第\(v.version)版：提前提醒应为0到60分钟") }
            if v.rules.isEmpty || v.rules.count > 50 { out.append("第\(v.version)版：应有1到50条时限") }
            if Set(v.rules.map(\.id)).count != v.rules.count { out.append("第\(v.version)版：时限编号重复") }
            for r in v.rules {
                if !(1...10080).contains(r.minutes) { out.append("第\(v.version)版「\(r.title)」：时限应为1到10080分钟") }
                if r.id.isEmpty || r.id.count > 64 || r.title.isEmpty || r.title.count > 100 || r.source.count > 200 {
                    out.append("第\(v.version)版：时限的编号、名称或依据为空或过长")
                }
                if r.levels?.isEmpty == true { out.append("第\(v.version)版「\(r.title)」：适用级别不能为空集") }
            }
        }
        return out
    }
}
