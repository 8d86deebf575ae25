import DutyCore
import Fluent
import Foundation

final class OrgUnit: Model, @unchecked Sendable {
    static let schema = "units"

    @ID(key: .id) var id: UUID?
    @OptionalField(key: "code") var code: String?
    @Field(key: "name") var name: String
    @Field(key: "kind") var kind: String
    @OptionalField(key: "parent_id") var parentID: UUID?
    /// "/rootID/…/selfID/": the access rule and subtree queries work on this.
    @Field(key: "path") var path: String
    @Field(key: "duty_phone") var dutyPhone: String
    @Field(key: "fax") var fax: String
    @Field(key: "email") var email: String
    @Field(key: "active") var active: Bool
    @Field(key: "search_key") var searchKey: String
    @Timestamp(key: "created_at", on: .none) var createdAt: Date?
    @Timestamp(key: "updated_at", on: .none) var updatedAt: Date?

    init() {}

    var unitPath: UnitPath { UnitPath(path) ?? UnitPath(ids: []) }
    var unitKind: UnitKind { UnitKind(rawValue: kind) ?? .memberDepartment }
}
