import Foundation

/// S004 一(二): every unit re-verifies its directory entries at least every six months.
public enum Freshness {
    public static let calendar: Calendar = {
        var c = Calendar(identifier: .gregorian)
        c.timeZone = TimeZone(identifier: "Asia/Shanghai")!
        return c
    }()

    /// Verified on or after the same calendar day six months ago (Asia/Shanghai).
    public static func isFresh(lastVerified: Date?, now: Date) -> Bool {
        guard let lastVerified, lastVerified <= now else { return false }
        guard let limit = calendar.date(byAdding: .month, value: -6, to: calendar.startOfDay(for: now)) else { return false }
        return lastVerified >= limit
    }

    public struct Share: Equatable, Sendable, Codable {
        public let verified: Int
        public let total: Int
        /// Percent with one decimal; 100 for an empty unit since nothing is stale.
        public var percent: Double {
            total == 0 ? 100 : (Double(verified) * 1000 / Double(total)).rounded() / 10
        }
        public init(verified: Int, total: Int) {
            self.verified = verified
            self.total = total
        }
    }

    public static func share(of lastVerified: [Date?], now: Date) -> Share {
        Share(verified: lastVerified.filter { isFresh(lastVerified: $0, now: now) }.count, total: lastVerified.count)
    }
}
