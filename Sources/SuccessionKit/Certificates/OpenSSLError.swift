internal import COpenSSL

/// OpenSSL's error queue, drained into values (as swift-nio-ssl's `BoringSSLError` builds its
/// error stack): every failure that throws carries what OpenSSL said, and the queue is empty
/// for the next caller.
struct OpenSSLError: Sendable, Hashable, CustomStringConvertible {
    /// One entry of the queue.
    struct Entry: Sendable, Hashable {
        /// `ERR_GET_LIB`, e.g. `ERR_LIB_ASN1`.
        let library: Int32
        /// `ERR_GET_REASON`, e.g. `ASN1_R_TOO_LONG`.
        let reason: Int32
        /// OpenSSL's text for it (English; for `--json` and logs, never a Japanese sentence).
        let text: String
    }

    /// The entries, oldest first.
    let entries: [Entry]

    /// Empties the queue into an error.
    static func drain() -> OpenSSLError {
        var entries: [Entry] = []
        while true {
            let code = ERR_get_error_all(nil, nil, nil, nil, nil)
            if code == 0 { break }
            var buffer = [CChar](repeating: 0, count: 256)
            ERR_error_string_n(code, &buffer, buffer.count)
            let text = String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
            entries.append(Entry(library: ERR_GET_LIB(code), reason: ERR_GET_REASON(code), text: text))
        }
        return OpenSSLError(entries: entries)
    }

    /// Whether any entry is `reason` of `library`.
    func contains(library: Int32, reason: Int32) -> Bool {
        entries.contains { $0.library == library && $0.reason == reason }
    }

    /// Whether the DER ended before its lengths said it would: a truncated download.
    var isTruncation: Bool {
        [ASN1_R_TOO_LONG, ASN1_R_NOT_ENOUGH_DATA, ASN1_R_HEADER_TOO_LONG].contains {
            contains(library: ERR_LIB_ASN1, reason: $0)
        }
    }

    var description: String { entries.map(\.text).joined(separator: "; ") }

    /// Runs `body` with a clean queue and returns its result with whatever OpenSSL queued
    /// meanwhile, leaving the queue empty.
    static func collecting<T>(_ body: () throws -> T) rethrows -> (T, OpenSSLError) {
        ERR_clear_error()
        let result = try body()
        return (result, drain())
    }
}

extension ProblemCode {
    /// OpenSSL could not be set up (no library context, a provider that does not load, a
    /// digest that cannot be fetched). Values: detail (the part), reason (OpenSSL's text).
    public static let opensslUnavailable = ProblemCode(rawValue: "openssl.unavailable")
}
