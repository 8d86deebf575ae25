import DutyCore
import Vapor

/// 法定节假日和调休: the year's arrangement every working-day rule uses, and for the ministry's
/// and the provinces' administrators the form to enter the next year's State Council notice.
struct CalendarWebController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.guarded(.viewRoster).get("calendar", use: show)
        routes.guarded(.manageCalendar).on(.POST, "calendar", body: .collect(maxSize: "1mb"), use: enter)
    }

    struct EntryRow: Encodable {
        let dateText: String
        let weekday: String
        let kind: String
        let kindTitle: String
        let festival: String
    }

    struct CalendarPage: Encodable {
        let year: Int
        let previousYear: Int
        let nextYear: Int
        let covered: Bool
        let sourceText: String
        let workingDays: Int
        let holidays: [String]
        let entries: [EntryRow]
        let nextYearMissing: Bool
        let canEnter: Bool
        let csv: String
        let error: String?
        let saved: Bool
    }

    func show(req: Request) async throws -> Response {
        try await render(req, year: try CalendarAPIController.year(req), csv: "", error: nil, status: .ok)
    }

    func render(_ req: Request, year: Int, csv: String, error: String?, status: HTTPResponseStatus) async throws -> Response {
        let actor = try req.requireActor()
        let y = try await CalendarAPIController.view(year: year, ctx: req.context())
        let cal = try await RosterService.calendar(req.application, on: req.db)
        let source: String
        switch y.source {
        case "entered": source = "由管理员录入"
        case "shipped": source = "随系统提供"
        default: source = "尚未录入"
        }
        let view = CalendarPage(
            year: year, previousYear: year - 1, nextYear: year + 1, covered: y.covered, sourceText: source, workingDays: y.workingDays,
            holidays: y.holidays.map { "\($0.title)：\($0.firstDay.shortChineseTitle)至\($0.lastDay.shortChineseTitle)，共\($0.days)天" },
            entries: y.entries.map {
                EntryRow(
                    dateText: $0.date.description, weekday: $0.date.weekday.title, kind: $0.kind.rawValue, kindTitle: $0.kindTitle, festival: $0.festivalTitle)
            },
            nextYearMissing: !cal.covers(year: CalendarDay(req.now).year + 1),
            canEnter: actor.can(.manageCalendar) && actor.unitPath.depth <= 2, csv: csv, error: error,
            saved: req.query[String.self, at: "saved"] == "1")
        return try await req.page("calendar", title: "\(year)年节假日安排", nav: "rosters", view, status: status)
    }

    struct EntryForm: Content {
        var year: Int?
        var csv: String?
    }

    func enter(req: Request) async throws -> Response {
        let f = try req.content.decode(EntryForm.self)
        let year = f.year ?? CalendarDay(req.now).year + 1
        let error = try await req.attempt { try await CalendarAPIController.enter(year: year, csv: f.csv ?? "", ctx: req.context()) }
        if let error { return try await render(req, year: year, csv: f.csv ?? "", error: error.message, status: error.status) }
        return req.redirect(to: "/calendar?year=\(year)&saved=1")
    }
}
