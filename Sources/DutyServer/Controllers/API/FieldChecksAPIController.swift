import DutyCore
import Vapor

/// One field checked by its format rule while the officer fills a form: the page shows the
/// server's own words beside the field instead of keeping a copy of the rules.
struct FieldChecksAPIController: RouteCollection {
    struct Input: Content {
        var rule: FieldRule
        var value: String
        /// For `password`: the account it is for (a password may not contain it).
        var username: String?
    }

    struct Answer: Content {
        var problem: String?
        var normalized: String?
    }

    func boot(routes: any RoutesBuilder) throws {
        routes.api(.POST, "field-checks", operation: "checkField", permission: nil, use: check)
    }

    func check(req: Request) async throws -> Answer {
        let i = try req.content.decode(Input.self)
        guard i.value.count <= 1000 else { throw DutyError.field("value", "内容过长") }
        let (problem, normalized) = i.rule.check(i.value, username: i.username ?? "", divisions: req.application.divisions)
        return Answer(problem: problem, normalized: normalized)
    }
}
