import Foundation

/// How the casualty figures moved from one report to the next. S000 四 demands numbers that
/// agree ("杜绝数字不准确"): a figure that goes down, or disappears, between a first report
/// and a follow-up is exactly what a superior will ask about, so it is shown to the officer
/// and needs an explanation before the report goes up.
public enum CasualtyChanges {
    public struct Change: Equatable, Sendable {
        /// The `Casualties` property: "dead", "missing", "injured" or "trapped".
        public let field: String
        /// 死亡 / 失踪 / 受伤 / 被困
        public let title: String
        public let from: Int?
        public let to: Int?
        /// A lower number, or a known number become unknown.
        public let isDecrease: Bool
        /// "死亡人数由2人变为3人"
        public let text: String

        public init(field: String, title: String, from: Int?, to: Int?, isDecrease: Bool, text: String) {
            self.field = field
            self.title = title
            self.from = from
            self.to = to
            self.isDecrease = isDecrease
            self.text = text
        }
    }

    /// In the order 死亡、失踪、受伤、被困; unchanged figures are left out.
    public static func between(_ previous: Casualties, _ next: Casualties) -> [Change] {
        let fields: [(String, String, KeyPath<Casualties, Int?>)] = [
            ("dead", "死亡", \.dead),
            ("missing", "失踪", \.missing),
            ("injured", "受伤", \.injured),
            ("trapped", "被困", \.trapped),
        ]
        return fields.compactMap { field, title, path in
            change(field: field, title: title, from: previous[keyPath: path], to: next[keyPath: path])
        }
    }

    /// True when the officer must say why a figure went down before submitting.
    public static func requiresExplanation(_ changes: [Change]) -> Bool {
        changes.contains { $0.isDecrease }
    }

    static func change(field: String, title: String, from: Int?, to: Int?) -> Change? {
        guard from != to else { return nil }
        let text: String
        let isDecrease: Bool
        switch (from, to) {
        case (let old?, nil):
            // Once reported, a number is on the superior's desk; clearing the field would
            // silently withdraw it, so it counts as a decrease that needs a reason.
            text = "\(title)人数由\(old)人变为未填写（不能删除已报告的数字）"
            isDecrease = true
        case (nil, let new?):
            text = "\(title)人数由未知变为\(new)人"
            isDecrease = false
        case (let old?, let new?) where new < old:
            text = "\(title)人数由\(old)人减为\(new)人（减少需说明原因）"
            isDecrease = true
        case (let old?, let new?):
            text = "\(title)人数由\(old)人变为\(new)人"
            isDecrease = false
        case (nil, nil):
            return nil
        }
        return Change(field: field, title: title, from: from, to: to, isDecrease: isDecrease, text: text)
    }
}
