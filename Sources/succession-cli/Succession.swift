import ArgumentParser
import Foundation
import SuccessionKit

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// `succession`: the technician's command line over SuccessionKit.
@main
struct Succession: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "succession",
        abstract: "Checked, recorded succession work (承継工事) for オンライン資格確認 terminals.",
        discussion: """
            Exit status: 0 when every check passes, 1 when a check fails, 2 on a usage error or \
            an unreadable input.
            """,
        version: "0.2.0",
        subcommands: [
            CodeCommand.self, CertCommand.self, NoticeCommand.self, AccountsCommand.self, PasswordCommand.self,
            StatusCommand.self, TerminalCommand.self, JobCommand.self, DemoCommand.self, ServeCommand.self,
        ]
    )

    /// Parses, runs, and maps the outcome to our exit statuses: ArgumentParser's usage
    /// error (64, EX_USAGE) becomes 2, and a failed check (`ExitCode(1)`) 1.
    static func main() async {
        Output.guardClosedStandardDescriptors()
        do {
            try Arguments.requireText()
            Arguments.noteLocale()
            var command = try parseAsRoot()
            if var asyncCommand = command as? any AsyncParsableCommand {
                try await asyncCommand.run()
            } else {
                try command.run()
            }
            Output.error.flush()
            terminate(checkedOutput(ExitStatus.success))
        } catch {
            Output.error.flush()
            terminate(checkedOutput(status(for: error)))
        }
    }

    /// `status`, unless standard output could not be written: then `file.unwritable`, exit 2
    /// (a report half on a full disk is no report).
    private static func checkedOutput(_ status: Int32) -> Int32 {
        guard let failure = Output.standard.flushedFailure() else { return status }
        let language = Language.preferred(environment: ProcessInfo.processInfo.environment)
        Output.error.write(Phrase.standardOutputFailed(failure)(language))
        Output.error.flush()
        return ExitStatus.usage
    }

    private static func status(for error: any Error) -> Int32 {
        switch error {
        case let failure as UsageFailure:
            Output.error.write(failure.message)
            Output.error.flush()
            return ExitStatus.usage
        case let exitCode as ExitCode where exitCode == .validationFailure:
            return ExitStatus.usage
        case let exitCode as ExitCode:
            return exitCode.rawValue
        default:
            let code = exitCode(for: error)
            let message = fullMessage(for: error)
            if code == .success {
                Output.standard.write(message)
                Output.standard.flush()
                return ExitStatus.success
            }
            if !message.isEmpty {
                Output.error.write(message)
                Output.error.flush()
            }
            return code == .validationFailure ? ExitStatus.usage : code.rawValue
        }
    }
}

/// Ends the process with `status` (the C library's `exit`, not ParsableCommand's).
private func terminate(_ status: Int32) -> Never {
    exit(status)
}

/// The exit statuses every command shares.
enum ExitStatus {
    /// Every check passed.
    static let success: Int32 = 0
    /// A check failed.
    static let checkFailed: Int32 = 1
    /// Bad usage, or an input that could not be read.
    static let usage: Int32 = 2

    /// The one policy for a library error, used by every command: a file that cannot be read
    /// or written (every `file.*` code), a damaged state file or answer script is bad usage or
    /// unreadable input (2); every other problem is a check that failed (1).
    static func of(_ code: ProblemCode) -> Int32 {
        code.rawValue.hasPrefix("file.") || unreadableInput.contains(code) ? usage : checkFailed
    }

    /// The status of `error`, from its first (most important) problem.
    static func of(_ error: SuccessionError) -> Int32 { of(error.code) }

    /// Codes outside the `file.` family that mean an input could not be read.
    static let unreadableInput: Set<ProblemCode> = [.terminalStateDamaged, .attendedScript]
}

/// Ends a command with status 2 after printing `message` (already in the person's language).
struct UsageFailure: Error {
    let message: String

    /// Runs the shape checks of a command's `validate()`, before anything is asked or read (a
    /// mistyped code never costs a PIN prompt). A failure prints our own message, in the
    /// person's language and without ArgumentParser's English frame, and ends with status 2.
    static func validating(_ checks: () throws -> Void) throws {
        // ArgumentParser validates a command before it shows the help asked for: asking for help
        // is no mistake, so nothing is said about what is missing.
        if CommandLine.arguments.dropFirst().contains(where: { $0 == "--help" || $0 == "-h" }) { return }
        do {
            try checks()
        } catch let failure as UsageFailure {
            Output.error.write(failure.message)
            Output.error.flush()
            throw ExitCode.validationFailure
        }
    }
}
