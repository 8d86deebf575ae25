/// The roles of SPEC §0. A duty role and an administrative duty may sit on one account,
/// but the three administrative duties (系统管理员, 安全管理员, 审计员) never share one:
/// GB/T 22239 level 3 separates them so no single account can act and hide the act.
public enum Role: String, CaseIterable, Codable, Sendable {
    case dutyOfficer = "duty_officer"
    case sectionLeader = "section_leader"
    case dutyLeader = "duty_leader"
    case unitHead = "unit_head"
    case unitAdmin = "unit_admin"
    case securityAdmin = "security_admin"
    case auditor = "auditor"

    public var title: String {
        switch self {
        case .dutyOfficer: return "值班员"
        case .sectionLeader: return "值班科(处)领导"
        case .dutyLeader: return "带班领导"
        case .unitHead: return "主要负责同志"
        case .unitAdmin: return "单位管理员"
        case .securityAdmin: return "安全管理员"
        case .auditor: return "审计员"
        }
    }

    /// The separated administrative duties.
    public var isSeparatedDuty: Bool {
        switch self {
        case .unitAdmin, .securityAdmin, .auditor: return true
        default: return false
        }
    }
}

/// What a request may do. Every route names one; `Role.allows` is the single table.
public enum Permission: String, CaseIterable, Sendable {
    case readDirectory
    case editPeople
    case editUnits
    case importDirectory
    case exportDirectory
    case manageAccounts
    case readAudit
}

extension Role {
    public func allows(_ permission: Permission) -> Bool {
        switch (self, permission) {
        case (.auditor, .readAudit): return true
        case (.auditor, _): return false
        case (_, .readAudit): return false
        case (.securityAdmin, .manageAccounts), (.securityAdmin, .readDirectory): return true
        case (.securityAdmin, _): return false
        case (_, .manageAccounts): return false
        case (.unitAdmin, _): return true
        case (_, .editUnits), (_, .importDirectory): return false
        case (.dutyOfficer, _), (.sectionLeader, _), (.dutyLeader, _), (.unitHead, _): return true
        }
    }
}

public struct RoleSet: Equatable, Sendable {
    public let roles: Set<Role>

    /// Fails when the set is empty or combines two separated administrative duties.
    public init(_ roles: [Role]) throws {
        let set = Set(roles)
        guard !set.isEmpty else { throw RoleError.empty }
        let separated = set.filter(\.isSeparatedDuty)
        guard separated.count <= 1 else {
            throw RoleError.separationOfDuties(separated.sorted { $0.rawValue < $1.rawValue })
        }
        self.roles = set
    }

    public func allows(_ permission: Permission) -> Bool {
        roles.contains { $0.allows(permission) }
    }
}

public enum RoleError: Error, Equatable, Sendable {
    case empty
    case separationOfDuties([Role])

    public var message: String {
        switch self {
        case .empty: return "至少要指定一个角色"
        case .separationOfDuties(let roles):
            return "三员分立：" + roles.map(\.title).joined(separator: "、") + "不能由同一账号兼任"
        }
    }
}
