import DutyCore
import Foundation

// Contexts of the Leaf pages in Resources/Views. Every page gets `PageBase` fields
// (title, actor, nowText, nav) through `Page<Body>`, flattened by its encoder.

struct ActorView: Encodable {
    let username: String
    let displayName: String
    let unitID: String
    let unitName: String
    let unitCode: String?
    let roleTitles: [String]
    let csrf: String
    let canEditUnits: Bool
    let canEditPeople: Bool
    let canImport: Bool
    let canExport: Bool
    let canManageAccounts: Bool
    let canReadAudit: Bool
    let canReadIncidents: Bool
    let canReportIncidents: Bool
    let canViewRoster: Bool
    let canManageRoster: Bool
    let canKeepDutyLog: Bool
    let canRunRollCall: Bool
    let canReportAbsence: Bool
    let canReadDirectory: Bool
    let canManageDisplays: Bool
    let isDisplay: Bool

    init(_ a: Actor) {
        canManageDisplays = a.can(.manageDisplays)
        isDisplay = a.user.isDisplay
        canReadDirectory = a.can(.readDirectory)
        username = a.user.username
        displayName = a.user.displayName
        unitID = a.unit.id?.uuidString ?? ""
        unitName = a.unit.name
        unitCode = a.unit.code
        roleTitles = a.user.roleList.map(\.title)
        csrf = a.session.csrfToken
        canEditUnits = a.can(.editUnits)
        canEditPeople = a.can(.editPeople)
        canImport = a.can(.importDirectory)
        canExport = a.can(.exportDirectory)
        canManageAccounts = a.can(.manageAccounts)
        canKeepDutyLog = a.can(.keepDutyLog)
        canRunRollCall = a.can(.runRollCall)
        canReportAbsence = a.can(.reportAbsence)
        canReadAudit = a.can(.readAudit)
        canReadIncidents = a.can(.readIncidents)
        canReportIncidents = a.can(.reportIncidents)
        canViewRoster = a.can(.viewRoster)
        canManageRoster = a.can(.manageRoster)
    }
}

/// A page: the shared header fields plus the page's own `body` fields at top level.
struct Page<Body: Encodable>: Encodable {
    let title: String
    let nav: String
    let actor: ActorView?
    let nowText: String
    let body: Body

    enum CodingKeys: String, CodingKey { case title, nav, actor, nowText, clockKinds, fieldLimits }

    /// Every form's `maxlength`, from the field lists the services check against.
    struct FieldLimitsView: Encodable {
        let dutyLog = DutyLogField.maxLengths
        let handover = HandoverField.maxLengths
        let swap = SwapField.maxLengths
        let absence = AbsenceField.maxLengths
        let personRecord = PersonRecordField.maxLengths
        let directory = [
            "name": DirectoryRules.maxNameLength, "position": DirectoryRules.maxPositionLength, "unitName": DirectoryRules.maxUnitNameLength,
            "email": DirectoryRules.maxEmailLength,
        ]
    }

    /// The clock statuses with their words and urgency, for the page's countdowns: the script
    /// turns a clock overdue by these, never by words of its own.
    struct ClockKindView: Encodable {
        let code: String
        let title: String
        let urgency: Int
    }
    static var clockKinds: [ClockKindView] { ClockStatus.Kind.allCases.map { ClockKindView(code: $0.rawValue, title: $0.title, urgency: $0.urgency) } }

    func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(title, forKey: .title)
        try c.encode(nav, forKey: .nav)
        try c.encodeIfPresent(actor, forKey: .actor)
        try c.encode(nowText, forKey: .nowText)
        try c.encode(Self.clockKinds, forKey: .clockKinds)
        try c.encode(FieldLimitsView(), forKey: .fieldLimits)
        try body.encode(to: encoder)
    }
}

struct SelectOption: Encodable {
    let value: String
    let label: String
    var selected: Bool = false
}

struct LoginView: Encodable {
    let error: String?
    let username: String
    let next: String
    let loginCSRF: String
    let expired: Bool
    /// A form posted after the session ended: its fields ride through the login.
    var resume: [FormPair] = []
}

struct FormPair: Encodable {
    let name: String
    let value: String
}

/// After a login that carried a form: the form, sent on to where it was going.
struct ResumeView: Encodable {
    let action: String
    let csrf: String
    let fields: [FormPair]
}

struct UnitRow: Encodable {
    let id: String
    let code: String?
    let name: String
    let kind: String
    let kindTitle: String
    let parentID: String?
    let depth: Int
    let active: Bool
    let dutyPhone: String
    let fax: String
    let email: String
}

struct FreshnessView: Encodable {
    let verified: Int
    let total: Int
    let percent: Double
}

struct HomeView: Encodable {
    let unit: UnitRow
    let subordinateCount: Int
    let peopleCount: Int
    let freshness: FreshnessView
}

struct UnitsView: Encodable {
    let tree: [UnitRow]
    let kinds: [SelectOption]
    let parents: [SelectOption]
    let error: String?
}

struct PersonRow: Encodable {
    let id: String
    let name: String
    let position: String
    let unitID: String
    let unitName: String
    let officePhone: String
    let mobile: String
    let fax: String
    let email: String
    let category: String
    let categoryTitle: String
    let active: Bool
    let lastVerifiedText: String?
    let fresh: Bool
}

struct UnitPageView: Encodable {
    let unit: UnitRow
    let ancestors: [UnitRow]
    let children: [UnitRow]
    let people: [PersonRow]
    let freshness: FreshnessView
    let categories: [SelectOption]
    let kinds: [SelectOption]
    let history: [HistoryRow]
    let error: String?
}

struct DirectoryView: Encodable {
    let q: String
    let unitID: String
    let includeInactive: Bool
    let searched: Bool
    let results: [PersonRow]
    let units: [SelectOption]
}

struct HistoryRow: Encodable {
    let atText: String
    let actor: String
    let action: String
    let actionTitle: String
    let changes: [ChangeRow]
}

struct ChangeRow: Encodable {
    let field: String
    let from: String
    let to: String
}

struct PersonPageView: Encodable {
    let person: PersonRow
    let unitChain: [String]
    let history: [HistoryRow]
    let categories: [SelectOption]
    let units: [SelectOption]
    let error: String?
    let saved: Bool
    /// Training and absences, for those who see rosters.
    let duty: PersonDutyView?
}

struct PersonDutyView: Encodable {
    var awayKinds = AwayKind.allCases.map { SelectOption(value: $0.rawValue, label: $0.title) }
    struct Training: Encodable {
        let dateText: String
        let course: String
        let recordedBy: String
    }

    struct Away: Encodable {
        let kindTitle: String
        let fromText: String
        let toText: String
        let reason: String
    }

    let trainings: [Training]
    let absences: [Away]
    let canManage: Bool
    let today: String
}

struct ImportView: Encodable {
    let units: [SelectOption]
    let report: ImportReportView?
}

struct ImportReportView: Encodable {
    let ok: Bool
    let imported: Int
    let encoding: String
    let errors: [DutyError.FieldProblem]
}

struct AuditRowView: Encodable {
    let seq: Int64
    let atText: String
    let actor: String
    let actorName: String
    let unitName: String
    let action: String
    let actionTitle: String
    let targetType: String
    let targetTitle: String
    let targetName: String
    let targetID: String
    let targetLink: String
    let outcome: String
    let detail: String
    let ip: String
}

struct AuditActionGroupView: Encodable {
    let title: String
    let options: [SelectOption]
}

struct AuditView: Encodable {
    let entries: [AuditRowView]
    let actionGroups: [AuditActionGroupView]
    let action: String
    let actorFilter: String
    let outcome: String
    let from: String
    let to: String
    let nextBefore: Int64?
    let verification: String?
    let intact: Bool?
}

struct UserRowView: Encodable {
    let id: String
    let username: String
    let displayName: String
    let unitName: String
    let roleTitles: [String]
    let active: Bool
    let locked: Bool
    let lockedUntilText: String?
    let lastLoginText: String?
}

struct UsersView: Encodable {
    let users: [UserRowView]
    let roles: [SelectOption]
    let units: [SelectOption]
    let error: String?
    let notice: String?
}
