import Foundation

/// The level of a production-safety accident (生产安全事故), from 《生产安全事故报告和调查处理条例》
/// 第三条. The duty room needs a level within minutes of the first call, long before an
/// investigation fixes it, so the system suggests one from the numbers already reported and
/// the officer confirms it or overrides it with a reason (see `LevelDecision`).
///
/// 第三条 counts three measures separately and "或者" joins them, so the most severe level that
/// any one measure reaches is the level. The regulation's own convention: "以上" includes the
/// number itself, "以下" excludes it — 3 deaths is 较大, 10 deaths is 重大.
public enum AccidentLevel {
    public struct Suggestion: Equatable, Sendable {
        public let level: IncidentLevel
        /// One sentence per measure that reached `level`, in the order deaths, serious
        /// injuries, loss — so the officer sees exactly which figure drives the suggestion.
        public let reasons: [String]

        public init(level: IncidentLevel, reasons: [String]) {
            self.level = level
            self.reasons = reasons
        }
    }

    /// `seriousInjuries` includes acute industrial poisoning (急性工业中毒), as 第三条 says.
    /// Negative numbers are input mistakes and count as zero rather than lowering anything.
    public static func suggest(deaths: Int, seriousInjuries: Int, directLossYuan: Int) -> Suggestion {
        let measures: [(Measure, Int)] = [
            (.deaths, max(0, deaths)),
            (.seriousInjuries, max(0, seriousInjuries)),
            (.directLoss, max(0, directLossYuan)),
        ]
        let reached = measures.map { measure, value in (measure, value, measure.band(for: value)) }
        let level = reached.map(\.2.level).max() ?? .ordinary
        let reasons = reached.filter { $0.2.level == level }.map { measure, value, band in
            measure.reason(value: value, band: band)
        }
        return Suggestion(level: level, reasons: reasons)
    }

    /// A half-open range [lower, upper) of one measure and the level it means; `upper == nil`
    /// is open-ended.
    struct Band: Equatable, Sendable {
        let level: IncidentLevel
        let lower: Int
        let upper: Int?

        func contains(_ value: Int) -> Bool { value >= lower && (upper.map { value < $0 } ?? true) }
    }

    enum Measure: CaseIterable, Sendable {
        case deaths, seriousInjuries, directLoss

        /// 第三条's thresholds, most severe first.
        var bands: [Band] {
            switch self {
            case .deaths:
                return [
                    Band(level: .extraordinary, lower: 30, upper: nil),
                    Band(level: .major, lower: 10, upper: 30),
                    Band(level: .large, lower: 3, upper: 10),
                    Band(level: .ordinary, lower: 0, upper: 3),
                ]
            case .seriousInjuries:
                return [
                    Band(level: .extraordinary, lower: 100, upper: nil),
                    Band(level: .major, lower: 50, upper: 100),
                    Band(level: .large, lower: 10, upper: 50),
                    Band(level: .ordinary, lower: 0, upper: 10),
                ]
            case .directLoss:
                return [
                    Band(level: .extraordinary, lower: 100_000_000, upper: nil),
                    Band(level: .major, lower: 50_000_000, upper: 100_000_000),
                    Band(level: .large, lower: 10_000_000, upper: 50_000_000),
                    Band(level: .ordinary, lower: 0, upper: 10_000_000),
                ]
            }
        }

        func band(for value: Int) -> Band {
            bands.first { $0.contains(value) } ?? bands[bands.count - 1]
        }

        /// Figures are written exactly (no rounding): near a threshold "约1亿元" would hide
        /// which side of it the loss falls on.
        func amount(_ value: Int) -> String {
            switch self {
            case .deaths, .seriousInjuries: return "\(value)人"
            case .directLoss: return ChineseMoneyText.exact(value)
            }
        }

        func reason(value: Int, band: Band) -> String {
            let subject: String
            switch self {
            case .deaths: subject = "死亡\(amount(value))"
            case .seriousInjuries: subject = "重伤\(amount(value))（含急性工业中毒）"
            case .directLoss: subject = "直接经济损失\(amount(value))"
            }
            var range = ""
            if band.lower > 0 { range += amount(band.lower) + "以上" }
            if let upper = band.upper { range += amount(upper) + "以下" }
            if band.level == .ordinary {
                return "\(subject)，属一般事故（\(range)）"
            }
            return "\(subject)，达到\(band.level.title)事故标准（\(range)）"
        }
    }
}

/// The level the officer settles on. The suggestion is only arithmetic on early figures;
/// the officer may know more (a sensitive place, numbers about to rise), so overriding is
/// allowed — but the record must say why, because level drives the reporting deadlines and
/// late-report accountability relies on the system's records (S002).
public struct LevelDecision: Equatable, Sendable {
    public let suggested: IncidentLevel
    public let chosen: IncidentLevel
    /// Trimmed; nil when the officer kept the suggestion, since there is nothing to justify.
    public let overrideReason: String?

    public var isOverride: Bool { suggested != chosen }

    public static func decide(suggested: IncidentLevel, chosen: IncidentLevel, reason: String?) -> Result<LevelDecision, LevelDecisionError> {
        guard suggested != chosen else {
            return .success(LevelDecision(suggested: suggested, chosen: chosen, overrideReason: nil))
        }
        let trimmed = (reason ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
        guard !trimmed.isEmpty else {
            return .failure(.overrideReasonRequired(suggested: suggested, chosen: chosen))
        }
        return .success(LevelDecision(suggested: suggested, chosen: chosen, overrideReason: trimmed))
    }
}

public enum LevelDecisionError: Error, Equatable, Sendable {
    case overrideReasonRequired(suggested: IncidentLevel, chosen: IncidentLevel)

    /// Stable, for the JSON API.
    public var code: String {
        switch self {
        case .overrideReasonRequired: return "level_override_reason_required"
        }
    }

    public var message: String {
        switch self {
        case .overrideReasonRequired(let suggested, _):
            return "所选级别与建议级别（\(suggested.title)）不同，请说明理由"
        }
    }
}
