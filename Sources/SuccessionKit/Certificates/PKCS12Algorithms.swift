/// How a `.p12` file protects its contents: worth knowing before blaming the PIN.
///
/// Files from Windows or older CAs use RC2-40 or 3DES with a SHA-1 MAC ("legacy"); newer ones
/// AES-256-CBC with PBKDF2 and a SHA-256 MAC.
public struct PKCS12Algorithms: Sendable, Hashable, Codable {
    /// The MAC's digest (`sha1`, `sha256`, …), or `nil` when the file has no MAC.
    public var macDigest: String?
    /// The MAC key derivation's iteration count.
    public var macIterations: Int?
    /// How the private key is encrypted, e.g. `PBES2 (PBKDF2-hmacWithSHA256, AES-256-CBC, 2048 iterations)`;
    /// `nil` when it is stored without encryption or there is no key.
    public var keyEncryption: String?
    /// How the certificates are encrypted; `nil` when they are stored without encryption.
    public var certificateEncryption: String?
    /// Algorithms this machine's OpenSSL cannot run (empty when all are supported).
    public var unsupported: [String]

    /// Whether the file uses a legacy algorithm (RC2, RC4, DES, 3DES, or a SHA-1 MAC).
    public var isLegacy: Bool {
        let legacyMarks = ["RC2", "RC4", "DES", "3-Key", "2-Key"]
        let texts = [keyEncryption, certificateEncryption].compactMap { $0 }
        return macDigest == "sha1" || texts.contains { text in legacyMarks.contains { text.contains($0) } }
    }

    /// Whether a PIN can be checked without decrypting anything (the file has a MAC).
    public var hasMAC: Bool { macDigest != nil }

    init(
        macDigest: String? = nil,
        macIterations: Int? = nil,
        keyEncryption: String? = nil,
        certificateEncryption: String? = nil,
        unsupported: [String] = []
    ) {
        self.macDigest = macDigest
        self.macIterations = macIterations
        self.keyEncryption = keyEncryption
        self.certificateEncryption = certificateEncryption
        self.unsupported = unsupported
    }

    private enum EncodingKeys: String, CodingKey {
        case macDigest, macIterations, keyEncryption, certificateEncryption, unsupported, legacy
    }

    /// Encodes the fields, ``isLegacy`` as `legacy`, and every absent value as `null`, so that
    /// every object has the same keys.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: EncodingKeys.self)
        try container.encode(macDigest, forKey: .macDigest)
        try container.encode(macIterations, forKey: .macIterations)
        try container.encode(keyEncryption, forKey: .keyEncryption)
        try container.encode(certificateEncryption, forKey: .certificateEncryption)
        try container.encode(unsupported, forKey: .unsupported)
        try container.encode(isLegacy, forKey: .legacy)
    }
}
