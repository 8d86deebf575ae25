import DutyCore
import Fluent
import Vapor
import XCTest

@testable import DutyServer

/// The pages, rendered through Leaf for the role that uses them.
final class WebPagesTests: XCTestCase {
    func testDutyOfficerPages() async throws {
        try await withApp { t in
            let (h, _) = try await t.webLogin("xuchang.duty")
            let home = try await t.send(.GET, "/", headers: h)
            XCTAssertTrue(home.text.contains("许昌市应急管理局"))
            XCTAssertTrue(home.text.contains("值班员"))
            XCTAssertTrue(home.text.contains("2026-11-23 14:05:00"), "Shanghai time in the header")
            let units = try await t.send(.GET, "/units", headers: h)
            XCTAssertEqual(units.status, .ok)
            XCTAssertTrue(units.text.contains("长葛市应急管理局"))
            XCTAssertFalse(units.text.contains("漯河市"))
            let dir = try await t.send(.GET, "/directory?q=zdl", headers: h)
            XCTAssertTrue(dir.text.contains("张栋利"))
            let person = try await t.personID(name: "张栋利")
            let page = try await t.send(.GET, "/people/\(person)", headers: h)
            XCTAssertTrue(page.text.contains("id=\"person-name\""))
            XCTAssertTrue(page.text.contains("应急值守科科长"))
            let unit = try await t.unitID(code: "411000")
            let unitPage = try await t.send(.GET, "/units/\(unit)", headers: h)
            XCTAssertEqual(unitPage.status, .ok)
            XCTAssertTrue(unitPage.text.contains("张栋利"))
            let audit = try await t.send(.GET, "/audit", headers: h)
            XCTAssertEqual(audit.status, .forbidden)
            XCTAssertTrue(audit.text.contains("您的角色无权进行此操作"))
            let sibling = try await t.unitID(code: "411100")
            let other = try await t.send(.GET, "/units/\(sibling)", headers: h)
            XCTAssertEqual(other.status, .notFound)
            XCTAssertFalse(other.text.contains("漯河"))
        }
    }

    func testEditingAPersonThroughTheFormRecordsHistory() async throws {
        try await withApp { t in
            let (h, csrf) = try await t.webLogin("xuchang.duty")
            let person = try await t.personID(name: "张栋利")
            let bad = try await t.webPost("/people/\(person)", pairs: [("name", "张栋利"), ("mobile", "123")], session: (h, csrf))
            XCTAssertEqual(bad.status, .unprocessableEntity)
            XCTAssertTrue(bad.text.contains("手机"), "the page says what is wrong")
            let ok = try await t.webPost("/people/\(person)", ["mobile": "13912345678"], session: (h, csrf))
            XCTAssertEqual(ok.status, .seeOther)
            let page = try await t.send(.GET, "/people/\(person)?saved=1", headers: h)
            XCTAssertTrue(page.text.contains("13912345678"))
            XCTAssertTrue(page.text.contains("修改人员"))
        }
    }

    func testAttachmentThroughTheIncidentPage() async throws {
        try await withApp { t in
            let (h, csrf) = try await t.webLogin("jianan.duty")
            let token = try await t.login("jianan.duty")
            let id = try await t.createIncident(token: token, place: try await t.unitID(code: "411003"), extra: ["infoType": "general"]).id
            let page = try await t.send(.GET, "/incidents/\(id)", headers: h)
            XCTAssertTrue(page.text.contains("id=\"attachment-form\""), "普通信息 offers the upload form")
            let png = MultipartForm.FilePart(name: "现场照片.png", mediaType: "image/png", bytes: [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 0])
            let r = try await t.webUpload("/incidents/\(id)/attachments", MultipartForm(file: png), session: (h, csrf))
            XCTAssertEqual(r.status, .seeOther, r.text)
            let after = try await t.send(.GET, "/incidents/\(id)", headers: h)
            XCTAssertTrue(after.text.contains("现场照片.png"))
            XCTAssertTrue(after.text.contains("附件（1 个）"))
            // A 突发事件's page has no upload form.
            let incident = try await t.createIncident(token: token, place: try await t.unitID(code: "411003"))
            let plain = try await t.send(.GET, "/incidents/\(incident.id)", headers: h)
            XCTAssertFalse(plain.text.contains("id=\"attachment-form\""))
        }
    }

    /// A refused follow-up shows the form again as the officer filled it in, with the reason.
    func testARefusedFollowUpKeepsWhatWasTyped() async throws {
        try await withApp { t in
            let (h, csrf) = try await t.webLogin("jianan.duty")
            let token = try await t.login("jianan.duty")
            let id = try await t.createIncident(token: token, place: try await t.unitID(code: "411003")).id
            // Fewer dead than the first report, without a reason: refused.
            let form = [("kind", "follow_up"), ("event", "两车相撞"), ("dead", "1"), ("injured", "7"), ("trend", "趋稳定"), ("body", "续报正文")]
            let r = try await t.webPost("/incidents/\(id)/reports", pairs: form, session: (h, csrf))
            XCTAssertEqual(r.status, .unprocessableEntity)
            XCTAssertTrue(r.text.contains("name=\"injured\" value=\"7\""), "what was typed is kept")
            XCTAssertTrue(r.text.contains("value=\"趋稳定\""))
            XCTAssertTrue(r.text.contains(">续报正文</textarea>"))
            XCTAssertTrue(r.text.contains("data-last=\"2\""), "changes are still checked against the previous report")
        }
    }

    /// The policy page shows what a unit works under; the administrator adds a stricter version.
    func testSettingAStricterPolicyOnThePage() async throws {
        try await withApp { t in
            let (h, csrf) = try await t.webLogin("xuchang.admin")
            let city = try await t.unitID(code: "411000")
            let page = try await t.send(.GET, "/units/\(city)/policy", headers: h)
            XCTAssertEqual(page.status, .ok)
            XCTAssertTrue(page.text.contains("继承自"), page.text)
            XCTAssertTrue(page.text.contains("30"), "the inherited 30-minute written report rule is listed")
            XCTAssertTrue(page.text.contains("id=\"policy-form\""))
            var form = [
                "effectiveFrom": "2026-11-23T15:00", "warnBeforeMinutes": "5",
                "title_0": "书面报告", "milestone_0": "written", "anchor_0": "notified", "minutes_0": "45", "scope_0": "all",
                "title_1": "重特大事件报至应急管理部", "milestone_1": "reachedMinistry", "anchor_1": "caseReceipt", "minutes_1": "50", "scope_1": "major",
            ]
            // Looser than the inherited 30 minutes: refused, with the typed values kept.
            let loose = try await t.webPost("/units/\(city)/policy", form, session: (h, csrf))
            XCTAssertEqual(loose.status, .unprocessableEntity)
            XCTAssertTrue(loose.text.contains("宽松"), loose.text)
            XCTAssertTrue(loose.text.contains("value=\"45\""))
            form["minutes_0"] = "20"
            let strict = try await t.webPost("/units/\(city)/policy", form, session: (h, csrf))
            XCTAssertEqual(strict.status, .seeOther, strict.text)
            let after = try await t.send(.GET, "/units/\(city)/policy?saved=1", headers: h)
            XCTAssertTrue(after.text.contains("本单位设置"))
            XCTAssertTrue(after.text.contains("第1版"))
            XCTAssertTrue(after.text.contains("2026-11-23 15:00 起生效"))
            // The API agrees, and a duty officer sees the page without the form.
            let api = try await t.get("/api/v1/units/\(city)/policy", token: try await t.login("xuchang.admin"), as: PolicyAPIController.PolicyDTO.self)
            XCTAssertEqual(api.own, true)
            let (dh, _) = try await t.webLogin("xuchang.duty")
            let readOnly = try await t.send(.GET, "/units/\(city)/policy", headers: dh)
            XCTAssertFalse(readOnly.text.contains("id=\"policy-form\""))
        }
    }

    func testMeasuresPage() async throws {
        try await withApp { t in
            let leader = try await t.login("jianan.leader")
            let filed = try await t.firstReport(token: leader, place: try await t.unitID(code: "411003"), extra: ["level": "major", "dead": 12])
            _ = try await t.send(.POST, "/api/v1/reports/\(t.reportID(filed)!)/sign", token: leader)
            let (h, _) = try await t.webLogin("xuchang.duty")
            let page = try await t.send(.GET, "/measures", headers: h)
            XCTAssertEqual(page.status, .ok)
            XCTAssertTrue(page.text.contains("信息报送率"))
            XCTAssertTrue(page.text.contains("2026年11月1日至2026年11月23日"), "the current month up to now")
            XCTAssertTrue(page.text.contains("接报的事件 1 起"))
            XCTAssertTrue(page.text.contains("<th scope=\"row\">县级</th><td>1</td><td>1</td><td>100%</td>"), page.text)
            let bad = try await t.send(.GET, "/measures?from=2026-13-01", headers: h)
            XCTAssertEqual(bad.status, .unprocessableEntity)
            XCTAssertTrue(bad.text.contains("日期格式应为"))
        }
    }

    /// The live board shows who is on duty now, here and in each subordinate.
    func testBoardShowsWhoIsOnDutyNow() async throws {
        try await withApp { t in
            let token = try await t.login("xuchang.duty")
            let city = try await t.unitID(code: "411000")
            let api = try await t.get("/api/v1/units/\(city)/on-duty", token: token, as: OnDutyDTO.self)
            let jiananID = try await t.unitID(code: "411003")
            let jianan = try XCTUnwrap(api.units.first { $0.unitId == uuid(jiananID) }, "\(api.units.map(\.unitName))")
            let officer = try XCTUnwrap(jianan.levels.first { $0.level == .officer }?.people.first).name
            let (h, _) = try await t.webLogin("xuchang.duty")
            let board = try await t.send(.GET, "/board", headers: h)
            XCTAssertTrue(board.text.contains("id=\"board-onduty-heading\""))
            XCTAssertTrue(board.text.contains(officer), "the officer on duty at 建安区 now")
            let live = try await t.send(.GET, "/board/live", headers: h)
            XCTAssertTrue(live.text.contains(officer), "and in the part that refreshes without a reload")
        }
    }

    func testImportThroughTheUploadForm() async throws {
        try await withApp { t in
            let (h, csrf) = try await t.webLogin("xuchang.admin")
            let unit = try await t.unitID(code: "411081")
            let csv = "姓名,职务,办公电话,手机,传真,电子邮箱,人员类别,单位\r\n钱学文,值班员,,13700374011,,,正式在编,\r\n"
            let form = MultipartForm(fields: [("unitID", unit)], file: .init(name: "list.csv", mediaType: "text/csv", bytes: Array(csv.utf8)))
            let r = try await t.webUpload("/directory/import", form, session: (h, csrf))
            XCTAssertEqual(r.status, .ok, r.text)
            XCTAssertTrue(r.text.contains("已导入"))
            let v1 = try await Person.query(on: t.app.db).filter(\.$name == "钱学文").first()
            XCTAssertNotNil(v1)
        }
    }

    func testAuditorBrowsesAndVerifiesTheTrail() async throws {
        try await withApp { t in
            _ = try await t.send(.POST, "/api/v1/auth/login", json: ["username": "jianan.duty", "password": "bad"])
            let (h, _) = try await t.webLogin("xuchang.auditor")
            let page = try await t.send(.GET, "/audit?action=login&outcome=failure", headers: h)
            XCTAssertEqual(page.status, .ok)
            XCTAssertTrue(page.text.contains("jianan.duty"))
            XCTAssertTrue(page.text.contains("建安区应急管理局"), "entries show the unit's name")
            let verified = try await t.send(.GET, "/audit?verify=1", headers: h)
            XCTAssertTrue(verified.text.contains("审计链完整"))
            XCTAssertFalse(page.text.contains("method=\"post\"") && page.text.contains("/audit/"), "no form changes the trail")
        }
    }

    func testSecurityAdminCreatesAnAccountInTheForm() async throws {
        try await withApp { t in
            let (h, csrf) = try await t.webLogin("xuchang.security")
            let unit = try await t.unitID(code: "411082")
            let form = [("username", "changge.duty2"), ("displayName", "李明"), ("password", "Chang#Ge2026x"), ("unitID", unit), ("roles[]", "duty_officer")]
            let r = try await t.webPost("/users", pairs: form, session: (h, csrf))
            XCTAssertEqual(r.status, .seeOther, r.text)
            let list = try await t.send(.GET, "/users", headers: h)
            XCTAssertTrue(list.text.contains("changge.duty2"))
            _ = try await t.login("changge.duty2", password: "Chang#Ge2026x")
        }
    }
}

/// What a browser meets when something goes wrong: a page, not JSON.
final class BrowserErrorTests: XCTestCase {
    static let chrome: HTTPHeaders = ["Accept": "text/html,application/xhtml+xml,application/xml;q=0.9,image/avif,image/webp,*/*;q=0.8"]

    func testABrowserGetsTheChineseErrorPageAndAnAPIClientJSON() async throws {
        try await withApp { t in
            let (h, _) = try await t.webLogin("xuchang.duty")
            var headers = h
            for (k, v) in Self.chrome { headers.replaceOrAdd(name: k, value: v) }
            let missing = try await t.send(.GET, "/incidents/\(UUID().uuidString)", headers: headers)
            XCTAssertEqual(missing.status, .notFound)
            XCTAssertEqual(missing.headers.contentType?.subType, "html", missing.text)
            XCTAssertTrue(missing.text.contains("返回首页") && missing.text.contains("值班看板"), "the page has the navigation and a way back")
            let api = try await t.send(.GET, "/api/v1/incidents/\(UUID().uuidString)", token: try await t.login("xuchang.duty"))
            XCTAssertEqual(api.status, .notFound)
            XCTAssertEqual(api.errorCode, "not_found")
        }
    }

    func testAStaleLoginFormShowsTheLoginPageAgain() async throws {
        try await withApp { t in
            let stale = try await t.postForm("/login", [("username", "xuchang.duty"), ("password", DemoData.password), ("_csrf", "stale")])
            XCTAssertEqual(stale.status, .ok)
            XCTAssertTrue(stale.text.contains("登录页面已过期"), stale.text)
            XCTAssertTrue(stale.text.contains("value=\"xuchang.duty\""), "what was typed is kept")
            XCTAssertNotNil(stale.headers.setCookie?[SessionCookie.loginCSRF], "with a fresh token")
        }
    }
}
