/// A sentence in Japanese and English.
public struct LocalizedText: Sendable, Hashable {
    /// The Japanese sentence (the manual's words where it has them).
    public let japanese: String
    /// The English sentence.
    public let english: String

    package init(ja: String, en: String) {
        japanese = ja
        english = en
    }

    /// The text in `language`.
    public func text(in language: Language) -> String {
        language == .japanese ? japanese : english
    }
}

/// Lines of text in Japanese and English (the manual's operations, in order).
public struct LocalizedLines: Sendable, Hashable {
    /// The Japanese lines.
    public let japanese: [String]
    /// The English lines, one for each Japanese one.
    public let english: [String]

    package init(ja: [String], en: [String]) {
        japanese = ja
        english = en
    }

    /// The lines in `language`.
    public func lines(in language: Language) -> [String] {
        language == .japanese ? japanese : english
    }

    /// No lines.
    package static let none = LocalizedLines(ja: [], en: [])

    /// These lines followed by `other`'s.
    package func appending(_ other: LocalizedLines) -> LocalizedLines {
        LocalizedLines(ja: japanese + other.japanese, en: english + other.english)
    }
}
