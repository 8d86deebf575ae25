import DutyCore
import Vapor

/// Metadata every API route carries: its OpenAPI operationId and the permission that
/// guards it (nil: any logged-in actor; `public`: no login).
struct RouteInfo {
    static let operationID = "operationId"
    static let permission = "permission"
    static let isPublic = "public"
}

extension RoutesBuilder {
    @discardableResult
    func api<R: AsyncResponseEncodable>(
        _ method: HTTPMethod, _ path: PathComponent..., operation: String, permission: Permission?, publicRoute: Bool = false,
        body: HTTPBodyStreamStrategy = .collect, use handler: @escaping @Sendable (Request) async throws -> R
    ) -> Route {
        let builder: any RoutesBuilder = publicRoute ? self : guarded(permission)
        let route = builder.on(method, path, body: body, use: handler)
        route.userInfo[RouteInfo.operationID] = operation
        route.userInfo[RouteInfo.permission] = permission?.rawValue ?? (publicRoute ? "public" : "authenticated")
        return route
    }
}

func routes(_ app: Application) throws {
    app.get("healthz") { req async throws -> Response in
        try await HealthController.check(req)
    }
    app.get("metrics") { req -> Response in
        let res = Response(status: .ok, body: .init(string: req.application.metrics.render()))
        res.headers.contentType = HTTPMediaType(type: "text", subType: "plain", parameters: ["version": "0.0.4", "charset": "utf-8"])
        return res
    }
    app.get("api", "openapi.yaml") { req async throws -> Response in
        let path = req.application.directory.workingDirectory + "openapi.yaml"
        let res = try await req.fileio.asyncStreamFile(at: path)
        res.headers.contentType = HTTPMediaType(type: "application", subType: "yaml", parameters: ["charset": "utf-8"])
        return res
    }

    let v1 = app.grouped("api", "v1")
    try v1.register(collection: AuthAPIController())
    try v1.register(collection: UnitsAPIController())
    try v1.register(collection: PeopleAPIController())
    try v1.register(collection: DirectoryAPIController())
    try v1.register(collection: UsersAPIController())
    try v1.register(collection: AuditAPIController())
    try v1.register(collection: IncidentsAPIController())
    try v1.register(collection: OutboxAPIController())
    try v1.register(collection: PolicyAPIController())
    try v1.register(collection: RostersAPIController())
    try v1.register(collection: CalendarAPIController())
    try v1.register(collection: DutyLogAPIController())
    try v1.register(collection: HandoversAPIController())
    try v1.register(collection: RollCallsAPIController())
    try v1.register(collection: AbsencesAPIController())
    try v1.register(collection: FieldChecksAPIController())

    try app.register(collection: SessionWebController())
    try app.register(collection: UnitsWebController())
    try app.register(collection: DirectoryWebController())
    try app.register(collection: UsersWebController())
    try app.register(collection: AuditWebController())
    try app.register(collection: IncidentsWebController())
    try app.register(collection: PolicyWebController())
    try app.register(collection: MeasuresWebController())
    try app.register(collection: RostersWebController())
    try app.register(collection: CalendarWebController())
    try app.register(collection: FeedsController())
    try app.register(collection: DutyDeskWebController())
    try app.register(collection: DisplayWebController())
    if BenchController.enabled { try app.register(collection: BenchController()) }
}
