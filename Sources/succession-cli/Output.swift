import SuccessionKit
import Synchronization
import SystemPackage

#if canImport(Foundation)
import Foundation
#endif

/// Buffered writing to standard output or standard error: a million result lines are
/// written in large blocks, not one system call each.
final class Output: Sendable {
    // Progress is written from worker threads while the main task writes: one Mutex holds both.
    static let standard = Output(.standardOutput)
    static let error = Output(.standardError)

    private struct State {
        var buffer: [UInt8] = []
        /// The first failed write (a full disk, a closed descriptor): the output is incomplete.
        var failure: Errno?
    }

    private let descriptor: FileDescriptor
    private let state: Mutex<State>
    private static let limit = 1 << 16

    private init(_ descriptor: FileDescriptor) {
        self.descriptor = descriptor
        var initial = State()
        initial.buffer.reserveCapacity(Self.limit + 4096)
        state = Mutex(initial)
    }

    /// Writes `text` and a line feed. Control characters that input may carry (escape
    /// sequences, NUL, C1 controls) are shown escaped (`\u001B`), never sent to the terminal.
    func write(_ text: String) {
        state.withLock { state in
            Self.appendEscaped(text, to: &state.buffer)
            state.buffer.append(UInt8(ascii: "\n"))
            if state.buffer.count >= Self.limit { flush(&state) }
        }
    }

    /// Appends `text`'s UTF-8, with C0 controls (but line feed and tab), DEL, the C1 controls
    /// and the bidirectional controls (U+061C, U+200E, U+200F, U+202A…U+202E, U+2066…U+2069:
    /// a U+202E makes `21p.exe` read as `exe.p12`) written as `\u00XX` / `\u20XX`.
    static func appendEscaped(_ text: String, to buffer: inout [UInt8]) {
        let bytes = text.utf8
        var previous: UInt8 = 0
        var beforePrevious: UInt8 = 0
        for byte in bytes {
            let c0 = byte < 0x20 && byte != 0x0A && byte != 0x09
            let c1 = previous == 0xC2 && (0x80...0x9F).contains(byte)
            let arabicMark = previous == 0xD8 && byte == 0x9C
            let bidi =
                beforePrevious == 0xE2
                && ((previous == 0x80 && (byte == 0x8E || byte == 0x8F || (0xAA...0xAE).contains(byte)))
                    || (previous == 0x81 && (0xA6...0xA9).contains(byte)))
            if c0 || byte == 0x7F || c1 {
                if c1 { buffer.removeLast() }  // the 0xC2 lead byte of U+0080…U+009F
                appendCodePoint(UInt32(byte), to: &buffer)
            } else if arabicMark {
                buffer.removeLast()
                appendCodePoint(0x061C, to: &buffer)
            } else if bidi {
                buffer.removeLast(2)
                appendCodePoint(0x2000 | UInt32(previous & 0x3F) << 6 | UInt32(byte & 0x3F), to: &buffer)
            } else {
                buffer.append(byte)
            }
            beforePrevious = previous
            previous = byte
        }
    }

    private static func appendCodePoint(_ value: UInt32, to buffer: inout [UInt8]) {
        let hex = Array("0123456789ABCDEF".utf8)
        buffer.append(contentsOf: Array("\\u".utf8))
        for shift in [12, 8, 4, 0] { buffer.append(hex[Int((value >> UInt32(shift)) & 0xF)]) }
    }

    /// `text` as one line: line feeds and carriage returns shown as `\u000A` / `\u000D`
    /// (for a file name, which may hold them).
    static func oneLine(_ text: String) -> String {
        text.replacingOccurrences(of: "\r\n", with: "\\u000D\\u000A").replacingOccurrences(of: "\n", with: "\\u000A")
            .replacingOccurrences(of: "\r", with: "\\u000D")
    }

    /// Writes `text` as it is, without a line feed.
    func writeRaw(_ text: String) {
        state.withLock { $0.buffer.append(contentsOf: text.utf8) }
    }

    /// Writes everything buffered.
    func flush() {
        state.withLock { flush(&$0) }
    }

    private func flush(_ state: inout State) {
        guard !state.buffer.isEmpty else { return }
        // Every write is checked: `> /dev/full` or `>&-` is an incomplete output, which the
        // exit status must say (print and FileHandle would drop the error). After the first
        // failure the rest is dropped.
        if state.failure == nil {
            do {
                _ = try state.buffer.withUnsafeBytes { try descriptor.writeAll($0) }
            } catch {
                state.failure = error as? Errno ?? Errno(rawValue: EIO)
            }
        }
        state.buffer.removeAll(keepingCapacity: true)
    }

    /// Flushes, and returns the system's reason for the first failed write, if any failed.
    func flushedFailure() -> String? {
        state.withLock { state in
            flush(&state)
            return state.failure.map { String(cString: strerror($0.rawValue)) }
        }
    }

    /// Gives every one of the standard descriptors 0, 1 and 2 that is closed (`>&-`) a
    /// stand-in that fails every write (`/dev/null` opened read-only), so that no file the
    /// tool opens later (a journal, a lock) takes the number and receives its output.
    static func guardClosedStandardDescriptors() {
        for number: Int32 in [0, 1, 2] where fcntl(number, F_GETFD) == -1 && errno == EBADF {
            let standIn = open("/dev/null", O_RDONLY)
            if standIn >= 0 && standIn != number {
                dup2(standIn, number)
                close(standIn)
            }
        }
    }
}

/// Encodes one JSON value per line (JSON Lines), keys sorted so output is stable.
struct JSONLines {
    private let encoder = JSONCoding.encoder(pretty: false)

    /// The line for a value that could not be encoded: a problem, never an empty object that
    /// a reader would take for an empty result.
    static let encodingFailure = #"{"code":"cli.jsonEncoding","severity":"error","values":{}}"#

    func line(_ value: some Encodable) -> String {
        do {
            return String(decoding: try encoder.encode(value), as: UTF8.self)
        } catch {
            // Not expected of the tool's own records; said on standard error too, with why.
            Output.error.write("succession: --json could not encode \(type(of: value)): \(error)")
            return Self.encodingFailure
        }
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
