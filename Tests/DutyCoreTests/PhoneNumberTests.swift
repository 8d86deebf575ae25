import XCTest

@testable import DutyCore

final class PhoneNumberTests: XCTestCase {
    private func valid(_ raw: String, file: StaticString = #filePath, line: UInt = #line) -> String? {
        switch PhoneNumber.validate(raw) {
        case .success(let number): return number
        case .failure(let error):
            XCTFail("\(raw): \(error.message)", file: file, line: line)
            return nil
        }
    }

    private func message(_ raw: String, file: StaticString = #filePath, line: UInt = #line) -> String? {
        switch PhoneNumber.validate(raw) {
        case .success(let number):
            XCTFail("\(raw) accepted as \(number)", file: file, line: line)
            return nil
        case .failure(let error):
            XCTAssertEqual(error.input, raw, file: file, line: line)
            return error.message
        }
    }

    func testNormalize() {
        XCTAssertEqual(PhoneNumber.normalize("（０３７４）２９６ １２３４"), "03742961234")
        XCTAssertEqual(PhoneNumber.normalize(" +86 138.0013.8000 "), "+8613800138000")
        XCTAssertEqual(PhoneNumber.normalize("0374－2961234"), "0374-2961234")
        XCTAssertEqual(PhoneNumber.normalize("0374 -- 2961234"), "0374-2961234")
        XCTAssertEqual(PhoneNumber.normalize("-0374-"), "0374")
        XCTAssertEqual(PhoneNumber.normalize("1+2"), "12")
        XCTAssertEqual(PhoneNumber.normalize("0374-2961234转801"), "0374-2961234转801")
    }

    func testDigits() {
        XCTAssertEqual(PhoneNumber.digits("0374-2961234"), "03742961234")
        XCTAssertEqual(PhoneNumber.digits("＋８６ １３８"), "86138")
        XCTAssertEqual(PhoneNumber.digits("转"), "")
    }

    func testMobileNumbersInEveryCommonSpelling() {
        for raw in [
            "13800138000", "138 0013 8000", "138-0013-8000", "+86 138 0013 8000", "+86-13800138000",
            "8613800138000", "008613800138000", "１３８００１３８０００",
        ] {
            XCTAssertEqual(valid(raw), "13800138000", raw)
        }
        XCTAssertEqual(valid("19912345678"), "19912345678")
    }

    func testMobileNumberErrors() {
        XCTAssertEqual(message("1380013"), "电话号码“1380013”位数不对：手机号应为11位数字")
        XCTAssertEqual(message("138001380001"), "电话号码“138001380001”位数不对：手机号应为11位数字")
        XCTAssertEqual(message("12012345678"), "电话号码“12012345678”不是有效的手机号：第2位应为3到9")
        XCTAssertEqual(message("13800138000转1"), "电话号码“13800138000转1”有误：手机号不能带分机号")
    }

    func testLandlines() {
        XCTAssertEqual(valid("0374-2961234"), "0374-2961234")
        XCTAssertEqual(valid("03742961234"), "0374-2961234")
        XCTAssertEqual(valid("01088881234"), "010-88881234")
        XCTAssertEqual(valid("(010)8888-1234"), "010-88881234")
        XCTAssertEqual(valid("021 6666 8888"), "021-66668888")
        XCTAssertEqual(valid("0374-2961234转801"), "0374-2961234转801")
        XCTAssertEqual(valid("0374-2961234-801"), "0374-2961234转801")
        XCTAssertEqual(valid("+86 10 8888 1234"), "010-88881234")
        XCTAssertEqual(valid("+86-374-2961234"), "0374-2961234")
        XCTAssertEqual(valid("+86 (0)374 2961234"), "0374-2961234")
    }

    func testLandlineErrors() {
        XCTAssertEqual(message("0374-29612"), "电话号码“0374-29612”位数不对：区号后的号码应为7到8位数字")
        XCTAssertEqual(message("2961234"), "电话号码“2961234”缺少区号：固定电话应写成“区号-号码”，如0374-2961234")
        XCTAssertEqual(message("0374-2961234转1234567"), "电话号码“0374-2961234转1234567”分机号不对：分机号应为1到6位数字")
        XCTAssertEqual(message("03-2961234"), "电话号码“03-2961234”区号不对：区号应为0加2到3位数字，如010、0374")
    }

    func testServiceNumbers() {
        for raw in ["110", "119", "120", "122", "12345", "12350", "95119"] {
            XCTAssertEqual(valid(raw), raw)
        }
        XCTAssertEqual(valid("400-810-8888"), "4008108888")
        XCTAssertEqual(valid("800 810 8888"), "8008108888")
        XCTAssertNotNil(message("1234"))
        XCTAssertNotNil(message("9511"))
        XCTAssertNotNil(message("400810888"))
    }

    func testOtherErrors() {
        XCTAssertEqual(message(""), "电话号码为空")
        XCTAssertEqual(message(" ( ) "), "电话号码为空")
        XCTAssertEqual(message("138abc"), "电话号码“138abc”含有无法识别的字符“a”")
        XCTAssertEqual(message("+1 415 555 0100"), "电话号码“+1 415 555 0100”不是中国大陆号码：只支持+86开头的境外写法")
        XCTAssertEqual(message("56789"), "电话号码“56789”不是可识别的手机号、固定电话或服务号码")
    }

    func testTelURI() {
        XCTAssertEqual(PhoneNumber.telURI("13800138000"), "tel:+86-13800138000")
        XCTAssertEqual(PhoneNumber.telURI("0374-2961234转801"), "tel:+86-374-2961234;ext=801")
        XCTAssertEqual(PhoneNumber.telURI("110"), "tel:110;phone-context=+86")
        XCTAssertNil(PhoneNumber.telURI("abc"))
    }
}
