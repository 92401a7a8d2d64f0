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

    /// Writes `text` and a line feed.
    func write(_ text: String) {
        lock.lock()
        defer { lock.unlock() }
        buffer.append(contentsOf: text.utf8)
        buffer.append(UInt8(ascii: "\n"))
        if buffer.count >= Self.limit { flushLocked() }
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
    private let encoder: JSONEncoder = {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        encoder.dateEncodingStrategy = .iso8601
        return encoder
    }()

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
        message = problem.message(in: language)
        values = Dictionary(uniqueKeysWithValues: problem.values.map { ($0.key.rawValue, $0.value) })
    }
}
