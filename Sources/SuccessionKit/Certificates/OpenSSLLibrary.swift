internal import COpenSSL

/// SuccessionKit's private OpenSSL library context, with the `default` and `legacy`
/// providers loaded once.
///
/// `.p12` files from Windows and older CAs use RC2-40 and 3DES, which OpenSSL 3 offers only
/// in its legacy provider. Loading it into a private context leaves the process-wide default
/// context of an embedding app untouched.
final class OpenSSLLibrary: @unchecked Sendable {
    // @unchecked: every field is written once in `init` and only read afterwards; OpenSSL
    // library contexts and fetched algorithms are safe to share between threads.
    static let shared = OpenSSLLibrary()

    /// The private `OSSL_LIB_CTX`.
    let context: OpaquePointer?
    /// Whether the legacy provider (RC2, RC4, DES…) could be loaded.
    let legacyAvailable: Bool
    /// SHA-256, fetched once.
    let sha256: OpaquePointer?
    /// SHA-1, fetched once: Windows shows a certificate's SHA-1 as its 拇印 (thumbprint).
    let sha1: OpaquePointer?

    private init() {
        let context = OSSL_LIB_CTX_new()
        self.context = context
        _ = OSSL_PROVIDER_load(context, "default")
        legacyAvailable = OSSL_PROVIDER_load(context, "legacy") != nil
        sha256 = EVP_MD_fetch(context, "SHA256", nil)
        sha1 = EVP_MD_fetch(context, "SHA1", nil)
        ERR_clear_error()
    }

    /// Runs `body` with a clean error queue and returns its result with whatever OpenSSL
    /// queued meanwhile, leaving the queue empty for the next caller.
    static func withErrorQueue<T>(_ body: () throws -> T) rethrows -> (T, [String]) {
        ERR_clear_error()
        let result = try body()
        return (result, drainErrors())
    }

    /// Empties the error queue, returning its entries as text.
    static func drainErrors() -> [String] {
        var messages: [String] = []
        while true {
            let code = ERR_get_error_all(nil, nil, nil, nil, nil)
            if code == 0 { break }
            var buffer = [CChar](repeating: 0, count: 256)
            ERR_error_string_n(code, &buffer, buffer.count)
            messages.append(String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self))
        }
        return messages
    }

    /// The text a memory BIO holds.
    static func string(from bio: OpaquePointer) -> String {
        var pointer: UnsafeMutablePointer<CChar>?
        let length = shim_BIO_get_mem_data(bio, &pointer)
        guard let pointer, length > 0 else { return "" }
        return pointer.withMemoryRebound(to: UInt8.self, capacity: length) {
            String(decoding: UnsafeBufferPointer(start: $0, count: length), as: UTF8.self)
        }
    }

    /// Lower-case hex of `bytes`.
    static func hex(_ bytes: some Sequence<UInt8>) -> String {
        let digits = Array("0123456789abcdef".utf8)
        var result: [UInt8] = []
        for byte in bytes {
            result.append(digits[Int(byte >> 4)])
            result.append(digits[Int(byte & 0x0f)])
        }
        return String(decoding: result, as: UTF8.self)
    }
}
