internal import COpenSSL

/// SHA-256 over OpenSSL.
enum Digest {
    /// The SHA-256 of `bytes`, lower-case hex.
    static func sha256(_ bytes: [UInt8]) -> String {
        var digest = [UInt8](repeating: 0, count: 32)
        var length: UInt32 = 0
        let ok = bytes.withUnsafeBytes { raw in
            EVP_Digest(raw.baseAddress, raw.count, &digest, &length, OpenSSLLibrary.shared.sha256, nil)
        }
        return ok == 1 ? OpenSSLLibrary.hex(digest.prefix(Int(length))) : ""
    }
}
