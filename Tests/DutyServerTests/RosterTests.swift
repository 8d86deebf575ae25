import DutyCore
import Fluent
import Vapor
import XCTest

@testable import DutyServer

/// Duty rosters through the API: editing with the validator's findings inline, auto-fill, filing
/// and the superior's view, the access rule, the calendar, feeds and who is on duty now.
final class RosterTests: XCTestCase {
    /// Cells of a unit's month as the API returns them: "date|shift|level" → person id.
    func cells(_ r: TestApp.Reply) throws -> [String: String] {
        var out: [String: String] = [:]
        for a in try r.decode(RosterDTO.self).assignments {
            out["\(a.date)|\(a.shiftIndex)|\(a.level.rawValue)"] = a.personId.uuidString
        }
        return out
    }

    func problems(_ r: TestApp.Reply) throws -> [RosterProblemDTO] { try r.decode(RosterDTO.self).problems }

    func testSettingCellsShowsTheValidatorsProblemsWithTheirPlace() async throws {
        try await withApp { t in
            let token = try await t.login("xuchang.section")
            let city = try await t.unitID(code: "411000")
            let draft = try await t.send(.GET, "/api/v1/units/\(city)/roster?month=2026-12", token: token)
            XCTAssertEqual(draft.status, .ok)
            let month = try draft.decode(RosterDTO.self)
            XCTAssertEqual(month.status.rawValue, "draft")
            XCTAssertEqual(month.problems.count, 0, "the demo draft passes: \(month.problems.prefix(2))")
            XCTAssertEqual(month.deadline.policyId, "xuchang")
            XCTAssertEqual(month.deadline.dueDay.description, "2026-11-30")
            XCTAssertEqual(month.filing.status, .notYetDue)
            XCTAssertFalse(month.loads.isEmpty)

            // The officer of 12月5日 also as section leader the same shift; 12月6日 left empty;
            // a temporary worker (临聘) on 12月7日.
            let existing = try cells(draft)
            let officer = try XCTUnwrap(existing["2026-12-05|0|officer"])
            let temp = try await Person.query(on: t.app.db).filter(\.$unit.$id == UUID(uuidString: city)!).filter(\.$category != "established").first()!
            let r = try await t.send(
                .PATCH, "/api/v1/units/\(city)/roster?month=2026-12", token: token,
                json: [
                    "cells": [
                        ["date": "2026-12-05", "shiftIndex": 0, "level": "section_leader", "personId": officer],
                        ["date": "2026-12-06", "shiftIndex": 0, "level": "leader", "personId": NSNull()],
                        ["date": "2026-12-07", "shiftIndex": 0, "level": "officer", "personId": temp.id!.uuidString],
                    ]
                ])
            XCTAssertEqual(r.status, .ok, r.text)
            let editsAfterSave = try await t.auditEntries(action: "roster.edit").count
            let found = try problems(r)
            let codes = Set(found.map(\.code))
            XCTAssertTrue(codes.contains("roster_two_levels_one_shift"), "\(codes)")
            XCTAssertTrue(codes.contains("roster_gap"), "\(codes)")
            XCTAssertTrue(codes.contains("roster_ineligible_category"), "\(codes)")
            let gap = try XCTUnwrap(found.first { $0.code == "roster_gap" })
            XCTAssertEqual(gap.date?.description, "2026-12-06")
            XCTAssertEqual(gap.shiftIndex, 0)
            XCTAssertEqual(gap.level, .leader)
            XCTAssertTrue(gap.message.contains("带班领导"))
            let ineligible = try XCTUnwrap(found.first { $0.code == "roster_ineligible_category" })
            XCTAssertEqual(ineligible.personId, temp.id!.uuidString)
            XCTAssertEqual(ineligible.personName, temp.name)
            XCTAssertEqual(try r.decode(RosterDTO.self).gapCount, 1)

            // Filing is refused while problems remain.
            let file = try await t.send(.POST, "/api/v1/units/\(city)/roster/file?month=2026-12", token: token)
            XCTAssertEqual(file.status, .unprocessableEntity)
            XCTAssertEqual(file.errorCode, "roster_has_problems")

            // A person of another unit cannot be put on the roster.
            let county = try await Person.query(on: t.app.db).join(OrgUnit.self, on: \Person.$unit.$id == \OrgUnit.$id).filter(
                OrgUnit.self, \.$code == "411003"
            ).first()!
            let foreign = try await t.send(
                .PATCH, "/api/v1/units/\(city)/roster?month=2026-12", token: token,
                json: ["cells": [["date": "2026-12-08", "level": "officer", "personId": county.id!.uuidString]]])
            XCTAssertEqual(foreign.status, .unprocessableEntity)
            let edits = try await t.auditEntries(action: "roster.edit")
            XCTAssertEqual(edits.count, editsAfterSave, "the refused edit wrote nothing")
        }
    }

    func testAutoFillThenFileAndTheSuperiorSeesItOnTime() async throws {
        try await withApp { t in
            // 魏都区's December is half drawn in the demo.
            let weidu = try await t.unitID(code: "411002")
            let token = try await t.login("weidu.leader")
            let before = try await t.get("/api/v1/units/\(weidu)/roster?month=2026-12", token: token, as: RosterDTO.self)
            XCTAssertGreaterThan(before.gapCount, 0)
            let filled = try await t.send(.POST, "/api/v1/units/\(weidu)/roster/auto-fill?month=2026-12", token: token)
            XCTAssertEqual(filled.status, .ok, filled.text)
            let drawn = try filled.decode(RosterDTO.self)
            XCTAssertEqual(drawn.problems.count, 0, "\(drawn.problems.prefix(3))")
            XCTAssertEqual(drawn.unfilled?.count, 0)
            XCTAssertEqual(try cells(filled).count, 31 * 3)
            // Evenly: the two section leaders share the month 16/15.
            let section = drawn.loads.compactMap { $0.byLevel["section_leader"] }.filter { $0 > 0 }.sorted()
            XCTAssertEqual(section, [15, 16])

            let earlierNotices = Set(try await OutboxMessage.query(on: t.app.db).filter(\.$event == "roster.filed").all().compactMap(\.id))
            let filed = try await t.send(.POST, "/api/v1/units/\(weidu)/roster/file?month=2026-12", token: token)
            XCTAssertEqual(filed.status, .ok, filed.text)
            XCTAssertEqual(try filed.decode(RosterDTO.self).status.rawValue, "filed")
            XCTAssertEqual(try filed.decode(RosterDTO.self).filing.status, .onTime)
            // Filing is sent to the superior (the city bureau) as a notice.
            let city = try await t.unitID(code: "411000")
            let notices = try await OutboxMessage.query(on: t.app.db).filter(\.$event == "roster.filed").all().filter { !earlierNotices.contains($0.id!) }
            XCTAssertEqual(notices.map(\.unitID.uuidString), [city])
            XCTAssertTrue(notices.first?.payload.contains("已报备2026年12月值班表") ?? false, notices.first?.payload ?? "")

            let cityToken = try await t.login("xuchang.duty")
            let overview = try await t.send(.GET, "/api/v1/units/\(city)/roster-filings?month=2026-12", token: cityToken)
            XCTAssertEqual(overview.status, .ok)
            let rows = try overview.decode(RosterFilingsDTO.self).units
            let row = try XCTUnwrap(rows.first { $0.unitId == uuid(weidu) })
            XCTAssertEqual(row.filing.status, .onTime)
            XCTAssertEqual(row.gapCount, 0)
            let jianan = try await t.unitID(code: "411003")
            XCTAssertEqual(rows.first { $0.unitId == uuid(jianan) }?.filing.status, .onTime)
            let yanlingID = try await t.unitID(code: "411024")
            let yanling = try XCTUnwrap(rows.first { $0.unitId == uuid(yanlingID) })
            XCTAssertEqual(yanling.filing.status, .notYetDue)
            XCTAssertEqual(yanling.gapCount, 31 * 3, "nothing entered: every cell is a gap")
            XCTAssertFalse(overview.text.contains("漯河"))
        }
    }

    func testFilingAfterTheDeadlineIsLateAndMissingBeforeThat() async throws {
        try await withApp { t in
            let city = try await t.unitID(code: "411000")
            // 12月1日 09:00: the city's December roster (due 11月30日, 河南 month end) is not filed.
            t.clock.advance(Double(7 * 86_400) + 19 * 3600 - 5 * 60)
            let province = try await t.unitID(code: "410000")
            let henan = try await t.login("henan.duty")
            let missing = try await t.get("/api/v1/units/\(province)/roster-filings?month=2026-12", token: henan, as: RosterFilingsDTO.self)
            let row = try XCTUnwrap(missing.units.first { $0.unitId == uuid(city) })
            XCTAssertEqual(row.filing.status, .missing)

            let token = try await t.login("xuchang.section")
            let filed = try await t.send(.POST, "/api/v1/units/\(city)/roster/file?month=2026-12", token: token)
            XCTAssertEqual(filed.status, .ok, filed.text)
            XCTAssertEqual(try filed.decode(RosterDTO.self).filing.status, .late)
            let late = try await t.get("/api/v1/units/\(province)/roster-filings?month=2026-12", token: henan, as: RosterFilingsDTO.self)
            let after = try XCTUnwrap(late.units.first { $0.unitId == uuid(city) })
            XCTAssertEqual(after.filing.status, .late)
            XCTAssertEqual(after.filing.statusTitle, "迟报")
            let audit = try await t.auditEntries(action: "roster.file")
            XCTAssertEqual(audit.last?.detail, "2026-12 迟报")
        }
    }

    func testAFiledRosterRefusesEdits() async throws {
        try await withApp { t in
            let jianan = try await t.unitID(code: "411003")
            let token = try await t.login("jianan.section")
            let r = try await t.send(.GET, "/api/v1/units/\(jianan)/roster?month=2026-12", token: token)
            XCTAssertEqual(try r.decode(RosterDTO.self).status.rawValue, "filed")
            for (method, path, body) in [
                (
                    HTTPMethod.PATCH, "/api/v1/units/\(jianan)/roster?month=2026-12",
                    ["cells": [["date": "2026-12-02", "level": "officer", "personId": NSNull()]]] as [String: Any]
                ),
                (.PUT, "/api/v1/units/\(jianan)/roster?month=2026-12", ["assignments": [[String: Any]]()]),
                (.POST, "/api/v1/units/\(jianan)/roster/auto-fill?month=2026-12", [:]),
            ] {
                let refused = try await t.send(method, path, token: token, json: body)
                XCTAssertEqual(refused.status, .conflict, "\(method) \(path)")
                XCTAssertEqual(refused.errorCode, "roster_already_filed")
                XCTAssertTrue(refused.errorMessage?.contains("调班") ?? false)
            }
            let same = try await t.send(.GET, "/api/v1/units/\(jianan)/roster?month=2026-12", token: token)
            XCTAssertEqual(try cells(same), try cells(r))
        }
    }

    func testASiblingCannotReadOrWriteAnothersRoster() async throws {
        try await withApp { t in
            let xuchang = try await t.unitID(code: "411000")
            let token = try await t.login("luohe.section")
            for (method, path) in [
                (HTTPMethod.GET, "/api/v1/units/\(xuchang)/roster?month=2026-12"),
                (.PATCH, "/api/v1/units/\(xuchang)/roster?month=2026-12"),
                (.POST, "/api/v1/units/\(xuchang)/roster/auto-fill?month=2026-12"),
                (.POST, "/api/v1/units/\(xuchang)/roster/file?month=2026-12"),
                (.GET, "/api/v1/units/\(xuchang)/roster.csv?month=2026-12"),
                (.GET, "/api/v1/units/\(xuchang)/on-duty"),
                (.POST, "/api/v1/units/\(xuchang)/roster-feed"),
            ] {
                let r = try await t.send(method, path, token: token, json: method == .PATCH ? ["cells": [[String: Any]]()] : nil)
                XCTAssertEqual(r.status, .notFound, "\(method) \(path)")
                XCTAssertFalse(r.text.contains("许昌"))
            }
            // A county does not see its city's roster either.
            let county = try await t.login("jianan.duty")
            let up = try await t.send(.GET, "/api/v1/units/\(xuchang)/roster?month=2026-12", token: county)
            XCTAssertEqual(up.status, .notFound)
            // The editor page answers the same way.
            let page = try await t.send(.GET, "/rosters?unitID=\(xuchang)", headers: ["Authorization": "Bearer \(token)"])
            XCTAssertEqual(page.status, .notFound)
        }
    }

    func testCalendarYearImportNamesTheBadLine() async throws {
        try await withApp { t in
            let admin = try await t.login("henan.admin")
            let bad = "date,kind,festival\n2027-01-01,holiday,元旦\n2027-02-30,holiday,春节\n2027-02-06,放假,春节\n"
            let r = try await t.send(
                .PUT, "/api/v1/calendar?year=2027", token: admin, raw: ByteBuffer(string: bad), contentType: HTTPMediaType(type: "text", subType: "csv"))
            XCTAssertEqual(r.status, .unprocessableEntity, r.text)
            XCTAssertEqual(r.errorCode, "calendar_invalid")
            XCTAssertTrue(r.errorMessage?.contains("第3行") ?? false, r.text)
            let details = try XCTUnwrap(r.error?.details, r.text)
            XCTAssertEqual(details.first?.row, 3)
            let none = try await t.get("/api/v1/calendar?year=2027", token: admin, as: CalendarYearDTO.self)
            XCTAssertEqual(none.covered, false)

            let good = "date,kind,festival\n2027-01-01,holiday,元旦\n2027-01-02,holiday,元旦\n2027-01-03,holiday,元旦\n2027-02-20,adjusted_workday,春节\n"
            let ok = try await t.send(
                .PUT, "/api/v1/calendar?year=2027", token: admin, raw: ByteBuffer(string: good), contentType: HTTPMediaType(type: "text", subType: "csv"))
            XCTAssertEqual(ok.status, .ok, ok.text)
            let entered = try ok.decode(CalendarYearDTO.self)
            XCTAssertEqual(entered.source, "entered")
            XCTAssertEqual(entered.covered, true)
            XCTAssertEqual(entered.entries.count, 4)
            let shipped = try await t.get("/api/v1/calendar?year=2026", token: admin, as: CalendarYearDTO.self)
            XCTAssertEqual(shipped.source, "shipped")
            XCTAssertGreaterThan(shipped.entries.count, 20)

            // A city's administrator may not change the national calendar.
            let city = try await t.login("xuchang.admin")
            let refused = try await t.send(
                .PUT, "/api/v1/calendar?year=2027", token: city, raw: ByteBuffer(string: good), contentType: HTTPMediaType(type: "text", subType: "csv"))
            XCTAssertEqual(refused.status, .forbidden)
        }
    }

    func testICalendarFeedHasOneEventPerShiftAndAWrongTokenIsNotFound() async throws {
        try await withApp { t in
            let city = try await t.unitID(code: "411000")
            let token = try await t.login("xuchang.duty")
            let made = try await t.send(.POST, "/api/v1/units/\(city)/roster-feed", token: token)
            XCTAssertEqual(made.status, .ok, made.text)
            let url = try made.decode(RosterFeedDTO.self).url
            let feed = try await t.send(.GET, url)
            XCTAssertEqual(feed.status, .ok)
            XCTAssertEqual(feed.headers.contentType?.subType, "calendar")
            let text = feed.text
            XCTAssertTrue(text.hasPrefix("BEGIN:VCALENDAR\r\n"))
            // November and December are fully drawn: one event per 24-hour shift.
            XCTAssertEqual(text.components(separatedBy: "BEGIN:VEVENT").count - 1, 30 + 31)
            XCTAssertTrue(text.contains("DTSTART:20261201T003000Z\r\n"), "08:30 Shanghai in UTC")
            let starts = text.components(separatedBy: "\r\n").filter { $0.hasPrefix("DTSTART:") }
            XCTAssertTrue(starts.allSatisfy { $0.range(of: #"^DTSTART:\d{8}T\d{6}Z$"#, options: .regularExpression) != nil })
            XCTAssertTrue(text.replacingOccurrences(of: "\r\n ", with: "").contains("SUMMARY:许昌市应急管理局值班：带班领导"))

            let wrong = try await t.send(.GET, "/feeds/roster/not-a-token.ics")
            XCTAssertEqual(wrong.status, .notFound)
            // Rotating revokes the old URL.
            let again = try await t.send(.POST, "/api/v1/units/\(city)/roster-feed", token: token)
            XCTAssertNotEqual(try again.decode(RosterFeedDTO.self).url, url)
            let old = try await t.send(.GET, url)
            XCTAssertEqual(old.status, .notFound)

            // A person's feed: one event per shift they hold.
            let person = try await t.personID(name: "张栋利")
            let mine = try await t.send(.POST, "/api/v1/people/\(person)/roster-feed", token: token)
            let personFeed = try await t.send(.GET, try mine.decode(RosterFeedDTO.self).url)
            let nov = try await t.send(.GET, "/api/v1/units/\(city)/roster?month=2026-11", token: token)
            let dec = try await t.send(.GET, "/api/v1/units/\(city)/roster?month=2026-12", token: token)
            let held = (try cells(nov).values.filter { $0 == person }.count) + (try cells(dec).values.filter { $0 == person }.count)
            XCTAssertGreaterThan(held, 0)
            XCTAssertEqual(personFeed.text.components(separatedBy: "BEGIN:VEVENT").count - 1, held)
            XCTAssertTrue(personFeed.text.contains("SUMMARY:值班科(处)领导 · 许昌市应急管理局值班"))
        }
    }

    func testWhoIsOnDutyNowAtThePinnedInstant() async throws {
        try await withApp { t in
            let city = try await t.unitID(code: "411000")
            let token = try await t.login("xuchang.duty")
            let units = try await t.get("/api/v1/units/\(city)/on-duty", token: token, as: OnDutyDTO.self).units
            XCTAssertEqual(units.first?.unitId, uuid(city), "the unit first, then its subordinates")
            XCTAssertEqual(units.first?.shift, "2026年11月23日 全天 08:30—次日08:30")
            // The pinned instant (14:05 on the 23rd) is in the 23rd's 24-hour shift.
            let nov = try await t.send(.GET, "/api/v1/units/\(city)/roster?month=2026-11", token: token)
            let c = try cells(nov)
            for level in DutyLevel.allCases {
                let on = units.first?.levels.first { $0.level == level }
                let ids = (on?.people ?? []).map(\.personId.uuidString)
                XCTAssertEqual(ids, [c["2026-11-23|0|\(level.rawValue)"]!], level.rawValue)
            }
            XCTAssertEqual(units.first?.uncovered.count, 0)
            let yanling = try await t.unitID(code: "411024")
            let uncovered = units.first { $0.unitId == uuid(yanling) }
            XCTAssertEqual(uncovered?.uncovered.count, 3, "no roster: every level uncovered")
            // At 07:00 the next morning the 23rd's shift is still running.
            t.clock.advance(17 * 3600 - 5 * 60)
            let early = try await t.login("xuchang.duty")
            let next = try await t.get("/api/v1/units/\(city)/on-duty", token: early, as: OnDutyDTO.self)
            XCTAssertEqual(next.units.first?.shift, "2026年11月23日 全天 08:30—次日08:30")
        }
    }

    func testTrainingAndAbsenceFeedTheValidator() async throws {
        try await withApp { t in
            let city = try await t.unitID(code: "411000")
            let token = try await t.login("xuchang.section")
            let draft = try await t.send(.GET, "/api/v1/units/\(city)/roster?month=2026-12", token: token)
            let officer = try XCTUnwrap(try cells(draft)["2026-12-10|0|officer"])
            let absence = try await t.send(
                .POST, "/api/v1/people/\(officer)/absences", token: token,
                json: ["kind": "leave", "startsAt": "2026-12-09T16:00:00Z", "endsAt": "2026-12-11T16:00:00Z", "reason": "病假"])
            XCTAssertEqual(absence.status, .created, absence.text)
            let after = try await t.send(.GET, "/api/v1/units/\(city)/roster?month=2026-12", token: token)
            let absent = try problems(after).filter { $0.code == "roster_person_absent" }
            XCTAssertFalse(absent.isEmpty)
            XCTAssertEqual(absent.first?.personId, officer)
            let trainings = try await t.get("/api/v1/people/\(officer)/trainings", token: token, as: [TrainingDTO].self)
            XCTAssertEqual(trainings.count, 1)
            let added = try await t.send(.POST, "/api/v1/people/\(officer)/trainings", token: token, json: ["date": "2026-11-20", "course": "复训"])
            XCTAssertEqual(added.status, .created)
        }
    }

    func testCSVExportAndPages() async throws {
        try await withApp { t in
            let city = try await t.unitID(code: "411000")
            let token = try await t.login("xuchang.section")
            let csv = try await t.send(.GET, "/api/v1/units/\(city)/roster.csv?month=2026-12", token: token)
            XCTAssertEqual(csv.status, .ok)
            let lines = csv.text.components(separatedBy: "\r\n").filter { !$0.isEmpty }
            XCTAssertEqual(lines.count, 1 + 31)
            XCTAssertTrue(lines[0].contains("日期,星期,班次,带班领导,值班科(处)领导,值班员"))
            let h: HTTPHeaders = ["Authorization": "Bearer \(token)"]
            let page = try await t.send(.GET, "/rosters?unitID=\(city)&month=2026-12", headers: h)
            XCTAssertEqual(page.status, .ok)
            XCTAssertTrue(page.text.contains("id=\"roster-grid\""))
            XCTAssertTrue(page.text.contains("name=\"cell_2026-12-01_0_officer\""))
            XCTAssertTrue(page.text.contains("报备上级"))
            let overview = try await t.send(.GET, "/rosters/overview?unitID=\(city)&month=2026-12", headers: h)
            XCTAssertEqual(overview.status, .ok)
            XCTAssertTrue(overview.text.contains("建安区应急管理局"))
            XCTAssertTrue(overview.text.contains("已按时"))
            let print = try await t.send(.GET, "/rosters/print?unitID=\(city)&month=2026-12", headers: h)
            XCTAssertEqual(print.status, .ok)
            XCTAssertTrue(print.text.contains("值班安排表"))
        }
    }

    /// The editor's plain forms, as a browser posts them with the session cookie and CSRF token.
    func testEditorFormsSaveAutoFillAndFile() async throws {
        try await withApp { t in
            let (h, csrf) = try await t.webLogin("weidu.section")
            let weidu = try await t.unitID(code: "411002")
            let home = try await t.send(.GET, "/", headers: h)
            XCTAssertTrue(home.text.contains("id=\"nav-rosters\""), "排班 in the main navigation")
            let page = try await t.send(.GET, "/rosters?month=2026-12", headers: h)
            XCTAssertEqual(page.status, .ok)
            XCTAssertTrue(page.text.contains("魏都区应急管理局 2026年12月值班表"))
            XCTAssertTrue(page.text.contains("cell-problem"), "the half-drawn month marks its empty cells")

            let month = ["unitID": weidu, "month": "2026-12"]
            let early = try await t.webPost("/rosters/file", month, session: (h, csrf))
            XCTAssertEqual(early.status, .unprocessableEntity)
            XCTAssertTrue(early.text.contains("改正后才能报备"))

            let filled = try await t.webPost("/rosters/auto-fill", month, session: (h, csrf))
            XCTAssertEqual(filled.status, .seeOther)
            let after = try await t.send(.GET, filled.headers.first(name: .location) ?? "", headers: h)
            XCTAssertTrue(after.text.contains("所有空格均已排满"), String(after.text.prefix(200)))

            // Clearing one cell through the grid form makes a gap again.
            let cleared = try await t.webPost("/rosters/save", ["unitID": weidu, "month": "2026-12", "cell_2026-12-20_0_officer": ""], session: (h, csrf))
            XCTAssertEqual(cleared.status, .seeOther)
            let token = try await t.login("weidu.section")
            let api = try await t.get("/api/v1/units/\(weidu)/roster?month=2026-12", token: token, as: RosterDTO.self)
            XCTAssertEqual(api.gapCount, 1)
            let refill = try await t.webPost("/rosters/auto-fill", month, session: (h, csrf))
            XCTAssertEqual(refill.status, .seeOther)
            let filed = try await t.webPost("/rosters/file", month, session: (h, csrf))
            XCTAssertEqual(filed.status, .seeOther)
            let locked = try await t.send(.GET, "/rosters?month=2026-12", headers: h)
            XCTAssertTrue(locked.text.contains("id=\"roster-locked\""))
            XCTAssertFalse(locked.text.contains("name=\"cell_2026-12-01_0_officer\""), "no selects once filed")
            let again = try await t.webPost("/rosters/save", ["unitID": weidu, "month": "2026-12", "cell_2026-12-20_0_officer": ""], session: (h, csrf))
            XCTAssertEqual(again.status, .conflict, "a filed month is changed through swaps: the page answers as the API does")
            XCTAssertTrue(again.text.contains("调班"))
        }
    }

    /// The superior also sees each subordinate's roster for the next holiday, due 2 days before
    /// it in 许昌 (S000 一).
    func testTheNextHolidaysRosterIsDueDaysBeforeIt() async throws {
        try await withApp { t in
            // 20 September 2026, 10:00 Shanghai: the Mid-autumn holiday starts on the 25th.
            t.clock.advance(Date(timeIntervalSince1970: 1_789_869_600).timeIntervalSince(t.clock.date))
            let city = try await t.unitID(code: "411000")
            let token = try await t.login("xuchang.duty")
            let before = try await t.get("/api/v1/units/\(city)/roster-filings?month=2026-10", token: token, as: RosterFilingsDTO.self)
            let holiday = try XCTUnwrap(before.holiday, "no holiday ahead")
            XCTAssertEqual(holiday.firstDay.description, "2026-09-25")
            XCTAssertTrue(holiday.title.contains("中秋"), holiday.title)
            let jiananID = uuid(try await t.unitID(code: "411003"))
            func jianan(_ r: RosterFilingsDTO) -> RosterFilingRowDTO? { r.units.first { $0.unitId == jiananID } }
            let row = try XCTUnwrap(jianan(before))
            XCTAssertEqual(row.holidayDeadline?.dueDay.description, "2026-09-23", "two days before the holiday")
            XCTAssertEqual(row.holidayFiling?.status, .notYetDue)
            // 24 September: the September roster was never filed.
            t.clock.advance(4 * 86400)
            let after = try await t.get(
                "/api/v1/units/\(city)/roster-filings?month=2026-10", token: try await t.login("xuchang.duty"), as: RosterFilingsDTO.self)
            XCTAssertEqual(jianan(after)?.holidayFiling?.status, .missing)
            let (h, _) = try await t.webLogin("xuchang.duty")
            let page = try await t.send(.GET, "/rosters/overview?month=2026-10", headers: h)
            XCTAssertTrue(page.text.contains("值班表</th>"), "a column for the holiday's roster")
            XCTAssertTrue(page.text.contains("09-23 23:59前"), page.text)
        }
    }

    /// A province's administrator enters the next year's State Council notice on the calendar page.
    func testEnteringNextYearsNoticeOnTheCalendarPage() async throws {
        try await withApp { t in
            let (h, csrf) = try await t.webLogin("henan.admin")
            let page = try await t.send(.GET, "/calendar?year=2027", headers: h)
            XCTAssertEqual(page.status, .ok)
            XCTAssertTrue(page.text.contains("2027年放假安排尚未录入"))
            XCTAssertTrue(page.text.contains("id=\"calendar-form\""))
            let bad = try await t.webPost(
                "/calendar", ["year": "2027", "csv": "date,kind,festival\n2027-01-01,holiday,New Year's Day\n2027-02-30,holiday,Spring Festival\n"],
                session: (h, csrf))
            XCTAssertEqual(bad.status, .unprocessableEntity)
            XCTAssertTrue(bad.text.contains("第3行"), bad.text)
            XCTAssertTrue(bad.text.contains("2027-02-30"), "what was typed is kept")
            let good = try await t.webPost(
                "/calendar",
                [
                    "year": "2027",
                    "csv": "date,kind,festival\n2027-01-01,holiday,New Year's Day\n2027-01-02,holiday,New Year's Day\n2027-01-03,holiday,New Year's Day\n",
                ], session: (h, csrf))
            XCTAssertEqual(good.status, .seeOther, good.text)
            let after = try await t.send(.GET, "/calendar?year=2027&saved=1", headers: h)
            XCTAssertTrue(after.text.contains("由管理员录入"))
            XCTAssertTrue(after.text.contains("1月1日至1月3日"), after.text)
            // A city's administrator reads it but does not enter the national notice.
            let (ch, _) = try await t.webLogin("xuchang.admin")
            let city = try await t.send(.GET, "/calendar?year=2027", headers: ch)
            XCTAssertFalse(city.text.contains("id=\"calendar-form\""))
        }
    }

    /// The section leader records a new colleague's pre-duty training and a leave on the
    /// person's page; both then count for the roster.
    func testTrainingAndLeaveOnThePersonPage() async throws {
        try await withApp { t in
            let section = try await t.login("xuchang.section")
            let city = try await t.unitID(code: "411000")
            let created = try await t.send(
                .POST, "/api/v1/people", token: section, json: ["unitId": city, "name": "褚新岗", "position": "值班员", "mobile": "13803740097"])
            let person = try created.decode(PersonDTO.self).id
            let (h, csrf) = try await t.webLogin("xuchang.section")
            let page = try await t.send(.GET, "/people/\(person)", headers: h)
            XCTAssertTrue(page.text.contains("没有岗前培训记录，不能排班"))
            let future = try await t.webPost("/people/\(person)/trainings", ["date": "2026-12-01", "course": "岗前培训"], session: (h, csrf))
            XCTAssertEqual(future.status, .unprocessableEntity)
            XCTAssertTrue(future.text.contains("培训日期不能晚于今天"))
            let trained = try await t.webPost("/people/\(person)/trainings", ["date": "2026-11-20", "course": "岗前培训：值班值守制度"], session: (h, csrf))
            XCTAssertEqual(trained.status, .seeOther)
            let leave = try await t.webPost(
                "/people/\(person)/absences", ["kind": "leave", "startsAt": "2026-12-05T08:00", "endsAt": "2026-12-08T18:00", "reason": "探亲"],
                session: (h, csrf))
            XCTAssertEqual(leave.status, .seeOther, leave.text)
            let after = try await t.send(.GET, "/people/\(person)", headers: h)
            XCTAssertFalse(after.text.contains("没有岗前培训记录"))
            XCTAssertTrue(after.text.contains("2026-12-05 08:00"))
            let api = try await t.get("/api/v1/people/\(person)/absences", token: section, as: [AbsenceDTO].self)
            XCTAssertEqual(api.count, 1)
        }
    }

    /// The section leader sets day and night shifts, a rest rule and the officers' rotation on
    /// the settings page; the API and auto-fill then work with them.
    func testShiftPatternRestRuleAndRotationOnTheSettingsPage() async throws {
        try await withApp { t in
            let weidu = try await t.unitID(code: "411002")
            let token = try await t.login("weidu.section")
            let before = try await t.get("/api/v1/units/\(weidu)/roster-settings", token: token, as: RosterSettingsDTO.self)
            let officers = (before.rotations["officer"] ?? []).map(\.uuidString)
            XCTAssertGreaterThan(officers.count, 1)
            let (h, csrf) = try await t.webLogin("weidu.section")
            let page = try await t.send(.GET, "/rosters/settings?unitID=\(weidu)", headers: h)
            XCTAssertEqual(page.status, .ok)
            XCTAssertTrue(page.text.contains("name=\"rot_officer_\(officers[0])\" value=\"1\""), "the rotation's order is shown")
            // The officers in reverse order; a bad number is refused with the reason.
            var fields = ["unitID": weidu, "pattern": "day-night", "startTime": "08:00", "noConsecutive": "on", "minRest": "abc"]
            for (i, id) in officers.reversed().enumerated() { fields["rot_officer_\(id)"] = String(i + 1) }
            let bad = try await t.webPost("/rosters/settings", fields, session: (h, csrf))
            XCTAssertEqual(bad.status, .unprocessableEntity)
            XCTAssertTrue(bad.text.contains("最少休息小时数应为整数"), bad.text)
            fields["minRest"] = "12"
            let ok = try await t.webPost("/rosters/settings", fields, session: (h, csrf))
            XCTAssertEqual(ok.status, .seeOther, ok.text)
            let after = try await t.get("/api/v1/units/\(weidu)/roster-settings", token: token, as: RosterSettingsDTO.self)
            let shifts = after.pattern.shifts
            XCTAssertEqual(shifts.count, 2)
            XCTAssertEqual(shifts.first?.startHour, 8)
            XCTAssertEqual(shifts.last?.startHour, 20)
            XCTAssertEqual(after.restRules.minRestHoursBetweenShifts, 12)
            XCTAssertEqual((after.rotations["officer"] ?? []).map(\.uuidString), Array(officers.reversed()))
        }
    }

    /// A leader away on a reported trip (领导外出报备) may not be scheduled for those days.
    func testALeadersReportedTripConflictsWithTheRoster() async throws {
        try await withApp { t in
            let city = try await t.unitID(code: "411000")
            let section = try await t.login("xuchang.section")
            let december = try await t.get("/api/v1/units/\(city)/roster?month=2026-12", token: section, as: RosterDTO.self)
            let leaderCell = try XCTUnwrap(december.assignments.first { $0.level == .leader && $0.date.description == "2026-12-10" }, "no leader on 2026-12-10")
            let leader = leaderCell.personId.uuidString
            XCTAssertFalse(december.problems.contains { $0.code == "roster_person_absent" })
            let trip = try await t.send(
                .POST, "/api/v1/absences", token: try await t.login("xuchang.duty"),
                json: [
                    "personId": leader, "reason": "赴省厅参加防汛会议", "destination": "郑州", "leaveAt": "2026-12-09T23:00:00Z", "returnAt": "2026-12-11T10:00:00Z",
                    "deputyName": "王副局长", "deputyPost": "副局长",
                ])
            XCTAssertLessThan(trip.status.code, 300, trip.text)
            let after = try await t.get("/api/v1/units/\(city)/roster?month=2026-12", token: section, as: RosterDTO.self)
            let absent = after.problems.filter { $0.code == "roster_person_absent" }
            XCTAssertFalse(absent.isEmpty, "the trip now conflicts with the leader's shift")
            XCTAssertTrue(absent.contains { $0.date?.description == "2026-12-10" && $0.message.contains("外出报备") }, "\(absent)")
        }
    }
}
