import Fluent
import SQLKit
import Vapor

/// The baseline for `scripts/bench`: one row inserted into the same database, through the
/// same server build and middleware, with nothing else. Registered only when
/// DUTYROOM_BENCH_ROUTES=1 is set (never in a normal run).
struct BenchController: RouteCollection {
    static var enabled: Bool { ProcessInfo.processInfo.environment["DUTYROOM_BENCH_ROUTES"] == "1" }

    func boot(routes: any RoutesBuilder) throws {
        routes.post("bench", "bare", use: bare)
    }

    static func prepare(_ app: Application) async throws {
        try await (app.db as! any SQLDatabase).raw("CREATE TABLE IF NOT EXISTS bench_rows (id TEXT PRIMARY KEY, at TEXT NOT NULL, body TEXT NOT NULL)").run()
    }

    func bare(req: Request) async throws -> HTTPStatus {
        let body = req.body.string ?? ""
        let now = req.now
        try await req.write { db in
            try await (db as! any SQLDatabase).raw(
                "INSERT INTO bench_rows (id, at, body) VALUES (\(bind: UUID().uuidString), \(bind: now.timeIntervalSince1970.description), \(bind: body))"
            ).run()
        }
        return .created
    }
}
