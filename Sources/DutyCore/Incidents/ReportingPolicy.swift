import Foundation

/// What a deadline is measured from. A rule names its anchor, so a limit the seeds count from
/// the case's first receipt ("重特大灾害事故 50 分钟内报应急管理部", S002) is one instant for every
/// level's record, while "接报后10分钟内" (S001 第二十条) restarts at each level's own receipt.
public enum DeadlineAnchor: String, CaseIterable, Codable, Sendable {
    /// 事发: when it happened, a fact of the case (the earliest occurrence any level recorded).
    case occurrence
    /// 全案首次接报: the first receipt of the case at any level.
    case caseReceipt
    /// 本级接报: when this level received it.
    case receipt
    /// 本级首次电话、传真等报告: this level's first phone, fax or other report to its superior.
    case notified
    case responseEnded

    public var title: String {
        switch self {
        case .occurrence: return "事发"
        case .caseReceipt: return "全案首次接报（任一级）"
        case .receipt: return "本级接报"
        case .notified: return "本级电话、传真等首次报告"
        case .responseEnded: return "响应结束"
        }
    }

    /// The same instant on every level's record of a case.
    public var isCaseWide: Bool { self == .occurrence || self == .caseReceipt }

    /// The duty room's own act that starts a deadline from this anchor, when it is one the
    /// desk must remember to record: until then the clock waits, and the page says on what.
    /// Receipt and occurrence are always known; the end of the response is not a failure to
    /// wait for.
    public var awaitedAction: String? {
        switch self {
        case .notified: return "电话报告"
        default: return nil
        }
    }

    /// Position in the incident's life before the response ends: an incident happens, the first
    /// duty room hears of it, this level hears of it, then tells its superior. `responseEnded`
    /// is nil because it is not on that line: a deadline after the response is not comparable
    /// with one from receipt.
    var lifeOrder: Int? {
        switch self {
        case .occurrence: return 0
        case .caseReceipt: return 1
        case .receipt: return 2
        case .notified: return 3
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
    /// A 续报 (or the 终报) of this level: what a repeating rule waits for each time.
    case followUp

    public var title: String {
        switch self {
        case .notified: return "初步情况报告"
        case .written: return "书面报告"
        case .detailed: return "详细情况报告"
        case .reachedMinistry: return "报至应急管理部"
        case .final: return "终报"
        case .followUp: return "续报"
        }
    }

    /// The same instant on every level's record of a case.
    public var isCaseWide: Bool { self == .reachedMinistry }
}

/// When a rule repeats (S001 第二十条 "全程跟踪续报"; provincial rules like "较大以上事件每日
/// 8 时前、17 时前各续报一次，直至结束"): at fixed times of day in Asia/Shanghai, or a fixed
/// interval after the level's last report. Exactly one of the two is set.
public struct Recurrence: Codable, Equatable, Sendable {
    /// "HH:mm", local time: each is a due instant every day.
    public var dailyAt: [String]?
    /// Due this many minutes after the level's last report.
    public var everyMinutes: Int?

    public init(dailyAt: [String]? = nil, everyMinutes: Int? = nil) {
        self.dailyAt = dailyAt
        self.everyMinutes = everyMinutes
    }

    /// Minutes after local midnight, sorted; nil when a time is not "HH:mm".
    public var minutesOfDay: [Int]? {
        guard let dailyAt else { return nil }
        var out: [Int] = []
        for t in dailyAt {
            let parts = t.split(separator: ":")
            guard parts.count == 2, parts[0].count == 2, parts[1].count == 2, let h = Int(parts[0]), let m = Int(parts[1]), (0..<24).contains(h),
                (0..<60).contains(m)
            else { return nil }
            out.append(h * 60 + m)
        }
        return Array(Set(out)).sorted()
    }

    /// "每日08:00、17:00" or "每隔4小时"; what a page and a rule's title say.
    public var title: String {
        if let dailyAt { return "每日" + dailyAt.joined(separator: "、") }
        if let everyMinutes {
            return everyMinutes % 60 == 0 ? "距上次报告每\(everyMinutes / 60)小时" : "距上次报告每\(everyMinutes)分钟"
        }
        return ""
    }

    /// Every due instant of `other` has one of ours at or before it: the same times of day and
    /// more, or a shorter interval.
    func isAtLeastAsFrequent(as other: Recurrence) -> Bool {
        if let theirs = other.minutesOfDay {
            guard let mine = minutesOfDay else { return false }
            return Set(theirs).isSubset(of: Set(mine))
        }
        if let theirs = other.everyMinutes {
            if let mine = everyMinutes { return mine <= theirs }
            // Fixed times no further apart than the interval (across midnight too) are as often.
            guard let mine = minutesOfDay, let first = mine.first else { return false }
            let gaps = zip(mine, mine.dropFirst() + [first + 1440]).map { $1 - $0 }
            return gaps.allSatisfy { $0 <= theirs }
        }
        return false
    }

    var problems: [String] {
        switch (dailyAt, everyMinutes) {
        case (nil, nil), (.some, .some): return ["重复规则应为「每日定时」或「间隔时间」之一"]
        case (.some(let times), nil):
            if times.isEmpty || times.count > 24 { return ["每日定时应有1到24个时刻"] }
            return minutesOfDay == nil ? ["每日定时的时刻应写成 08:00 这样的格式"] : []
        case (nil, .some(let minutes)):
            return (30...10080).contains(minutes) ? [] : ["续报间隔应为30到10080分钟"]
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
    /// Set for a rule that repeats until the response ends (its milestone is `followUp`); then
    /// `minutes` is the least time after the anchor before the first occurrence is due.
    public var recurrence: Recurrence?

    public init(
        id: String, title: String, milestone: Milestone, anchor: DeadlineAnchor, minutes: Int, levels: Set<IncidentLevel>? = nil, source: String,
        recurrence: Recurrence? = nil
    ) {
        self.id = id
        self.title = title
        self.milestone = milestone
        self.anchor = anchor
        self.minutes = minutes
        self.levels = levels
        self.source = source
        self.recurrence = recurrence
    }

    /// No later anchor, no more minutes, and for a repeating rule at least as often.
    func isAtLeastAsStrict(as other: DeadlineRule) -> Bool {
        guard anchor.isNoLater(than: other.anchor), minutes <= other.minutes else { return false }
        guard let theirs = other.recurrence else { return true }
        return recurrence?.isAtLeastAsFrequent(as: theirs) ?? false
    }

    /// Both ends are facts of the case, so every level's record shows the same due instant
    /// and the same outcome.
    public var isCaseWide: Bool { anchor.isCaseWide && milestone.isCaseWide }

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
        try c.encodeIfPresent(recurrence, forKey: .recurrence)
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
    /// A submitted report nobody has acknowledged (签收) for this long is announced again to
    /// the receiving duty room (签收超时).
    public var acknowledgeWithinMinutes: Int
    /// …and after this long, to the receiving unit's duty leader (带班领导).
    public var escalateAcknowledgementAfterMinutes: Int

    public static let defaultAcknowledgeWithinMinutes = 10
    public static let defaultEscalateAcknowledgementAfterMinutes = 20

    public init(
        version: Int, effectiveFrom: Date, warnBeforeMinutes: Int, rules: [DeadlineRule],
        acknowledgeWithinMinutes: Int = PolicyVersion.defaultAcknowledgeWithinMinutes,
        escalateAcknowledgementAfterMinutes: Int = PolicyVersion.defaultEscalateAcknowledgementAfterMinutes
    ) {
        self.version = version
        self.effectiveFrom = effectiveFrom
        self.warnBeforeMinutes = warnBeforeMinutes
        self.rules = rules
        self.acknowledgeWithinMinutes = acknowledgeWithinMinutes
        self.escalateAcknowledgementAfterMinutes = escalateAcknowledgementAfterMinutes
    }

    enum CodingKeys: String, CodingKey {
        case version, effectiveFrom, warnBeforeMinutes, rules, acknowledgeWithinMinutes, escalateAcknowledgementAfterMinutes
    }

    /// Versions stored before acknowledgement limits existed read with the defaults.
    public init(from decoder: Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        version = try c.decode(Int.self, forKey: .version)
        effectiveFrom = try c.decode(Date.self, forKey: .effectiveFrom)
        warnBeforeMinutes = try c.decode(Int.self, forKey: .warnBeforeMinutes)
        rules = try c.decode([DeadlineRule].self, forKey: .rules)
        acknowledgeWithinMinutes = try c.decodeIfPresent(Int.self, forKey: .acknowledgeWithinMinutes) ?? Self.defaultAcknowledgeWithinMinutes
        escalateAcknowledgementAfterMinutes =
            try c.decodeIfPresent(Int.self, forKey: .escalateAcknowledgementAfterMinutes) ?? Self.defaultEscalateAcknowledgementAfterMinutes
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
                    DeadlineRule(
                        id: "shenyang.followup", title: "全程跟踪续报（本地设定为较大以上每日8时、17时前各续报一次）", milestone: .followUp,
                        anchor: .receipt, minutes: 60, levels: [.extraordinary, .major, .large], source: "沈阳 规范 第二十条",
                        recurrence: Recurrence(dailyAt: ["08:00", "17:00"])),
                ])
        ])

    /// The national rules, as the ministry's 《通报》 (应急管理部办公厅, 2024-01-03) states them and
    /// S002 (河南省应急管理厅, forwarded by 漯河) repeats them: from 2024-01-01 the system record is
    /// the basis for judging late and missed reports; after a phone, fax or other report this
    /// level's written report is due in the system within 30 minutes; after a 重特大 disaster or
    /// accident the emergency departments reach the ministry within 50 minutes
    /// (《灾害事故信息报告暂行办法》). The 50 minutes are the whole chain's, so they count from
    /// the case's first receipt at any level: a case that reached the ministry late is late on
    /// every level's record, not on time at the city because the city heard of it later.
    public static let national = ReportingPolicy(
        id: "national",
        name: "全国（应急管理部《通报》、《灾害事故信息报告暂行办法》）",
        versions: [
            PolicyVersion(
                version: 1, effectiveFrom: shanghaiMidnight(2024, 1, 1), warnBeforeMinutes: 5,
                rules: [
                    DeadlineRule(
                        id: "national.written", title: "电话、传真等报告后30分钟内通过指挥业务系统报送书面信息", milestone: .written,
                        anchor: .notified, minutes: 30, source: "应急管理部办公厅《通报》（2024年1月3日）"),
                    DeadlineRule(
                        id: "national.ministry", title: "重特大灾害事故首次接报后50分钟内报至应急管理部", milestone: .reachedMinistry,
                        anchor: .caseReceipt, minutes: 50, levels: ReportingRate.reportableLevels, source: "《灾害事故信息报告暂行办法》（据应急管理部《通报》）"),
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

    public static let all: [ReportingPolicy] = [shenyang, national, ordos]
}

/// Policies never rewrite the past: a version whose `effectiveFrom` has passed is evidence for
/// every incident received under it, so it stays exactly as it was; a change is a new version
/// in force from now or later.
public enum PolicyHistory {
    /// Why `proposed` would rewrite `stored`'s past at `now`, in Chinese; empty when it only
    /// adds versions from now on (or changes versions not yet in force).
    public static func problems(stored: ReportingPolicy?, proposed: ReportingPolicy, now: Date) -> [String] {
        var out: [String] = []
        let started = (stored?.versions ?? []).filter { $0.effectiveFrom <= now }
        for old in started {
            guard let kept = proposed.versions.first(where: { $0.version == old.version }) else {
                out.append("第\(old.version)版已于\(ShanghaiTime.format(old.effectiveFrom, "yyyy-MM-dd HH:mm"))生效，不能删除")
                continue
            }
            if kept != old { out.append("第\(old.version)版已于\(ShanghaiTime.format(old.effectiveFrom, "yyyy-MM-dd HH:mm"))生效，不能修改；请新增一个版本") }
        }
        let startedNumbers = Set(started.map(\.version))
        for v in proposed.versions where !startedNumbers.contains(v.version) && v.effectiveFrom < now {
            out.append("第\(v.version)版的生效时间早于现在；新版本只能从现在或以后生效")
        }
        return out
    }
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
                !sameMilestone.contains { $0.applies(to: level) && $0.isAtLeastAsStrict(as: rule) }
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
                if let theirs = rule.recurrence, !(candidate.recurrence?.isAtLeastAsFrequent(as: theirs) ?? false) {
                    reasons.append("本级「\(candidate.title)」的续报频次（\(candidate.recurrence?.title ?? "不重复")）少于上级的\(theirs.title)")
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
            if !(1...1440).contains(v.acknowledgeWithinMinutes) || !(v.acknowledgeWithinMinutes...1440).contains(v.escalateAcknowledgementAfterMinutes) {
                out.append("第\(v.version)版：签收时限应为1到1440分钟，升级提醒不早于签收时限")
            }
            if v.rules.isEmpty || v.rules.count > 50 { out.append("第\(v.version)版：应有1到50条时限") }
            if Set(v.rules.map(\.id)).count != v.rules.count { out.append("第\(v.version)版：时限编号重复") }
            for r in v.rules {
                // A repeating rule's minutes are only the least lead before its first occurrence.
                if !((r.recurrence == nil ? 1 : 0)...10080).contains(r.minutes) { out.append("第\(v.version)版「\(r.title)」：时限应为1到10080分钟") }
                if r.id.isEmpty || r.id.count > 64 || r.title.isEmpty || r.title.count > 100 || r.source.count > 200 {
                    out.append("第\(v.version)版：时限的编号、名称或依据为空或过长")
                }
                if r.levels?.isEmpty == true { out.append("第\(v.version)版「\(r.title)」：适用级别不能为空集") }
                if let recurrence = r.recurrence {
                    out += recurrence.problems.map { "第\(v.version)版「\(r.title)」：\($0)" }
                    if r.milestone != .followUp { out.append("第\(v.version)版「\(r.title)」：重复的时限只能用于续报") }
                } else if r.milestone == .followUp {
                    out.append("第\(v.version)版「\(r.title)」：续报时限应设定每日定时或间隔时间")
                }
            }
        }
        return out
    }
}
