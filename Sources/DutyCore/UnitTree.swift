/// Rules for changing the unit tree.
public enum UnitTree {
    public enum MoveError: Error, Equatable, Sendable {
        case ownAncestor
        public var message: String { "不能把单位设为它自己或其下级单位的下级" }
    }

    /// A unit may not be placed under itself or under one of its own subordinates.
    public static func checkMove(unit: UnitPath, newParent: UnitPath) -> Result<UnitPath, MoveError> {
        if unit.covers(newParent) { return .failure(.ownAncestor) }
        return .success(newParent.child(unit.ids.last ?? ""))
    }

    /// The path a subordinate gets when its ancestor moves from `old` to `new`.
    public static func rebase(_ path: UnitPath, from old: UnitPath, to new: UnitPath) -> UnitPath {
        guard old.covers(path) else { return path }
        return UnitPath(ids: new.ids + path.ids.dropFirst(old.ids.count))
    }
}

/// The kinds of unit in SPEC §0.
public enum UnitKind: String, CaseIterable, Codable, Sendable {
    case emergencyMinistry = "emergency_ministry"
    case emergencyProvince = "emergency_province"
    case emergencyCity = "emergency_city"
    case emergencyCounty = "emergency_county"
    case governmentDutyOffice = "government_duty_office"
    case memberDepartment = "member_department"

    public var title: String {
        switch self {
        case .emergencyMinistry: return "应急管理部"
        case .emergencyProvince: return "省级应急管理部门"
        case .emergencyCity: return "市级应急管理部门"
        case .emergencyCounty: return "县级应急管理部门"
        case .governmentDutyOffice: return "政府总值班室"
        case .memberDepartment: return "成员单位"
        }
    }

    /// Government levels carry a GB/T 2260 code; offices and departments may not.
    public var requiresDivisionCode: Bool {
        switch self {
        case .emergencyProvince, .emergencyCity, .emergencyCounty: return true
        default: return false
        }
    }
}

public enum EmploymentCategory: String, CaseIterable, Codable, Sendable {
    case established = "established"
    case temporary = "temporary"
    case rehiredRetiree = "rehired_retiree"
    case informal = "informal"

    public var title: String {
        switch self {
        case .established: return "正式在编"
        case .temporary: return "临聘"
        case .rehiredRetiree: return "退休返聘"
        case .informal: return "保安等非正式"
        }
    }

    /// S001 第八条, S004 一(一): only established staff may be scheduled for duty.
    public var mayBeScheduled: Bool { self == .established }

    public static func fromTitle(_ text: String) -> EmploymentCategory? {
        allCases.first { $0.title == text || $0.rawValue == text }
    }
}

/// GB/T 2260 codes are six digits.
public enum DivisionCode {
    public static func isValid(_ code: String) -> Bool {
        code.count == 6 && code.allSatisfy { $0.isASCII && $0.isNumber }
    }
}
