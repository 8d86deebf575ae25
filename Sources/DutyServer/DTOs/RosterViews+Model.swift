import DutyCore
import Fluent
import Foundation

extension RosterPageView {
    /// The month roster editor for the actor: the grid with every cell's choices and the
    /// validator's problems in place, the filing state, the loads, and the month's swaps with
    /// the steps the actor can take on each.
    static func build(unit: OrgUnit, month key: RosterMonthKey, notice: String?, error: String?, ctx: ServiceContext) async throws -> RosterPageView {
        let actor = ctx.actor
        let view = try await RosterService.view(unit: unit, month: key, ctx: ctx)
        let people = try await Person.query(on: ctx.db).filter(\.$unit.$id == unit.id!).filter(\.$active == true).sort(\.$name).all()
        let trained = Set(try await TrainingRecord.query(on: ctx.db).filter(\.$person.$id ~~ people.compactMap(\.id)).all().map(\.$person.id))
        let eligible = people.filter { (EmploymentCategory(rawValue: $0.category) ?? .established).mayBeScheduled }
        let levels = RosterTable.printOrder
        let columns = view.shifts.flatMap { s in
            levels.map { RosterColumnView(shiftIndex: s.index, shiftLabel: s.label, level: $0.rawValue, levelTitle: $0.title) }
        }
        var byCell: [String: RosterAssignmentDTO] = [:]
        for a in view.assignments { byCell["\(a.date)|\(a.shiftIndex)|\(a.level.rawValue)"] = a }
        var problemsByCell: [String: [String]] = [:]
        for p in view.problems {
            guard let d = p.date else { continue }
            let levelsHit = p.level.map { [$0] } ?? levels
            for l in levelsHit { problemsByCell["\(d)|\(p.shiftIndex ?? 0)|\(l.rawValue)", default: []].append(p.message) }
        }
        let editable = actor.can(.manageRoster) && view.status.isEditable
        let rows = view.days.map { d -> RosterRowView in
            let cells = columns.map { c -> RosterCellView in
                let key = "\(d.date)|\(c.shiftIndex)|\(c.level)"
                let current = byCell[key]
                var options = [SelectOption(value: "", label: "（空缺）", selected: current == nil)]
                for p in eligible {
                    options.append(
                        SelectOption(value: p.id!.uuidString, label: p.name + (trained.contains(p.id!) ? "" : "（未培训）"), selected: current?.personId == p.id))
                }
                if let current, !eligible.contains(where: { $0.id == current.personId }) {
                    options.append(SelectOption(value: current.personId.uuidString, label: current.personName + "（不可排）", selected: true))
                }
                let issues = problemsByCell[key] ?? []
                return RosterCellView(
                    name: "cell_\(d.date)_\(c.shiftIndex)_\(c.level)", label: "\(d.date.shortChineseTitle) \(c.shiftLabel) \(c.levelTitle)",
                    selected: current?.personId.uuidString ?? "", selectedName: current?.personName ?? "", options: options,
                    problem: !issues.isEmpty, problemText: issues.joined(separator: "；"))
            }
            return RosterRowView(
                date: d.date.description, dateText: d.date.shortChineseTitle, weekday: d.weekday,
                dayClass: d.holiday ? "day-holiday" : (!d.workingDay ? "day-rest" : (d.date.isWeekend ? "day-adjusted" : "")),
                note: d.holiday ? (d.festival ?? "") : (d.workingDay && d.date.isWeekend ? "调休上班" : ""), cells: cells)
        }
        let problems = view.problems.map { p -> RosterProblemView in
            var at: [String] = []
            if let d = p.date { at.append(d.shortChineseTitle) }
            if let s = p.shiftIndex, view.shifts.count > 1, view.shifts.indices.contains(s) { at.append(view.shifts[s].label) }
            if let l = p.level { at.append(l.title) }
            if let n = p.personName { at.append(n) }
            return RosterProblemView(where_: at.joined(separator: " "), message: p.message, code: p.code, anchor: p.date.map { "day-\($0)" } ?? "")
        }
        let loads = view.loads.map {
            RosterLoadView(
                name: $0.name, shifts: $0.shifts, hoursText: $0.hours == $0.hours.rounded() ? "\(Int($0.hours))" : String(format: "%.1f", $0.hours),
                leader: $0.byLevel[DutyLevel.leader.rawValue] ?? 0, section: $0.byLevel[DutyLevel.sectionLeader.rawValue] ?? 0,
                officer: $0.byLevel[DutyLevel.officer.rawValue] ?? 0)
        }
        let units = try await ctx.visibleUnits(includeInactive: false)
        let me = actor.user.$person.id
        let swapRows = try await RosterSwapRecord.query(on: ctx.db).filter(\.$unit.$id == unit.id!).filter(\.$day >= key.firstDay.description)
            .filter(\.$day <= key.lastDay.description).sort(\.$requestedAt, .descending).all()
        let steps = SwapService.allowedSteps(swapRows, pattern: try await RosterService.settings(for: unit.id!, on: ctx.db).pattern, ctx: ctx)
        let swaps = try await SwapService.dto(swapRows, on: ctx.db).map { d in
            let allowed = steps[d.id] ?? []
            return SwapRowView(
                id: d.id.uuidString,
                whenText: "\(d.date.shortChineseTitle) \(view.shifts.count > 1 ? (view.shifts.first { $0.index == d.shiftIndex }?.label ?? "") : "")",
                levelTitle: d.levelTitle, fromName: d.fromName, toName: d.toName, reason: d.reason, status: d.status, statusTitle: d.statusTitle,
                requestedText: "\(d.requestedBy) \(ShanghaiTime.format(d.requestedAt, "MM-dd HH:mm"))",
                canAnswer: allowed.contains(.accept), canDecide: allowed.contains(.approve), canCancel: allowed.contains(.cancel))
        }
        let mine = eligible.filter { actor.can(.manageRoster) || $0.id == me }
        return RosterPageView(
            unitID: unit.id!.uuidString, unitName: unit.name, month: key.description, monthTitle: key.title,
            previousMonth: key.previous.description, nextMonth: key.next.description, units: WebRows.unitOptions(units, selected: unit.id!.uuidString),
            canManage: actor.can(.manageRoster), editable: editable, filed: view.status == .filed, statusTitle: view.statusTitle,
            filingStatus: view.filing.status, filingTitle: view.filing.statusTitle, filingTone: view.filing.statusTone,
            filedText: view.filing.filedAt.map { ShanghaiTime.format($0, "yyyy-MM-dd HH:mm") + "（\(view.filing.filedBy ?? "")）" } ?? "",
            deadlineText: "\(ShanghaiTime.format(view.deadline.dueAt, "yyyy-MM-dd HH:mm"))，\(view.deadline.basis)", policyName: view.deadline.policyName,
            calendarKnown: view.deadline.calendarKnown, columns: columns, rows: rows, problems: problems, problemCount: problems.count,
            gapCount: view.gapCount, loads: loads, notice: notice, error: error,
            swaps: swaps, canRequestSwap: view.status == .filed && !mine.isEmpty,
            swapFrom: mine.map { SelectOption(value: $0.id!.uuidString, label: $0.name) },
            swapTo: eligible.filter { trained.contains($0.id!) }.map { SelectOption(value: $0.id!.uuidString, label: $0.name) },
            swapDays: view.days.map { SelectOption(value: $0.date.description, label: $0.date.shortChineseTitle + " " + $0.weekday) },
            swapShifts: view.shifts.map { SelectOption(value: String($0.index), label: $0.label) },
            swapLevels: RosterTable.printOrder.map { SelectOption(value: $0.rawValue, label: $0.title) })
    }
}
