import DutyCore
import Fluent
import Foundation

final class UserAccount: Model, @unchecked Sendable {
    static let schema = "user_accounts"

    @ID(key: .id) var id: UUID?
    @Field(key: "username") var username: String
    @Field(key: "password_hash") var passwordHash: String
    @Field(key: "display_name") var displayName: String
    @Parent(key: "unit_id") var unit: OrgUnit
    @OptionalParent(key: "person_id") var person: Person?
    /// Comma-separated `Role` raw values.
    @Field(key: "roles") var roles: String
    @Field(key: "active") var active: Bool
    @Field(key: "failed_count") var failedCount: Int
    @OptionalField(key: "locked_until") var lockedUntil: Date?
    @OptionalField(key: "last_login_at") var lastLoginAt: Date?
    @Timestamp(key: "created_at", on: .none) var createdAt: Date?
    /// A wall display's pending enabling code (SHA-256) and when it was issued (M016).
    @OptionalField(key: "pairing_code_hash") var pairingCodeHash: String?
    @OptionalField(key: "pairing_issued_at") var pairingIssuedAt: Date?

    init() {}

    var roleList: [Role] { roles.split(separator: ",").compactMap { Role(rawValue: String($0)) } }

    /// A wall display account: it is enabled with a code, never with a password.
    var isDisplay: Bool { roleList.contains(.display) }
}
