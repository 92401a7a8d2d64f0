public import Foundation

/// The password policy of the オンライン資格確認等システム (補足資料① 2-①; <doc:AccountsAndPasswords>).
public enum PasswordPolicy {
    /// 8 to 20 characters.
    public static let lengthRange = 8...20
    /// From 13 characters on, a password does not expire and history rules do not apply.
    public static let longPasswordLength = 13
    /// The last 5 passwords are remembered.
    public static let historyDepth = 5
    /// A short password expires after 60 days.
    public static let expiryDays = 60
    /// The special characters the system accepts: `~ ! @ # $ % ^ & * _ { } [ ] | ; ' < > , . ? - ( ) /`.
    public static let allowedSpecials: Set<Character> = Set("~!@#$%^&*_{}[]|;'<>,.?-()/")
    /// Passwords set on or before this day (in Japan) expire after 60 days even when long.
    public static let longPasswordRuleDate = TypedDate.parse("2021-05-28") ?? .distantPast
    /// The manual's default passwords, which should not stay in use.
    static let defaults = ["OnsAdmin@00369", "JPons@00369"]

    /// Every rule `password` breaks for `account`, with the last passwords in `history` (newest
    /// first; only the last 5 count). Never includes the password in a problem, nor any of its
    /// characters: a refused character is told by its position and its kind (a space, a
    /// full-width form, …), never by its value or code point.
    public static func check(
        _ password: AccountPassword,
        account: AccountKind,
        history: [AccountPassword] = []
    ) -> [Problem] {
        var problems: [Problem] = []
        let characters = Array(password.text)
        if !lengthRange.contains(characters.count) {
            problems.append(Problem(.passwordLength, values: [.count: String(characters.count)]))
        }
        for (index, character) in characters.enumerated() where !isAllowed(character) {
            problems.append(
                Problem(
                    .passwordCharacter,
                    values: [.position: String(index + 1), .characterKind: RefusedCharacter(character).rawValue]
                )
            )
        }
        var missing: [String] = []
        if !characters.contains(where: { $0.isASCII && $0.isNumber }) { missing.append("digit") }
        if !characters.contains(where: { $0.isASCII && $0.isLowercase }) { missing.append("lower") }
        if !characters.contains(where: { $0.isASCII && $0.isUppercase }) { missing.append("upper") }
        if !characters.contains(where: { allowedSpecials.contains($0) }) { missing.append("special") }
        if !missing.isEmpty {
            problems.append(Problem(.passwordMissingClass, values: [.missing: missing.joined(separator: ",")]))
        }
        if characters.count < longPasswordLength {
            let recent = history.prefix(historyDepth)
            if let index = recent.firstIndex(where: { $0.text == password.text }) {
                problems.append(Problem(.passwordReused, values: [.generation: String(index + 1)]))
            } else if let index = recent.firstIndex(where: { $0.text.prefix(5) == password.text.prefix(5) }) {
                problems.append(Problem(.passwordSimilar, values: [.generation: String(index + 1)]))
            }
        }
        if defaults.contains(password.text) {
            problems.append(Problem(.passwordDefault, severity: .warning, values: [.kind: account.rawValue]))
        }
        if !account.passwordNeverExpires && characters.count < longPasswordLength
            && lengthRange.contains(characters.count)
        {
            problems.append(Problem(.passwordExpires, severity: .warning, values: [.count: String(expiryDays)]))
        }
        return problems.isEmpty ? [] : SuccessionError(problems).problems
    }

    /// When a password of `length` characters, set on `setOn`, expires for `account`; `nil`
    /// when it never does.
    public static func expiry(length: Int, account: AccountKind, setOn: Date) -> Date? {
        if account.passwordNeverExpires { return nil }
        let expires =
            length < longPasswordLength || setOn < longPasswordRuleDate.addingTimeInterval(JapanTime.secondsPerDay)
        return expires ? setOn.addingTimeInterval(TimeInterval(expiryDays) * JapanTime.secondsPerDay) : nil
    }

    /// A strong password the policy accepts and that never expires: `length` characters
    /// (13–20, default 16) with every class, and no look-alikes (O/0, I/l/1) to mistype.
    public static func generate(length: Int = 16) -> AccountPassword {
        var generator = SystemRandomNumberGenerator()
        return generate(length: length, using: &generator)
    }

    /// ``generate(length:)`` with a given random source (for tests).
    public static func generate(length: Int, using generator: inout some RandomNumberGenerator) -> AccountPassword {
        let length = min(max(length, longPasswordLength), lengthRange.upperBound)
        let digits = Array("23456789")
        let lower = Array("abcdefghijkmnopqrstuvwxyz")
        let upper = Array("ABCDEFGHJKLMNPQRSTUVWXYZ")
        let specials = Array("!@#$%&*_-?")
        let all = digits + lower + upper + specials
        var characters = [digits, lower, upper, specials].compactMap { $0.randomElement(using: &generator) }
        while characters.count < length {
            if let next = all.randomElement(using: &generator) { characters.append(next) }
        }
        characters.shuffle(using: &generator)
        return AccountPassword(String(characters))
    }

    private static func isAllowed(_ character: Character) -> Bool {
        (character.isASCII && (character.isLetter || character.isNumber)) || allowedSpecials.contains(character)
    }
}

/// The kind of a character the password policy refuses — what a person is told instead of the
/// character itself, which is part of a secret and never shown (on a screen, a page, `--json`).
enum RefusedCharacter: String, Sendable, CaseIterable {
    /// A half-width space.
    case space
    /// An ideographic (full-width) space, U+3000.
    case fullWidthSpace
    /// A full-width letter, digit or sign (U+FF01–U+FF5E): typed with the IME on.
    case fullWidth
    /// Kana, kanji, an accented letter or any other character outside ASCII.
    case nonASCII
    /// A tab or another control character.
    case control
    /// An ASCII sign the system does not accept (plus, equals, colon, double quote, backslash,
    /// backquote).
    case symbol

    /// The kind of `character`, a character the policy refuses.
    init(_ character: Character) {
        let scalars = character.unicodeScalars
        if character == " " {
            self = .space
        } else if character == "\u{3000}" {
            self = .fullWidthSpace
        } else if scalars.allSatisfy({ $0.properties.generalCategory == .control }) {
            self = .control
        } else if character.isASCII {
            self = .symbol
        } else if scalars.allSatisfy({ (0xFF01...0xFF5E).contains($0.value) }) {
            self = .fullWidth
        } else {
            self = .nonASCII
        }
    }
}

extension ProblemCode {
    /// Not 8–20 characters. Values: ``ProblemValueKey/count``.
    public static let passwordLength = ProblemCode(rawValue: "password.length")
    /// A character the system does not accept. Values: ``ProblemValueKey/position``,
    /// ``ProblemValueKey/characterKind`` (`space`, `fullWidthSpace`, `fullWidth`, `nonASCII`,
    /// `control` or `symbol`) — never the character, which is part of a secret.
    public static let passwordCharacter = ProblemCode(rawValue: "password.character")
    /// A character class is missing. Values: ``ProblemValueKey/missing`` (`digit,lower,upper,special`).
    public static let passwordMissingClass = ProblemCode(rawValue: "password.missingClass")
    /// Shorter than 13 and equal to one of the last 5. Values: ``ProblemValueKey/generation``.
    public static let passwordReused = ProblemCode(rawValue: "password.reused")
    /// Shorter than 13 and sharing its first 5 characters with one of the last 5.
    public static let passwordSimilar = ProblemCode(rawValue: "password.similar")
    /// A warning: the manual's default password is still in use.
    public static let passwordDefault = ProblemCode(rawValue: "password.default")
    /// A warning: a password shorter than 13 expires after 60 days.
    public static let passwordExpires = ProblemCode(rawValue: "password.expires")
}
