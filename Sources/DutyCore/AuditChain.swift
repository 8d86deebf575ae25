import Crypto
import Foundation

/// One audit-trail entry's content, as it is hashed. Field order and formatting are fixed
/// here so the same entry hashes the same on every database and every machine.
public struct AuditRecord: Equatable, Sendable {
    public var seq: Int64
    public var at: Date
    public var actor: String
    public var unitPath: String
    public var action: String
    public var targetType: String
    public var targetID: String
    public var outcome: String
    public var detail: String
    public var ip: String

    public init(
        seq: Int64, at: Date, actor: String, unitPath: String, action: String, targetType: String,
        targetID: String, outcome: String, detail: String, ip: String
    ) {
        self.seq = seq
        self.at = AuditChain.roundedToMilliseconds(at)
        self.actor = actor
        self.unitPath = unitPath
        self.action = action
        self.targetType = targetType
        self.targetID = targetID
        self.outcome = outcome
        self.detail = detail
        self.ip = ip
    }
}

public struct StoredAuditEntry: Equatable, Sendable {
    public var record: AuditRecord
    public var prevHash: String
    public var contentHash: String
    public var hash: String

    public init(record: AuditRecord, prevHash: String, contentHash: String, hash: String) {
        self.record = record
        self.prevHash = prevHash
        self.contentHash = contentHash
        self.hash = hash
    }
}

/// The append-only audit trail: each entry carries the SHA-256 of its own canonical content
/// and, chained, the hash of the previous entry, so editing, inserting or deleting any
/// entry breaks the chain at that point.
public enum AuditChain {
    public static let genesis = String(repeating: "0", count: 64)

    /// Databases keep instants at different precisions (SQLite a Double, PostgreSQL whole
    /// microseconds), and a stored value may come back a hair below or above what was
    /// written. The hashed instant is the nearest millisecond, which survives both.
    public static func roundedToMilliseconds(_ date: Date) -> Date {
        Date(timeIntervalSince1970: (date.timeIntervalSince1970 * 1000).rounded() / 1000)
    }

    public static func timestamp(_ date: Date) -> String {
        let ms = Int64((date.timeIntervalSince1970 * 1000).rounded())
        let seconds = ms / 1000
        let millis = ms % 1000
        // Civil date from days since 1970 (Howard Hinnant's algorithm): no formatter, no locale.
        let days = seconds >= 0 ? seconds / 86400 : (seconds - 86399) / 86400
        let secs = seconds - days * 86400
        let z = days + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let doe = z - era * 146_097
        let yoe = (doe - doe / 1460 + doe / 36524 - doe / 146_096) / 365
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let day = doy - (153 * mp + 2) / 5 + 1
        let month = mp < 10 ? mp + 3 : mp - 9
        let year = yoe + era * 400 + (month <= 2 ? 1 : 0)
        func pad(_ n: Int64, _ width: Int) -> String {
            let digits = String(n)
            return digits.count >= width ? digits : String(repeating: "0", count: width - digits.count) + digits
        }
        return pad(year, 4) + "-" + pad(month, 2) + "-" + pad(day, 2) + "T" + pad(secs / 3600, 2) + ":" + pad(secs % 3600 / 60, 2) + ":"
            + pad(secs % 60, 2) + "." + pad(millis, 3) + "Z"
    }

    /// Canonical text: one "key=value" line per field in fixed order, values with
    /// backslash and newline escaped so no value can forge another field.
    public static func canonical(_ r: AuditRecord) -> String {
        func esc(_ s: String) -> String {
            guard s.utf8.contains(where: { $0 == 0x5C || $0 == 0x0A || $0 == 0x0D }) else { return s }
            return s.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\n", with: "\\n")
                .replacingOccurrences(of: "\r", with: "\\r")
        }
        let fields: [(String, String)] = [
            ("seq", String(r.seq)), ("at", timestamp(r.at)), ("actor", r.actor), ("unit", r.unitPath),
            ("action", r.action), ("target_type", r.targetType), ("target_id", r.targetID),
            ("outcome", r.outcome), ("detail", r.detail), ("ip", r.ip),
        ]
        return fields.map { "\($0.0)=\(esc($0.1))" }.joined(separator: "\n")
    }

    public static func sha256(_ text: String) -> String {
        Hex.lowercase(SHA256.hash(data: Data(text.utf8)))
    }

    public static func contentHash(_ r: AuditRecord) -> String { sha256(canonical(r)) }

    public static func chainHash(prevHash: String, contentHash: String) -> String {
        sha256(prevHash + contentHash)
    }

    /// The entry that follows the one with `lastSeq` and `lastHash` (0 and `genesis` for the first).
    public static func seal(_ record: AuditRecord, lastSeq: Int64, lastHash: String) -> StoredAuditEntry {
        var record = record
        record.seq = lastSeq + 1
        let content = contentHash(record)
        return StoredAuditEntry(record: record, prevHash: lastHash, contentHash: content, hash: chainHash(prevHash: lastHash, contentHash: content))
    }

    public enum Break: Equatable, Sendable {
        /// The entry's content no longer matches its hash.
        case edited(seq: Int64)
        /// Entries are missing before this one.
        case deleted(before: Int64, expectedSeq: Int64)
        /// The entry does not link to its predecessor: it was put in, or the link rewritten.
        case inserted(seq: Int64)
        /// The last entries were removed: the chain ends before the recorded head.
        case truncated(after: Int64, expectedLast: Int64)

        public var message: String {
            switch self {
            case .edited(let s): return "audit entry #\(s) was edited: its content does not match its hash"
            case .deleted(let b, let e): return "audit entries were deleted before entry #\(b) (expected #\(e) next)"
            case .inserted(let s): return "audit entry #\(s) was inserted or relinked: it does not follow the previous entry"
            case .truncated(let a, let e): return "audit entries after #\(a) were deleted (the chain head records #\(e))"
            }
        }
    }

    public struct Verification: Equatable, Sendable {
        public var checked: Int
        public var firstBreak: Break?
        public var isIntact: Bool { firstBreak == nil }
    }

    /// Walks the chain in seq order. `head` is the last seq recorded separately, so that
    /// deleting the newest entries is found too.
    public static func verify(_ entries: [StoredAuditEntry], headSeq: Int64? = nil) -> Verification {
        var previous: StoredAuditEntry?
        var checked = 0
        for entry in entries {
            let expectedSeq = (previous?.record.seq ?? 0) + 1
            if contentHash(entry.record) != entry.contentHash
                || chainHash(prevHash: entry.prevHash, contentHash: entry.contentHash) != entry.hash
            {
                return Verification(checked: checked, firstBreak: .edited(seq: entry.record.seq))
            }
            if entry.record.seq > expectedSeq {
                return Verification(checked: checked, firstBreak: .deleted(before: entry.record.seq, expectedSeq: expectedSeq))
            }
            if entry.record.seq < expectedSeq || entry.prevHash != (previous?.hash ?? genesis) {
                return Verification(checked: checked, firstBreak: .inserted(seq: entry.record.seq))
            }
            previous = entry
            checked += 1
        }
        if let headSeq, headSeq > (previous?.record.seq ?? 0) {
            return Verification(checked: checked, firstBreak: .truncated(after: previous?.record.seq ?? 0, expectedLast: headSeq))
        }
        return Verification(checked: checked, firstBreak: nil)
    }
}

/// Lower-case hexadecimal without a formatter per byte (hashes are made on every write).
public enum Hex {
    private static let digits = Array("0123456789abcdef".utf8)

    public static func lowercase<S: Sequence>(_ bytes: S) -> String where S.Element == UInt8 {
        var out: [UInt8] = []
        out.reserveCapacity(64)
        for b in bytes {
            out.append(digits[Int(b >> 4)])
            out.append(digits[Int(b & 0x0F)])
        }
        return String(decoding: out, as: UTF8.self)
    }
}
