import Fluent
import Foundation

final class Person: Model, @unchecked Sendable {
    static let schema = "people"

    @ID(key: .id) var id: UUID?
    @Parent(key: "unit_id") var unit: OrgUnit
    @Field(key: "name") var name: String
    @Field(key: "position") var position: String
    @Field(key: "office_phone") var officePhone: String
    @Field(key: "mobile") var mobile: String
    @Field(key: "fax") var fax: String
    @Field(key: "email") var email: String
    @Field(key: "category") var category: String
    @Field(key: "active") var active: Bool
    @OptionalField(key: "last_verified_at") var lastVerifiedAt: Date?
    /// Pinyin readings and initials of the name, for search ("zdl" finds 张栋利).
    @Field(key: "search_key") var searchKey: String
    /// Digits of every phone number, for fragment search.
    @Field(key: "phone_digits") var phoneDigits: String
    @Timestamp(key: "created_at", on: .none) var createdAt: Date?
    @Timestamp(key: "updated_at", on: .none) var updatedAt: Date?

    init() {}
}
