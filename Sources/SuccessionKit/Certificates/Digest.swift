internal import COpenSSL

/// SHA-256 over OpenSSL.
enum Digest {
    /// The SHA-256 of `bytes`, lower-case hex.
    /// - Throws: `openssl.unavailable` when OpenSSL cannot be set up or the digest fails.
    static func sha256(_ bytes: [UInt8]) throws(SuccessionError) -> String {
        let library = try OpenSSLLibrary.loaded()
        var digest = [UInt8](repeating: 0, count: 32)
        var length: UInt32 = 0
        let ok = bytes.withUnsafeBytes { raw in
            EVP_Digest(raw.baseAddress, raw.count, &digest, &length, library.sha256, nil)
        }
        guard ok == 1 else {
            throw SuccessionError(
                .opensslUnavailable,
                values: [.detail: "SHA-256", .reason: OpenSSLError.drain().description]
            )
        }
        return OpenSSLLibrary.hex(digest.prefix(Int(length)))
    }
}
