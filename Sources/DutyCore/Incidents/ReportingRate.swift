import Foundation

/// Government levels of reporting (the ministry receives; it is not measured).
public enum ReportingLevel: String, CaseIterable, Codable, Sendable {
    case province, city, county

    public var title: String {
        switch self {
        case .province: return "省级"
        case .city: return "市级"
        case .county: return "县级"
        }
    }

    /// The level an emergency management unit reports at; nil for the ministry and for
    /// units that are not emergency management departments.
    public init?(unitKind: UnitKind) {
        switch unitKind {
        case .emergencyProvince: self = .province
        case .emergencyCity: self = .city
        case .emergencyCounty: self = .county
        default: return nil
        }
    }
}

/// S002: 信息报送率 = incidents reportable to the ministry that a level submitted through the
/// system ÷ all such incidents. Example: 10 incidents; province 10 → 100%, city 7 → 70%,
/// county 5 → 50%.
public enum ReportingRate {
    /// 应报应急管理部: the levels the ministry must receive — 重大 and 特别重大 disasters and
    /// accidents, which 《灾害事故信息报告暂行办法》 (as S002 cites it) sends to the ministry
    /// within 50 minutes. The national deadline rule and the rate count the same levels from
    /// this one set.
    public static let reportableLevels: Set<IncidentLevel> = [.extraordinary, .major]

    public static func isReportableToMinistry(_ level: IncidentLevel) -> Bool { reportableLevels.contains(level) }

    /// What the page and the API say the rate is.
    public static let definition =
        "信息报送率：按规定应报送至应急管理部的灾害事故（重大、特别重大）中，该级通过指挥业务系统报送的数量所占的百分比（应急管理部《通报》，河南省应急管理厅通知 一）。"

    public struct Incident: Equatable, Sendable {
        public var reportableToMinistry: Bool
        public var submittedBy: Set<ReportingLevel>
        public init(reportableToMinistry: Bool, submittedBy: Set<ReportingLevel>) {
            self.reportableToMinistry = reportableToMinistry
            self.submittedBy = submittedBy
        }
    }

    public struct Rate: Equatable, Sendable {
        public var submitted: Int
        public var total: Int
        /// Percent with one decimal; nil when there was nothing to report.
        public var percent: Double? {
            total == 0 ? nil : (Double(submitted) * 1000 / Double(total)).rounded() / 10
        }
    }

    public static func rate(of level: ReportingLevel, _ incidents: [Incident]) -> Rate {
        let reportable = incidents.filter(\.reportableToMinistry)
        return Rate(submitted: reportable.filter { $0.submittedBy.contains(level) }.count, total: reportable.count)
    }
}

/// Time from receipt to the written system report (national average 5 h, Henan 7 h in 2023;
/// the target is 50 minutes or less).
public enum ReportTiming {
    public struct Summary: Equatable, Sendable {
        public var count: Int
        public var mean: TimeInterval?
        public var p50: TimeInterval?
        public var p90: TimeInterval?
        public var max: TimeInterval?
    }

    /// Nearest-rank percentiles.
    public static func summary(_ durations: [TimeInterval]) -> Summary {
        guard !durations.isEmpty else { return Summary(count: 0) }
        let sorted = durations.sorted()
        func rank(_ p: Double) -> TimeInterval { sorted[Swift.max(0, Int((p * Double(sorted.count)).rounded(.up)) - 1)] }
        return Summary(count: sorted.count, mean: sorted.reduce(0, +) / Double(sorted.count), p50: rank(0.5), p90: rank(0.9), max: sorted.last)
    }
}

extension ReportTiming.Summary {
    init(count: Int) { self.init(count: count, mean: nil, p50: nil, p90: nil, max: nil) }
}
