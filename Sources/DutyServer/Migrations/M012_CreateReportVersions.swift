import Fluent

/// Every version of a report that was returned for correction (退回修改): the text as it was
/// returned, who returned it and why, and who corrected it.
struct M012_CreateReportVersions: AsyncMigration {
    func prepare(on db: any Database) async throws {
        try await db.schema("report_versions")
            .id()
            .field("report_id", .uuid, .required, .references("reports", "id"))
            .field("number", .int, .required)
            .field("body", .string, .required)
            .field("elements", .string, .required)
            .field("returned_by", .string, .required)
            .field("returned_by_name", .string, .required)
            .field("returned_at", .datetime, .required)
            .field("reason", .string, .required)
            .field("corrected_by", .string)
            .field("corrected_at", .datetime)
            .unique(on: "report_id", "number")
            .create()
    }

    func revert(on db: any Database) async throws {
        try await db.schema("report_versions").delete()
    }
}
