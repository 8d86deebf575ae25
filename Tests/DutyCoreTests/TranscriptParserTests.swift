import Foundation
import XCTest

@testable import DutyCore

/// Transcripts as a duty officer hears them, each with the first-report fields an officer
/// would fill from it. Conventions for the text fields:
/// - `detail`: the spot as said, without the division, times and lead-ins ("据报", "在").
/// - `event`: what happened as said, without the place or the casualties. "X发生Y" is spot X
///   and event Y (a first report must name the spot); without "发生" the event starts at its
///   subject ("一辆货车…") or its verb ("着火"); "一处民房内" and "一村民家中" followed by
///   what happened there are still the spot.
/// - `cause`: "正在调查中" for any "still under investigation"; otherwise the cause as said,
///   without "初步判断", "原因系" and the like.
/// - `measures`: the clauses that say what is being done, as said, joined with "，"; a leading
///   "目前"/"现" dropped.
/// A field left nil is one the transcript does not give; the parser filling it counts as an edit.
final class TranscriptParserTests: XCTestCase {
    static let places = ["河南省", "许昌市", "禹州市", "长葛市", "建安区", "魏都区", "襄城县", "鄢陵县", "张潘镇", "灵井镇", "神垕镇"]

    struct Case {
        let text: String
        var now: Date = sh(2026, 12, 1, 8, 30)
        var at: Date? = nil
        var division: String? = nil
        var detail: String? = nil
        var event: String? = nil
        var kind: String? = nil
        var dead: Int? = nil
        var missing: Int? = nil
        var injured: Int? = nil
        var serious: Int? = nil
        var trapped: Int? = nil
        var loss: Int? = nil
        var cause: String? = nil
        var measures: String? = nil

        var expected: TranscriptParse {
            TranscriptParse(
                occurredAt: at, placeDivision: division, placeDetail: detail, event: event, kindID: kind, dead: dead, missing: missing,
                injured: injured, seriousInjuries: serious, trapped: trapped, propertyLossYuan: loss, cause: cause, measures: measures)
        }
    }

    static let table: [Case] = [
        // Road traffic
        Case(
            text: "昨晚11点40分许，禹州市G311国道花石段一辆货车与一辆面包车相撞，面包车上1人当场死亡，4人受伤送医，其中2人伤势较重，交警、120已到场处置，原因正在调查。",
            at: sh(2026, 11, 30, 23, 40), division: "禹州市", detail: "G311国道花石段", event: "一辆货车与一辆面包车相撞", kind: "road_transport_accident",
            dead: 1, injured: 4, serious: 2, cause: "正在调查中", measures: "交警、120已到场处置"),
        Case(
            text: "刚才交警那边打电话过来，说襄城县S241省道王洛段两辆小轿车追尾，有两个人受了点轻伤，没有生命危险，路面已经恢复通行。",
            now: sh(2026, 12, 1, 10, 0), at: sh(2026, 12, 1, 10, 0), division: "襄城县", detail: "S241省道王洛段", event: "两辆小轿车追尾",
            kind: "road_transport_accident", injured: 2, measures: "路面已经恢复通行"),
        Case(
            text: "昨天夜里十一点多，在许昌市区许由路与建安大道交叉口，一辆电动车和一辆渣土车发生碰撞，电动车驾驶人当场死亡，交警正在现场勘查处理。",
            at: sh(2026, 11, 30, 23, 0), division: "许昌市", detail: "许由路与建安大道交叉口", event: "一辆电动车和一辆渣土车碰撞",
            kind: "road_transport_accident", dead: 1, measures: "交警正在现场勘查处理"),
        Case(
            text: "各位领导，今天早上6时50分许，许广高速长葛段K725处因团雾发生多车追尾事故，涉及车辆8辆，造成1人死亡、6人受伤，高速交警、路政已到场处置，事故路段双向交通管制。",
            at: sh(2026, 12, 1, 6, 50), division: "长葛市", detail: "许广高速长葛段K725处", event: "多车追尾事故", kind: "road_transport_accident",
            dead: 1, injured: 6, cause: "团雾", measures: "高速交警、路政已到场处置，事故路段双向交通管制"),
        Case(
            text: "今天下午5点20分左右，鄢陵县S220省道清水河桥段一辆面包车冲出护栏坠入河中，车上共有5人，已救出3人，还有2人下落不明，消防、公安、卫健等部门正在全力搜救。",
            now: sh(2026, 12, 1, 19, 0), at: sh(2026, 12, 1, 17, 20), division: "鄢陵县", detail: "S220省道清水河桥段", event: "一辆面包车冲出护栏坠入河中",
            kind: "road_transport_accident", missing: 2, measures: "已救出3人，消防、公安、卫健等部门正在全力搜救"),
        Case(
            text: "喂，我跟你说啊，我们村口那个路上，刚才一个骑电动车的被小汽车撞了，人躺地上不动了，你们快来人。",
            now: sh(2026, 12, 1, 9, 15), at: sh(2026, 12, 1, 9, 15), detail: "村口那个路上", event: "一个骑电动车的被小汽车撞了",
            kind: "road_transport_accident"),
        Case(
            text: "建安区张潘镇许繁路与107国道交叉口，今天上午8点10分一辆大货车侧翻，压住一辆小轿车，轿车内2人被困，消防正在破拆救援。",
            at: sh(2026, 12, 1, 8, 10), division: "张潘镇", detail: "许繁路与107国道交叉口", event: "一辆大货车侧翻", kind: "road_transport_accident",
            trapped: 2, measures: "消防正在破拆救援"),

        // Fires: residential, factory, commercial, forest
        Case(
            text: "魏都区五一路春晖小区3号楼2单元一户居民家中起火，据报有1名老人被困，消防正在救援，起火原因不明。",
            division: "魏都区", detail: "五一路春晖小区3号楼2单元", event: "一户居民家中起火", kind: "residential_fire", trapped: 1, cause: "正在调查中",
            measures: "消防正在救援"),
        Case(
            text: "鄢陵县马栏镇前进村一村民家中失火，一名七十多岁的老人没能逃出来，已经死亡，火已经被扑灭了，起火原因初步判断是取暖器使用不当。",
            division: "鄢陵县", detail: "马栏镇前进村", event: "一村民家中失火", kind: "residential_fire", dead: 1, cause: "取暖器使用不当",
            measures: "火已经被扑灭了"),
        Case(
            text: "8点05分左右，魏都区天宝路金色港湾小区12楼一户人家厨房着火，楼上有群众被困，消防已经疏散救出被困群众15人，暂无人员受伤。",
            at: sh(2026, 12, 1, 8, 5), division: "魏都区", detail: "天宝路金色港湾小区12楼", event: "一户人家厨房着火", kind: "residential_fire",
            injured: 0, trapped: 15, measures: "消防已经疏散救出被困群众15人"),
        Case(
            text: "凌晨2点多，建安区灵井镇霍庄村一村民家中电动车充电时起火，引燃了堂屋，一家三口被烟熏到，已送医院检查，无生命危险，起火原因系电动车充电线路故障。",
            at: sh(2026, 12, 1, 2, 0), division: "灵井镇", detail: "霍庄村一村民家中", event: "电动车充电时起火", kind: "residential_fire", injured: 3,
            cause: "电动车充电线路故障", measures: "已送医院检查"),
        Case(
            text: "喂，值班室吗？我是长葛市应急局的，今天早上7点20分左右，长葛市大周镇一家铝材加工厂车间起火，火势比较大，目前没有人员伤亡，消防已经到场扑救，周边厂区员工已疏散。",
            at: sh(2026, 12, 1, 7, 20), division: "长葛市", detail: "大周镇", event: "一家铝材加工厂车间起火", kind: "workplace_fire", dead: 0, injured: 0,
            measures: "消防已经到场扑救，周边厂区员工已疏散"),
        Case(
            text: "建安区灵井镇产业园内一家家具厂仓库今天凌晨1时30分许起火，过火面积约800平方米，无人员伤亡，直接经济损失初步估算约120万元，原因正在调查中。",
            at: sh(2026, 12, 1, 1, 30), division: "灵井镇", detail: "产业园内", event: "一家家具厂仓库起火", kind: "workplace_fire", dead: 0, injured: 0,
            loss: 1_200_000, cause: "正在调查中"),
        Case(
            text: "今天下午1点半，魏都区七一路一家服装店突然起火，店内浓烟很大，两名店员自行逃出，其中一人手部轻微烧伤，消防已将明火扑灭，损失大概在二十万元左右。",
            now: sh(2026, 12, 1, 15, 0), at: sh(2026, 12, 1, 13, 30), division: "魏都区", detail: "七一路", event: "一家服装店突然起火", kind: "commercial_fire",
            injured: 1, loss: 200_000, measures: "消防已将明火扑灭"),
        Case(
            text: "襄城县紫云山景区附近山上着火了，过火面积大概有20来亩，暂时没发现人员伤亡，县林业局和消防正在组织扑救。",
            division: "襄城县", detail: "紫云山景区附近山上", event: "着火", kind: "forest_grassland_fire", dead: 0, injured: 0,
            measures: "县林业局和消防正在组织扑救"),
        Case(
            text: "禹州市浅井镇扒村附近荒山今天中午发生山火，火线长约500米，未造成人员伤亡，镇里组织了200多人的扑火队伍正在扑救，风力较大，扑救难度大。",
            division: "禹州市", detail: "浅井镇扒村附近荒山", event: "山火", kind: "forest_grassland_fire", dead: 0, injured: 0,
            measures: "镇里组织了200多人的扑火队伍正在扑救"),

        // Gas
        Case(
            text: "今天中午12点10分许，建安区张潘镇许繁路边一家饭店发生燃气爆炸，造成3人受伤，其中1人重伤，已送往许昌市中心医院救治，周边群众已疏散，燃气公司正在关阀处置。",
            now: sh(2026, 12, 1, 14, 0), at: sh(2026, 12, 1, 12, 10), division: "张潘镇", detail: "许繁路边一家饭店", event: "燃气爆炸", kind: "city_gas_accident",
            injured: 3, serious: 1, measures: "已送往许昌市中心医院救治，周边群众已疏散，燃气公司正在关阀处置"),
        Case(
            text: "魏都区南关街道某小区一住户家中天然气泄漏，物业发现后报警，消防和燃气公司已到场关阀、开窗通风，已疏散该单元居民20余人，无人员伤亡。",
            division: "魏都区", detail: "南关街道某小区一住户家中", event: "天然气泄漏", kind: "city_gas_accident", dead: 0, injured: 0,
            measures: "消防和燃气公司已到场关阀、开窗通风，已疏散该单元居民20余人"),
        Case(
            text: "魏都区北大街一家小吃店液化气罐爆炸，店里当时有七八个客人，目前知道的是两人受伤，一个烧伤比较严重，已经被120拉走了。",
            division: "魏都区", detail: "北大街", event: "一家小吃店液化气罐爆炸", kind: "city_gas_accident", injured: 2, serious: 1),

        // Chemicals, fireworks, production
        Case(
            text: "今天下午2点左右，长葛市一家化工企业液氯储罐阀门发生泄漏，现场有刺激性气味，3名工人轻微中毒，已送医观察，厂区周边500米已拉警戒线，周边群众正在疏散。",
            now: sh(2026, 12, 1, 16, 0), at: sh(2026, 12, 1, 14, 0), division: "长葛市", detail: "一家化工企业液氯储罐阀门", event: "泄漏",
            kind: "hazardous_chemical_leak", injured: 3, measures: "已送医观察，厂区周边500米已拉警戒线，周边群众正在疏散"),
        Case(
            text: "今天上午10点15分，襄城县循环经济产业集聚区一化工企业发生爆炸，造成2人死亡、5人受伤，伤者已全部送医，县委县政府主要领导已赶赴现场，事故原因正在调查。",
            now: sh(2026, 12, 1, 12, 0), at: sh(2026, 12, 1, 10, 15), division: "襄城县", detail: "循环经济产业集聚区一化工企业", event: "爆炸",
            kind: "hazardous_chemical_explosion", dead: 2, injured: 5, cause: "正在调查中", measures: "伤者已全部送医，县委县政府主要领导已赶赴现场"),
        Case(
            text: "兰南高速襄城段发生一起危化品运输车侧翻事故，车上装载约30吨液碱，发生泄漏，无人员伤亡，环保、消防正在处置，高速已临时封闭。",
            division: "襄城县", detail: "兰南高速襄城段", event: "一起危化品运输车侧翻事故", kind: "hazardous_chemical_leak", dead: 0, injured: 0,
            measures: "环保、消防正在处置，高速已临时封闭"),
        Case(
            text: "鄢陵县只乐镇一处民房内今天下午私自存放的烟花爆竹发生爆炸，造成房屋部分倒塌，1人死亡，2人受伤。",
            division: "鄢陵县", detail: "只乐镇一处民房内", event: "私自存放的烟花爆竹爆炸", kind: "fireworks_explosives_accident", dead: 1, injured: 2),
        Case(
            text: "长葛市产业集聚区一家钢构公司今天上午10时许发生一起高处坠落事故，一名工人在屋顶作业时坠落，经抢救无效死亡。",
            now: sh(2026, 12, 1, 15, 0), at: sh(2026, 12, 1, 10, 0), division: "长葛市", detail: "产业集聚区一家钢构公司", event: "一起高处坠落事故",
            kind: "production_safety_fatal", dead: 1),
        Case(
            text: "【禹州市应急管理局】12月1日6时30分，禹州市火龙镇一民营陶瓷厂窑炉发生爆炸，造成1人死亡，3人受伤，直接经济损失约50万元。事故原因正在调查，市政府已成立事故处置工作组。",
            at: sh(2026, 12, 1, 6, 30), division: "禹州市", detail: "火龙镇一民营陶瓷厂窑炉", event: "爆炸", kind: "production_safety_fatal", dead: 1, injured: 3,
            loss: 500_000, cause: "正在调查中", measures: "市政府已成立事故处置工作组"),

        // Collapse
        Case(
            text: "长葛市后河镇一在建厂房钢结构屋顶坍塌，初步了解有3名工人被埋，已救出1人，另外2人还在搜救中，镇政府和消防正在全力救援。",
            division: "长葛市", detail: "后河镇", event: "一在建厂房钢结构屋顶坍塌", kind: "construction_collapse", trapped: 3,
            measures: "已救出1人，另外2人还在搜救中，镇政府和消防正在全力救援"),
        Case(
            text: "刚刚接到报告，市区东城区一工地基坑边坡发生坍塌，有两名工人被埋，正在全力救援。",
            now: sh(2026, 12, 1, 9, 40), at: sh(2026, 12, 1, 9, 40), detail: "市区东城区一工地基坑边坡", event: "坍塌", kind: "construction_collapse", trapped: 2,
            measures: "正在全力救援"),
        Case(
            text: "受连续降雨影响，今天早上6点左右，魏都区丁庄街道一处老旧民房发生倒塌，一家4口被埋，现已全部救出，其中1人腿部受伤送医，其余3人无大碍。",
            at: sh(2026, 12, 1, 6, 0), division: "魏都区", detail: "丁庄街道一处老旧民房", event: "倒塌", kind: "construction_collapse", injured: 1, trapped: 4,
            cause: "连续降雨", measures: "已全部救出"),

        // Water
        Case(
            text: "受强降雨影响，今天凌晨3点左右，魏都区西大街、七一路等多处路段出现积水，最深处约60公分，部分车辆被困，无人员伤亡，市政、交警正在排水疏导。",
            at: sh(2026, 12, 1, 3, 0), division: "魏都区", detail: "西大街、七一路等多处路段", event: "出现积水", kind: "rainstorm", dead: 0, injured: 0,
            cause: "强降雨", measures: "市政、交警正在排水疏导"),
        Case(
            text: "昨天下午5点多下暴雨，长葛市区107国道下穿铁路桥涵积水严重，一辆轿车熄火，车内2人已被消防救出，无人员伤亡。",
            at: sh(2026, 11, 30, 17, 0), division: "长葛市", detail: "107国道下穿铁路桥涵", event: "积水严重", kind: "rainstorm", dead: 0, injured: 0,
            measures: "车内2人已被消防救出"),
        Case(
            text: "昨日20时许，受上游来水影响，颍河禹州段水位快速上涨，褚河镇沿河3个村庄部分农田被淹，已转移群众312人，无人员伤亡。",
            at: sh(2026, 11, 30, 20, 0), division: "禹州市", detail: "颍河禹州段", event: "水位快速上涨", kind: "flood", dead: 0, injured: 0, cause: "上游来水",
            measures: "已转移群众312人"),
        Case(
            text: "襄城县汝河紫云段一名男孩在河边玩耍时不慎落水，目前下落不明，消防救援人员和村民正在沿河搜救。",
            division: "襄城县", detail: "汝河紫云段", event: "一名男孩在河边玩耍时不慎落水", kind: "other_accident", missing: 1,
            measures: "消防救援人员和村民正在沿河搜救"),
        Case(
            text: "今天下午4点左右，鄢陵县陶城镇一处坑塘内发现一具男性遗体，疑似溺水身亡，身份正在核实，公安已到场。",
            now: sh(2026, 12, 1, 17, 0), at: sh(2026, 12, 1, 16, 0), division: "鄢陵县", detail: "陶城镇一处坑塘内", event: "发现一具男性遗体",
            kind: "other_accident", dead: 1, cause: "疑似溺水身亡", measures: "公安已到场"),
        Case(
            text: "今天下午3点多，有群众报警称在禹州市白沙水库游玩时看到一名男子落水，目前消防、蓝天救援队正在打捞搜救，该男子仍下落不明。",
            now: sh(2026, 12, 1, 17, 0), at: sh(2026, 12, 1, 15, 0), division: "禹州市", detail: "白沙水库", event: "一名男子落水", kind: "other_accident",
            missing: 1, measures: "消防、蓝天救援队正在打捞搜救"),

        // Earthquake, landslide
        Case(
            text: "刚收到速报，今天8时12分鄢陵县发生4.1级地震，震源深度10公里，县城震感明显，暂未收到人员伤亡和房屋倒塌报告，县应急局已启动应急响应。",
            at: sh(2026, 12, 1, 8, 12), division: "鄢陵县", event: "4.1级地震", kind: "earthquake", dead: 0, injured: 0, measures: "县应急局已启动应急响应"),
        Case(
            text: "据省地震台网测定，11月30日22时05分在禹州市发生3.2级地震，震中位于禹州市方山镇附近，震源深度8千米，目前未接到人员伤亡报告。",
            at: sh(2026, 11, 30, 22, 5), division: "禹州市", detail: "方山镇附近", event: "3.2级地震", kind: "earthquake", dead: 0, injured: 0),
        Case(
            text: "刚才4点多的时候地震了，我们长葛这边感觉很明显，楼都晃了，有几个人跑的时候摔伤了，具体人数还不清楚。",
            now: sh(2026, 12, 1, 16, 30), at: sh(2026, 12, 1, 16, 0), division: "长葛市", event: "地震", kind: "earthquake"),
        Case(
            text: "襄城县山头店镇紫云山北坡今天上午发生山体滑坡，约2000方土石滑落，掩埋山下2间民房，房内1人失联，其余4人已安全撤离，县应急局已调派救援力量和大型机械赶赴现场。",
            division: "襄城县", detail: "山头店镇紫云山北坡", event: "山体滑坡", kind: "landslide", missing: 1,
            measures: "其余4人已安全撤离，县应急局已调派救援力量和大型机械赶赴现场"),

        // Crowds, lifts
        Case(
            text: "昨天晚上8点半左右，许昌市建安区某中学晚自习下课时楼梯口发生拥挤踩踏，造成5名学生受伤，均为轻伤，已送医治疗，教育局和公安已到场。",
            at: sh(2026, 11, 30, 20, 30), division: "建安区", detail: "某中学楼梯口", event: "拥挤踩踏", kind: "crowd_crush", injured: 5,
            measures: "已送医治疗，教育局和公安已到场"),
        Case(
            text: "今晚7点40分左右，禹州市钧官窑广场灯会现场人员拥挤，发生踩踏，初步统计有12人受伤，其中3人伤势较重，公安已实施人流管控。",
            now: sh(2026, 12, 1, 21, 0), at: sh(2026, 12, 1, 19, 40), division: "禹州市", detail: "钧官窑广场灯会现场", event: "人员拥挤，发生踩踏",
            kind: "crowd_crush", injured: 12, serious: 3, measures: "公安已实施人流管控"),
        Case(
            text: "魏都区万达广场一部客梯突然停运，3名顾客被困在轿厢内，维保人员和消防正赶往现场救援。",
            division: "魏都区", detail: "万达广场", event: "一部客梯突然停运", kind: "special_equipment_accident", trapped: 3,
            measures: "维保人员和消防正赶往现场救援"),

        // Mines
        Case(
            text: "报告：禹州市神垕镇一非法开采的铝土矿井下发生冒顶，2名作业人员被困，1人失联，县里已经调集救援队伍正在救援。",
            division: "神垕镇", detail: "一非法开采的铝土矿井下", event: "冒顶", kind: "non_coal_mine_accident", missing: 1, trapped: 2,
            measures: "县里已经调集救援队伍正在救援"),
        Case(
            text: "禹州市一煤矿今天凌晨4时发生透水事故，井下当班作业人员32人，已升井27人，还有5人被困井下，省市救援队伍正在赶赴现场，矿方已启动应急预案。",
            at: sh(2026, 12, 1, 4, 0), division: "禹州市", detail: "一煤矿", event: "透水事故", kind: "coal_mine_accident", trapped: 5,
            measures: "省市救援队伍正在赶赴现场，矿方已启动应急预案"),

        // Outages
        Case(
            text: "今天上午9点40分左右，因110千伏变电站设备故障，禹州市城区约2万户居民停电，供电公司正在抢修，预计中午前恢复。",
            now: sh(2026, 12, 1, 11, 0), at: sh(2026, 12, 1, 9, 40), division: "禹州市", detail: "城区", event: "约2万户居民停电", kind: "power_outage",
            cause: "110千伏变电站设备故障", measures: "供电公司正在抢修"),
        Case(
            text: "长葛市供电公司报告，受大风影响，今天下午3时20分，110千伏和尚桥变电站跳闸，造成长葛市北部4个乡镇大面积停电，涉及用户约3.5万户，目前正在抢修，暂无人员伤亡报告。",
            now: sh(2026, 12, 1, 17, 0), at: sh(2026, 12, 1, 15, 20), division: "长葛市", detail: "北部4个乡镇", event: "大面积停电", kind: "power_outage",
            dead: 0, injured: 0, cause: "大风", measures: "正在抢修"),
        Case(
            text: "今天上午10点起，建安区供水管网主管道爆裂，造成区内约5000户居民停水，自来水公司正在组织抢修，预计今晚8点前恢复供水。",
            now: sh(2026, 12, 1, 11, 0), at: sh(2026, 12, 1, 10, 0), division: "建安区", detail: "供水管网主管道", event: "爆裂", kind: "water_outage",
            measures: "自来水公司正在组织抢修"),
        Case(
            text: "今天早上7点，长葛市城区集中供热主管道发生爆管，导致城区约8000户居民停暖，热力公司正在抢修，预计晚上恢复供暖。",
            at: sh(2026, 12, 1, 7, 0), division: "长葛市", detail: "城区集中供热主管道", event: "爆管", kind: "heating_outage", measures: "热力公司正在抢修"),
    ]

    /// Written after the parser's rules were settled and not used to change them since: the
    /// figure on these is the honest estimate for transcripts the rules have not seen.
    static let unseen: [Case] = [
        Case(
            text: "各位，鄢陵县望田镇一养殖场今天下午4点多发生火灾，烧毁鸡舍两栋，约5000只鸡死亡，没有人员伤亡，火已经灭了。",
            now: sh(2026, 12, 1, 18, 0), at: sh(2026, 12, 1, 16, 0), division: "鄢陵县", detail: "望田镇一养殖场", event: "火灾", kind: "workplace_fire",
            dead: 0, injured: 0, measures: "火已经灭了"),
        Case(
            text: "禹州市区药城路上一辆公交车和一辆私家车剐蹭，没人受伤，就是堵车了，交警在疏导。",
            division: "禹州市", detail: "药城路上", event: "一辆公交车和一辆私家车剐蹭", kind: "road_transport_accident", injured: 0, measures: "交警在疏导"),
        Case(
            text: "今天上午11点左右，魏都区一小区地下车库内一辆电动车起火，引燃旁边3辆电动车，物业和消防已扑灭，无人受伤。",
            now: sh(2026, 12, 1, 12, 0), at: sh(2026, 12, 1, 11, 0), division: "魏都区", detail: "一小区地下车库内", event: "一辆电动车起火",
            kind: "residential_fire", injured: 0, measures: "物业和消防已扑灭"),
        Case(
            text: "长葛市老城镇一家纸箱厂发生火灾，厂里有工人十几个，目前有1人烧伤送医，火势已得到控制。",
            division: "长葛市", detail: "老城镇一家纸箱厂", event: "火灾", kind: "workplace_fire", injured: 1, measures: "火势已得到控制"),
        Case(
            text: "今天14时30分许，襄城县库庄镇一居民楼发生天然气爆炸，楼体局部受损，造成2人受伤，另有1人被困，消防正在搜救。",
            now: sh(2026, 12, 1, 16, 0), at: sh(2026, 12, 1, 14, 30), division: "襄城县", detail: "库庄镇一居民楼", event: "天然气爆炸",
            kind: "city_gas_accident", injured: 2, trapped: 1, measures: "消防正在搜救"),
        Case(
            text: "昨天夜里10点左右，建安区椹涧乡一辆拉煤的大货车翻到沟里了，司机受轻伤，已送医。",
            at: sh(2026, 11, 30, 22, 0), division: "建安区", detail: "椹涧乡", event: "一辆拉煤的大货车翻到沟里了", kind: "road_transport_accident", injured: 1,
            measures: "已送医"),
        Case(
            text: "报告一个情况，今天凌晨5点，襄城县湛北乡一处在建桥梁的脚手架坍塌，3名工人受伤，其中1人伤情严重，已送往县人民医院抢救。",
            at: sh(2026, 12, 1, 5, 0), division: "襄城县", detail: "湛北乡", event: "一处在建桥梁的脚手架坍塌", kind: "construction_collapse", injured: 3,
            serious: 1, measures: "已送往县人民医院抢救"),
        Case(
            text: "气象部门通报，今天下午禹州市出现短时强降雨，城区多条道路积水，有车辆被困，暂无人员伤亡报告，城管、消防正在排涝。",
            division: "禹州市", event: "出现短时强降雨", kind: "rainstorm", dead: 0, injured: 0, measures: "城管、消防正在排涝"),
        Case(
            text: "鄢陵县彭店镇一处坑塘有两名儿童落水，村民救上来一个，另一个还在找，消防正在赶过去。",
            division: "鄢陵县", detail: "彭店镇一处坑塘", event: "两名儿童落水", kind: "other_accident", missing: 1, measures: "消防正在赶过去"),
        Case(
            text: "今天上午8时左右，许昌市魏都区一家商场内有人晕倒后引发部分顾客恐慌奔跑，导致6人摔伤，无人员死亡，商场已组织疏散。",
            now: sh(2026, 12, 1, 10, 0), at: sh(2026, 12, 1, 8, 0), division: "魏都区", detail: "一家商场内", event: "有人晕倒后引发部分顾客恐慌奔跑",
            kind: "crowd_crush", dead: 0, injured: 6, measures: "商场已组织疏散"),
        Case(
            text: "禹州市方山镇一处非煤矿山今天上午发生边坡垮塌，2名作业人员被埋，目前已救出1人，无生命体征，另一人正在搜救。",
            division: "禹州市", detail: "方山镇一处非煤矿山", event: "边坡垮塌", kind: "non_coal_mine_accident", dead: 1, trapped: 2,
            measures: "已救出1人，另一人正在搜救"),
        Case(
            text: "魏都区供电公司反映，今晚7点15分，受雨雪冰冻影响，魏都区东部线路故障，约1.5万户停电，正在组织抢修，预计2小时内恢复。",
            now: sh(2026, 12, 1, 21, 0), at: sh(2026, 12, 1, 19, 15), division: "魏都区", detail: "东部", event: "线路故障", kind: "power_outage",
            cause: "雨雪冰冻", measures: "正在组织抢修"),
    ]

    // MARK: - The table, field by field

    /// Each field of every case, compared exactly. Fields the parser gets wrong are reported by
    /// `testFieldAccuracy`'s figure rather than failing here one by one, so this test asserts
    /// the fields that must never be wrong: no casualty figure invented where the transcript
    /// gives none, and every filled name consistent with the fields.
    func testTableNeverInventsCasualties() {
        for c in Self.table + Self.unseen {
            let got = TranscriptParser.parse(c.text, now: c.now, places: Self.places)
            for (name, want, have) in [
                ("dead", c.dead, got.dead), ("missing", c.missing, got.missing), ("injured", c.injured, got.injured),
                ("seriousInjuries", c.serious, got.seriousInjuries), ("trapped", c.trapped, got.trapped),
            ] where want == nil {
                XCTAssertNil(have, "\(name) invented for: \(c.text)")
            }
        }
    }

    /// The fields the parser is known to get wrong, by the transcript's opening and the
    /// field's name. They stay in the table and count against `testFieldAccuracy`; listing
    /// them here lets every other field be asserted exactly, and a fix shows up as a test
    /// telling you to delete the line.
    static let knownMisses: Set<String> = [
        "禹州市浅井镇扒村附近荒山今|measures", "今天下午3点多，有群众报警|placeDetail", "据省地震台网测定，11月3|placeDetail", "昨天晚上8点半左右，许昌市|placeDetail", "今晚7点40分左右，禹州市|placeDetail",
        "今晚7点40分左右，禹州市|event", "各位，鄢陵县望田镇一养殖场|kindId", "各位，鄢陵县望田镇一养殖场|measures", "禹州市区药城路上一辆公交车|kindId", "禹州市区药城路上一辆公交车|measures", "昨天夜里10点左右，建安区|kindId",
        "昨天夜里10点左右，建安区|injured", "报告一个情况，今天凌晨5点|measures", "气象部门通报，今天下午禹州|measures", "鄢陵县彭店镇一处坑塘有两名|placeDetail", "鄢陵县彭店镇一处坑塘有两名|event",
        "鄢陵县彭店镇一处坑塘有两名|missing", "鄢陵县彭店镇一处坑塘有两名|measures", "今天上午8时左右，许昌市魏|placeDetail", "今天上午8时左右，许昌市魏|event", "今天上午8时左右，许昌市魏|kindId", "禹州市方山镇一处非煤矿山今|kindId",
        "禹州市方山镇一处非煤矿山今|dead", "魏都区供电公司反映，今晚7|placeDetail", "魏都区供电公司反映，今晚7|event",
    ]

    /// Every field of every transcript, exactly, except the known misses above.
    func testTableFieldByField() {
        var stillMissed = Set<String>()
        for c in Self.table + Self.unseen {
            let got = TranscriptParser.parse(c.text, now: c.now, places: Self.places)
            for (name, want, have) in Self.fields(c.expected, got) {
                let key = String(c.text.prefix(13)) + "|" + name
                if Self.knownMisses.contains(key) {
                    XCTAssertNotEqual(want, have, "\(key) is right now: remove it from knownMisses")
                    stillMissed.insert(key)
                } else {
                    XCTAssertEqual(have, want, "\(name) of: \(c.text)")
                }
            }
        }
        XCTAssertEqual(stillMissed, Self.knownMisses, "a known miss names no transcript")
    }

    func testTheBriefsExampleExactly() {
        let c = Self.table[0]
        XCTAssertEqual(TranscriptParser.parse(c.text, now: c.now, places: Self.places), c.expected)
    }

    /// fields right ÷ fields expected over the whole table, and how many transcripts become a
    /// complete first report within 4 edits (an edit: an expected field missing or wrong, or a
    /// field filled that the transcript does not give).
    func testFieldAccuracy() {
        let unseen = Self.score(Self.unseen)
        print("Unseen transcripts alone: \(unseen.right)/\(unseen.expected) expected fields right, \(unseen.within)/\(Self.unseen.count) within 4 edits")
        let all = Self.score(Self.table + Self.unseen, log: true)
        let accuracy = Double(all.right) / Double(max(1, all.expected))
        let complete = Double(all.within) / Double(max(1, Self.table.count + Self.unseen.count))
        print(
            "Transcript parser: \(all.right)/\(all.expected) expected fields right (\(String(format: "%.1f", accuracy * 100)) %), \(all.spurious) filled that should be empty; \(all.within)/\(Self.table.count + Self.unseen.count) transcripts within 4 edits (\(String(format: "%.1f", complete * 100)) %)"
        )
        XCTAssertGreaterThanOrEqual(Self.table.count + Self.unseen.count, 40)
        XCTAssertGreaterThanOrEqual(accuracy, 0.9)
        XCTAssertGreaterThanOrEqual(complete, 0.9)
    }

    static func score(_ cases: [Case], log: Bool = false) -> (right: Int, expected: Int, spurious: Int, within: Int) {
        var expected = 0
        var right = 0
        var spurious = 0
        var withinFourEdits = 0
        var misses: [String] = []
        for c in cases {
            let got = TranscriptParser.parse(c.text, now: c.now, places: Self.places)
            let pairs = Self.fields(c.expected, got)
            var edits = 0
            for (name, want, have) in pairs {
                if let want {
                    expected += 1
                    if want == have {
                        right += 1
                    } else {
                        edits += 1
                        misses.append("\(name): want \(want) got \(have ?? "nil") — \(c.text.prefix(24))")
                    }
                } else if let have {
                    spurious += 1
                    edits += 1
                    misses.append("\(name): want nil got \(have) — \(c.text.prefix(24))")
                }
            }
            if edits <= 4 { withinFourEdits += 1 }
        }
        if log { for m in misses { print("  miss \(m)") } }
        return (right, expected, spurious, withinFourEdits)
    }

    static func fields(_ want: TranscriptParse, _ got: TranscriptParse) -> [(String, String?, String?)] {
        func d(_ x: Date?) -> String? { x.map { ShanghaiTime.format($0, "yyyy-MM-dd HH:mm") } }
        func i(_ x: Int?) -> String? { x.map(String.init) }
        return [
            ("occurredAt", d(want.occurredAt), d(got.occurredAt)), ("placeDivision", want.placeDivision, got.placeDivision),
            ("placeDetail", want.placeDetail, got.placeDetail), ("event", want.event, got.event), ("kindId", want.kindID, got.kindID),
            ("dead", i(want.dead), i(got.dead)), ("missing", i(want.missing), i(got.missing)), ("injured", i(want.injured), i(got.injured)),
            ("seriousInjuries", i(want.seriousInjuries), i(got.seriousInjuries)), ("trapped", i(want.trapped), i(got.trapped)),
            ("propertyLossYuan", i(want.propertyLossYuan), i(got.propertyLossYuan)), ("cause", want.cause, got.cause),
            ("measures", want.measures, got.measures),
        ]
    }

    // MARK: - Numerals

    func testNumerals() {
        func count(_ text: String) -> Int? { TranscriptParser.parse(text, now: sh(2026, 12, 1, 8, 30), places: []).injured }
        XCTAssertEqual(count("两人受伤"), 2)
        XCTAssertEqual(count("十二人受伤"), 12)
        XCTAssertEqual(count("二十三人受伤"), 23)
        XCTAssertEqual(count("一百零五人受伤"), 105)
        XCTAssertEqual(count("约30人受伤"), 30)
        XCTAssertEqual(count("至少7人受伤"), 7)
        XCTAssertEqual(count("10余人受伤"), 10)
        XCTAssertEqual(count("受伤人数为14人"), 14)
        XCTAssertEqual(count("３人受伤"), 3, "full-width digits")
        XCTAssertNil(count("数十人受伤"), "a rough figure is not a count")
        XCTAssertNil(count("两三人受伤"), "a range is not a count")
    }

    func testCasualtyPhrasings() {
        func parse(_ text: String) -> TranscriptParse { TranscriptParser.parse(text, now: sh(2026, 12, 1, 8, 30), places: []) }
        let a = parse("造成1人死亡、2人重伤、3人轻伤")
        XCTAssertEqual([a.dead, a.injured, a.seriousInjuries], [1, 5, 2])
        let b = parse("事故造成两死三伤")
        XCTAssertEqual([b.dead, b.injured], [2, 3])
        let c = parse("死亡2人，受伤5人，失踪1人，另有3人被困")
        XCTAssertEqual([c.dead, c.injured, c.missing, c.trapped], [2, 5, 1, 3])
        let d = parse("无人员伤亡")
        XCTAssertEqual([d.dead, d.injured], [0, 0])
        XCTAssertNil(d.missing, "only the figures the sentence names are zero")
        let e = parse("未造成人员伤亡")
        XCTAssertEqual([e.dead, e.injured], [0, 0])
        let f = parse("伤亡情况正在核实")
        XCTAssertNil(f.dead)
        XCTAssertNil(f.injured)
        let g = parse("1人经抢救无效死亡")
        XCTAssertEqual(g.dead, 1, "无效 is not a negation")
        let h = parse("无人机在空中搜寻被困人员")
        XCTAssertNil(h.trapped)
    }

    func testPropertyLoss() {
        func loss(_ text: String) -> Int? { TranscriptParser.parse(text, now: sh(2026, 12, 1, 8, 30), places: []).propertyLossYuan }
        XCTAssertEqual(loss("直接经济损失约300万元"), 3_000_000)
        XCTAssertEqual(loss("损失1.2亿元"), 120_000_000)
        XCTAssertEqual(loss("经济损失8000元"), 8_000)
        XCTAssertEqual(loss("损失三百多万元"), 3_000_000)
        XCTAssertEqual(loss("财产损失约50余万元"), 500_000)
        XCTAssertNil(loss("财产损失正在统计"))
        XCTAssertNil(loss("一辆车价值20万元"), "a sum not said to be a loss")
    }

    // MARK: - Time

    func testRelativeDaysAcrossMidnight() {
        func at(_ text: String, _ now: Date) -> Date? { TranscriptParser.parse(text, now: now, places: []).occurredAt }
        // Just after midnight, "昨晚11点40分" is 20 minutes ago, on the previous calendar day.
        XCTAssertEqual(at("昨晚11点40分许发生火灾", sh(2027, 1, 1, 0, 0)), sh(2026, 12, 31, 23, 40))
        // "23:40" heard at 00:10 with no day word would be in the future today: yesterday.
        XCTAssertEqual(at("23:40左右两车相撞", sh(2026, 12, 1, 0, 10)), sh(2026, 11, 30, 23, 40))
        XCTAssertEqual(at("今天凌晨0点20分起火", sh(2026, 12, 1, 0, 30)), sh(2026, 12, 1, 0, 20))
        XCTAssertEqual(at("昨晚1点左右起火", sh(2026, 12, 1, 8, 0)), sh(2026, 12, 1, 1, 0), "the small hours after last evening")
        XCTAssertEqual(at("昨天凌晨3点", sh(2026, 12, 1, 8, 0)), sh(2026, 11, 30, 3, 0))
        XCTAssertEqual(at("前天下午3点", sh(2026, 12, 1, 8, 0)), sh(2026, 11, 29, 15, 0))
        XCTAssertEqual(at("11月30日22时05分发生地震", sh(2026, 12, 1, 8, 0)), sh(2026, 11, 30, 22, 5))
        XCTAssertEqual(at("2026年11月30日8时发生", sh(2026, 12, 1, 8, 0)), sh(2026, 11, 30, 8, 0))
        XCTAssertEqual(at("12月31日23时发生", sh(2027, 1, 1, 1, 0)), sh(2026, 12, 31, 23, 0), "last year's date")
        XCTAssertEqual(at("刚才发生爆炸", sh(2026, 12, 1, 8, 0)), sh(2026, 12, 1, 8, 0))
        XCTAssertEqual(at("20分钟前发生爆炸", sh(2026, 12, 1, 0, 10)), sh(2026, 11, 30, 23, 50))
        XCTAssertEqual(at("半小时前", sh(2026, 12, 1, 8, 0)), sh(2026, 12, 1, 7, 30))
        XCTAssertEqual(at("大概两个小时前", sh(2026, 12, 1, 8, 0)), sh(2026, 12, 1, 6, 0))
        XCTAssertNil(at("昨天发生火灾", sh(2026, 12, 1, 8, 0)), "a day without a time is not an instant")
    }

    func testTwelveHourClock() {
        let now = sh(2026, 12, 1, 23, 59)
        func at(_ text: String) -> Date? { TranscriptParser.parse(text, now: now, places: []).occurredAt }
        XCTAssertEqual(at("今天上午9点"), sh(2026, 12, 1, 9, 0))
        XCTAssertEqual(at("今天下午3点40分"), sh(2026, 12, 1, 15, 40))
        XCTAssertEqual(at("今天中午12点"), sh(2026, 12, 1, 12, 0))
        XCTAssertEqual(at("今天中午1点"), sh(2026, 12, 1, 13, 0))
        XCTAssertEqual(at("今天傍晚6点半"), sh(2026, 12, 1, 18, 30))
        XCTAssertEqual(at("今天晚上八点四十分"), sh(2026, 12, 1, 20, 40))
        XCTAssertEqual(at("今天凌晨12点"), sh(2026, 12, 1, 0, 0))
        XCTAssertEqual(at("今天夜里11时许"), sh(2026, 12, 1, 23, 0))
        XCTAssertEqual(at("晚8时许"), sh(2026, 12, 1, 20, 0))
        XCTAssertEqual(at("今天下午两点一刻"), sh(2026, 12, 1, 14, 15))
        XCTAssertNil(at("快一点来人"), "一点 alone is not a time")
        XCTAssertNil(at("发生5.5级地震"))
    }

    // MARK: - Robustness

    func testGarbageGivesAnEmptyParse() {
        let now = sh(2026, 12, 1, 8, 30)
        for text in ["", "   ", "\n\n", "，。；！", "1234567890123456789012345", "😀🔥🚒💥", "abc def", "1", "的的的的", "十", "万亿", "::::", "99点99分"] {
            let p = TranscriptParser.parse(text, now: now, places: Self.places)
            XCTAssertTrue(p.isEmpty, "\(text) gave \(p.filled)")
        }
    }

    func testHugeAndOddInputDoesNotCrash() {
        let now = sh(2026, 12, 1, 8, 30)
        let long = String(repeating: "禹州市G311国道一辆货车与面包车相撞，1人死亡，", count: 5_000)
        let started = Date()
        let p = TranscriptParser.parse(long, now: now, places: Self.places)
        XCTAssertEqual(p.dead, 1)
        XCTAssertLessThan(Date().timeIntervalSince(started), 2, "work is capped")
        for text in [
            String(repeating: "9", count: 3_000), String(repeating: "一", count: 3_000), String(repeating: "人受伤", count: 1_000),
            "死亡999999999999999999人", "受伤十万亿人", "损失99999999999999亿元", "\u{0}\u{1}禹州市\u{FFFD}", "在在在在发生发生", "一",
        ] {
            _ = TranscriptParser.parse(text, now: now, places: Self.places + [""])
        }
        XCTAssertNil(TranscriptParser.parse("受伤十万亿人", now: now, places: []).injured)
    }

    func testFilledNamesAndJSON() throws {
        let c = Self.table[0]
        let p = TranscriptParser.parse(c.text, now: c.now, places: Self.places)
        XCTAssertEqual(
            p.filled, ["occurredAt", "placeDivision", "placeDetail", "event", "kindId", "dead", "injured", "seriousInjuries", "cause", "measures"])
        XCTAssertEqual(
            Set(p.filled).subtracting(ReportField.allCases.map(\.rawValue)).subtracting(CasualtyField.allCases.map(\.rawValue)),
            ["occurredAt", "placeDivision", "kindId"])
        let json = try JSONEncoder().encode(p)
        let object = try XCTUnwrap(JSONSerialization.jsonObject(with: json) as? [String: Any])
        XCTAssertEqual(object["filled"] as? [String], p.filled)
        XCTAssertEqual(object["kindId"] as? String, "road_transport_accident")
        XCTAssertEqual(try JSONDecoder().decode(TranscriptParse.self, from: json), p)
        XCTAssertNotNil(IncidentCatalog.kind(id: p.kindID ?? ""))
    }

    func testEveryKindInTheTableIsInTheCatalog() {
        for c in Self.table + Self.unseen { if let k = c.kind { XCTAssertNotNil(IncidentCatalog.kind(id: k), k) } }
    }

    func testMostSpecificDivisionAndAgencies() {
        let now = sh(2026, 12, 1, 8, 30)
        let a = TranscriptParser.parse("河南省许昌市建安区灵井镇一厂房起火", now: now, places: Self.places)
        XCTAssertEqual(a.placeDivision, "灵井镇")
        let b = TranscriptParser.parse("我是魏都区应急局值班员，长葛市一家超市起火，伤者送往许昌市中心医院", now: now, places: Self.places)
        XCTAssertEqual(b.placeDivision, "长葛市")
        XCTAssertEqual(b.kindID, "commercial_fire")
    }
}
