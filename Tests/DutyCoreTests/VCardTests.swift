import XCTest

@testable import DutyCore

final class VCardTests: XCTestCase {
    private let revision = ISO8601DateFormatter().date(from: "2026-11-25T14:30:00+08:00")!

    private func lines(_ card: String) -> [String] {
        card.components(separatedBy: "\r\n")
    }

    func testFullCard() {
        let contact = VCardContact(
            uid: "6F1C2B8E-3D4A-4E5F-9A0B-1C2D3E4F5A6B", fullName: "张栋利",
            organization: ["许昌市应急管理局", "长葛市应急管理局"], title: "值班员",
            officePhones: ["0374-2961234"], mobilePhones: ["138 0013 8000"], faxes: ["0374-2961235"],
            emails: ["zdl@example.cn"], note: "夜班", revision: revision)
        XCTAssertEqual(
            VCard.encode(contact),
            [
                "BEGIN:VCARD",
                "VERSION:4.0",
                "UID:urn:uuid:6f1c2b8e-3d4a-4e5f-9a0b-1c2d3e4f5a6b",
                "FN:张栋利",
                "N:张;栋利;;;",
                "ORG:许昌市应急管理局;长葛市应急管理局",
                "TITLE:值班员",
                "TEL;VALUE=uri;TYPE=work,voice:tel:+86-374-2961234",
                "TEL;VALUE=uri;TYPE=cell:tel:+86-13800138000",
                "TEL;VALUE=uri;TYPE=fax:tel:+86-374-2961235",
                "EMAIL:zdl@example.cn",
                "NOTE:夜班",
                "REV:20261125T063000Z",
                "END:VCARD",
                "",
            ].joined(separator: "\r\n"))
    }

    func testCompoundAndSingleSurnames() {
        XCTAssertTrue(lines(VCard.encode(VCardContact(uid: "1", fullName: "欧阳娜娜"))).contains("N:欧阳;娜娜;;;"))
        XCTAssertTrue(lines(VCard.encode(VCardContact(uid: "1", fullName: "张栋利"))).contains("N:张;栋利;;;"))
        XCTAssertTrue(lines(VCard.encode(VCardContact(uid: "1", fullName: "尉迟恭"))).contains("N:尉迟;恭;;;"))
        XCTAssertTrue(lines(VCard.encode(VCardContact(uid: "1", fullName: "John Smith"))).contains("N:Smith;John;;;"))
    }

    func testEscapingOfTextAndOrganizationComponents() {
        let contact = VCardContact(
            uid: "42", fullName: "张三", organization: ["指挥部;前方", "组,一"],
            note: "路径 C:\\值班\n第二行; 完")
        let card = lines(VCard.encode(contact))
        XCTAssertTrue(card.contains("ORG:指挥部\\;前方;组\\,一"), card.joined(separator: "\n"))
        XCTAssertTrue(card.contains("NOTE:路径 C:\\\\值班\\n第二行\\; 完"), card.joined(separator: "\n"))
        // A plain database id is not a URI, so it has to be declared as text.
        XCTAssertTrue(card.contains("UID;VALUE=text:42"))
    }

    func testLongChineseNoteIsFoldedAtCharacterBoundaries() throws {
        let note = String(repeating: "今日值班情况正常，无突发事件。", count: 12) + "ABC"
        let card = VCard.encode(VCardContact(uid: "urn:x:1", fullName: "张栋利", note: note))
        let bytes = Array(card.utf8)

        var physical: [[UInt8]] = [[]]
        var i = 0
        while i < bytes.count {
            if bytes[i] == 0x0D && i + 1 < bytes.count && bytes[i + 1] == 0x0A {
                physical.append([])
                i += 2
            } else {
                physical[physical.count - 1].append(bytes[i])
                i += 1
            }
        }
        XCTAssertGreaterThan(physical.filter { $0.first == 0x20 }.count, 5, "the note must have been folded")
        for line in physical {
            XCTAssertLessThanOrEqual(line.count, 75)
            XCTAssertNotNil(String(validating: line, as: UTF8.self), "line cut inside a character")
        }
        let unfolded = lines(card.replacingOccurrences(of: "\r\n ", with: ""))
        XCTAssertTrue(unfolded.contains("NOTE:" + note))
        XCTAssertTrue(unfolded.contains("UID:urn:x:1"))
    }

    func testTelURIForms() {
        let contact = VCardContact(
            uid: "1", fullName: "值班室",
            officePhones: ["(010)8888-1234", "0374-2961234转801", "12345", "请问值班室"])
        let card = lines(VCard.encode(contact))
        XCTAssertTrue(card.contains("TEL;VALUE=uri;TYPE=work,voice:tel:+86-10-88881234"))
        XCTAssertTrue(card.contains("TEL;VALUE=uri;TYPE=work,voice:tel:+86-374-2961234;ext=801"))
        XCTAssertTrue(card.contains("TEL;VALUE=uri;TYPE=work,voice:tel:12345;phone-context=+86"))
        XCTAssertTrue(card.contains("TEL;TYPE=work,voice:请问值班室"))
    }

    func testSeveralContactsAreConcatenated() {
        let a = VCardContact(uid: "a", fullName: "甲")
        let b = VCardContact(uid: "b", fullName: "乙")
        let both = VCard.encode([a, b])
        XCTAssertEqual(both, VCard.encode(a) + VCard.encode(b))
        XCTAssertEqual(both.components(separatedBy: "BEGIN:VCARD").count - 1, 2)
        XCTAssertTrue(both.hasSuffix("END:VCARD\r\n"))
    }

    func testADutyRoomIsAnOrganizationWithoutPersonalNameParts() {
        var c = VCardContact(uid: "x-1", fullName: "许昌市应急管理局值班室", officePhones: ["0374-2961234"])
        c.isOrganization = true
        let text = VCard.encode(c)
        XCTAssertTrue(text.contains("\r\nKIND:org\r\n"))
        XCTAssertFalse(text.contains("\r\nN:"))
        XCTAssertTrue(text.contains("FN:许昌市应急管理局值班室"))
    }
}
