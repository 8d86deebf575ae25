import Vapor
import XCTest

@testable import DutyServer

extension TestApp {
    /// A browser session: its cookie header and the pages' CSRF token.
    func webSession(_ username: String) async throws -> (HTTPHeaders, String) {
        let login = try await send(.GET, "/login")
        let token = try XCTUnwrap(AuthTests.hiddenCSRF(login.text))
        var h = HTTPHeaders()
        h.cookie = HTTPCookies(dictionaryLiteral: (SessionCookie.loginCSRF, .init(string: token)))
        let r = try await send(.POST, "/login", raw: ByteBuffer(string: "username=\(username)&password=Duty%23Room2026&_csrf=\(token)"), contentType: .urlEncodedForm, headers: h)
        let session = try XCTUnwrap(r.headers.setCookie?[SessionCookie.name]?.string)
        var s = HTTPHeaders()
        s.cookie = HTTPCookies(dictionaryLiteral: (SessionCookie.name, .init(string: session)))
        let home = try await send(.GET, "/", headers: s)
        return (s, try XCTUnwrap(AuthTests.hiddenCSRF(home.text)))
    }

    /// Posts a form as the browser does.
    func webPost(_ path: String, _ fields: [String: String], session: (HTTPHeaders, String)) async throws -> Reply {
        var all = fields
        all["_csrf"] = session.1
        let body = all.map { k, v in "\(k)=\(v.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? "")" }.joined(separator: "&")
        return try await send(.POST, path, raw: ByteBuffer(string: body), contentType: .urlEncodedForm, headers: session.0)
    }

    /// A page as the user's browser gets it (logged in through the form).
    func webGet(_ path: String, as username: String) async throws -> String {
        let login = try await send(.GET, "/login")
        let token = try XCTUnwrap(AuthTests.hiddenCSRF(login.text))
        var h = HTTPHeaders()
        h.cookie = HTTPCookies(dictionaryLiteral: (SessionCookie.loginCSRF, .init(string: token)))
        let r = try await send(.POST, "/login", raw: ByteBuffer(string: "username=\(username)&password=Duty%23Room2026&_csrf=\(token)"), contentType: .urlEncodedForm, headers: h)
        let session = try XCTUnwrap(r.headers.setCookie?[SessionCookie.name]?.string)
        var s = HTTPHeaders()
        s.cookie = HTTPCookies(dictionaryLiteral: (SessionCookie.name, .init(string: session)))
        let page = try await send(.GET, path, headers: s)
        XCTAssertEqual(page.status, HTTPResponseStatus.ok, "\(path): \(page.text.prefix(300))")
        return page.text
    }
}
