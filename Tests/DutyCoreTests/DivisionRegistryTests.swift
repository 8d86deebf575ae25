import Foundation
import XCTest

@testable import DutyCore

final class DivisionRegistryTests: XCTestCase {
    /// The real GB/T 2260 table of the repository: Resources/data/gbt2260.csv.
    private static func tableURL() -> URL {
        let fixed = URL(fileURLWithPath: "/work/main/Resources/data/gbt2260.csv")
        if FileManager.default.fileExists(atPath: fixed.path) { return fixed }
        // This file lives in Tests/DutyCoreTests, even when reached through a symlink.
        return URL(fileURLWithPath: #filePath).resolvingSymlinksInPath()
            .deletingLastPathComponent()
            .appendingPathComponent("../../Resources/data/gbt2260.csv")
            .standardizedFileURL
    }

    private static let registry: DivisionRegistry? = {
        guard let text = try? String(contentsOf: tableURL(), encoding: .utf8) else { return nil }
        return DivisionRegistry(csv: text)
    }()

    private func realRegistry(file: StaticString = #filePath, line: UInt = #line) throws -> DivisionRegistry {
        guard let r = Self.registry else {
            XCTFail("cannot read \(Self.tableURL().path)", file: file, line: line)
            throw CocoaError(.fileReadNoSuchFile)
        }
        return r
    }

    func testXuchang() throws {
        let r = try realRegistry()
        XCTAssertTrue(r.contains("411000"))
        XCTAssertEqual(r["411000"]?.name, "许昌市")
        XCTAssertEqual(r["411000"]?.level, "city")
        XCTAssertEqual(r["411000"]?.parentCode, "410000")
    }

    func testChanggeUnderXuchang() throws {
        let r = try realRegistry()
        let changge = r["411082"]
        XCTAssertEqual(changge?.name, "长葛市")
        XCTAssertEqual(changge?.level, "county")
        XCTAssertEqual(changge?.parentCode, "411000")
        XCTAssertTrue(r.children(of: "411000").contains { $0.code == "411082" })
    }

    func testOrdos() throws {
        let r = try realRegistry()
        XCTAssertEqual(r["150600"]?.name, "鄂尔多斯市")
        XCTAssertEqual(r["150600"]?.parentCode, "150000")
    }

    /// The published table has 34 provinces, but its 台湾省 row carries a garbled code
    /// ("资料暂缺00"); a code that is not six digits is never taken in.
    func testProvincesWithValidCodes() throws {
        let r = try realRegistry()
        let provinces = r.divisions.values.filter { $0.level == "province" }
        XCTAssertEqual(provinces.count, 33)
        XCTAssertTrue(provinces.allSatisfy { $0.parentCode == nil }, "provinces have no parent")
        XCTAssertEqual(r["110000"]?.name, "北京市")
        XCTAssertEqual(r["820000"]?.name, "澳门特别行政区")
        XCTAssertFalse(r.divisions.values.contains { $0.name == "台湾省" })
    }

    func testEveryParentExists() throws {
        let r = try realRegistry()
        let orphans = r.divisions.values.filter { d in d.parentCode.map { !r.contains($0) } ?? false }
        XCTAssertEqual(orphans.map(\.code), [])
        XCTAssertTrue(r.divisions.values.allSatisfy { DivisionCode.isValid($0.code) })
        XCTAssertFalse(r.divisions.values.contains { $0.name.isEmpty || $0.name.hasSuffix("\r") || ($0.parentCode?.hasSuffix("\r") ?? false) })
    }

    func testUnknownCodesAreNotFound() throws {
        let r = try realRegistry()
        XCTAssertFalse(r.contains("999999"))
        XCTAssertNil(r["411099"])
        XCTAssertFalse(r.contains("code"), "the header is not a row")
    }

    func testChildrenAreSortedByCode() throws {
        let r = try realRegistry()
        let codes = r.children(of: "411000").map(\.code)
        XCTAssertFalse(codes.isEmpty)
        XCTAssertEqual(codes, codes.sorted())
        XCTAssertTrue(r.children(of: "411082").isEmpty)
    }

    // MARK: parsing

    func testParsesSmallTable() {
        let csv = """
            code,name,level,kind,parent_code
            410000,河南省,province,省,
            411000,许昌市,city,地级市,410000
            411082, 长葛市 ,county,县级市,411000
            41108,短码,county,县级市,411000
            abcdef,字母,county,县级市,411000
            411023,建安区,county
            """
        let r = DivisionRegistry(csv: csv)
        XCTAssertEqual(Set(r.divisions.keys), ["410000", "411000", "411082"])
        XCTAssertEqual(r["410000"]?.parentCode, nil)
        XCTAssertEqual(r["411082"]?.name, "长葛市", "cells are trimmed")
        XCTAssertEqual(r.children(of: "411000").map(\.name), ["长葛市"])
    }

    func testParsesCRLFLines() {
        let csv = "code,name,level,kind,parent_code\r\n410000,河南省,province,省,\r\n411000,许昌市,city,地级市,410000\r\n"
        let r = DivisionRegistry(csv: csv)
        XCTAssertEqual(r.divisions.count, 2)
        XCTAssertEqual(r["411000"]?.parentCode, "410000")
        XCTAssertNil(r["410000"]?.parentCode)
    }

    func testHeaderLineIsAlwaysSkipped() {
        // The first line is the header even if it looks like data.
        let r = DivisionRegistry(csv: "410000,河南省,province,省,\n411000,许昌市,city,地级市,410000\n")
        XCTAssertFalse(r.contains("410000"))
        XCTAssertTrue(r.contains("411000"))
    }
}
