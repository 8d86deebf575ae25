import XCTest

@testable import DutyCore

final class RolesTests: XCTestCase {
    /// The whole permission table, written out so that any change to `Role.allows` shows up here.
    private let expected: [Role: Set<Permission>] = [
        .dutyOfficer: [
            .readDirectory, .editPeople, .exportDirectory, .readIncidents, .reportIncidents, .approveReports, .viewRoster, .keepDutyLog, .reportAbsence,
            .watchBoard,
        ],
        .sectionLeader: [
            .readDirectory, .editPeople, .exportDirectory, .readIncidents, .reportIncidents, .approveReports, .viewRoster, .manageRoster, .keepDutyLog,
            .reportAbsence,
            .runRollCall, .watchBoard,
        ],
        .dutyLeader: [
            .readDirectory, .editPeople, .exportDirectory, .readIncidents, .reportIncidents, .approveReports, .signOffReports, .viewRoster, .manageRoster,
            .keepDutyLog, .reportAbsence, .runRollCall, .watchBoard,
        ],
        .unitHead: [
            .readDirectory, .editPeople, .exportDirectory, .readIncidents, .reportIncidents, .approveReports, .signOffReports, .viewRoster, .manageRoster,
            .keepDutyLog, .reportAbsence, .runRollCall, .watchBoard,
        ],
        .unitAdmin: [
            .readDirectory, .editPeople, .editUnits, .importDirectory, .exportDirectory, .managePolicy, .viewRoster, .manageCalendar,
            .manageDisplays,
        ],
        .securityAdmin: [.readDirectory, .manageAccounts],
        .auditor: [.readAudit],
        .display: [.watchBoard],
    ]

    func testAWallDisplayIsAlwaysAloneOnItsAccount() {
        XCTAssertEqual(try RoleSet([.display]).permissions, [.watchBoard])
        XCTAssertThrowsError(try RoleSet([.display, .dutyOfficer])) { XCTAssertEqual($0 as? RoleError, .displayAlone) }
        XCTAssertThrowsError(try RoleSet([.display, .auditor])) { XCTAssertEqual($0 as? RoleError, .displayAlone) }
        XCTAssertFalse(Role.display.isSeparatedDuty)
    }

    func testPermissionTableIsExact() {
        XCTAssertEqual(Set(expected.keys), Set(Role.allCases), "every role has a row")
        for role in Role.allCases {
            for permission in Permission.allCases {
                XCTAssertEqual(
                    role.allows(permission), expected[role]!.contains(permission),
                    "\(role.rawValue) / \(permission.rawValue)")
            }
        }
    }

    func testDutyRolesReadEditAndExportButNothingAdministrative() {
        for role in [Role.dutyOfficer, .sectionLeader, .dutyLeader, .unitHead] {
            XCTAssertTrue(role.allows(.readDirectory), role.rawValue)
            XCTAssertTrue(role.allows(.editPeople), role.rawValue)
            XCTAssertTrue(role.allows(.exportDirectory), role.rawValue)
            XCTAssertFalse(role.allows(.editUnits), role.rawValue)
            XCTAssertFalse(role.allows(.importDirectory), role.rawValue)
            XCTAssertFalse(role.allows(.manageAccounts), role.rawValue)
            XCTAssertFalse(role.allows(.readAudit), role.rawValue)
            XCTAssertFalse(role.isSeparatedDuty, role.rawValue)
        }
    }

    func testUnitAdminSeesNoIncidentContent() {
        for permission in [Permission.readIncidents, .reportIncidents, .signOffReports, .approveReports, .manageAccounts, .readAudit] {
            XCTAssertFalse(Role.unitAdmin.allows(permission), permission.rawValue)
        }
    }

    func testOnlyTheDutyBureauLeaderAndTheHeadSignOff() {
        XCTAssertEqual(Set(Role.allCases.filter { $0.allows(.signOffReports) }), [.dutyLeader, .unitHead])
    }

    /// The duty desk is the duty roles' work; the separated administrative duties never keep it.
    func testOnlyDutyRolesKeepTheDeskAndOnlyLeadersStartRollCalls() {
        for permission in [Permission.keepDutyLog, .reportAbsence] {
            XCTAssertEqual(Set(Role.allCases.filter { $0.allows(permission) }), [.dutyOfficer, .sectionLeader, .dutyLeader, .unitHead], permission.rawValue)
        }
        XCTAssertEqual(Set(Role.allCases.filter { $0.allows(.runRollCall) }), [.sectionLeader, .dutyLeader, .unitHead])
    }

    func testSecurityAdminManagesAccountsAndOnlyReadsDirectory() {
        let allowed = Permission.allCases.filter { Role.securityAdmin.allows($0) }
        XCTAssertEqual(Set(allowed), [.manageAccounts, .readDirectory])
    }

    func testAuditorOnlyReadsAudit() {
        let allowed = Permission.allCases.filter { Role.auditor.allows($0) }
        XCTAssertEqual(allowed, [.readAudit])
    }

    func testOnlyAuditorReadsAuditAndOnlySecurityAdminManagesAccounts() {
        XCTAssertEqual(Role.allCases.filter { $0.allows(.readAudit) }, [.auditor])
        XCTAssertEqual(Role.allCases.filter { $0.allows(.manageAccounts) }, [.securityAdmin])
    }

    /// The officer on the roster does not draw it up; the calendar is reference data for administrators.
    func testRosterPermissions() {
        XCTAssertEqual(Set(Role.allCases.filter { $0.allows(.manageRoster) }), [.sectionLeader, .dutyLeader, .unitHead])
        XCTAssertEqual(Role.allCases.filter { $0.allows(.manageCalendar) }, [.unitAdmin])
        XCTAssertFalse(Role.auditor.allows(.viewRoster))
        XCTAssertFalse(Role.securityAdmin.allows(.viewRoster))
    }

    func testSeparatedDuties() {
        XCTAssertEqual(Set(Role.allCases.filter(\.isSeparatedDuty)), [.unitAdmin, .securityAdmin, .auditor])
    }

    func testTitles() {
        XCTAssertEqual(Role.dutyOfficer.title, "值班员")
        XCTAssertEqual(Role.unitAdmin.title, "单位管理员")
        XCTAssertEqual(Role.securityAdmin.title, "安全管理员")
        XCTAssertEqual(Role.auditor.title, "审计员")
        XCTAssertEqual(Set(Role.allCases.map(\.title)).count, Role.allCases.count, "titles are distinct")
    }

    // MARK: RoleSet

    private func separationError(_ roles: [Role], file: StaticString = #filePath, line: UInt = #line) -> RoleError? {
        do {
            let set = try RoleSet(roles)
            XCTFail("accepted \(set.roles.map(\.rawValue))", file: file, line: line)
            return nil
        } catch let error as RoleError {
            return error
        } catch {
            XCTFail("unexpected error \(error)", file: file, line: line)
            return nil
        }
    }

    func testAdminAndAuditorRejected() {
        let error = separationError([.unitAdmin, .auditor])
        XCTAssertEqual(error, .separationOfDuties([.auditor, .unitAdmin]))
        let message = error?.message ?? ""
        XCTAssertTrue(message.hasPrefix("三员分立"), message)
        XCTAssertTrue(message.contains("单位管理员"), message)
        XCTAssertTrue(message.contains("审计员"), message)
        XCTAssertEqual(message, "三员分立：审计员、单位管理员不能由同一账号兼任")
    }

    func testAdminAndSecurityAdminRejected() {
        let error = separationError([.securityAdmin, .unitAdmin])
        XCTAssertEqual(error, .separationOfDuties([.securityAdmin, .unitAdmin]))
        let message = error?.message ?? ""
        XCTAssertTrue(message.contains("三员分立"), message)
        XCTAssertTrue(message.contains("安全管理员"), message)
        XCTAssertTrue(message.contains("单位管理员"), message)
    }

    func testSecurityAdminAndAuditorRejected() {
        let error = separationError([.auditor, .securityAdmin])
        XCTAssertEqual(error, .separationOfDuties([.auditor, .securityAdmin]))
        let message = error?.message ?? ""
        XCTAssertTrue(message.contains("三员分立"), message)
        XCTAssertTrue(message.contains("安全管理员"), message)
        XCTAssertTrue(message.contains("审计员"), message)
    }

    func testAllThreeRejectedEvenWithADutyRole() {
        let error = separationError([.dutyOfficer, .unitAdmin, .securityAdmin, .auditor])
        XCTAssertEqual(error, .separationOfDuties([.auditor, .securityAdmin, .unitAdmin]))
    }

    func testEmptyRejected() {
        XCTAssertThrowsError(try RoleSet([])) { error in
            XCTAssertEqual(error as? RoleError, .empty)
            XCTAssertEqual((error as? RoleError)?.message, "至少要指定一个角色")
        }
    }

    func testDutyOfficerWithUnitAdminAccepted() throws {
        let set = try RoleSet([.dutyOfficer, .unitAdmin])
        XCTAssertEqual(set.roles, [.dutyOfficer, .unitAdmin])
        XCTAssertTrue(set.allows(.editUnits), "from unit admin")
        XCTAssertTrue(set.allows(.editPeople))
        XCTAssertFalse(set.allows(.manageAccounts))
        XCTAssertFalse(set.allows(.readAudit))
    }

    func testDutyRoleWithEachSingleSeparatedDutyAccepted() throws {
        for admin in [Role.unitAdmin, .securityAdmin, .auditor] {
            let set = try RoleSet([.dutyLeader, .sectionLeader, admin])
            XCTAssertTrue(set.roles.contains(admin))
        }
    }

    func testDuplicatesCollapse() throws {
        let set = try RoleSet([.auditor, .auditor])
        XCTAssertEqual(set.roles, [.auditor])
        XCTAssertTrue(set.allows(.readAudit))
        XCTAssertFalse(set.allows(.readDirectory), "an auditor alone cannot read the directory")
    }

    func testRoleSetAllowsIsTheUnionOfItsRoles() throws {
        let set = try RoleSet([.dutyOfficer, .securityAdmin])
        for permission in Permission.allCases {
            XCTAssertEqual(
                set.allows(permission), Role.dutyOfficer.allows(permission) || Role.securityAdmin.allows(permission),
                permission.rawValue)
        }
    }

    func testRawValuesAreStable() {
        XCTAssertEqual(Role(rawValue: "duty_officer"), .dutyOfficer)
        XCTAssertEqual(Role(rawValue: "unit_admin"), .unitAdmin)
        XCTAssertEqual(Role(rawValue: "security_admin"), .securityAdmin)
        XCTAssertEqual(Role(rawValue: "auditor"), .auditor)
        XCTAssertNil(Role(rawValue: "admin"))
    }
}
