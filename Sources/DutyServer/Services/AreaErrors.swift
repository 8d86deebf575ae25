import DutyCore
import Foundation
import Vapor

// Every refusal an area answers with besides bad input (`DutyError.invalid`) and a missing
// record (`DutyError.notFound`): one case per situation, its code stable for API clients,
// its message what the officer does next. `examples` lists one of each for the catalogue test.

/// Incidents and their reports.
enum IncidentError: DutyFailure {
    case alreadyFinal
    case noSourceReport
    /// The unit has no superior to report to (`own`: the holder itself, not the chosen receiver).
    case noSuperior(own: Bool)
    case alreadyNotified
    case responseAlreadyEnded
    /// The case to attach to is not an open case of a superior about the actor's area.
    case noSuchCaseToAttach
    /// The report workflow's refusal: the role or the unit (403), or the state (409).
    case refused(ReportWorkflow.Refusal)
    case attachment(AttachmentPolicy.Refusal)

    static let examples: [IncidentError] = [
        .attachment(.empty),
        .alreadyFinal, .noSourceReport, .noSuperior(own: true), .alreadyNotified, .responseAlreadyEnded, .noSuchCaseToAttach,
        .refused(.init(reason: .state, code: "wrong_state", message: "该报告当前为“已报送”，不能签发")),
    ]

    var code: String {
        switch self {
        case .alreadyFinal: return "already_final"
        case .noSourceReport: return "no_source_report"
        case .noSuperior: return "no_superior"
        case .alreadyNotified: return "already_notified"
        case .responseAlreadyEnded: return "already_ended"
        case .noSuchCaseToAttach: return "no_such_case"
        case .refused(let r): return r.code
        case .attachment(let r): return r.code
        }
    }

    var status: HTTPResponseStatus {
        switch self {
        case .refused(let r): return r.reason == .state ? .conflict : .forbidden
        case .attachment: return .unprocessableEntity
        default: return .conflict
        }
    }

    var message: String {
        switch self {
        case .alreadyFinal: return "该事件已终报，不能再续报"
        case .noSourceReport: return "没有可依据的报告"
        case .noSuperior(let own): return own ? "本单位没有上级单位可报送" : "没有上级单位可报送"
        case .alreadyNotified: return "已记录首次电话/传真报告时间"
        case .responseAlreadyEnded: return "已记录响应结束"
        case .noSuchCaseToAttach: return "要关联的事件不存在、已办结，或不是上级掌握的本地区同类事件；请重新选择或作为新事件登记"
        case .refused(let r): return r.message
        case .attachment(let r): return r.message
        }
    }
}

/// Rosters, their filing and swaps.
enum RosterError: DutyFailure {
    /// A filed month is what the superior relies on: changes go through a swap.
    case filed(year: Int, month: Int, filedAt: Date?)
    case alreadyFiled(RosterMonthKey)
    case empty(RosterMonthKey)
    case hasProblems(count: Int, gaps: Int, shown: String, details: [DutyError.FieldProblem])
    case noRotation
    case pattern(RosterAutoFill.PatternError)
    case swapNeedsFiledMonth
    case swapNotYours
    /// The swap itself breaks a roster rule (422), or the step is not this person's or not now (409).
    case swapRefused(RosterSwap.Refusal)
    case swapStep(RosterSwap.Refusal)

    static let examples: [RosterError] = [
        .filed(year: 2026, month: 12, filedAt: nil), .alreadyFiled(RosterMonthKey(year: 2026, month: 12)!),
        .empty(RosterMonthKey(year: 2026, month: 12)!), .hasProblems(count: 1, gaps: 1, shown: "12月1日白班缺值班员", details: []), .noRotation,
        .swapNeedsFiledMonth, .swapNotYours,
    ]

    var code: String {
        switch self {
        case .filed, .alreadyFiled: return "roster_already_filed"
        case .empty: return "roster_empty"
        case .hasProblems: return "roster_has_problems"
        case .noRotation: return "roster_no_rotation"
        case .pattern(let e): return e.code
        case .swapNeedsFiledMonth: return "roster_not_filed"
        case .swapNotYours: return "swap_not_yours"
        case .swapRefused(let r), .swapStep(let r): return r.code
        }
    }

    var status: HTTPResponseStatus {
        switch self {
        case .filed, .alreadyFiled, .swapNeedsFiledMonth, .swapNotYours, .swapStep: return .conflict
        case .empty, .hasProblems, .noRotation, .pattern, .swapRefused: return .unprocessableEntity
        }
    }

    var message: String {
        switch self {
        case .filed(let year, let month, let at):
            let when = at.map { ShanghaiTime.format($0, "M月d日 HH:mm") } ?? ""
            return "\(year)年\(month)月值班表已于\(when)报备，不能再直接修改；人员变化请办理调班"
        case .alreadyFiled(let key): return "\(key.title)值班表已报备"
        case .empty(let key): return "\(key.title)值班表还没有排人，不能报备"
        case .hasProblems(let count, let gaps, let shown, _): return "值班表还有\(count)处问题（其中空缺\(gaps)处），改正后才能报备：\(shown)"
        case .noRotation: return "尚未设置轮值名单：请先在排班设置中为带班领导、值班科(处)领导、值班员分别列出轮值人员"
        case .pattern(let e): return e.message
        case .swapNeedsFiledMonth: return "该月值班表尚未报备，可直接修改值班表，无需调班"
        case .swapNotYours: return "只能为自己的班次申请调班（值班科(处)领导可代为申请）"
        case .swapRefused(let r), .swapStep(let r): return r.message
        }
    }

    var details: [DutyError.FieldProblem] {
        if case .hasProblems(_, _, _, let d) = self { return d }
        return []
    }
}

/// The duty desk: handovers, roll calls, leaders' absences.
enum DutyDeskError: DutyFailure {
    case handoverPending
    case handover(HandoverRule.Problem)
    case itemAlreadyClosed
    case absenceReturned(changing: Bool)
    case rollCallStarted
    case noSubordinatesToCall
    case notCalled
    case alreadyAnswered
    /// The officer handing over or taking over is not on the roster for the shift and gave no
    /// reason for standing in; `onDuty` names who is.
    case notOnRoster(onDuty: [String])

    static let examples: [DutyDeskError] = [
        .handoverPending, .handover(.sameOfficer), .handover(.alreadyConfirmed), .itemAlreadyClosed, .absenceReturned(changing: true),
        .rollCallStarted, .noSubordinatesToCall, .notCalled, .alreadyAnswered, .notOnRoster(onDuty: ["张三"]),
    ]

    var code: String {
        switch self {
        case .handoverPending: return "handover_pending"
        case .handover(let p): return p == .sameOfficer ? "same_officer" : "already_confirmed"
        case .itemAlreadyClosed: return "already_closed"
        case .absenceReturned: return "already_returned"
        case .rollCallStarted: return "already_started"
        case .noSubordinatesToCall: return "no_subordinates"
        case .notCalled: return "not_called"
        case .alreadyAnswered: return "already_answered"
        case .notOnRoster: return "not_on_roster"
        }
    }

    var status: HTTPResponseStatus { .conflict }

    var message: String {
        switch self {
        case .handoverPending: return "上一班的交接尚未由接班人确认，请先完成确认"
        case .handover(let p): return p.message
        case .itemAlreadyClosed: return "该待办事项已办结"
        case .absenceReturned(let changing): return changing ? "已销假的报备不能再变更，如再次外出请重新报备" : "该领导已销假"
        case .rollCallStarted: return "点名已开始"
        case .noSubordinatesToCall: return "本单位没有可点名的下级应急管理部门值班室"
        case .notCalled: return "本单位不在这次点名之列，无需应答"
        case .alreadyAnswered: return "本单位已应答这次点名"
        case .notOnRoster(let names):
            return "您不在本班次的排班表上（本班次排班：\(names.joined(separator: "、"))）。如为代班，请填写代班原因后再提交"
        }
    }
}

/// Units and people.
enum DirectoryError: DutyFailure {
    case duplicateCode(String, usedBy: String)
    case deactivateOwnUnit
    case hasActiveChildren(Int)

    static let examples: [DirectoryError] = [.duplicateCode("411023", usedBy: "建安区应急管理局"), .deactivateOwnUnit, .hasActiveChildren(2)]

    var code: String {
        switch self {
        case .duplicateCode: return "duplicate_code"
        case .deactivateOwnUnit: return "own_unit"
        case .hasActiveChildren: return "has_active_children"
        }
    }

    var status: HTTPResponseStatus { .conflict }

    var message: String {
        switch self {
        case .duplicateCode(let code, let name): return "行政区划代码 \(code) 已被“\(name)”使用"
        case .deactivateOwnUnit: return "不能停用本单位自身"
        case .hasActiveChildren(let n): return "该单位还有\(n)个在用的下级单位，请先停用下级单位"
        }
    }
}

/// Accounts.
enum AccountError: DutyFailure {
    case duplicateUsername(String)
    case deactivateOwnAccount

    static let examples: [AccountError] = [.duplicateUsername("xc_duty"), .deactivateOwnAccount]

    var code: String {
        switch self {
        case .duplicateUsername: return "duplicate_username"
        case .deactivateOwnAccount: return "own_account"
        }
    }

    var status: HTTPResponseStatus { .conflict }

    var message: String {
        switch self {
        case .duplicateUsername(let name): return "用户名 \(name) 已存在"
        case .deactivateOwnAccount: return "不能停用自己的账号"
        }
    }
}

/// Wall displays (值班大屏).
enum DisplayError: DutyFailure {
    /// The enabling code typed on the screen is unknown, used or older than its ten minutes.
    case codeNotValid
    /// An officer's account cannot be turned into a display or back, nor given the display role.
    case displayRoleIsTheAdministrators

    static let examples: [DisplayError] = [.codeNotValid, .displayRoleIsTheAdministrators]

    var code: String {
        switch self {
        case .codeNotValid: return "display_code_invalid"
        case .displayRoleIsTheAdministrators: return "display_role_reserved"
        }
    }

    var status: HTTPResponseStatus { self == .codeNotValid ? .unprocessableEntity : .conflict }

    var message: String {
        switch self {
        case .codeNotValid: return "启用码无效、已使用或已过期（生成后10分钟内有效，只能使用一次），请单位管理员在“值班大屏”页重新生成"
        case .displayRoleIsTheAdministrators: return "值班大屏账号由单位管理员在“值班大屏”页创建和停用，不能在账号管理中设置或更改"
        }
    }
}

/// Reporting policies.
enum PolicyError: DutyFailure {
    /// The change would rewrite a version already in force: evidence for incidents received
    /// under it.
    case rewritesThePast([String])

    static let examples: [PolicyError] = [.rewritesThePast(["第1版已于2024-01-01 00:00生效，不能修改；请新增一个版本"])]

    var code: String { "policy_version_in_force" }
    var status: HTTPResponseStatus { .conflict }
    var message: String {
        switch self {
        case .rewritesThePast(let problems): return "已生效的报送时限版本不能修改，只能新增从现在或以后生效的版本：" + problems.joined(separator: "；")
        }
    }
    var details: [DutyError.FieldProblem] {
        switch self {
        case .rewritesThePast(let problems): return problems.map { .init(field: "policy", message: $0) }
        }
    }
}
