import Foundation

/// A user ID of the オン資 system, checked for the look-alikes people type: `RORENK01` with the
/// letter O, `FOFACE01`, `OnskANRI`, `HO123456` — the manual itself prints all four.
public struct AccountID: Sendable, Hashable, Codable, CustomStringConvertible, RawRepresentable {
    /// The ID exactly as the system expects it.
    public let rawValue: String

    public init(rawValue: String) {
        self.rawValue = rawValue
    }

    public var description: String { rawValue }

    /// The admin account `OnsKANRI`.
    public static let admin = AccountID(rawValue: "OnsKANRI")
    /// The face-authentication account `F0FACE01` (digit zero).
    public static let faceAuth = AccountID(rawValue: "F0FACE01")

    /// The linkage account of a terminal kind: `R0RENK01` or `R1RENK01`.
    public static func linkage(_ kind: TerminalKind) -> AccountID {
        AccountID(rawValue: kind.linkageAccountID)
    }

    /// The master reset ID of a master ID: the ID + `R`.
    public var masterResetID: AccountID { AccountID(rawValue: rawValue + "R") }

    /// What `typed` was probably meant to be, and the problems of how it was typed.
    ///
    /// A typed ID that equals a canonical one except for look-alike characters (O/0, I/1, l/1)
    /// or letter case is reported with the first differing position and the canonical ID.
    public static func identify(_ typed: String) -> (kind: AccountKind?, id: AccountID?, problems: [Problem]) {
        let text = TypedInput.halfWidth(typed).trimmingCharacters(in: .whitespaces)
        let fixed: [(AccountKind, AccountID)] = [
            (.admin, .admin), (.faceAuth, .faceAuth), (.linkage, .linkage(.medicalDental)),
            (.linkage, .linkage(.pharmacy)),
        ]
        for (kind, id) in fixed where text == id.rawValue { return (kind, id, []) }
        // The manual prints FOFACE01; the zero is our inference (like R0RENK01), so the letter O
        // there is a warning that says so, not an error. 【受託】 sites may number more accounts.
        if let faceAuth = faceAuthID(text) { return faceAuth }
        for (kind, id) in fixed {
            if let difference = lookalikeDifference(text, id.rawValue) {
                return (kind, id, [lookalikeProblem(typed: text, canonical: id.rawValue, at: difference)])
            }
        }
        // Master IDs: H + 7 digits; reset IDs add R.
        for (kind, suffix) in [(AccountKind.masterReset, "R"), (.master, "")] {
            guard text.count == 8 + suffix.count, text.uppercased().hasPrefix("H"), text.uppercased().hasSuffix(suffix)
            else { continue }
            let body = text.dropFirst().dropLast(suffix.count)
            let canonical =
                "H" + body.map { TypedInput.digitLookalike($0).map(String.init) ?? String($0) }.joined() + suffix
            guard canonical.dropFirst().dropLast(suffix.count).allSatisfy(\.isNumber) else { continue }
            if canonical == text { return (kind, AccountID(rawValue: text), []) }
            if let difference = lookalikeDifference(text, canonical) {
                return (
                    kind, AccountID(rawValue: canonical),
                    [lookalikeProblem(typed: text, canonical: canonical, at: difference)]
                )
            }
        }
        return (nil, nil, [Problem(.accountUnknownID, values: [.found: text])])
    }

    /// `F0FACE01` as the manual prints it (`FOFACE01`), and the further face-auth accounts of a
    /// 【受託】 site (`F0FACE02`, …).
    private static func faceAuthID(_ text: String) -> (kind: AccountKind?, id: AccountID?, problems: [Problem])? {
        let characters = Array(text)
        guard characters.count == 8, text.hasPrefix("F"), String(characters[2..<6]) == "FACE",
            characters[1] == "O" || characters[1] == "0",
            characters[6...].allSatisfy({ $0.isASCII && $0.isNumber })
        else { return nil }
        let id = AccountID(rawValue: "F0FACE" + String(characters[6...]))
        let problems =
            characters[1] == "O"
            ? [Problem(.accountFaceAuthInferred, severity: .warning, values: [.found: id.rawValue, .detail: text])] : []
        return (.faceAuth, id, problems)
    }

    /// The first position (0-based) where `typed` differs from `canonical` only by a look-alike
    /// or by case; `nil` when they differ otherwise or not at all.
    static func lookalikeDifference(_ typed: String, _ canonical: String) -> Int? {
        let a = Array(typed)
        let b = Array(canonical)
        guard a.count == b.count, a != b else { return nil }
        var first: Int?
        for index in a.indices where a[index] != b[index] {
            let same = fold(a[index]) == fold(b[index])
            guard same else { return nil }
            if first == nil { first = index }
        }
        return first
    }

    private static func fold(_ character: Character) -> Character {
        if let digit = TypedInput.digitLookalike(character) { return digit }
        return Character(character.uppercased())
    }

    private static func lookalikeProblem(typed: String, canonical: String, at index: Int) -> Problem {
        let found = Array(typed)[index]
        let expected = Array(canonical)[index]
        return Problem(
            .accountLookalike,
            values: [
                .found: typed, .expected: canonical, .position: String(index + 1), .character: String(found),
                .characterKind: CharacterKind(found).rawValue, .expectedCharacter: String(expected),
                .expectedKind: CharacterKind(expected).rawValue,
            ]
        )
    }
}

/// How a character of an ID is described to a person: "the letter O", "the digit 0".
enum CharacterKind: String {
    case digit, upperLetter, lowerLetter, other

    init(_ character: Character) {
        if character.isASCII && character.isNumber {
            self = .digit
        } else if character.isASCII && character.isUppercase {
            self = .upperLetter
        } else if character.isASCII && character.isLowercase {
            self = .lowerLetter
        } else {
            self = .other
        }
    }
}
