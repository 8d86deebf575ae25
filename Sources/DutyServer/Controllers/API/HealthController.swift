import Fluent
import SQLKit
import Vapor

enum HealthController {
    struct Health: Content {
        var status: String
        var database: String
        var time: Date
    }

    static func check(_ req: Request) async throws -> Response {
        var dbState = "ok"
        do {
            _ = try await (req.db as! any SQLDatabase).raw("SELECT 1 AS one").first()
        } catch {
            dbState = "unavailable"
        }
        let res = Response(status: dbState == "ok" ? .ok : .serviceUnavailable)
        try res.content.encode(Health(status: dbState == "ok" ? "ok" : "degraded", database: dbState, time: req.now))
        return res
    }
}
