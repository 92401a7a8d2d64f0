internal import COpenSSL

/// SuccessionKit's private OpenSSL library context, with the `default` and `legacy`
/// providers loaded once.
///
/// `.p12` files from Windows and older CAs use RC2-40 and 3DES, which OpenSSL 3 offers only
/// in its legacy provider. Loading it into a private context leaves the process-wide default
/// context of an embedding app untouched.
///
/// A context that cannot be made, a provider that does not load or a digest that cannot be
/// fetched is an error (`openssl.unavailable`), never a silent fall back to the process-wide
/// default context.
final class OpenSSLLibrary: @unchecked Sendable {
    // @unchecked: every field is written once in `init` and only read afterwards; OpenSSL
    // library contexts and fetched algorithms are safe to share between threads.

    /// The library, loaded once, or why it could not be.
    private static let state: Result<OpenSSLLibrary, SuccessionError> = {
        do throws(SuccessionError) {
            return .success(try OpenSSLLibrary())
        } catch {
            return .failure(error)
        }
    }()

    /// The loaded library.
    /// - Throws: `openssl.unavailable` naming the part that failed.
    static func loaded() throws(SuccessionError) -> OpenSSLLibrary {
        try state.get()
    }

    /// The loaded library, for code that only runs on objects a loaded library made (a
    /// certificate read from a `.p12` exists only after ``loaded()`` succeeded).
    static var shared: OpenSSLLibrary {
        guard case .success(let library) = state else {
            preconditionFailure("OpenSSL objects exist only after the library loaded")
        }
        return library
    }

    /// The private `OSSL_LIB_CTX`.
    let context: OpaquePointer
    /// SHA-256, fetched once.
    let sha256: OpaquePointer
    /// SHA-1, fetched once: Windows shows a certificate's SHA-1 as its 拇印 (thumbprint).
    let sha1: OpaquePointer

    private init() throws(SuccessionError) {
        ERR_clear_error()
        defer { ERR_clear_error() }
        func unavailable(_ part: String) -> SuccessionError {
            SuccessionError(
                .opensslUnavailable,
                values: [.detail: part, .reason: OpenSSLError.drain().description]
            )
        }
        guard let context = OSSL_LIB_CTX_new() else { throw unavailable("library context") }
        // Providers stay loaded for the life of the process, as the context does.
        guard OSSL_PROVIDER_load(context, "default") != nil else {
            OSSL_LIB_CTX_free(context)
            throw unavailable("default provider")
        }
        guard OSSL_PROVIDER_load(context, "legacy") != nil else {
            OSSL_LIB_CTX_free(context)
            throw unavailable("legacy provider")
        }
        guard let sha256 = EVP_MD_fetch(context, "SHA256", nil), let sha1 = EVP_MD_fetch(context, "SHA1", nil) else {
            OSSL_LIB_CTX_free(context)
            throw unavailable("SHA-256/SHA-1")
        }
        self.context = context
        self.sha256 = sha256
        self.sha1 = sha1
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
