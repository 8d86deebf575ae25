import Foundation
import XCTest

@testable import DutyCore

final class RosterSwapTests: XCTestCase {
    private var people = RosterFixture.people(officers: 5, sectionLeaders: 2, leaders: 2)

    /// 1 October 2026, day (08:30) and night (20:30) shifts; o5 is free.
    private func roster() -> Roster {
        let slots = ShiftPattern.dayAndNight.slots(from: day("2026-10-01"), through: day("2026-10-01"))
        var a: [RosterAssignment] = []
        for (i, s) in slots.enumerated() {
            a.append(RosterAssignment(slot: s, level: .officer, personID: "o\(i + 1)"))
            a.append(RosterAssignment(slot: s, level: .sectionLeader, personID: "s\(i + 1)"))
            a.append(RosterAssignment(slot: s, level: .leader, personID: "l\(i + 1)"))
        }
        return Roster(firstDay: day("2026-10-01"), lastDay: day("2026-10-01"), pattern: .dayAndNight, assignments: a)
    }

    private let daySlot = ShiftSlot(day: day("2026-10-01"), shiftIndex: 0)
    private let before = sh(2026, 10, 1, 8, 0)

    func testASwapHandsTheShiftOver() throws {
        let r = RosterSwap.Request(slot: daySlot, level: .officer, fromPersonID: "o1", toPersonID: "o5")
        let swapped = try RosterSwap.check(r, roster: roster(), persons: people, now: before).get()
        XCTAssertEqual(swapped.personIDs(at: daySlot, level: .officer), ["o5"])
        XCTAssertEqual(RosterValidator.validate(swapped, persons: people), [])
    }

    func testOnlyBeforeTheShiftAndOnlyYourOwnShift() {
        let r = RosterSwap.Request(slot: daySlot, level: .officer, fromPersonID: "o1", toPersonID: "o5")
        let started = sh(2026, 10, 1, 8, 30)
        XCTAssertEqual(refusal(r, now: started)?.code, "swap_too_late", "08:30 is the start: too late")
        let notMine = RosterSwap.Request(slot: daySlot, level: .officer, fromPersonID: "o2", toPersonID: "o5")
        XCTAssertEqual(refusal(notMine, now: before)?.code, "swap_not_on_shift")
        let me = RosterSwap.Request(slot: daySlot, level: .officer, fromPersonID: "o1", toPersonID: "o1")
        XCTAssertEqual(refusal(me, now: before)?.code, "swap_same_person")
    }

    func testASwapMayNotBreakTheRules() {
        // o2 already serves the night shift: taking the day shift too breaks nothing by
        // default, but the unit's rule against consecutive shifts does.
        let r = RosterSwap.Request(slot: daySlot, level: .officer, fromPersonID: "o1", toPersonID: "o2")
        XCTAssertNil(refusal(r, now: before))
        let strict = refusal(r, now: before, rules: RestRules(noConsecutiveShifts: true))
        XCTAssertEqual(strict?.code, "swap_breaks_rules")
        XCTAssertTrue(strict?.message.contains("连") ?? false, strict?.message ?? "")
        // A leader cannot take the officer's place; an untrained colleague cannot either.
        let leader = RosterSwap.Request(slot: daySlot, level: .officer, fromPersonID: "o1", toPersonID: "l2")
        XCTAssertEqual(refusal(leader, now: before)?.code, "swap_breaks_rules")
        let i = people.firstIndex { $0.id == "o5" }!
        people[i].hasPreDutyTraining = false
        let untrained = RosterSwap.Request(slot: daySlot, level: .officer, fromPersonID: "o1", toPersonID: "o5")
        XCTAssertEqual(refusal(untrained, now: before)?.code, "swap_breaks_rules")
    }

    func testStepsInOrderByTheRightPeople() {
        let start = sh(2026, 10, 1, 8, 30)
        func next(_ s: RosterSwap.Status, _ step: RosterSwap.Step, _ actor: RosterSwap.Actor, at now: Date? = nil) -> Result<
            RosterSwap.Status, RosterSwap.Refusal
        > {
            RosterSwap.next(s, step, by: actor, shiftStart: start, now: now ?? before)
        }
        XCTAssertEqual(try next(.requested, .accept, .counterpart).get(), .accepted)
        XCTAssertEqual(try next(.accepted, .approve, .approver).get(), .approved)
        XCTAssertEqual(try next(.requested, .decline, .counterpart).get(), .declined)
        XCTAssertEqual(try next(.accepted, .reject, .approver).get(), .rejected)
        XCTAssertEqual(try next(.accepted, .cancel, .requester).get(), .cancelled)
        XCTAssertThrowsError(try next(.requested, .approve, .approver).get()) { XCTAssertEqual(($0 as? RosterSwap.Refusal)?.code, "swap_not_accepted") }
        XCTAssertThrowsError(try next(.requested, .accept, .requester).get()) { XCTAssertEqual(($0 as? RosterSwap.Refusal)?.code, "swap_not_yours") }
        XCTAssertThrowsError(try next(.approved, .cancel, .requester).get()) { XCTAssertEqual(($0 as? RosterSwap.Refusal)?.code, "swap_closed") }
        XCTAssertThrowsError(try next(.accepted, .approve, .approver, at: start).get()) { XCTAssertEqual(($0 as? RosterSwap.Refusal)?.code, "swap_too_late") }
    }

    /// The roster page shows a step exactly when it would succeed: a superior's section leader
    /// reads the swap but approves only in its own unit.
    func testWhoMayTakeEachStepOfASwap() {
        let r = RosterSwap.Request(slot: daySlot, level: .officer, fromPersonID: "o1", toPersonID: "o5", status: .accepted)
        let start = Date(timeIntervalSince1970: 2_000_000_000)
        let before = start.addingTimeInterval(-3600)
        func steps(person: String?, user: String = "someone", unit: String = "u", manages: Bool, status: RosterSwap.Status = .accepted) -> [RosterSwap.Step] {
            let parts = RosterSwap.parts(
                personID: person, username: user, unitID: unit, canManageRoster: manages, swap: r, requestedBy: "o1.user", swapUnitID: "u")
            return RosterSwap.allowedSteps(status, parts: parts, shiftStart: start, now: before)
        }
        XCTAssertEqual(steps(person: "s1", manages: true), [.approve, .reject], "the unit's own section leader decides")
        XCTAssertEqual(steps(person: "p1", unit: "province", manages: true), [], "a superior's section leader only reads")
        XCTAssertEqual(steps(person: "o5", manages: true), [], "the colleague taking the shift cannot approve it")
        XCTAssertEqual(steps(person: "o1", user: "o1.user", manages: true), [.cancel], "the requester can only withdraw")
        XCTAssertEqual(steps(person: "o5", manages: false, status: .requested), [.accept, .decline])
        XCTAssertEqual(steps(person: "s1", manages: true, status: .requested), [], "approval waits for the colleague")
        XCTAssertEqual(steps(person: "s1", manages: true, status: .approved), [])
        guard case .failure(let f) = RosterSwap.part(for: .approve, among: []) else { return XCTFail("approved without the part") }
        XCTAssertEqual(f.code, "swap_not_yours")
    }

    private func refusal(_ r: RosterSwap.Request, now: Date, rules: RestRules = .none) -> RosterSwap.Refusal? {
        if case .failure(let f) = RosterSwap.check(r, roster: roster(), persons: people, rules: rules, now: now) { return f }
        return nil
    }
}
