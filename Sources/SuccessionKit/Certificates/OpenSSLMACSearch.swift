internal import COpenSSL

/// OpenSSL's own MAC check per candidate, for files this reader does not take.
final class OpenSSLMACSearch: Sendable {
    private let bytes: [UInt8]

    init?(_ bytes: [UInt8]) {
        guard Self.withPKCS12(bytes, { PKCS12_mac_present($0) == 1 }) == true else { return nil }
        self.bytes = bytes
    }

    func matches(candidate: Int) -> Bool {
        let pin = Array(PINRecovery.pin(candidate).utf8CString)
        return Self.withPKCS12(bytes) { p12 in
            pin.withUnsafeBufferPointer { PKCS12_verify_mac(p12, $0.baseAddress, 4) == 1 }
        } ?? false
    }

    private static func withPKCS12<T>(_ bytes: [UInt8], _ body: (OpaquePointer) -> T) -> T? {
        // In our private library context, as every other OpenSSL call of the library.
        guard let library = try? OpenSSLLibrary.loaded() else { return nil }
        return bytes.withUnsafeBufferPointer { buffer in
            var cursor = buffer.baseAddress
            var reused = PKCS12_init_ex(NID_pkcs7_data, library.context, nil)
            guard let p12 = d2i_PKCS12(&reused, &cursor, buffer.count) else {
                if let reused { PKCS12_free(reused) }
                ERR_clear_error()
                return nil
            }
            defer { PKCS12_free(p12) }
            defer { ERR_clear_error() }
            return body(p12)
        }
    }
}
