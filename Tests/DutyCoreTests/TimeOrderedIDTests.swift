import DutyCore
import XCTest

final class TimeOrderedIDTests: XCTestCase {
    func testVersionSevenLayout() {
        let at = Date(timeIntervalSince1970: 1_795_413_900.123)
        let id = UUID.timeOrdered(at: at)
        let s = id.uuidString.lowercased()
        // 1_795_413_900_123 ms = 0x01A2 0x0F9E 0x9F5B
        XCTAssertEqual(String(s.prefix(13)), String(format: "%08llx-%04llx", 1_795_413_900_123 >> 16, 1_795_413_900_123 & 0xFFFF))
        XCTAssertEqual(Array(s)[14], "7", "version 7")
        XCTAssertTrue("89ab".contains(Array(s)[19]), "RFC 9562 variant")
    }

    func testLaterInstantsSortLaterAndIDsDiffer() {
        let base = Date(timeIntervalSince1970: 1_795_413_900)
        var last = UUID.timeOrdered(at: base)
        for i in 1...200 {
            let next = UUID.timeOrdered(at: base.addingTimeInterval(Double(i) * 0.002))
            XCTAssertLessThan(last.uuidString.lowercased(), next.uuidString.lowercased())
            last = next
        }
        let same = (0..<1000).map { _ in UUID.timeOrdered(at: base) }
        XCTAssertEqual(Set(same).count, 1000, "74 random bits keep IDs of one millisecond apart")
    }
}
