import Fluent
import Foundation

/// People, not logins: what the records keep (a username, for the audit trail) shown as the
/// person's name and post — "单志刚（值班员）". One query for all the names a page shows.
enum AccountNames {
    /// Each username's "name（post）"; the name alone when the account is not linked to a
    /// person with a post; the username itself for what is no account ("system").
    static func titled(_ usernames: [String], on db: any Database) async throws -> [String: String] {
        let wanted = Array(Set(usernames.filter { !$0.isEmpty }))
        guard !wanted.isEmpty else { return [:] }
        let accounts = try await UserAccount.query(on: db).filter(\.$username ~~ wanted).with(\.$person).all()
        var out: [String: String] = [:]
        for a in accounts {
            let post = a.person?.position ?? ""
            out[a.username] = post.isEmpty ? a.displayName : "\(a.displayName)（\(post)）"
        }
        return out
    }
}

extension Dictionary where Key == String, Value == String {
    /// The title of `username`, or the username when it is not an account.
    func person(_ username: String?) -> String {
        guard let username, !username.isEmpty else { return "" }
        return self[username] ?? username
    }
}
