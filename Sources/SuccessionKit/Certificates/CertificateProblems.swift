extension ProblemCode {
    /// The PIN does not match the file's MAC (or, without a MAC, does not decrypt it).
    public static let pkcs12WrongPIN = ProblemCode(rawValue: "pkcs12.wrongPIN")
    /// Not a PKCS#12 file, truncated, or damaged. Values: ``ProblemValueKey/reason``.
    public static let pkcs12Malformed = ProblemCode(rawValue: "pkcs12.malformed")
    /// The file uses an algorithm this machine's OpenSSL cannot run. Values: ``ProblemValueKey/algorithm``.
    public static let pkcs12UnsupportedAlgorithm = ProblemCode(rawValue: "pkcs12.unsupportedAlgorithm")
    /// The file holds no certificate.
    public static let pkcs12NoCertificate = ProblemCode(rawValue: "pkcs12.noCertificate")
    /// The file holds no private key: it cannot authenticate the terminal.
    public static let pkcs12NoPrivateKey = ProblemCode(rawValue: "pkcs12.noPrivateKey")
    /// The private key belongs to another certificate.
    public static let pkcs12KeyMismatch = ProblemCode(rawValue: "pkcs12.keyMismatch")
    /// A warning: the file has no MAC, so a PIN cannot be checked before decrypting.
    public static let pkcs12NoMAC = ProblemCode(rawValue: "pkcs12.noMAC")

    /// The issuer is not the Online Billing NW Common Root CA. Values: ``ProblemValueKey/found``.
    public static let certIssuer = ProblemCode(rawValue: "cert.issuer")
    /// A key derivation's iteration count — the MAC's, a bag's PBKDF2 or PKCS#12-PBE, or all of
    /// them together — is beyond any real file's: refused before deriving. Values: count, limit.
    public static let pkcs12IterationsTooHigh = ProblemCode(rawValue: "pkcs12.iterationsTooHigh")
    /// The subject holds two different valid codes (e.g. the old and the new). Values: found.
    public static let certAmbiguousCode = ProblemCode(rawValue: "cert.ambiguousCode")
    /// The certificate's signature does not verify with the issuer certificate in its own file:
    /// a CA that only borrows the name. Values: found (the issuer).
    public static let certSignature = ProblemCode(rawValue: "cert.signature")
    /// Only the issuer's name was compared: no trust anchor was given. Values: found.
    public static let certIssuerNotVerified = ProblemCode(rawValue: "cert.issuerNotVerified")
    /// The chain of signatures reaches none of the trust anchors given. Values: found.
    public static let certUntrusted = ProblemCode(rawValue: "cert.untrusted")
    /// No valid 10-digit code in the subject.
    public static let certNoInstitutionCode = ProblemCode(rawValue: "cert.noInstitutionCode")
    /// The subject's code is not the new code. Values: ``ProblemValueKey/expected``, ``ProblemValueKey/found``.
    public static let certCodeMismatch = ProblemCode(rawValue: "cert.codeMismatch")
    /// The subject's code is the OLD code: this is the previous certificate. Values: ``ProblemValueKey/found``.
    public static let certOldCode = ProblemCode(rawValue: "cert.oldCode")
    /// Not valid yet on the date. Values: ``ProblemValueKey/date``, ``ProblemValueKey/notBefore``.
    public static let certNotYetValid = ProblemCode(rawValue: "cert.notYetValid")
    /// Expired on the date. Values: ``ProblemValueKey/date``, ``ProblemValueKey/notAfter``.
    public static let certExpired = ProblemCode(rawValue: "cert.expired")
    /// A warning: the PIN is not the download site's 4 digits.
    public static let certPINFormat = ProblemCode(rawValue: "cert.pinFormat")
    /// A file given as a trust anchor holds no certificate (PEM or DER). Values: path.
    public static let certNotACertificate = ProblemCode(rawValue: "cert.notACertificate")
}
