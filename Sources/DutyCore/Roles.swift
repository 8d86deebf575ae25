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
    /// 值班大屏: the duty room's wall screen. It reads the board and its stream and nothing
    /// else, never writes, and is the only role on its account.
    case display = "display"

    public var title: String {
        switch self {
        case .dutyOfficer: return "值班员"
        case .sectionLeader: return "值班科(处)领导"
        case .dutyLeader: return "带班领导"
        case .unitHead: return "主要负责同志"
        case .unitAdmin: return "单位管理员"
        case .securityAdmin: return "安全管理员"
        case .auditor: return "审计员"
        case .display: return "值班大屏"
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
    /// See the unit's and its subordinates' incidents, reports and board.
    case readIncidents
    /// Record incidents, write reports, submit them, acknowledge what arrives.
    case reportIncidents
    /// 审核签发 (S001 第十五条): the duty bureau leader signs reports to superiors.
    case signOffReports
    /// 核准 (S000 四): the government general duty office approves sensitive reports.
    case approveReports
    /// Set the unit's reporting policy.
    case managePolicy
    /// See the unit's and its subordinates' duty rosters, who is on duty, the working-day calendar.
    case viewRoster
    /// Draw up the unit's roster (值排班), its shift pattern and rest rules, training and absence
    /// records, and file it (报备). The duty section and the leaders do this, not the officer who
    /// is scheduled by it.
    case manageRoster
    /// Enter a year's State Council holiday notice into the working-day calendar.
    case manageCalendar
    /// 值班日志与交接班 (S001 第十一条、第十三条): the duty desk's own record, and answering a
    /// superior's roll call.
    case keepDutyLog
    /// 点名 (S000 二): start a roll call of the subordinate duty rooms and set its daily
    /// schedule — the duty room's leaders organise it, officers answer it.
    case runRollCall
    /// 领导外出报备 (S001 第十条): record, change and close a leader's absence, and see who is
    /// away across the subordinates.
    case reportAbsence
    /// The board and its live stream, read only: every duty role, and the wall display, which
    /// has nothing else.
    case watchBoard
    /// Create the unit's wall display accounts, enable a screen and revoke it: the unit
    /// administrator's.
    case manageDisplays
}

extension Role {
    /// The whole table. Duty roles work the desk; the three separated administrative duties
    /// (系统管理员, 安全管理员, 审计员) see no incident content.
    public var permissions: Set<Permission> {
        let directory: Set<Permission> = [.readDirectory, .editPeople, .exportDirectory]
        let desk: Set<Permission> = [.readIncidents, .reportIncidents, .approveReports, .viewRoster, .keepDutyLog, .reportAbsence, .watchBoard]
        switch self {
        case .dutyOfficer: return directory.union(desk)
        case .sectionLeader: return directory.union(desk).union([.manageRoster, .runRollCall])
        case .dutyLeader, .unitHead: return directory.union(desk).union([.signOffReports, .manageRoster, .runRollCall])
        case .unitAdmin: return directory.union([.editUnits, .importDirectory, .managePolicy, .viewRoster, .manageCalendar, .manageDisplays])
        case .securityAdmin: return [.readDirectory, .manageAccounts]
        case .auditor: return [.readAudit]
        case .display: return [.watchBoard]
        }
    }

    public func allows(_ permission: Permission) -> Bool { permissions.contains(permission) }
}

public struct RoleSet: Equatable, Sendable {
    public let roles: Set<Role>

    /// Fails when the set is empty or combines two separated administrative duties.
    public init(_ roles: [Role]) throws {
        let set = Set(roles)
        guard !set.isEmpty else { throw RoleError.empty }
        guard !set.contains(.display) || set.count == 1 else { throw RoleError.displayAlone }
        let separated = set.filter(\.isSeparatedDuty)
        guard separated.count <= 1 else {
            throw RoleError.separationOfDuties(separated.sorted { $0.rawValue < $1.rawValue })
        }
        self.roles = set
    }

    public func allows(_ permission: Permission) -> Bool {
        roles.contains { $0.allows(permission) }
    }

    /// Everything any of the roles may do.
    public var permissions: Set<Permission> { roles.reduce(into: []) { $0.formUnion($1.permissions) } }
}

public enum RoleError: Error, Equatable, Sendable {
    case empty
    case separationOfDuties([Role])
    /// A wall display account holds no other role: a screen on the wall never acts.
    case displayAlone

    public var message: String {
        switch self {
        case .displayAlone: return "值班大屏账号只能显示看板，不能兼任其他角色"
        case .empty: return "至少要指定一个角色"
        case .separationOfDuties(let roles):
            return "三员分立：" + roles.map(\.title).joined(separator: "、") + "不能由同一账号兼任"
        }
    }
}
