import DutyCore
import Fluent
import Vapor

/// The working-day calendar (法定节假日和调休): the shipped notices plus the years administrators
/// entered. Every "working day" in the system (roster due days) is computed on it.
struct CalendarAPIController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.api(.GET, "calendar", operation: "getWorkingDayCalendar", permission: .viewRoster, use: get)
        routes.api(.PUT, "calendar", operation: "enterCalendarYear", permission: .manageCalendar, body: .collect(maxSize: "1mb"), use: put)
    }

    static func year(_ req: Request) throws -> Int {
        guard let text = req.query[String.self, at: "year"], !text.isEmpty else { return CalendarDay(req.now).year }
        guard let y = Int(text), (2000...2100).contains(y) else { throw DutyError.field("year", "年份应为2000到2100之间的四位数字") }
        return y
    }

    func get(req: Request) async throws -> CalendarYearDTO {
        try await Self.view(year: try Self.year(req), ctx: req.context())
    }

    static func view(year: Int, ctx: ServiceContext) async throws -> CalendarYearDTO {
        let entered = try await CalendarEntryRecord.query(on: ctx.db).filter(\.$noticeYear == year).count() > 0
        let cal = try await RosterService.calendar(ctx.app, on: ctx.db)
        let entries = (cal.notices[year] ?? []).map {
            CalendarEntryDTO(date: $0.date, kind: $0.kind, kindTitle: $0.kind.title, festival: $0.festival, festivalTitle: $0.festivalTitle)
        }
        return CalendarYearDTO(
            year: year, covered: cal.covers(year: year), source: entered ? "entered" : (ctx.app.shippedCalendar.covers(year: year) ? "shipped" : "none"),
            workingDays: (1...12).reduce(0) { $0 + cal.workingDayCount(inMonth: $1, year: year) }, entries: entries,
            holidays: cal.holidayPeriods(inYear: year).map { HolidayPeriodDTO(title: $0.title, firstDay: $0.firstDay, lastDay: $0.lastDay, days: $0.dayCount) })
    }

    /// The body is the notice as CSV (`date,kind,festival`), as text/csv or text/plain, or JSON
    /// `{"csv": "..."}`. It replaces whatever was entered for that year; nothing is written
    /// when any line is wrong, and each wrong line is named by its number.
    func put(req: Request) async throws -> CalendarYearDTO {
        try Self.requireNationalAdministrator(req.context())
        let year = try Self.year(req)
        let text: String
        if req.headers.contentType == .json {
            struct Body: Decodable { var csv: String }
            text = try req.content.decode(Body.self).csv
        } else {
            text = req.body.string ?? ""
        }
        try await Self.enter(year: year, csv: text, ctx: req.context())
        return try await Self.view(year: year, ctx: req.context())
    }

    /// Checks and stores a year's notice (the API and the calendar page).
    /// The notice binds the whole country: one county's administrator must not change every
    /// unit's due days, so only the ministry's and the provinces' administrators enter it.
    static func requireNationalAdministrator(_ ctx: ServiceContext) throws {
        guard ctx.actor.unit.unitPath.depth <= 2 else {
            throw AccessError.holidaysByNationalAdministrator
        }
    }

    static func enter(year: Int, csv text: String, ctx: ServiceContext) async throws {
        let actor = ctx.actor
        try requireNationalAdministrator(ctx)
        let entries: [HolidayEntry]
        do {
            let parsed = try WorkingDayCalendar.parseEntries(csv: text)
            _ = try ctx.app.shippedCalendar.merging(year: year, entries: parsed)
            entries = parsed
        } catch let e as HolidayDataError {
            throw DutyError(
                "calendar_invalid", .unprocessableEntity, "\(year)年放假安排有误，未录入：" + e.message,
                details: e.issues.map { .init(row: $0.line, field: $0.code.rawValue, message: $0.message) })
        }
        let now = ctx.now
        try await ctx.write { db in
            try await CalendarEntryRecord.query(on: db).filter(\.$noticeYear == year).delete()
            for entry in entries {
                let r = CalendarEntryRecord()
                r.id = UUID()
                r.noticeYear = year
                r.day = entry.date.description
                r.kind = entry.kind.rawValue
                r.festival = entry.festival
                r.enteredBy = actor.user.username
                r.enteredAt = now
                try await r.create(on: db)
            }
            try await ctx.audit("calendar.enter", "calendar", String(year), detail: "\(entries.count)条", on: db)
        }
    }
}
