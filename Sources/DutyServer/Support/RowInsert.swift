import Fluent
import SQLKit

/// A model inserted with one multi-row statement by its columns, without the ORM's
/// per-instance reflection (which cost more than the insert itself on the report path).
/// `RowInsertTests` checks that each type's columns are exactly its model's fields.
protocol RowInsertable: Model {
    static var columns: [String] { get }
    var rowValues: [any Encodable & Sendable] { get }
}

extension Array where Element: RowInsertable {
    func insertRows(on db: any Database) async throws {
        guard !isEmpty else { return }
        var insert = (db as! any SQLDatabase).insert(into: Element.schema).columns(Element.columns)
        for row in self { insert = insert.values(row.rowValues) }
        try await insert.run()
        for row in self { row._$id.exists = true }
    }
}

extension Incident: RowInsertable {
    static let columns = [
        "id", "case_id", "unit_id", "info_type", "title", "kind_id", "incident_class", "level", "level_suggested", "level_reason",
        "place_unit_id", "place_detail", "occurred_at", "received_at", "source_channel", "learned_from_unit_id", "classified",
        "notified_at", "response_ended_at", "closed_at", "created_by", "created_at", "policy_owner_id", "policy_version",
    ]
    var rowValues: [any Encodable & Sendable] {
        [
            id, caseID, $unit.id, infoType, title, kindID, incidentClass, level, levelSuggested, levelReason,
            placeUnitID, placeDetail, occurredAt, receivedAt, sourceChannel, learnedFromUnitID, classified,
            notifiedAt, responseEndedAt, closedAt, createdBy, createdAt, policyOwnerID, policyVersion,
        ]
    }
}

extension Report: RowInsertable {
    static let columns = [
        "id", "incident_id", "kind", "sequence", "elements", "body", "changes", "change_reason", "status", "needs_approval",
        "created_by", "created_at", "signed_by", "signed_at", "approved_by", "approved_at", "submitted_at", "submitted_to_unit_id",
        "acknowledged_by", "acknowledged_at",
    ]
    var rowValues: [any Encodable & Sendable] {
        [
            id, $incident.id, kind, sequence, elements, body, changes, changeReason, status, needsApproval,
            createdBy, createdAt, signedBy, signedAt, approvedBy, approvedAt, submittedAt, submittedToUnitID,
            acknowledgedBy, acknowledgedAt,
        ]
    }
}

extension TimelineEvent: RowInsertable {
    static let columns = ["id", "case_id", "incident_id", "unit_id", "at", "actor", "kind", "detail"]
    var rowValues: [any Encodable & Sendable] { [id, caseID, incidentID, unitID, at, actor, kind, detail] }
}

extension AuditEntry: RowInsertable {
    static let columns = [
        "seq", "at", "actor", "unit_path", "action", "target_type", "target_id", "outcome", "detail", "ip", "prev_hash", "content_hash", "hash",
    ]
    var rowValues: [any Encodable & Sendable] {
        [id, at, actor, unitPath, action, targetType, targetID, outcome, detail, ip, prevHash, contentHash, hash]
    }
}
