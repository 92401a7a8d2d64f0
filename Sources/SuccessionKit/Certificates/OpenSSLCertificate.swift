internal import COpenSSL
import Foundation

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The one Swift owner of an OpenSSL `X509`: frees it when released.
final class OpenSSLCertificate: @unchecked Sendable {
    // @unchecked: the certificate is never mutated after parsing; OpenSSL allows
    // concurrent reads of an X509.
    let pointer: OpaquePointer
    /// The PKCS#12 friendly name of its bag, if any.
    let friendlyName: String?

    /// The DER encoding.
    let der: [UInt8]
    /// The SHA-256 of the DER, lower-case hex.
    let sha256: String
    /// The SHA-1 of the DER, lower-case hex: what Windows shows as the 拇印 (thumbprint).
    let sha1: String

    /// Takes ownership of `pointer`, a finished certificate; `nil` (and `pointer` freed) when
    /// it cannot be encoded or fingerprinted, so that no certificate has an empty fingerprint.
    init?(taking pointer: OpaquePointer, friendlyName: String? = nil) {
        guard let der = Self.encode(pointer), let sha256 = Self.digest(pointer, OpenSSLLibrary.shared.sha256),
            let sha1 = Self.digest(pointer, OpenSSLLibrary.shared.sha1)
        else {
            X509_free(pointer)
            return nil
        }
        self.pointer = pointer
        self.friendlyName = friendlyName
        self.der = der
        self.sha256 = sha256
        self.sha1 = sha1
    }

    deinit {
        X509_free(pointer)
    }

    /// Parses one certificate from DER, or from PEM text; `nil` when it is neither.
    convenience init?(encoded bytes: [UInt8]) {
        let parsed: OpaquePointer? = bytes.withUnsafeBufferPointer { buffer -> OpaquePointer? in
            var cursor = buffer.baseAddress
            if let der = d2i_X509(nil, &cursor, buffer.count) { return der }
            guard let bio = BIO_new_mem_buf(buffer.baseAddress, Int32(buffer.count)) else { return nil }
            defer { BIO_free(bio) }
            return PEM_read_bio_X509(bio, nil, nil, nil)
        }
        ERR_clear_error()
        guard let parsed else { return nil }
        self.init(taking: parsed)
    }

    /// Whether `issuer`'s subject and key identifiers name it as this certificate's issuer and
    /// its public key verifies this certificate's signature.
    func isSigned(by issuer: OpenSSLCertificate) -> Bool {
        defer { ERR_clear_error() }
        guard X509_check_issued(issuer.pointer, pointer) == 0, let key = X509_get0_pubkey(issuer.pointer) else {
            return false
        }
        return X509_verify(pointer, key) == 1
    }

    /// Whether this certificate's subject is `other`'s issuer name (whatever the signature says).
    func isIssuer(of other: OpenSSLCertificate) -> Bool {
        X509_NAME_cmp(X509_get_subject_name(pointer), X509_get_issuer_name(other.pointer)) == 0
    }

    /// Whether the certificate is a CA (basicConstraints CA:TRUE or a v1 self-signed root).
    var isCA: Bool { X509_check_ca(pointer) > 0 }

    private static func encode(_ pointer: OpaquePointer) -> [UInt8]? {
        let length = i2d_X509(pointer, nil)
        guard length > 0 else { return nil }
        var bytes = [UInt8](repeating: 0, count: Int(length))
        let written = bytes.withUnsafeMutableBufferPointer { buffer in
            var out = buffer.baseAddress
            return i2d_X509(pointer, &out)
        }
        return written == length ? bytes : nil
    }

    private static func digest(_ pointer: OpaquePointer, _ algorithm: OpaquePointer?) -> String? {
        var digest = [UInt8](repeating: 0, count: Int(EVP_MAX_MD_SIZE))
        var length: UInt32 = 0
        guard X509_digest(pointer, algorithm, &digest, &length) == 1 else { return nil }
        return OpenSSLLibrary.hex(digest.prefix(Int(length)))
    }

    /// The subject or issuer in RFC 2253 and OpenSSL one-line forms, UTF-8 kept.
    func name(issuer: Bool) -> DistinguishedNameText {
        let name = issuer ? X509_get_issuer_name(pointer) : X509_get_subject_name(pointer)
        return DistinguishedNameText(
            rfc2253: Self.print(name, flags: shim_XN_FLAG_RFC2253_UTF8()),
            oneLine: Self.print(name, flags: shim_XN_FLAG_ONELINE_UTF8())
        )
    }

    /// The subject's attributes in order: (short name, UTF-8 value).
    var subjectAttributes: [(name: String, value: String)] {
        guard let name = X509_get_subject_name(pointer) else { return [] }
        var result: [(String, String)] = []
        for index in 0..<X509_NAME_entry_count(name) {
            guard let entry = X509_NAME_get_entry(name, index),
                let object = X509_NAME_ENTRY_get_object(entry),
                let data = X509_NAME_ENTRY_get_data(entry)
            else { continue }
            let nid = OBJ_obj2nid(object)
            let shortName = nid == NID_undef ? "?" : String(cString: OBJ_nid2sn(nid))
            var utf8: UnsafeMutablePointer<UInt8>?
            let length = ASN1_STRING_to_UTF8(&utf8, data)
            guard length >= 0, let utf8 else { continue }
            result.append(
                (shortName, String(decoding: UnsafeBufferPointer(start: utf8, count: Int(length)), as: UTF8.self))
            )
            shim_OPENSSL_free(utf8)
        }
        return result
    }

    /// The serial number, upper-case hex as OpenSSL prints it.
    var serialHex: String {
        guard let serial = X509_get0_serialNumber(pointer), let bignum = ASN1_INTEGER_to_BN(serial, nil) else {
            return ""
        }
        defer { BN_free(bignum) }
        guard let hex = BN_bn2hex(bignum) else { return "" }
        defer { shim_OPENSSL_free(hex) }
        return String(cString: hex)
    }

    var notBefore: Date? { Self.date(X509_get0_notBefore(pointer)) }
    var notAfter: Date? { Self.date(X509_get0_notAfter(pointer)) }

    private static func date(_ time: UnsafePointer<ASN1_TIME>?) -> Date? {
        guard let time else { return nil }
        var parts = tm()
        guard ASN1_TIME_to_tm(time, &parts) == 1 else { return nil }
        return Date(timeIntervalSince1970: TimeInterval(timegm(&parts)))
    }

    private static func print(_ name: OpaquePointer?, flags: UInt) -> String {
        guard let name, let bio = BIO_new(BIO_s_mem()) else { return "" }
        defer { BIO_free(bio) }
        guard X509_NAME_print_ex(bio, name, 0, flags) >= 0 else { return "" }
        return OpenSSLLibrary.string(from: bio)
    }
}

/// The one Swift owner of an OpenSSL `EVP_PKEY`.
final class OpenSSLPrivateKey: @unchecked Sendable {
    // @unchecked: never mutated after parsing.
    let pointer: OpaquePointer
    let friendlyName: String?

    init(taking pointer: OpaquePointer, friendlyName: String? = nil) {
        self.pointer = pointer
        self.friendlyName = friendlyName
    }

    deinit {
        EVP_PKEY_free(pointer)
    }

    /// What kind of key this is, e.g. RSA 2048 or EC P-256.
    var summary: KeySummary {
        let id = EVP_PKEY_get_id(pointer)
        let type: String
        switch id {
        case EVP_PKEY_RSA, EVP_PKEY_RSA_PSS: type = "RSA"
        case EVP_PKEY_EC: type = "EC"
        case EVP_PKEY_ED25519: type = "Ed25519"
        case EVP_PKEY_ED448: type = "Ed448"
        case EVP_PKEY_DSA: type = "DSA"
        default: type = id == NID_undef ? "unknown" : String(cString: OBJ_nid2sn(id))
        }
        var curve: String?
        if id == EVP_PKEY_EC {
            var buffer = [CChar](repeating: 0, count: 80)
            var length = 0
            if EVP_PKEY_get_group_name(pointer, &buffer, buffer.count, &length) == 1 {
                curve = String(decoding: buffer.prefix(length).map { UInt8(bitPattern: $0) }, as: UTF8.self)
            }
        }
        return KeySummary(type: type, bits: Int(EVP_PKEY_get_bits(pointer)), curve: curve)
    }

    /// Whether this key is the private half of `certificate`'s public key.
    func matches(_ certificate: OpenSSLCertificate) -> Bool {
        // EVP_PKEY_eq compares without queueing an error on a mismatch (X509_check_private_key
        // queues one), so there is nothing to drain or to lose.
        guard let publicKey = X509_get0_pubkey(certificate.pointer) else { return false }
        return EVP_PKEY_eq(publicKey, pointer) == 1
    }
}
