import DutyCore
import Fluent
import XCTest

@testable import DutyServer

/// The hot path inserts rows by column list instead of through the ORM; these lists must
/// stay exactly the models' fields, and the rows must read back as the ORM would write them.
final class RowInsertTests: XCTestCase {
    func testColumnListsAreExactlyTheModelsFields() {
        func keys<M: Model>(_ m: M.Type) -> [String] { M.keys.map(\.description) }
        XCTAssertEqual(Set(Incident.columns), Set(keys(Incident.self)))
        XCTAssertEqual(Set(Report.columns), Set(keys(Report.self)))
        XCTAssertEqual(Set(TimelineEvent.columns), Set(keys(TimelineEvent.self)))
        XCTAssertEqual(Set(AuditEntry.columns), Set(keys(AuditEntry.self)))
        let e = TimelineEvent(caseID: UUID(), unitID: UUID(), at: pinnedNow, actor: "a", kind: "k", detail: "d")
        XCTAssertEqual(TimelineEvent.columns.count, e.rowValues.count)
    }

    func testRowsReadBackAsWritten() async throws {
        try await withApp { t in
            let unit = try await OrgUnit.query(on: t.app.db).filter(\.$code == "411003").first()!
            let i = Incident()
            i.id = UUID()
            i.caseID = UUID()
            i.$unit.id = unit.id!
            i.infoType = "incident"
            i.title = "测试，含\n换行"
            i.kindID = "road_transport_accident"
            i.incidentClass = "accident"
            i.level = "general"
            i.levelSuggested = nil
            i.levelReason = ""
            i.placeUnitID = unit.id
            i.placeDetail = "许由路"
            i.occurredAt = pinnedNow.addingTimeInterval(-600.25)
            i.receivedAt = pinnedNow
            i.sourceChannel = "phone"
            i.classified = true
            i.createdBy = "xuchang.duty"
            i.createdAt = pinnedNow
            let r = Report()
            r.id = UUID()
            r.$incident.id = i.id!
            r.kind = "first"
            r.sequence = 1
            r.elements = "{}"
            r.body = "正文"
            r.changes = "[]"
            r.changeReason = ""
            r.status = "draft"
            r.needsApproval = false
            r.createdBy = "xuchang.duty"
            r.createdAt = pinnedNow
            XCTAssertEqual(Incident.columns.count, i.rowValues.count)
            XCTAssertEqual(Report.columns.count, r.rowValues.count)
            try await t.app.write(InsertSet(incidents: [i], reports: [r]))
            let back = try await Incident.find(i.id, on: t.app.db)
            XCTAssertEqual(back?.title, i.title)
            XCTAssertEqual(back?.occurredAt?.timeIntervalSince1970 ?? 0, i.occurredAt!.timeIntervalSince1970, accuracy: 0.001)
            XCTAssertEqual(back?.receivedAt, pinnedNow)
            XCTAssertEqual(back?.classified, true)
            XCTAssertNil(back?.levelSuggested)
            XCTAssertNil(back?.closedAt)
            XCTAssertEqual(back?.$unit.id, unit.id)
            let rb = try await Report.find(r.id, on: t.app.db)
            XCTAssertEqual(rb?.$incident.id, i.id)
            XCTAssertEqual(rb?.needsApproval, false)
            XCTAssertNil(rb?.submittedAt)
            // The ORM can go on updating a row inserted this way.
            back!.notifiedAt = pinnedNow
            try await t.app.write { db in try await back!.save(on: db) }
            let again = try await Incident.find(i.id, on: t.app.db)
            XCTAssertEqual(again?.notifiedAt, pinnedNow)
        }
    }
}
