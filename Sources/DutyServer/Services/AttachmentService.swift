import Crypto
import DutyCore
import Fluent
import Vapor

/// Attachments of 普通信息: checked by AttachmentPolicy, stored in the database, served only
/// to those who may see the information they belong to.
enum AttachmentService {
    static func add(to incident: Incident, fileName: String, data: ByteBuffer, ctx: ServiceContext) async throws -> AttachmentDTO {
        let actor = ctx.actor
        // Only the unit that holds this record adds to it, as with its reports.
        guard incident.$unit.id == actor.unit.id else { throw AccessError.forbidden }
        let bytes = Array(data.readableBytesView)
        let accepted: AttachmentPolicy.Accepted
        switch AttachmentPolicy.check(fileName: fileName, bytes: bytes, generalInformation: incident.information.allowsAttachments) {
        case .success(let a): accepted = a
        case .failure(let r): throw IncidentError.attachment(r)
        }
        let now = ctx.now
        let a = Attachment()
        a.id = UUID.timeOrdered(at: now)
        a.incidentID = incident.id!
        a.fileName = accepted.fileName
        a.kind = accepted.kind.rawValue
        a.size = accepted.size
        a.sha256 = Hex.lowercase(SHA256.hash(data: bytes))
        a.data = Data(bytes)
        a.uploadedBy = actor.user.username
        a.uploadedAt = now
        try await ctx.write { db in
            try await a.create(on: db)
            try await IncidentService.timeline(incident, "attachment.added", "附件：\(a.fileName)（\(sizeText(a.size))）", ctx: ctx, on: db)
            try await ctx.audit("attachment.add", "incident", incident.id!.uuidString, detail: "\(a.id!.uuidString) \(a.sha256) \(a.size)", on: db)
        }
        return dto(a)
    }

    /// Without the bytes: a list never loads the files.
    static func list(_ incident: Incident, on db: any Database) async throws -> [AttachmentDTO] {
        try await Attachment.query(on: db).filter(\.$incidentID == incident.id!)
            .field(\.$id).field(\.$incidentID).field(\.$fileName).field(\.$kind).field(\.$size).field(\.$sha256).field(\.$uploadedBy).field(\.$uploadedAt)
            .sort(\.$uploadedAt).all().map(dto)
    }

    static func visible(_ id: UUID?, ctx: ServiceContext) async throws -> Attachment {
        guard let id, let a = try await Attachment.find(id, on: ctx.db) else { throw DutyError.notFound("该附件") }
        // Whoever may not see the information gets the same answer as for a missing file.
        do { _ = try await IncidentQuery.visibleIncident(a.incidentID, ctx: ctx) } catch { throw DutyError.notFound("该附件") }
        return a
    }

    /// Served as a download with the type found in its bytes, never rendered in the page.
    static func response(_ a: Attachment, ctx: ServiceContext) -> Response {
        let res = Response(status: .ok, body: .init(data: a.data))
        let kind = AttachmentPolicy.Kind(rawValue: a.kind) ?? .txt
        res.headers.replaceOrAdd(name: .contentType, value: kind.mediaType)
        let encoded = a.fileName.addingPercentEncoding(withAllowedCharacters: .alphanumerics.union(.init(charactersIn: ".-_"))) ?? "attachment"
        res.headers.replaceOrAdd(name: .contentDisposition, value: "attachment; filename=\"attachment.\(kind.rawValue)\"; filename*=UTF-8''\(encoded)")
        res.headers.replaceOrAdd(name: "Content-Security-Policy", value: "default-src 'none'; sandbox")
        res.headers.replaceOrAdd(name: .cacheControl, value: "private, no-store")
        return res
    }

    static func dto(_ a: Attachment) -> AttachmentDTO {
        AttachmentDTO(
            id: a.id!, incidentId: a.incidentID, fileName: a.fileName, kind: a.kind,
            mediaType: AttachmentPolicy.Kind(rawValue: a.kind)?.mediaType ?? "application/octet-stream", size: a.size, sizeText: sizeText(a.size),
            sha256: a.sha256, uploadedBy: a.uploadedBy, uploadedAt: a.uploadedAt)
    }

    static func sizeText(_ n: Int) -> String {
        if n >= 1024 * 1024 { return String(format: "%.1fMB", Double(n) / 1024 / 1024) }
        if n >= 1024 { return "\(n / 1024)KB" }
        return "\(n)B"
    }
}
