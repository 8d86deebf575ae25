import Foundation

extension DutyLevel: CodingKeyRepresentable {}

/// Fills a roster's empty cells from per-level rotation lists, keeping every rule the validator
/// checks, so the month table starts from a draft that passes and a person only adjusts it.
public enum RosterAutoFill {
    /// One person's share of the finished roster.
    public struct PersonLoad: Codable, Hashable, Sendable {
        public var personID: String
        public var name: String
        /// Shifts, counting a shift once even if the person (wrongly) holds two levels on it.
        public var shifts: Int
        public var minutes: Int
        public var byLevel: [DutyLevel: Int]

        public var hours: Double { Double(minutes) / 60 }
    }

    /// Why one candidate could not take a cell.
    public struct Rejection: Codable, Hashable, Sendable {
        public var personID: String
        public var kind: RosterProblem.Kind
        /// Short Chinese: "请假", "连续值班".
        public var reason: String
    }

    /// A cell left empty.
    public struct Unfilled: Codable, Hashable, Sendable {
        public enum Code: String, Codable, Sendable {
            /// Nobody is on the level's rotation list.
            case noRotation = "roster_fill_no_rotation"
            /// Everyone on the list was ruled out; `rejected` says why for each.
            case noEligiblePerson = "roster_fill_no_eligible_person"
        }

        public var slot: ShiftSlot
        public var level: DutyLevel
        public var code: Code
        public var message: String
        public var rejected: [Rejection]
    }

    public struct Outcome: Equatable, Sendable {
        public var roster: Roster
        /// Everyone on a rotation list (in list order, levels in `DutyLevel.allCases` order), then
        /// anyone else on the roster.
        public var loads: [PersonLoad]
        public var unfilled: [Unfilled]
    }

    public struct PatternError: Error, Equatable, Sendable {
        public let problems: [String]
        public var code: String { "roster_invalid_pattern" }
        public var message: String { "班次设置有误：" + problems.joined(separator: "；") }
    }

    /// Fills every empty (slot, level) of `roster` whose day is in `days` (default: the whole
    /// roster, e.g. a month; pass a holiday block's days for a holiday roster). Existing entries
    /// stay, even ones the validator would reject: replacing a person is a swap (调班) with its
    /// own approval, not something a draft does silently.
    ///
    /// Cells are filled in time order, and within a shift 带班领导 first, then 值班科(处)领导, then
    /// 值班员: leaders are the scarcer people, and someone on several lists should be used where
    /// only they can serve. For each cell the eligible person with the fewest shifts on the
    /// roster so far is chosen, ties going to the earlier place on the list, which on an empty
    /// month is plain rotation. Same input, same roster; its assignments come back sorted by
    /// slot and level.
    ///
    /// `earlier` is the end of last month's roster, so the rest rules hold across the month
    /// boundary; those shifts are not counted toward this roster's loads.
    public static func fill(
        _ roster: Roster, persons: [RosterPerson], rotations: [DutyLevel: [String]], rules: RestRules = .none, earlier: [RosterAssignment] = [],
        days: ClosedRange<CalendarDay>? = nil
    ) throws -> Outcome {
        let pattern = roster.pattern
        let patternProblems = pattern.problems
        guard patternProblems.isEmpty else { throw PatternError(problems: patternProblems) }

        let people = Dictionary(persons.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
        let names = NameBook(people: people)
        var state = State(pattern: pattern)
        for a in earlier where pattern.contains(a.slot) && !roster.contains(a.slot) { state.occupy(a, counts: false) }
        for a in roster.assignments where roster.contains(a.slot) { state.occupy(a, counts: true) }

        var result = roster
        var unfilled: [Unfilled] = []
        let fillOrder: [DutyLevel] = [.leader, .sectionLeader, .officer]

        for slot in roster.slots where days.map({ $0.contains(slot.day) }) ?? true {
            for level in fillOrder where !state.isFilled(slot, level) {
                var seen: Set<String> = []
                let list = (rotations[level] ?? []).filter { seen.insert($0).inserted }
                let cell = "\(pattern.label(of: slot)) \(level.title)"
                guard !list.isEmpty else {
                    unfilled.append(Unfilled(slot: slot, level: level, code: .noRotation, message: "\(cell)：未设置轮值名单", rejected: []))
                    continue
                }
                var best: (index: Int, count: Int)?
                var rejected: [Rejection] = []
                for (index, id) in list.enumerated() {
                    let assignment = RosterAssignment(slot: slot, level: level, personID: id)
                    if let rejection = state.rejection(assignment, person: people[id], rules: rules) {
                        rejected.append(rejection)
                        continue
                    }
                    let count = state.shiftCount(id)
                    if best == nil || count < best!.count { best = (index, count) }
                }
                if let best {
                    let assignment = RosterAssignment(slot: slot, level: level, personID: list[best.index])
                    result.assignments.append(assignment)
                    state.occupy(assignment, counts: true)
                } else {
                    let why = rejected.map { "\(names[$0.personID])\($0.reason)" }.joined(separator: "；")
                    unfilled.append(Unfilled(slot: slot, level: level, code: .noEligiblePerson, message: "\(cell)：轮值名单中无人可排（\(why)）", rejected: rejected))
                }
            }
        }

        result.assignments.sort { ($0.slot, $0.level.order, $0.personID) < ($1.slot, $1.level.order, $1.personID) }
        unfilled.sort { ($0.slot, $0.level.order) < ($1.slot, $1.level.order) }
        return Outcome(roster: result, loads: loads(result, rotations: rotations, names: names), unfilled: unfilled)
    }

    /// Each person's shifts and hours on the roster (for a roster edited by hand as well).
    public static func loads(_ roster: Roster, persons: [RosterPerson], rotations: [DutyLevel: [String]] = [:]) -> [PersonLoad] {
        loads(roster, rotations: rotations, names: NameBook(people: Dictionary(persons.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })))
    }

    static func loads(_ roster: Roster, rotations: [DutyLevel: [String]], names: NameBook) -> [PersonLoad] {
        var order: [String] = []
        for level in DutyLevel.allCases {
            for id in rotations[level] ?? [] where !order.contains(id) { order.append(id) }
        }
        let valid = roster.assignments.filter { roster.contains($0.slot) }
        for id in Set(valid.map(\.personID)).sorted() where !order.contains(id) { order.append(id) }
        let byPerson = Dictionary(grouping: valid, by: \.personID)
        return order.map { id in
            let mine = byPerson[id] ?? []
            let slots = Set(mine.map(\.slot))
            let minutes = slots.reduce(0) { $0 + roster.pattern.shifts[$1.shiftIndex].durationMinutes }
            var byLevel: [DutyLevel: Int] = [:]
            for a in mine { byLevel[a.level, default: 0] += 1 }
            return PersonLoad(personID: id, name: names.plain(id), shifts: slots.count, minutes: minutes, byLevel: byLevel)
        }
    }

    /// Who is where so far, kept up to date as cells are filled.
    private struct State {
        let pattern: ShiftPattern
        /// Per person, the slots they serve (earlier ones included), sorted.
        var slots: [String: [ShiftSlot]] = [:]
        var levelsAt: [ShiftSlot: [DutyLevel: [String]]] = [:]
        /// Shifts on this roster, per person, for spreading.
        var counts: [String: Set<ShiftSlot>] = [:]

        init(pattern: ShiftPattern) { self.pattern = pattern }

        mutating func occupy(_ a: RosterAssignment, counts countIt: Bool) {
            var mine = slots[a.personID] ?? []
            if !mine.contains(a.slot) {
                mine.append(a.slot)
                mine.sort()
            }
            slots[a.personID] = mine
            if countIt {
                levelsAt[a.slot, default: [:]][a.level, default: []].append(a.personID)
                counts[a.personID, default: []].insert(a.slot)
            }
        }

        func isFilled(_ slot: ShiftSlot, _ level: DutyLevel) -> Bool { !(levelsAt[slot]?[level]?.isEmpty ?? true) }

        func shiftCount(_ id: String) -> Int { counts[id]?.count ?? 0 }

        /// The first rule putting this person here would break, in the validator's terms.
        func rejection(_ a: RosterAssignment, person: RosterPerson?, rules: RestRules) -> Rejection? {
            func reject(_ kind: RosterProblem.Kind, _ reason: String) -> Rejection { Rejection(personID: a.personID, kind: kind, reason: reason) }
            if let problem = RosterValidator.personProblems(a, person: person, pattern: pattern).first {
                switch problem.kind {
                case .unknownPerson: return reject(.unknownPerson, "不在人员名单中")
                case .ineligibleCategory: return reject(.ineligibleCategory, "为\(person?.category.title ?? "")人员，不得值班")
                case .levelNotAllowed: return reject(.levelNotAllowed, "不能担任\(a.level.title)")
                case .untrained: return reject(.untrained, "无岗前培训记录")
                case .absent:
                    let why = person?.absence(overlappingStart: pattern.start(of: a.slot), end: pattern.end(of: a.slot))?.reason ?? "不在岗"
                    return reject(.absent, why)
                default: return reject(problem.kind, problem.message)
                }
            }
            if let held = levelsAt[a.slot]?.first(where: { $0.value.contains(a.personID) })?.key {
                return reject(.twoLevelsInOneShift, "本班已担任\(held.title)")
            }
            let mine = slots[a.personID] ?? []
            let here = pattern.ordinal(of: a.slot)
            let previous = mine.last { $0 < a.slot }
            let next = mine.first { $0 > a.slot }
            if rules.noConsecutiveShifts {
                if let previous, here - pattern.ordinal(of: previous) == 1 { return reject(.consecutiveShifts, "连续值班（上一班已排）") }
                if let next, pattern.ordinal(of: next) - here == 1 { return reject(.consecutiveShifts, "连续值班（下一班已排）") }
            }
            if let hours = rules.minRestHoursBetweenShifts {
                let need = Double(hours * 3600)
                if let previous, pattern.start(of: a.slot).timeIntervalSince(pattern.end(of: previous)) < need {
                    return reject(.insufficientRest, "距上一班休息不足\(hours)小时")
                }
                if let next, pattern.start(of: next).timeIntervalSince(pattern.end(of: a.slot)) < need {
                    return reject(.insufficientRest, "距下一班休息不足\(hours)小时")
                }
            }
            if let max = rules.maxShiftsPerMonth {
                let month = a.slot.day.firstDayOfMonth
                let inMonth = (counts[a.personID] ?? []).filter { $0.day.firstDayOfMonth == month }.count
                if inMonth >= max { return reject(.tooManyShifts, "本月已排满\(max)个班") }
            }
            return nil
        }
    }
}
