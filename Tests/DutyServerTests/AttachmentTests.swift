import DutyCore
import Vapor
import XCTest

@testable import DutyServer

final class AttachmentTests: XCTestCase {
    func testGeneralInformationTakesCheckedAttachmentsAndIncidentsDoNot() async throws {
        try await withApp { t in
            let duty = try await t.login("jianan.duty")
            let place = try await t.unitID(code: "411003")
            let pdf = Array("%PDF-1.7\n建安区情况说明".utf8)

            // A 突发事件 carries its content in the report text.
            let first = try await t.firstReport(token: duty, place: place)
            let incident = try first.decode(IncidentDTO.self).id.uuidString
            let refused = try await t.upload(incident, token: duty, fileName: "现场.pdf", bytes: pdf)
            XCTAssertEqual(refused.status, .unprocessableEntity)
            XCTAssertEqual(refused.errorCode, "attachment_not_allowed")
            XCTAssertTrue(refused.text.contains("正文"))
            let none = try await t.get("/api/v1/incidents/\(incident)/attachments", token: duty, as: [AttachmentDTO].self)
            XCTAssertEqual(none.count, 0, "nothing was stored")

            // 普通信息 may carry content in an attachment.
            let general = try await t.firstReport(token: duty, place: place, extra: ["infoType": "general"])
            let info = try general.decode(IncidentDTO.self).id.uuidString
            let stored = try await t.upload(info, token: duty, fileName: "../情况说明.pdf", bytes: pdf)
            XCTAssertEqual(stored.status, .created, stored.text)
            let attachment = try stored.decode(AttachmentDTO.self)
            XCTAssertEqual(attachment.fileName, "情况说明.pdf", "no path survives")
            XCTAssertEqual(attachment.kind, "pdf")
            let id = attachment.id

            let renamed = try await t.upload(info, token: duty, fileName: "照片.pdf", bytes: [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0])
            XCTAssertEqual(renamed.errorCode, "attachment_content_mismatch")
            let script = try await t.upload(info, token: duty, fileName: "page.html", bytes: Array("<html><script>x</script></html>".utf8))
            XCTAssertEqual(script.errorCode, "attachment_type_not_allowed")
            let big = try await t.upload(info, token: duty, fileName: "大.pdf", bytes: pdf + [UInt8](repeating: 0x20, count: AttachmentPolicy.maxBytes))
            XCTAssertEqual(big.errorCode, "attachment_too_large")

            let list = try await t.get("/api/v1/incidents/\(info)/attachments", token: duty, as: [AttachmentDTO].self)
            XCTAssertEqual(list.count, 1, "only the accepted file is stored")

            // The city sees its county's information and downloads the file as a download.
            let city = try await t.login("xuchang.duty")
            let file = try await t.send(.GET, "/api/v1/attachments/\(id)", token: city)
            XCTAssertEqual(file.status, .ok)
            XCTAssertEqual(Array(file.body.readableBytesView), pdf)
            XCTAssertEqual(file.headers.contentType?.description, "application/pdf")
            XCTAssertTrue(file.headers.first(name: .contentDisposition)?.hasPrefix("attachment;") ?? false)
            // … but adds nothing to a record that is not its own.
            let foreign = try await t.upload(info, token: city, fileName: "批示.pdf", bytes: pdf)
            XCTAssertEqual(foreign.status, .forbidden)
            // A sibling county does not learn the file exists.
            let sibling = try await t.send(.GET, "/api/v1/attachments/\(id)", token: try await t.login("luohe.duty"))
            XCTAssertEqual(sibling.status, .notFound)

            let timeline = try await t.get("/api/v1/incidents/\(info)/timeline", token: duty, as: [TimelineDTO].self)
            XCTAssertTrue(timeline.contains { $0.kind == "attachment.added" && $0.detail.contains("情况说明.pdf") })
        }
    }
}
