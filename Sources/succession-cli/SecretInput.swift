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
            case .failure(let error): throw UsageFailure(message: error.cliMessage(in: language))
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
    static func promptWithoutEcho(_ prompt: String) -> String? {
        let tty = open("/dev/tty", O_RDWR | O_CLOEXEC)
        guard tty >= 0 else { return nil }
        defer { close(tty) }
        var original = termios()
        guard tcgetattr(tty, &original) == 0 else { return nil }
        var silent = original
        silent.c_lflag &= ~tcflag_t(ECHO)
        _ = prompt.withCString { write(tty, $0, strlen($0)) }
        // Ctrl-C (or a hang-up, a kill) while echo is off must not leave the terminal silent:
        // the handler puts the saved settings back, then dies of the signal as it would have.
        EchoGuard.arm(tty: tty, settings: original, silent: silent)
        tcsetattr(tty, TCSAFLUSH, &silent)
        defer {
            tcsetattr(tty, TCSAFLUSH, &original)
            EchoGuard.disarm()
            _ = write(tty, "\n", 1)
        }
        var bytes: [UInt8] = []
        var byte: UInt8 = 0
        while readByte(tty, &byte) == 1, byte != UInt8(ascii: "\n") {
            bytes.append(byte)
        }
        let text = String(decoding: bytes, as: UTF8.self)
        for index in bytes.indices { bytes[index] = 0 }
        return text
    }

    /// One byte from `descriptor` (the C library's read, on Linux and macOS alike).
    private static func readByte(_ descriptor: Int32, _ byte: inout UInt8) -> Int {
        #if canImport(Glibc)
        Glibc.read(descriptor, &byte, 1)
        #else
        Darwin.read(descriptor, &byte, 1)
        #endif
    }
}

/// Restores the terminal's echo when a signal ends the process during a silent prompt, and puts
/// back what handled each signal before the prompt: Ctrl-C during (or after) a secret's prompt
/// ends `job run` as at any other prompt, saying how to resume, never silently.
enum EchoGuard {
    // The handler can capture nothing: what it restores lives in globals, written before the
    // handlers are installed and only read by them.
    nonisolated(unsafe) static var tty: Int32 = -1
    nonisolated(unsafe) static var settings = termios()
    nonisolated(unsafe) static var silent = termios()
    /// The actions before the prompt, by signal number (an allocation the handler only reads).
    nonisolated(unsafe) static let previous = UnsafeMutablePointer<sigaction>.allocate(capacity: 65)
    static let signals = [SIGINT, SIGTERM, SIGHUP, SIGQUIT, SIGTSTP]

    static func arm(tty: Int32, settings: termios, silent: termios) {
        Self.tty = tty
        Self.settings = settings
        Self.silent = silent
        for number in signals {
            sigaction(number, nil, previous + Int(number))
            install(number)
        }
    }

    private static func install(_ number: Int32) {
        signal(number) { received in
            // tcsetattr, sigaction, signal, raise and kill are async-signal-safe.
            _ = tcsetattr(EchoGuard.tty, TCSANOW, &EchoGuard.settings)
            if received == SIGTSTP {
                // Ctrl-Z: stop with the echo on; after fg, the prompt is silent again.
                signal(SIGTSTP, SIG_DFL)
                raise(SIGTSTP)
                _ = tcsetattr(EchoGuard.tty, TCSANOW, &EchoGuard.silent)
                EchoGuard.install(SIGTSTP)
                return
            }
            // The signal as the process would have taken it without the prompt (job run's
            // notice of Ctrl-C, or the default).
            sigaction(received, EchoGuard.previous + Int(received), nil)
            kill(getpid(), received)
        }
    }

    static func disarm() {
        for number in signals { sigaction(number, previous + Int(number), nil) }
        tty = -1
    }
}
