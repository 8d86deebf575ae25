import Foundation

/// One kind of incident a duty room reports: S001 第十九条's list, placed under GB/T 35561's
/// four classes and given the national platform's 5-character event type code
/// (`shared/data/event-types.csv`), which is what superiors' systems and CAP warnings carry.
public struct IncidentKind: Equatable, Sendable {
    /// Stable English slug, stored in the database and the API; never renamed.
    public let id: String
    public let title: String
    public let incidentClass: IncidentClass
    /// "1" + class digit + category letter + two-digit sub-type, e.g. "12H00" 道路交通事故.
    public let eventTypeCode: String
    /// 《生产安全事故报告和调查处理条例》第三条 decides the level, so `AccidentLevel.suggest`
    /// applies. Fires count: the fire-level standard uses the same thresholds.
    public let isProductionSafetyAccident: Bool

    public init(id: String, title: String, incidentClass: IncidentClass, eventTypeCode: String, isProductionSafetyAccident: Bool) {
        self.id = id
        self.title = title
        self.incidentClass = incidentClass
        self.eventTypeCode = eventTypeCode
        self.isProductionSafetyAccident = isProductionSafetyAccident
    }
}

/// The kinds in the order of S001 第十九条 (一)–(十), then the other classes.
///
/// Where the code table has no row for a seed's kind, the nearest category (or the class's
/// "其他" code) is used and noted; the server keeps the code editable. S001 第十九条（十）
/// "需要领导及时了解掌握的其他突发事件" can be of any class, so each class has its own
/// catch-all kind (`other(in:)`) rather than one classless "other".
public enum IncidentCatalog {
    public static let kinds: [IncidentKind] = [
        // (一) 生产经营单位（工矿商贸企业）发生亡人的生产安全事故. 12F00 其他工矿商贸事故 is
        // the table's catch-all for 工矿商贸; mines and fireworks have their own categories.
        accident("production_safety_fatal", "工矿商贸生产安全事故（亡人）", "12F00", safety: true),
        accident("coal_mine_accident", "煤矿事故", "12A00", safety: true),
        accident("non_coal_mine_accident", "金属与非金属矿山事故", "12B00", safety: true),
        accident("fireworks_explosives_accident", "烟花爆竹和民用爆炸物事故", "12E00", safety: true),

        // (二) 危险化学品、城镇燃气等泄漏、燃烧或爆炸事故.
        accident("hazardous_chemical_leak", "危险化学品泄漏事故", "12D02", safety: true),
        accident("hazardous_chemical_fire", "危险化学品火灾事故", "12D03", safety: true),
        accident("hazardous_chemical_explosion", "危险化学品爆炸事故", "12D01", safety: true),
        // The table has no 燃气 row; gas networks are city lifeline infrastructure (12P12).
        accident("city_gas_accident", "城镇燃气泄漏、燃烧或爆炸事故", "12P12", safety: true),

        // (三) 影响较大的道路坍塌、建筑施工坍塌等事故.
        accident("road_collapse", "道路坍塌事故", "12P01", safety: true),
        accident("construction_collapse", "建筑施工坍塌事故", "12C01", safety: true),

        // (四) 有人员死亡或重大财产损失的道路运输事故.
        accident("road_transport_accident", "道路运输事故", "12H00", safety: true),

        // (五) 商业街区、居民聚居区、森林(草原)、生产经营单位等发生的……火灾事故. Building fires
        // are graded on the same deaths / injuries / loss thresholds; forest and grassland
        // fires are graded on burnt area, and are a natural disaster in GB/T 35561.
        accident("commercial_fire", "商业街区火灾", "12G06", safety: true),
        accident("residential_fire", "居民聚居区火灾", "12G03", safety: true),
        accident("workplace_fire", "生产经营单位火灾", "12G01", safety: true),
        natural("forest_grassland_fire", "森林草原火灾", "11G00"),

        // (六) 锅炉、压力容器(含气瓶)、压力管道、电梯、起重机械、客运索道、大型游乐设施等特种设备事故.
        accident("special_equipment_accident", "特种设备事故", "12N00", safety: true),

        // (七) 人员密集场所、大型集会发生的拥挤踩踏事故. The table's 踩踏 rows are lost (see
        // the data README), so this takes 其他事故灾难 until the code is entered. Not graded by
        // the regulation: a crush is not a production activity.
        accident("crowd_crush", "拥挤踩踏事故", "12Y00", safety: false),

        // (八) 重要河流堤坝、水库溃决或泥石流、山体滑坡、暴雨、暴雪、台风、地震等自然灾害.
        natural("levee_breach", "重要河流堤坝溃决", "11A04"),
        natural("reservoir_breach", "水库溃决", "11A03"),
        natural("flood", "洪水", "11A01"),
        natural("debris_flow", "泥石流", "11D02"),
        natural("landslide", "山体滑坡", "11D01"),
        natural("rainstorm", "暴雨", "11B03"),
        natural("snowstorm", "暴雪", "11B04"),
        natural("typhoon", "台风", "11B01"),
        natural("earthquake", "地震", "11C02"),

        // (九) 大面积停水、停电、停气、停暖. Power, gas and heat are energy supply (12U00);
        // water is not energy, so it takes city lifeline infrastructure (12P12). Outages are
        // graded by extent and duration, not by the regulation.
        accident("water_outage", "大面积停水", "12P12", safety: false),
        accident("power_outage", "大面积停电", "12U00", safety: false),
        accident("gas_supply_outage", "大面积停气", "12U00", safety: false),
        accident("heating_outage", "大面积停暖", "12U00", safety: false),

        // (十) 需要领导及时了解掌握的其他突发事件, one per class.
        natural("other_natural_disaster", "其他自然灾害", "11Y00"),
        accident("other_accident", "其他事故灾难", "12Y00", safety: false),

        // The other two classes of GB/T 35561, which emergency-management duty rooms receive
        // and pass on though other departments lead the response.
        IncidentKind(id: "infectious_disease", title: "传染病疫情", incidentClass: .publicHealth, eventTypeCode: "13A00", isProductionSafetyAccident: false),
        IncidentKind(id: "mass_poisoning", title: "群体性中毒事件", incidentClass: .publicHealth, eventTypeCode: "13C00", isProductionSafetyAccident: false),
        IncidentKind(id: "public_health_event", title: "公共卫生事件", incidentClass: .publicHealth, eventTypeCode: "13Y00", isProductionSafetyAccident: false),
        IncidentKind(id: "social_safety_event", title: "社会安全事件", incidentClass: .socialSafety, eventTypeCode: "14Y00", isProductionSafetyAccident: false),
    ]

    public static func kind(id: String) -> IncidentKind? {
        kinds.first { $0.id == id }
    }

    public static func kinds(in incidentClass: IncidentClass) -> [IncidentKind] {
        kinds.filter { $0.incidentClass == incidentClass }
    }

    /// The catch-all of a class, for S001 第十九条（十） and for anything the list misses.
    public static func other(in incidentClass: IncidentClass) -> IncidentKind {
        let id: String
        switch incidentClass {
        case .naturalDisaster: id = "other_natural_disaster"
        case .accident: id = "other_accident"
        case .publicHealth: id = "public_health_event"
        case .socialSafety: id = "social_safety_event"
        }
        return kind(id: id)!
    }

    private static func accident(_ id: String, _ title: String, _ code: String, safety: Bool) -> IncidentKind {
        IncidentKind(id: id, title: title, incidentClass: .accident, eventTypeCode: code, isProductionSafetyAccident: safety)
    }

    /// Natural disasters are never graded by the production-safety regulation.
    private static func natural(_ id: String, _ title: String, _ code: String) -> IncidentKind {
        IncidentKind(id: id, title: title, incidentClass: .naturalDisaster, eventTypeCode: code, isProductionSafetyAccident: false)
    }
}
