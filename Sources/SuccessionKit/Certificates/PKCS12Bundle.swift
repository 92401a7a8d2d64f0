import Foundation
public import SystemPackage

/// An opened `.p12` file: the terminal's certificate, its private key, the chain, and how the
/// file was protected.
///
/// ```swift
/// let bundle = try PKCS12Bundle(bytes: Array(data), pin: CertificatePIN("1357"))
/// bundle.certificate.institutionCode   // 1310110049
/// let problems = bundle.verify(newCode: newCode, at: .now)
/// // The file to install: no error, only the warning cert.issuerNotVerified (the issuer's name
/// // was compared; no root certificate was given to verify the chain against).
/// problems.isAcceptable                // true
/// bundle.verify(newCode: newCode, at: .now, trustAnchors: [root])   // [] with the real root's certificate
/// ```
public struct PKCS12Bundle: Sendable {
    /// The terminal's certificate: the one whose public key matches the private key.
    public let certificate: CertificateSummary
    /// The other certificates in the file (usually the issuing CA), in file order.
    public let chain: [CertificateSummary]
    /// The private key's type and size, or `nil` when the file holds no key.
    public let key: KeySummary?
    /// Whether the private key belongs to ``certificate``.
    public let keyMatchesCertificate: Bool
    /// How the file was protected.
    public let algorithms: PKCS12Algorithms
    /// What opening found worth saying: no private key, a key of another certificate, no MAC.
    public let problems: [Problem]

    let certificateObject: OpenSSLCertificate
    let privateKeyObject: OpenSSLPrivateKey?
    let chainObjects: [OpenSSLCertificate]

    /// Opens a `.p12` from its bytes with `pin` (any passphrase, including the empty one; the
    /// download site's 4-digit rule is checked by ``verify(newCode:oldCode:at:pin:trustAnchors:)``).
    ///
    /// - Throws: ``SuccessionError`` with `pkcs12.wrongPIN`, `pkcs12.malformed`,
    ///   `pkcs12.unsupportedAlgorithm` or `pkcs12.noCertificate`.
    public init(bytes: [UInt8], pin: CertificatePIN) throws(SuccessionError) {
        var reader = try PKCS12Reader(pin: pin)
        self = try reader.open(bytes)
    }

    /// Opens the `.p12` at `path`.
    /// - Throws: as ``init(bytes:pin:)``, and `file.unreadable`.
    public init(contentsOf path: FilePath, pin: CertificatePIN) throws(SuccessionError) {
        try self.init(bytes: try Self.fileBytes(at: path), pin: pin)
    }

    /// The bytes of the `.p12` file at `path`, to open and to back up the same bytes: regular
    /// files only, at most 1 MiB (a `.p12` is a few kilobytes).
    /// - Throws: `file.unreadable`, `file.notRegular` or `file.tooLarge`.
    public static func fileBytes(at path: FilePath) throws(SuccessionError) -> [UInt8] {
        try FileBytes.read(path.string, limit: FileBytes.Limit.certificate)
    }

    init(
        certificate: OpenSSLCertificate,
        privateKey: OpenSSLPrivateKey?,
        chain: [OpenSSLCertificate],
        keyMatchesCertificate: Bool,
        algorithms: PKCS12Algorithms,
        openingProblems: [Problem]
    ) {
        certificateObject = certificate
        privateKeyObject = privateKey
        chainObjects = chain
        self.certificate = Self.summary(certificate)
        self.chain = chain.map(Self.summary)
        key = privateKey?.summary
        self.keyMatchesCertificate = keyMatchesCertificate
        self.algorithms = algorithms
        var problems = openingProblems
        if privateKey == nil {
            problems.insert(Problem(.pkcs12NoPrivateKey), at: 0)
        } else if !keyMatchesCertificate {
            problems.insert(Problem(.pkcs12KeyMismatch), at: 0)
        }
        self.problems = problems
    }

    /// The certificate's DER (to install it, or to compare with a store).
    public var certificateDER: [UInt8] { certificateObject.der }

    /// The DER of each certificate of ``chain``, in the same order (a store that imports the
    /// issuer into its trusted roots needs them).
    public var chainDER: [[UInt8]] { chainObjects.map(\.der) }

    static func summary(_ certificate: OpenSSLCertificate) -> CertificateSummary {
        let found = CertificateSummary.institutionCode(in: certificate.subjectAttributes)
        return CertificateSummary(
            subject: certificate.name(issuer: false),
            issuer: certificate.name(issuer: true),
            serial: certificate.serialHex,
            notBefore: certificate.notBefore ?? .distantPast,
            notAfter: certificate.notAfter ?? .distantPast,
            sha256: certificate.sha256,
            sha1: certificate.sha1,
            isCA: certificate.isCA,
            friendlyName: certificate.friendlyName,
            institutionCode: found?.0,
            institutionCodeAttribute: found?.1
        )
    }
}
