extension ProblemCode {
    /// An ID typed with a look-alike (O for 0, I or l for 1) or the wrong case.
    /// Values: ``ProblemValueKey/found``, ``ProblemValueKey/expected``, ``ProblemValueKey/position``,
    /// ``ProblemValueKey/character``, ``ProblemValueKey/characterKind``, ``ProblemValueKey/expectedCharacter``.
    public static let accountLookalike = ProblemCode(rawValue: "account.lookalike")
    /// An ID that is none of the succession's accounts.
    public static let accountUnknownID = ProblemCode(rawValue: "account.unknownID")
    /// The linkage ID of the other terminal kind (e.g. a pharmacy with `R0RENK01`).
    public static let accountKindMismatch = ProblemCode(rawValue: "account.kindMismatch")
    /// `OQS_LOGIN_KEY`'s user name is not a linkage account.
    public static let accountLoginKeyUser = ProblemCode(rawValue: "account.loginKeyUser")
    /// The face-auth ID: the manual prints `FOFACE01`; that the system's ID is `F0FACE01` (digit
    /// zero, like R0RENK01) is an inference. Values: ``ProblemValueKey/found``.
    public static let accountFaceAuthInferred = ProblemCode(rawValue: "account.faceAuthInferred")
    /// A 【受託】 site with more face-auth accounts than the one of the manual. Values: count.
    public static let accountSeveralFaceAuth = ProblemCode(rawValue: "account.severalFaceAuth")
    /// A reset ID that is not the master ID + R.
    public static let accountResetID = ProblemCode(rawValue: "account.resetID")
}
