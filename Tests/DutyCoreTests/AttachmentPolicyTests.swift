import DutyCore
import XCTest

final class AttachmentPolicyTests: XCTestCase {
    let pdf = Array("%PDF-1.7\n%âãÏÓ\n1 0 obj".utf8)
    let png: [UInt8] = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 13]

    func accepted(_ name: String, _ bytes: [UInt8], general: Bool = true) -> AttachmentPolicy.Accepted? {
        try? AttachmentPolicy.check(fileName: name, bytes: bytes, generalInformation: general).get()
    }

    func refusal(_ name: String, _ bytes: [UInt8], general: Bool = true) -> AttachmentPolicy.Refusal? {
        if case .failure(let r) = AttachmentPolicy.check(fileName: name, bytes: bytes, generalInformation: general) { return r }
        return nil
    }

    func testIncidentsCarryTheirContentInTheBodyNotInAttachments() {
        XCTAssertEqual(refusal("现场.pdf", pdf, general: false), .notGeneralInformation)
        XCTAssertTrue(refusal("现场.pdf", pdf, general: false)!.message.contains("正文"))
    }

    func testKindIsDecidedByTheBytes() {
        XCTAssertEqual(accepted("通报.pdf", pdf)?.kind, .pdf)
        XCTAssertEqual(accepted("现场照片.PNG", png)?.kind, .png)
        XCTAssertEqual(accepted("photo.jpg", [0xFF, 0xD8, 0xFF, 0xE0, 0, 0x10])?.kind, .jpeg)
        XCTAssertEqual(refusal("通报.pdf", png), .contentMismatch(ext: "pdf"), "a renamed image is not a PDF")
        XCTAssertEqual(refusal("run.exe", [0x4D, 0x5A, 0x90, 0]), .unsupported(ext: "exe"))
        XCTAssertEqual(refusal("page.html", Array("<html></html>".utf8)), .unsupported(ext: "html"))
        XCTAssertEqual(refusal("noext", pdf), .unsupported(ext: ""))
        XCTAssertEqual(refusal("说明.txt", Array("<script>alert(1)</script>".utf8)), .contentMismatch(ext: "txt"))
        XCTAssertEqual(accepted("说明.txt", Array("许昌市建安区值班室：情况说明".utf8))?.kind, .txt)
        XCTAssertEqual(refusal("坏.txt", [0xC3, 0x28]), .contentMismatch(ext: "txt"), "not UTF-8")
        let docx = [0x50, 0x4B, 0x03, 0x04] + Array("....[Content_Types].xml....word/document.xml".utf8)
        XCTAssertEqual(accepted("报告.docx", docx)?.kind, .docx)
        XCTAssertEqual(refusal("报告.xlsx", docx), .contentMismatch(ext: "xlsx"))
    }

    func testSizeLimitIncludesTheLimit() {
        let atLimit = pdf + [UInt8](repeating: 0x20, count: AttachmentPolicy.maxBytes - pdf.count)
        XCTAssertNotNil(accepted("a.pdf", atLimit))
        XCTAssertEqual(refusal("a.pdf", atLimit + [0x20]), .tooLarge(size: AttachmentPolicy.maxBytes + 1))
        XCTAssertEqual(refusal("a.pdf", []), .empty)
    }

    func testFileNamesAreMadeSafe() {
        XCTAssertEqual(AttachmentPolicy.safeFileName("../../etc/passwd.txt"), "passwd.txt")
        XCTAssertEqual(AttachmentPolicy.safeFileName("C:\\Users\\值班\\通报.pdf"), "通报.pdf")
        XCTAssertEqual(AttachmentPolicy.safeFileName("a\"b\r\nc.pdf"), "abc.pdf")
        XCTAssertEqual(AttachmentPolicy.safeFileName(".hidden.pdf"), "hidden.pdf")
        XCTAssertEqual(AttachmentPolicy.safeFileName(""), "附件")
        let long = String(repeating: "长", count: 300) + ".pdf"
        XCTAssertEqual(AttachmentPolicy.safeFileName(long).count, AttachmentPolicy.maxFileNameLength)
        XCTAssertTrue(AttachmentPolicy.safeFileName(long).hasSuffix(".pdf"))
    }
}
