import DutyCore
import Fluent
import Vapor

/// Reads and writes rosters: turns stored rows into the domain's `Roster` and `RosterPerson`,
/// runs `RosterValidator` / `RosterAutoFill` on them, and builds the DTOs. The rules themselves
/// live in DutyCore.
enum RosterService {
    // MARK: Settings

    struct Settings: Sendable {
        var pattern: ShiftPattern = .fullDay
        var rules: RestRules = .none
        var rotations: [DutyLevel: [String]] = [:]
        var own = false
    }

    static func settings(for unitID: UUID, on db: any Database) async throws -> Settings {
        guard let row = try await RosterSettingsRecord.find(unitID, on: db) else { return Settings() }
        return decode(row)
    }

    static func settings(for unitIDs: [UUID], on db: any Database) async throws -> [UUID: Settings] {
        guard !unitIDs.isEmpty else { return [:] }
        let rows = try await RosterSettingsRecord.query(on: db).filter(\.$id ~~ unitIDs).all()
        return Dictionary(rows.compactMap { r in r.id.map { ($0, decode(r)) } }, uniquingKeysWith: { a, _ in a })
    }

    private static func decode(_ row: RosterSettingsRecord) -> Settings {
        let d = JSONCoders.decoder
        let pattern = (try? d.decode(ShiftPattern.self, from: Data(row.pattern.utf8))) ?? .fullDay
        let rules = (try? d.decode(RestRules.self, from: Data(row.restRules.utf8))) ?? .none
        let raw = (try? d.decode([String: [String]].self, from: Data(row.rotations.utf8))) ?? [:]
        var rotations: [DutyLevel: [String]] = [:]
        for (k, v) in raw { if let level = DutyLevel(rawValue: k) { rotations[level] = v } }
        return Settings(pattern: pattern, rules: rules, rotations: rotations, own: true)
    }

    static func save(_ s: Settings, for unitID: UUID, actor: String, now: Date, on db: any Database) async throws {
        let e = JSONCoders.encoder
        let row = try await RosterSettingsRecord.find(unitID, on: db) ?? RosterSettingsRecord()
        row.id = unitID
        row.pattern = String(decoding: try e.encode(s.pattern), as: UTF8.self)
        row.restRules = String(decoding: try e.encode(s.rules), as: UTF8.self)
        let raw = Dictionary(uniqueKeysWithValues: s.rotations.map { ($0.key.rawValue, $0.value) })
        row.rotations = String(decoding: try e.encode(raw), as: UTF8.self)
        row.updatedBy = actor
        row.updatedAt = now
        try await row.save(on: db)
    }

    // MARK: The calendar and the filing policy

    /// The shipped notices with every year an administrator entered on top (an entered year
    /// replaces the shipped one), read each time: entering a year on one instance must count on
    /// every instance at once, and the table holds a few dozen rows a year.
    static func calendar(_ app: Application, on db: any Database) async throws -> WorkingDayCalendar {
        let rows = try await CalendarEntryRecord.query(on: db).all()
        var entered: [Int: [HolidayEntry]] = [:]
        for r in rows {
            guard let day = CalendarDay(r.day), let kind = HolidayKind(rawValue: r.kind) else { continue }
            entered[r.noticeYear, default: []].append(HolidayEntry(date: day, kind: kind, festival: r.festival))
        }
        return app.shippedCalendar.merging(WorkingDayCalendar(notices: entered))
    }

    /// The jurisdiction's policy, from the division codes of the unit and its ancestors.
    static func filingPolicy(for unit: OrgUnit, on db: any Database) async throws -> RosterFilingPolicy {
        try await filingPolicies(for: [unit], on: db)[unit.id!] ?? .fallback
    }

    static func filingPolicies(for units: [OrgUnit], on db: any Database) async throws -> [UUID: RosterFilingPolicy] {
        let ids = Set(units.flatMap { $0.unitPath.ids }).compactMap(UUID.init(uuidString:))
        let chain = try await OrgUnit.query(on: db).filter(\.$id ~~ ids).all()
        let codes = Dictionary(chain.compactMap { u in u.id.map { ($0.uuidString, u.code ?? "") } }, uniquingKeysWith: { a, _ in a })
        var out: [UUID: RosterFilingPolicy] = [:]
        for u in units {
            out[u.id!] = RosterFilingPolicy.forDivisions(u.unitPath.ids.compactMap { codes[UUID(uuidString: $0)?.uuidString ?? $0] })
        }
        return out
    }

    static func deadlineDTO(_ policy: RosterFilingPolicy, _ month: RosterMonthKey, calendar: WorkingDayCalendar) -> RosterDeadlineDTO {
        let d = policy.monthlyDeadline(forMonth: month.month, year: month.year, calendar: calendar)!
        return RosterDeadlineDTO(policyId: policy.id, policyName: policy.name, dueDay: d.dueDay, dueAt: d.dueAt, basis: d.basis, calendarKnown: d.calendarKnown)
    }

    static func filingDTO(_ row: RosterMonth?, deadline: RosterDeadlineDTO, now: Date) -> RosterFilingDTO {
        let filedAt = row?.isFiled == true ? row?.filedAt : nil
        let status = RosterFilingPolicy.status(dueAt: row?.dueAt ?? deadline.dueAt, filedAt: filedAt, now: now)
        return RosterFilingDTO(
            status: status.kind, statusTitle: status.title, statusTone: status.tone, filedAt: filedAt, filedBy: row?.isFiled == true ? row?.filedBy : nil)
    }

    // MARK: People

    /// The unit's active people as the roster rules see them, with training and the absences
    /// that touch `first...last` (a day either side, for shifts that run past midnight).
    static func people(of unitID: UUID, from first: CalendarDay, through last: CalendarDay, on db: any Database) async throws -> (
        rows: [Person], persons: [RosterPerson]
    ) {
        let rows = try await Person.query(on: db).filter(\.$unit.$id == unitID).filter(\.$active == true).sort(\.$name).all()
        let persons = try await rosterPersons(rows, from: first, through: last, on: db)
        return (rows, persons)
    }

    static func rosterPersons(_ rows: [Person], from first: CalendarDay, through last: CalendarDay, on db: any Database) async throws -> [RosterPerson] {
        let ids = rows.compactMap(\.id)
        guard !ids.isEmpty else { return [] }
        let trained = Set(try await TrainingRecord.query(on: db).filter(\.$person.$id ~~ ids).all().map(\.$person.id))
        let windowStart = first.adding(days: -1).start()
        let windowEnd = last.adding(days: 2).start()
        let absences = try await Absence.query(on: db).filter(\.$person.$id ~~ ids).filter(\.$cancelledAt == nil)
            .filter(\.$startsAt < windowEnd).filter(\.$endsAt > windowStart).all()
        let byPerson = Dictionary(grouping: absences, by: \.$person.id)
        // A leader's reported trip (领导外出报备) keeps them off the roster too, until the return
        // reported (销假) or, before that, the planned return.
        let trips = try await LeaderAbsence.query(on: db).filter(\.$personID ~~ ids).filter(\.$leaveAt < windowEnd).all()
            .filter { ($0.returnedAt ?? $0.returnAt) > windowStart }
        let tripsByPerson = Dictionary(grouping: trips) { $0.personID! }
        return rows.map { p in
            RosterPerson(
                id: p.id!.uuidString, name: p.name, category: EmploymentCategory(rawValue: p.category) ?? .established,
                hasPreDutyTraining: trained.contains(p.id!),
                absences: (byPerson[p.id!] ?? []).map { .init(from: $0.startsAt, to: $0.endsAt, reason: $0.awayKind.describe(reason: $0.reason)) }
                    + (tripsByPerson[p.id!] ?? []).map {
                        .init(from: $0.leaveAt, to: $0.returnedAt ?? $0.returnAt, reason: "外出报备：\($0.reason)（\($0.destination)）")
                    })
        }
    }

    // MARK: Month rosters

    static func month(_ unitID: UUID, _ key: RosterMonthKey, on db: any Database) async throws -> RosterMonth? {
        try await RosterMonth.query(on: db).filter(\.$unit.$id == unitID).filter(\.$year == key.year).filter(\.$month == key.month).first()
    }

    static func assignments(of row: RosterMonth?, on db: any Database) async throws -> [RosterAssignmentRecord] {
        guard let id = row?.id else { return [] }
        return try await RosterAssignmentRecord.query(on: db).filter(\.$roster.$id == id).all()
    }

    static func domain(_ r: RosterAssignmentRecord) -> RosterAssignment? {
        guard let day = CalendarDay(r.day), let level = DutyLevel(rawValue: r.level) else { return nil }
        return RosterAssignment(slot: ShiftSlot(day: day, shiftIndex: r.shiftIndex), level: level, personID: r.$person.id.uuidString)
    }

    /// The last days of the previous month, so the rest rules hold across the month boundary.
    static func earlier(_ unitID: UUID, before first: CalendarDay, on db: any Database) async throws -> [RosterAssignment] {
        let from = first.adding(days: -3).description
        let rows = try await RosterAssignmentRecord.query(on: db).filter(\.$unitID == unitID).filter(\.$day >= from).filter(\.$day < first.description).all()
        return rows.compactMap(domain)
    }

    /// Everything the roster page and the API show for one unit and month.
    static func view(unit: OrgUnit, month key: RosterMonthKey, ctx: ServiceContext, unfilled: [RosterAutoFill.Unfilled]? = nil) async throws -> RosterDTO {
        let db = ctx.db
        let unitID = unit.id!
        let settings = try await settings(for: unitID, on: db)
        let row = try await month(unitID, key, on: db)
        let records = try await assignments(of: row, on: db)
        let (people, persons) = try await people(of: unitID, from: key.firstDay, through: key.lastDay, on: db)
        var names = Dictionary(people.map { ($0.id!.uuidString, $0.name) }, uniquingKeysWith: { a, _ in a })
        // Someone since moved to another unit or deactivated still shows by name.
        let missing = Set(records.map(\.$person.id)).filter { names[$0.uuidString] == nil }
        var outsiders: [Person] = []
        if !missing.isEmpty {
            outsiders = try await Person.query(on: db).filter(\.$id ~~ Array(missing)).all()
            for p in outsiders { names[p.id!.uuidString] = p.name }
        }
        let allPersons = persons + (try await rosterPersons(outsiders, from: key.firstDay, through: key.lastDay, on: db))
        let roster = Roster(year: key.year, month: key.month, pattern: settings.pattern, assignments: records.compactMap(domain))!
        let earlier = try await earlier(unitID, before: key.firstDay, on: db)
        let problems = RosterValidator.validate(roster, persons: allPersons, rules: settings.rules, earlier: earlier)
        let loads = RosterAutoFill.loads(roster, persons: allPersons, rotations: settings.rotations)
        let calendar = try await calendar(ctx.app, on: db)
        let policy = try await filingPolicy(for: unit, on: db)
        let deadline = deadlineDTO(policy, key, calendar: calendar)
        let filing = filingDTO(row, deadline: deadline, now: ctx.now)
        return RosterDTO(
            unitId: unitID, unitName: unit.name, month: key.description, title: key.title,
            status: row?.monthStatus ?? .draft, statusTitle: (row?.monthStatus ?? .draft).title,
            deadline: deadline, filing: filing,
            shifts: settings.pattern.shifts.indices.map { i in
                let s = settings.pattern.shifts[i]
                return RosterShiftDTO(
                    index: i, label: settings.pattern.label(ofShift: i), startHour: s.startHour, startMinute: s.startMinute, durationMinutes: s.durationMinutes)
            },
            days: roster.days.map { d in
                RosterDayDTO(
                    date: d, weekday: d.weekday.title, workingDay: calendar.isWorkingDay(d), holiday: calendar.isHoliday(d),
                    festival: calendar.festival(on: d).map(HolidayEntry.chineseFestivalName))
            },
            assignments: records.compactMap { r in
                guard let day = CalendarDay(r.day), let level = DutyLevel(rawValue: r.level) else { return nil }
                return RosterAssignmentDTO(
                    date: day, shiftIndex: r.shiftIndex, level: level, personId: r.$person.id, personName: names[r.$person.id.uuidString] ?? "")
            }.sorted {
                ($0.date, $0.shiftIndex, DutyLevel.allCases.firstIndex(of: $0.level)!) < ($1.date, $1.shiftIndex, DutyLevel.allCases.firstIndex(of: $1.level)!)
            },
            problems: problems.map { p in
                RosterProblemDTO(
                    code: p.code, message: p.message, date: p.day, shiftIndex: p.shiftIndex, level: p.level, personId: p.personID,
                    personName: p.personID.flatMap { names[$0] })
            },
            gapCount: problems.filter { $0.kind == .gap }.count,
            loads: loads.map { l in
                RosterLoadDTO(
                    personId: l.personID, name: names[l.personID] ?? l.name, shifts: l.shifts, hours: l.hours,
                    byLevel: Dictionary(uniqueKeysWithValues: l.byLevel.map { ($0.key.rawValue, $0.value) }))
            },
            unfilled: unfilled?.map {
                RosterUnfilledDTO(date: $0.slot.day, shiftIndex: $0.slot.shiftIndex, level: $0.level, code: $0.code.rawValue, message: $0.message)
            })
    }

    static func filedError(_ row: RosterMonth) -> RosterError { .filed(year: row.year, month: row.month, filedAt: row.filedAt) }

    /// Checks cells against the month and the unit, then writes them in the caller's transaction.
    /// `replace`: the cells are the whole month (cells not listed are cleared).
    static func write(cells: [RosterCellInput], replace: Bool, unit: OrgUnit, month key: RosterMonthKey, ctx: ServiceContext) async throws {
        let unitID = unit.id!
        let settings = try await settings(for: unitID, on: ctx.db)
        var problems: [DutyError.FieldProblem] = []
        var seen: Set<String> = []
        let personIDs = Set(cells.compactMap(\.personId))
        let known = Set(try await Person.query(on: ctx.db).filter(\.$id ~~ Array(personIDs)).filter(\.$unit.$id == unitID).all().compactMap(\.id))
        for (i, c) in cells.enumerated() {
            let shift = c.shiftIndex ?? 0
            if c.date < key.firstDay || c.date > key.lastDay {
                problems.append(.init(row: i + 1, field: "date", message: "\(c.date)不在\(key.title)内"))
            }
            if !settings.pattern.shifts.indices.contains(shift) {
                problems.append(.init(row: i + 1, field: "shiftIndex", message: "本单位班次设置中没有第\(shift + 1)班"))
            }
            if let p = c.personId, !known.contains(p) {
                problems.append(.init(row: i + 1, field: "personId", message: "第\(i + 1)项：所选人员不是\(unit.name)的人员"))
            }
            if !seen.insert("\(c.date)|\(shift)|\(c.level.rawValue)").inserted {
                problems.append(.init(row: i + 1, field: "date", message: "\(c.date.shortChineseTitle)\(c.level.title)重复填写"))
            }
        }
        if !problems.isEmpty { throw DutyError.invalid("值班表有误，未保存：" + problems.prefix(5).map(\.message).joined(separator: "；"), details: problems) }

        let now = ctx.now
        let detail = "\(key) \(replace ? "整月" : "\(cells.count)格")"
        try await ctx.write { db in
            let row = try await ensureMonth(unitID, key, now: now, on: db)
            if row.isFiled { throw filedError(row) }
            let rosterID = row.id!
            if replace {
                try await RosterAssignmentRecord.query(on: db).filter(\.$roster.$id == rosterID).delete()
            } else {
                for c in cells {
                    try await RosterAssignmentRecord.query(on: db).filter(\.$roster.$id == rosterID).filter(\.$day == c.date.description)
                        .filter(\.$shiftIndex == (c.shiftIndex ?? 0)).filter(\.$level == c.level.rawValue).delete()
                }
            }
            for c in cells {
                guard let p = c.personId else { continue }
                try await newAssignment(
                    rosterID, unitID, RosterAssignment(slot: ShiftSlot(day: c.date, shiftIndex: c.shiftIndex ?? 0), level: c.level, personID: p.uuidString)
                ).create(on: db)
            }
            row.updatedAt = now
            try await row.save(on: db)
            try await ctx.audit("roster.edit", "unit", unitID.uuidString, detail: detail, on: db)
        }
    }

    static func ensureMonth(_ unitID: UUID, _ key: RosterMonthKey, now: Date, on db: any Database) async throws -> RosterMonth {
        if let row = try await month(unitID, key, on: db) { return row }
        let row = RosterMonth()
        row.id = UUID()
        row.$unit.id = unitID
        row.year = key.year
        row.month = key.month
        row.status = RosterMonthStatus.draft.rawValue
        row.updatedAt = now
        try await row.create(on: db)
        return row
    }

    static func newAssignment(_ rosterID: UUID, _ unitID: UUID, _ a: RosterAssignment) -> RosterAssignmentRecord {
        let r = RosterAssignmentRecord()
        r.id = UUID()
        r.$roster.id = rosterID
        r.unitID = unitID
        r.day = a.slot.day.description
        r.shiftIndex = a.slot.shiftIndex
        r.level = a.level.rawValue
        r.$person.id = UUID(uuidString: a.personID)!
        return r
    }

    /// Fills the month's empty cells from the rotation lists; existing entries stay.
    static func autoFill(unit: OrgUnit, month key: RosterMonthKey, rotations override: [String: [UUID]]?, ctx: ServiceContext) async throws -> [RosterAutoFill
        .Unfilled]
    {
        let unitID = unit.id!
        var settings = try await settings(for: unitID, on: ctx.db)
        if let override {
            settings.rotations = try await checkedRotations(override, unitID: unitID, on: ctx.db)
        }
        guard DutyLevel.allCases.contains(where: { !(settings.rotations[$0] ?? []).isEmpty }) else {
            throw RosterError.noRotation
        }
        let row = try await month(unitID, key, on: ctx.db)
        if let row, row.isFiled { throw filedError(row) }
        let existing = try await assignments(of: row, on: ctx.db).compactMap(domain)
        let (_, persons) = try await people(of: unitID, from: key.firstDay, through: key.lastDay, on: ctx.db)
        let earlier = try await earlier(unitID, before: key.firstDay, on: ctx.db)
        let roster = Roster(year: key.year, month: key.month, pattern: settings.pattern, assignments: existing)!
        let outcome: RosterAutoFill.Outcome
        do {
            outcome = try RosterAutoFill.fill(roster, persons: persons, rotations: settings.rotations, rules: settings.rules, earlier: earlier)
        } catch let e as RosterAutoFill.PatternError {
            throw RosterError.pattern(e)
        }
        let have = Set(existing)
        let added = outcome.roster.assignments.filter { !have.contains($0) }
        let now = ctx.now
        try await ctx.write { db in
            let row = try await ensureMonth(unitID, key, now: now, on: db)
            if row.isFiled { throw filedError(row) }
            for a in added { try await newAssignment(row.id!, unitID, a).create(on: db) }
            row.updatedAt = now
            try await row.save(on: db)
            try await ctx.audit("roster.autofill", "unit", unitID.uuidString, detail: "\(key) 新排\(added.count)格，未排\(outcome.unfilled.count)格", on: db)
        }
        return outcome.unfilled
    }

    static func checkedRotations(_ raw: [String: [UUID]], unitID: UUID, on db: any Database) async throws -> [DutyLevel: [String]] {
        var out: [DutyLevel: [String]] = [:]
        let ids = Set(raw.values.flatMap { $0 })
        let known = Set(try await Person.query(on: db).filter(\.$id ~~ Array(ids)).filter(\.$unit.$id == unitID).all().compactMap(\.id))
        for (k, list) in raw {
            guard let level = DutyLevel(rawValue: k) else {
                throw DutyError.field("rotations", "轮值名单的级别应为 leader（带班领导）、section_leader（值班科(处)领导）或 officer（值班员），不是“\(k)”")
            }
            if list.contains(where: { !known.contains($0) }) { throw DutyError.field("rotations", "\(level.title)轮值名单中有不是本单位的人员") }
            out[level] = list.map(\.uuidString)
        }
        return out
    }

    /// 报备: refused while the validator finds anything, since the filed month is what the
    /// superior relies on for 365×24 three-level coverage.
    static func file(unit: OrgUnit, month key: RosterMonthKey, ctx: ServiceContext) async throws {
        let view = try await view(unit: unit, month: key, ctx: ctx)
        guard view.status.isEditable else {
            throw RosterError.alreadyFiled(key)
        }
        guard !view.assignments.isEmpty else {
            throw RosterError.empty(key)
        }
        if !view.problems.isEmpty {
            let shown = view.problems.prefix(5).map(\.message).joined(separator: "；")
            throw RosterError.hasProblems(
                count: view.problems.count, gaps: view.gapCount, shown: shown, details: view.problems.map { .init(field: $0.code, message: $0.message) })
        }
        let now = ctx.now
        let actor = ctx.actor
        let dueAt = view.deadline.dueAt
        let status = RosterFilingPolicy.status(dueAt: dueAt, filedAt: now, now: now)
        // Filing goes to the superior and to the same-level government's duty office.
        var recipients: [OrgUnit] = []
        if let parentID = unit.parentID, let parent = try await OrgUnit.find(parentID, on: ctx.db) { recipients.append(parent) }
        if let office = try await IncidentService.approvingOffice(for: unit, on: ctx.db) { recipients.append(office) }
        try await ctx.write { db in
            let row = try await ensureMonth(unit.id!, key, now: now, on: db)
            if row.isFiled { throw filedError(row) }
            row.status = RosterMonthStatus.filed.rawValue
            row.filedAt = now
            row.filedBy = actor.user.displayName
            row.dueAt = dueAt
            row.updatedAt = now
            try await row.save(on: db)
            try await ctx.audit("roster.file", "unit", unit.id!.uuidString, detail: "\(key) \(status.title)", on: db)
            for r in recipients {
                let notice = OutboundNotice.rosterFiled(
                    byUnit: unit.name, to: r.name, monthTitle: key.title, statusTitle: status.title,
                    link: "/rosters?unitID=\(unit.id!.uuidString)&month=\(key)")
                try await Outbox.enqueue(notice, unitID: r.id!, now: now, on: db)
            }
        }
        ctx.app.outboxWorker?.nudge()
    }

    // MARK: The superior's view

    static func filings(of unit: OrgUnit, month key: RosterMonthKey, ctx: ServiceContext) async throws -> RosterFilingsDTO {
        let db = ctx.db
        let below = try await ctx.visibleUnits(includeInactive: false).filter { $0.id != unit.id && unit.unitPath.covers($0.unitPath) }
        let ids = below.compactMap(\.id)
        let months =
            ids.isEmpty ? [] : try await RosterMonth.query(on: db).filter(\.$unit.$id ~~ ids).filter(\.$year == key.year).filter(\.$month == key.month).all()
        let byUnit = Dictionary(months.map { ($0.$unit.id, $0) }, uniquingKeysWith: { a, _ in a })
        let rosterIDs = months.compactMap(\.id)
        var filled: [UUID: Set<String>] = [:]
        if !rosterIDs.isEmpty {
            for r in try await RosterAssignmentRecord.query(on: db).filter(\.$roster.$id ~~ rosterIDs).all() {
                filled[r.unitID, default: []].insert("\(r.day)|\(r.shiftIndex)|\(r.level)")
            }
        }
        let settings = try await settings(for: ids, on: db)
        let policies = try await filingPolicies(for: below, on: db)
        let calendar = try await calendar(ctx.app, on: db)
        let baseDepth = unit.unitPath.depth
        let days = key.firstDay.days(until: key.lastDay) + 1
        let holiday = calendar.nextHolidayPeriod(after: CalendarDay(ctx.now))
        let holidayKeys = holiday?.months.compactMap { RosterMonthKey(year: $0.year, month: $0.month) } ?? []
        var holidayMonths: [UUID: [RosterMonthKey: RosterMonth]] = [:]
        for k in ids.isEmpty ? [] : holidayKeys {
            for m in try await RosterMonth.query(on: db).filter(\.$unit.$id ~~ ids).filter(\.$year == k.year).filter(\.$month == k.month).all() {
                holidayMonths[m.$unit.id, default: [:]][k] = m
            }
        }
        let rows = below.map { u -> RosterFilingRowDTO in
            let id = u.id!
            let policy = policies[id] ?? .fallback
            let deadline = deadlineDTO(policy, key, calendar: calendar)
            let shifts = (settings[id]?.pattern ?? .fullDay).shifts.count
            let total = days * shifts * DutyLevel.allCases.count
            let have = filled[id]?.count ?? 0
            let holidayDeadline = holiday.flatMap { policy.holidayDeadline(for: $0, calendar: calendar) }.map {
                RosterDeadlineDTO(
                    policyId: policy.id, policyName: policy.name, dueDay: $0.dueDay, dueAt: $0.dueAt, basis: $0.basis, calendarKnown: $0.calendarKnown)
            }
            let holidayFiling = holidayDeadline.map { d -> RosterFilingDTO in
                let filedAt = RosterFilingPolicy.holidayRosterFiledAt(holidayKeys.map { k in holidayMonths[id]?[k].flatMap { $0.isFiled ? $0.filedAt : nil } })
                let status = RosterFilingPolicy.status(dueAt: d.dueAt, filedAt: filedAt, now: ctx.now)
                return RosterFilingDTO(status: status.kind, statusTitle: status.title, statusTone: status.tone, filedAt: filedAt, filedBy: nil)
            }
            return RosterFilingRowDTO(
                unitId: id, unitName: u.name, code: u.code, depth: max(0, u.unitPath.depth - baseDepth - 1), deadline: deadline,
                filing: filingDTO(byUnit[id], deadline: deadline, now: ctx.now), gapCount: max(0, total - have), filledCells: have, totalCells: total,
                holidayDeadline: holidayDeadline, holidayFiling: holidayFiling)
        }
        return RosterFilingsDTO(
            unitId: unit.id!, month: key.description, title: key.title, units: rows,
            holiday: holiday.map { HolidayPeriodDTO(title: $0.title, firstDay: $0.firstDay, lastDay: $0.lastDay, days: $0.days.count) })
    }

    // MARK: Who is on duty now

    /// A unit's roster from yesterday through tomorrow: every shift that may be running around
    /// an instant (a night shift that began yesterday, the next day's first shift).
    static func roster(of unitID: UUID, around now: Date, on db: any Database) async throws -> Roster {
        let today = CalendarDay(now)
        let rows = try await RosterAssignmentRecord.query(on: db).filter(\.$unitID == unitID)
            .filter(\.$day >= today.adding(days: -1).description).filter(\.$day <= today.adding(days: 1).description).all()
        let pattern = try await settings(for: unitID, on: db).pattern
        return Roster(firstDay: today.adding(days: -1), lastDay: today.adding(days: 1), pattern: pattern, assignments: rows.compactMap(domain))
    }

    /// 在岗核对 (RosterPresenceRule): the acting officer against the roster of their unit around
    /// now, with the names of those the roster has on duty then (for the refusal's message).
    static func presence(ctx: ServiceContext, margin: TimeInterval, standIn raw: String?) async throws -> (RosterPresence, onDuty: [String]) {
        let standIn = try HandoverField.standIn.accepted(raw)
        let roster = try await roster(of: ctx.actor.unit.id!, around: ctx.now, on: ctx.db)
        let presence = RosterPresenceRule.check(
            person: ctx.actor.user.$person.id?.uuidString, roster: roster, at: ctx.now, margin: margin, standInReason: standIn)
        let ids = RosterPresenceRule.rostered(roster, around: ctx.now, margin: margin).compactMap(UUID.init(uuidString:))
        let names = ids.isEmpty ? [] : try await Person.query(on: ctx.db).filter(\.$id ~~ ids).sort(\.$name).all().map(\.name)
        return (presence, names)
    }

    /// `subordinates: false`: the unit alone (the wall display), without reading its subtree.
    static func onDuty(under unit: OrgUnit, subordinates: Bool = true, ctx: ServiceContext) async throws -> OnDutyDTO {
        let db = ctx.db
        let now = ctx.now
        let units = subordinates ? try await ctx.visibleUnits(includeInactive: false).filter { unit.unitPath.covers($0.unitPath) } : [unit]
        let ids = units.compactMap(\.id)
        let today = CalendarDay(now)
        // A shift that started yesterday (a 24-hour one, or a night shift) may still be running.
        let rows = try await RosterAssignmentRecord.query(on: db).filter(\.$unitID ~~ ids)
            .filter(\.$day >= today.adding(days: -1).description).filter(\.$day <= today.description).all()
        let people = Dictionary(
            try await Person.query(on: db).filter(\.$id ~~ Array(Set(rows.map(\.$person.id)))).all().map { ($0.id!, $0) }, uniquingKeysWith: { a, _ in a })
        let settings = try await settings(for: ids, on: db)
        let byUnit = Dictionary(grouping: rows, by: \.unitID)
        let baseDepth = unit.unitPath.depth
        return OnDutyDTO(
            at: now,
            units: units.map { u in
                let id = u.id!
                let pattern = settings[id]?.pattern ?? .fullDay
                let assignments = (byUnit[id] ?? []).compactMap(domain)
                let roster = Roster(firstDay: today.adding(days: -1), lastDay: today, pattern: pattern, assignments: assignments)
                let on = roster.onDuty(at: now)
                let slot = roster.slots.first { pattern.start(of: $0) <= now && now < pattern.end(of: $0) }
                let levels = DutyLevel.allCases.map { level in
                    OnDutyLevelDTO(
                        level: level, title: level.title,
                        people: (on[level] ?? []).compactMap { pid in
                            guard let uuid = UUID(uuidString: pid), let p = people[uuid] else { return nil }
                            return OnDutyPersonDTO(personId: uuid, name: p.name, mobile: p.mobile)
                        })
                }
                return OnDutyUnitDTO(
                    unitId: id, unitName: u.name, depth: max(0, u.unitPath.depth - baseDepth), shift: slot.map { pattern.label(of: $0) }, levels: levels,
                    uncovered: levels.filter { $0.people.isEmpty }.map(\.level))
            })
    }
}

extension Application {
    private struct ShippedCalendarKey: StorageKey { typealias Value = WorkingDayCalendar }
    /// The State Council notices shipped in Resources/data, read once at start-up.
    var shippedCalendar: WorkingDayCalendar {
        get { storage[ShippedCalendarKey.self] ?? WorkingDayCalendar() }
        set { storage[ShippedCalendarKey.self] = newValue }
    }
}

extension RosterService {
    /// A pre-duty training record (岗前培训, S001 第二十九条): without one a person is not scheduled.
    static func addTraining(_ person: Person, date: CalendarDay, course raw: String, ctx: ServiceContext) async throws -> TrainingRecord {
        let course = try PersonRecordField.course.accepted(raw)
        guard date <= CalendarDay(ctx.now) else { throw DutyError.field("date", "培训日期不能晚于今天") }
        let actor = ctx.actor
        let t = TrainingRecord()
        t.id = UUID.timeOrdered(at: ctx.now)
        t.$person.id = person.id!
        t.day = date.description
        t.course = course
        t.recordedBy = actor.user.displayName
        t.recordedAt = ctx.now
        try await ctx.write { db in
            try await t.create(on: db)
            try await ctx.audit("training.add", "person", person.id!.uuidString, detail: "\(date) \(course)", on: db)
        }
        return t
    }

    /// Leave, a trip or training: the person is not scheduled while away.
    static func addAbsence(_ person: Person, _ input: AbsenceInput, ctx: ServiceContext) async throws -> Absence {
        guard let kind = AwayKind(rawValue: input.kind ?? AwayKind.leave.rawValue) else {
            throw DutyError.field("kind", "类型应为 " + AwayKind.allCases.map { "\($0.rawValue)（\($0.title)）" }.joined(separator: "、"))
        }
        guard input.endsAt > input.startsAt else { throw DutyError.field("endsAt", "返回时间应晚于离开时间") }
        let reason = try PersonRecordField.reason.accepted(input.reason)
        let actor = ctx.actor
        let a = Absence()
        a.id = UUID.timeOrdered(at: ctx.now)
        a.$person.id = person.id!
        a.kind = kind.rawValue
        a.startsAt = input.startsAt
        a.endsAt = input.endsAt
        a.reason = reason
        a.recordedBy = actor.user.displayName
        a.recordedAt = ctx.now
        try await ctx.write { db in
            try await a.create(on: db)
            try await ctx.audit(
                "absence.add", "person", person.id!.uuidString,
                detail: "\(kind) \(ShanghaiTime.format(input.startsAt, "yyyy-MM-dd HH:mm"))—\(ShanghaiTime.format(input.endsAt, "yyyy-MM-dd HH:mm"))", on: db)
        }
        return a
    }
}

extension RosterService {
    /// Checks and stores a unit's shift pattern, rest rules and rotations (API and page).
    static func update(_ s: Settings, unit: OrgUnit, ctx: ServiceContext) async throws {
        let problems = s.pattern.problems
        if !problems.isEmpty {
            throw DutyError.invalid("班次设置有误：" + problems.joined(separator: "；"), details: problems.map { .init(field: "pattern", message: $0) })
        }
        if let m = s.rules.maxShiftsPerMonth, m < 1 { throw DutyError.field("restRules", "每月最多值班次数应至少为1") }
        if let h = s.rules.minRestHoursBetweenShifts, h < 0 || h > 240 { throw DutyError.field("restRules", "两班之间最少休息小时数应在0到240之间") }
        let actor = ctx.actor
        try await ctx.write { db in
            try await save(s, for: unit.id!, actor: actor.user.username, now: ctx.now, on: db)
            try await ctx.audit("roster.settings", "unit", unit.id!.uuidString, detail: "\(s.pattern.shifts.count)班", on: db)
        }
    }
}
