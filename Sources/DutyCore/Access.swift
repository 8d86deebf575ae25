/// Where a unit sits in the tree, as the ids from the root down to it, written
/// "/root/…/self/". A unit sees itself and what is below it: its path is a prefix
/// of theirs. Siblings and the superior's other branches never match.
public struct UnitPath: Hashable, Sendable, CustomStringConvertible {
    public let ids: [String]

    public init(ids: [String]) { self.ids = ids }

    public init?(_ text: String) {
        guard text.hasPrefix("/"), text.hasSuffix("/"), text.count > 1 else { return nil }
        let parts = text.split(separator: "/", omittingEmptySubsequences: false).dropFirst().dropLast()
        guard !parts.isEmpty, parts.allSatisfy({ !$0.isEmpty }) else { return nil }
        ids = parts.map(String.init)
    }

    public var description: String { "/" + ids.map { $0 + "/" }.joined() }

    public func child(_ id: String) -> UnitPath { UnitPath(ids: ids + [id]) }

    public var depth: Int { ids.count }

    /// True when `other` is this unit or one of its subordinates.
    public func covers(_ other: UnitPath) -> Bool {
        other.ids.count >= ids.count && Array(other.ids.prefix(ids.count)) == ids
    }
}

public enum AccessRule {
    /// A unit's own data and its subordinates', never a sibling's or a superior's.
    public static func canSee(actor: UnitPath, target: UnitPath) -> Bool {
        actor.covers(target)
    }
}
