import DutyCore
import Fluent
import Foundation

/// A unit's roster configuration; units without a row use the defaults (`RosterSettingsValue`).
final class RosterSettingsRecord: Model, @unchecked Sendable {
    static let schema = "roster_settings"

    @ID(custom: "unit_id", generatedBy: .user) var id: UUID?
    /// JSON of `ShiftPattern`.
    @Field(key: "pattern") var pattern: String
    /// JSON of `RestRules`.
    @Field(key: "rest_rules") var restRules: String
    /// JSON of `[DutyLevel: [person id]]`: the rotation lists auto-fill works from.
    @Field(key: "rotations") var rotations: String
    @Field(key: "updated_by") var updatedBy: String
    @Field(key: "updated_at") var updatedAt: Date

    init() {}
}

/// 岗前培训 (S001 第二十九条): a person without one may not be scheduled.
final class TrainingRecord: Model, @unchecked Sendable {
    static let schema = "training_records"

    @ID(key: .id) var id: UUID?
    @Parent(key: "person_id") var person: Person
    /// yyyy-MM-dd (a date, not an instant).
    @Field(key: "day") var day: String
    @Field(key: "course") var course: String
    @Field(key: "recorded_by") var recordedBy: String
    @Field(key: "recorded_at") var recordedAt: Date

    init() {}
}

/// A time a person cannot serve. The leaders' absence reports (领导外出报备) are rows here too.
final class Absence: Model, @unchecked Sendable {
    static let schema = "absences"

    @ID(key: .id) var id: UUID?
    @Parent(key: "person_id") var person: Person
    /// `AwayKind`.
    @Field(key: "kind") var kind: String
    var awayKind: AwayKind { AwayKind(rawValue: kind) ?? .leave }
    @Field(key: "starts_at") var startsAt: Date
    /// Exclusive: the person is back at this instant.
    @Field(key: "ends_at") var endsAt: Date
    @Field(key: "reason") var reason: String
    @Field(key: "recorded_by") var recordedBy: String
    @Field(key: "recorded_at") var recordedAt: Date
    @OptionalField(key: "cancelled_at") var cancelledAt: Date?

    init() {}
}

/// A unit's roster for one month: draft until filed (报备), then changed only by swaps.
final class RosterMonth: Model, @unchecked Sendable {
    static let schema = "roster_months"

    @ID(key: .id) var id: UUID?
    @Parent(key: "unit_id") var unit: OrgUnit
    @Field(key: "year") var year: Int
    @Field(key: "month") var month: Int
    /// `RosterMonthStatus`.
    @Field(key: "status") var status: String
    /// The deadline in force when it was filed: a holiday notice entered later does not make an
    /// on-time filing late after the fact.
    @OptionalField(key: "due_at") var dueAt: Date?
    @OptionalField(key: "filed_at") var filedAt: Date?
    @OptionalField(key: "filed_by") var filedBy: String?
    @Field(key: "updated_at") var updatedAt: Date

    init() {}

    var monthStatus: RosterMonthStatus { RosterMonthStatus(rawValue: status) ?? .draft }
    var isFiled: Bool { monthStatus == .filed }
}

final class RosterAssignmentRecord: Model, @unchecked Sendable {
    static let schema = "roster_assignments"

    @ID(key: .id) var id: UUID?
    @Parent(key: "roster_id") var roster: RosterMonth
    /// Copied from the roster so who-is-on-duty reads one table.
    @Field(key: "unit_id") var unitID: UUID
    /// The duty day, yyyy-MM-dd (sorts as text).
    @Field(key: "day") var day: String
    @Field(key: "shift_index") var shiftIndex: Int
    @Field(key: "level") var level: String
    @Parent(key: "person_id") var person: Person

    init() {}
}

/// One line of a holiday notice an administrator entered.
final class CalendarEntryRecord: Model, @unchecked Sendable {
    static let schema = "calendar_entries"

    @ID(key: .id) var id: UUID?
    @Field(key: "notice_year") var noticeYear: Int
    @Field(key: "day") var day: String
    @Field(key: "kind") var kind: String
    @Field(key: "festival") var festival: String
    @Field(key: "entered_by") var enteredBy: String
    @Field(key: "entered_at") var enteredAt: Date

    init() {}
}

/// The secret of an iCalendar feed URL. Only its SHA-256 is stored; rotating deletes the old one.
final class RosterFeedToken: Model, @unchecked Sendable {
    static let schema = "roster_feed_tokens"

    @ID(custom: "token_hash", generatedBy: .user) var id: String?
    @OptionalField(key: "unit_id") var unitID: UUID?
    @OptionalField(key: "person_id") var personID: UUID?
    @Field(key: "created_by") var createdBy: String
    @Field(key: "created_at") var createdAt: Date

    init() {}
}

/// A 调班 request (RosterSwap): the roster changes only when it is approved.
final class RosterSwapRecord: Model, @unchecked Sendable {
    static let schema = "roster_swaps"

    @ID(key: .id) var id: UUID?
    @Parent(key: "unit_id") var unit: OrgUnit
    @Parent(key: "roster_id") var roster: RosterMonth
    @Field(key: "day") var day: String
    @Field(key: "shift_index") var shiftIndex: Int
    @Field(key: "level") var level: String
    @Field(key: "from_person_id") var fromPersonID: UUID
    @Field(key: "to_person_id") var toPersonID: UUID
    @Field(key: "reason") var reason: String
    @Field(key: "status") var status: String
    @Field(key: "requested_by") var requestedBy: String
    @Field(key: "requested_at") var requestedAt: Date
    @OptionalField(key: "accepted_by") var acceptedBy: String?
    @OptionalField(key: "accepted_at") var acceptedAt: Date?
    @OptionalField(key: "decided_by") var decidedBy: String?
    @OptionalField(key: "decided_at") var decidedAt: Date?
    @Field(key: "note") var note: String

    init() {}

    var request: RosterSwap.Request? {
        guard let d = CalendarDay(day), let l = DutyLevel(rawValue: level), let s = RosterSwap.Status(rawValue: status) else { return nil }
        return RosterSwap.Request(
            slot: ShiftSlot(day: d, shiftIndex: shiftIndex), level: l, fromPersonID: fromPersonID.uuidString, toPersonID: toPersonID.uuidString, status: s)
    }
}
