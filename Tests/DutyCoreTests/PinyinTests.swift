import XCTest

@testable import DutyCore

final class PinyinTests: XCTestCase {
    /// The key is a space-separated list; matching whole tokens keeps these tests from passing
    /// on a lucky substring.
    private func keyTokens(_ text: String) -> Set<String> {
        Set(Pinyin.searchKey(for: text).split(separator: " ").map(String.init))
    }

    func testPlainNameHasOneReadingAndItsInitials() {
        XCTAssertEqual(Pinyin.readings(of: "张栋利"), ["zhang dong li"])
        XCTAssertEqual(Pinyin.initials(of: "张栋利"), ["zdl"])
        XCTAssertEqual(Pinyin.searchKey(for: "张栋利"), "zhangdongli zdl")
    }

    func testPolyphonicPlaceNameGivesBothReadingsAndBothInitials() {
        XCTAssertEqual(Set(Pinyin.readings(of: "长葛")), ["zhang ge", "chang ge"])
        XCTAssertEqual(Pinyin.readings(of: "长葛").count, 2)
        XCTAssertEqual(keyTokens("长葛"), ["changge", "zhangge", "cg", "zg"])
        XCTAssertEqual(Set(Pinyin.initials(of: "长葛市")), ["cgs", "zgs"])
    }

    func testICUReadingComesFirst() {
        let icu = "长葛".applyingTransform(.mandarinToLatin, reverse: false)!
            .applyingTransform(.stripDiacritics, reverse: false)!
        XCTAssertEqual(Pinyin.readings(of: "长葛").first, icu)
    }

    func testCountyAndDistrictNames() {
        XCTAssertTrue(keyTokens("单县").isSuperset(of: ["danxian", "shanxian", "dx", "sx"]))
        XCTAssertTrue(Pinyin.readings(of: "召陵区").contains("shao ling qu"))
        XCTAssertTrue(Pinyin.readings(of: "召陵区").contains("zhao ling qu"))
        XCTAssertEqual(Pinyin.readings(of: "鄢陵县"), ["yan ling xian"])
        XCTAssertTrue(Pinyin.readings(of: "乐亭县").contains("lao ting xian"))
        XCTAssertTrue(Pinyin.readings(of: "番禺").contains("pan yu"))
    }

    func testUnitNamesWithoutPolyphonicCharactersKeepOneReading() {
        // Guards the table against readings that never occur in names, which would multiply
        // the key of every unit with that character in it.
        XCTAssertEqual(Pinyin.readings(of: "河南省应急管理厅"), ["he nan sheng ying ji guan li ting"])
    }

    func testSurnameReadings() {
        XCTAssertTrue(Pinyin.readings(of: "曾").contains("zeng"))
        XCTAssertTrue(Pinyin.readings(of: "解").contains("xie"))
        XCTAssertTrue(Pinyin.readings(of: "朴").contains("piao"))
        XCTAssertTrue(Pinyin.readings(of: "区").contains("ou"))
        XCTAssertTrue(Pinyin.readings(of: "翟").contains("zhai"))
        XCTAssertTrue(Pinyin.readings(of: "覃").contains("qin"))
        XCTAssertTrue(Pinyin.readings(of: "尉迟").contains("yu chi"))
        XCTAssertTrue(Pinyin.readings(of: "万俟").contains("mo qi"))
    }

    func testMixedTextKeepsLettersAndDigitsAsOneWord() {
        XCTAssertEqual(Pinyin.readings(of: "A3号楼"), ["a3 hao lou"])
        XCTAssertEqual(Pinyin.initials(of: "A3号楼"), ["a3hl"])
        XCTAssertEqual(Pinyin.readings(of: "Ｂ座２层"), ["b zuo 2 ceng"])
    }

    func testPunctuationIsDropped() {
        XCTAssertEqual(Pinyin.readings(of: "值班室（西）"), ["zhi ban shi xi"])
        XCTAssertEqual(Pinyin.readings(of: "——、。"), [])
        XCTAssertEqual(Pinyin.searchKey(for: ""), "")
    }

    func testUmlautIsWrittenV() {
        XCTAssertEqual(Pinyin.readings(of: "吕"), ["lv"])
        XCTAssertNotEqual(Pinyin.searchKey(for: "吕"), Pinyin.searchKey(for: "卢"))
    }

    func testLimitKeepsTheLikeliestReadingsFirst() {
        // 2 × 3 × 2 × 2 × 3 readings.
        let text = "长单曾解朴"
        let all = Pinyin.readings(of: text, limit: 1000)
        XCTAssertEqual(all.count, 72)
        XCTAssertEqual(Set(all).count, 72)

        let few = Pinyin.readings(of: text, limit: 6)
        XCTAssertEqual(few.count, 6)
        XCTAssertEqual(few, Array(all.prefix(6)))
        // After ICU's own reading come those that change a single character.
        let first = few[0].split(separator: " ")
        for reading in few.dropFirst() {
            let differing = zip(first, reading.split(separator: " ")).filter { $0 != $1 }
            XCTAssertEqual(differing.count, 1, reading)
        }
        XCTAssertEqual(Pinyin.readings(of: text, limit: 0), [])
    }

    func testLongTextWithManyPolyphonicCharactersStaysBounded() {
        let text = String(repeating: "长单曾解朴重", count: 40)
        let start = Date()
        XCTAssertEqual(Pinyin.readings(of: text).count, 16)
        XCTAssertLessThan(Pinyin.initials(of: text).count, 17)
        XCTAssertLessThan(Date().timeIntervalSince(start), 2)
    }

    func testSearchKeyIsDeterministicAndMatchesNormalizedQueries() {
        let key = Pinyin.searchKey(for: "长葛市应急管理局")
        XCTAssertEqual(key, Pinyin.searchKey(for: "长葛市应急管理局"))
        for query in ["Chang Ge", "zhangge", "CGS", "yingji", "ｙｊｇｌｊ"] {
            let q = Pinyin.normalizedQuery(query)!
            XCTAssertTrue(key.contains(q), "\(q) in \(key)")
        }
        XCTAssertFalse(key.contains(Pinyin.normalizedQuery("xuchang")!))
    }

    func testNormalizedQuery() {
        XCTAssertEqual(Pinyin.normalizedQuery(" Zhang Dong'Li "), "zhangdongli")
        XCTAssertEqual(Pinyin.normalizedQuery("xi’an"), "xian")
        XCTAssertEqual(Pinyin.normalizedQuery("ＺＤＬ"), "zdl")
        XCTAssertEqual(Pinyin.normalizedQuery("Lü"), "lv")
        XCTAssertEqual(Pinyin.normalizedQuery("zhāng"), "zhang")
        XCTAssertNil(Pinyin.normalizedQuery("张栋利"))
        XCTAssertNil(Pinyin.normalizedQuery("a3"))
        XCTAssertNil(Pinyin.normalizedQuery("zhang%"))
        XCTAssertNil(Pinyin.normalizedQuery("   "))
    }
}
