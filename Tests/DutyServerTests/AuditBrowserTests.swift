import DutyCore
import Fluent
import Foundation
import Vapor
import XCTest

@testable import DutyServer

/// The audit browser reads like the duty room speaks: who (name and post), what (the action in
/// Chinese), to what (a link to it), and filters chosen by Chinese words.
final class AuditBrowserTests: XCTestCase {
    func testTheTrailNamesPeopleActionsAndTargetsInChineseWithALinkToTheTarget() async throws {
        try await withApp { t in
            let duty = try await t.login("xuchang.duty")
            let id = try await t.personID(name: "张栋利")
            let before = try await Person.find(UUID(uuidString: id), on: t.app.db)!.position
            let edited = try await t.send(.PATCH, "/api/v1/people/\(id)", token: duty, json: ["position": "值班组长"])
            XCTAssertEqual(edited.status, .ok, edited.text)
            let officer = try await UserAccount.query(on: t.app.db).filter(\.$username == "xuchang.duty").with(\.$person).first()!
            let (h, _) = try await t.webLogin("xuchang.auditor")
            let page = try await t.send(.GET, "/audit?action=person.update", headers: h)
            XCTAssertEqual(page.status, .ok, page.text)
            let row = try XCTUnwrap(rows(page.text).first { $0.contains("/people/\(id)") }, "the change links to the person's page")
            XCTAssertTrue(row.contains("修改人员"), row)
            XCTAssertFalse(row.contains(">person.update<"), "the code is not what the auditor reads: \(row)")
            XCTAssertTrue(row.contains("人员：张栋利"), "the target by kind and name: \(row)")
            let actor = officer.person.map { "\($0.name)（\($0.position)）" } ?? officer.displayName
            XCTAssertTrue(row.contains(actor), "the actor by name and post (\(actor)): \(row)")
            XCTAssertTrue(row.contains("职务：\(before) → 值班组长"), "the change in the form's words: \(row)")
            XCTAssertTrue(row.contains("许昌市应急管理局"), "the acting unit by name: \(row)")
        }
    }

    func testFiltersAreChineseWordsForAreasAndActionsAndAPersonsName() async throws {
        try await withApp { t in
            let leader = try await t.login("jianan.leader")
            let created = try await t.firstReport(token: leader, place: try await t.unitID(code: "411003"))
            _ = try await t.send(.POST, "/api/v1/reports/\(t.reportID(created)!)/sign", token: leader)
            _ = try await t.send(.POST, "/api/v1/auth/login", json: ["username": "jianan.duty", "password": "bad"])
            let (h, _) = try await t.webLogin("xuchang.auditor")
            let all = try await t.send(.GET, "/audit", headers: h)
            XCTAssertTrue(all.text.contains("<optgroup label=\"事件与报告\">"), "actions are grouped by area")
            XCTAssertTrue(all.text.contains(">签发</option>"), "and named in Chinese")
            XCTAssertFalse(all.text.contains("如 person.update"), "no code to type")

            let area = AuditVocabulary.areas.first { $0.title == "事件与报告" }!
            let value = area.prefixes.joined(separator: ",")
            let reports = try await t.send(.GET, "/audit?action=\(value.addingPercentEncoding(withAllowedCharacters: .alphanumerics)!)", headers: h)
            XCTAssertEqual(reports.status, .ok, reports.text)
            let actions = cells(reports.text, column: 4)
            XCTAssertTrue(actions.contains("签发") && actions.contains("接报登记"), "\(actions)")
            XCTAssertFalse(actions.contains("登录"), "the area holds only its own actions: \(actions)")
            XCTAssertTrue(reports.text.contains("selected>全部事件与报告操作</option>"), "the chosen area stays chosen")

            let failed = try await t.send(.GET, "/audit?action=login&outcome=failure", headers: h)
            let failures = rows(failed.text)
            XCTAssertTrue(failures.contains { $0.contains("密码错误（第1次）") }, "the reason in Chinese: \(failures)")

            // By the person's name as well as by the login.
            let name = try await UserAccount.query(on: t.app.db).filter(\.$username == "jianan.leader").first()!.displayName
            let byName = try await t.send(.GET, "/audit?actor=\(name.addingPercentEncoding(withAllowedCharacters: .alphanumerics)!)", headers: h)
            let mine = rows(byName.text)
            XCTAssertFalse(mine.isEmpty, "entries of \(name)")
            XCTAssertTrue(mine.allSatisfy { $0.contains("jianan.leader") }, "only that person's entries")
        }
    }

    /// Every action the code records has its Chinese name, and every area's filter catches
    /// exactly its own actions.
    func testEveryRecordedActionHasAChineseName() throws {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        let sources = root.appendingPathComponent("Sources/DutyServer")
        let files = FileManager.default.enumerator(at: sources, includingPropertiesForKeys: nil)!.compactMap { $0 as? URL }.filter {
            $0.pathExtension == "swift"
        }
        let pattern = try NSRegularExpression(pattern: #"(?:audit|auditEntry)\(\s*"([a-z_.]+)"|action: "([a-z_.]+)""#)
        var found: Set<String> = []
        for file in files {
            let text = try String(contentsOf: file, encoding: .utf8)
            for m in pattern.matches(in: text, range: NSRange(text.startIndex..., in: text)) {
                for g in 1...2 {
                    if let r = Range(m.range(at: g), in: text) { found.insert(String(text[r])) }
                }
            }
        }
        // Built from a step's name.
        found.formUnion(["alarm.warning", "alarm.due"])
        found.formUnion(["accept", "decline", "approve", "reject", "cancel"].map { "roster.swap.\($0)" })
        XCTAssertGreaterThan(found.count, 40, "the scan finds the audited actions")
        for code in found.sorted() {
            XCTAssertNotNil(AuditVocabulary.title(ofAction: code), "no Chinese name for \(code)")
        }
        for area in AuditVocabulary.areas {
            for a in area.actions {
                XCTAssertTrue(area.prefixes.contains { a.code.hasPrefix($0) }, "\(a.code) is caught by \(area.title)'s filter")
                for other in AuditVocabulary.areas where other != area {
                    XCTAssertFalse(other.prefixes.contains { a.code.hasPrefix($0) }, "\(a.code) is caught by \(other.title)'s filter too")
                }
            }
        }
    }

    private func rows(_ html: String) -> [String] {
        guard let body = html.components(separatedBy: "<tbody>").dropFirst().first?.components(separatedBy: "</tbody>").first else { return [] }
        return body.components(separatedBy: "<tr>").dropFirst().map { $0 }
    }

    /// The text of one column (0-based) of each row.
    private func cells(_ html: String, column: Int) -> [String] {
        rows(html).compactMap { row in
            let parts = row.components(separatedBy: "<td")
            guard parts.count > column + 1 else { return nil }
            let cell = parts[column + 1]
            let inner = cell.drop { $0 != ">" }.dropFirst()
            return String(inner.prefix { $0 != "<" }).trimmingCharacters(in: .whitespacesAndNewlines)
        }
    }
}
