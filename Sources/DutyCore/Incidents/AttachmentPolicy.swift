import Foundation

/// What may be attached to a piece of information, decided from the file's own bytes, never
/// from the name or type the uploader claims (S000 四: a 突发事件 carries its content in the
/// report text; only 普通信息 may carry content in attachments).
public enum AttachmentPolicy {
    public static let maxBytes = 10 * 1024 * 1024
    public static let maxFileNameLength = 100

    public enum Kind: String, CaseIterable, Codable, Sendable {
        case pdf, png, jpeg, docx, xlsx, doc, xls, txt

        public var mediaType: String {
            switch self {
            case .pdf: return "application/pdf"
            case .png: return "image/png"
            case .jpeg: return "image/jpeg"
            case .docx: return "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
            case .xlsx: return "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
            case .doc: return "application/msword"
            case .xls: return "application/vnd.ms-excel"
            case .txt: return "text/plain; charset=utf-8"
            }
        }

        /// The file-name endings that may carry this kind.
        var extensions: [String] {
            switch self {
            case .jpeg: return ["jpg", "jpeg"]
            default: return [rawValue]
            }
        }
    }

    public struct Accepted: Equatable, Sendable {
        public let kind: Kind
        public let fileName: String
        public let size: Int
    }

    public enum Refusal: Error, Equatable, Sendable {
        case notGeneralInformation
        case empty
        case tooLarge(size: Int)
        case unsupported(ext: String)
        case contentMismatch(ext: String)

        public var code: String {
            switch self {
            case .notGeneralInformation: return "attachment_not_allowed"
            case .empty: return "attachment_empty"
            case .tooLarge: return "attachment_too_large"
            case .unsupported: return "attachment_type_not_allowed"
            case .contentMismatch: return "attachment_content_mismatch"
            }
        }

        public var message: String {
            switch self {
            case .notGeneralInformation: return "突发事件信息的内容必须写在报告正文中，不能以附件代替；只有普通信息可以上传附件"
            case .empty: return "附件是空文件"
            case .tooLarge(let size): return "附件过大（\(size / 1024 / 1024)MB），单个附件不能超过\(maxBytes / 1024 / 1024)MB"
            case .unsupported(let ext):
                return "不支持的附件类型" + (ext.isEmpty ? "" : "（.\(ext)）") + "，只能上传 PDF、Word、Excel、PNG、JPEG 或纯文本文件"
            case .contentMismatch(let ext): return "文件内容与扩展名 .\(ext) 不符，请确认文件未损坏或改名"
            }
        }
    }

    /// Checks one upload; the accepted file name has no path, no control characters and a
    /// bounded length, so it is safe in a header and on a page.
    public static func check(fileName: String, bytes: [UInt8], generalInformation: Bool) -> Result<Accepted, Refusal> {
        guard generalInformation else { return .failure(.notGeneralInformation) }
        guard !bytes.isEmpty else { return .failure(.empty) }
        guard bytes.count <= maxBytes else { return .failure(.tooLarge(size: bytes.count)) }
        let name = safeFileName(fileName)
        let ext = name.split(separator: ".").count > 1 ? String(name.split(separator: ".").last!).lowercased() : ""
        guard let claimed = Kind.allCases.first(where: { $0.extensions.contains(ext) }) else { return .failure(.unsupported(ext: ext)) }
        guard matches(claimed, bytes) else { return .failure(.contentMismatch(ext: ext)) }
        return .success(Accepted(kind: claimed, fileName: name, size: bytes.count))
    }

    static func matches(_ kind: Kind, _ b: [UInt8]) -> Bool {
        func starts(_ magic: [UInt8]) -> Bool { b.count >= magic.count && Array(b.prefix(magic.count)) == magic }
        func contains(_ text: String) -> Bool {
            let needle = Array(text.utf8)
            guard b.count >= needle.count else { return false }
            return (0...(b.count - needle.count)).contains { i in b[i] == needle[0] && Array(b[i..<(i + needle.count)]) == needle }
        }
        let zip: [UInt8] = [0x50, 0x4B, 0x03, 0x04]
        let ole: [UInt8] = [0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1]
        switch kind {
        case .pdf: return starts(Array("%PDF-".utf8))
        case .png: return starts([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A])
        case .jpeg: return starts([0xFF, 0xD8, 0xFF])
        // Office Open XML is a ZIP whose part names say which application it is for.
        case .docx: return starts(zip) && contains("word/")
        case .xlsx: return starts(zip) && contains("xl/")
        case .doc, .xls: return starts(ole)
        // Text: valid UTF-8, no NUL and no markup a browser could run if it ever sniffed it.
        case .txt:
            guard !b.contains(0), String(validating: b, as: UTF8.self) != nil else { return false }
            return !contains("<script") && !contains("<html") && !contains("<svg")
        }
    }

    public static func safeFileName(_ raw: String) -> String {
        let last = raw.split(whereSeparator: { $0 == "/" || $0 == "\\" }).last.map(String.init) ?? ""
        var name = String(last.unicodeScalars.filter { !CharacterSet.controlCharacters.contains($0) && $0 != "\"" }.map(Character.init))
            .trimmingCharacters(in: .whitespaces)
        while name.hasPrefix(".") { name.removeFirst() }
        if name.count > maxFileNameLength {
            let parts = name.split(separator: ".")
            let ext = parts.count > 1 ? "." + parts.last! : ""
            name = String(name.prefix(maxFileNameLength - ext.count)) + ext
        }
        return name.isEmpty ? "附件" : name
    }
}
