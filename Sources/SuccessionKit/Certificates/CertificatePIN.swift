/// The passphrase of a `.p12` file — on the download site, the 4-digit 証明書パスワード.
///
/// A secret: its `description` shows `••••`, and it is deliberately not `Codable`, so it
/// cannot slip into `--json` output, a journal or a log.
public struct CertificatePIN: Sendable, Hashable, CustomStringConvertible, CustomDebugStringConvertible {
    /// The passphrase's UTF-8 bytes, as OpenSSL expects them.
    let bytes: [UInt8]

    /// Creates a PIN from what was typed; full-width digits are read as ASCII digits, and
    /// a trailing line ending (from a file or a pipe) is dropped.
    public init(_ text: String) {
        var text = Substring(text)
        while let last = text.last, last == "\n" || last == "\r" { text = text.dropLast() }
        self.bytes = Array(TypedInput.halfWidth(String(text)).utf8)
    }

    /// The empty passphrase (files exported by other tools without a password).
    public static let empty = CertificatePIN("")

    /// Whether this is a PIN the download site accepts: exactly four ASCII digits.
    public var isDownloadSitePIN: Bool {
        bytes.count == 4 && bytes.allSatisfy { $0 >= UInt8(ascii: "0") && $0 <= UInt8(ascii: "9") }
    }

    /// Whether the passphrase is empty.
    public var isEmpty: Bool { bytes.isEmpty }

    /// Whether the PIN begins or ends with a space or a tab (a file or a variable typed by hand).
    public var hasSurroundingSpace: Bool {
        let blank: Set<UInt8> = [0x20, 0x09]
        return bytes.first.map(blank.contains) == true || bytes.last.map(blank.contains) == true
    }

    /// Runs `body` with the passphrase as a NUL-terminated C string and its length.
    func withCString<T>(_ body: (UnsafePointer<CChar>, Int32) throws -> T) rethrows -> T {
        var terminated = bytes.map { CChar(bitPattern: $0) }
        terminated.append(0)
        defer {
            // Best effort: do not leave a copy of the secret in freed memory.
            for index in terminated.indices { terminated[index] = 0 }
        }
        return try terminated.withUnsafeBufferPointer { buffer in
            guard let base = buffer.baseAddress else { preconditionFailure("a C string holds its terminator") }
            return try body(base, Int32(bytes.count))
        }
    }

    /// The passphrase's text, for the one place that must show it: the result of a PIN
    /// recovery the person asked for. Never pass it to a log, a journal or a renderer.
    public var revealedDigits: String { String(decoding: bytes, as: UTF8.self) }

    public var description: String { "••••" }
    public var debugDescription: String { "CertificatePIN(••••)" }
}
