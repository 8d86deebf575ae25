import DutyCore
import Fluent
import Vapor

/// Delivery status of the unit's notifications, for the operator and the duty officer.
struct OutboxAPIController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.api(.GET, "outbox", operation: "listOutbox", permission: .readIncidents, use: list)
    }

    struct OutboxDTO: Content {
        var id: UUID
        var createdAt: Date
        var unitId: UUID
        var event: String
        var text: String
        var classified: Bool
        var status: String
        var attempts: Int
        var nextAttemptAt: Date
        var lastError: String
        var deliveredAt: Date?
    }

    func list(req: Request) async throws -> [OutboxDTO] {
        let units = try await req.context().visibleUnits().compactMap(\.id)
        let rows = try await OutboxMessage.query(on: req.db).filter(\.$unitID ~~ units).sort(\.$createdAt, .descending).limit(200).all()
        return rows.map { m in
            let notice = try? JSONCoders.decoder.decode(OutboundNotice.self, from: Data(m.payload.utf8))
            return OutboxDTO(
                id: m.id!, createdAt: m.createdAt, unitId: m.unitID, event: m.event, text: notice?.text ?? "", classified: notice?.classified ?? false,
                status: m.status, attempts: m.attempts, nextAttemptAt: m.nextAttemptAt, lastError: m.lastError, deliveredAt: m.deliveredAt)
        }
    }
}
