import Foundation

/// One event of a calendar feed: a shift someone (or a unit) is on duty.
public struct ICalendarEvent: Sendable, Equatable {
    /// Stable across regenerations, so a subscribed calendar updates the event instead of
    /// adding a second one when the roster changes.
    public var uid: String
    public var start: Date
    public var end: Date
    public var summary: String
    public var description: String?
    public var location: String?

    public init(uid: String, start: Date, end: Date, summary: String, description: String? = nil, location: String? = nil) {
        self.uid = uid
        self.start = start
        self.end = end
        self.summary = summary
        self.description = description
        self.location = location
    }
}

/// iCalendar (RFC 5545) feeds of duty rosters, for calendar apps to subscribe to.
public enum ICalendar {
    /// VCALENDAR with one VEVENT per event. Times are UTC ("Z" form): every calendar app shows
    /// them in its own zone, and no VTIMEZONE block is needed. `now` is the DTSTAMP the standard
    /// requires on each event.
    public static func encode(name: String, events: [ICalendarEvent], now: Date) -> String {
        var lines = [
            "BEGIN:VCALENDAR",
            "VERSION:2.0",
            "PRODID:-//DutyRoom//应急值班室//ZH",
            "CALSCALE:GREGORIAN",
            "METHOD:PUBLISH",
            "X-WR-CALNAME:" + VCard.escape(name),
            "X-WR-TIMEZONE:Asia/Shanghai",
        ]
        let stamp = VCard.timestamp(now)
        for e in events {
            lines.append("BEGIN:VEVENT")
            lines.append("UID:" + VCard.escape(e.uid))
            lines.append("DTSTAMP:" + stamp)
            lines.append("DTSTART:" + VCard.timestamp(e.start))
            lines.append("DTEND:" + VCard.timestamp(e.end))
            lines.append("SUMMARY:" + VCard.escape(e.summary))
            if let d = e.description, !d.isEmpty { lines.append("DESCRIPTION:" + VCard.escape(d)) }
            if let l = e.location, !l.isEmpty { lines.append("LOCATION:" + VCard.escape(l)) }
            lines.append("TRANSP:OPAQUE")
            lines.append("END:VEVENT")
        }
        lines.append("END:VCALENDAR")
        return lines.map { VCard.fold($0) + "\r\n" }.joined()
    }
}
