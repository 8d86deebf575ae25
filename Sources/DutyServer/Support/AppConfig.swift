import Foundation
import Logging

/// The one typed configuration, read once from the environment at start-up.
public struct AppConfig: Sendable {
    public enum Database: Sendable, Equatable {
        case sqliteFile(String)
        case sqliteMemory
        case postgres(URL)

        public var isSQLite: Bool {
            if case .postgres = self { return false }
            return true
        }
    }

    public var host: String
    public var port: Int
    public var database: Database
    public var logLevel: Logger.Level
    /// Pins the server's clock (ISO 8601), for demonstrations and browser tests only.
    public var fixedNow: Date?
    /// bcrypt work factor; tests lower it, nothing else should.
    public var bcryptCost: Int = 12
    /// Where notifications (deadline alarms, arriving reports) are POSTed as JSON: the SMS or
    /// fax gateway's webhook. Unset: they wait in the outbox.
    public var notifyWebhookURL: URL?
    /// The deadline watcher, the outbox worker and the cross-instance relay. Tests that drive
    /// them by hand turn them off.
    public var runJobs: Bool = true

    public init(
        host: String = "127.0.0.1", port: Int = 8080, database: Database = .sqliteFile("dutyroom.sqlite"), logLevel: Logger.Level = .info, fixedNow: Date? = nil
    ) {
        self.host = host
        self.port = port
        self.database = database
        self.logLevel = logLevel
        self.fixedNow = fixedNow
    }

    public struct Problem: Error, CustomStringConvertible {
        public let variable: String
        public let value: String
        public let expected: String
        public var description: String { "configuration error: \(variable)=\"\(value)\" is not valid: expected \(expected)" }
    }

    public static func fromEnvironment(_ env: [String: String] = ProcessInfo.processInfo.environment) throws -> AppConfig {
        var config = AppConfig()
        if let host = env["HOST"] {
            guard !host.isEmpty, !host.contains(" ") else { throw Problem(variable: "HOST", value: host, expected: "a host name or IP address") }
            config.host = host
        }
        if let port = env["PORT"] {
            guard let p = Int(port), (1...65535).contains(p) else { throw Problem(variable: "PORT", value: port, expected: "a port number 1–65535") }
            config.port = p
        }
        if let url = env["DATABASE_URL"] {
            config.database = try parseDatabaseURL(url)
        }
        if let level = env["LOG_LEVEL"] {
            guard let l = Logger.Level(rawValue: level.lowercased()) else {
                throw Problem(variable: "LOG_LEVEL", value: level, expected: Logger.Level.allCases.map(\.rawValue).joined(separator: ", "))
            }
            config.logLevel = l
        }
        if let hook = env["NOTIFY_WEBHOOK_URL"], !hook.isEmpty {
            guard let url = URL(string: hook), ["http", "https"].contains(url.scheme ?? ""), url.host != nil else {
                throw Problem(variable: "NOTIFY_WEBHOOK_URL", value: hook, expected: "an http(s) URL of the notification gateway")
            }
            config.notifyWebhookURL = url
        }
        if let fixed = env["DUTYROOM_FIXED_NOW"], !fixed.isEmpty {
            guard let d = ISO8601DateFormatter().date(from: fixed) else {
                throw Problem(variable: "DUTYROOM_FIXED_NOW", value: fixed, expected: "an ISO 8601 instant like 2026-11-23T06:05:00Z")
            }
            config.fixedNow = d
        }
        return config
    }

    public static func parseDatabaseURL(_ text: String) throws -> Database {
        let problem = Problem(
            variable: "DATABASE_URL", value: text, expected: "postgres://user:password@host:port/database, sqlite:///path/to/file.sqlite or sqlite::memory:")
        if text == "sqlite::memory:" { return .sqliteMemory }
        if text.hasPrefix("sqlite://") {
            let path = String(text.dropFirst("sqlite://".count))
            guard !path.isEmpty, path != "/" else { throw problem }
            return .sqliteFile(path)
        }
        if text.hasPrefix("postgres://") || text.hasPrefix("postgresql://") {
            guard let url = URL(string: text), url.host != nil, url.path.count > 1 else { throw problem }
            return .postgres(url)
        }
        throw problem
    }
}
