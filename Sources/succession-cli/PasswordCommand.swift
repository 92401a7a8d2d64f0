import ArgumentParser
import Foundation
import SuccessionKit

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// `succession password …`: the system's password policy.
struct PasswordCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "password",
        abstract: "Check a password against the system's policy, or generate one that never expires.",
        subcommands: [PasswordCheckCommand.self, PasswordGenerateCommand.self]
    )
}

enum AccountOption: String, ExpressibleByArgument, CaseIterable {
    case admin, face, linkage, master

    var kind: AccountKind {
        switch self {
        case .admin: .admin
        case .face: .faceAuth
        case .linkage: .linkage
        case .master: .master
        }
    }
}

struct PasswordCheckCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "check",
        abstract: "Check a password (read without echo, or from standard input; never from argv).",
        discussion: "--history-file FILE holds the previous passwords, newest first, one per line."
    )

    @Option(name: .long, help: "The account: admin, face, linkage or master.") var account: AccountOption
    @Option(name: .long, help: "A file of the last passwords, newest first (for the history rules).") var historyFile:
        String?
    @OptionGroup var output: OutputOptions

    func run() throws {
        let language = output.language
        let password = try readPassword(language: language)
        var history: [AccountPassword] = []
        if let historyFile {
            do {
                let reader = try TextLineReader(path: historyFile)
                while let line = try reader.nextLine() {
                    if let text = line.text { history.append(AccountPassword(text)) }
                }
            } catch {
                throw UsageFailure(message: error.cliMessage(in: language))
            }
        }
        let problems = PasswordPolicy.check(password, account: account.kind, history: history)
        let expiry = PasswordPolicy.expiry(length: password.count, account: account.kind, setOn: Date())
        let heading = [
            Phrase.account(language) + account.kind.name(in: language),
            (expiry == nil ? Phrase.expiryNever : Phrase.expirySixtyDays)(language),
        ]
        let fields: [String: JSONValue] = [
            "account": .string(account.kind.rawValue), "length": .int(password.count), "expires": .bool(expiry != nil),
        ]
        if !ProblemRenderer(language: language, json: output.json).render(problems, heading: heading, fields: fields) {
            throw ExitCode(ExitStatus.checkFailed)
        }
    }

    /// From a terminal without echo; otherwise the first line of standard input.
    private func readPassword(language: Language) throws -> AccountPassword {
        if isatty(0) == 0 {
            let reader = TextLineReader(standardInput: ())
            let line = try? reader.nextLine()
            return AccountPassword(line?.text ?? "")
        }
        let text = try SecretInput.text(
            file: nil,
            environment: "SUCCESSION_PASSWORD",
            option: "--password-file",
            prompt: Phrase.passwordPrompt(language),
            language: language
        )
        return AccountPassword(text)
    }
}

struct PasswordGenerateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "generate",
        abstract: "Write a strong password that the policy accepts and that never expires to a new file (mode 0600).",
        discussion:
            "The password is written only to --out, never to the screen; open the file to type it in, then remove it."
    )

    @Option(name: .long, help: "The file to write (never overwritten).") var out: String
    @Option(name: .long, help: "Length, 13 to 20 (default 16).") var length = 16
    @OptionGroup var output: OutputOptions

    func run() throws {
        let language = output.language
        let password = PasswordPolicy.generate(length: length)
        do {
            try AtomicFile.write(Array((password.revealed() + "\n").utf8), to: out, replace: false)
        } catch {
            ProblemRenderer(language: language, json: output.json).render(error.problems)
            throw ExitCode(ExitStatus.of(error))
        }
        let heading = [Phrase.writtenSecret(language) + out]
        ProblemRenderer(language: language, json: output.json).render(
            [],
            heading: heading,
            fields: ["file": .string(out), "length": .int(password.count)]
        )
    }
}
