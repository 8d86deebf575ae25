import DutyCore
import Fluent
import Vapor

/// 值班大屏: the unit administrator's page of the room's wall screens, the screen's enabling
/// page, and the wall view itself.
struct DisplayWebController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        let admin = routes.guarded(.manageDisplays)
        admin.get("displays", use: list)
        admin.post("displays", use: create)
        admin.post("displays", ":id", "code", use: issueCode)
        admin.post("displays", ":id", "revoke", use: revoke)
        routes.get("display", "enable", use: enablePage)
        routes.post("display", "enable", use: enable)
        let wall = routes.guarded(.watchBoard)
        wall.get("display", use: wallPage)
        wall.get("display", "live", use: wallLive)
    }

    // MARK: the administrator's page

    func view(_ req: Request, error: String? = nil, issued: (UserAccount, String)? = nil) async throws -> DisplaysView {
        let ctx = try req.context()
        let screens = try await DisplayService.list(ctx: ctx)
        return DisplaysView(
            screens: screens.map { s in
                DisplayRowView(
                    id: s.account.id!.uuidString, name: s.account.displayName, username: s.account.username,
                    createdText: s.account.createdAt.map { ShanghaiTime.format($0, "yyyy-MM-dd HH:mm") } ?? "",
                    signedIn: s.session != nil, sinceText: s.session.map { ShanghaiTime.format($0.createdAt, "yyyy-MM-dd HH:mm") } ?? "",
                    untilText: s.session.map { ShanghaiTime.format($0.endsAt, "yyyy-MM-dd") } ?? "", codePending: s.codePending)
            }, error: error, issuedFor: issued?.0.displayName, issuedCode: issued.map { DisplayPairingCode.shown($0.1) },
            issuedLink: issued.map { "/display/enable?code=" + DisplayPairingCode.shown($0.1) },
            validMinutes: Int(DisplayPairingCode.validity / 60), lifetimeDays: Int(LoginPolicy.standard.displayLifetime / 86400))
    }

    func list(req: Request) async throws -> Response {
        try await req.page("displays", title: "值班大屏", nav: "displays", try await view(req))
    }

    struct CreateForm: Content { var name: String? }

    func create(req: Request) async throws -> Response {
        let form = try req.content.decode(CreateForm.self)
        do {
            let (user, code) = try await DisplayService.create(name: form.name ?? "", ctx: req.context())
            return try await req.page("displays", title: "值班大屏", nav: "displays", try await view(req, issued: (user, code)), status: .created)
        } catch let e as any DutyFailure where e.status.code < 500 {
            return try await req.page("displays", title: "值班大屏", nav: "displays", try await view(req, error: e.message), status: e.status)
        }
    }

    func issueCode(req: Request) async throws -> Response {
        let ctx = try req.context()
        let user = try await DisplayService.own(req.parameters.get("id", as: UUID.self), ctx: ctx)
        let code = try await DisplayService.issueCode(user, ctx: ctx)
        return try await req.page("displays", title: "值班大屏", nav: "displays", try await view(req, issued: (user, code)))
    }

    func revoke(req: Request) async throws -> Response {
        let ctx = try req.context()
        let user = try await DisplayService.own(req.parameters.get("id", as: UUID.self), ctx: ctx)
        try await DisplayService.revoke(user, ctx: ctx)
        return req.redirect(to: "/displays")
    }

    // MARK: the screen

    func enablePage(req: Request) async throws -> Response {
        try await Self.renderEnable(req, code: req.query[String.self, at: "code"] ?? "", error: nil, status: .ok)
    }

    static func renderEnable(_ req: Request, code: String, error: String?, status: HTTPResponseStatus) async throws -> Response {
        // Like the login page: a double-submit token, since the screen has no session yet.
        let token = Tokens.random()
        let res = try await req.page(
            "display_enable", title: "启用值班大屏", nav: "", DisplayEnableView(code: code, error: error, csrf: token), status: status)
        res.cookies[SessionCookie.loginCSRF] = SessionCookie.make(token, secure: false)
        return res
    }

    struct EnableForm: Content {
        var code: String?
        var _csrf: String?
    }

    func enable(req: Request) async throws -> Response {
        let form = try req.content.decode(EnableForm.self)
        guard constantTimeEqual(form._csrf ?? "", req.cookies[SessionCookie.loginCSRF]?.string ?? "") else {
            return try await Self.renderEnable(req, code: form.code ?? "", error: "页面已过期，请重新输入启用码", status: .ok)
        }
        do {
            let outcome = try await DisplayService.enable(typed: form.code ?? "", req: req)
            let res = req.redirect(to: "/display")
            // It outlives the browser being restarted: the screen comes back on its own.
            res.cookies[SessionCookie.name] = SessionCookie.make(outcome.token, secure: false, maxAge: Int(LoginPolicy.standard.displayLifetime))
            res.cookies[SessionCookie.loginCSRF] = SessionCookie.make("", secure: false, maxAge: 0)
            return res
        } catch let e as any DutyFailure where e.status.code < 500 {
            return try await Self.renderEnable(req, code: form.code ?? "", error: e.message, status: e.status)
        }
    }

    // MARK: the wall

    func wallView(_ req: Request) async throws -> WallView {
        let actor = try req.requireActor()
        let ctx = try req.context()
        let b = try await IncidentQuery.board(ctx: ctx)
        let byID = try await IncidentsWebController.incidents(of: b.awaitingAcknowledgement, on: req.db)
        let onDuty = RostersWebController.onDutyRows(try await RosterService.onDuty(under: actor.unit, subordinates: false, ctx: ctx))
        return WallView(
            unitName: actor.unit.name, generatedText: ShanghaiTime.format(req.now),
            arrivals: b.awaitingAcknowledgement.map { r in
                WallReportView(IncidentsWebController.reportRow(r, incident: byID[r.incidentId], unitName: byID[r.incidentId]?.unit.name ?? ""))
            },
            incidents: b.incidents.map { WallIncidentView(IncidentsWebController.row($0, actor: actor)) }, onDuty: onDuty)
    }

    func wallPage(req: Request) async throws -> Response {
        try await req.page("display", title: "值班大屏", nav: "display", try await wallView(req))
    }

    func wallLive(req: Request) async throws -> Response {
        try await req.page("display_live", title: "", nav: "display", try await wallView(req))
    }
}

struct DisplayRowView: Encodable {
    let id: String
    let name: String
    let username: String
    let createdText: String
    let signedIn: Bool
    let sinceText: String
    let untilText: String
    let codePending: Bool
}

struct DisplaysView: Encodable {
    let screens: [DisplayRowView]
    let error: String?
    /// Shown once, right after it was made: only its hash is kept.
    let issuedFor: String?
    let issuedCode: String?
    let issuedLink: String?
    let validMinutes: Int
    let lifetimeDays: Int
}

struct DisplayEnableView: Encodable {
    let code: String
    let error: String?
    let csrf: String
}

/// A report waiting for the unit's 签收, as the wall shows it: a classified one (密件) says only
/// that it is there — a screen on the wall is no place for its content.
struct WallReportView: Encodable {
    let id: String
    let unitName: String
    let title: String
    let kindTitle: String
    let submittedText: String
    let excerpt: String
    let classified: Bool
    let ackStage: String
    let ackTitle: String
    let ackDueISO: String

    init(_ r: ReportRowView) {
        id = r.id
        unitName = r.unitName
        classified = r.classified
        title = ClassifiedMarking.onTheWall(r.incidentTitle, classified: r.classified, placeholder: ClassifiedMarking.offTheWall)
        excerpt = ClassifiedMarking.onTheWall(r.excerpt, classified: r.classified)
        kindTitle = r.kindTitle
        submittedText = r.submittedText
        ackStage = r.ackStage
        ackTitle = r.ackTitle
        ackDueISO = r.ackDueISO
    }
}

struct WallIncidentView: Encodable {
    let id: String
    let title: String
    let unitName: String
    let levelTitle: String
    let level: String
    let kindTitle: String
    let receivedText: String
    let classified: Bool
    let clocks: [ClockView]
    let worstStatus: ClockStatus.Kind
    let worstTitle: String

    init(_ i: IncidentRowView) {
        id = i.id
        classified = i.classified
        title = ClassifiedMarking.onTheWall(i.title, classified: i.classified, placeholder: ClassifiedMarking.offTheWall)
        unitName = i.unitName
        levelTitle = i.levelTitle
        level = i.level
        kindTitle = ClassifiedMarking.onTheWall(i.kindTitle, classified: i.classified)
        receivedText = i.receivedText
        clocks = i.clocks
        worstStatus = i.worstStatus
        worstTitle = i.worstTitle
    }
}

struct WallView: Encodable {
    let unitName: String
    let generatedText: String
    let arrivals: [WallReportView]
    let incidents: [WallIncidentView]
    let onDuty: [OnDutyRowView]
}
