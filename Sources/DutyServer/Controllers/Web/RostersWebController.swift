import DutyCore
import Fluent
import Vapor

/// The roster pages: the month editor (grid of days × levels), the superior's overview with who
/// is on duty now, and the printable month table. Writes go through `RosterService`, like the API.
struct RostersWebController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        let read = routes.guarded(.viewRoster)
        read.get("rosters", use: editor)
        read.get("rosters", "overview", use: overview)
        read.get("rosters", "print", use: printable)
        let manage = routes.guarded(.manageRoster)
        manage.post("rosters", "save", use: save)
        manage.post("rosters", "auto-fill", use: autoFill)
        manage.post("rosters", "file", use: file)
        read.post("rosters", "swaps", use: requestSwap)
        read.get("rosters", "settings", use: settingsPage)
        manage.post("rosters", "settings", use: saveSettings)
        manage.post("people", ":id", "trainings", use: addTraining)
        manage.post("people", ":id", "absences", use: addAbsence)
        read.post("rosters", "swaps", ":id", ":step", use: swapStep)
    }

    struct Query: Content {
        var unitID: String?
        var month: String?
        var notice: String?
        var unfilled: Int?
    }

    private func target(_ req: Request, _ unitID: String?, _ month: String?) async throws -> (OrgUnit, RosterMonthKey) {
        let actor = try req.requireActor()
        let unit = try await req.context().visibleUnit(unitID.flatMap { UUID(uuidString: $0) } ?? actor.unit.id)
        let key =
            try month.flatMap { $0.isEmpty ? nil : $0 }.map { text -> RosterMonthKey in
                guard let k = RosterMonthKey(text) else { throw DutyError.field("month", "月份应写成 2026-12 这样的形式") }
                return k
            } ?? RosterMonthKey.current(req.now)  // the month on duty now; the next is one click on
        return (unit, key)
    }

    func editor(req: Request) async throws -> Response {
        let q = try req.query.decode(Query.self)
        let (unit, key) = try await target(req, q.unitID, q.month)
        var notice: String?
        switch q.notice {
        case "saved": notice = "已保存。"
        case "filled": notice = (q.unfilled ?? 0) == 0 ? "已按轮值名单自动排班，所有空格均已排满。" : "已按轮值名单自动排班；仍有\(q.unfilled ?? 0)格无人可排，见下方问题清单。"
        case "filed": notice = "已报备上级。"
        case "swap": notice = "调班申请已更新。"
        default: notice = nil
        }
        return try await render(req, unit, key, notice: notice, error: nil, status: .ok)
    }

    func render(_ req: Request, _ unit: OrgUnit, _ key: RosterMonthKey, notice: String?, error: String?, status: HTTPResponseStatus) async throws -> Response {
        let page = try await RosterPageView.build(unit: unit, month: key, notice: notice, error: error, ctx: try req.context())
        return try await req.page("roster", title: "排班 \(key.title)", nav: "rosters", page, status: status)
    }

    struct SwapForm: Content {
        var unitID: String?
        var month: String?
        var date: String?
        var shiftIndex: Int?
        var level: String?
        var fromPersonId: String?
        var toPersonId: String?
        var reason: String?
        var note: String?
    }

    func requestSwap(req: Request) async throws -> Response {
        let f = try req.content.decode(SwapForm.self)
        let (unit, key) = try await target(req, f.unitID, f.month)
        let error = try await req.attempt {
            guard let day = f.date.flatMap(CalendarDay.init), let level = f.level.flatMap(DutyLevel.init(rawValue:)),
                let from = f.fromPersonId.flatMap(UUID.init(uuidString:)), let to = f.toPersonId.flatMap(UUID.init(uuidString:))
            else { throw DutyError.invalid("请选择日期、岗位、调出人和调入人") }
            _ = try await SwapService.request(
                SwapInput(date: day, shiftIndex: f.shiftIndex, level: level, fromPersonId: from, toPersonId: to, reason: f.reason), unit: unit,
                ctx: req.context())
        }
        if let error { return try await render(req, unit, key, notice: nil, error: error.message, status: error.status) }
        return req.redirect(to: "/rosters?unitID=\(unit.id!.uuidString)&month=\(key)&notice=swap#roster-swaps")
    }

    func swapStep(req: Request) async throws -> Response {
        let f = (try? req.content.decode(SwapForm.self)) ?? SwapForm()
        guard let swap = try await RosterSwapRecord.find(try req.uuidParameter(), on: req.db),
            let step = req.parameters.get("step").flatMap(RosterSwap.Step.init(rawValue:))
        else { throw DutyError.notFound("该调班申请") }
        let unit = try await req.context().visibleUnit(swap.$unit.id)
        let key = CalendarDay(swap.day).flatMap { RosterMonthKey(year: $0.year, month: $0.month) } ?? RosterMonthKey.coming(req.now)
        let error = try await req.attempt { _ = try await SwapService.act(step, on: swap, note: f.note, ctx: req.context()) }
        if let error { return try await render(req, unit, key, notice: nil, error: error.message, status: error.status) }
        return req.redirect(to: "/rosters?unitID=\(unit.id!.uuidString)&month=\(key)&notice=swap#roster-swaps")
    }

    // MARK: settings

    struct RotationCell: Encodable {
        let field: String
        let label: String
        let order: String
    }

    struct RotationRow: Encodable {
        let personID: String
        let name: String
        let position: String
        let cells: [RotationCell]
    }

    struct SettingsPage: Encodable {
        let unitID: String
        let unitName: String
        let units: [SelectOption]
        let pattern: String
        let startTime: String
        let noConsecutive: Bool
        let minRest: String
        let maxShifts: String
        let levels: [SelectOption]
        let people: [RotationRow]
        let canManage: Bool
        let inherited: Bool
        let error: String?
        let saved: Bool
    }

    /// 班次与轮值: the shift pattern, the rest rules and the rotation of each level.
    func settingsPage(req: Request) async throws -> Response {
        let q = try req.query.decode(Query.self)
        let (unit, _) = try await target(req, q.unitID, nil)
        return try await renderSettings(req, unit, error: nil, saved: q.notice == "saved", status: .ok)
    }

    func renderSettings(_ req: Request, _ unit: OrgUnit, error: String?, saved: Bool, status: HTTPResponseStatus) async throws -> Response {
        let actor = try req.requireActor()
        let s = try await RosterService.settings(for: unit.id!, on: req.db)
        let people = try await Person.query(on: req.db).filter(\.$unit.$id == unit.id!).filter(\.$active == true).sort(\.$name).all()
            .filter { (EmploymentCategory(rawValue: $0.category) ?? .established).mayBeScheduled }
        let first = s.pattern.shifts.first
        let view = SettingsPage(
            unitID: unit.id!.uuidString, unitName: unit.name,
            units: WebRows.unitOptions(try await req.context().visibleUnits(includeInactive: false), selected: unit.id!.uuidString),
            pattern: s.pattern.shifts.count == 2 ? "day-night" : "full-day",
            startTime: String(format: "%02d:%02d", first?.startHour ?? 8, first?.startMinute ?? 30),
            noConsecutive: s.rules.noConsecutiveShifts, minRest: s.rules.minRestHoursBetweenShifts.map(String.init) ?? "",
            maxShifts: s.rules.maxShiftsPerMonth.map(String.init) ?? "",
            levels: RosterTable.printOrder.map { SelectOption(value: $0.rawValue, label: $0.title) },
            people: people.map { p in
                let id = p.id!.uuidString
                var orders: [String: String] = [:]
                for (level, ids) in s.rotations { if let i = ids.firstIndex(of: id) { orders[level.rawValue] = String(i + 1) } }
                return RotationRow(
                    personID: id, name: p.name, position: p.position,
                    cells: RosterTable.printOrder.map {
                        RotationCell(field: "rot_\($0.rawValue)_\(id)", label: "\(p.name) \($0.title)轮值顺序", order: orders[$0.rawValue] ?? "")
                    })
            },
            canManage: actor.can(.manageRoster), inherited: !s.own, error: error, saved: saved)
        return try await req.page("roster_settings", title: "班次与轮值", nav: "rosters", view, status: status)
    }

    func saveSettings(req: Request) async throws -> Response {
        let form = try req.content.decode([String: String].self)
        let (unit, _) = try await target(req, form["unitID"], nil)
        let error = try await req.attempt {
            let parts = (form["startTime"] ?? "08:30").split(separator: ":").compactMap { Int($0) }
            guard parts.count == 2, (0..<24).contains(parts[0]), (0..<60).contains(parts[1]) else { throw DutyError.field("startTime", "交班时间应写成 08:30 这样的形式") }
            let pattern: ShiftPattern =
                form["pattern"] == "day-night"
                ? ShiftPattern(shifts: [
                    Shift(startHour: parts[0], startMinute: parts[1], durationMinutes: 12 * 60, name: "白班"),
                    Shift(startHour: (parts[0] + 12) % 24, startMinute: parts[1], durationMinutes: 12 * 60, name: "夜班"),
                ])
                : ShiftPattern(shifts: [Shift(startHour: parts[0], startMinute: parts[1], durationMinutes: 24 * 60, name: "全天")])
            func number(_ key: String) throws -> Int? {
                guard let text = form[key]?.trimmingCharacters(in: .whitespaces), !text.isEmpty else { return nil }
                guard let n = Int(text) else { throw DutyError.field(key, key == "maxShifts" ? "每月最多值班次数应为整数" : "两班之间最少休息小时数应为整数") }
                return n
            }
            // rot_<level>_<person> = order in the rotation (blank: not in it).
            var rotations: [String: [(Int, UUID)]] = [:]
            for (key, value) in form where key.hasPrefix("rot_") {
                let parts = key.dropFirst(4).split(separator: "_", maxSplits: 1)
                guard parts.count == 2, DutyLevel(rawValue: String(parts[0])) != nil, let id = UUID(uuidString: String(parts[1])) else { continue }
                guard !value.trimmingCharacters(in: .whitespaces).isEmpty else { continue }
                guard let n = Int(value), n > 0 else { throw DutyError.field(key, "轮值顺序应为正整数") }
                rotations[String(parts[0]), default: []].append((n, id))
            }
            var s = try await RosterService.settings(for: unit.id!, on: req.db)
            s.pattern = pattern
            s.rules = RestRules(
                noConsecutiveShifts: form["noConsecutive"] == "on", maxShiftsPerMonth: try number("maxShifts"), minRestHoursBetweenShifts: try number("minRest")
            )
            s.rotations = try await RosterService.checkedRotations(rotations.mapValues { $0.sorted { $0.0 < $1.0 }.map(\.1) }, unitID: unit.id!, on: req.db)
            try await RosterService.update(s, unit: unit, ctx: req.context())
        }
        if let error { return try await renderSettings(req, unit, error: error.message, saved: false, status: error.status) }
        return req.redirect(to: "/rosters/settings?unitID=\(unit.id!.uuidString)&notice=saved")
    }

    struct DutyRecordForm: Content {
        var date: String?
        var course: String?
        var kind: String?
        var startsAt: String?
        var endsAt: String?
        var reason: String?
    }

    /// A person's training or absence from their page; a refusal comes back as the page's notice.
    func addTraining(req: Request) async throws -> Response {
        let (person, _) = try await req.context().visiblePerson(try req.uuidParameter())
        let f = try req.content.decode(DutyRecordForm.self)
        return try await backToPerson(req, person) {
            guard let day = f.date.flatMap(CalendarDay.init) else { throw DutyError.field("date", "请填写培训日期") }
            _ = try await RosterService.addTraining(person, date: day, course: f.course ?? "", ctx: req.context())
        }
    }

    func addAbsence(req: Request) async throws -> Response {
        let (person, _) = try await req.context().visiblePerson(try req.uuidParameter())
        let f = try req.content.decode(DutyRecordForm.self)
        return try await backToPerson(req, person) {
            guard let from = f.startsAt.flatMap(ShanghaiTime.parse), let to = f.endsAt.flatMap(ShanghaiTime.parse) else {
                throw DutyError.field("startsAt", "请填写离开和返回时间")
            }
            _ = try await RosterService.addAbsence(person, AbsenceInput(kind: f.kind, startsAt: from, endsAt: to, reason: f.reason ?? ""), ctx: req.context())
        }
    }

    private func backToPerson(_ req: Request, _ person: Person, _ action: () async throws -> Void) async throws -> Response {
        let id = person.id!.uuidString
        if let error = try await req.attempt(action) {
            let unit = try await req.context().visibleUnit(person.$unit.id)
            return try await DirectoryWebController().render(req, person, unit, error: error.message, saved: false, status: error.status)
        }
        return req.redirect(to: "/people/\(id)#duty-records")
    }

    struct SaveForm: Content {
        var unitID: String?
        var month: String?
    }

    func save(req: Request) async throws -> Response {
        let f = try req.content.decode(SaveForm.self)
        let (unit, key) = try await target(req, f.unitID, f.month)
        let fields = (try? req.content.decode([String: String].self)) ?? [:]
        var cells: [RosterCellInput] = []
        for (name, value) in fields where name.hasPrefix("cell_") {
            // cell_2026-12-01_0_officer
            let parts = name.dropFirst(5).split(separator: "_", maxSplits: 2)
            guard parts.count == 3, let day = CalendarDay(String(parts[0])), let shift = Int(parts[1]), let level = DutyLevel(rawValue: String(parts[2])) else {
                continue
            }
            cells.append(RosterCellInput(date: day, shiftIndex: shift, level: level, personId: UUID(uuidString: value)))
        }
        let error = try await req.attempt {
            try await RosterService.write(cells: cells, replace: false, unit: unit, month: key, ctx: req.context())
        }
        if let error { return try await render(req, unit, key, notice: nil, error: error.message, status: error.status) }
        return req.redirect(to: "/rosters?unitID=\(unit.id!.uuidString)&month=\(key)&notice=saved")
    }

    func autoFill(req: Request) async throws -> Response {
        let f = try req.content.decode(SaveForm.self)
        let (unit, key) = try await target(req, f.unitID, f.month)
        var unfilled = 0
        let error = try await req.attempt {
            unfilled = try await RosterService.autoFill(unit: unit, month: key, rotations: nil, ctx: req.context()).count
        }
        if let error { return try await render(req, unit, key, notice: nil, error: error.message, status: error.status) }
        return req.redirect(to: "/rosters?unitID=\(unit.id!.uuidString)&month=\(key)&notice=filled&unfilled=\(unfilled)")
    }

    func file(req: Request) async throws -> Response {
        let f = try req.content.decode(SaveForm.self)
        let (unit, key) = try await target(req, f.unitID, f.month)
        let error = try await req.attempt {
            try await RosterService.file(unit: unit, month: key, ctx: req.context())
        }
        if let error { return try await render(req, unit, key, notice: nil, error: error.message, status: error.status) }
        return req.redirect(to: "/rosters?unitID=\(unit.id!.uuidString)&month=\(key)&notice=filed")
    }

    func overview(req: Request) async throws -> Response {
        let q = try req.query.decode(Query.self)
        let (unit, key) = try await target(req, q.unitID, q.month)
        let filings = try await RosterService.filings(of: unit, month: key, ctx: req.context())
        let onDuty = try await RosterService.onDuty(under: unit, ctx: req.context())
        func statusClass(_ f: RosterFilingDTO, gaps: Int) -> String { "status-\(f.status.tone(openCells: gaps).rawValue)" }
        let rows = filings.units.map { r -> RosterFilingRowView in
            let cls = statusClass(r.filing, gaps: r.gapCount)
            return RosterFilingRowView(
                unitID: r.unitId.uuidString, unitName: r.unitName, depth: min(r.depth, 6), dueText: ShanghaiTime.format(r.deadline.dueAt, "MM-dd HH:mm"),
                basis: r.deadline.basis, status: r.filing.status, statusTitle: r.filing.statusTitle, statusClass: cls,
                filedText: r.filing.filedAt.map { ShanghaiTime.format($0, "MM-dd HH:mm") } ?? "", gapCount: r.gapCount, filledCells: r.filledCells,
                totalCells: r.totalCells,
                holidayDueText: r.holidayDeadline.map { ShanghaiTime.format($0.dueAt, "MM-dd HH:mm") } ?? "",
                holidayStatusTitle: r.holidayFiling?.statusTitle ?? "", holidayStatusClass: r.holidayFiling.map { statusClass($0, gaps: 0) } ?? "")
        }
        let duty = Self.onDutyRows(onDuty)
        let units = try await req.context().visibleUnits(includeInactive: false)
        let view = RosterOverviewView(
            unitID: unit.id!.uuidString, unitName: unit.name, month: key.description, monthTitle: key.title, previousMonth: key.previous.description,
            nextMonth: key.next.description, units: WebRows.unitOptions(units, selected: unit.id!.uuidString), rows: rows,
            counts: FilingStatus.Kind.allCases.map { k in
                .init(code: k.rawValue, title: k.title, tone: k.tone, count: filings.units.filter { $0.filing.status == k }.count)
            },
            onDutyText: ShanghaiTime.format(onDuty.at, "yyyy-MM-dd HH:mm"), onDuty: duty,
            holidayTitle: filings.holiday.map { "\($0.title)（\($0.firstDay.shortChineseTitle)—\($0.lastDay.shortChineseTitle)）" } ?? "")
        return try await req.page("roster_overview", title: "下级报备情况", nav: "rosters", view)
    }

    /// Who is on duty now, a row per unit (the overview and the live board).
    static func onDutyRows(_ onDuty: OnDutyDTO) -> [OnDutyRowView] {
        func names(_ u: OnDutyUnitDTO, _ level: DutyLevel) -> String {
            u.levels.first { $0.level == level }?.people.map(\.name).joined(separator: "、") ?? ""
        }
        return onDuty.units.map {
            OnDutyRowView(
                unitID: $0.unitId.uuidString, unitName: $0.unitName, depth: min($0.depth, 6), shift: $0.shift ?? "", leader: names($0, .leader),
                section: names($0, .sectionLeader), officer: names($0, .officer), uncovered: !$0.uncovered.isEmpty)
        }
    }

    func printable(req: Request) async throws -> Response {
        let q = try req.query.decode(Query.self)
        let (unit, key) = try await target(req, q.unitID, q.month)
        let view = try await RosterService.view(unit: unit, month: key, ctx: req.context())
        let rows = RosterTable.rows(view).map { r in
            RosterPrintRowView(
                dateText: r.date.shortChineseTitle, weekday: r.weekday, shift: r.shift, names: RosterTable.printOrder.map { r.names[$0] ?? "" }, note: r.note,
                dayClass: r.note.isEmpty ? "" : "day-holiday")
        }
        let page = RosterPrintView(
            unitID: unit.id!.uuidString, unitName: unit.name, month: key.description, monthTitle: key.title, statusTitle: view.statusTitle,
            filedText: view.filing.filedAt.map { ShanghaiTime.format($0, "yyyy-MM-dd HH:mm") } ?? "",
            printedText: ShanghaiTime.format(req.now, "yyyy-MM-dd HH:mm"),
            levelTitles: RosterTable.printOrder.map(\.title), rows: rows)
        let res = try await req.view.render(
            "roster_print",
            Page(title: "\(unit.name)\(key.title)值班表", nav: "rosters", actor: req.actor.map(ActorView.init), nowText: ShanghaiTime.format(req.now), body: page)
        ).encodeResponse(for: req)
        return res
    }
}
