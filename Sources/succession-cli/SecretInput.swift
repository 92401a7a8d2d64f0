import SuccessionKit

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Reads a PIN or passphrase without ever taking it from argv: a file (`--pin-file`), an
/// environment variable, or a prompt on the terminal with echo turned off. It is never printed.
enum SecretInput {
    /// The secret from `file`, else the variable `environment`, else a prompt on /dev/tty.
    /// - Parameter confirm: ask twice at the prompt (for a new passphrase).
    static func read(
        file: String?,
        environment: String,
        option: String = "--pin-file",
        prompt: String,
        confirmPrompt: String? = nil,
        language: Language
    ) throws -> CertificatePIN {
        CertificatePIN(
            try text(
                file: file,
                environment: environment,
                option: option,
                prompt: prompt,
                confirmPrompt: confirmPrompt,
                language: language
            )
        )
    }

    /// The secret as typed (no normalization), from the same sources as ``read``.
    static func text(
        file: String?,
        environment: String,
        option: String = "--pin-file",
        prompt: String,
        confirmPrompt: String? = nil,
        language: Language
    ) throws -> String {
        if let file {
            switch Result(catching: { () throws(SuccessionError) -> String in try firstLine(of: file) }) {
            case .success(let line): return line
            case .failure(let error): throw UsageFailure(message: error.message(in: language))
            }
        }
        if let value = getenv(environment) {
            return String(cString: value)
        }
        guard let first = promptWithoutEcho(prompt) else {
            throw UsageFailure(
                message: Phrase.noSecretTerminal(environment, option: option)(language)
            )
        }
        if let confirmPrompt {
            guard let second = promptWithoutEcho(confirmPrompt), second == first else {
                throw UsageFailure(
                    message: Phrase.entriesDiffer(language)
                )
            }
        }
        return first
    }

    private static func firstLine(of file: String) throws(SuccessionError) -> String {
        let reader = try TextLineReader(path: file)
        defer { reader.close() }
        return try reader.nextLine()?.text ?? ""
    }

    /// Asks on /dev/tty with echo off; `nil` when there is no terminal.
    private static func promptWithoutEcho(_ prompt: String) -> String? {
        let tty = open("/dev/tty", O_RDWR | O_CLOEXEC)
        guard tty >= 0 else { return nil }
        defer { close(tty) }
        var original = termios()
        guard tcgetattr(tty, &original) == 0 else { return nil }
        var silent = original
        silent.c_lflag &= ~tcflag_t(ECHO)
        _ = prompt.withCString { write(tty, $0, strlen($0)) }
        tcsetattr(tty, TCSAFLUSH, &silent)
        defer {
            tcsetattr(tty, TCSAFLUSH, &original)
            _ = write(tty, "\n", 1)
        }
        var bytes: [UInt8] = []
        var byte: UInt8 = 0
        while Glibc.read(tty, &byte, 1) == 1, byte != UInt8(ascii: "\n") {
            bytes.append(byte)
        }
        let text = String(decoding: bytes, as: UTF8.self)
        for index in bytes.indices { bytes[index] = 0 }
        return text
    }
}
