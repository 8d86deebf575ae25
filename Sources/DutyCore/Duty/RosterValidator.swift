import Foundation

/// One thing wrong with a roster, located so a page can mark the cell.
public struct RosterProblem: Codable, Hashable, Sendable {
    public enum Kind: String, CaseIterable, Codable, Sendable {
        /// The shift pattern does not cover the day; nothing else is checked.
        case invalidPattern = "roster_invalid_pattern"
        /// An assignment to a day outside the roster or a shift the pattern does not have.
        case slotOutsideRoster = "roster_slot_outside"
        /// A level of a shift with nobody on it (S001 第七条: 365天、每天24小时, 三级值班带班).
        case gap = "roster_gap"
        /// More than one entry for one level of one shift.
        case duplicate = "roster_duplicate"
        /// One person on two levels of one shift (S001 第八条: 严禁安排同一人同时承担值班、带班工作).
        case twoLevelsInOneShift = "roster_two_levels_one_shift"
        case unknownPerson = "roster_unknown_person"
        /// 临聘、退休返聘、保安等非正式 (S001 第八条, S004 一(一)).
        case ineligibleCategory = "roster_ineligible_category"
        /// The person may not hold this level.
        case levelNotAllowed = "roster_level_not_allowed"
        /// No pre-duty training (S001 第二十九条).
        case untrained = "roster_untrained"
        /// On leave or away during the shift.
        case absent = "roster_person_absent"
        case consecutiveShifts = "roster_consecutive_shifts"
        case insufficientRest = "roster_insufficient_rest"
        case tooManyShifts = "roster_too_many_shifts"

        var order: Int { Kind.allCases.firstIndex(of: self) ?? 0 }
    }

    public var kind: Kind
    public var day: CalendarDay?
    public var shiftIndex: Int?
    public var level: DutyLevel?
    /// Everyone the problem is about: one person, or all entries of a duplicated cell.
    public var personIDs: [String]
    /// Chinese, naming the date, the shift, the level and the person.
    public var message: String

    public init(kind: Kind, day: CalendarDay? = nil, shiftIndex: Int? = nil, level: DutyLevel? = nil, personIDs: [String] = [], message: String) {
        self.kind = kind
        self.day = day
        self.shiftIndex = shiftIndex
        self.level = level
        self.personIDs = personIDs
        self.message = message
    }

    /// Stable, for the JSON API.
    public var code: String { kind.rawValue }
    public var personID: String? { personIDs.first }
    public var slot: ShiftSlot? { day.flatMap { d in shiftIndex.map { ShiftSlot(day: d, shiftIndex: $0) } } }
}

/// Checks a roster against the duty rules and reports every problem, not just the first, so the
/// person drawing up the month fixes it in one pass.
public enum RosterValidator {
    /// `earlier`: assignments just before the roster (the end of last month), used only so the
    /// rest rules see the shifts a person already had when the roster starts.
    public static func validate(_ roster: Roster, persons: [RosterPerson], rules: RestRules = .none, earlier: [RosterAssignment] = []) -> [RosterProblem] {
        let pattern = roster.pattern
        let patternProblems = pattern.problems
        if !patternProblems.isEmpty {
            return patternProblems.map { RosterProblem(kind: .invalidPattern, message: "班次设置有误：\($0)") }
        }
        let people = Dictionary(persons.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
        let names = NameBook(people: people)
        var problems: [RosterProblem] = []

        var inRange: [RosterAssignment] = []
        for a in roster.assignments {
            if roster.contains(a.slot) {
                inRange.append(a)
            } else {
                let shift = pattern.contains(a.slot) ? pattern.label(of: a.slot) : "\(a.slot.day.chineseTitle) 第\(a.slot.shiftIndex + 1)班（班次设置中没有）"
                problems.append(
                    RosterProblem(
                        kind: .slotOutsideRoster, day: a.slot.day, shiftIndex: a.slot.shiftIndex, level: a.level, personIDs: [a.personID],
                        message: "\(shift) \(a.level.title)：\(names[a.personID])不在本表\(roster.firstDay.chineseTitle)至\(roster.lastDay.chineseTitle)的班次内"))
            }
        }
        let bySlot = Dictionary(grouping: inRange, by: \.slot)

        for slot in roster.slots {
            let here = bySlot[slot] ?? []
            let at = pattern.label(of: slot)
            for level in DutyLevel.allCases {
                let ids = here.filter { $0.level == level }.map(\.personID)
                if ids.isEmpty {
                    problems.append(
                        RosterProblem(kind: .gap, day: slot.day, shiftIndex: slot.shiftIndex, level: level, message: "\(at) 缺\(level.title)"))
                } else if ids.count > 1 {
                    let message =
                        Set(ids).count == 1
                        ? "\(at) \(level.title)：\(names[ids[0]])重复录入了\(ids.count)次"
                        : "\(at) \(level.title)排了\(ids.count)人（\(ids.map { names[$0] }.joined(separator: "、"))），每班每级应只排一人"
                    problems.append(RosterProblem(kind: .duplicate, day: slot.day, shiftIndex: slot.shiftIndex, level: level, personIDs: ids, message: message))
                }
            }
            // S001 第八条: the same person may not both serve and lead on one shift.
            var levelsByPerson: [String: [DutyLevel]] = [:]
            for a in here where !(levelsByPerson[a.personID]?.contains(a.level) ?? false) {
                levelsByPerson[a.personID, default: []].append(a.level)
            }
            for (id, levels) in levelsByPerson where levels.count > 1 {
                let sorted = levels.sorted { $0.order < $1.order }
                for extra in sorted.dropFirst() {
                    problems.append(
                        RosterProblem(
                            kind: .twoLevelsInOneShift, day: slot.day, shiftIndex: slot.shiftIndex, level: extra, personIDs: [id],
                            message: "\(at) \(names[id])同时担任\(sorted.map(\.title).joined(separator: "和"))，严禁同一人同时承担值班、带班工作（S001 第八条）"))
                }
            }
        }

        var checked: Set<RosterAssignment> = []
        for a in inRange where checked.insert(a).inserted {
            problems += personProblems(a, person: people[a.personID], pattern: pattern)
        }

        problems += restProblems(
            inRange: inRange, earlier: earlier.filter { pattern.contains($0.slot) && !roster.contains($0.slot) }, pattern: pattern, rules: rules, names: names)

        return problems.sorted(by: RosterValidator.order)
    }

    /// Date, shift, level, kind, person: the order a reader scans a month table in.
    static func order(_ a: RosterProblem, _ b: RosterProblem) -> Bool {
        let ka = (a.day ?? CalendarDay(year: 1, month: 1, day: 1)!, a.shiftIndex ?? -1, a.level?.order ?? -1, a.kind.order)
        let kb = (b.day ?? CalendarDay(year: 1, month: 1, day: 1)!, b.shiftIndex ?? -1, b.level?.order ?? -1, b.kind.order)
        if ka != kb { return ka < kb }
        return a.personIDs.lexicographicallyPrecedes(b.personIDs)
    }

    /// What is wrong with putting `person` (nil: not in the unit's list) on this level of this
    /// shift, whoever else is on the roster. Shared with `RosterAutoFill`, which skips anyone
    /// this returns a problem for.
    static func personProblems(_ a: RosterAssignment, person: RosterPerson?, pattern: ShiftPattern) -> [RosterProblem] {
        let at = "\(pattern.label(of: a.slot)) \(a.level.title)"
        func problem(_ kind: RosterProblem.Kind, _ message: String) -> RosterProblem {
            RosterProblem(kind: kind, day: a.slot.day, shiftIndex: a.slot.shiftIndex, level: a.level, personIDs: [a.personID], message: message)
        }
        guard let person else {
            return [problem(.unknownPerson, "\(at)：人员“\(a.personID)”不在本单位人员名单中")]
        }
        var out: [RosterProblem] = []
        if !person.category.mayBeScheduled {
            out.append(problem(.ineligibleCategory, "\(at)：\(person.name)为\(person.category.title)人员，不得安排值班（S001 第八条、S004 一(一)）"))
        }
        if !person.mayHold(a.level) {
            out.append(problem(.levelNotAllowed, "\(at)：\(person.name)不能担任\(a.level.title)"))
        }
        if !person.hasPreDutyTraining {
            out.append(problem(.untrained, "\(at)：\(person.name)没有岗前培训记录，首次值班前须经岗前培训（S001 第二十九条）"))
        }
        if let absence = person.absence(overlappingStart: pattern.start(of: a.slot), end: pattern.end(of: a.slot)) {
            let why = absence.reason.map { "（\($0)）" } ?? ""
            out.append(
                problem(
                    .absent,
                    "\(at)：\(person.name)在\(ShanghaiTime.format(absence.from, "M月d日HH:mm"))至\(ShanghaiTime.format(absence.to, "M月d日HH:mm"))不在岗\(why)，与本班冲突")
            )
        }
        return out
    }

    /// Rest rules, per person along the timeline. A person on two levels of one shift is one
    /// shift here (that is already its own problem). Where two shifts are consecutive, the rest
    /// between them is nil, so the minimum-rest rule is not reported a second time for them.
    static func restProblems(inRange: [RosterAssignment], earlier: [RosterAssignment], pattern: ShiftPattern, rules: RestRules, names: NameBook)
        -> [RosterProblem]
    {
        guard rules.noConsecutiveShifts || rules.maxShiftsPerMonth != nil || rules.minRestHoursBetweenShifts != nil else { return [] }
        var out: [RosterProblem] = []
        let inRangeByPerson = Dictionary(grouping: inRange, by: \.personID)
        let earlierByPerson = Dictionary(grouping: earlier, by: \.personID)

        for id in inRangeByPerson.keys.sorted() {
            // The first level per slot stands for the shift.
            var current: [ShiftSlot: DutyLevel] = [:]
            for a in inRangeByPerson[id] ?? [] {
                if let l = current[a.slot], l.order <= a.level.order { continue }
                current[a.slot] = a.level
            }
            let before = Set((earlierByPerson[id] ?? []).map(\.slot)).subtracting(current.keys)
            let timeline = (before.map { ($0, false) } + current.keys.map { ($0, true) }).sorted { $0.0 < $1.0 }

            for (previous, next) in zip(timeline, timeline.dropFirst()) where next.1 {
                let slot = next.0
                let level = current[slot]!
                let at = "\(pattern.label(of: slot)) \(level.title)"
                let consecutive = pattern.ordinal(of: slot) - pattern.ordinal(of: previous.0) == 1
                if rules.noConsecutiveShifts && consecutive {
                    out.append(
                        RosterProblem(
                            kind: .consecutiveShifts, day: slot.day, shiftIndex: slot.shiftIndex, level: level, personIDs: [id],
                            message: "\(at)：\(names[id])连续值班，上一班为\(pattern.label(of: previous.0))"))
                    continue
                }
                if let hours = rules.minRestHoursBetweenShifts {
                    let rest = pattern.start(of: slot).timeIntervalSince(pattern.end(of: previous.0))
                    if rest < Double(hours * 3600) {
                        out.append(
                            RosterProblem(
                                kind: .insufficientRest, day: slot.day, shiftIndex: slot.shiftIndex, level: level, personIDs: [id],
                                message:
                                    "\(at)：\(names[id])距上一班（\(pattern.label(of: previous.0))）结束仅休息\(ShiftPattern.hoursText(Int(rest) / 60))，少于规定的\(hours)小时"
                            ))
                    }
                }
            }

            if let max = rules.maxShiftsPerMonth {
                let byMonth = Dictionary(grouping: current.keys.sorted(), by: { $0.day.firstDayOfMonth })
                for month in byMonth.keys.sorted() {
                    let slots = byMonth[month]!
                    guard slots.count > max else { continue }
                    let first = slots[max]
                    let level = current[first]!
                    out.append(
                        RosterProblem(
                            kind: .tooManyShifts, day: first.day, shiftIndex: first.shiftIndex, level: level, personIDs: [id],
                            message: "\(pattern.label(of: first)) \(level.title)：\(names[id])在\(month.month)月共排了\(slots.count)个班，超过每月\(max)个班的上限，自本班起超出"))
                }
            }
        }
        return out
    }
}

/// A person's name for messages; the id when the person is not in the list.
struct NameBook {
    let people: [String: RosterPerson]
    /// The name, or the id in quotes so a reader sees it is not a name.
    subscript(id: String) -> String { people[id]?.name ?? "“\(id)”" }
    func plain(_ id: String) -> String { people[id]?.name ?? id }
}
