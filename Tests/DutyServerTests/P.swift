import XCTest
import XCTVapor
@testable import DutyServer
final class PlaceholderServerTests: XCTestCase { func testX() {} }
