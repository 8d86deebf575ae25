import DutyCore
import Fluent
import Foundation
import Vapor

/// Demo data: real places with their GB/T 2260 codes, so a duty officer recognises them.
/// Names and phone numbers are made up but shaped like real ones; generation is
/// deterministic so every demo database is the same.
enum DemoData {
    static let password = "Duty#Room2026"

    struct CitySpec {
        let code: String
        let prefix: String
        let areaCode: String
        let counties: [String]
    }

    struct ProvinceSpec {
        let code: String
        let prefix: String
        let bureau: String
        let areaCode: String
        let cities: [CitySpec]
    }

    static let provinces: [ProvinceSpec] = [
        ProvinceSpec(
            code: "410000", prefix: "henan", bureau: "河南省应急管理厅", areaCode: "0371",
            cities: [
                CitySpec(code: "411000", prefix: "xuchang", areaCode: "0374", counties: ["411002", "411003", "411024", "411025", "411081", "411082"]),
                CitySpec(code: "411100", prefix: "luohe", areaCode: "0395", counties: ["411102", "411103", "411104", "411121", "411122"]),
            ]),
        ProvinceSpec(
            code: "210000", prefix: "liaoning", bureau: "辽宁省应急管理厅", areaCode: "024",
            cities: [
                CitySpec(code: "210100", prefix: "shenyang", areaCode: "024", counties: ["210102", "210103", "210112", "210181"])
            ]),
        ProvinceSpec(
            code: "370000", prefix: "shandong", bureau: "山东省应急管理厅", areaCode: "0531",
            cities: [
                CitySpec(code: "371300", prefix: "linyi", areaCode: "0539", counties: ["371302", "371321", "371325", "371326"])
            ]),
        ProvinceSpec(
            code: "150000", prefix: "neimenggu", bureau: "内蒙古自治区应急管理厅", areaCode: "0471",
            cities: [
                CitySpec(code: "150600", prefix: "ordos", areaCode: "0477", counties: ["150602", "150603", "150622", "150627"])
            ]),
    ]

    /// Cities whose own reporting rules (S001 沈阳, S004 鄂尔多斯) add to the national ones.
    static let localPolicies: [String: ReportingPolicy] = ["210100": ShippedPolicies.shenyang, "150600": ShippedPolicies.ordos]

    /// Login prefixes of the counties that get accounts.
    static let countyLogins: [String: String] = [
        "411003": "jianan", "411002": "weidu", "411102": "yuanhui", "210103": "shenhe", "371321": "yinan", "150602": "dongsheng",
    ]

    static let surnames = Array("王李张刘陈杨赵黄周吴徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤单")
    static let givenParts = Array(
        "伟刚勇毅俊峰强军平保东文辉力明永健世广志义兴良海山仁波宁贵福生龙元全国胜学祥才发武新利清飞彬富顺信子杰涛昌成康星光天达安岩中茂进林有坚和彪博诚先敬震振壮会思群豪心邦承乐绍功松善厚庆磊民友裕河哲江超浩亮政谦亨奇固之轮翰朗伯宏言若鸣朋斌梁栋维启克伦翔旭鹏泽晨辰士以建家致树炎德行时泰盛雄琛钧冠策腾楠榕风航弘秀娟英华慧巧美娜静淑惠珠翠雅芝玉萍红娥玲芬芳燕彩春菊兰凤洁梅琳素云莲真环雪荣爱妹霞香月莺媛艳瑞凡佳嘉琼勤珍贞莉桂娣叶璧璐娅琦晶妍茜秋珊莎锦黛青倩婷姣婉娴瑾颖露瑶怡婵雁蓓纨仪荷丹蓉眉君琴蕊薇菁梦岚苑婕馨瑗琰韵融园艺咏卿聪澜纯毓悦昭冰爽琬茗羽希宁欣飘育滢馥筠柔竹霭凝晓欢霄枫芸菲寒伊亚宜可姬舒影荔枝思丽"
    )

    struct Generator {
        var state: UInt64
        mutating func next() -> UInt64 {
            state = state &* 6364136223846793005 &+ 1442695040888963407
            return state >> 33
        }
        mutating func pick<T>(_ a: [T]) -> T { a[Int(next() % UInt64(a.count))] }
        mutating func digits(_ n: Int) -> String { (0..<n).map { _ in String(next() % 10) }.joined() }
        mutating func name() -> String {
            let s = pick(DemoData.surnames)
            return String(s) + String(pick(DemoData.givenParts)) + (next() % 4 == 0 ? "" : String(pick(DemoData.givenParts)))
        }
        mutating func mobile() -> String {
            pick(["138", "139", "137", "135", "136", "150", "151", "158", "186", "187", "188", "133", "153", "177", "180", "189"]) + digits(8)
        }
        mutating func landline(_ area: String) -> String { area + "-" + (area.count == 3 ? "2" + digits(7) : "2" + digits(6)) }
    }

    struct Loaded {
        var units = 0
        var people = 0
        var logins: [(String, String, String)] = []  // username, unit, roles
    }

    static func isEmpty(_ db: any Database) async throws -> Bool {
        try await OrgUnit.query(on: db).count() == 0
    }

    /// Loads the demo tree, people and logins in one transaction at `now`, then the rosters,
    /// each step through the services a page uses (their checks, audit entries and notices).
    static func load(app: Application, now: Date) async throws -> Loaded {
        let hash = try await app.password.async.hash(password).get()
        let divisions = app.divisions
        // The loader acts as "system" for the ministry and everything below it.
        let ministry = try DirectoryService.newUnit(
            UnitInput(
                code: nil, name: "应急管理部", kind: .emergencyMinistry, parentId: UUID(), dutyPhone: "010-28312345", fax: "010-28312346",
                email: "zhiban1@yjgl.example.cn"), under: nil, divisions: divisions, now: now)
        let batch = AuditBatch()
        let ctx = ServiceContext(actor: try .system("system", unit: ministry, roles: [.unitAdmin]), now: now, db: app.db, app: app, auditBatch: batch)
        let loaded = try await app.write { db in
            var g = Generator(state: 20_261_125)
            var loaded = Loaded()
            var seq = 0

            func unit(_ name: String, code: String?, kind: UnitKind, parent: OrgUnit, area: String) async throws -> OrgUnit {
                let input = UnitInput(
                    code: code, name: name, kind: kind, parentId: parent.id!, dutyPhone: g.landline(area), fax: g.landline(area),
                    email: "zhiban\(loaded.units + 1)@yjgl.example.cn")
                let u = try DirectoryService.newUnit(input, under: parent, divisions: divisions, now: now)
                try await DirectoryService.insert(u, under: parent, ctx: ctx, on: db)
                loaded.units += 1
                return u
            }

            func person(_ unit: OrgUnit, _ name: String, _ position: String, area: String, category: EmploymentCategory = .established) async throws -> Person {
                seq += 1
                // Most entries were verified in the last months; every seventh is overdue.
                let daysAgo = seq % 7 == 0 ? 200 + Int(g.next() % 200) : Int(g.next() % 150)
                let f = try DirectoryService.validated(
                    PersonFields(
                        name: name, position: position, officePhone: g.landline(area), mobile: g.mobile(), fax: seq % 3 == 0 ? g.landline(area) : "",
                        email: "", category: category.rawValue))
                let p = DirectoryService.newPerson(f, unitID: unit.id!, now: now)
                p.lastVerifiedAt = now.addingTimeInterval(-Double(daysAgo) * 86400)
                try await DirectoryService.insert(p, in: unit, ctx: ctx, on: db)
                loaded.people += 1
                return p
            }

            func login(_ username: String, _ unit: OrgUnit, _ p: Person?, _ display: String, _ roles: [Role]) async throws {
                let input = UserInput(username: username, displayName: display, password: password, unitId: unit.id!, roles: roles, personId: p?.id)
                let u = try AccountService.newAccount(input, in: unit, hash: hash, ctx: ctx)
                try await AccountService.insert(u, in: unit, ctx: ctx, on: db)
                loaded.logins.append((username, unit.name, roles.map(\.title).joined(separator: "、")))
            }

            /// The staff of an emergency-management bureau and, when `logins` is set, an account per role.
            func staff(_ unit: OrgUnit, area: String, head: String, logins prefix: String?, named fixed: [String: String] = [:]) async throws {
                let headP = try await person(unit, fixed["head"] ?? g.name(), head, area: area)
                let leader = try await person(unit, fixed["leader"] ?? g.name(), "副" + head, area: area)
                let section = try await person(unit, fixed["section"] ?? g.name(), "应急值守科科长", area: area)
                let duty1 = try await person(unit, fixed["duty"] ?? g.name(), "值班员", area: area)
                _ = try await person(unit, g.name(), "值班员", area: area)
                _ = try await person(unit, g.name(), "值班辅助人员", area: area, category: [.temporary, .rehiredRetiree, .informal][Int(g.next() % 3)])
                let admin = try await person(unit, g.name(), "信息化管理员", area: area)
                let security = try await person(unit, g.name(), "网络安全员", area: area)
                let auditor = try await person(unit, g.name(), "审计员", area: area)
                // The roster units keep a second section chief and a third officer, so the
                // rotation can keep "no two shifts in a row".
                if let code = unit.code, rosterUnits.contains(code) {
                    _ = try await person(unit, g.name(), "应急值守科副科长", area: area)
                    _ = try await person(unit, g.name(), "值班员", area: area)
                }
                guard let prefix else { return }
                try await login("\(prefix).duty", unit, duty1, duty1.name, [.dutyOfficer])
                try await login("\(prefix).section", unit, section, section.name, [.sectionLeader])
                try await login("\(prefix).leader", unit, leader, leader.name, [.dutyLeader])
                try await login("\(prefix).head", unit, headP, headP.name, [.unitHead])
                try await login("\(prefix).admin", unit, admin, admin.name, [.unitAdmin])
                try await login("\(prefix).security", unit, security, security.name, [.securityAdmin])
                try await login("\(prefix).auditor", unit, auditor, auditor.name, [.auditor])
            }

            try await DirectoryService.insert(ministry, under: nil, ctx: ctx, on: db)
            loaded.units += 1
            try await staff(ministry, area: "010", head: "部长", logins: "ministry")
            // The national rules (S002) apply everywhere; 沈阳 and 鄂尔多斯 add their own on top.
            try await PolicyService.set(ShippedPolicies.national, for: ministry, actor: "system", now: now, on: db)
            for prov in provinces {
                let p = try await unit(prov.bureau, code: prov.code, kind: .emergencyProvince, parent: ministry, area: prov.areaCode)
                try await staff(p, area: prov.areaCode, head: "厅长", logins: prov.prefix)
                for city in prov.cities {
                    let cityName = divisions.divisions[city.code]?.name ?? city.code
                    let c = try await unit(cityName + "应急管理局", code: city.code, kind: .emergencyCity, parent: p, area: city.areaCode)
                    let fixed: [String: String] = city.code == "411000" ? ["section": "张栋利", "duty": "单志刚", "leader": "曾庆华"] : [:]
                    try await staff(c, area: city.areaCode, head: "局长", logins: city.prefix, named: fixed)
                    let office = try await unit(cityName + "人民政府总值班室", code: nil, kind: .governmentDutyOffice, parent: c, area: city.areaCode)
                    let officeHead = try await person(office, g.name(), "总值班室主任", area: city.areaCode)
                    _ = try await person(office, g.name(), "值班员", area: city.areaCode)
                    try await login("\(city.prefix).office", office, officeHead, officeHead.name, [.dutyOfficer])
                    if let local = localPolicies[city.code] {
                        try await PolicyService.set(
                            PolicyService.layered(local, over: ShippedPolicies.national), for: c, actor: "system", now: now, on: db)
                    }
                    for dept in ["公安局", "消防救援支队", "交通运输局", "气象局"] {
                        let d = try await unit(cityName + dept, code: nil, kind: .memberDepartment, parent: c, area: city.areaCode)
                        _ = try await person(d, g.name(), "值班室主任", area: city.areaCode)
                        _ = try await person(d, g.name(), "值班员", area: city.areaCode)
                    }
                    for countyCode in city.counties {
                        let name = divisions.divisions[countyCode]?.name ?? countyCode
                        let k = try await unit(name + "应急管理局", code: countyCode, kind: .emergencyCounty, parent: c, area: city.areaCode)
                        try await staff(k, area: city.areaCode, head: "局长", logins: countyLogins[countyCode])
                    }
                }
            }
            try await batch.flush(on: db)
            return loaded
        }
        try await demoRosters(app: app, now: now)
        try await demoDesk(app: app, now: now)
        let plain = ServiceContext(actor: ctx.actor, now: now, db: app.db, app: app)
        try await app.write { db in
            try await plain.audit(
                "demo.load", "system", "demo", detail: "\(loaded.units)个单位，\(loaded.people)人，\(loaded.logins.count)个账户", on: db)
        }
        return loaded
    }

    /// How far a demo month got: drawn whole and filed, drawn whole, or drawn for half the month.
    enum DemoMonth { case filed, drawn, halfDrawn }

    /// Units whose roster pages show something: a city with its counties, and the province.
    static let rosterUnits = ["410000", "411000", "411003", "411002"]

    /// Rosters for the demo, written by each unit's section chief through the roster service:
    /// pre-duty training for everyone who may serve, the rotation, and this month's and next
    /// month's rosters drawn by auto-fill. This month was filed three days before it began;
    /// next month is filed at 建安区 (yesterday), half-drawn at 魏都区 and drafted at the city and
    /// the province, so the city's overview shows each state.
    static func demoRosters(app: Application, now: Date) async throws {
        let current = RosterMonthKey.current(now)
        let coming = RosterMonthKey.coming(now)
        for code in rosterUnits {
            guard let unit = try await OrgUnit.query(on: app.db).filter(\.$code == code).first(),
                let chief = try await UserAccount.query(on: app.db).filter(\.$unit.$id == unit.id!).filter(\.$roles == Role.sectionLeader.rawValue).first(),
                let actor = try await Actor.account(chief.username, on: app.db)
            else { continue }
            func ctx(at instant: Date) -> ServiceContext { ServiceContext(actor: actor, now: instant, db: app.db, app: app) }
            let staff = try await Person.query(on: app.db).filter(\.$unit.$id == unit.id!).all()
            let trainingDay = CalendarDay(year: 2026, month: 3, day: 16)!
            for p in staff where (EmploymentCategory(rawValue: p.category) ?? .established).mayBeScheduled {
                _ = try await RosterService.addTraining(p, date: trainingDay, course: "岗前培训：值班值守制度、突发事件信息报送与系统操作", ctx: ctx(at: now))
            }
            func with(_ position: String) -> [Person] { staff.filter { $0.position == position } }
            let rotations: [DutyLevel: [String]] = [
                .leader: (with("副局长") + with("副厅长") + with("局长") + with("厅长")).map { $0.id!.uuidString },
                .sectionLeader: (with("应急值守科科长") + with("应急值守科副科长")).map { $0.id!.uuidString },
                .officer: with("值班员").map { $0.id!.uuidString },
            ]
            let settings = RosterService.Settings(pattern: .fullDay, rules: RestRules(noConsecutiveShifts: true), rotations: rotations, own: true)
            try await RosterService.update(settings, unit: unit, ctx: ctx(at: now))
            let persons = try await RosterService.rosterPersons(staff, from: current.firstDay, through: coming.lastDay, on: app.db)
            var earlier: [RosterAssignment] = []
            let comingState: DemoMonth = code == "411003" ? .filed : (code == "411002" ? .halfDrawn : .drawn)
            var drawn: [(RosterMonthKey, DemoMonth, [RosterAssignment])] = []
            for (key, state) in [(current, DemoMonth.filed), (coming, comingState)] {
                let days = state == .halfDrawn ? key.firstDay...key.firstDay.adding(days: 14) : nil
                let empty = Roster(year: key.year, month: key.month, pattern: settings.pattern)!
                let outcome = try RosterAutoFill.fill(empty, persons: persons, rotations: rotations, rules: settings.rules, earlier: earlier, days: days)
                earlier = outcome.roster.assignments
                drawn.append((key, state, outcome.roster.assignments))
            }
            // The demo's duty-officer login is the officer on duty now: whoever signs in as
            // `….duty` finds themselves on the roster (在岗核对). Two officers trade every shift,
            // which keeps every roster rule as it was.
            let officer = try await UserAccount.query(on: app.db).filter(\.$unit.$id == unit.id!).filter(\.$roles == Role.dutyOfficer.rawValue).first()
            let onNow = Roster(firstDay: current.firstDay, lastDay: current.lastDay, pattern: settings.pattern, assignments: drawn[0].2).onDuty(at: now)[
                .officer]
            var trade: [String: String] = [:]
            if let mine = officer?.$person.id?.uuidString, let theirs = onNow?.first, theirs != mine, onNow?.contains(mine) != true {
                trade = [mine: theirs, theirs: mine]
            }
            for (key, state, assignments) in drawn {
                let cells = assignments.map {
                    RosterCellInput(
                        date: $0.slot.day, shiftIndex: $0.slot.shiftIndex, level: $0.level, personId: UUID(uuidString: trade[$0.personID] ?? $0.personID))
                }
                let filedAt = key == current ? key.firstDay.adding(days: -3).instant(hour: 10, minute: 12) : now.addingTimeInterval(-26 * 3600)
                // Drawn just before it was filed, or now for a month still being drawn.
                let drawnAt = state == .filed ? filedAt.addingTimeInterval(-3600) : now
                try await RosterService.write(cells: cells, replace: true, unit: unit, month: key, ctx: ctx(at: drawnAt))
                if state == .filed { try await RosterService.file(unit: unit, month: key, ctx: ctx(at: filedAt)) }
            }
        }
    }

    /// The units whose duty desk has a lived-in month in the demo: the city a new user signs in
    /// to first, and one of its counties.
    static let deskUnits = ["411000", "411003"]

    /// A month of the duty desk before `now`, so a new user finds what a month of duty leaves
    /// behind: each day's calls in the duty log, the morning handover signed by both officers,
    /// the city's daily roll call of its counties with each answer's seconds (and the odd late
    /// or missed one), and leaders' trips reported and returned from. Written as records of
    /// the past (what the services would have written then); October only for the trips, so
    /// the filed rosters of November stay as they were filed.
    static func demoDesk(app: Application, now: Date) async throws {
        let today = CalendarDay(now)
        var g = Generator(state: 20_261_123)
        let calls: [(DutyLogDirection, String, String, String, String)] = [
            (.incoming, "市气象局", "气象台值班员", "发布大风蓝色预警，预计今夜阵风7级", "已转发各县区值班室，提醒做好防范"),
            (.incoming, "县应急管理局", "值班员", "报告辖区一处民房墙体开裂，已疏散2户5人，无人员伤亡", "已记录，要求持续跟踪并及时续报"),
            (.outgoing, "市消防救援支队", "指挥中心", "核实人民路一处商铺火情", "火已扑灭，无人员伤亡，过火面积约20平方米"),
            (.incoming, "市交通运输局", "值班室", "京港澳高速许昌段因团雾临时管制", "已报带班领导，通知交警、路政做好疏导"),
            (.fax, "省应急管理厅", "值班室", "关于做好近期森林防火工作的通知", "已呈带班领导阅批，转发各县区"),
            (.sms, "市水利局", "值班员", "北汝河水位平稳，无超警", "已记录"),
        ]
        try await app.write { db in
            for code in deskUnits {
                guard let unit = try await OrgUnit.query(on: db).filter(\.$code == code).first() else { continue }
                let staff = try await UserAccount.query(on: db).filter(\.$unit.$id == unit.id!).all()
                guard let duty = staff.first(where: { $0.roles == Role.dutyOfficer.rawValue }),
                    let section = staff.first(where: { $0.roles == Role.sectionLeader.rawValue })
                else { continue }
                var entries: [DutyLogEntry] = []
                var handovers: [Handover] = []
                for back in (1...30).reversed() {
                    let day = today.adding(days: -back)
                    // Two or three calls a day, between 09:00 and 23:00.
                    for n in 0..<(2 + Int(g.next() % 2)) {
                        let c = calls[Int(g.next() % UInt64(calls.count))]
                        let at = day.instant(hour: 9 + n * 5 + Int(g.next() % 4), minute: Int(g.next() % 60))
                        let e = DutyLogEntry()
                        e.id = UUID.timeOrdered(at: at)
                        e.$unit.id = unit.id!
                        e.at = at
                        e.direction = c.0.rawValue
                        e.callerUnit = c.1
                        e.callerName = g.name()
                        e.callerPosition = c.2
                        e.phone = "0374-" + String(2_000_000 + Int(g.next() % 7_000_000))
                        e.content = c.3
                        e.handling = c.4
                        e.readBack = c.0 == .incoming
                        e.readBackBy = c.0 == .incoming ? duty.displayName : ""
                        e.classified = false
                        e.recordedBy = n % 2 == 0 ? duty.username : section.username
                        e.createdAt = at
                        e.updatedAt = at
                        entries.append(e)
                    }
                    // The morning handover, taken over ten minutes later.
                    let out = day.instant(hour: 8, minute: 30)
                    let h = Handover()
                    h.id = UUID.timeOrdered(at: out)
                    h.$unit.id = unit.id!
                    let (from, to) = back % 2 == 0 ? (duty, section) : (section, duty)
                    h.matters = back % 5 == 0 ? "夜间接报一起一般道路交通事故，已首报、续报，待终报" : "夜间平稳，无突发事件；各县区值班正常"
                    h.outgoingBy = from.username
                    h.outgoingName = from.displayName
                    h.outgoingAt = out
                    h.incomingBy = to.username
                    h.incomingName = to.displayName
                    h.incomingAt = out.addingTimeInterval(10 * 60)
                    handovers.append(h)
                }
                try await entries.create(on: db)
                try await handovers.create(on: db)

                // The city calls its counties every morning at 08:30.
                let counties = try await RollCallService.subordinates(of: unit.id!, on: db)
                if !counties.isEmpty {
                    var rollCalls: [RollCall] = []
                    var answers: [RollCallAnswer] = []
                    for back in (1...30).reversed() {
                        let day = today.adding(days: -back)
                        let start = day.instant(hour: 8, minute: 30)
                        let call = RollCall()
                        call.id = UUID.timeOrdered(at: start)
                        call.$unit.id = unit.id!
                        call.startedAt = start
                        call.startedBy = "system"
                        call.limitSeconds = 60
                        call.scheduledDate = day.description
                        rollCalls.append(call)
                        for (i, county) in counties.enumerated() {
                            let a = RollCallAnswer()
                            a.id = UUID.timeOrdered(at: start.addingTimeInterval(Double(i) / 1000))
                            a.rollCallID = call.id!
                            a.$unit.id = county.id!
                            // Mostly within half a minute; now and then late (over 60 s) or not at all.
                            let roll = g.next() % 40
                            if roll != 0 {
                                let seconds = roll == 1 ? 75 + Int(g.next() % 60) : 6 + Int(g.next() % 30)
                                a.answeredAt = start.addingTimeInterval(Double(seconds))
                                a.answeredBy = (county.code.flatMap { countyLogins[$0] }).map { "\($0).duty" } ?? "值班员"
                                a.seconds = seconds
                            }
                            answers.append(a)
                        }
                    }
                    try await rollCalls.create(on: db)
                    try await answers.create(on: db)
                }

                // Leaders' trips in October, each reported and returned from (销假).
                let leaders = try await Person.query(on: db).filter(\.$unit.$id == unit.id!).filter(\.$position ~~ ["副局长", "局长"]).sort(\.$name).all()
                var trips: [LeaderAbsence] = []
                for (i, leader) in leaders.enumerated() {
                    let leave = CalendarDay(year: 2026, month: 10, day: 12 + i * 7)!.instant(hour: 8, minute: 0)
                    let a = LeaderAbsence()
                    a.id = UUID.timeOrdered(at: leave)
                    a.$unit.id = unit.id!
                    a.personID = leader.id
                    a.personName = leader.name
                    a.personPosition = leader.position
                    a.reason = i % 2 == 0 ? "参加全省应急管理工作会议" : "带队赴郑州学习交流"
                    a.destination = "郑州市"
                    a.leaveAt = leave
                    a.returnAt = leave.addingTimeInterval(2 * 86400 + 10 * 3600)
                    a.returnedAt = leave.addingTimeInterval(2 * 86400 + 9 * 3600)
                    a.deputyName = leaders.count > 1 ? leaders[(i + 1) % leaders.count].name : section.displayName
                    a.deputyPost = leaders.count > 1 ? leaders[(i + 1) % leaders.count].position : "应急值守科科长"
                    a.createdBy = duty.username
                    a.createdAt = leave.addingTimeInterval(-86400)
                    a.updatedAt = a.returnedAt!
                    trips.append(a)
                }
                try await trips.create(on: db)
            }
        }
    }

    /// Removes the directory and accounts to rebuild a demo database. The audit trail stays:
    /// the reload itself is recorded in it.
    static func wipe(app: Application) async throws {
        try await app.write { db in
            try await RosterFeedToken.query(on: db).delete()
            try await RosterAssignmentRecord.query(on: db).delete()
            try await RosterMonth.query(on: db).delete()
            try await Absence.query(on: db).delete()
            try await TrainingRecord.query(on: db).delete()
            try await RosterSettingsRecord.query(on: db).delete()
            try await TimelineEvent.query(on: db).delete()
            // The duty desk refers to units and people.
            try await HandoverItemLink.query(on: db).delete()
            try await HandoverItem.query(on: db).delete()
            try await Handover.query(on: db).delete()
            try await RollCallAnswer.query(on: db).delete()
            try await RollCall.query(on: db).delete()
            try await RollCallSchedule.query(on: db).delete()
            try await LeaderAbsence.query(on: db).delete()
            try await DutyLogEntry.query(on: db).delete()
            try await BackfillTaskRecord.query(on: db).delete()
            try await ReportVersion.query(on: db).delete()
            try await Report.query(on: db).delete()
            try await Incident.query(on: db).delete()
            try await UnitPolicy.query(on: db).delete()
            try await SessionRecord.query(on: db).delete()
            try await UserAccount.query(on: db).delete()
            try await Person.query(on: db).delete()
            // Children first: delete the deepest paths before their parents.
            let units = try await OrgUnit.query(on: db).all().sorted { $0.unitPath.depth > $1.unitPath.depth }
            for u in units { try await u.delete(on: db) }
        }
    }
}
