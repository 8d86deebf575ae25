import Fluent
import Foundation

/// New rows of one request that need nothing read first: an incident and its first report,
/// their timeline events, the audit entries. Under load the rows of many requests are
/// inserted with one statement per table (GroupCommit), so a request costs its rows, not
/// its statements.
struct InsertSet: @unchecked Sendable {
    var incidents: [Incident] = []
    var reports: [Report] = []
    var timeline: [TimelineEvent] = []
    var audit: [(AuditLog.Entry, Date)] = []

    var isEmpty: Bool { incidents.isEmpty && reports.isEmpty && timeline.isEmpty && audit.isEmpty }

    static func merged(_ sets: [InsertSet]) -> InsertSet {
        var all = InsertSet()
        for s in sets {
            all.incidents += s.incidents
            all.reports += s.reports
            all.timeline += s.timeline
            all.audit += s.audit
        }
        return all
    }

    /// Parents before children, then the audit entries in order, chained once for the set.
    func insert(on db: any Database) async throws {
        try await incidents.insertRows(on: db)
        try await reports.insertRows(on: db)
        try await timeline.insertRows(on: db)
        if !audit.isEmpty { try await AuditLog.append(audit, on: db) }
    }
}
