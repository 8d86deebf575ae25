import XCTest

@testable import DutyCore

final class DirectoryRulesTests: XCTestCase {
    private func valid(_ input: PersonFields, file: StaticString = #filePath, line: UInt = #line) -> PersonFields? {
        switch DirectoryRules.validate(input) {
        case .success(let out): return out
        case .failure(let issues):
            XCTFail("rejected: \(issues.issues.map { "\($0.field): \($0.message)" })", file: file, line: line)
            return nil
        }
    }

    private func issues(_ input: PersonFields, file: StaticString = #filePath, line: UInt = #line) -> [FieldIssue] {
        switch DirectoryRules.validate(input) {
        case .success(let out):
            XCTFail("accepted as \(out)", file: file, line: line)
            return []
        case .failure(let issues): return issues.issues
        }
    }

    func testValidEntryIsNormalized() {
        let input = PersonFields(
            name: " 张三 ", position: " 值班员 ", officePhone: "（０３７４）２９６ １２３４", mobile: "+86 138 0013 8000",
            fax: "0374－2961235", email: " zhangsan@xuchang.gov.cn ", category: "正式在编")
        guard let out = valid(input) else { return }
        XCTAssertEqual(out.name, "张三")
        XCTAssertEqual(out.position, "值班员")
        XCTAssertEqual(out.officePhone, "0374-2961234")
        XCTAssertEqual(out.mobile, "13800138000")
        XCTAssertEqual(out.fax, "0374-2961235")
        XCTAssertEqual(out.email, "zhangsan@xuchang.gov.cn")
        XCTAssertEqual(out.category, "established")
    }

    func testMobileAloneIsEnough() {
        let out = valid(PersonFields(name: "李四", position: "", mobile: "13900139000"))
        XCTAssertEqual(out?.mobile, "13900139000")
        XCTAssertEqual(out?.officePhone, "")
    }

    func testOfficePhoneAloneIsEnough() {
        XCTAssertEqual(valid(PersonFields(name: "李四", position: "科长", officePhone: "0374-2961234转801"))?.officePhone, "0374-2961234转801")
    }

    func testEmptyName() {
        let found = issues(PersonFields(name: "  ", position: "值班员", mobile: "13800138000"))
        XCTAssertEqual(found, [FieldIssue("name", "姓名不能为空")])
    }

    func testNameLength() {
        XCTAssertNotNil(valid(PersonFields(name: String(repeating: "张", count: 32), position: "", mobile: "13800138000")))
        let found = issues(PersonFields(name: String(repeating: "张", count: 33), position: "", mobile: "13800138000"))
        XCTAssertEqual(found, [FieldIssue("name", "姓名过长（最多32个字）")])
    }

    func testPositionLength() {
        XCTAssertNotNil(valid(PersonFields(name: "张三", position: String(repeating: "长", count: 64), mobile: "13800138000")))
        let found = issues(PersonFields(name: "张三", position: String(repeating: "长", count: 65), mobile: "13800138000"))
        XCTAssertEqual(found.map(\.field), ["position"])
    }

    func testBadMobileMessageMentionsMobile() {
        let found = issues(PersonFields(name: "张三", position: "", mobile: "1380013800"))
        XCTAssertEqual(found.count, 1)
        XCTAssertEqual(found.first?.field, "mobile")
        let message = found.first?.message ?? ""
        XCTAssertTrue(message.hasPrefix("手机："), message)
        XCTAssertTrue(message.contains("1380013800"), message)
    }

    func testBadOfficePhoneAndFaxAreLabelled() {
        let found = issues(PersonFields(name: "张三", position: "", officePhone: "2961234", mobile: "13800138000", fax: "abc"))
        XCTAssertEqual(found.map(\.field), ["officePhone", "fax"])
        XCTAssertTrue(found[0].message.hasPrefix("办公电话："), found[0].message)
        XCTAssertTrue(found[1].message.hasPrefix("传真："), found[1].message)
    }

    func testNeitherOfficePhoneNorMobile() {
        let found = issues(PersonFields(name: "张三", position: "值班员"))
        XCTAssertEqual(found, [FieldIssue("mobile", "办公电话和手机至少填写一个")])
    }

    func testFaxAloneIsNotAContact() {
        let found = issues(PersonFields(name: "张三", position: "", fax: "0374-2961235"))
        XCTAssertEqual(found, [FieldIssue("mobile", "办公电话和手机至少填写一个")])
    }

    func testBlankPhonesAreNotAContact() {
        XCTAssertEqual(
            issues(PersonFields(name: "张三", position: "", officePhone: "   ", mobile: "\t")),
            [FieldIssue("mobile", "办公电话和手机至少填写一个")])
    }

    /// A cell holding only a line break (a quoted CSV cell, a pasted form field) is no more a
    /// way to reach the person than an empty one.
    func testNewlineOnlyPhoneIsNotAContact() {
        let found = DirectoryRules.validate(PersonFields(name: "张三", position: "", officePhone: "\n", mobile: ""))
        guard case .failure(let problems) = found else {
            return XCTFail("accepted an entry with no phone number: \(found)")
        }
        XCTAssertEqual(problems.issues, [FieldIssue("mobile", "办公电话和手机至少填写一个")])
    }

    /// What validation returns is the normalized entry: a blank phone field comes back empty.
    func testBlankPhoneFieldsNormalizeToEmpty() {
        guard let out = valid(PersonFields(name: "张三", position: "", officePhone: "0374-2961234", mobile: "  ", fax: " \n")) else { return }
        XCTAssertEqual(out.mobile, "")
        XCTAssertEqual(out.fax, "")
    }

    func testBadEmail() {
        for email in [
            "zhangsan", "zhangsan@", "@xuchang.gov.cn", "zhang san@xc.cn", "a@b", "a@.cn", "a@cn.", "a@b@c.cn",
            String(repeating: "a", count: 120) + "@xc.gov.cn",
        ] {
            let found = issues(PersonFields(name: "张三", position: "", mobile: "13800138000", email: email))
            XCTAssertEqual(found, [FieldIssue("email", "电子邮箱格式不对")], email)
        }
    }

    func testPlausibleEmail() {
        XCTAssertTrue(DirectoryRules.isPlausibleEmail("zhangsan@xuchang.gov.cn"))
        XCTAssertTrue(DirectoryRules.isPlausibleEmail("a@b.c"))
        XCTAssertTrue(DirectoryRules.isPlausibleEmail(String(repeating: "a", count: 123) + "@b.cn"), "128 characters")
        XCTAssertFalse(DirectoryRules.isPlausibleEmail(String(repeating: "a", count: 124) + "@b.cn"), "129 characters")
        XCTAssertNotNil(valid(PersonFields(name: "张三", position: "", mobile: "13800138000", email: "")), "email is optional")
    }

    func testUnknownCategoryListsTheAllowedTitles() {
        let found = issues(PersonFields(name: "张三", position: "", mobile: "13800138000", category: "合同工"))
        XCTAssertEqual(found, [FieldIssue("category", "人员类别应为：正式在编、临聘、退休返聘、保安等非正式")])
    }

    func testEmptyCategoryRejected() {
        XCTAssertEqual(issues(PersonFields(name: "张三", position: "", mobile: "13800138000", category: "")).map(\.field), ["category"])
    }

    func testCategoryByChineseTitle() {
        XCTAssertEqual(valid(PersonFields(name: "张三", position: "", mobile: "13800138000", category: "临聘"))?.category, "temporary")
        XCTAssertEqual(valid(PersonFields(name: "张三", position: "", mobile: "13800138000", category: " 退休返聘 "))?.category, "rehired_retiree")
        XCTAssertEqual(valid(PersonFields(name: "张三", position: "", mobile: "13800138000", category: "informal"))?.category, "informal")
    }

    func testDefaultCategoryIsEstablished() {
        XCTAssertEqual(valid(PersonFields(name: "张三", position: "", mobile: "13800138000"))?.category, "established")
    }

    func testAllProblemsReportedTogether() {
        let found = issues(PersonFields(name: "", position: "", officePhone: "", mobile: "12345678901", email: "bad", category: "x"))
        XCTAssertEqual(found.map(\.field), ["name", "mobile", "email", "category"])
    }

    func testPhoneDigits() {
        let p = PersonFields(name: "张三", position: "", officePhone: "0374-2961234转801", mobile: "138 0013 8000", fax: "")
        XCTAssertEqual(DirectoryRules.phoneDigits(p), "03742961234801 13800138000")
        XCTAssertEqual(DirectoryRules.phoneDigits(PersonFields(name: "x", position: "", fax: "（０３７４）２９６１２３５")), "03742961235")
        XCTAssertEqual(DirectoryRules.phoneDigits(PersonFields(name: "x", position: "")), "")
    }

    func testCSVHeader() {
        XCTAssertEqual(DirectoryRules.csvHeader, ["姓名", "职务", "办公电话", "手机", "传真", "电子邮箱", "人员类别", "单位"])
    }
}
