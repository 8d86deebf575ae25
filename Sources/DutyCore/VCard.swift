import Foundation

public struct VCardContact: Sendable, Equatable {
    public var uid: String
    public var fullName: String
    /// Unit names from the top of the tree down to the person's own unit.
    public var organization: [String]
    public var title: String?
    public var officePhones: [String]
    public var mobilePhones: [String]
    public var faxes: [String]
    public var emails: [String]
    public var note: String?
    public var revision: Date?
    /// A duty room or office rather than a person: KIND:org, and no personal name parts.
    public var isOrganization: Bool = false

    public init(
        uid: String, fullName: String, organization: [String] = [], title: String? = nil,
        officePhones: [String] = [], mobilePhones: [String] = [], faxes: [String] = [],
        emails: [String] = [], note: String? = nil, revision: Date? = nil
    ) {
        self.uid = uid
        self.fullName = fullName
        self.organization = organization
        self.title = title
        self.officePhones = officePhones
        self.mobilePhones = mobilePhones
        self.faxes = faxes
        self.emails = emails
        self.note = note
        self.revision = revision
    }
}

/// vCard 4.0 (RFC 6350), so the duty roster's contact list can be imported into any phone.
public enum VCard {
    /// BEGIN:VCARD … END:VCARD with CRLF line ends, long lines folded.
    public static func encode(_ contact: VCardContact) -> String {
        var lines = ["BEGIN:VCARD", "VERSION:4.0"]
        lines.append(uidLine(contact.uid))
        if contact.isOrganization {
            lines.append("KIND:org")
        }
        lines.append("FN:" + escape(contact.fullName))
        if !contact.isOrganization {
            let name = splitName(contact.fullName)
            lines.append("N:" + escape(name.family) + ";" + escape(name.given) + ";;;")
        }
        if !contact.organization.isEmpty {
            lines.append("ORG:" + contact.organization.map(escape).joined(separator: ";"))
        }
        if let title = contact.title, !title.isEmpty {
            lines.append("TITLE:" + escape(title))
        }
        let phones =
            contact.officePhones.map { ($0, "work,voice") }
            + contact.mobilePhones.map { ($0, "cell") }
            + contact.faxes.map { ($0, "fax") }
        for (number, type) in phones {
            if let uri = PhoneNumber.telURI(number) {
                lines.append("TEL;VALUE=uri;TYPE=\(type):\(uri)")
            } else if !number.trimmingCharacters(in: .whitespaces).isEmpty {
                // TEL defaults to free text; a number we cannot parse is still worth showing.
                lines.append("TEL;TYPE=\(type):" + escape(number))
            }
        }
        for email in contact.emails where !email.isEmpty {
            lines.append("EMAIL:" + escape(email))
        }
        if let note = contact.note, !note.isEmpty {
            lines.append("NOTE:" + escape(note))
        }
        if let revision = contact.revision {
            lines.append("REV:" + timestamp(revision))
        }
        lines.append("END:VCARD")
        return lines.map { fold($0) + "\r\n" }.joined()
    }

    /// The cards one after another, as one .vcf file.
    public static func encode(_ contacts: [VCardContact]) -> String {
        contacts.map { encode($0) }.joined()
    }

    // MARK: - Values

    /// RFC 6350 §3.4: backslash, comma, semicolon and newline are escaped in text values.
    static func escape(_ text: String) -> String {
        var out = ""
        var scalars = text.unicodeScalars.makeIterator()
        var pending = scalars.next()
        while let s = pending {
            pending = scalars.next()
            switch s {
            case "\\": out += "\\\\"
            case ",": out += "\\,"
            case ";": out += "\\;"
            case "\n": out += "\\n"
            case "\r":
                out += "\\n"
                if pending == "\n" { pending = scalars.next() }
            default: out.unicodeScalars.append(s)
            }
        }
        return out
    }

    static func uidLine(_ uid: String) -> String {
        if let uuid = UUID(uuidString: uid) {
            return "UID:urn:uuid:" + uuid.uuidString.lowercased()
        }
        if uid.range(of: #"^[A-Za-z][A-Za-z0-9+.\-]*:\S+$"#, options: .regularExpression) != nil {
            return "UID:" + uid
        }
        // UID is a URI by default; a plain database id has to say it is text.
        return "UID;VALUE=text:" + escape(uid)
    }

    /// UTC basic format, e.g. 20261125T063000Z.
    static func timestamp(_ date: Date) -> String {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        let c = calendar.dateComponents([.year, .month, .day, .hour, .minute, .second], from: date)
        func pad(_ value: Int?, _ width: Int) -> String {
            let s = String(value ?? 0)
            return String(repeating: "0", count: max(0, width - s.count)) + s
        }
        return pad(c.year, 4) + pad(c.month, 2) + pad(c.day, 2) + "T" + pad(c.hour, 2)
            + pad(c.minute, 2) + pad(c.second, 2) + "Z"
    }

    static let compoundSurnames: Set<String> = [
        "欧阳", "司马", "诸葛", "上官", "东方", "皇甫", "尉迟", "公孙", "慕容", "长孙",
        "宇文", "司徒", "夏侯", "令狐", "澹台", "西门", "南宫", "端木", "轩辕", "呼延",
    ]

    /// Family and given name for the N property. Chinese names put the family name first with no
    /// separator, so it is the first character unless the first two form a compound surname.
    /// Names written with spaces ("John Smith") put it last; transliterated names with a middle
    /// dot ("买买提·吐尔逊") put the part used as a family name after the dot.
    static func splitName(_ fullName: String) -> (family: String, given: String) {
        let name = fullName.trimmingCharacters(in: .whitespacesAndNewlines)
        if let dot = name.lastIndex(where: { $0 == "·" || $0 == "•" || $0 == "・" }) {
            return (String(name[name.index(after: dot)...]), String(name[..<dot]))
        }
        if let space = name.lastIndex(of: " ") {
            return (
                String(name[name.index(after: space)...]),
                String(name[..<space]).trimmingCharacters(in: .whitespaces)
            )
        }
        guard let first = name.first, Pinyin.isHan(first) else { return (name, "") }
        if name.count > 2 && compoundSurnames.contains(String(name.prefix(2))) {
            return (String(name.prefix(2)), String(name.dropFirst(2)))
        }
        return (String(first), String(name.dropFirst()))
    }

    /// RFC 6350 §3.2: lines longer than 75 octets are folded with CRLF and one space. The split
    /// falls between Unicode scalars, since a UTF-8 sequence cut in half is not valid text on
    /// either line, and Chinese characters take three octets each.
    static func fold(_ line: String) -> String {
        let limit = 75
        var out = ""
        var width = 0
        for scalar in line.unicodeScalars {
            let size = String(scalar).utf8.count
            if width + size > limit {
                out += "\r\n "
                width = 1  // the leading space counts towards the next line's octets
            }
            out.unicodeScalars.append(scalar)
            width += size
        }
        return out
    }
}
