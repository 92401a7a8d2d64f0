public import Foundation
public import SuccessionKit

/// Makes certificates and `.p12` files in-process with OpenSSL, shaped like the real ones: a CA
/// named "Online Billing NW Common Root CA" and client certificates whose CN is a 10-digit code.
///
/// For sandboxes, demos, tests and benchmarks only — the real CA generates the key and
/// delivers the `.p12`; a certificate made here is never trusted against the real root.
public final class CertificateFactory: Sendable {
    private let certificates: SandboxCertificates

    /// A new CA named `name` (default: the Online Billing NW Common Root CA), valid from `start`
    /// for 20 years.
    /// - Throws: `sandbox.sandboxCertificateCreationFailed` when OpenSSL cannot make the key or certificate.
    public init(name: String = KnownIssuer.onlineBillingNWCommonRootCA, start: Date = Date()) throws(SuccessionError) {
        certificates = try SandboxCertificates(name: name, start: start)
    }

    /// A `.p12` for `code` protected by `pin`: the client certificate (CN = the code, OU = the
    /// terminal name), its new RSA key, and this CA. `legacy` uses 3DES + RC2-40 with a SHA-1
    /// MAC, as older downloads do; otherwise AES-256-CBC, PBKDF2 and a SHA-256 MAC.
    public func makePKCS12(
        code: MedicalInstitutionCode,
        terminalName: String = "総合受付",
        pin: CertificatePIN,
        start: Date,
        end: Date,
        legacy: Bool = false
    ) throws(SuccessionError) -> [UInt8] {
        try certificates.makePKCS12(
            code: code,
            terminalName: terminalName,
            pin: pin,
            start: start,
            end: end,
            legacy: legacy
        )
    }
}
