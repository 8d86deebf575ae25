import DutyCore
import Fluent
import Vapor
import XCTest

@testable import DutyServer

final class DirectoryTests: XCTestCase {
    func names(_ r: TestApp.Reply) throws -> [String] {
        try r.decode(PeoplePage.self).items.map(\.name)
    }

    func testSearchByNamePinyinInitialsPhoneAndUnit() async throws {
        try await withApp { t in
            let token = try await t.login("xuchang.duty")
            let v1 = try names(await t.send(.GET, "/api/v1/people?q=zdl", token: token))
            XCTAssertEqual(v1, ["张栋利"])
            let v2 = try names(await t.send(.GET, "/api/v1/people?q=zhangdongli", token: token))
            XCTAssertEqual(v2, ["张栋利"])
            let v3 = try names(await t.send(.GET, "/api/v1/people?q=%E5%BC%A0%E6%A0%8B%E5%88%A9", token: token))
            XCTAssertEqual(v3, ["张栋利"])
            // 单 reads "shan" as a surname; both readings find 单志刚.
            let v4 = try names(await t.send(.GET, "/api/v1/people?q=szg", token: token)).contains("单志刚")
            XCTAssertTrue(v4)
            let v5 = try names(await t.send(.GET, "/api/v1/people?q=dzg", token: token)).contains("单志刚")
            XCTAssertTrue(v5)
            let p = try await Person.query(on: t.app.db).filter(\.$name == "张栋利").first()!
            let fragment = String(p.mobile.dropFirst(3).prefix(5))
            let v6 = try names(await t.send(.GET, "/api/v1/people?q=\(fragment)", token: token)).contains("张栋利")
            XCTAssertTrue(v6)
            // OrgUnit name (Chinese) and the unit's pinyin initials find its people.
            let byUnit = try names(await t.send(.GET, "/api/v1/people?q=%E9%95%BF%E8%91%9B", token: token))
            XCTAssertFalse(byUnit.isEmpty)
            let changge = try await t.unitID(code: "411082")
            let inUnit = try names(await t.send(.GET, "/api/v1/people?unitId=\(changge)", token: token))
            XCTAssertEqual(Set(byUnit), Set(inUnit))
            let v7 = Set(try names(await t.send(.GET, "/api/v1/people?q=zhanggeshi&unitId=\(changge)", token: token)))
            XCTAssertEqual(v7, Set(inUnit), "长 read as zhang")
            let v8 = Set(try names(await t.send(.GET, "/api/v1/people?q=changgeshi&unitId=\(changge)", token: token)))
            XCTAssertEqual(v8, Set(inUnit), "长 read as chang")
        }
    }

    func testSearchNeverReturnsASiblingsPeople() async throws {
        try await withApp { t in
            let luohe = try await t.login("luohe.duty")
            let r = try await t.send(.GET, "/api/v1/people?q=zdl", token: luohe)
            XCTAssertEqual(r.status, .ok)
            XCTAssertEqual(try names(r), [])
            let xuchang = try await t.unitID(code: "411000")
            let scoped = try await t.send(.GET, "/api/v1/people?unitId=\(xuchang)", token: luohe)
            XCTAssertEqual(scoped.status, .notFound)
        }
    }

    func testCreateEditAndHistory() async throws {
        try await withApp { t in
            let token = try await t.login("xuchang.duty")
            let unit = try await t.unitID(code: "411003")
            let created = try await t.send(
                .POST, "/api/v1/people", token: token,
                json: ["unitId": unit, "name": "欧阳明", "position": "值班员", "mobile": "138 0037 4123", "category": "established"])
            XCTAssertEqual(created.status, .created)
            let person = try created.decode(PersonDTO.self)
            XCTAssertEqual(person.mobile, "13800374123", "spaces removed")
            let id = person.id
            t.clock.advance(20 * 60)
            let edited = try await t.send(.PATCH, "/api/v1/people/\(id)", token: token, json: ["mobile": "13900374555", "position": "值班组长"])
            XCTAssertEqual(edited.status, .ok)
            let entries = try await t.get("/api/v1/people/\(id)/history", token: token, as: [HistoryEntryDTO].self)
            XCTAssertEqual(entries.map(\.action), ["person.update", "person.create"])
            let changes = try XCTUnwrap(entries.first?.changes)
            XCTAssertEqual(changes["mobile"].map { [$0.from, $0.to] }, ["13800374123", "13900374555"])
            XCTAssertEqual(changes["position"].map { [$0.from, $0.to] }, ["值班员", "值班组长"])
            XCTAssertEqual(entries.first?.actor, "xuchang.duty")
            XCTAssertEqual(entries.first?.at, iso("2026-11-23T06:25:00Z"))
            let gone = try await t.send(.POST, "/api/v1/people/\(id)/deactivate", token: token)
            XCTAssertEqual(try gone.decode(PersonDTO.self).active, false)
            let v9 = try names(await t.send(.GET, "/api/v1/people?q=oym", token: token))
            XCTAssertEqual(v9, [])
            let v10 = try names(await t.send(.GET, "/api/v1/people?q=oym&includeInactive=true", token: token))
            XCTAssertEqual(v10, ["欧阳明"])
        }
    }

    func testInvalidEntryIsRefusedWithReasonsAndNothingWritten() async throws {
        try await withApp { t in
            let token = try await t.login("xuchang.duty")
            let unit = try await t.unitID(code: "411003")
            let before = try await t.count(Person.self)
            let auditBefore = try await t.count(AuditEntry.self)
            let r = try await t.send(
                .POST, "/api/v1/people", token: token,
                json: ["unitId": unit, "name": String(repeating: "张", count: 40), "mobile": "1380013", "email": "nope", "category": "established"])
            XCTAssertEqual(r.status, .unprocessableEntity)
            XCTAssertEqual(r.errorCode, "validation_failed")
            let fields = try XCTUnwrap(r.error?.details, r.text).compactMap(\.field)
            XCTAssertEqual(Set(fields), ["name", "mobile", "email"])
            XCTAssertTrue(r.errorMessage?.contains("手机") ?? false)
            let v11 = try await t.count(Person.self)
            XCTAssertEqual(v11, before)
            let v12 = try await t.count(AuditEntry.self)
            XCTAssertEqual(v12, auditBefore)
            let badEnum = try await t.send(
                .POST, "/api/v1/people", token: token, json: ["unitId": unit, "name": "李强", "mobile": "13800374123", "category": "contractor"])
            XCTAssertEqual(badEnum.status, .unprocessableEntity)
            XCTAssertTrue(badEnum.errorMessage?.contains("category") ?? false)
            let wrongType = try await t.send(.POST, "/api/v1/people", token: token, json: ["unitId": unit, "name": 42, "mobile": "13800374123"])
            XCTAssertEqual(wrongType.status, .unprocessableEntity)
            XCTAssertTrue(wrongType.errorMessage?.contains("name") ?? false)
            let malformed = try await t.send(.POST, "/api/v1/people", token: token, raw: ByteBuffer(string: "{\"name\": "), contentType: .json)
            XCTAssertEqual(malformed.status, .badRequest)
            XCTAssertEqual(malformed.errorCode, "malformed_json")
            let huge = try await t.send(
                .POST, "/api/v1/people", token: token, raw: ByteBuffer(string: "{\"name\":\"" + String(repeating: "a", count: 1_100_000) + "\"}"),
                contentType: .json, overHTTP: true)
            XCTAssertEqual(huge.status, .payloadTooLarge)
            XCTAssertEqual(huge.errorCode, "payload_too_large")
        }
    }

    func testCSVImportUTF8WithBOMAndGB18030() async throws {
        try await withApp { t in
            let token = try await t.login("xuchang.admin")
            let unit = try await t.unitID(code: "411024")
            let csv = "姓名,职务,办公电话,手机,传真,电子邮箱,人员类别,单位\r\n韩立新,值班员,0374-7121234,13700374001,,,正式在编,\r\n\"冯,晓\",值班员,,13700374002,,,临聘,鄢陵县应急管理局\r\n"
            var bom = ByteBuffer(bytes: [0xEF, 0xBB, 0xBF])
            bom.writeString(csv)
            let r = try await t.send(.POST, "/api/v1/directory/import?unitId=\(unit)", token: token, raw: bom, contentType: .init(type: "text", subType: "csv"))
            XCTAssertEqual(r.status, .ok, r.text)
            XCTAssertEqual(try r.decode(ImportResultDTO.self).imported, 2)
            XCTAssertEqual(try r.decode(ImportResultDTO.self).encoding, "utf8BOM")
            let p = try await Person.query(on: t.app.db).filter(\.$name == "冯,晓").first()
            XCTAssertEqual(p?.category, "temporary")
            let gbText = "姓名,职务,办公电话,手机,传真,电子邮箱,人员类别,单位\r\n蒋春燕,值班员,,13700374003,,,正式在编,\r\n"
            let gb = try XCTUnwrap(gbText.data(using: String.Encoding(rawValue: 0x8000_0632)))
            let r2 = try await t.send(
                .POST, "/api/v1/directory/import?unitId=\(unit)", token: token, raw: ByteBuffer(data: gb), contentType: .init(type: "text", subType: "csv"))
            XCTAssertEqual(r2.status, .ok, r2.text)
            XCTAssertEqual(try r2.decode(ImportResultDTO.self).encoding, "gb18030")
            let v13 = try await Person.query(on: t.app.db).filter(\.$name == "蒋春燕").first()
            XCTAssertNotNil(v13)
            let v14 = try await t.auditEntries(action: "directory.import").count
            XCTAssertEqual(v14, 2)
        }
    }

    func testCSVImportWithABadRowWritesNothingAndReportsEachRow() async throws {
        try await withApp { t in
            let token = try await t.login("xuchang.admin")
            let unit = try await t.unitID(code: "411024")
            let before = try await t.count(Person.self)
            let csv =
                "姓名,职务,办公电话,手机,传真,电子邮箱,人员类别,单位\n周正,值班员,,13700374001,,,正式在编,\n,值班员,,13700374002,,,正式在编,\n吴军,值班员,,12345678,,,外包,\n陈亮,值班员,,13700374004,,,正式在编,漯河市应急管理局\n"
            let r = try await t.send(
                .POST, "/api/v1/directory/import?unitId=\(unit)", token: token, raw: ByteBuffer(string: csv), contentType: .init(type: "text", subType: "csv"))
            XCTAssertEqual(r.status, .unprocessableEntity)
            let details = try XCTUnwrap(r.error?.details, r.text)
            XCTAssertEqual(Set(details.compactMap(\.row)), [3, 4, 5])
            XCTAssertTrue(details.contains { $0.row == 4 && $0.field == "手机" }, "errors name the CSV column")
            XCTAssertTrue(details.contains { $0.message.contains("第5行：单位“漯河市应急管理局”不在") }, "\(details)")
            let v15 = try await t.count(Person.self)
            XCTAssertEqual(v15, before, "nothing written when any row is bad")
            let v16 = try await Person.query(on: t.app.db).filter(\.$name == "周正").first()
            XCTAssertNil(v16)
        }
    }

    func testCSVExportOpensInExcelWithChineseIntactAndIsAudited() async throws {
        try await withApp { t in
            let token = try await t.login("xuchang.duty")
            let r = try await t.send(.GET, "/api/v1/directory/export.csv", token: token)
            XCTAssertEqual(r.status, .ok)
            XCTAssertEqual(r.headers.contentType?.subType, "csv")
            let bytes = Array(Data(buffer: r.body))
            XCTAssertEqual(Array(bytes.prefix(3)), [0xEF, 0xBB, 0xBF], "a BOM makes Excel read UTF-8")
            let text = String(decoding: bytes.dropFirst(3), as: UTF8.self)
            let rows = try CSV.parse(text)
            XCTAssertEqual(Array(rows[0].prefix(8)), DirectoryRules.csvHeader)
            XCTAssertTrue(rows.contains { $0.first == "张栋利" })
            XCTAssertFalse(rows.contains { $0.contains("漯河市应急管理局") }, "only the actor's subtree")
            XCTAssertTrue(text.contains("\r\n"))
            let v17 = try await t.auditEntries(action: "export.csv").count
            XCTAssertEqual(v17, 1)
        }
    }

    func testVCardOfAPersonAndOfAUnit() async throws {
        try await withApp { t in
            let token = try await t.login("xuchang.duty")
            let id = try await t.personID(name: "张栋利")
            let r = try await t.send(.GET, "/api/v1/people/\(id)/vcard", token: token)
            XCTAssertEqual(r.status, .ok)
            XCTAssertEqual(r.headers.contentType?.subType, "vcard")
            XCTAssertTrue(r.text.hasPrefix("BEGIN:VCARD\r\nVERSION:4.0\r\n"))
            XCTAssertTrue(r.text.contains("FN:张栋利\r\n"))
            XCTAssertTrue(r.text.contains("N:张;栋利;;;"))
            XCTAssertTrue(r.text.contains("TITLE:应急值守科科长"))
            XCTAssertTrue(r.text.contains("ORG:许昌市应急管理局"))
            let unit = try await t.unitID(code: "411003")
            let u = try await t.send(.GET, "/api/v1/units/\(unit)/vcard", token: token)
            let count = u.text.components(separatedBy: "BEGIN:VCARD").count - 1
            let people = try await Person.query(on: t.app.db).filter(\.$unit.$id == UUID(uuidString: unit)!).filter(\.$active == true).count()
            XCTAssertEqual(count, people + 1, "each person plus the unit's duty room")
            XCTAssertTrue(u.text.contains("ORG:许昌市应急管理局;建安区应急管理局"))
            let v18 = try await t.auditEntries(action: "export.vcard").count
            XCTAssertEqual(v18, 2)
        }
    }

    func testFreshnessShareOfAUnit() async throws {
        try await withApp { t in
            let token = try await t.login("jianan.duty")
            let unit = try await t.unitID(code: "411003")
            let people = try await Person.query(on: t.app.db).filter(\.$unit.$id == UUID(uuidString: unit)!).all()
            let fresh = people.filter { Freshness.isFresh(lastVerified: $0.lastVerifiedAt, now: pinnedNow) }.count
            let r = try await t.get("/api/v1/units/\(unit)/freshness", token: token, as: FreshnessDTO.self)
            XCTAssertEqual(r.total, people.count)
            XCTAssertEqual(r.verified, fresh)
            XCTAssertLessThan(fresh, people.count, "the demo has overdue entries")
            // Verifying every stale entry brings the unit to 100%.
            for p in people where !Freshness.isFresh(lastVerified: p.lastVerifiedAt, now: pinnedNow) {
                let v19 = try await t.send(.POST, "/api/v1/people/\(p.id!.uuidString)/verify", token: token).status
                XCTAssertEqual(v19, .ok)
            }
            let after = try await t.get("/api/v1/units/\(unit)/freshness", token: token, as: FreshnessDTO.self)
            XCTAssertEqual(after.percent, 100)
        }
    }
}
