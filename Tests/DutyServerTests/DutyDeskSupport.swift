import Vapor
import XCTest

@testable import DutyServer

extension TestApp {
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
