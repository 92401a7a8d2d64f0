package import Foundation
import Synchronization
internal import COpenSSL

/// Makes certificates and `.p12` files in-process with OpenSSL, shaped like the real ones: a CA
/// named "Online Billing NW Common Root CA" and client certificates whose CN is a 10-digit code.
///
/// For sandboxes, demos and tests only — the real CA generates the key and delivers the `.p12`.
/// Its public face is `CertificateFactory` of the SuccessionKitSandbox product, so that the
/// library's own API offers no way to mint a look-alike certificate.
package final class SandboxCertificates: Sendable {
    private let caKey: OpenSSLPrivateKey
    private let caCertificate: OpenSSLCertificate
    private let serial = Mutex<Int64>(0x1000)

    /// A new CA named `name` (default: the Online Billing NW Common Root CA), valid from `start`
    /// for 20 years.
    package init(name: String = KnownIssuer.onlineBillingNWCommonRootCA, start: Date = Date()) throws(SuccessionError) {
        caKey = try Self.generateKey()
        caCertificate = try Self.makeCertificate(
            subject: [("C", "JP"), ("O", "Online Billing NW"), ("CN", name)],
            key: caKey,
            issuer: nil,
            issuerKey: caKey,
            serial: 1,
            start: start.addingTimeInterval(-JapanTime.secondsPerDay),
            end: start.addingTimeInterval(20 * 365 * JapanTime.secondsPerDay),
            isCA: true
        )
    }

    /// A `.p12` for `code` protected by `pin`: the client certificate (CN = the code, OU = the
    /// terminal name), its new RSA key, and this CA. `legacy` uses 3DES + RC2-40 with a SHA-1
    /// MAC, as older downloads do; otherwise AES-256-CBC, PBKDF2 and a SHA-256 MAC.
    package func makePKCS12(
        code: MedicalInstitutionCode,
        terminalName: String = "総合受付",
        pin: CertificatePIN,
        start: Date,
        end: Date,
        legacy: Bool = false
    ) throws(SuccessionError) -> [UInt8] {
        let key = try Self.generateKey()
        let number = serial.withLock { serial in
            serial += 1
            return serial
        }
        let certificate = try Self.makeCertificate(
            subject: [("C", "JP"), ("O", "オンライン資格確認"), ("OU", terminalName), ("CN", code.digits)],
            key: key,
            issuer: caCertificate,
            issuerKey: caKey,
            serial: number,
            start: start,
            end: end,
            isCA: false
        )
        let bundle = PKCS12Bundle(
            certificate: certificate,
            privateKey: key,
            chain: [caCertificate],
            keyMatchesCertificate: true,
            algorithms: PKCS12Algorithms(),
            openingProblems: []
        )
        if legacy {
            return try bundle.encoded(
                passphrase: pin,
                keyNID: NID_pbe_WithSHA1And3_Key_TripleDES_CBC,
                certificateNID: NID_pbe_WithSHA1And40BitRC2_CBC,
                iterations: 2048,
                macDigest: "SHA1"
            )
        }
        return try bundle.encoded(
            passphrase: pin,
            keyNID: NID_aes_256_cbc,
            certificateNID: NID_aes_256_cbc,
            iterations: 2048,
            macDigest: "SHA256"
        )
    }

    private static func generateKey() throws(SuccessionError) -> OpenSSLPrivateKey {
        guard let key = shim_generate_rsa(try OpenSSLLibrary.loaded().context, 2048) else {
            throw SuccessionError(.sandboxCertificateCreationFailed, values: [.reason: "key generation failed"])
        }
        return OpenSSLPrivateKey(taking: key)
    }

    private static func makeCertificate(
        subject: [(String, String)],
        key: OpenSSLPrivateKey,
        issuer: OpenSSLCertificate?,
        issuerKey: OpenSSLPrivateKey,
        serial: Int64,
        start: Date,
        end: Date,
        isCA: Bool
    ) throws(SuccessionError) -> OpenSSLCertificate {
        ERR_clear_error()
        defer { ERR_clear_error() }
        guard let x509 = X509_new_ex(try OpenSSLLibrary.loaded().context, nil) else {
            throw SuccessionError(.sandboxCertificateCreationFailed, values: [.reason: "out of memory"])
        }
        // Owned here until it is signed; only a finished certificate is wrapped (its DER and
        // fingerprints are read once, then).
        var unfinished: OpaquePointer? = x509
        defer { if let unfinished { X509_free(unfinished) } }
        let name = X509_get_subject_name(x509)
        for (field, value) in subject { _ = shim_X509_NAME_add_utf8(name, field, value) }
        var ok = X509_set_version(x509, 2) == 1
        ok = ok && ASN1_INTEGER_set_int64(X509_get_serialNumber(x509), serial) == 1
        var notBefore = time_t(start.timeIntervalSince1970)
        var notAfter = time_t(end.timeIntervalSince1970)
        ok = ok && X509_time_adj_ex(X509_getm_notBefore(x509), 0, 0, &notBefore) != nil
        ok = ok && X509_time_adj_ex(X509_getm_notAfter(x509), 0, 0, &notAfter) != nil
        ok = ok && X509_set_pubkey(x509, key.pointer) == 1
        ok = ok && X509_set_issuer_name(x509, issuer.map { X509_get_subject_name($0.pointer) } ?? name) == 1
        let issuerPointer = issuer?.pointer ?? x509
        if isCA {
            ok = ok && shim_X509_add_extension(x509, issuerPointer, NID_basic_constraints, "critical,CA:TRUE") == 1
            ok = ok && shim_X509_add_extension(x509, issuerPointer, NID_key_usage, "critical,keyCertSign,cRLSign") == 1
        } else {
            ok = ok && shim_X509_add_extension(x509, issuerPointer, NID_basic_constraints, "critical,CA:FALSE") == 1
            ok =
                ok
                && shim_X509_add_extension(
                    x509,
                    issuerPointer,
                    NID_key_usage,
                    "critical,digitalSignature,keyEncipherment"
                ) == 1
            ok = ok && shim_X509_add_extension(x509, issuerPointer, NID_ext_key_usage, "clientAuth") == 1
        }
        ok = ok && X509_sign(x509, issuerKey.pointer, OpenSSLLibrary.shared.sha256) > 0
        guard ok else {
            throw SuccessionError(
                .sandboxCertificateCreationFailed,
                values: [.reason: "certificate creation failed", .openSSL: OpenSSLError.drain().description]
            )
        }
        unfinished = nil
        guard let certificate = OpenSSLCertificate(taking: x509) else {
            throw SuccessionError(
                .sandboxCertificateCreationFailed,
                values: [.reason: "certificate encoding failed", .openSSL: OpenSSLError.drain().description]
            )
        }
        return certificate
    }
}

extension ProblemCode {
    /// A sandbox certificate or key could not be made (OpenSSL failed). Values: reason.
    public static let sandboxCertificateCreationFailed = ProblemCode(rawValue: "sandbox.certificateCreationFailed")
}
