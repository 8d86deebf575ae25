import Foundation

extension UUID {
    /// A UUID version 7 (RFC 9562): the instant's milliseconds first, then 74 random bits.
    /// Rows keyed by these land at the end of their indexes instead of on a random page, so
    /// a write touches few pages however large the tables grow.
    public static func timeOrdered(at instant: Date) -> UUID {
        var g = SystemRandomNumberGenerator()
        return timeOrdered(at: instant, using: &g)
    }

    public static func timeOrdered<R: RandomNumberGenerator>(at instant: Date, using rng: inout R) -> UUID {
        let ms = UInt64(max(0, (instant.timeIntervalSince1970 * 1000).rounded(.down)))
        var b = [UInt8](repeating: 0, count: 16)
        for i in 0..<6 { b[i] = UInt8(truncatingIfNeeded: ms >> (40 - 8 * UInt64(i))) }
        let r1 = rng.next(), r2 = rng.next()
        for i in 6..<16 { b[i] = UInt8(truncatingIfNeeded: (i < 14 ? r1 : r2) >> (8 * UInt64(i % 8))) }
        b[6] = 0x70 | (b[6] & 0x0F)
        b[8] = 0x80 | (b[8] & 0x3F)
        return UUID(uuid: (b[0], b[1], b[2], b[3], b[4], b[5], b[6], b[7], b[8], b[9], b[10], b[11], b[12], b[13], b[14], b[15]))
    }
}
