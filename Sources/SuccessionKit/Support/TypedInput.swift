/// The one place where text typed by a person is normalized before validation.
///
/// Technicians type on Japanese IMEs: full-width digits (`１３１`), the ideographic space,
/// full-width or katakana hyphens (`－`, `ー`). Rather than NFKC — which also turns `①` into
/// `1` — this maps exactly the full-width ASCII forms and a known list of dashes and spaces,
/// so anything else stays visible and can be reported.
package enum TypedInput {
    /// `character` with full-width ASCII forms (U+FF01–U+FF5E) mapped to ASCII, the
    /// ideographic and no-break spaces to a space, and dashes and minus signs to `-`.
    package static func halfWidth(_ character: Character) -> Character {
        guard let scalar = character.unicodeScalars.first, character.unicodeScalars.count == 1 else {
            return character
        }
        switch scalar.value {
        case 0xFF01...0xFF5E:
            return Character(Unicode.Scalar(UInt8(scalar.value - 0xFEE0)))
        case 0x3000, 0x00A0:
            return " "
        case 0x2010...0x2015, 0x2212, 0xFE63:
            // hyphens and dashes, minus
            return "-"
        case 0x301C:
            // WAVE DASH, which Japanese IMEs give for ～ on some systems
            return "~"
        default:
            return character
        }
    }

    /// `text` with every character mapped by ``halfWidth(_:)``.
    package static func halfWidth(_ text: String) -> String {
        if text.utf8.allSatisfy({ $0 < 0x80 }) { return text }
        return String(text.map(halfWidth))
    }

    /// The numeric value of an ASCII or full-width digit, else `nil`. `①` or `一` are not digits.
    package static func digitValue(_ character: Character) -> UInt8? {
        guard let ascii = halfWidth(character).asciiValue, ascii >= 0x30, ascii <= 0x39 else { return nil }
        return ascii - 0x30
    }

    /// Whether `character` only separates groups of digits (a space, tab or hyphen, in
    /// any width).
    package static func isSeparator(_ character: Character) -> Bool {
        switch halfWidth(character) {
        // ー (katakana long-vowel mark) is what a Japanese IME gives for "-" between digits;
        // it is a separator here only, never in words (エラー, サーバー).
        case " ", "\t", "-", "ー", "ｰ": true
        default: false
        }
    }

    /// The digit a person probably meant when typing `character`: `O` → `0`, `I`/`l` → `1`, …
    package static func digitLookalike(_ character: Character) -> Character? {
        switch halfWidth(character) {
        case "O", "o", "〇", "○", "◯": "0"
        case "I", "l", "|", "i": "1"
        default: nil
        }
    }
}

extension TypedInput {
    /// How much of a person's text a message quotes: enough to recognize, never a pasted
    /// megabyte repeated back.
    package static let quotedLength = 40

    /// `text`, cut to ``quotedLength`` characters with `…` when longer.
    package static func quoted(_ text: some StringProtocol) -> String {
        text.count > quotedLength ? String(text.prefix(quotedLength)) + "…" : String(text)
    }
}
