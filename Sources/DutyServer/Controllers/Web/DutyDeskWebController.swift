import DutyCore
import Fluent
import Vapor

/// The duty desk's pages: duty log, handover, roll call, leaders' absence. Each form posts to
/// the same services as the API and comes back to its page, with the officer's input kept
/// and the problem in plain words when it was refused.
struct DutyDeskWebController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        let log = routes.guarded(.keepDutyLog)
        log.get("duty-log", use: dutyLog)
        log.post("duty-log", use: createLog)
        log.get("duty-log", "export.csv", use: exportLog)
        log.get("duty-log", ":id", use: logEntry)
        log.post("duty-log", ":id", use: updateLog)
        log.get("handovers", use: handovers)
        log.post("handovers", use: createHandover)
        log.post("handovers", ":id", "confirm", use: confirmHandover)
        log.post("handover-items", ":id", "close", use: closeItem)
        log.get("roll-calls", use: rollCalls)
        log.get("roll-calls", "live", use: rollCallsLive)
        log.post("roll-calls", ":id", "answer", use: answer)
        let caller = routes.guarded(.runRollCall)
        caller.post("roll-calls", use: startRollCall)
        caller.post("roll-calls", "schedule", use: setSchedule)
        let absence = routes.guarded(.reportAbsence)
        absence.get("absences", use: absences)
        absence.post("absences", use: createAbsence)
        absence.get("absences", ":id", use: absenceEntry)
        absence.post("absences", ":id", use: updateAbsence)
        absence.post("absences", ":id", "return", use: markReturned)
    }

    static func form(_ req: Request) throws -> [String: String] { try req.content.decode([String: String].self) }

    static func optionalText(_ s: String?) -> String? { s.map { $0.trimmingCharacters(in: .whitespaces) } }

    static func date(_ s: String?, _ field: String, _ label: String) throws -> Date? {
        guard let s = s?.trimmingCharacters(in: .whitespaces), !s.isEmpty else { return nil }
        guard let d = ShanghaiTime.parse(s) else { throw DutyError.field(field, "\(label)格式不对：\(s)") }
        return d
    }

    static func local(_ d: Date) -> String { ShanghaiTime.format(d, "yyyy-MM-dd'T'HH:mm") }

    /// The unit a desk page shows: the actor's own, or (`unitId`) a visible subordinate whose
    /// record a superior reads but does not write.
    static func shownUnit(_ req: Request) async throws -> (OrgUnit, [SelectOption]) {
        let actor = try req.requireActor()
        let unit = try await req.context().visibleUnit(req.query[UUID.self, at: "unitId"] ?? actor.unit.id, forReading: true)
        // Own unit and its direct subordinates: a superior at national scale would otherwise get
        // thousands of options.
        let children = try await OrgUnit.query(on: req.db).filter(\.$parentID == actor.unit.id!).filter(\.$active == true).sort(\.$code).sort(\.$name).all()
        let options = ([actor.unit] + children).map { SelectOption(value: $0.id!.uuidString, label: $0.name, selected: $0.id == unit.id) }
        return (unit, options)
    }

    // MARK: duty log

    struct DutyLogPage: Encodable {
        let units: [SelectOption]
        let isOwn: Bool
        let unitName: String
        let entries: [DutyLogDTO]
        let exportQuery: String
        let directions: [SelectOption]
        let filterDirections: [SelectOption]
        let q: String
        let from: String
        let to: String
        let nowLocal: String
        let error: String?
        let form: [String: String]
    }

    static func directionOptions(_ selected: String?, blank: Bool) -> [SelectOption] {
        (blank ? [SelectOption(value: "", label: "全部", selected: (selected ?? "").isEmpty)] : [])
            + DutyLogDirection.allCases.map {
                SelectOption(value: $0.rawValue, label: $0.title, selected: $0.rawValue == (selected ?? (blank ? "" : "incoming")))
            }
    }

    struct LogParams: Content {
        var q: String?
        var from: String?
        var to: String?
        var direction: String?
    }

    /// The list as filtered on the page, for Excel (UTF-8 with BOM); the export is audited.
    func exportLog(req: Request) async throws -> Response {
        let p = try req.query.decode(LogParams.self)
        let (unit, _) = try await Self.shownUnit(req)
        let rows = try await DutyLogService.list(
            unit: unit, .init(text: p.q, from: p.from, to: p.to, direction: p.direction.flatMap(DutyLogDirection.init(rawValue:)), limit: 1000), on: req.db)
        var table = [["时间", "方式", "密级", "来电单位", "来电人", "职务", "电话", "内容", "处理情况", "复述校对", "校对人", "登记人"]]
        for e in rows {
            // A classified entry leaves only as "there was one": who called and what was said stay inside.
            func out(_ text: String) -> String { ClassifiedMarking.exported(text, classified: e.classified) }
            table.append([
                ShanghaiTime.format(e.at, "yyyy-MM-dd HH:mm"), e.logDirection.title, e.classified ? "密件" : "明件", out(e.callerUnit), out(e.callerName),
                out(e.callerPosition), out(e.phone), out(e.content), out(e.handling), e.readBack ? "已校对" : "未校对", e.readBackBy, e.recordedBy,
            ])
        }
        let count = rows.count
        try await req.write { db in try await req.audit("dutylog.export", "unit", unit.id!.uuidString, detail: "共\(count)条", on: db) }
        let res = Response(status: .ok, body: .init(data: Data(CSV.encode(table, bom: true))))
        res.headers.contentType = HTTPMediaType(type: "text", subType: "csv", parameters: ["charset": "utf-8"])
        let name = "值班日志-" + ShanghaiTime.format(req.now, "yyyyMMdd") + ".csv"
        res.headers.replaceOrAdd(
            name: .contentDisposition,
            value: "attachment; filename=\"duty-log.csv\"; filename*=UTF-8''"
                + (name.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? "duty-log.csv"))
        return res
    }

    func renderLog(_ req: Request, error: String?, form: [String: String], status: HTTPResponseStatus = .ok) async throws -> Response {
        let p = try req.query.decode(LogParams.self)
        let (unit, units) = try await Self.shownUnit(req)
        var entries: [DutyLogDTO] = []
        var problem = error
        do {
            entries = try await DutyLogService.list(
                unit: unit, .init(text: p.q, from: p.from, to: p.to, direction: p.direction.flatMap(DutyLogDirection.init(rawValue:)), limit: 300), on: req.db
            )
            .map { DutyLogService.dto($0, unit: unit) }
        } catch let e as any DutyFailure { problem = e.message }
        let view = DutyLogPage(
            units: units, isOwn: unit.id == (try req.requireActor()).unit.id, unitName: unit.name, entries: entries, exportQuery: req.url.query ?? "",
            directions: Self.directionOptions(form["direction"], blank: false), filterDirections: Self.directionOptions(p.direction, blank: true),
            q: p.q ?? "", from: p.from ?? "", to: p.to ?? "", nowLocal: Self.local(req.now), error: problem, form: form)
        return try await req.page("duty_log", title: "值班日志", nav: "duty-log", view, status: status)
    }

    func dutyLog(req: Request) async throws -> Response { try await renderLog(req, error: nil, form: [:]) }

    static func logInput(_ f: [String: String]) throws -> DutyLogInput {
        DutyLogInput(
            at: try date(f["at"], "at", "通话时间"), direction: f["direction"].flatMap(DutyLogDirection.init(rawValue:)), callerUnit: f["callerUnit"] ?? "",
            callerName: f["callerName"] ?? "", callerPosition: f["callerPosition"] ?? "", phone: f["phone"] ?? "", content: f["content"] ?? "",
            handling: f["handling"] ?? "", readBack: f["readBack"] == "on", readBackBy: f["readBackBy"] ?? "", classified: f["classified"] == "on")
    }

    func createLog(req: Request) async throws -> Response {
        let f = try Self.form(req)
        if let error = try await req.attempt({ _ = try await DutyLogService.create(try Self.logInput(f), ctx: req.context()) }) {
            return try await renderLog(req, error: error.message, form: f, status: error.status)
        }
        return req.redirect(to: "/duty-log")
    }

    struct LogEntryPage: Encodable {
        let entry: DutyLogDTO
        let isOwn: Bool
        let atLocal: String
        let directions: [SelectOption]
        let history: [HistoryRow]
        let error: String?
    }

    func renderEntry(_ req: Request, error: String?, status: HTTPResponseStatus = .ok) async throws -> Response {
        let (e, unit) = try await DutyLogService.visible(try req.uuidParameter(), ctx: req.context())
        let history = try await DirectoryService.history(targetType: "duty_log", id: e.id!, ctx: req.context())
        let view = LogEntryPage(
            entry: DutyLogService.dto(e, unit: unit), isOwn: unit.id == (try req.requireActor()).unit.id, atLocal: Self.local(e.at),
            directions: Self.directionOptions(e.direction, blank: false), history: WebRows.history(history), error: error)
        return try await req.page("duty_log_entry", title: "值班日志", nav: "duty-log", view, status: status)
    }

    func logEntry(req: Request) async throws -> Response { try await renderEntry(req, error: nil) }

    func updateLog(req: Request) async throws -> Response {
        let (e, unit) = try await DutyLogService.visible(try req.uuidParameter(), ctx: req.context())
        let f = try Self.form(req)
        if let error = try await req.attempt({ try await DutyLogService.update(e, unit: unit, try Self.logInput(f), ctx: req.context()) }) {
            return try await renderEntry(req, error: error.message, status: error.status)
        }
        return req.redirect(to: "/duty-log/\(e.id!.uuidString)")
    }

    // MARK: handover

    struct HandoverPage: Encodable {
        let units: [SelectOption]
        let isOwn: Bool
        let unitName: String
        let desk: HandoverDeskDTO
        let username: String
        let canConfirm: Bool
        let pending: Bool
        /// The viewer against the roster now (在岗核对): not on it, they must say why they
        /// stand in before handing over or taking over.
        let presence: PresenceDTO?
        let needsStandIn: Bool
        let rostered: String
        let error: String?
        let form: [String: String]
    }

    func renderHandovers(_ req: Request, error: String?, form: [String: String], status: HTTPResponseStatus = .ok) async throws -> Response {
        let actor = try req.requireActor()
        let (unit, units) = try await Self.shownUnit(req)
        let isOwn = unit.id == actor.unit.id
        let desk = try await HandoverService.desk(unit: unit, on: req.db)
        let pending = desk.current.map { !$0.confirmed } ?? false
        let (presence, onDuty) =
            isOwn ? try await RosterService.presence(ctx: req.context(), margin: RosterPresenceRule.handoverMargin, standIn: nil) : (.noRoster, [])
        let view = HandoverPage(
            units: units, isOwn: isOwn, unitName: unit.name, desk: desk, username: actor.user.username,
            canConfirm: desk.current.map {
                HandoverRule.allowedSteps(ownUnit: isOwn, outgoing: $0.outgoingBy, actor: actor.user.username, confirmed: $0.confirmed).contains(.confirm)
            } ?? false, pending: pending, presence: isOwn ? PresenceDTO(presence) : nil, needsStandIn: presence == .notRostered,
            rostered: onDuty.joined(separator: "、"), error: error, form: form)
        return try await req.page("handovers", title: "交接班", nav: "handovers", view, status: status)
    }

    func handovers(req: Request) async throws -> Response { try await renderHandovers(req, error: nil, form: [:]) }

    func createHandover(req: Request) async throws -> Response {
        let f = try Self.form(req)
        let items = (f["items"] ?? "").split(whereSeparator: \.isNewline).map(String.init)
        if let error = try await req.attempt({
            _ = try await HandoverService.create(HandoverInput(matters: f["matters"], items: items, standInReason: f["standInReason"]), ctx: req.context())
        }) {
            return try await renderHandovers(req, error: error.message, form: f, status: error.status)
        }
        return req.redirect(to: "/handovers")
    }

    func confirmHandover(req: Request) async throws -> Response {
        let (h, unit) = try await HandoverService.visible(try req.uuidParameter(), ctx: req.context())
        let f = try Self.form(req)
        if let error = try await req.attempt({ try await HandoverService.confirm(h, unit: unit, standIn: f["standInReason"], ctx: req.context()) }) {
            return try await renderHandovers(req, error: error.message, form: ["confirmStandIn": "1"], status: error.status)
        }
        return req.redirect(to: "/handovers")
    }

    func closeItem(req: Request) async throws -> Response {
        let f = try Self.form(req)
        let id = try req.uuidParameter()
        if let error = try await req.attempt({ _ = try await HandoverService.closeItem(id, note: f["note"], ctx: req.context()) }) {
            return try await renderHandovers(req, error: error.message, form: [:], status: error.status)
        }
        return req.redirect(to: "/handovers")
    }

    // MARK: roll call

    struct RollCallPage: Encodable {
        let units: [SelectOption]
        let isOwn: Bool
        let unitName: String
        let overview: RollCallsDTO
        let schedule: RollCallScheduleDTO
        /// While a subordinate may still answer, the page reloads itself to show answers arriving
        /// (when the viewer cannot follow the live stream).
        let anyWaiting: Bool
        /// The viewer follows the live stream: answers show as they arrive.
        let live: Bool
        let unitQuery: String
        /// When the next waiting line runs out of time: the live part is fetched again then.
        let refreshAt: String?
        let canStart: Bool
        /// Why the viewer cannot start one here (`RollCallRule.cannotStart`), shown instead of the form.
        let cannotStart: String?
        let error: String?
    }

    func renderRollCalls(_ req: Request, error: String?, status: HTTPResponseStatus = .ok, live: Bool = false) async throws -> Response {
        let actor = try req.requireActor()
        let (unit, units) = try await Self.shownUnit(req)
        let isOwn = unit.id == actor.unit.id
        let overview = try await RollCallService.overview(unit: unit, ctx: req.context())
        let subordinates = try await RollCallService.subordinates(of: unit.id!, on: req.db).count
        let cannotStart = RollCallRule.cannotStart(roles: actor.roles, isOwnUnit: isOwn, subordinates: subordinates)
        let view = RollCallPage(
            units: units, isOwn: isOwn, unitName: unit.name, overview: overview, schedule: try await RollCallService.schedule(unitID: unit.id!, on: req.db),
            anyWaiting: overview.started.contains { $0.waiting > 0 }, live: actor.can(.watchBoard),
            unitQuery: unit.id!.uuidString, refreshAt: Self.nextTimeOut(overview, now: req.now), canStart: cannotStart == nil, cannotStart: cannotStart,
            error: error)
        return try await req.page(live ? "roll_calls_started" : "roll_calls", title: "点名", nav: "roll-calls", view, status: status)
    }

    /// The earliest instant a waiting line turns 未应答, as ISO 8601.
    static func nextTimeOut(_ overview: RollCallsDTO, now: Date) -> String? {
        overview.started.filter { $0.waiting > 0 }.map { $0.startedAt.addingTimeInterval(TimeInterval($0.limitSeconds)) }.filter { $0 > now }.min()
            .map { ISO8601DateFormatter().string(from: $0) }
    }

    func rollCalls(req: Request) async throws -> Response { try await renderRollCalls(req, error: nil) }

    /// The roll calls this unit started, as the live part of the page fetches them.
    func rollCallsLive(req: Request) async throws -> Response { try await renderRollCalls(req, error: nil, live: true) }

    func startRollCall(req: Request) async throws -> Response {
        let actor = try req.requireActor()
        let f = try Self.form(req)
        let error = try await req.attempt {
            let limit = try RollCallService.checkLimit(f["limitSeconds"].flatMap { Int($0.trimmingCharacters(in: .whitespaces)) })
            _ = try await RollCallService.start(
                unit: actor.unit, by: actor.user.username, limitSeconds: limit, scheduledDate: nil, now: req.now, app: req.application,
                audit: req.auditEntry("rollcall.start", "roll_call", ""))
        }
        if let error { return try await renderRollCalls(req, error: error.message, status: error.status) }
        return req.redirect(to: "/roll-calls")
    }

    func answer(req: Request) async throws -> Response {
        let call = try await RollCallService.visible(try req.uuidParameter(), ctx: req.context())
        if let error = try await req.attempt({ _ = try await RollCallService.answer(call, ctx: req.context()) }) {
            return try await renderRollCalls(req, error: error.message, status: error.status)
        }
        // Back where the officer answered from (the banner is on every page).
        let back = (try? Self.form(req))?["back"].flatMap { $0.hasPrefix("/") && !$0.hasPrefix("//") ? $0 : nil } ?? "/roll-calls"
        return req.redirect(to: back)
    }

    func setSchedule(req: Request) async throws -> Response {
        let f = try Self.form(req)
        let error = try await req.attempt {
            _ = try await RollCallService.setSchedule(
                RollCallScheduleInput(
                    time: f["time"], limitSeconds: f["limitSeconds"].flatMap { Int($0.trimmingCharacters(in: .whitespaces)) }, enabled: f["enabled"] == "on"),
                ctx: req.context())
        }
        if let error { return try await renderRollCalls(req, error: error.message, status: error.status) }
        return req.redirect(to: "/roll-calls")
    }

    // MARK: board

    /// The board's duty-desk lines (SPEC §3): a roll call to answer, how the last one went,
    /// and which leaders across the subordinates are away now.
    static func boardDesk(_ req: Request) async throws -> BoardDeskView {
        let actor = try req.requireActor()
        let now = req.now
        let pending = try await RollCallService.received(unitID: actor.unit.id!, pendingOnly: true, on: req.db, now: now)
        let last = try await RollCall.query(on: req.db).filter(\.$unit.$id == actor.unit.id!).with(\.$unit).sort(\.$startedAt, .descending).first()
        let away = try await AbsenceService.list(under: actor.unit, current: true, on: req.db).map { AbsenceService.dto($0, unit: $0.unit, now: now) }
            .filter { $0.status != .planned }
        return BoardDeskView(
            pendingRollCalls: pending, lastRollCall: try await last.asyncMap { try await RollCallService.dtos([$0], on: req.db, now: now).first } ?? nil,
            away: away, overdueCount: away.filter(\.overdue).count)
    }

    // MARK: absence

    struct AbsencesPage: Encodable {
        let current: [LeaderAbsenceDTO]
        let past: [LeaderAbsenceDTO]
        let people: [SelectOption]
        let nowLocal: String
        let error: String?
        let form: [String: String]
    }

    static func peopleOptions(_ req: Request, selected: String?) async throws -> [SelectOption] {
        let unit = try req.requireActor().unit
        let people = try await Person.query(on: req.db).filter(\.$unit.$id == unit.id!).filter(\.$active == true).sort(\.$name).all()
        return [SelectOption(value: "", label: "（手工填写姓名）", selected: (selected ?? "").isEmpty)]
            + people.map { SelectOption(value: $0.id!.uuidString, label: "\($0.name)（\($0.position)）", selected: $0.id!.uuidString == selected) }
    }

    func renderAbsences(_ req: Request, error: String?, form: [String: String], status: HTTPResponseStatus = .ok) async throws -> Response {
        let actor = try req.requireActor()
        let now = req.now
        let all = try await AbsenceService.list(under: actor.unit, current: false, on: req.db).map { AbsenceService.dto($0, unit: $0.unit, now: now) }
        // Overdue first: those are the calls the command centre has to make.
        let order: [AbsenceStatus: Int] = [.overdue: 0, .away: 1, .planned: 2, .returned: 3]
        let current = all.filter { $0.status != .returned }.sorted { (order[$0.status] ?? 9, $0.returnAt) < (order[$1.status] ?? 9, $1.returnAt) }
        let view = AbsencesPage(
            current: current, past: Array(all.filter { $0.status == .returned }.prefix(100)),
            people: try await Self.peopleOptions(req, selected: form["personId"]),
            nowLocal: Self.local(now), error: error, form: form)
        return try await req.page("absences", title: "领导外出报备", nav: "absences", view, status: status)
    }

    func absences(req: Request) async throws -> Response { try await renderAbsences(req, error: nil, form: [:]) }

    static func absenceInput(_ f: [String: String]) throws -> LeaderAbsenceInput {
        LeaderAbsenceInput(
            personId: f["personId"].flatMap(UUID.init(uuidString:)), personName: optionalText(f["personName"]),
            personPosition: optionalText(f["personPosition"]),
            reason: f["reason"], destination: f["destination"], leaveAt: try date(f["leaveAt"], "leaveAt", "离开时间"),
            returnAt: try date(f["returnAt"], "returnAt", "返回时间"),
            deputyName: f["deputyName"], deputyPost: f["deputyPost"], changeReason: f["changeReason"])
    }

    func createAbsence(req: Request) async throws -> Response {
        let f = try Self.form(req)
        if let error = try await req.attempt({ _ = try await AbsenceService.create(try Self.absenceInput(f), ctx: req.context()) }) {
            return try await renderAbsences(req, error: error.message, form: f, status: error.status)
        }
        return req.redirect(to: "/absences")
    }

    struct AbsencePage: Encodable {
        let absence: LeaderAbsenceDTO
        let isOwn: Bool
        /// `AbsenceStatus.allowedSteps`: the buttons the page shows.
        let canChange: Bool
        let canReturn: Bool
        let leaveLocal: String
        let returnLocal: String
        let history: [HistoryRow]
        let error: String?
    }

    func renderAbsence(_ req: Request, error: String?, status: HTTPResponseStatus = .ok) async throws -> Response {
        let (a, unit) = try await AbsenceService.visible(try req.uuidParameter(), ctx: req.context())
        let history = try await DirectoryService.history(targetType: "absence", id: a.id!, ctx: req.context())
        let actor = try req.requireActor()
        let dto = AbsenceService.dto(a, unit: unit, now: req.now)
        let steps = dto.status.allowedSteps(ownUnit: unit.id == actor.unit.id, canReport: actor.can(.reportAbsence))
        let view = AbsencePage(
            absence: dto, isOwn: unit.id == actor.unit.id, canChange: steps.contains(.change), canReturn: steps.contains(.markReturned),
            leaveLocal: Self.local(a.leaveAt),
            returnLocal: Self.local(a.returnAt), history: WebRows.history(history), error: error)
        return try await req.page("absence", title: "领导外出报备", nav: "absences", view, status: status)
    }

    func absenceEntry(req: Request) async throws -> Response { try await renderAbsence(req, error: nil) }

    func updateAbsence(req: Request) async throws -> Response {
        let (a, unit) = try await AbsenceService.visible(try req.uuidParameter(), ctx: req.context())
        let f = try Self.form(req)
        // The form always sends every field; the person stays as recorded.
        var input = try Self.absenceInput(f)
        input.personId = nil
        input.personName = nil
        if let error = try await req.attempt({ try await AbsenceService.update(a, unit: unit, input, ctx: req.context()) }) {
            return try await renderAbsence(req, error: error.message, status: error.status)
        }
        return req.redirect(to: "/absences/\(a.id!.uuidString)")
    }

    func markReturned(req: Request) async throws -> Response {
        let (a, unit) = try await AbsenceService.visible(try req.uuidParameter(), ctx: req.context())
        if let error = try await req.attempt({ try await AbsenceService.markReturned(a, unit: unit, at: nil, ctx: req.context()) }) {
            return try await renderAbsence(req, error: error.message, status: error.status)
        }
        return req.redirect(to: "/absences")
    }
}
