import Fluent
import SQLKit

/// Duty rosters (值排班, SPEC §2): each unit's shift pattern and rest rules, people's pre-duty
/// training and absences, the month rosters and their assignments, the holiday notices entered
/// by administrators, and the secret tokens of iCalendar feeds.
struct M009_CreateRosters: AsyncMigration {
    func prepare(on db: any Database) async throws {
        // One row per unit that changed the defaults (one 24-hour shift from 08:30, no rest rules).
        try await db.schema("roster_settings")
            .field("unit_id", .uuid, .identifier(auto: false), .references("units", "id"))
            .field("pattern", .string, .required)
            .field("rest_rules", .string, .required)
            .field("rotations", .string, .required)
            .field("updated_by", .string, .required)
            .field("updated_at", .datetime, .required)
            .create()
        try await db.schema("training_records")
            .id()
            .field("person_id", .uuid, .required, .references("people", "id"))
            .field("day", .string, .required)
            .field("course", .string, .required)
            .field("recorded_by", .string, .required)
            .field("recorded_at", .datetime, .required)
            .create()
        // General on purpose: leave, trips (领导外出报备) and training all keep a person off duty.
        try await db.schema("absences")
            .id()
            .field("person_id", .uuid, .required, .references("people", "id"))
            .field("kind", .string, .required)
            .field("starts_at", .datetime, .required)
            .field("ends_at", .datetime, .required)
            .field("reason", .string, .required)
            .field("recorded_by", .string, .required)
            .field("recorded_at", .datetime, .required)
            .field("cancelled_at", .datetime)
            .create()
        try await db.schema("roster_months")
            .id()
            .field("unit_id", .uuid, .required, .references("units", "id"))
            .field("year", .int, .required)
            .field("month", .int, .required)
            .field("status", .string, .required)
            .field("due_at", .datetime)
            .field("filed_at", .datetime)
            .field("filed_by", .string)
            .field("updated_at", .datetime, .required)
            .unique(on: "unit_id", "year", "month")
            .create()
        try await db.schema("roster_assignments")
            .id()
            .field("roster_id", .uuid, .required, .references("roster_months", "id"))
            .field("unit_id", .uuid, .required)
            .field("day", .string, .required)
            .field("shift_index", .int, .required)
            .field("level", .string, .required)
            .field("person_id", .uuid, .required, .references("people", "id"))
            .unique(on: "roster_id", "day", "shift_index", "level")
            .create()
        // Only the years an administrator entered; the shipped file supplies the rest.
        try await db.schema("calendar_entries")
            .id()
            .field("notice_year", .int, .required)
            .field("day", .string, .required)
            .field("kind", .string, .required)
            .field("festival", .string, .required)
            .field("entered_by", .string, .required)
            .field("entered_at", .datetime, .required)
            .unique(on: "notice_year", "day")
            .create()
        try await db.schema("roster_feed_tokens")
            .field("token_hash", .string, .identifier(auto: false))
            .field("unit_id", .uuid, .references("units", "id"))
            .field("person_id", .uuid, .references("people", "id"))
            .field("created_by", .string, .required)
            .field("created_at", .datetime, .required)
            .create()
        if let sql = db as? any SQLDatabase {
            try await sql.create(index: "roster_assignments_unit_day_idx").on("roster_assignments").column("unit_id").column("day").run()
            try await sql.create(index: "roster_assignments_person_day_idx").on("roster_assignments").column("person_id").column("day").run()
            try await sql.create(index: "absences_person_idx").on("absences").column("person_id").run()
            try await sql.create(index: "training_records_person_idx").on("training_records").column("person_id").run()
        }
    }

    func revert(on db: any Database) async throws {
        for table in ["roster_feed_tokens", "calendar_entries", "roster_assignments", "roster_months", "absences", "training_records", "roster_settings"] {
            try await db.schema(table).delete()
        }
    }
}
