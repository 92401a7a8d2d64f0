package import Foundation
internal import COpenSSL

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A self-signed server certificate and its key, made when the guided page starts to serve off
/// loopback: an EC P-256 key, the names a browser reaches the page by in subjectAltName, valid
/// for a short time. The key lives in memory only (never written, never printed); a person
/// trusts the certificate by comparing its SHA-256 fingerprint with the one `serve` printed.
///
/// Package API: only the page's server uses it; the library offers no way to mint a certificate.
package struct ServingCertificate: Sendable {
    /// The certificate, DER.
    package let der: [UInt8]
    /// The private key, PKCS#8 DER.
    package let privateKey: SecretBytes
    /// The SHA-256 of ``der``, lower-case hex.
    package let sha256: String
    package let notBefore: Date
    package let notAfter: Date

    /// Makes a new key and certificate for `dnsNames` and `ipAddresses` (text forms such as
    /// `192.168.1.5` or `fe80::1`), valid from an hour before `start` (a phone's clock may be
    /// behind) for `lifetime` seconds after it.
    /// - Throws: `cert.servingCertificateFailed` when a name is not a host name or an address,
    ///   or OpenSSL cannot make the key or the certificate.
    package static func make(
        dnsNames: [String],
        ipAddresses: [String],
        start: Date = Date(),
        lifetime: TimeInterval = 24 * 3600
    ) throws(SuccessionError) -> ServingCertificate {
        func failed(_ reason: String) -> SuccessionError {
            SuccessionError(
                .certServingCertificateFailed,
                values: [.reason: reason, .openSSL: OpenSSLError.drain().description]
            )
        }
        // The names go into OpenSSL's configuration syntax ("DNS:a,IP:b"): only characters
        // that cannot end an entry are let through.
        for name in dnsNames where !isHostName(name) { throw failed("not a host name: \(name)") }
        for address in ipAddresses where !isAddress(address) { throw failed("not an address: \(address)") }
        let names = dnsNames.map { "DNS:" + $0 } + ipAddresses.map { "IP:" + $0 }
        guard !names.isEmpty else { throw failed("no name to serve") }

        let library = try OpenSSLLibrary.loaded()
        ERR_clear_error()
        defer { ERR_clear_error() }
        guard let made = shim_generate_ec_p256(library.context) else { throw failed("key generation failed") }
        let key = OpenSSLPrivateKey(taking: made)
        guard let x509 = X509_new_ex(library.context, nil) else { throw failed("out of memory") }
        // Owned here until it is signed; then wrapped, which reads its DER and fingerprints once.
        var unfinished: OpaquePointer? = x509
        defer { if let unfinished { X509_free(unfinished) } }
        let notBefore = start.addingTimeInterval(-3600)
        let notAfter = start.addingTimeInterval(lifetime)
        let subject = X509_get_subject_name(x509)
        var ok = shim_X509_NAME_add_utf8(subject, "CN", "succession serve") == 1
        ok = ok && X509_set_version(x509, 2) == 1
        ok = ok && ASN1_INTEGER_set_int64(X509_get_serialNumber(x509), Int64.random(in: 1...Int64.max)) == 1
        var from = time_t(notBefore.timeIntervalSince1970)
        var until = time_t(notAfter.timeIntervalSince1970)
        ok = ok && X509_time_adj_ex(X509_getm_notBefore(x509), 0, 0, &from) != nil
        ok = ok && X509_time_adj_ex(X509_getm_notAfter(x509), 0, 0, &until) != nil
        ok = ok && X509_set_pubkey(x509, key.pointer) == 1
        ok = ok && X509_set_issuer_name(x509, subject) == 1
        // No keyUsage: a self-signed certificate trusted as its own anchor (the browser's
        // exception, a verifying client given this certificate) must be able to sign itself, and
        // a keyUsage without keyCertSign makes OpenSSL and BoringSSL refuse it as its own issuer.
        for (nid, value) in [
            (NID_basic_constraints, "critical,CA:FALSE"),
            (NID_ext_key_usage, "serverAuth"),
            (NID_subject_alt_name, names.joined(separator: ",")),
        ] {
            ok = ok && shim_X509_add_extension(x509, x509, nid, value) == 1
        }
        ok = ok && X509_sign(x509, key.pointer, library.sha256) > 0
        guard ok else { throw failed("certificate creation failed") }
        unfinished = nil
        guard let certificate = OpenSSLCertificate(taking: x509) else { throw failed("certificate encoding failed") }

        var bytes = [UInt8](repeating: 0, count: 512)
        let length = bytes.withUnsafeMutableBufferPointer { buffer in
            shim_private_key_pkcs8(key.pointer, buffer.baseAddress, Int32(buffer.count))
        }
        guard length > 0 else {
            bytes.withUnsafeMutableBytes { SecretBytes.cleanse($0) }
            throw failed("key export failed")
        }
        // Shrinking in place: the bytes past `length` were never written.
        bytes.removeSubrange(Int(length)...)
        return ServingCertificate(
            der: certificate.der,
            privateKey: SecretBytes(wiping: &bytes),
            sha256: certificate.sha256,
            notBefore: Date(timeIntervalSince1970: TimeInterval(from)),
            notAfter: Date(timeIntervalSince1970: TimeInterval(until))
        )
    }

    /// A DNS name: letters, digits, `-` and `.`, at most 253 characters.
    package static func isHostName(_ name: String) -> Bool {
        guard !name.isEmpty, name.utf8.count <= 253, !name.hasPrefix("."), !name.hasPrefix("-") else { return false }
        return name.unicodeScalars.allSatisfy {
            ("a"..."z").contains($0) || ("A"..."Z").contains($0) || ("0"..."9").contains($0) || $0 == "-" || $0 == "."
        }
    }

    /// An IPv4 or IPv6 address in text form (no zone).
    package static func isAddress(_ text: String) -> Bool {
        var buffer = [UInt8](repeating: 0, count: 16)
        return inet_pton(AF_INET, text, &buffer) == 1 || inet_pton(AF_INET6, text, &buffer) == 1
    }
}

extension SecretBytes {
    /// Runs `body` with the secret's bytes as an array, wiped afterwards: for an API that takes
    /// `[UInt8]` (it should not keep a copy).
    package func withArray<T>(_ body: ([UInt8]) throws -> T) rethrows -> T {
        var copy = withUnsafeBytes { [UInt8]($0) }
        defer { copy.withUnsafeMutableBytes { SecretBytes.cleanse($0) } }
        return try body(copy)
    }
}

extension ProblemCode {
    /// The guided page's TLS certificate could not be made; nothing is served. Values: reason,
    /// openssl.
    public static let certServingCertificateFailed = ProblemCode(rawValue: "cert.servingCertificateFailed")
}
