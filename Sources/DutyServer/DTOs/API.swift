import DutyCore
import Foundation
import Vapor

struct LoginRequest: Content {
    var username: String
    var password: String
}

struct LoginResponse: Content {
    var token: String
    var tokenType: String
    var expiresAfterIdleSeconds: Int
    var user: MeDTO
}

struct MeDTO: Content {
    var id: UUID
    var username: String
    var displayName: String
    var roles: [Role]
    var unit: UnitDTO
}

struct UnitDTO: Content {
    var id: UUID
    var code: String?
    var name: String
    var kind: UnitKind
    var kindTitle: String
    var parentId: UUID?
    var dutyPhone: String
    var fax: String
    var email: String
    var active: Bool

    init(_ u: OrgUnit) {
        id = u.id!
        code = u.code
        name = u.name
        kind = u.unitKind
        kindTitle = u.unitKind.title
        parentId = u.parentID
        dutyPhone = u.dutyPhone
        fax = u.fax
        email = u.email
        active = u.active
    }
}

struct UnitInput: Content {
    var code: String?
    var name: String
    var kind: UnitKind
    var parentId: UUID
    var dutyPhone: String?
    var fax: String?
    var email: String?
}

struct UnitPatch: Content {
    var code: String?
    var name: String?
    var kind: UnitKind?
    var parentId: UUID?
    var dutyPhone: String?
    var fax: String?
    var email: String?
}

struct PersonDTO: Content {
    var id: UUID
    var unitId: UUID
    var unitName: String
    var name: String
    var position: String
    var officePhone: String
    var mobile: String
    var fax: String
    var email: String
    var category: EmploymentCategory
    var categoryTitle: String
    var active: Bool
    var lastVerifiedAt: Date?
    var verifiedWithinSixMonths: Bool

    init(_ p: Person, unit: OrgUnit, now: Date) {
        id = p.id!
        unitId = unit.id!
        unitName = unit.name
        name = p.name
        position = p.position
        officePhone = p.officePhone
        mobile = p.mobile
        fax = p.fax
        email = p.email
        category = EmploymentCategory(rawValue: p.category) ?? .established
        categoryTitle = category.title
        active = p.active
        lastVerifiedAt = p.lastVerifiedAt
        verifiedWithinSixMonths = Freshness.isFresh(lastVerified: p.lastVerifiedAt, now: now)
    }
}

struct PersonInput: Content {
    var unitId: UUID
    var name: String
    var position: String?
    var officePhone: String?
    var mobile: String?
    var fax: String?
    var email: String?
    var category: EmploymentCategory?
}

struct PersonPatch: Content {
    var unitId: UUID?
    var name: String?
    var position: String?
    var officePhone: String?
    var mobile: String?
    var fax: String?
    var email: String?
    var category: EmploymentCategory?
}

struct PeoplePage: Content {
    var items: [PersonDTO]
    var total: Int
}

struct HistoryEntryDTO: Content {
    var seq: Int64
    var at: Date
    var actor: String
    var action: String
    var changes: [String: FieldChanges.Change]
}

struct FreshnessDTO: Content {
    var unitId: UUID
    var verified: Int
    var total: Int
    var percent: Double
}

struct ImportResultDTO: Content {
    var imported: Int
    var encoding: String
}

struct UserDTO: Content {
    var id: UUID
    var username: String
    var displayName: String
    var unitId: UUID
    var roles: [Role]
    var active: Bool
    var lockedUntil: Date?
    var lastLoginAt: Date?

    init(_ u: UserAccount) {
        id = u.id!
        username = u.username
        displayName = u.displayName
        unitId = u.$unit.id
        roles = u.roleList
        active = u.active
        lockedUntil = u.lockedUntil
        lastLoginAt = u.lastLoginAt
    }
}

struct UserInput: Content {
    var username: String
    var displayName: String
    var password: String
    var unitId: UUID
    var roles: [Role]
    /// The directory entry of the person who uses the account (their own shifts and swaps).
    var personId: UUID?
}

struct UserPatch: Content {
    var displayName: String?
    var roles: [Role]?
    var active: Bool?
    var password: String?
}

struct PasswordChange: Content {
    var currentPassword: String
    var newPassword: String
}

struct AuditEntryDTO: Content {
    var seq: Int64
    var at: Date
    var actor: String
    var unitPath: String
    var action: String
    var targetType: String
    var targetId: String
    var outcome: String
    var detail: String
    var ip: String
    var hash: String
}

struct AuditPage: Content {
    var items: [AuditEntryDTO]
    var nextBefore: Int64?
}

struct AuditVerifyDTO: Content {
    var intact: Bool
    var checked: Int
    var message: String
}
