import Vapor
import XCTest

@testable import DutyServer

extension TestApp {
    /// Posts a form as the browser does.
    func webPost(_ path: String, _ fields: [String: String], session: (HTTPHeaders, String)) async throws -> Reply {
        var all = fields
        all["_csrf"] = session.1
        let body = all.map { k, v in "\(k)=\(v.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? "")" }.joined(separator: "&")
        return try await send(.POST, path, raw: ByteBuffer(string: body), contentType: .urlEncodedForm, headers: session.0)
    }

    /// A page as the user's browser gets it (logged in through the form).
    func webGet(_ path: String, as username: String) async throws -> String {
        let (s, _) = try await webLogin(username)
        let page = try await send(.GET, path, headers: s)
        XCTAssertEqual(page.status, HTTPResponseStatus.ok, "\(path): \(page.text.prefix(300))")
        return page.text
    }
}
