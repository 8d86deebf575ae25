import Foundation

/// GB/T 2260 administrative divisions: the only source of division codes, so no code is
/// ever invented.
public struct DivisionRegistry: Sendable {
    public struct Division: Equatable, Sendable {
        public let code: String
        public let name: String
        public let level: String
        public let kind: String
        public let parentCode: String?
    }

    public let divisions: [String: Division]

    /// Parses the `code,name,level,kind,parent_code` table (header line first).
    public init(csv: String) {
        var out: [String: Division] = [:]
        for line in csv.split(whereSeparator: \.isNewline).dropFirst() {
            let cols = line.split(separator: ",", omittingEmptySubsequences: false).map { String($0).trimmingCharacters(in: .whitespaces) }
            guard cols.count >= 5, DivisionCode.isValid(cols[0]) else { continue }
            out[cols[0]] = Division(code: cols[0], name: cols[1], level: cols[2], kind: cols[3], parentCode: cols[4].isEmpty ? nil : cols[4])
        }
        divisions = out
    }

    public func contains(_ code: String) -> Bool { divisions[code] != nil }
    public subscript(code: String) -> Division? { divisions[code] }

    public func children(of code: String) -> [Division] {
        divisions.values.filter { $0.parentCode == code }.sorted { $0.code < $1.code }
    }
}

/// The division an emergency management bureau stands for, from its name:
/// "许昌市应急管理局" → "许昌市", "河南省应急管理厅" → "河南省".
public enum DivisionName {
    static let bureauSuffixes = ["应急管理局", "应急管理厅"]

    public static func of(bureau name: String) -> String {
        for suffix in bureauSuffixes where name.hasSuffix(suffix) { return String(name.dropLast(suffix.count)) }
        return name
    }
}
