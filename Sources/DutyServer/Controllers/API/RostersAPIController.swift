import DutyCore
import Fluent
import Vapor

/// Duty rosters (值排班, SPEC §2): a unit's month roster with the validator's findings, editing,
/// auto-fill, filing (报备), the superior's view of its subordinates' filings, who is on duty
/// now, settings, training and absence records, CSV export and feed tokens.
struct RostersAPIController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.api(.GET, "units", ":id", "roster", operation: "getRoster", permission: .viewRoster, use: get)
        routes.api(.PUT, "units", ":id", "roster", operation: "replaceRoster", permission: .manageRoster, use: replace)
        routes.api(.PATCH, "units", ":id", "roster", operation: "setRosterCells", permission: .manageRoster, use: setCells)
        routes.api(.POST, "units", ":id", "roster", "auto-fill", operation: "autoFillRoster", permission: .manageRoster, use: autoFill)
        routes.api(.POST, "units", ":id", "roster", "file", operation: "fileRoster", permission: .manageRoster, use: file)
        routes.api(.GET, "units", ":id", "roster.csv", operation: "exportRosterCSV", permission: .viewRoster, use: exportCSV)
        routes.api(.GET, "units", ":id", "roster-settings", operation: "getRosterSettings", permission: .viewRoster, use: getSettings)
        routes.api(.PUT, "units", ":id", "roster-settings", operation: "setRosterSettings", permission: .manageRoster, use: setSettings)
        routes.api(.GET, "units", ":id", "roster-filings", operation: "getRosterFilings", permission: .viewRoster, use: filings)
        routes.api(.GET, "units", ":id", "on-duty", operation: "getOnDuty", permission: .viewRoster, use: onDuty)
        routes.api(.POST, "units", ":id", "roster-feed", operation: "createUnitRosterFeed", permission: .viewRoster, use: unitFeed)
        routes.api(.POST, "people", ":id", "roster-feed", operation: "createPersonRosterFeed", permission: .viewRoster, use: personFeed)
        routes.api(.GET, "units", ":id", "roster-swaps", operation: "listRosterSwaps", permission: .viewRoster, use: swaps)
        routes.api(.POST, "units", ":id", "roster-swaps", operation: "requestRosterSwap", permission: .viewRoster, use: requestSwap)
        for step in ["accept", "decline", "approve", "reject", "cancel"] {
            routes.api(.POST, "roster-swaps", ":id", PathComponent(stringLiteral: step), operation: "\(step)RosterSwap", permission: .viewRoster) { req in
                try await swapStep(req, RosterSwap.Step(rawValue: step)!)
            }
        }
        routes.api(.GET, "people", ":id", "trainings", operation: "listTrainings", permission: .viewRoster, use: trainings)
        routes.api(.POST, "people", ":id", "trainings", operation: "addTraining", permission: .manageRoster, use: addTraining)
        routes.api(.GET, "people", ":id", "absences", operation: "listAbsences", permission: .viewRoster, use: absences)
        routes.api(.POST, "people", ":id", "absences", operation: "addAbsence", permission: .manageRoster, use: addAbsence)
    }

    func swaps(req: Request) async throws -> [SwapDTO] {
        let unit = try await req.context().visibleUnit(try req.uuidParameter())
        let rows = try await RosterSwapRecord.query(on: req.db).filter(\.$unit.$id == unit.id!).sort(\.$requestedAt, .descending).limit(500).all()
        return try await SwapService.dto(rows, on: req.db)
    }

    func requestSwap(req: Request) async throws -> Response {
        let unit = try await req.context().visibleUnit(try req.uuidParameter())
        let input = try req.content.decode(SwapInput.self)
        return try await SwapService.request(input, unit: unit, ctx: req.context()).encodeResponse(status: .created, for: req)
    }

    func swapStep(_ req: Request, _ step: RosterSwap.Step) async throws -> SwapDTO {
        guard let swap = try await RosterSwapRecord.find(try req.uuidParameter(), on: req.db) else { throw DutyError.notFound("该调班申请") }
        let input = (try? req.content.decode(SwapStepInput.self)) ?? SwapStepInput()
        return try await SwapService.act(step, on: swap, note: input.note, ctx: req.context())
    }

    /// `?month=2026-12`; without it the coming month (the one being prepared).
    static func month(_ req: Request) throws -> RosterMonthKey {
        guard let text = req.query[String.self, at: "month"], !text.isEmpty else { return RosterMonthKey.coming(req.now) }
        guard let key = RosterMonthKey(text) else { throw DutyError.field("month", "月份应写成 2026-12 这样的形式") }
        return key
    }

    func get(req: Request) async throws -> RosterDTO {
        let unit = try await req.context().visibleUnit(try req.uuidParameter())
        return try await RosterService.view(unit: unit, month: try Self.month(req), ctx: req.context())
    }

    func replace(req: Request) async throws -> RosterDTO {
        let unit = try await req.context().visibleUnit(try req.uuidParameter())
        let key = try Self.month(req)
        let input = try req.content.decode(RosterReplaceInput.self)
        try await RosterService.write(cells: input.assignments, replace: true, unit: unit, month: key, ctx: req.context())
        return try await RosterService.view(unit: unit, month: key, ctx: req.context())
    }

    func setCells(req: Request) async throws -> RosterDTO {
        let unit = try await req.context().visibleUnit(try req.uuidParameter())
        let key = try Self.month(req)
        let input = try req.content.decode(RosterCellsInput.self)
        try await RosterService.write(cells: input.cells, replace: false, unit: unit, month: key, ctx: req.context())
        return try await RosterService.view(unit: unit, month: key, ctx: req.context())
    }

    func autoFill(req: Request) async throws -> RosterDTO {
        let unit = try await req.context().visibleUnit(try req.uuidParameter())
        let key = try Self.month(req)
        let input = req.body.data?.readableBytes ?? 0 > 0 ? try req.content.decode(RosterAutoFillInput.self) : RosterAutoFillInput()
        let unfilled = try await RosterService.autoFill(unit: unit, month: key, rotations: input.rotations, ctx: req.context())
        return try await RosterService.view(unit: unit, month: key, ctx: req.context(), unfilled: unfilled)
    }

    func file(req: Request) async throws -> RosterDTO {
        let unit = try await req.context().visibleUnit(try req.uuidParameter())
        let key = try Self.month(req)
        try await RosterService.file(unit: unit, month: key, ctx: req.context())
        return try await RosterService.view(unit: unit, month: key, ctx: req.context())
    }

    func exportCSV(req: Request) async throws -> Response {
        let unit = try await req.context().visibleUnit(try req.uuidParameter())
        let key = try Self.month(req)
        let view = try await RosterService.view(unit: unit, month: key, ctx: req.context())
        try await req.write { db in
            try await req.audit("roster.export", "unit", unit.id!.uuidString, detail: "\(key) CSV表格", on: db)
        }
        let res = Response(status: .ok, body: .init(data: Data(CSV.encode(RosterTable.csvRows(view), bom: true))))
        res.headers.contentType = HTTPMediaType(type: "text", subType: "csv", parameters: ["charset": "utf-8"])
        let name = "值班表-\(unit.name)-\(key).csv"
        res.headers.replaceOrAdd(
            name: .contentDisposition,
            value: "attachment; filename=\"roster-\(key).csv\"; filename*=UTF-8''"
                + (name.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? "roster.csv"))
        return res
    }

    func getSettings(req: Request) async throws -> RosterSettingsDTO {
        let unit = try await req.context().visibleUnit(try req.uuidParameter())
        let s = try await RosterService.settings(for: unit.id!, on: req.db)
        return Self.settingsDTO(unit.id!, s)
    }

    static func settingsDTO(_ unitID: UUID, _ s: RosterService.Settings) -> RosterSettingsDTO {
        RosterSettingsDTO(
            unitId: unitID, pattern: s.pattern, restRules: s.rules,
            rotations: Dictionary(uniqueKeysWithValues: s.rotations.map { ($0.key.rawValue, $0.value.compactMap(UUID.init(uuidString:))) }), own: s.own)
    }

    func setSettings(req: Request) async throws -> RosterSettingsDTO {
        let unit = try await req.context().visibleUnit(try req.uuidParameter())
        let input = try req.content.decode(RosterSettingsInput.self)
        var s = try await RosterService.settings(for: unit.id!, on: req.db)
        if let p = input.pattern { s.pattern = p }
        if let r = input.restRules { s.rules = r }
        if let rot = input.rotations { s.rotations = try await RosterService.checkedRotations(rot, unitID: unit.id!, on: req.db) }
        try await RosterService.update(s, unit: unit, ctx: req.context())
        s.own = true
        return Self.settingsDTO(unit.id!, s)
    }

    func filings(req: Request) async throws -> RosterFilingsDTO {
        let unit = try await req.context().visibleUnit(try req.uuidParameter())
        return try await RosterService.filings(of: unit, month: try Self.month(req), ctx: req.context())
    }

    func onDuty(req: Request) async throws -> OnDutyDTO {
        let unit = try await req.context().visibleUnit(try req.uuidParameter())
        return try await RosterService.onDuty(under: unit, ctx: req.context())
    }

    func unitFeed(req: Request) async throws -> RosterFeedDTO {
        let unit = try await req.context().visibleUnit(try req.uuidParameter())
        return try await FeedService.rotate(unitID: unit.id!, personID: nil, ctx: req.context())
    }

    func personFeed(req: Request) async throws -> RosterFeedDTO {
        let (person, _) = try await req.context().visiblePerson(try req.uuidParameter())
        return try await FeedService.rotate(unitID: nil, personID: person.id!, ctx: req.context())
    }

    func trainings(req: Request) async throws -> [TrainingDTO] {
        let (person, _) = try await req.context().visiblePerson(try req.uuidParameter())
        return try await TrainingRecord.query(on: req.db).filter(\.$person.$id == person.id!).sort(\.$day).all().map(Self.trainingDTO)
    }

    static func trainingDTO(_ t: TrainingRecord) -> TrainingDTO {
        TrainingDTO(id: t.id!, personId: t.$person.id, date: t.day, course: t.course, recordedBy: t.recordedBy, recordedAt: t.recordedAt)
    }

    func addTraining(req: Request) async throws -> Response {
        let (person, _) = try await req.context().visiblePerson(try req.uuidParameter())
        let input = try req.content.decode(TrainingInput.self)
        let t = try await RosterService.addTraining(person, date: input.date, course: input.course, ctx: req.context())
        return try await Self.trainingDTO(t).encodeResponse(status: .created, for: req)
    }

    func absences(req: Request) async throws -> [AbsenceDTO] {
        let (person, _) = try await req.context().visiblePerson(try req.uuidParameter())
        return try await Absence.query(on: req.db).filter(\.$person.$id == person.id!).filter(\.$cancelledAt == nil).sort(\.$startsAt).all().map(
            Self.absenceDTO)
    }

    static func absenceDTO(_ a: Absence) -> AbsenceDTO {
        AbsenceDTO(
            id: a.id!, personId: a.$person.id, kind: a.kind, startsAt: a.startsAt, endsAt: a.endsAt, reason: a.reason, recordedBy: a.recordedBy,
            recordedAt: a.recordedAt)
    }

    func addAbsence(req: Request) async throws -> Response {
        let (person, _) = try await req.context().visiblePerson(try req.uuidParameter())
        let input = try req.content.decode(AbsenceInput.self)
        let a = try await RosterService.addAbsence(person, input, ctx: req.context())
        return try await Self.absenceDTO(a).encodeResponse(status: .created, for: req)
    }
}

/// The month table as rows: shared by the CSV export and the printable page.
enum RosterTable {
    struct Row {
        var date: CalendarDay
        var weekday: String
        var shift: String
        var names: [DutyLevel: String]
        var note: String
    }

    /// Levels as printed rosters list them: the leader first.
    static let printOrder: [DutyLevel] = [.leader, .sectionLeader, .officer]

    static func rows(_ view: RosterDTO) -> [Row] {
        var byCell: [String: [String]] = [:]
        for a in view.assignments { byCell["\(a.date)|\(a.shiftIndex)|\(a.level.rawValue)", default: []].append(a.personName) }
        var out: [Row] = []
        for d in view.days {
            for s in view.shifts {
                var names: [DutyLevel: String] = [:]
                for level in DutyLevel.allCases { names[level] = (byCell["\(d.date)|\(s.index)|\(level.rawValue)"] ?? []).joined(separator: "、") }
                let note = d.holiday ? "\(d.festival ?? "")放假" : (!d.workingDay ? "" : (d.date.isWeekend ? "调休上班" : ""))
                out.append(Row(date: d.date, weekday: d.weekday, shift: s.label, names: names, note: note))
            }
        }
        return out
    }

    static func csvRows(_ view: RosterDTO) -> [[String]] {
        var table: [[String]] = [["日期", "星期", "班次"] + printOrder.map(\.title) + ["备注"]]
        for r in rows(view) {
            table.append([r.date.description, r.weekday, r.shift] + printOrder.map { r.names[$0] ?? "" } + [r.note])
        }
        return table
    }
}
