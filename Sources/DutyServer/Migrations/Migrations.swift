import Fluent

/// Registered in order; a landed migration is never edited — add the next one.
enum Migrations {
    static let all: [any Migration] = [
        M001_CreateUnits(),  // the unit tree with materialized paths
        M002_CreatePeople(),  // the directory
        M003_CreateUserAccounts(),  // logins, roles, lockout state
        M004_CreateSessions(),  // web sessions and API tokens (hashed)
        M005_CreateAuditTrail(),  // the hash-chained audit trail and its head
        M006_CreateIncidents(),  // incident records per level, reports, timeline, back-fill, policies
        M007_CreateAlarmsAndOutbox(),  // deadline alarms (once per rule) and the notification outbox
        M008_CreateAttachments(),  // attachments of general information, checked by their bytes
        M009_CreateRosters(),  // shift patterns, training, absences, month rosters, entered holiday notices, feed tokens
        M011_CreateRosterSwaps(),  // swap requests (调班) with their history
        M010_CreateDutyDesk(),  // appended after M011, which landed first: duty log, handovers and open items, roll calls, leaders' absences
        M012_CreateReportVersions(),  // reports returned for correction, each version kept
        M013_CreateSubmissionKeys(),  // idempotency keys of submissions and the records they made
        M014_RecordEvidence(),  // the policy version each incident record was received under; classified duty-log entries
        M015_CreateLoginFailures(),  // failed logins, counted by account and by address
        M016_DisplayPairing(),  // the one-time enabling code of a wall display account
        M017_RosterPresence(),  // handovers and roll-call answers checked against the roster
    ]
}
