import SuccessionKit
import SystemPackage

#if canImport(Foundation)
import Foundation
#endif

/// Buffered writing to standard output or standard error: a million result lines are
/// written in large blocks, not one system call each.
final class Output: @unchecked Sendable {
    // @unchecked: the CLI writes from one task only; the lock guards against misuse.
    static let standard = Output(.standardOutput)
    static let error = Output(.standardError)

    private let descriptor: FileDescriptor
    private var buffer: [UInt8] = []
    private let lock = NSLock()
    private static let limit = 1 << 16

    private init(_ descriptor: FileDescriptor) {
        self.descriptor = descriptor
        buffer.reserveCapacity(Self.limit + 4096)
    }

    /// Writes `text` and a line feed. Control characters that input may carry (escape
    /// sequences, NUL, C1 controls) are shown escaped (`\u001B`), never sent to the terminal.
    func write(_ text: String) {
        lock.lock()
        defer { lock.unlock() }
        Self.appendEscaped(text, to: &buffer)
        buffer.append(UInt8(ascii: "\n"))
        if buffer.count >= Self.limit { flushLocked() }
    }

    /// Appends `text`'s UTF-8, with C0 controls (but line feed and tab), DEL and the C1
    /// controls written as `\u00XX`.
    static func appendEscaped(_ text: String, to buffer: inout [UInt8]) {
        let bytes = text.utf8
        var previous: UInt8 = 0
        for byte in bytes {
            let c0 = byte < 0x20 && byte != 0x0A && byte != 0x09
            let c1 = previous == 0xC2 && (0x80...0x9F).contains(byte)
            if c0 || byte == 0x7F || c1 {
                if c1 { buffer.removeLast() }  // the 0xC2 lead byte of U+0080…U+009F
                let hex = Array("0123456789ABCDEF".utf8)
                buffer.append(contentsOf: Array("\\u00".utf8))
                buffer.append(hex[Int(byte >> 4)])
                buffer.append(hex[Int(byte & 0x0F)])
            } else {
                buffer.append(byte)
            }
            previous = byte
        }
    }

    /// Writes `text` as it is, without a line feed.
    func writeRaw(_ text: String) {
        lock.lock()
        defer { lock.unlock() }
        buffer.append(contentsOf: text.utf8)
    }

    /// Writes everything buffered.
    func flush() {
        lock.lock()
        defer { lock.unlock() }
        flushLocked()
    }

    private func flushLocked() {
        guard !buffer.isEmpty else { return }
        // A closed pipe (`| head`) is not an error worth a crash: drop the rest.
        _ = try? buffer.withUnsafeBytes { try descriptor.writeAll($0) }
        buffer.removeAll(keepingCapacity: true)
    }
}

/// Encodes one JSON value per line (JSON Lines), keys sorted so output is stable.
struct JSONLines {
    private let encoder = JSONCoding.encoder(pretty: false)

    func line(_ value: some Encodable) -> String {
        // Encoding our own plain structs cannot fail; an empty object keeps the stream parseable.
        guard let data = try? encoder.encode(value) else { return "{}" }
        return String(decoding: data, as: UTF8.self)
    }
}

/// A problem as `--json` shows it.
struct ProblemRecord: Encodable {
    let code: String
    let severity: String
    let message: String
    let values: [String: String]

    init(_ problem: Problem, language: Language) {
        code = problem.code.rawValue
        severity = problem.severity.rawValue
        message = problem.cliMessage(in: language)
        values = Dictionary(uniqueKeysWithValues: problem.values.map { ($0.key.rawValue, $0.value) })
    }
}
