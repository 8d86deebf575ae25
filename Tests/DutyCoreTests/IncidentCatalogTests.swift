import Foundation
import XCTest

@testable import DutyCore

final class IncidentCatalogTests: XCTestCase {
    /// `shared/data/event-types.csv`, found from this file's real location
    /// (`<repo>/Tests/DutyCoreTests/`) so the test also works when run through a symlink.
    private func eventTypeCodes() throws -> [String: String] {
        let here = URL(fileURLWithPath: #filePath).resolvingSymlinksInPath().deletingLastPathComponent()
        let csv = here.appendingPathComponent("../../../shared/data/event-types.csv").standardizedFileURL
        guard FileManager.default.fileExists(atPath: csv.path) else {
            throw XCTSkip("no event type table at \(csv.path)")
        }
        let text = try String(contentsOf: csv, encoding: .utf8)
        var names: [String: String] = [:]
        for line in text.split(whereSeparator: \.isNewline).dropFirst() {
            let columns = line.split(separator: ",", omittingEmptySubsequences: false)
            if columns.count >= 2 { names[String(columns[0])] = String(columns[1]) }
        }
        XCTAssertGreaterThan(names.count, 300, "the table should have been read whole")
        return names
    }

    func testEveryCodeExistsInTheNationalTable() throws {
        let table = try eventTypeCodes()
        for kind in IncidentCatalog.kinds {
            XCTAssertNotNil(table[kind.eventTypeCode], "\(kind.id): \(kind.eventTypeCode) is not in event-types.csv")
        }
    }

    func testCodesNameTheRowsWeMeant() throws {
        // Spot checks that the nearest row chosen is the intended one, not a typo that
        // happens to exist.
        let table = try eventTypeCodes()
        func name(_ id: String) -> String? { IncidentCatalog.kind(id: id).flatMap { table[$0.eventTypeCode] } }
        XCTAssertEqual(name("road_transport_accident"), "道路交通事故")
        XCTAssertEqual(name("hazardous_chemical_leak"), "危险化学品泄漏事故")
        XCTAssertEqual(name("hazardous_chemical_explosion"), "危险化学品爆炸事故")
        XCTAssertEqual(name("special_equipment_accident"), "特种设备事故")
        XCTAssertEqual(name("construction_collapse"), "房屋建筑与市政工程施工安全事故")
        XCTAssertEqual(name("forest_grassland_fire"), "森林草原火灾")
        XCTAssertEqual(name("rainstorm"), "暴雨事件")
        XCTAssertEqual(name("snowstorm"), "暴雪事件")
        XCTAssertEqual(name("typhoon"), "台风事件")
        XCTAssertEqual(name("earthquake"), "天然地震事件")
        XCTAssertEqual(name("debris_flow"), "泥石流事件")
        XCTAssertEqual(name("landslide"), "滑坡事件")
        XCTAssertEqual(name("reservoir_breach"), "水库重大险情")
        XCTAssertEqual(name("power_outage"), "能源供应中断事故")
        XCTAssertEqual(name("crowd_crush"), "其他事故灾难")
    }

    func testCodeShapeMatchesTheClass() {
        let classDigit: [IncidentClass: Character] = [.naturalDisaster: "1", .accident: "2", .publicHealth: "3", .socialSafety: "4"]
        for kind in IncidentCatalog.kinds {
            let code = Array(kind.eventTypeCode)
            XCTAssertEqual(code.count, 5, kind.id)
            guard code.count == 5 else { continue }
            XCTAssertEqual(code[0], "1", "\(kind.id): 1 = 突发事件")
            XCTAssertEqual(code[1], classDigit[kind.incidentClass], "\(kind.id): second digit is the GB/T 35561 class")
            XCTAssertTrue(code[2].isASCII && code[2].isUppercase, "\(kind.id): third character is a category letter")
            XCTAssertTrue(code[3].isNumber && code[4].isNumber, "\(kind.id): sub-type is two digits")
        }
    }

    func testIdsAreUniqueStableSlugs() {
        let ids = IncidentCatalog.kinds.map(\.id)
        XCTAssertEqual(Set(ids).count, ids.count, "duplicate id")
        for id in ids {
            XCTAssertNotNil(id.range(of: "^[a-z][a-z0-9_]*$", options: .regularExpression), id)
        }
        XCTAssertEqual(Set(IncidentCatalog.kinds.map(\.title)).count, ids.count, "two kinds with the same title cannot be told apart in a list")
    }

    func testCoversTheSeedsList() {
        // S001 第十九条 (一)–(十).
        let required = [
            "production_safety_fatal", "hazardous_chemical_leak", "hazardous_chemical_fire", "hazardous_chemical_explosion",
            "city_gas_accident", "road_collapse", "construction_collapse", "road_transport_accident", "residential_fire",
            "commercial_fire", "forest_grassland_fire", "special_equipment_accident", "crowd_crush", "reservoir_breach",
            "levee_breach", "debris_flow", "landslide", "rainstorm", "snowstorm", "typhoon", "earthquake", "water_outage",
            "power_outage", "gas_supply_outage", "heating_outage", "public_health_event", "social_safety_event",
            "other_natural_disaster", "other_accident",
        ]
        for id in required {
            XCTAssertNotNil(IncidentCatalog.kind(id: id), id)
        }
        XCTAssertNil(IncidentCatalog.kind(id: "no_such_kind"))
    }

    func testClasses() {
        XCTAssertEqual(IncidentCatalog.kind(id: "forest_grassland_fire")?.incidentClass, .naturalDisaster)
        XCTAssertEqual(IncidentCatalog.kind(id: "residential_fire")?.incidentClass, .accident)
        XCTAssertEqual(IncidentCatalog.kind(id: "earthquake")?.incidentClass, .naturalDisaster)
        XCTAssertEqual(IncidentCatalog.kind(id: "crowd_crush")?.incidentClass, .accident)
        XCTAssertEqual(IncidentCatalog.kind(id: "public_health_event")?.incidentClass, .publicHealth)
        XCTAssertEqual(IncidentCatalog.kind(id: "social_safety_event")?.incidentClass, .socialSafety)
        for c in IncidentClass.allCases {
            XCTAssertFalse(IncidentCatalog.kinds(in: c).isEmpty, c.title)
            XCTAssertTrue(IncidentCatalog.kinds(in: c).allSatisfy { $0.incidentClass == c })
        }
    }

    func testProductionSafetyFlagDecidesWhereTheLevelSuggestionApplies() {
        for id in [
            "production_safety_fatal", "hazardous_chemical_explosion", "city_gas_accident", "construction_collapse",
            "road_transport_accident", "commercial_fire", "special_equipment_accident",
        ] {
            XCTAssertEqual(IncidentCatalog.kind(id: id)?.isProductionSafetyAccident, true, id)
        }
        for id in ["forest_grassland_fire", "crowd_crush", "rainstorm", "earthquake", "power_outage", "public_health_event", "social_safety_event"] {
            XCTAssertEqual(IncidentCatalog.kind(id: id)?.isProductionSafetyAccident, false, id)
        }
        XCTAssertTrue(
            IncidentCatalog.kinds(in: .naturalDisaster).allSatisfy { !$0.isProductionSafetyAccident }, "the regulation never grades a natural disaster")
    }

    func testEachClassHasACatchAll() {
        XCTAssertEqual(IncidentCatalog.other(in: .naturalDisaster).eventTypeCode, "11Y00")
        XCTAssertEqual(IncidentCatalog.other(in: .accident).eventTypeCode, "12Y00")
        XCTAssertEqual(IncidentCatalog.other(in: .publicHealth).eventTypeCode, "13Y00")
        XCTAssertEqual(IncidentCatalog.other(in: .socialSafety).eventTypeCode, "14Y00")
        for c in IncidentClass.allCases {
            XCTAssertEqual(IncidentCatalog.other(in: c).incidentClass, c)
        }
    }
}
