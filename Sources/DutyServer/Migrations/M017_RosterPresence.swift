import Fluent

/// 在岗核对: how each handover's two officers and each roll-call answer stood against the
/// roster (RosterPresence's code) and, for a stand-in, the reason they gave. Records made
/// before keep no value: they were not checked.
struct M017_RosterPresence: AsyncMigration {
    static let columns: [(table: String, field: String)] = [
        ("handovers", "outgoing_presence"), ("handovers", "outgoing_stand_in"), ("handovers", "incoming_presence"),
        ("handovers", "incoming_stand_in"), ("roll_call_answers", "presence"), ("roll_call_answers", "stand_in"),
    ]

    func prepare(on db: any Database) async throws {
        // One column per statement: SQLite adds one at a time.
        for c in Self.columns {
            try await db.schema(c.table).field(.string(c.field), .string).update()
        }
    }

    func revert(on db: any Database) async throws {
        for c in Self.columns.reversed() {
            try await db.schema(c.table).deleteField(.string(c.field)).update()
        }
    }
}
