import DutyCore
import Fluent
import SQLKit
import Vapor
import XCTest

@testable import DutyServer

final class AuditTrailTests: XCTestCase {
    func testEveryChangeIsChainedAndVerifies() async throws {
        try await withApp { t in
            let duty = try await t.login("xuchang.duty")
            let id = try await t.personID(name: "张栋利")
            _ = try await t.send(.PATCH, "/api/v1/people/\(id)", token: duty, json: ["position": "科长"])
            let auditor = try await t.login("xuchang.auditor")
            let v = try await t.get("/api/v1/audit/verify", token: auditor, as: AuditVerifyDTO.self)
            XCTAssertEqual(v.intact, true)
            let entries = try await AuditEntry.query(on: t.app.db).sort(\.$id).all()
            XCTAssertEqual(entries.map(\.id), (1...Int64(entries.count)).map { $0 })
            for (a, b) in zip(entries, entries.dropFirst()) { XCTAssertEqual(b.prevHash, a.hash) }
            XCTAssertEqual(entries.first?.prevHash, AuditChain.genesis)
        }
    }

    func testTamperingIsFoundAndNamed() async throws {
        try await withApp { t in
            let sql = t.app.db as! any SQLDatabase
            try await sql.raw("UPDATE audit_entries SET detail = 'tampered' WHERE seq = 7").run()
            let v = try await AuditLog.verify(on: t.app.db)
            XCTAssertEqual(v.firstBreak, .edited(seq: 7))
            XCTAssertEqual(v.checked, 6)
            let auditor = try await t.login("ministry.auditor")
            let r = try await t.get("/api/v1/audit/verify", token: auditor, as: AuditVerifyDTO.self)
            XCTAssertEqual(r.intact, false)
            XCTAssertTrue(r.message.contains("#7"), r.message)
        }
    }

    func testDeletedEntryIsFound() async throws {
        try await withApp { t in
            let sql = t.app.db as! any SQLDatabase
            try await sql.raw("DELETE FROM audit_entries WHERE seq = 4").run()
            let v = try await AuditLog.verify(on: t.app.db)
            XCTAssertEqual(v.firstBreak, .deleted(before: 5, expectedSeq: 4))
            let last = try await AuditEntry.query(on: t.app.db).sort(\.$id, .descending).first()!.id!
            try await sql.raw("DELETE FROM audit_entries WHERE seq = \(unsafeRaw: String(last))").run()
            try await sql.raw("INSERT INTO audit_entries SELECT * FROM audit_entries WHERE 1 = 0").run()
            let tail = AuditChain.verify(
                try await AuditEntry.query(on: t.app.db).filter(\.$id > 4).sort(\.$id).all().map(\.stored).dropFirst(0).map { $0 }, headSeq: last)
            XCTAssertNotNil(tail.firstBreak)
        }
    }

    func testAuditorBrowsesAndFiltersOwnSubtreeOnly() async throws {
        try await withApp { t in
            _ = try await t.send(.POST, "/api/v1/auth/login", json: ["username": "jianan.duty", "password": "bad"])
            _ = try await t.login("luohe.duty")
            let auditor = try await t.login("xuchang.auditor")
            let failures = try await t.get("/api/v1/audit?action=login&outcome=failure", token: auditor, as: AuditPage.self)
            XCTAssertEqual(failures.items.map(\.actor), ["jianan.duty"])
            let all = try await t.get("/api/v1/audit?action=login&limit=500", token: auditor, as: AuditPage.self)
            let actors = Set(all.items.map(\.actor))
            XCTAssertFalse(actors.contains("luohe.duty"), "a sibling city's logins are not the Xuchang auditor's")
            let badDate = try await t.send(.GET, "/api/v1/audit?from=yesterday", token: auditor)
            XCTAssertEqual(badDate.status, .unprocessableEntity)
        }
    }

    func testNoRouteEditsOrDeletesAuditEntries() async throws {
        try await withApp { t in
            let auditor = try await t.login("ministry.auditor")
            let before = try await t.count(AuditEntry.self)
            for method in [HTTPMethod.PUT, .PATCH, .DELETE, .POST] {
                let r = try await t.send(method, "/api/v1/audit/1", token: auditor, json: ["detail": "x"])
                XCTAssertEqual(r.status, .notFound, "\(method)")
            }
            let routes = t.app.routes.all.filter { $0.path.first?.description == "api" && $0.path.contains { $0.description == "audit" } }
            XCTAssertEqual(Set(routes.map(\.method.rawValue)), ["GET"])
            let v1 = try await t.count(AuditEntry.self)
            XCTAssertEqual(v1, before, "nothing was written or removed")
        }
    }
}
