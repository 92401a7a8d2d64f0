public import Foundation
public import SystemPackage

extension PKCS12Bundle {
    /// Checks the bundle against what the succession needs, reporting every failed rule:
    ///
    /// - the issuer is the Online Billing NW Common Root CA (`cert.issuer`);
    /// - the subject holds a code (`cert.noInstitutionCode`) that is the NEW code, not the old
    ///   one (`cert.oldCode`, `cert.codeMismatch`);
    /// - it is valid on `date` (`cert.notYetValid`, `cert.expired`);
    /// - the private key is there and belongs to it (`pkcs12.noPrivateKey`, `pkcs12.keyMismatch`);
    /// - a warning when `pin` is not the download site's four digits (`cert.pinFormat`);
    /// - the certificate's signature verifies with the issuer certificate the file carries
    ///   (`cert.signature`: a self-made CA with the right name is refused);
    /// - with `trustAnchors`, the chain of signatures reaches one of them (`cert.untrusted`);
    ///   without, a warning that only the issuer's name was compared (`cert.issuerNotVerified`):
    ///   the real root's public key is not known to SuccessionKit.
    ///
    /// - Returns: the problems, errors first. Errors decide, warnings inform: the file is the one
    ///   to install when the result ``/SuccessionKit/Swift/Array/isAcceptable`` (no error); without trust
    ///   anchors it still carries the `cert.issuerNotVerified` warning.
    public func verify(
        newCode: MedicalInstitutionCode,
        oldCode: MedicalInstitutionCode? = nil,
        at date: Date,
        pin: CertificatePIN? = nil,
        trustAnchors: [TrustAnchor] = []
    ) -> [Problem] {
        var problems = self.problems
        let issuerName = KnownIssuer.commonName(inRFC2253: certificate.issuer.rfc2253) ?? certificate.issuer.rfc2253
        if !KnownIssuer.isOnlineBillingRoot(issuerName) {
            problems.append(
                Problem(.certIssuer, values: [.found: issuerName, .expected: KnownIssuer.onlineBillingNWCommonRootCA])
            )
        }
        problems += signatureProblems(trustAnchors: trustAnchors)
        // Every attribute that holds a valid code counts: the old and the new one in one subject
        // is no certificate to install.
        let codes = CertificateSummary.institutionCodes(in: certificateObject.subjectAttributes)
        if Set(codes).count > 1 {
            problems.append(Problem(.certAmbiguousCode, values: [.found: codes.map(\.digits).joined(separator: " / ")]))
        }
        switch certificate.institutionCode {
        case nil:
            problems.append(Problem(.certNoInstitutionCode, values: [.found: certificate.subject.rfc2253]))
        case let code? where code == oldCode:
            problems.append(Problem(.certOldCode, values: [.found: code.digits, .expected: newCode.digits]))
        case let code? where code != newCode:
            problems.append(Problem(.certCodeMismatch, values: [.found: code.digits, .expected: newCode.digits]))
        default:
            break
        }
        let day = ISO8601.string(date)
        if !certificate.isValid(at: date) {
            problems.append(
                date < certificate.notBefore
                    ? Problem(
                        .certNotYetValid,
                        values: [.date: day, .notBefore: ISO8601.string(certificate.notBefore)]
                    )
                    : Problem(.certExpired, values: [.date: day, .notAfter: ISO8601.string(certificate.notAfter)])
            )
        }
        if let pin, !pin.isDownloadSitePIN {
            problems.append(Problem(.certPINFormat, severity: .warning))
        }
        // "The issuer's name matches…" says nothing true beside an error about the issuer.
        if problems.contains(where: { [.certIssuer, .certSignature, .certUntrusted].contains($0.code) }) {
            problems.removeAll { $0.code == .certIssuerNotVerified }
        }
        return problems.isEmpty ? [] : SuccessionError(problems).problems
    }
}

/// A CA certificate trusted as the real Online Billing NW Common Root CA (from `--ca FILE`),
/// against which a certificate's chain of signatures is verified.
public struct TrustAnchor: Sendable {
    let certificate: OpenSSLCertificate
    /// The anchor, as read.
    public let summary: CertificateSummary

    /// The anchor's DER, to keep it (in a job's record, say).
    public var der: [UInt8] { certificate.der }

    /// Reads a CA certificate from DER or PEM bytes; `nil` when they hold none.
    public init?(encoded bytes: [UInt8]) {
        guard let certificate = OpenSSLCertificate(encoded: bytes) else { return nil }
        self.certificate = certificate
        self.summary = PKCS12Bundle.summary(certificate)
    }

    /// Reads a CA certificate from a DER or PEM file (the real root's, `--ca` of the CLI).
    /// - Throws: `file.*` when the file cannot be read (a link, too large for a certificate…),
    ///   `cert.notACertificate` when it holds none.
    public init(contentsOf path: FilePath) throws(SuccessionError) {
        let bytes = try FileBytes.read(path.string, limit: FileBytes.Limit.certificate)
        guard let anchor = TrustAnchor(encoded: bytes) else {
            throw SuccessionError(.certNotACertificate, values: [.path: path.string])
        }
        self = anchor
    }
}

extension PKCS12Bundle {
    /// The leaf's signature by the issuer the file carries, and the chain up to a trust anchor.
    func signatureProblems(trustAnchors: [TrustAnchor]) -> [Problem] {
        let issuerName = certificate.issuer.rfc2253
        if let issuer = chainObjects.first(where: {
            certificateObject.isSigned(by: $0) || $0.isIssuer(of: certificateObject)
        }),
            !certificateObject.isSigned(by: issuer)
        {
            return [Problem(.certSignature, values: [.found: issuerName])]
        }
        guard !trustAnchors.isEmpty else {
            return [Problem(.certIssuerNotVerified, severity: .warning, values: [.found: issuerName])]
        }
        // Walk up by verified signatures until an anchor signs (or is) the current certificate.
        var current = certificateObject
        var seen = 0
        while seen <= chainObjects.count {
            if trustAnchors.contains(where: {
                $0.certificate.sha256 == current.sha256 || current.isSigned(by: $0.certificate)
            }) {
                return []
            }
            guard let next = chainObjects.first(where: { $0 !== current && current.isSigned(by: $0) }) else { break }
            current = next
            seen += 1
        }
        return [Problem(.certUntrusted, values: [.found: issuerName])]
    }
}
