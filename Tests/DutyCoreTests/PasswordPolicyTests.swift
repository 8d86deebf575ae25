import XCTest

@testable import DutyCore

final class PasswordPolicyTests: XCTestCase {
    private let policy = PasswordPolicy.standard

    func testStandardPolicy() {
        XCTAssertEqual(policy.minLength, 10)
        XCTAssertEqual(policy.requiredClasses, 3)
    }

    func testGoodPasswordHasNoProblems() {
        XCTAssertEqual(policy.problems(password: "Duty#Room2026", username: "zhangdl"), [])
        XCTAssertEqual(policy.problems(password: "值班qz8Wm5tx", username: "zhangdl"), [])
    }

    func testTooShort() {
        XCTAssertEqual(
            policy.problems(password: "Ab#9xq2", username: "zhangdl"), ["密码长度至少为10位，当前为7位"])
    }

    func testTooFewClasses() {
        XCTAssertEqual(
            policy.problems(password: "dutyroomwatch", username: "zhangdl"),
            ["密码须包含大写字母、小写字母、数字、符号中的至少3类，当前只有1类"])
        XCTAssertEqual(policy.problems(password: "dutyroom2026", username: "zhangdl").count, 1)
        let strict = PasswordPolicy(minLength: 8, requiredClasses: 4)
        XCTAssertEqual(strict.problems(password: "Duty#Room2026", username: "x"), [])
        XCTAssertEqual(
            strict.problems(password: "DutyRoom2026", username: "x"),
            ["密码须包含大写字母、小写字母、数字、符号中的至少4类，当前只有3类"])
    }

    func testContainsUsernameIgnoringCase() {
        XCTAssertEqual(
            policy.problems(password: "ZhangDL#2026x", username: "zhangdl"), ["密码不能包含用户名"])
        // Two letters are in too many words to be a hint.
        XCTAssertEqual(policy.problems(password: "Liang#2026x", username: "li"), [])
    }

    func testRunsOfFourRepeatedOrSequentialCharacters() {
        let runMessage = "密码不能含有4位及以上的连续字符（如1234、abcd、4321）或重复字符（如aaaa）"
        for password in ["Xy#1234qwz!", "Xy#abcdQ9!z", "Xy#aaaaQ9!z", "Xy#DCBA9q!z", "Xy#9876q!zW", "Xy#aBcD9!zq"] {
            XCTAssertEqual(policy.problems(password: password, username: "zhangdl"), [runMessage], password)
        }
        for password in ["Xy#123q!a1b", "a1b2c3d4E#", "Vxyz{#9Q8", "Xy#aaa9aaaQ"] {
            XCTAssertFalse(policy.problems(password: password, username: "zhangdl").contains(runMessage), password)
        }
    }

    func testSeveralProblemsAreAllReported() {
        XCTAssertEqual(policy.problems(password: "aaaa", username: "zhangdl").count, 3)
        XCTAssertEqual(policy.problems(password: "", username: "zhangdl").count, 2)
    }
}
