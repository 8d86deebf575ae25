import Fluent
import Foundation

final class DeadlineAlarm: Model, @unchecked Sendable {
    static let schema = "deadline_alarms"

    @ID(key: .id) var id: UUID?
    @Field(key: "incident_id") var incidentID: UUID
    @Field(key: "rule_id") var ruleID: String
    /// "warning" (即将到期) or "due" (已超时)
    @Field(key: "kind") var kind: String
    @Field(key: "due_at") var dueAt: Date
    @Field(key: "fired_at") var firedAt: Date
    @Field(key: "instance") var instance: String

    init() {}
}

/// A notification waiting for, or done with, delivery to the gateway (SMS, fax, …).
final class OutboxMessage: Model, @unchecked Sendable {
    static let schema = "outbox"

    @ID(key: .id) var id: UUID?
    @Field(key: "created_at") var createdAt: Date
    @Field(key: "unit_id") var unitID: UUID
    @Field(key: "event") var event: String
    /// JSON handed to the gateway as is. Never carries classified content.
    @Field(key: "payload") var payload: String
    /// pending → sending → delivered | failed (after the last retry)
    @Field(key: "status") var status: String
    @Field(key: "attempts") var attempts: Int
    @Field(key: "next_attempt_at") var nextAttemptAt: Date
    @Field(key: "last_error") var lastError: String
    @OptionalField(key: "delivered_at") var deliveredAt: Date?

    init() {}
}
