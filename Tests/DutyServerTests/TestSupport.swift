import DutyCore
import Foundation
import Vapor
import XCTVapor
import XCTest

@testable import DutyServer

// MARK: - HTTP

extension TestApp {
    struct Reply {
        let status: HTTPResponseStatus
        let headers: HTTPHeaders
        let body: ByteBuffer
        var text: String { String(buffer: body) }

        /// The answer read as the server's own type; a wrong status or shape fails with the body.
        func decode<T: Decodable>(_ t: T.Type) throws -> T {
            do {
                return try JSONCoders.decoder.decode(T.self, from: Data(buffer: body))
            } catch {
                throw TestFailure("cannot read \(T.self) from \(status.code) \(text.prefix(400)): \(error)")
            }
        }

        /// The `{"error": {...}}` body every refused API call answers with; nil for any other body.
        var error: DutyErrorMiddleware.Body.Inner? { try? JSONCoders.decoder.decode(DutyErrorMiddleware.Body.self, from: Data(buffer: body)).error }
        var errorCode: String? { error?.code }
        var errorMessage: String? { error?.message }
    }

    func send(
        _ method: HTTPMethod, _ path: String, token: String? = nil, json: Any? = nil, raw: ByteBuffer? = nil, contentType: HTTPMediaType? = nil,
        headers extra: HTTPHeaders = [:], overHTTP: Bool = false
    ) async throws -> Reply {
        var headers = extra
        if let token { headers.bearerAuthorization = BearerAuthorization(token: token) }
        var body: ByteBuffer?
        if let json {
            body = ByteBuffer(data: try JSONSerialization.data(withJSONObject: json))
            headers.contentType = .json
        } else if let raw {
            body = raw
            if let contentType { headers.contentType = contentType }
        }
        // In memory the body arrives whole; the size limit is only seen over a real socket.
        let tester = overHTTP ? try app.testable(method: .running(port: 0)) : try app.testable()
        let res = try await tester.sendRequest(method, path, headers: headers, body: body)
        return Reply(status: res.status, headers: res.headers, body: res.body)
    }

    /// An API call that must succeed (`expect`, or any 2xx), its answer read as `T`.
    func call<T: Decodable>(
        _ method: HTTPMethod, _ path: String, token: String?, json: Any? = nil, expect: HTTPResponseStatus? = nil, as type: T.Type,
        file: StaticString = #filePath, line: UInt = #line
    ) async throws -> T {
        let r = try await send(method, path, token: token, json: json)
        guard expect.map({ r.status == $0 }) ?? (r.status.code < 300) else {
            XCTFail("\(method) \(path): \(r.status.code) \(r.text.prefix(400))", file: file, line: line)
            throw TestFailure("\(method) \(path): \(r.status.code) \(r.text.prefix(400))")
        }
        return try r.decode(T.self)
    }

    /// `GET path` that must answer 200, read as `T`.
    func get<T: Decodable>(_ path: String, token: String?, as type: T.Type, file: StaticString = #filePath, line: UInt = #line) async throws -> T {
        try await call(.GET, path, token: token, expect: .ok, as: type, file: file, line: line)
    }
}

/// An instant as the API writes it ("2026-11-23T06:35:00Z").
func iso(_ text: String, file: StaticString = #filePath, line: UInt = #line) -> Date {
    guard let d = ISO8601DateFormatter().date(from: text) else {
        XCTFail("bad instant in test: \(text)", file: file, line: line)
        return Date(timeIntervalSince1970: 0)
    }
    return d
}

/// A UUID the test got as text (from `unitID(code:)` and the like).
func uuid(_ text: String, file: StaticString = #filePath, line: UInt = #line) -> UUID {
    guard let u = UUID(uuidString: text) else {
        XCTFail("not a UUID: \(text)", file: file, line: line)
        return UUID()
    }
    return u
}

// MARK: - Typed API helpers

extension TestApp {
    /// Logs in through the API and returns the bearer token.
    func login(_ username: String, password: String = DemoData.password) async throws -> String {
        let r = try await send(.POST, "/api/v1/auth/login", json: ["username": username, "password": password])
        guard r.status == .ok, let answer = try? r.decode(LoginResponse.self) else {
            throw TestFailure("login \(username) failed: \(r.status) \(r.text)")
        }
        return answer.token
    }

    /// A road accident at 13:50 Shanghai, 15 minutes before the pinned now, 2 dead, 3 injured.
    func firstReport(token: String, place: String, extra: [String: Any] = [:]) async throws -> Reply {
        var body: [String: Any] = [
            "kindId": "road_transport_accident", "placeUnitId": place, "placeDetail": "许由路与魏武大道交叉口",
            "occurredAt": "2026-11-23T05:50:00Z", "sourceChannel": "phone", "event": "一起两车相撞的道路交通事故",
            "dead": 2, "injured": 3, "measures": "交警、消防、120已赶赴现场救援",
        ]
        for (k, v) in extra { body[k] = v }
        return try await send(.POST, "/api/v1/incidents", token: token, json: body)
    }

    /// `firstReport`, which must be accepted, read as the incident it made.
    func createIncident(token: String, place: String, extra: [String: Any] = [:], file: StaticString = #filePath, line: UInt = #line) async throws
        -> IncidentDTO
    {
        let r = try await firstReport(token: token, place: place, extra: extra)
        XCTAssertEqual(r.status, .created, r.text, file: file, line: line)
        return try r.decode(IncidentDTO.self)
    }

    /// The id of the first report of a created incident.
    func reportID(_ r: Reply) -> String? {
        (try? r.decode(IncidentDTO.self))?.reports?.first?.id.uuidString
    }

    /// Uploads one file as a browser form would (multipart/form-data, field `file`).
    func upload(_ incident: String, token: String, fileName: String, bytes: [UInt8]) async throws -> Reply {
        let form = MultipartForm(file: .init(name: fileName, mediaType: "application/octet-stream", bytes: bytes))
        return try await send(.POST, "/api/v1/incidents/\(incident)/attachments", token: token, raw: form.body, contentType: form.contentType)
    }

    /// A 普通信息 record of the token's unit with one PDF attached; returns (incident, attachment).
    func generalInformationWithAttachment(token: String, place: String) async throws -> (String, String) {
        let info = try await createIncident(token: token, place: place, extra: ["infoType": "general"])
        let up = try await upload(info.id.uuidString, token: token, fileName: "情况说明.pdf", bytes: Array("%PDF-1.7\n情况说明".utf8))
        XCTAssertEqual(up.status, .created, up.text)
        return (info.id.uuidString, try up.decode(AttachmentDTO.self).id.uuidString)
    }
}

// MARK: - Web pages and forms

/// A browser logged in through the form: its session cookie, and the CSRF token its pages carry.
typealias WebSession = (headers: HTTPHeaders, csrf: String)

/// The CSRF token in a page's hidden `_csrf` field.
func hiddenCSRF(_ html: String) -> String? {
    guard let r = html.range(of: "name=\"_csrf\" value=\"") else { return nil }
    let rest = html[r.upperBound...]
    return rest.firstIndex(of: "\"").map { String(rest[..<$0]) }
}

/// Fields as a browser encodes a form (application/x-www-form-urlencoded), in the order given.
/// Keys are written as they are (`roles[]`); values are percent-encoded.
func formEncoded(_ fields: [(String, String)]) -> String {
    let unreserved = CharacterSet(charactersIn: "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~")
    return fields.map { k, v in "\(k)=\(v.addingPercentEncoding(withAllowedCharacters: unreserved) ?? "")" }.joined(separator: "&")
}

/// A multipart/form-data body as a browser sends it: text fields, then at most one file in field `file`.
struct MultipartForm {
    struct FilePart {
        var name: String
        var mediaType: String
        var bytes: [UInt8]
    }
    var fields: [(String, String)] = []
    var file: FilePart?
    var boundary = "----dutyroom\(UUID().uuidString)"

    var contentType: HTTPMediaType { HTTPMediaType(type: "multipart", subType: "form-data", parameters: ["boundary": boundary]) }
    var body: ByteBuffer {
        var b = ByteBuffer()
        for (k, v) in fields { b.writeString("--\(boundary)\r\nContent-Disposition: form-data; name=\"\(k)\"\r\n\r\n\(v)\r\n") }
        if let file {
            b.writeString(
                "--\(boundary)\r\nContent-Disposition: form-data; name=\"file\"; filename=\"\(file.name)\"\r\nContent-Type: \(file.mediaType)\r\n\r\n")
            b.writeBytes(file.bytes)
            b.writeString("\r\n")
        }
        b.writeString("--\(boundary)--\r\n")
        return b
    }
}

extension TestApp {
    /// Posts a url-encoded form with the given headers as they are (no CSRF token added).
    func postForm(_ path: String, _ fields: [(String, String)], headers: HTTPHeaders = [:]) async throws -> Reply {
        try await send(.POST, path, raw: ByteBuffer(string: formEncoded(fields)), contentType: .urlEncodedForm, headers: headers)
    }

    /// Posts a form as the logged-in browser does: the session cookie and its CSRF token.
    func webPost(_ path: String, _ fields: [String: String], session: WebSession) async throws -> Reply {
        try await webPost(path, pairs: fields.sorted { $0.key < $1.key }.map { ($0.key, $0.value) }, session: session)
    }

    /// `webPost` with the fields in order, a key possibly repeated (`roles[]`).
    func webPost(_ path: String, pairs fields: [(String, String)], session: WebSession) async throws -> Reply {
        try await postForm(path, [("_csrf", session.csrf)] + fields, headers: session.headers)
    }

    /// Posts a multipart form (a file upload) as the logged-in browser does.
    func webUpload(_ path: String, _ form: MultipartForm, session: WebSession) async throws -> Reply {
        var form = form
        form.fields.insert(("_csrf", session.csrf), at: 0)
        return try await send(.POST, path, raw: form.body, contentType: form.contentType, headers: session.headers)
    }

    /// Logs in through the login form; returns the session cookie header and the page CSRF token.
    func webLogin(_ username: String, password: String = DemoData.password) async throws -> WebSession {
        let page = try await send(.GET, "/login")
        let token = try XCTUnwrap(hiddenCSRF(page.text))
        var h = HTTPHeaders()
        h.cookie = HTTPCookies(dictionaryLiteral: (SessionCookie.loginCSRF, .init(string: token)))
        let r = try await postForm("/login", [("username", username), ("password", password), ("_csrf", token)], headers: h)
        let session = try XCTUnwrap(r.headers.setCookie?[SessionCookie.name]?.string, "login \(username): \(r.status)")
        var s = HTTPHeaders()
        s.cookie = HTTPCookies(dictionaryLiteral: (SessionCookie.name, .init(string: session)))
        let home = try await send(.GET, "/", headers: s)
        return (s, try XCTUnwrap(hiddenCSRF(home.text)))
    }

    /// A page as the user's browser gets it (logged in through the form).
    func webGet(_ path: String, as username: String) async throws -> String {
        let (s, _) = try await webLogin(username)
        let page = try await send(.GET, path, headers: s)
        XCTAssertEqual(page.status, HTTPResponseStatus.ok, "\(path): \(page.text.prefix(300))")
        return page.text
    }
}
