import DutyCore
import Fluent
import Foundation

/// One call or message in the duty log (值班日志, S001 第十三条).
final class DutyLogEntry: Model, @unchecked Sendable {
    static let schema = "duty_log_entries"

    @ID(key: .id) var id: UUID?
    @Parent(key: "unit_id") var unit: OrgUnit
    /// To the minute (Shanghai wall clock as typed, stored in UTC).
    @Field(key: "at") var at: Date
    @Field(key: "direction") var direction: String
    @Field(key: "caller_unit") var callerUnit: String
    @Field(key: "caller_name") var callerName: String
    @Field(key: "caller_position") var callerPosition: String
    @Field(key: "phone") var phone: String
    @Field(key: "content") var content: String
    @Field(key: "handling") var handling: String
    /// 复述校对: the content was read back to the caller and confirmed.
    @Field(key: "read_back") var readBack: Bool
    @Field(key: "read_back_by") var readBackBy: String
    @OptionalField(key: "incident_id") var incidentID: UUID?
    /// 密件: its words never leave through an export, notice or webhook.
    @Field(key: "classified") var classified: Bool
    @Field(key: "recorded_by") var recordedBy: String
    @Field(key: "created_at") var createdAt: Date
    @Field(key: "updated_at") var updatedAt: Date

    init() {}

    var logDirection: DutyLogDirection { DutyLogDirection(rawValue: direction) ?? .incoming }
}

/// 交接班: the outgoing officer's note, signed by both.
final class Handover: Model, @unchecked Sendable {
    static let schema = "handovers"

    @ID(key: .id) var id: UUID?
    @Parent(key: "unit_id") var unit: OrgUnit
    @Field(key: "matters") var matters: String
    @Field(key: "outgoing_by") var outgoingBy: String
    @Field(key: "outgoing_name") var outgoingName: String
    @Field(key: "outgoing_at") var outgoingAt: Date
    @OptionalField(key: "incoming_by") var incomingBy: String?
    @OptionalField(key: "incoming_name") var incomingName: String?
    @OptionalField(key: "incoming_at") var incomingAt: Date?
    /// `RosterPresence` codes and a stand-in's reason (M017); nil on records made before.
    @OptionalField(key: "outgoing_presence") var outgoingPresence: String?
    @OptionalField(key: "outgoing_stand_in") var outgoingStandIn: String?
    @OptionalField(key: "incoming_presence") var incomingPresence: String?
    @OptionalField(key: "incoming_stand_in") var incomingStandIn: String?

    init() {}
}

/// An open item (待办事项) handed over from shift to shift until someone closes it.
final class HandoverItem: Model, @unchecked Sendable {
    static let schema = "handover_items"

    @ID(key: .id) var id: UUID?
    @Parent(key: "unit_id") var unit: OrgUnit
    @Field(key: "text") var text: String
    @Field(key: "created_by") var createdBy: String
    @Field(key: "created_at") var createdAt: Date
    @OptionalField(key: "closed_at") var closedAt: Date?
    @OptionalField(key: "closed_by") var closedBy: String?
    @OptionalField(key: "close_note") var closeNote: String?

    init() {}
}

/// Which items a handover passed on, and whether each came from an earlier shift.
final class HandoverItemLink: Model, @unchecked Sendable {
    static let schema = "handover_item_links"

    @ID(key: .id) var id: UUID?
    @Field(key: "handover_id") var handoverID: UUID
    @Field(key: "item_id") var itemID: UUID
    @Field(key: "carried") var carried: Bool

    init() {}
}

/// A roll call of the caller's subordinate duty rooms.
final class RollCall: Model, @unchecked Sendable {
    static let schema = "roll_calls"

    @ID(key: .id) var id: UUID?
    @Parent(key: "unit_id") var unit: OrgUnit
    @Field(key: "started_at") var startedAt: Date
    @Field(key: "started_by") var startedBy: String
    @Field(key: "limit_seconds") var limitSeconds: Int
    /// The Shanghai date of a scheduled roll call; with the unit, unique, so that however many
    /// instances trigger the schedule only one roll call starts.
    @OptionalField(key: "scheduled_date") var scheduledDate: String?

    init() {}
}

/// One subordinate's line in a roll call.
final class RollCallAnswer: Model, @unchecked Sendable {
    static let schema = "roll_call_answers"

    @ID(key: .id) var id: UUID?
    @Field(key: "roll_call_id") var rollCallID: UUID
    @Parent(key: "unit_id") var unit: OrgUnit
    @OptionalField(key: "answered_at") var answeredAt: Date?
    @OptionalField(key: "answered_by") var answeredBy: String?
    @OptionalField(key: "seconds") var seconds: Int?
    /// `RosterPresence` code of whoever answered, and a stand-in's reason (M017).
    @OptionalField(key: "presence") var presence: String?
    @OptionalField(key: "stand_in") var standIn: String?

    init() {}
}

/// A unit's daily roll-call schedule; a unit without one uses the default (08:30, 60 s).
final class RollCallSchedule: Model, @unchecked Sendable {
    static let schema = "roll_call_schedules"

    @ID(key: .id) var id: UUID?
    @Field(key: "unit_id") var unitID: UUID
    @Field(key: "time") var time: String
    @Field(key: "limit_seconds") var limitSeconds: Int
    @Field(key: "enabled") var enabled: Bool
    @Field(key: "updated_by") var updatedBy: String
    @Field(key: "updated_at") var updatedAt: Date

    init() {}
}

/// 领导外出报备.
final class LeaderAbsence: Model, @unchecked Sendable {
    static let schema = "leader_absences"

    @ID(key: .id) var id: UUID?
    @Parent(key: "unit_id") var unit: OrgUnit
    @OptionalField(key: "person_id") var personID: UUID?
    @Field(key: "person_name") var personName: String
    @Field(key: "person_position") var personPosition: String
    @Field(key: "reason") var reason: String
    @Field(key: "destination") var destination: String
    @Field(key: "leave_at") var leaveAt: Date
    @Field(key: "return_at") var returnAt: Date
    @Field(key: "deputy_name") var deputyName: String
    @Field(key: "deputy_post") var deputyPost: String
    @OptionalField(key: "returned_at") var returnedAt: Date?
    @Field(key: "created_by") var createdBy: String
    @Field(key: "created_at") var createdAt: Date
    @Field(key: "updated_at") var updatedAt: Date

    init() {}

    func status(now: Date) -> AbsenceStatus { AbsenceStatus.of(leaveAt: leaveAt, returnAt: returnAt, returnedAt: returnedAt, now: now) }
}
