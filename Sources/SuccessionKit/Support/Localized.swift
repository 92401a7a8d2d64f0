/// Something said in Japanese and in English — a sentence, the manual's lines, a label — and
/// the one way the library and its front ends localize fixed text. (A problem's message, which
/// is built from its values, comes from the message catalog through ``Problem/message(in:)``.)
///
/// ```swift
/// let step = SuccessionProcedure.standard.step(.step9)
/// print(step.title(.japanese))            // 管理アカウント等登録（引き継ぎ）の確認
/// for line in step.operations(.english) { print(line) }
/// ```
///
/// It travels as JSON `{"ja": …, "en": …}`, so a question can be shown by another process.
public struct Localized<Value: Sendable & Hashable>: Sendable, Hashable {
    /// The Japanese form (the manual's own words where it has them).
    public let japanese: Value
    /// The English form.
    public let english: Value

    /// Both forms: what a step, a backend or a front end of one's own says in each language.
    public init(ja: Value, en: Value) {
        japanese = ja
        english = en
    }

    /// The form in `language`.
    public func callAsFunction(_ language: Language) -> Value {
        language == .japanese ? japanese : english
    }
}

extension Localized: Codable where Value: Codable {
    private enum CodingKeys: String, CodingKey {
        case japanese = "ja"
        case english = "en"
    }
}

extension Localized: CustomStringConvertible {
    /// Both forms, Japanese first: `完了 / done`.
    public var description: String { "\(japanese) / \(english)" }
}

/// A sentence or a label in Japanese and English.
public typealias LocalizedText = Localized<String>

/// Lines in Japanese and English (the manual's operations, in order), one English line for
/// each Japanese one.
public typealias LocalizedLines = Localized<[String]>

extension Localized where Value == [String] {
    /// No lines.
    public static var none: LocalizedLines { LocalizedLines(ja: [], en: []) }

    /// These lines followed by `other`'s.
    public func appending(_ other: LocalizedLines) -> LocalizedLines {
        LocalizedLines(ja: japanese + other.japanese, en: english + other.english)
    }

    /// Whether there are no lines.
    public var isEmpty: Bool { japanese.isEmpty && english.isEmpty }
}
