import Foundation

/// A report's route out of the unit (S001 第十五条 审核签发, S000 四 核准, S002 逐级报送): the
/// officer drafts it and asks the duty bureau leader to sign; a signed report goes up, or, when
/// a city's sensitive report needs it, to the city government general duty office first; the
/// receiving unit acknowledges it. The signing leader, or the approving office, may instead
/// return it with a reason (退回修改); the officer corrects the draft and asks again, every
/// returned version kept. Who may take a step depends on the role and on where the
/// actor's unit stands to the report: the unit that holds the record, the office beside it that
/// approves, or the unit it was sent to.
public enum ReportWorkflow {
    public enum Status: String, Codable, CaseIterable, Sendable {
        case draft
        case awaitingSignoff = "awaiting_signoff"
        case awaitingApproval = "awaiting_approval"
        case submitted
        case acknowledged
        /// Sent back by the signing leader or the approving office, awaiting the officer's correction.
        case returned

        public var title: String {
            switch self {
            case .returned: return "已退回修改"
            case .draft: return "草稿"
            case .awaitingSignoff: return "待签发"
            case .awaitingApproval: return "待总值班室核准"
            case .submitted: return "已报送"
            case .acknowledged: return "已签收"
            }
        }
    }

    public enum Step: String, Codable, CaseIterable, Sendable {
        case requestSignoff = "request_signoff"
        case sign
        case approve
        case acknowledge
        /// 退回修改: the signing leader (before signing) or the approving office (before approving).
        case returnForCorrection = "return"
        /// The officer edits the draft, or corrects a returned report.
        case correct

        public var title: String {
            switch self {
            case .returnForCorrection: return "退回修改"
            case .correct: return "修改报告"
            case .requestSignoff: return "提交签发"
            case .sign: return "签发并报送"
            case .approve: return "核准并报送"
            case .acknowledge: return "签收"
            }
        }
    }

    /// Where the actor's unit stands to the report.
    public enum Relation: Sendable {
        /// The unit whose record of the case the report belongs to.
        case holder
        /// The city government general duty office beside the holder (S000 四).
        case approvingOffice
        /// The unit the report was submitted to.
        case receiver
    }

    public struct Actor: Sendable {
        public var permissions: Set<Permission>
        public var relations: Set<Relation>

        public init(permissions: Set<Permission>, relations: Set<Relation>) {
            self.permissions = permissions
            self.relations = relations
        }

        /// The relations of a unit to a report held by `holderUnitID` and sent to
        /// `submittedToUnitID`, for a unit of `kind` whose parent is `parentID`.
        public init(
            permissions: Set<Permission>, unitID: String, unitKind: UnitKind, parentID: String?, holderUnitID: String, submittedToUnitID: String?,
            needsApproval: Bool
        ) {
            var r: Set<Relation> = []
            if unitID == holderUnitID { r.insert(.holder) }
            if needsApproval && ReportRoute.isApprovingOffice(unitKind: unitKind, parentID: parentID, holderUnitID: holderUnitID) { r.insert(.approvingOffice) }
            if let to = submittedToUnitID, to == unitID { r.insert(.receiver) }
            self.init(permissions: permissions, relations: r)
        }
    }

    public struct Refusal: Error, Equatable, Sendable {
        public enum Reason: Sendable, Equatable {
            /// The actor's role does not include the step.
            case role
            /// The step belongs to another unit.
            case unit
            /// The report is not in a state the step applies to.
            case state
        }

        public let reason: Reason
        public let code: String
        public let message: String

        public init(reason: Reason, code: String, message: String) {
            self.reason = reason
            self.code = code
            self.message = message
        }
    }

    /// A leader who asks for sign-off signs at once: the request needs nobody else.
    public static func effective(_ step: Step, by actor: Actor) -> Step {
        step == .requestSignoff && actor.permissions.contains(.signOffReports) ? .sign : step
    }

    /// The status after `step`, or why the actor may not take it now.
    public static func next(_ status: Status, _ step: Step, needsApproval: Bool, by actor: Actor) -> Result<Status, Refusal> {
        func require(_ p: Permission) -> Refusal? {
            actor.permissions.contains(p) ? nil : Refusal(reason: .role, code: "forbidden", message: "您的角色无权\(step.title)")
        }
        func require(_ r: Relation, _ message: String) -> Refusal? {
            actor.relations.contains(r) ? nil : Refusal(reason: .unit, code: "not_own_unit", message: message)
        }
        func state(_ allowed: Set<Status>) -> Refusal? {
            allowed.contains(status) ? nil : Refusal(reason: .state, code: "wrong_state", message: "该报告当前为“\(status.title)”，不能\(step.title)")
        }
        let refusal: Refusal?
        let after: Status
        switch step {
        case .requestSignoff:
            refusal = require(.reportIncidents) ?? require(.holder, "只有事件所在单位可以提交本单位报告签发") ?? state([.draft])
            after = .awaitingSignoff
        case .sign:
            refusal = require(.signOffReports) ?? require(.holder, "只有事件所在单位的带班领导可以签发本单位报告") ?? state([.draft, .awaitingSignoff])
            after = needsApproval ? .awaitingApproval : .submitted
        case .approve:
            refusal = require(.approveReports) ?? require(.approvingOffice, "只有报告单位同级的市政府总值班室可以核准该报告") ?? state([.awaitingApproval])
            after = .submitted
        case .acknowledge:
            refusal = require(.reportIncidents) ?? require(.receiver, "只有接收该报告的单位可以签收") ?? state([.submitted])
            after = .acknowledged
        case .returnForCorrection:
            // Whoever holds the report at this point sends it back: the leader asked to sign, or
            // the office asked to approve.
            if status == .awaitingApproval {
                refusal = require(.approveReports) ?? require(.approvingOffice, "只有报告单位同级的市政府总值班室可以退回该报告")
            } else {
                refusal = require(.signOffReports) ?? require(.holder, "只有事件所在单位的带班领导可以退回本单位报告") ?? state([.awaitingSignoff])
            }
            after = .returned
        case .correct:
            refusal = require(.reportIncidents) ?? require(.holder, "只有事件所在单位可以修改本单位报告") ?? state([.draft, .returned])
            after = .draft
        }
        if let refusal { return .failure(refusal) }
        return .success(after)
    }

    /// The steps the actor can take now, in the order a page shows them: exactly those `next`
    /// allows.
    public static func allowedSteps(_ status: Status, needsApproval: Bool, for actor: Actor) -> [Step] {
        Step.allCases.filter {
            if case .success = next(status, $0, needsApproval: needsApproval, by: actor) { return true }
            return false
        }
    }
}
