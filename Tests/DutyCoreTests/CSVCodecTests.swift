import XCTest

@testable import DutyCore

final class CSVCodecTests: XCTestCase {
    // MARK: Decoding

    func testUTF8WithoutBOM() throws {
        let decoded = try XCTUnwrap(TextDecoding.decode(Array("姓名,电话\n".utf8)))
        XCTAssertEqual(decoded.text, "姓名,电话\n")
        XCTAssertEqual(decoded.encoding, .utf8)
    }

    func testUTF8WithBOMIsStripped() throws {
        let decoded = try XCTUnwrap(TextDecoding.decode([0xEF, 0xBB, 0xBF] + Array("姓名".utf8)))
        XCTAssertEqual(decoded.text, "姓名")
        XCTAssertEqual(decoded.encoding, .utf8BOM)
    }

    func testGB18030FromExcelRoundTrips() throws {
        let text = "单位,值班员,电话\r\n长葛市应急管理局,张栋利,0374-2961234\r\n"
        let data = try XCTUnwrap(text.data(using: TextDecoding.gb18030))
        let bytes = [UInt8](data)
        XCTAssertNil(String(validating: bytes, as: UTF8.self), "test data must not be UTF-8")
        XCTAssertEqual(Array(bytes.prefix(2)), [0xB5, 0xA5], "单 in GB18030")

        let decoded = try XCTUnwrap(TextDecoding.decode(bytes))
        XCTAssertEqual(decoded.encoding, .gb18030)
        XCTAssertEqual(decoded.text, text)
        XCTAssertEqual(
            try CSV.parse(decoded.text),
            [["单位", "值班员", "电话"], ["长葛市应急管理局", "张栋利", "0374-2961234"]])
    }

    func testUndecodableBytesGiveNil() {
        XCTAssertNil(TextDecoding.decode([0xFF, 0xFE, 0xFD]))
        XCTAssertNil(TextDecoding.decode([0x41, 0x81]))
    }

    // MARK: Parsing

    func testQuotedCommasQuotesAndNewlines() throws {
        let text = "名称,备注\r\n\"许昌市,应急局\",\"第一行\r\n第二行\"\r\n\"说\"\"好\"\"的\",\n"
        XCTAssertEqual(
            try CSV.parse(text),
            [["名称", "备注"], ["许昌市,应急局", "第一行\r\n第二行"], ["说\"好\"的", ""]])
    }

    func testLineEndsTrailingNewlineAndBlankLines() throws {
        XCTAssertEqual(try CSV.parse("a,b\nc,d\n"), [["a", "b"], ["c", "d"]])
        XCTAssertEqual(try CSV.parse("a,b\r\n\r\n  \r\nc,d"), [["a", "b"], ["c", "d"]])
        XCTAssertEqual(try CSV.parse("a\n\n\n"), [["a"]])
        XCTAssertEqual(try CSV.parse(""), [])
        // A quoted empty field is data, not a blank line.
        XCTAssertEqual(try CSV.parse("\"\"\n"), [[""]])
        XCTAssertEqual(try CSV.parse(",\n"), [["", ""]])
    }

    func testLeadingBOMAndStrayQuoteInUnquotedField() throws {
        XCTAssertEqual(try CSV.parse("\u{FEFF}屏幕,5\"\n"), [["屏幕", "5\""]])
    }

    func testUnterminatedQuoteReportsTheLineItStartedOn() {
        let text = "a,\"多行\n字段\"\nb,c\n\"未闭合,d\ne,f\n"
        XCTAssertThrowsError(try CSV.parse(text)) { error in
            XCTAssertEqual(error as? CSVError, CSVError(line: 4, message: "第4行：引号未闭合"))
        }
    }

    func testTextAfterClosingQuoteIsAnError() {
        XCTAssertThrowsError(try CSV.parse("a,b\n\"c\"x,d\n")) { error in
            let csvError = error as? CSVError
            XCTAssertEqual(csvError?.line, 2)
            XCTAssertTrue(csvError?.message.hasPrefix("第2行：") ?? false)
        }
    }

    // MARK: Encoding

    func testEncodeWritesBOMAndCRLFAndQuotesWhereNeeded() {
        let bytes = CSV.encode([["姓名", "备注"], ["张栋利", "a,b"], ["x\"y", " 空格"], ["两\n行", ""]])
        XCTAssertEqual(Array(bytes.prefix(3)), [0xEF, 0xBB, 0xBF])
        XCTAssertEqual(
            String(decoding: bytes.dropFirst(3), as: UTF8.self),
            "姓名,备注\r\n张栋利,\"a,b\"\r\n\"x\"\"y\",\" 空格\"\r\n\"两\n行\",\r\n")
        XCTAssertEqual(CSV.encode([["a"]], bom: false), Array("a\r\n".utf8))
    }

    func testFormulaInjectionIsDefused() {
        let fields = CSV.encode([["=HYPERLINK(\"x\")", "@SUM(A1)", "-2+3", "+cmd", "-abc"]], bom: false)
        XCTAssertEqual(
            String(decoding: fields, as: UTF8.self),
            "\"'=HYPERLINK(\"\"x\"\")\",'@SUM(A1),-2+3,'+cmd,'-abc\r\n")
    }

    func testPhoneNumbersAndNegativeNumbersAreNotPrefixed() {
        let bytes = CSV.encode([["+8613800000000", "-5", "-", "0374-2961234"]], bom: false)
        XCTAssertEqual(
            String(decoding: bytes, as: UTF8.self), "+8613800000000,-5,-,0374-2961234\r\n")
    }

    func testEncodeThenDecodeThenParseRoundTrips() throws {
        let rows = [["单位", "人员", "备注"], ["许昌市, 应急局", "张\"栋\"利", "第一行\r\n第二行"], ["", " a ", "b"]]
        let decoded = try XCTUnwrap(TextDecoding.decode(CSV.encode(rows)))
        XCTAssertEqual(decoded.encoding, .utf8BOM)
        XCTAssertEqual(try CSV.parse(decoded.text), rows)
    }
}
