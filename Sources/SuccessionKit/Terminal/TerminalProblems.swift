extension ProblemCode {
    /// A store's record of a change does not encode, or does not read back as the store's type.
    /// Values: ``ProblemValueKey/detail``.
    public static let terminalChangeRecord = ProblemCode(rawValue: "terminal.changeRecord")
    /// A warning: an install option differs from the manual's. Values: ``ProblemValueKey/field``.
    public static let terminalInstallOption = ProblemCode(rawValue: "terminal.installOption")
    /// No personal certificate with that fingerprint. Values: found (the certificate's 発行先).
    public static let terminalNoSuchCertificate = ProblemCode(rawValue: "terminal.noSuchCertificate")
    /// The personal store has no Online Billing certificate for the new code.
    public static let terminalNoNewCertificate = ProblemCode(rawValue: "terminal.noNewCertificate")
    /// An Online Billing certificate for another (old) code is still installed. Values: found (code), detail (sha256).
    public static let terminalLeftoverCertificate = ProblemCode(rawValue: "terminal.leftoverCertificate")
    /// OQS_MEDICAL_INSTITUTION_CODE is not the new code. Values: found, expected.
    public static let terminalCredentialCode = ProblemCode(rawValue: "terminal.credentialCode")
    /// OQS_MEDICAL_INSTITUTION_CODE or OQS_LOGIN_KEY does not exist. Values: field.
    public static let terminalMissingCredential = ProblemCode(rawValue: "terminal.missingCredential")
    /// A reader is not bound (not 接続中 with a login name). Values: found (serial).
    public static let readerNotBound = ProblemCode(rawValue: "reader.notBound")
    /// No reader is known on the terminal.
    public static let readerNone = ProblemCode(rawValue: "reader.none")
    /// Removing a reader that is 接続中 (plugged in) is refused: unplug it first. Values: found
    /// (serial).
    public static let readerConnected = ProblemCode(rawValue: "reader.connected")
    /// No reader with that serial. Values: found (serial).
    public static let readerUnknown = ProblemCode(rawValue: "reader.unknown")
    /// Adding needs the reader plugged in: plug it in first. Values: found (serial).
    public static let readerNotPluggedIn = ProblemCode(rawValue: "reader.notPluggedIn")
    /// After adding, the reader is not 接続中. Values: found (serial).
    public static let readerNotConnectedAfterAdd = ProblemCode(rawValue: "reader.notConnectedAfterAdd")
    /// The login name is not the face-auth account. Values: found (the login name).
    public static let readerLoginName = ProblemCode(rawValue: "reader.loginName")
    /// The password is empty.
    public static let readerPassword = ProblemCode(rawValue: "reader.password")
    /// Initialization of several readers needs an explicit confirmation. Values: count.
    public static let readerConfirmationNeeded = ProblemCode(rawValue: "reader.confirmationNeeded")
    /// A warning: initialization unbinds several readers, each to be bound again. Values: count.
    public static let readerSeveralUnbound = ProblemCode(rawValue: "reader.severalUnbound")
}

extension ProblemCode {
    /// A state file of the terminal (a store, the archive manifest, the job) cannot be read.
    /// Values: ``ProblemValueKey/path``.
    public static let terminalStateDamaged = ProblemCode(rawValue: "terminal.stateDamaged")
}
