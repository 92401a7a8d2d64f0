internal import COpenSSL

/// SHA-256 and SHA-1 over OpenSSL, lower-case hex (SHA-1 only where Windows names a certificate
/// by it: a thumbprint).
enum Digest {
    /// The SHA-256 of `bytes`, lower-case hex.
    /// - Throws: `openssl.unavailable` when OpenSSL cannot be set up or the digest fails.
    static func sha256(_ bytes: [UInt8]) throws(SuccessionError) -> String {
        let library = try OpenSSLLibrary.loaded()
        return try digest(bytes, library.sha256, named: "SHA-256")
    }

    /// The SHA-1 of `bytes`, lower-case hex: a certificate's thumbprint as Windows shows it.
    /// - Throws: `openssl.unavailable` when OpenSSL cannot be set up or the digest fails.
    static func sha1(_ bytes: [UInt8]) throws(SuccessionError) -> String {
        let library = try OpenSSLLibrary.loaded()
        return try digest(bytes, library.sha1, named: "SHA-1")
    }

    private static func digest(
        _ bytes: [UInt8],
        _ algorithm: OpaquePointer,
        named name: String
    ) throws(SuccessionError) -> String {
        var digest = [UInt8](repeating: 0, count: Int(EVP_MAX_MD_SIZE))
        var length: UInt32 = 0
        let ok = bytes.withUnsafeBytes { raw in
            EVP_Digest(raw.baseAddress, raw.count, &digest, &length, algorithm, nil)
        }
        guard ok == 1 else {
            throw SuccessionError(
                .opensslUnavailable,
                values: [.detail: name, .reason: OpenSSLError.drain().description]
            )
        }
        return OpenSSLLibrary.hex(digest.prefix(Int(length)))
    }
}
