import Foundation

/// Asia/Shanghai display of stored UTC instants.
public enum ShanghaiTime {
    public static let zone = TimeZone(identifier: "Asia/Shanghai")!

    /// Making a DateFormatter costs far more than using one (ICU sets up each time), so one per
    /// pattern is kept and used under a lock.
    private static let lock = NSLock()
    nonisolated(unsafe) private static var formatters: [String: DateFormatter] = [:]

    static func withFormatter<T>(_ pattern: String, _ body: (DateFormatter) -> T) -> T {
        lock.lock()
        defer { lock.unlock() }
        if let f = formatters[pattern] { return body(f) }
        let f = DateFormatter()
        f.locale = Locale(identifier: "en_US_POSIX")
        f.timeZone = zone
        f.dateFormat = pattern
        formatters[pattern] = f
        return body(f)
    }

    public static func format(_ date: Date, _ pattern: String = "yyyy-MM-dd HH:mm:ss") -> String {
        withFormatter(pattern) { $0.string(from: date) }
    }

    /// Parses "yyyy-MM-dd" or "yyyy-MM-dd HH:mm[:ss]" as Shanghai wall-clock time.
    public static func parse(_ text: String) -> Date? {
        let t = text.trimmingCharacters(in: .whitespaces)
        for pattern in ["yyyy-MM-dd HH:mm:ss", "yyyy-MM-dd HH:mm", "yyyy-MM-dd'T'HH:mm:ss", "yyyy-MM-dd'T'HH:mm", "yyyy-MM-dd"] {
            if let d = withFormatter(pattern, { $0.date(from: t) }) { return d }
        }
        return nil
    }
}
