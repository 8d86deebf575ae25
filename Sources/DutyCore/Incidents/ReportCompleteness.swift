import Foundation

/// What a report still lacks before it may be submitted. S000 四: "首报写清时间、地点、事件、影响
/// 等要素", first and follow-up reports separate; S001 第十八条 lists the full elements a report
/// should come to carry. The messages are shown next to the form while the officer types, so
/// each says exactly what to fill in.
public enum ReportCompleteness {
    public struct MissingElement: Equatable, Sendable {
        /// The `ReportElements` property the form should focus; for a rule over several
        /// properties, the one an officer most naturally fills to satisfy it.
        public let field: String
        public let message: String
        /// The element's short name, for "首报要素不全：缺少事发地点、事件概况".
        public let title: String

        public init(field: String, message: String, title: String) {
            self.field = field
            self.message = message
            self.title = title
        }
    }

    /// What is missing besides the fields whose values were refused (`refused`, by field name):
    /// an element the officer must correct is not also called missing, nor is the impact when
    /// one of its figures was refused — the officer fixes each thing once.
    public static func missing(for kind: ReportKind, _ e: ReportElements, besides refused: Set<String>) -> [MissingElement] {
        let impactFields: Set<String> = ["dead", "missing", "injured", "trapped", "propertyLossYuan", "impact"]
        return missing(for: kind, e).filter {
            !refused.contains($0.field) && !($0.field == impact.field && !refused.isDisjoint(with: impactFields))
        }
    }

    /// "首报要素不全：缺少事发地点、事件概况": every missing element of the kind, named at once.
    public static func summary(for kind: ReportKind, _ missing: [MissingElement]) -> String {
        kind.title + "要素不全：缺少" + missing.map(\.title).joined(separator: "、")
    }

    /// In the order the fields appear in a report, empty when the report is complete enough.
    public static func missing(for kind: ReportKind, _ e: ReportElements) -> [MissingElement] {
        switch kind {
        case .first: return firstReport(e)
        case .followUp: return followUp(e)
        case .final: return finalReport(e)
        }
    }

    // MARK: - Rules, one per kind

    /// 首报: time, place, event, impact — the four elements S000 四 names.
    static func firstReport(_ e: ReportElements) -> [MissingElement] {
        var missing = basics(e)
        if !hasImpact(e) { missing.append(Self.impact) }
        return missing
    }

    /// 终报 closes the record, so every figure must be settled: a casualty still "unknown"
    /// when the response has ended is a gap, not a fact. The first report's elements apply too.
    static func finalReport(_ e: ReportElements) -> [MissingElement] {
        var missing = basics(e)
        let unknown = unknownCasualties(e.casualties)
        if !unknown.isEmpty {
            // Four known numbers are themselves impact, so the casualty message already says
            // what to do; the general impact message would only repeat it.
            missing.append(
                MissingElement(
                    field: "casualties",
                    message: "终报须填全伤亡人数（死亡、失踪、受伤、被困，没有的填0），未填写：" + unknown.joined(separator: "、"),
                    title: unknown.joined(separator: "、") + "人数"))
        } else if !hasImpact(e) {
            missing.append(Self.impact)
        }
        if isBlank(e.cause) {
            missing.append(MissingElement(field: "cause", message: "缺少事件原因（起因）", title: "事件原因"))
        }
        if isBlank(e.measures) {
            missing.append(MissingElement(field: "measures", message: "缺少已采取的措施", title: "已采取的措施"))
        }
        return missing
    }

    /// 续报 exists to say what changed: it names the event and carries at least one piece of
    /// progress. Time and place were fixed by the first report.
    static func followUp(_ e: ReportElements) -> [MissingElement] {
        var missing: [MissingElement] = []
        if isBlank(e.event) { missing.append(Self.event) }
        let hasProgress =
            anyCasualtyKnown(e.casualties) || e.propertyLossYuan != nil || !isBlank(e.propertyLossText)
            || !isBlank(e.measures) || !isBlank(e.trend) || !isBlank(e.impact)
        if !hasProgress {
            missing.append(
                MissingElement(field: "measures", message: "缺少续报内容：伤亡人数、处置措施、发展态势或影响情况至少填写一项", title: "续报内容"))
        }
        return missing
    }

    // MARK: - Shared pieces

    static let impact = MissingElement(field: "impact", message: "缺少影响情况：伤亡人数、财产损失或其他影响至少填写一项", title: "影响情况")
    static let event = MissingElement(field: "event", message: "缺少事件概况（发生了什么）", title: "事件概况")

    static func basics(_ e: ReportElements) -> [MissingElement] {
        var missing: [MissingElement] = []
        if e.occurredAt == nil {
            missing.append(MissingElement(field: "occurredAt", message: "缺少事发时间", title: "事发时间"))
        }
        // The county alone is not a place: the report names where in it (a crossing, a village,
        // a plant), S000 四 "写清时间、地点".
        if isBlank(e.placeDetail) {
            missing.append(MissingElement(field: "placeDetail", message: "缺少事发地点：请写明具体位置（道路路口、村组、企业或场所名称）", title: "事发地点"))
        }
        if isBlank(e.event) { missing.append(Self.event) }
        return missing
    }

    /// A known zero is impact information ("暂无人员伤亡"); only nil is "not said".
    static func hasImpact(_ e: ReportElements) -> Bool {
        anyCasualtyKnown(e.casualties) || e.propertyLossYuan != nil || !isBlank(e.propertyLossText) || !isBlank(e.impact)
    }

    static func anyCasualtyKnown(_ c: Casualties) -> Bool {
        c.dead != nil || c.missing != nil || c.injured != nil || c.trapped != nil
    }

    static func unknownCasualties(_ c: Casualties) -> [String] {
        [(c.dead, "死亡"), (c.missing, "失踪"), (c.injured, "受伤"), (c.trapped, "被困")].compactMap { $0.0 == nil ? $0.1 : nil }
    }

    /// Whitespace only is as empty as nothing: a space typed to get past a form is not an answer.
    static func isBlank(_ text: String) -> Bool {
        text.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty
    }
}
