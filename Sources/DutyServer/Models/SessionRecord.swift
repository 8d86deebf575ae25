import DutyCore
import Fluent
import Foundation

/// One failed login (M015).
final class LoginFailure: Model, @unchecked Sendable {
    static let schema = "login_failures"

    @ID(key: .id) var id: UUID?
    @Field(key: "username") var username: String
    @Field(key: "ip") var ip: String
    @Field(key: "at") var at: Date

    init() {}
}

/// A web session or an API token. Only the SHA-256 of the secret is stored, so a copy of
/// the database does not let anyone log in.
final class SessionRecord: Model, @unchecked Sendable {
    static let schema = "sessions"

    @ID(custom: "token_hash", generatedBy: .user) var id: String?
    @Parent(key: "user_id") var user: UserAccount
    @Field(key: "kind") var kind: String
    @Field(key: "csrf_token") var csrfToken: String
    @Field(key: "created_at") var createdAt: Date
    @Field(key: "last_seen_at") var lastSeenAt: Date
    @OptionalField(key: "ended_at") var endedAt: Date?

    init() {}

    var sessionKind: SessionKind { SessionKind(stored: kind) }

    /// When it ends if nothing renews it (`LoginPolicy.sessionEnds`).
    var endsAt: Date { LoginPolicy.standard.sessionEnds(kind: sessionKind, createdAt: createdAt, lastSeen: lastSeenAt) }

    func expired(now: Date) -> Bool {
        LoginPolicy.standard.sessionExpired(kind: sessionKind, createdAt: createdAt, lastSeen: lastSeenAt, now: now)
    }
}
