import DutyCore
import Fluent
import Foundation
import NIOConcurrencyHelpers
import SQLKit
import Vapor

/// Fires deadline alarms on time: a timer set to the next instant any clock changes (a
/// warning threshold or a due instant), not a per-minute sweep. Every change of an incident
/// (here or, through PostgreSQL, on another instance) re-arms the timer. Several instances
/// may fire for the same deadline; the alarm's unique key records it exactly once.
final class DeadlineWatcher: @unchecked Sendable {
    let app: Application
    let instance = UUID().uuidString
    private let lock = NIOLock()
    private var loop: Task<Void, Never>?
    private var wake: AsyncStream<Void>.Continuation?
    /// Each open incident's next clock change, kept in memory so a change to one case costs
    /// one case's queries, not a walk over every open incident.
    private var schedule: [UUID: Date] = [:]
    /// Cases changed since the timer last looked.
    private var touched: Set<UUID> = []
    private var needsFullLoad = true
    /// When the sleeping timer will next look (nil while it is working): a new record whose
    /// clocks change later need not wake it.
    private var sleepingUntil: Date?

    init(app: Application) { self.app = app }

    func start() {
        let (stream, continuation) = AsyncStream<Void>.makeStream(bufferingPolicy: .bufferingNewest(1))
        lock.withLock { wake = continuation }
        loop = Task { [weak self] in
            var wakeups = stream.makeAsyncIterator()
            while !Task.isCancelled {
                guard let self else { return }
                let now = self.app.clock.now()
                do { try await self.step(now: now) } catch { self.app.logger.warning("deadline watcher: \(error)") }
                // Sleep until the next change, unless something happens first that may move it:
                // the sleeper and every incident change wake the same stream.
                let lookedAt = self.app.clock.now()
                let delay = self.lock.withLock { () -> TimeInterval in
                    let d = min(self.schedule.values.min().map { max(0, $0.timeIntervalSince(lookedAt)) } ?? 3600, 3600)
                    self.sleepingUntil = lookedAt.addingTimeInterval(d)
                    return d
                }
                let sleeper = Task { [weak self] in
                    try? await Task.sleep(nanoseconds: UInt64(delay * 1_000_000_000))
                    if !Task.isCancelled { self?.reschedule() }
                }
                let woke = await wakeups.next()
                self.lock.withLock { self.sleepingUntil = nil }
                sleeper.cancel()
                if woke == nil { return }
            }
        }
    }

    func reschedule() { lock.withLock { wake }?.yield() }

    /// A case changed (here or on another instance): its clocks are looked at again.
    func touch(caseID: String) {
        guard let id = UUID(uuidString: caseID) else { return }
        lock.withLock { _ = touched.insert(id) }
        reschedule()
    }

    /// A new record whose next clock change is already known: no need to read it back.
    func arm(_ incidentID: UUID, at next: Date?) {
        let wake = lock.withLock { () -> Bool in
            schedule[incidentID] = next
            guard let next, let sleepingUntil else { return sleepingUntil == nil }
            return next < sleepingUntil
        }
        if wake { reschedule() }
    }

    /// Stops the timer and waits for a sweep in progress, so nothing touches the database
    /// after it has shut down.
    func stop() async {
        loop?.cancel()
        lock.withLock { wake }?.finish()
        await loop?.value
    }

    /// One turn of the timer: take in changed cases, fire what is due, re-arm.
    private func step(now: Date) async throws {
        let (full, cases) = lock.withLock { () -> (Bool, Set<UUID>) in
            defer {
                touched.removeAll()
                needsFullLoad = false
            }
            return (needsFullLoad, touched)
        }
        var incidents: [Incident]
        if full {
            incidents = try await Incident.query(on: app.db).filter(\.$closedAt == nil).with(\.$unit).all()
        } else {
            let due = lock.withLock { schedule.filter { $0.value <= now }.map(\.key) }
            var q = Incident.query(on: app.db).filter(\.$closedAt == nil).with(\.$unit)
            if cases.isEmpty && due.isEmpty { return }
            q = q.group(.or) { g in
                if !cases.isEmpty { g.filter(\.$caseID ~~ Array(cases)) }
                if !due.isEmpty { g.filter(\.$id ~~ due) }
            }
            incidents = try await q.all()
            // Cases that closed drop out of the schedule.
            let open = Set(incidents.compactMap(\.id))
            lock.withLock { for id in due where !open.contains(id) { schedule[id] = nil } }
        }
        let clocks = try await clocks(for: incidents, now: now)
        for c in clocks {
            try await fire(c, now: now)
            let next = Self.nextChange(c, now: now)
            lock.withLock { schedule[c.incident.id!] = next }
        }
        if full {
            let ids = Set(clocks.map { $0.incident.id! })
            lock.withLock { schedule = schedule.filter { ids.contains($0.key) } }
        }
    }

    /// The clocks of the given incidents, as the pages see them; records without a policy
    /// in force have nothing to watch.
    private func clocks(for incidents: [Incident], now: Date) async throws -> [IncidentQuery.Clocked] {
        try await IncidentQuery.clocks(incidents, on: app.db, now: now).filter { $0.version != nil }
    }

    /// When a record's deadline clocks or its reports' acknowledgement waits next change.
    static func nextChange(_ c: IncidentQuery.Clocked, now: Date) -> Date? {
        guard let version = c.version else { return nil }
        let acks = c.reports.filter { $0.reportStatus == .submitted }.compactMap { r in
            r.submittedAt.flatMap { AcknowledgementClock.nextChange(submittedAt: $0, acknowledgedAt: r.acknowledgedAt, policy: version, now: now) }
        }
        return ([DeadlineClock.nextChange(c.facts, policy: version, now: now)].compactMap { $0 } + acks).min()
    }

    /// Every open incident's next change (for tests and diagnostics; the timer keeps its own schedule).
    func nextInstant(now: Date) async throws -> Date? {
        let open = try await Incident.query(on: app.db).filter(\.$closedAt == nil).with(\.$unit).all()
        return try await clocks(for: open, now: now).compactMap { Self.nextChange($0, now: now) }.min()
    }

    /// Records every alarm due at `now` over all open incidents; returns the new ones.
    @discardableResult
    func sweep(now: Date) async throws -> [DeadlineAlarm] {
        let open = try await Incident.query(on: app.db).filter(\.$closedAt == nil).with(\.$unit).all()
        var fired: [DeadlineAlarm] = []
        for c in try await clocks(for: open, now: now) {
            fired += try await fire(c, now: now)
        }
        return fired
    }

    @discardableResult
    private func fire(_ c: IncidentQuery.Clocked, now: Date) async throws -> [DeadlineAlarm] {
        let incident = c.incident
        var fired: [DeadlineAlarm] = []
        for s in c.states {
            let kind: String
            switch s.status {
            case .dueSoon: kind = "warning"
            case .overdue: kind = "due"
            default: continue
            }
            guard let due = s.dueAt else { continue }
            let word = kind == "warning" ? "即将到期" : "已超时"
            let notice = OutboundNotice.make(
                kind == "warning" ? .deadlineWarning : .deadlineDue, unitName: incident.unit.name, classified: incident.classified,
                incidentTitle: incident.title, levelTitle: incident.incidentLevel.title, ruleTitle: s.title, dueAt: due,
                link: "/incidents/\(incident.id!.uuidString)")
            let alarm = try await record(
                incident: incident, key: s.key, kind: kind, dueAt: due, now: now, detail: "时限提醒：\(s.title)\(word)（\(ShanghaiTime.format(due, "HH:mm:ss"))）",
                notice: notice, to: incident.unit)
            if let alarm { fired.append(alarm) }
        }
        // 签收超时: a submitted report nobody has acknowledged is said again to the receiving
        // room, then to its duty leader; recorded on the sender's record, told to the receiver.
        for r in c.reports where r.reportStatus == .submitted {
            guard let sent = r.submittedAt, let receiverID = r.submittedToUnitID else { continue }
            let a = AcknowledgementClock.evaluate(submittedAt: sent, acknowledgedAt: r.acknowledgedAt, policy: c.version, now: now)
            guard a.stage.isAlarming else { continue }
            let steps: [(String, Date, OutboundNotice.Event)] =
                [("ack_overdue", a.dueAt, .acknowledgementOverdue)]
                + (a.stage == .escalated ? [("ack_escalated", a.escalateAt, .acknowledgementEscalated)] : [])
            guard let receiver = try await OrgUnit.find(receiverID, on: app.db) else { continue }
            for (kind, at, event) in steps {
                let minutes = Int(at.timeIntervalSince(sent) / 60)
                let notice = OutboundNotice.make(
                    event, unitName: receiver.name, classified: incident.classified, incidentTitle: incident.title,
                    levelTitle: incident.incidentLevel.title, waitedMinutes: minutes, link: "/board")
                let detail =
                    kind == "ack_overdue"
                    ? "签收超时：\(r.reportKind.title)报送\(receiver.name)后\(minutes)分钟未签收，已再次提醒"
                    : "签收超时：\(r.reportKind.title)报送\(receiver.name)后\(minutes)分钟仍未签收，已提醒其带班领导"
                let alarm = try await record(
                    incident: incident, key: "ack:\(r.id!.uuidString)", kind: kind, dueAt: at, now: now, detail: detail, notice: notice, to: receiver)
                if let alarm { fired.append(alarm) }
            }
        }
        return fired
    }

    /// Records one alarm exactly once across instances (its unique key), with its timeline
    /// entry, audit entry and notice, and tells the boards.
    private func record(
        incident: Incident, key: String, kind: String, dueAt: Date, now: Date, detail: String, notice: OutboundNotice, to recipient: OrgUnit
    ) async throws -> DeadlineAlarm? {
        let alarm = DeadlineAlarm()
        alarm.id = UUID.timeOrdered(at: now)
        alarm.incidentID = incident.id!
        alarm.ruleID = key
        alarm.kind = kind
        alarm.dueAt = dueAt
        alarm.firedAt = now
        alarm.instance = instance
        let inserted: Bool = try await app.write { db in
            let sql = db as! any SQLDatabase
            let rows = try await sql.insert(into: DeadlineAlarm.schema)
                .columns("id", "incident_id", "rule_id", "kind", "due_at", "fired_at", "instance")
                .values(
                    SQLBind(alarm.id!), SQLBind(alarm.incidentID), SQLBind(alarm.ruleID), SQLBind(kind), SQLBind(dueAt), SQLBind(now), SQLBind(self.instance)
                )
                .ignoringConflicts(with: ["incident_id", "rule_id", "kind"])
                .returning("id")
                .all()
            guard !rows.isEmpty else { return false }
            try await TimelineEvent(
                caseID: incident.caseID, incidentID: incident.id, unitID: incident.$unit.id, at: now, actor: "system", kind: "alarm.\(kind)", detail: detail
            ).create(on: db)
            try await AuditLog.append(
                .init(
                    actor: "system", unitPath: incident.unit.path, action: "alarm.\(kind)", targetType: "incident", targetID: incident.id!.uuidString,
                    detail: key), at: now, on: db)
            try await Outbox.enqueue(notice, unitID: recipient.id!, now: now, on: db)
            return true
        }
        guard inserted else { return nil }
        let paths = Array(Set([incident.unit.path, recipient.path]))
        await app.live.publish(LiveEvent(kind: "alarm.\(kind)", caseID: incident.caseID.uuidString, unitPaths: paths, at: now))
        app.outboxWorker?.nudge()
        return alarm
    }
}

extension Application {
    private struct WatcherKey: StorageKey { typealias Value = DeadlineWatcher }
    var deadlineWatcher: DeadlineWatcher { service(WatcherKey.self) { DeadlineWatcher(app: self) } }
}
