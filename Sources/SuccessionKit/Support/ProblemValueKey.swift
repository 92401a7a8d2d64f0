/// The name of a value that explains a ``Problem`` (`position`, `expected`, …).
///
/// Values are text, as `--json` prints them; ``ProblemValue`` reads each as its Swift type. Every
/// key of every layer is declared here, so that one file says what each one holds.
public struct ProblemValueKey: RawRepresentable, Sendable, Hashable, Codable, CustomStringConvertible {
    /// The key's stable name.
    public let rawValue: String

    /// Creates a key from its stable name.
    public init(rawValue: String) {
        self.rawValue = rawValue
    }

    public var description: String { rawValue }
}

// MARK: Files and lines

extension ProblemValueKey {
    /// A file path.
    public static let path = ProblemValueKey(rawValue: "path")
    /// The operating system's reason, as text (its English words; see ``errno`` for its number).
    public static let reason = ProblemValueKey(rawValue: "reason")
    /// The operating system's error number (`errno`) of a failed file operation.
    public static let errno = ProblemValueKey(rawValue: "errno")
    /// A 1-based line number in a file.
    public static let line = ProblemValueKey(rawValue: "line")
    /// The first line of a file that holds a value a later line repeats.
    public static let firstLine = ProblemValueKey(rawValue: "firstLine")
    /// A limit, in the unit its code says: bytes for files, seconds for a search, iterations
    /// for a key derivation.
    public static let limit = ProblemValueKey(rawValue: "limit")
    /// How many were found.
    public static let count = ProblemValueKey(rawValue: "count")
    /// The name of the row of a paper or file the problem is in (shown before the message).
    public static let row = ProblemValueKey(rawValue: "row")
    /// A stable field identifier (``NoticeField`` raw value, a CSV column).
    public static let field = ProblemValueKey(rawValue: "field")
    /// A character's code point(s), `U+301C`.
    public static let codePoint = ProblemValueKey(rawValue: "codePoint")
}

// MARK: What was found and what is right

extension ProblemValueKey {
    /// The value found.
    public static let found = ProblemValueKey(rawValue: "found")
    /// The value that would be right (shown whole, never shortened).
    public static let expected = ProblemValueKey(rawValue: "expected")
    /// What to do, in the library's own words (never typed input, so shown whole).
    public static let instruction = ProblemValueKey(rawValue: "instruction")
    /// A 1-based position in the typed text.
    public static let position = ProblemValueKey(rawValue: "position")
    /// The character found there.
    public static let character = ProblemValueKey(rawValue: "character")
    /// What was probably meant.
    public static let suggestion = ProblemValueKey(rawValue: "suggestion")
    /// What a person most likely did wrong, e.g. `space` (a PIN with a space around it).
    public static let hint = ProblemValueKey(rawValue: "hint")
    /// What is missing, comma-separated.
    public static let missing = ProblemValueKey(rawValue: "missing")
    /// Which earlier password (1 = the last one).
    public static let generation = ProblemValueKey(rawValue: "generation")
    /// How the found character is described: `digit`, `upperLetter`, `lowerLetter`, `other` (an
    /// account ID's look-alike); `space`, `fullWidthSpace`, `fullWidth`, `nonASCII`, `control`,
    /// `symbol` (a password's refused character, whose value is never given).
    public static let characterKind = ProblemValueKey(rawValue: "characterKind")
    /// The character that would be right.
    public static let expectedCharacter = ProblemValueKey(rawValue: "expectedCharacter")
    /// How the expected character is described.
    public static let expectedKind = ProblemValueKey(rawValue: "expectedKind")
}

// MARK: Codes

extension ProblemValueKey {
    /// A ``CheckDigitRule`` raw value.
    public static let rule = ProblemValueKey(rawValue: "rule")
    /// `true` when the other check-digit rule would have accepted the code.
    public static let otherRuleAccepts = ProblemValueKey(rawValue: "otherRuleAccepts")
    /// The two prefecture digits.
    public static let prefecture = ProblemValueKey(rawValue: "prefecture")
    /// The kind of what the problem is about, as its code says: a ``FacilityKind/identifier``
    /// (`code.noTerminalProcedure`), a ``TerminalKind`` raw value (the account and file checks),
    /// an ``AccountKind`` raw value (`password.default`). Read it with ``ProblemValue/facilityKind``,
    /// ``ProblemValue/terminalKind`` or ``ProblemValue/accountKind``.
    public static let kind = ProblemValueKey(rawValue: "kind")
    /// `true` when only the 7-digit part of a code seems to have been typed.
    public static let sevenDigitCode = ProblemValueKey(rawValue: "sevenDigitCode")
}

// MARK: Certificates and dates

extension ProblemValueKey {
    /// An algorithm's description.
    public static let algorithm = ProblemValueKey(rawValue: "algorithm")
    /// A more precise reason, for tools.
    public static let detail = ProblemValueKey(rawValue: "detail")
    /// What OpenSSL's error queue said, in its own (English) words: for `--json` and support,
    /// never shown in a Japanese sentence.
    public static let openSSL = ProblemValueKey(rawValue: "openssl")
    /// A date (ISO 8601).
    public static let date = ProblemValueKey(rawValue: "date")
    /// The start of a validity period (ISO 8601).
    public static let notBefore = ProblemValueKey(rawValue: "notBefore")
    /// The end of a validity period (ISO 8601).
    public static let notAfter = ProblemValueKey(rawValue: "notAfter")
}

// MARK: The job

extension ProblemValueKey {
    /// Step marks, joined with 「・」.
    public static let steps = ProblemValueKey(rawValue: "steps")
}

// MARK: The Windows agent

extension ProblemValueKey {
    /// The Win32 error number a Windows call left, as `succession-agent.exe` reported it
    /// (`GetLastError()`, or an HRESULT as an unsigned number); `0` when the system gave no
    /// reason. Read it with ``ProblemValue/win32``.
    public static let win32 = ProblemValueKey(rawValue: "win32")
}
