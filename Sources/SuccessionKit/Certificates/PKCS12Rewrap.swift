internal import COpenSSL

extension PKCS12Bundle {
    /// The iteration count of re-wrapped files, for both PBKDF2 and the MAC: slow enough to
    /// make guessing a passphrase expensive, fast enough to open in a fraction of a second.
    public static let rewrapIterations = 200_000

    /// The certificate, its key and the chain as a new `.p12` protected by `passphrase` with
    /// modern algorithms — AES-256-CBC, PBKDF2-HMAC-SHA256, a SHA-256 MAC — checked by
    /// opening it again before it is returned.
    ///
    /// - Throws: ``SuccessionError`` with `pkcs12.noPrivateKey` or `pkcs12.keyMismatch` when
    ///   the bundle cannot be re-wrapped usefully, `pkcs12.pkcs12RewrapFailed` when OpenSSL fails or
    ///   the result does not reopen identically.
    public func rewrapped(
        passphrase: CertificatePIN,
        iterations: Int = PKCS12Bundle.rewrapIterations
    ) throws(SuccessionError) -> [UInt8] {
        guard let key = privateKeyObject else { throw SuccessionError(.pkcs12NoPrivateKey) }
        guard keyMatchesCertificate else { throw SuccessionError(.pkcs12KeyMismatch) }
        let bytes = try encoded(
            passphrase: passphrase,
            keyNID: NID_aes_256_cbc,
            certificateNID: NID_aes_256_cbc,
            iterations: Int32(clamping: iterations),
            macDigest: "SHA256",
            key: key
        )
        // Reopen: the same certificate, a matching key, and the algorithms we asked for.
        let reopened: PKCS12Bundle
        do {
            reopened = try PKCS12Bundle(bytes: bytes, pin: passphrase)
        } catch {
            throw SuccessionError(.pkcs12RewrapFailed, values: [.reason: "the new file does not reopen: \(error.code)"])
        }
        guard reopened.certificate.sha256 == certificate.sha256, reopened.keyMatchesCertificate,
            reopened.algorithms.macDigest == "sha256",
            reopened.algorithms.keyEncryption?.contains("AES-256-CBC") == true
        else {
            throw SuccessionError(.pkcs12RewrapFailed, values: [.reason: "the new file differs from the original"])
        }
        return bytes
    }

    /// The bundle as PKCS#12 bytes with the given algorithms (NIDs of OpenSSL) and MAC digest.
    func encoded(
        passphrase: CertificatePIN,
        keyNID: Int32,
        certificateNID: Int32,
        iterations: Int32,
        macDigest: String,
        key: OpenSSLPrivateKey? = nil
    ) throws(SuccessionError) -> [UInt8] {
        guard let key = key ?? privateKeyObject else { throw SuccessionError(.pkcs12NoPrivateKey) }
        ERR_clear_error()
        defer { ERR_clear_error() }
        guard let chain = shim_sk_X509_new_null() else {
            throw SuccessionError(.pkcs12RewrapFailed, values: [.reason: "out of memory"])
        }
        // The stack borrows the certificates; their Swift owners free them.
        defer { shim_sk_X509_free(chain) }
        for certificate in chainObjects { _ = shim_sk_X509_push(chain, certificate.pointer) }
        let name = certificateObject.friendlyName ?? certificate.institutionCode?.digits
        let library = try OpenSSLLibrary.loaded()
        let p12: OpaquePointer? = passphrase.withCString { pass, length in
            // mac_iter -1: no MAC yet; it is added below with SHA-256 (the default is SHA-1).
            guard
                let p12 = PKCS12_create_ex(
                    pass,
                    name,
                    key.pointer,
                    certificateObject.pointer,
                    chain,
                    keyNID,
                    certificateNID,
                    iterations,
                    -1,
                    0,
                    library.context,
                    nil
                )
            else { return nil }
            let digest = EVP_MD_fetch(library.context, macDigest, nil)
            defer { EVP_MD_free(digest) }
            guard PKCS12_set_mac(p12, pass, length, nil, 0, iterations, digest) == 1 else {
                PKCS12_free(p12)
                return nil
            }
            return p12
        }
        guard let p12 else {
            let errors = OpenSSLError.drain()
            throw SuccessionError(
                .pkcs12RewrapFailed,
                values: [.reason: "OpenSSL could not create the file", .openSSL: errors.description]
            )
        }
        defer { PKCS12_free(p12) }
        let length = i2d_PKCS12(p12, nil)
        guard length > 0 else { throw SuccessionError(.pkcs12RewrapFailed, values: [.reason: "encoding failed"]) }
        var bytes = [UInt8](repeating: 0, count: Int(length))
        let written = bytes.withUnsafeMutableBufferPointer { buffer in
            var cursor = buffer.baseAddress
            return i2d_PKCS12(p12, &cursor)
        }
        guard written == length else {
            throw SuccessionError(.pkcs12RewrapFailed, values: [.reason: "encoding failed"])
        }
        return bytes
    }
}
