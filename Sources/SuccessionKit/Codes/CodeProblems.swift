extension ProblemCode {
    /// A list of codes holds none (empty, or a header alone). Values: path.
    public static let codeListEmpty = ProblemCode(rawValue: "code.listEmpty")
    /// Nothing was typed.
    public static let codeEmpty = ProblemCode(rawValue: "code.empty")
    /// Not ten digits. Values: ``ProblemValueKey/count``; ``ProblemValueKey/sevenDigitCode``
    /// when the seven digits after prefecture and kind seem to have been typed alone.
    public static let codeLength = ProblemCode(rawValue: "code.length")
    /// A character that is not a digit. Values: ``ProblemValueKey/position`` (1-based),
    /// ``ProblemValueKey/character``, and ``ProblemValueKey/suggestion`` for a look-alike.
    public static let codeCharacter = ProblemCode(rawValue: "code.character")
    /// Digits 1–2 are not a prefecture 01–47. Values: ``ProblemValueKey/found``.
    public static let codePrefecture = ProblemCode(rawValue: "code.prefecture")
    /// Digit 3 is not a 点数表番号 of this system (1, 3, 4, 6). Values: ``ProblemValueKey/found``.
    public static let codeKind = ProblemCode(rawValue: "code.kind")
    /// The check digit is wrong. Values: ``ProblemValueKey/expected``, ``ProblemValueKey/found``,
    /// ``ProblemValueKey/rule``, ``ProblemValueKey/otherRuleAccepts``.
    public static let codeCheckDigit = ProblemCode(rawValue: "code.checkDigit")
    /// The manual's placeholder `1234567890`, not a real code.
    public static let codeSample = ProblemCode(rawValue: "code.sample")
    /// A warning: a valid 訪問看護 code, for which the manual has no card-reader procedure.
    public static let codeNoTerminalProcedure = ProblemCode(rawValue: "code.noTerminalProcedure")
}
