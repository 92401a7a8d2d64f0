import Foundation

/// The passphrase of a `.p12` file — on the download site, the 4-digit 証明書パスワード.
///
/// A secret: `description`, `debugDescription`, `dump` and `Mirror` show `••••`; it is
/// deliberately not `Codable`, so it cannot slip into `--json` output, a journal or a log; and
/// its bytes live in storage of their own, wiped with `OPENSSL_cleanse` when the last copy of
/// the value goes away.
public struct CertificatePIN: Sendable, Hashable, CustomStringConvertible, CustomDebugStringConvertible,
    CustomReflectable
{
    private let secret: SecretBytes

    /// Creates a PIN from what was typed; full-width digits are read as ASCII digits, and
    /// a trailing line ending (from a file or a pipe) is dropped.
    public init(_ text: String) {
        var text = Substring(text)
        while let last = text.last, last.isNewline { text = text.dropLast() }
        var bytes = Array(TypedInput.halfWidth(String(text)).utf8)
        self.secret = SecretBytes(wiping: &bytes)
    }

    /// A 証明書パスワード as a person gives it for the download site's file 【工事手順⑥】: four
    /// digits, so spaces and line endings around them are not part of it (a PIN file ends with a
    /// newline; a space typed after the digits is a slip). Text that is not four digits once
    /// trimmed is taken as ``init(_:)`` takes it.
    public static func downloadSite(_ text: String) -> CertificatePIN {
        let trimmed = TypedInput.halfWidth(text).trimmingCharacters(in: .whitespacesAndNewlines)
        let isFourDigits = trimmed.count == 4 && trimmed.allSatisfy { $0.isASCII && $0.isNumber }
        return CertificatePIN(isFourDigits ? trimmed : text)
    }

    /// The empty passphrase (files exported by other tools without a password).
    public static let empty = CertificatePIN("")

    /// Whether this is a PIN the download site accepts: exactly four ASCII digits.
    public var isDownloadSitePIN: Bool {
        secret.withUnsafeBytes { bytes in
            bytes.count == 4 && bytes.allSatisfy { $0 >= UInt8(ascii: "0") && $0 <= UInt8(ascii: "9") }
        }
    }

    /// Whether the passphrase is empty.
    public var isEmpty: Bool { secret.count == 0 }

    /// Whether the PIN begins or ends with a space or a tab (a file or a variable typed by hand).
    public var hasSurroundingSpace: Bool {
        let blank: Set<UInt8> = [0x20, 0x09]
        return secret.withUnsafeBytes { bytes in
            bytes.first.map(blank.contains) == true || bytes.last.map(blank.contains) == true
        }
    }

    /// Runs `body` with the passphrase as a NUL-terminated C string and its length; the
    /// temporary copy is wiped afterwards.
    func withCString<T>(_ body: (UnsafePointer<CChar>, Int32) throws -> T) rethrows -> T {
        let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: secret.count + 1, alignment: 1)
        defer {
            SecretBytes.cleanse(buffer)
            buffer.deallocate()
        }
        secret.withUnsafeBytes { buffer.copyMemory(from: $0) }
        buffer[secret.count] = 0
        guard let base = buffer.baseAddress else { preconditionFailure("an allocation of at least one byte") }
        return try body(base.assumingMemoryBound(to: CChar.self), Int32(secret.count))
    }

    /// The passphrase's text, for the one place that must show it: the result of a PIN
    /// recovery the person asked for. Never pass it to a log, a journal or a renderer.
    public var revealedDigits: String { secret.withUnsafeBytes { String(decoding: $0, as: UTF8.self) } }

    public static func == (lhs: CertificatePIN, rhs: CertificatePIN) -> Bool {
        lhs.secret.equals(rhs.secret)
    }

    public func hash(into hasher: inout Hasher) {
        secret.withUnsafeBytes { hasher.combine(bytes: $0) }
    }

    public var description: String { "••••" }
    public var debugDescription: String { "CertificatePIN(••••)" }
    public var customMirror: Mirror { Mirror(self, children: ["value": "••••"], displayStyle: .struct) }
}
