import Foundation
import XCTest

@testable import DutyCore

final class AuditChainTests: XCTestCase {
    /// 2024-05-31T16:08:37.123Z: a fixed instant with whole milliseconds.
    private let fixedInstant = Date(timeIntervalSince1970: 1_717_171_717.123)

    private func record(
        seq: Int64 = 1, at: Date? = nil, actor: String = "zhangsan", unitPath: String = "/mem/ha/xc/",
        action: String = "person.update", targetType: String = "person", targetID: String = "42",
        outcome: String = "ok", detail: String = "手机 13800138000", ip: String = "10.0.0.7"
    ) -> AuditRecord {
        AuditRecord(
            seq: seq, at: at ?? fixedInstant, actor: actor, unitPath: unitPath, action: action,
            targetType: targetType, targetID: targetID, outcome: outcome, detail: detail, ip: ip)
    }

    /// A chain of `count` entries sealed one after another.
    private func chain(_ count: Int) -> [StoredAuditEntry] {
        var entries: [StoredAuditEntry] = []
        for i in 1...count {
            let r = record(
                seq: 0, at: fixedInstant.addingTimeInterval(Double(i) * 61.5), actor: "user\(i)",
                action: "action\(i)", targetID: String(i), detail: "detail \(i)")
            let last = entries.last
            entries.append(AuditChain.seal(r, lastSeq: last?.record.seq ?? 0, lastHash: last?.hash ?? AuditChain.genesis))
        }
        return entries
    }

    // MARK: sealing

    func testGenesisIsSixtyFourZeros() {
        XCTAssertEqual(AuditChain.genesis, String(repeating: "0", count: 64))
    }

    func testSealLinksHashes() {
        let entries = chain(3)
        XCTAssertEqual(entries.map(\.record.seq), [1, 2, 3])
        XCTAssertEqual(entries[0].prevHash, AuditChain.genesis)
        XCTAssertEqual(entries[1].prevHash, entries[0].hash)
        XCTAssertEqual(entries[2].prevHash, entries[1].hash)
        for entry in entries {
            XCTAssertEqual(entry.contentHash, AuditChain.contentHash(entry.record))
            XCTAssertEqual(entry.hash, AuditChain.chainHash(prevHash: entry.prevHash, contentHash: entry.contentHash))
            XCTAssertEqual(entry.hash.count, 64)
            XCTAssertTrue(entry.hash.allSatisfy { "0123456789abcdef".contains($0) }, entry.hash)
        }
        XCTAssertEqual(Set(entries.map(\.hash)).count, 3)
    }

    func testSealAssignsSeqFromPredecessor() {
        let sealed = AuditChain.seal(record(seq: 999), lastSeq: 41, lastHash: String(repeating: "a", count: 64))
        XCTAssertEqual(sealed.record.seq, 42)
        XCTAssertEqual(sealed.prevHash, String(repeating: "a", count: 64))
        XCTAssertEqual(sealed.contentHash, AuditChain.contentHash(record(seq: 42)))
    }

    func testChainHashIsSHA256OfConcatenation() {
        let prev = AuditChain.genesis
        let content = AuditChain.sha256("x")
        XCTAssertEqual(AuditChain.chainHash(prevHash: prev, contentHash: content), AuditChain.sha256(prev + content))
    }

    func testSHA256KnownVectors() {
        XCTAssertEqual(AuditChain.sha256(""), "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")
        XCTAssertEqual(AuditChain.sha256("abc"), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
    }

    // MARK: canonical form

    func testTimestampFormat() {
        XCTAssertEqual(AuditChain.timestamp(fixedInstant), "2024-05-31T16:08:37.123Z")
        XCTAssertEqual(AuditChain.timestamp(Date(timeIntervalSince1970: 1_717_171_717)), "2024-05-31T16:08:37.000Z")
        XCTAssertEqual(AuditChain.timestamp(Date(timeIntervalSince1970: 1_717_171_717.007)), "2024-05-31T16:08:37.007Z")
    }

    func testCanonicalTextIsFixed() {
        let expected = [
            "seq=7",
            "at=2024-05-31T16:08:37.123Z",
            "actor=zhangsan",
            "unit=/mem/ha/xc/",
            "action=person.update",
            "target_type=person",
            "target_id=42",
            "outcome=ok",
            "detail=手机 13800138000",
            "ip=10.0.0.7",
        ].joined(separator: "\n")
        XCTAssertEqual(AuditChain.canonical(record(seq: 7)), expected)
    }

    /// Pinned: computed once and checked independently with
    /// `printf 'seq=7\nat=2024-05-31T16:08:37.123Z\n…\nip=10.0.0.7' | sha256sum`.
    /// If this changes, every stored audit chain stops verifying.
    func testContentHashIsPinned() {
        let r = record(seq: 7)
        XCTAssertEqual(AuditChain.contentHash(r), "08444fb75dead7abc81a58a9370ba897f6abc5899d6ee0438d9e3dce108c64ae")
        XCTAssertEqual(AuditChain.contentHash(r), AuditChain.sha256(AuditChain.canonical(r)))
    }

    func testCanonicalEscapesNewlinesAndBackslashes() {
        let r = record(actor: "a\nunit=/evil/", detail: "x\\y\r\n")
        let text = AuditChain.canonical(r)
        XCTAssertEqual(text.split(separator: "\n", omittingEmptySubsequences: false).count, 10, "one line per field")
        XCTAssertTrue(text.contains("actor=a\\nunit=/evil/\n"), text)
        XCTAssertTrue(text.contains("detail=x\\\\y\\r\\n\n"), text)
        XCTAssertFalse(text.contains("\r"))
    }

    func testNewlineInAFieldCannotForgeAnotherField() {
        // Without escaping both would read "actor=a\nunit=/evil/\nunit=/u/".
        let forged = record(actor: "a\nunit=/evil/", unitPath: "/u/")
        let other = record(actor: "a", unitPath: "/evil/\nunit=/u/")
        XCTAssertNotEqual(forged, other)
        XCTAssertNotEqual(AuditChain.canonical(forged), AuditChain.canonical(other))
        XCTAssertNotEqual(AuditChain.contentHash(forged), AuditChain.contentHash(other))
    }

    func testEscapedNewlineDiffersFromLiteralBackslashN() {
        let newline = record(detail: "line1\nline2")
        let literal = record(detail: "line1\\nline2")
        XCTAssertNotEqual(AuditChain.contentHash(newline), AuditChain.contentHash(literal))
        let cr = record(detail: "line1\rline2")
        let literalCR = record(detail: "line1\\rline2")
        XCTAssertNotEqual(AuditChain.contentHash(cr), AuditChain.contentHash(literalCR))
        XCTAssertNotEqual(AuditChain.contentHash(cr), AuditChain.contentHash(newline))
    }

    func testEveryFieldIsHashed() {
        let base = AuditChain.contentHash(record())
        let variants = [
            record(seq: 2), record(at: fixedInstant.addingTimeInterval(0.001)), record(actor: "lisi"),
            record(unitPath: "/mem/"), record(action: "person.delete"), record(targetType: "unit"),
            record(targetID: "43"), record(outcome: "denied"), record(detail: "手机 13800138001"),
            record(ip: "10.0.0.8"),
        ]
        for (i, v) in variants.enumerated() {
            XCTAssertNotEqual(AuditChain.contentHash(v), base, "field #\(i)")
        }
    }

    func testFieldsCannotShiftBetweenNeighbours() {
        // Moving characters from one field to the next keeps the concatenation equal.
        XCTAssertNotEqual(
            AuditChain.contentHash(record(targetType: "person4", targetID: "2")),
            AuditChain.contentHash(record(targetType: "person", targetID: "42")))
    }

    // MARK: milliseconds

    func testRecordRoundsToTheNearestMillisecond() {
        let withMicros = Date(timeIntervalSince1970: 1_717_171_717.123_456)
        let r = record(at: withMicros)
        XCTAssertEqual(r.at.timeIntervalSince1970, 1_717_171_717.123, accuracy: 1e-6)
        XCTAssertEqual(AuditChain.timestamp(r.at), "2024-05-31T16:08:37.123Z")
        // Rounded, not cut: a stored value a hair below a millisecond comes back to it.
        let late = record(at: Date(timeIntervalSince1970: 1_717_171_717.999_6))
        XCTAssertEqual(AuditChain.timestamp(late.at), "2024-05-31T16:08:38.000Z")
        let hairBelow = record(at: Date(timeIntervalSince1970: 1_717_171_717.122_999_9))
        XCTAssertEqual(AuditChain.timestamp(hairBelow.at), "2024-05-31T16:08:37.123Z")
        XCTAssertEqual(AuditChain.contentHash(record(at: withMicros)), AuditChain.contentHash(record()))
    }

    func testMicrosecondDateHashesTheSameAfterMillisecondRoundTrip() {
        let withMicros = Date(timeIntervalSince1970: 1_717_171_717.123_456)
        let original = AuditChain.seal(record(at: withMicros), lastSeq: 0, lastHash: AuditChain.genesis)
        // The database keeps the instant as a Double of milliseconds.
        let storedMillis: Double = original.record.at.timeIntervalSince1970 * 1000
        let loaded = Date(timeIntervalSince1970: storedMillis / 1000)
        let reloaded = record(seq: original.record.seq, at: loaded)
        XCTAssertEqual(AuditChain.contentHash(reloaded), original.contentHash)
        let entry = StoredAuditEntry(record: reloaded, prevHash: original.prevHash, contentHash: original.contentHash, hash: original.hash)
        XCTAssertTrue(AuditChain.verify([entry], headSeq: 1).isIntact)
    }

    func testMillisecondRoundTripIsStableAcrossManyInstants() {
        var instant = 1_700_000_000.0
        for i in 0..<5000 {
            instant += 3_607.000_123_7 + Double(i % 997) * 0.000_001
            let r = record(at: Date(timeIntervalSince1970: instant))
            let millis = r.at.timeIntervalSince1970 * 1000
            let again = record(at: Date(timeIntervalSince1970: millis / 1000))
            XCTAssertEqual(AuditChain.timestamp(again.at), AuditChain.timestamp(r.at), "instant \(instant)")
            XCTAssertEqual(again.at, AuditChain.roundedToMilliseconds(again.at), "truncation is idempotent at \(instant)")
            if AuditChain.timestamp(again.at) != AuditChain.timestamp(r.at) { break }
        }
    }

    func testRoundedToMillisecondsIsIdempotent() {
        let d = AuditChain.roundedToMilliseconds(Date(timeIntervalSince1970: 1_717_171_717.123_999))
        XCTAssertEqual(AuditChain.roundedToMilliseconds(d), d)
        XCTAssertEqual(AuditChain.timestamp(d), "2024-05-31T16:08:37.124Z")
    }

    /// PostgreSQL keeps whole microseconds, cutting what is below: the hash must not move.
    func testMicrosecondStorageCutBelowKeepsTheHash() {
        var instant = 1_795_000_000.0
        for i in 0..<5000 {
            instant += 1.000_123_7 + Double(i % 997) * 0.000_001_3
            let sealed = AuditChain.seal(record(at: Date(timeIntervalSince1970: instant)), lastSeq: 0, lastHash: AuditChain.genesis)
            let micros = Int64(sealed.record.at.timeIntervalSince1970 * 1_000_000)
            let back = record(seq: sealed.record.seq, at: Date(timeIntervalSince1970: Double(micros) / 1_000_000))
            XCTAssertEqual(AuditChain.contentHash(back), sealed.contentHash, "instant \(instant)")
            if AuditChain.contentHash(back) != sealed.contentHash { break }
        }
    }

    // MARK: verification

    func testIntactChainOfTenVerifies() {
        let entries = chain(10)
        let result = AuditChain.verify(entries)
        XCTAssertTrue(result.isIntact)
        XCTAssertNil(result.firstBreak)
        XCTAssertEqual(result.checked, 10)
        XCTAssertEqual(AuditChain.verify(entries, headSeq: 10), AuditChain.Verification(checked: 10, firstBreak: nil))
    }

    func testEmptyChainVerifies() {
        XCTAssertTrue(AuditChain.verify([]).isIntact)
        XCTAssertTrue(AuditChain.verify([], headSeq: 0).isIntact)
        XCTAssertEqual(AuditChain.verify([], headSeq: 2).firstBreak, .truncated(after: 0, expectedLast: 2))
    }

    func testEditedContentOfEntryFour() {
        var entries = chain(10)
        entries[3].record.detail = "手机 13900139000"
        let result = AuditChain.verify(entries, headSeq: 10)
        XCTAssertEqual(result.firstBreak, .edited(seq: 4))
        XCTAssertEqual(result.checked, 3)
        XCTAssertFalse(result.isIntact)
        XCTAssertTrue(result.firstBreak?.message.contains("#4") ?? false)
    }

    func testEditedInstantOfEntryFour() {
        var entries = chain(10)
        entries[3].record.at = entries[3].record.at.addingTimeInterval(-3600)
        XCTAssertEqual(AuditChain.verify(entries).firstBreak, .edited(seq: 4))
    }

    func testEditedContentWithRecomputedContentHashStillBreaks() {
        var entries = chain(10)
        entries[3].record.actor = "someone_else"
        entries[3].contentHash = AuditChain.contentHash(entries[3].record)
        // The stored chain hash no longer matches.
        XCTAssertEqual(AuditChain.verify(entries).firstBreak, .edited(seq: 4))
        // Re-sealed in place: entry 4 is consistent, but entry 5 no longer follows it.
        entries[3].hash = AuditChain.chainHash(prevHash: entries[3].prevHash, contentHash: entries[3].contentHash)
        XCTAssertEqual(AuditChain.verify(entries).firstBreak, .inserted(seq: 5))
    }

    func testDeletedEntryFive() {
        var entries = chain(10)
        entries.remove(at: 4)
        let result = AuditChain.verify(entries, headSeq: 10)
        XCTAssertEqual(result.firstBreak, .deleted(before: 6, expectedSeq: 5))
        XCTAssertEqual(result.checked, 4)
        XCTAssertTrue(result.firstBreak?.message.contains("#6") ?? false)
    }

    func testDeletedFirstEntry() {
        var entries = chain(10)
        entries.removeFirst()
        XCTAssertEqual(AuditChain.verify(entries).firstBreak, .deleted(before: 2, expectedSeq: 1))
    }

    func testInsertedSelfConsistentEntry() {
        // An entry sealed after entry 3 is slipped in; the real entry 4 then no longer follows.
        var entries = chain(10)
        let forged = AuditChain.seal(record(actor: "intruder", detail: "forged"), lastSeq: 3, lastHash: entries[2].hash)
        entries.insert(forged, at: 3)
        let result = AuditChain.verify(entries, headSeq: 10)
        XCTAssertEqual(result.firstBreak, .inserted(seq: 4))
        XCTAssertEqual(result.checked, 4, "the forged entry itself links to entry 3")
    }

    func testReplacedEntryWithForeignLinkIsInserted() {
        // Entry 5 replaced by a self-consistent entry that links to something else.
        var entries = chain(10)
        entries[4] = AuditChain.seal(record(actor: "intruder"), lastSeq: 4, lastHash: AuditChain.sha256("elsewhere"))
        XCTAssertEqual(AuditChain.verify(entries).firstBreak, .inserted(seq: 5))
    }

    func testRelinkedEntryIsInserted() {
        // Entry 5 re-linked to entry 3's hash with hashes recomputed to match.
        var entries = chain(10)
        entries[4].prevHash = entries[2].hash
        entries[4].hash = AuditChain.chainHash(prevHash: entries[4].prevHash, contentHash: entries[4].contentHash)
        XCTAssertEqual(AuditChain.verify(entries).firstBreak, .inserted(seq: 5))
    }

    func testFirstEntryMustLinkToGenesis() {
        let entry = AuditChain.seal(record(), lastSeq: 0, lastHash: AuditChain.sha256("not genesis"))
        XCTAssertEqual(AuditChain.verify([entry]).firstBreak, .inserted(seq: 1))
    }

    func testDuplicatedSeqIsInserted() {
        var entries = chain(5)
        entries.insert(entries[2], at: 3)
        XCTAssertEqual(AuditChain.verify(entries).firstBreak, .inserted(seq: 3))
    }

    func testTruncatedLastTwo() {
        let entries = Array(chain(10).dropLast(2))
        let result = AuditChain.verify(entries, headSeq: 10)
        XCTAssertEqual(result.firstBreak, .truncated(after: 8, expectedLast: 10))
        XCTAssertEqual(result.checked, 8)
        XCTAssertTrue(result.firstBreak?.message.contains("#8") ?? false)
        // Without the separately recorded head the truncation cannot be seen.
        XCTAssertTrue(AuditChain.verify(entries).isIntact)
    }

    func testBreakMessages() {
        XCTAssertEqual(AuditChain.Break.edited(seq: 4).message, "audit entry #4 was edited: its content does not match its hash")
        XCTAssertEqual(
            AuditChain.Break.deleted(before: 6, expectedSeq: 5).message,
            "audit entries were deleted before entry #6 (expected #5 next)")
        XCTAssertEqual(
            AuditChain.Break.inserted(seq: 5).message,
            "audit entry #5 was inserted or relinked: it does not follow the previous entry")
        XCTAssertEqual(
            AuditChain.Break.truncated(after: 8, expectedLast: 10).message,
            "audit entries after #8 were deleted (the chain head records #10)")
    }

    func testHashesAreLowerCaseHexOfSHA256() {
        XCTAssertEqual(AuditChain.sha256("abc"), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
        XCTAssertEqual(Hex.lowercase([0x00, 0x0f, 0xa0, 0xff]), "000fa0ff")
        XCTAssertEqual(AuditChain.timestamp(Date(timeIntervalSince1970: -1)), "1969-12-31T23:59:59.000Z")
    }
}
