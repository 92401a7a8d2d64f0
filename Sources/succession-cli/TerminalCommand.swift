import ArgumentParser
import Foundation
import SuccessionKit
import SystemPackage
import SuccessionKitSandbox

/// `succession terminal …`: the terminal's stores, on a sandbox selected by `--terminal ROOT`.
struct TerminalCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "terminal",
        abstract:
            "Inspect and change a terminal's credentials, certificates and card readers (a sandbox: --terminal ROOT).",
        subcommands: [
            TerminalCheckCommand.self, TerminalCredentialsCommand.self, TerminalCertsCommand.self,
            TerminalReadersCommand.self,
            TerminalArchiveCommand.self, TerminalSandboxCommand.self, TerminalWindowsSandboxCommand.self,
        ]
    )
}

/// `--terminal ROOT`.
struct TerminalOptions: ParsableArguments {
    @Option(name: .long, help: "The sandbox terminal's root folder.") var terminal: String

    /// The terminal and a renderer for the command's output options.
    func context(_ output: OutputOptions, changes: Bool = false) throws -> (Terminal, ProblemRenderer) {
        let language = output.language
        return (try open(language: language, changes: changes), ProblemRenderer(language: language, json: output.json))
    }

    /// The terminal at `--terminal`, which must exist (a typo never creates a tree). A command
    /// that changes it takes the job's lock, so it cannot run beside `job run`.
    func open(language: Language, changes: Bool = false) throws -> Terminal {
        guard StateFolder(of: terminal).exists else {
            throw UsageFailure(message: Phrase.noTerminal(terminal)(language))
        }
        if changes { Self.heldLock = try JobLocks.hold(FilePath(terminal), language: language) }
        do {
            // A command that only reads creates no folder (an attended working folder stays as it is).
            return try Terminal.sandbox(root: FilePath(terminal), creatingFolders: changes)
        } catch {
            throw UsageFailure(message: error.cliMessage(in: language))
        }
    }

    /// The job's locks, held until the process ends.
    nonisolated(unsafe) private static var heldLock: JobLocks?
}

/// Runs a library call that may fail: the problems are rendered and the command exits as
/// ``ExitStatus/of(_:)-(SuccessionError)`` says.
func attempt<T>(_ renderer: ProblemRenderer, _ body: () throws(SuccessionError) -> T) throws -> T {
    do {
        return try body()
    } catch {
        renderer.render(error.problems)
        throw ExitCode(ExitStatus.of(error))
    }
}

/// ``attempt(_:_:)`` for a body that awaits (the job's steps, a store's calls).
func attempt<T>(_ renderer: ProblemRenderer, _ body: () async throws(SuccessionError) -> T) async throws -> T {
    do {
        return try await body()
    } catch {
        renderer.render(error.problems)
        throw ExitCode(ExitStatus.of(error))
    }
}

struct TerminalCheckCommand: TakingCodes, AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "check",
        abstract: "Cross-check everything against the new code and list every inconsistency at once."
    )

    @OptionGroup var terminal: TerminalOptions
    @Option(name: .long, help: "The NEW medical institution code.") var newCode: String
    @Option(name: .long, help: "The certificate issue notice, to check its 発行先.") var notice: String?
    @Option(name: .long, help: "The date to check validity on (default: now).") var at: String?
    @OptionGroup var output: OutputOptions

    var codeArguments: KeyValuePairs<String, String> { ["--new-code": newCode] }

    func run() async throws {
        let language = output.language
        let code = try parsedCodes()[0]
        let date =
            try at.map { text in
                guard let date = TypedDate.parse(text) else {
                    throw UsageFailure(message: Phrase.unreadableDate(text, option: "--at")(language))
                }
                return date
            } ?? Date()
        let reading = try notice.map { try NoticeCheckCommand.read($0, language: language) }
        let site = try terminal.open(language: language)
        let renderer = ProblemRenderer(language: language, json: output.json)
        let problems = try await attempt(renderer) { () async throws(SuccessionError) in
            try await site.check(newCode: code, notice: reading?.notice, at: date)
        }
        let heading = [Phrase.terminal(language) + terminal.terminal]
        if !renderer.render(
            problems,
            heading: heading,
            fields: ["terminal": .string(terminal.terminal), "newCode": .string(code.digits)]
        ) {
            throw ExitCode(ExitStatus.checkFailed)
        }
    }
}

struct TerminalCredentialsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "credentials",
        abstract: "Show OQS_MEDICAL_INSTITUTION_CODE and OQS_LOGIN_KEY's user, or set the code (⑩).",
        subcommands: [Show.self, SetCode.self]
    )

    struct Show: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "show",
            abstract: "Show the entries (never the password)."
        )
        @OptionGroup var terminal: TerminalOptions
        @OptionGroup var output: OutputOptions

        func run() async throws {
            let (site, renderer) = try terminal.context(output)
            let code = try await attempt(renderer) { () async throws(SuccessionError) in
                try await site.credentials.institutionCode()
            }
            let key = try await attempt(renderer) { () async throws(SuccessionError) in
                try await site.credentials.loginKey()
            }
            let heading = [
                "OQS_MEDICAL_INSTITUTION_CODE: \(code ?? "-")",
                "OQS_LOGIN_KEY: \(key.map { "\($0.userName) / \($0.password)" } ?? "-")",
            ]
            renderer.render(
                [],
                heading: heading,
                fields: ["institutionCode": .optional(code), "loginKeyUser": .optional(key?.userName)]
            )
        }
    }

    struct SetCode: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "set-code",
            abstract: "Replace OQS_MEDICAL_INSTITUTION_CODE with a valid code; the previous value is archived."
        )
        @Argument(help: "The new code.") var code: String
        @OptionGroup var terminal: TerminalOptions
        @OptionGroup var output: OutputOptions

        func run() async throws {
            let language = output.language
            let renderer = ProblemRenderer(language: language, json: output.json)
            // The code is the value checked, not an argument's shape: a bad one is NG (exit 1),
            // and nothing is written.
            let site = try terminal.open(language: language, changes: true)
            let change = try await attempt(renderer) { () async throws(SuccessionError) in
                try await site.credentials.setInstitutionCode(parsing: code)
            }
            renderer.render(
                [],
                heading: ["OQS_MEDICAL_INSTITUTION_CODE: \(change.before ?? "-") → \(change.after)"],
                fields: [
                    "before": .optional(change.before), "after": .string(change.after),
                    "archived": .array(change.change.archived.map { .string($0.id) }),
                ]
            )
        }
    }
}

struct TerminalCertsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "certs",
        abstract: "The personal certificate store: list, install a verified .p12 (⑦), remove old-code ones (④).",
        subcommands: [List.self, Install.self, RemoveOld.self]
    )

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(commandName: "list", abstract: "List the personal store.")
        @OptionGroup var terminal: TerminalOptions
        @OptionGroup var output: OutputOptions

        func run() async throws {
            let (site, renderer) = try terminal.context(output)
            let installed = try await attempt(renderer) { () async throws(SuccessionError) in
                try await site.certificates.personal()
            }
            let lines = installed.map {
                "\($0.institutionCode?.digits ?? $0.issuedTo)  \($0.issuer)  \(($0.thumbprint ?? "").prefix(16))…"
            }
            let records: [JSONValue] = installed.map {
                .object([
                    "institutionCode": .optional($0.institutionCode?.digits),
                    "issuer": .string($0.certificate?.issuer.rfc2253 ?? $0.issuer),
                    "subject": .string($0.certificate?.subject.rfc2253 ?? $0.issuedTo),
                    "sha256": .optional($0.certificate?.sha256), "thumbprint": .optional($0.thumbprint),
                    "notAfter": .optional($0.notAfter.map(ISO8601.string)),
                ])
            }
            renderer.render([], heading: lines, fields: ["certificates": .array(records)])
        }
    }

    struct Install: CheckedAgainstCodes, AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "install",
            abstract: "Install a .p12 that passes verification for the new code, with the manual's import options."
        )
        @Argument(help: "The .p12 file.") var file: String
        @OptionGroup var codes: SuccessionCodeOptions
        @OptionGroup var terminal: TerminalOptions
        @OptionGroup var pinOptions: PINOptions
        @OptionGroup var output: OutputOptions

        func run() async throws {
            let language = output.language
            let inputs = try CertificateInputs(codes, pinOptions, language: language)
            let opened = try CertificateFile.open(file, pin: inputs.pin, language: language)
            let site = try terminal.open(language: language, changes: true)
            let renderer = ProblemRenderer(language: language, json: output.json)
            let installation = try await attempt(renderer) { () async throws(SuccessionError) in
                try await site.certificates.install(
                    CertificateImport(
                        bundle: opened.bundle.get(),
                        fileBytes: opened.bytes,
                        filePath: FilePath(file),
                        pin: inputs.pin,
                        newCode: inputs.newCode,
                        oldCode: inputs.oldCode,
                        options: .manual,
                        date: inputs.date
                    )
                )
            }
            let bundle = try opened.bundle.get()
            renderer.render(
                [],
                heading: [
                    Phrase.installed(language) + bundle.certificate.subject.rfc2253
                ],
                fields: [
                    "sha256": .string(bundle.certificate.sha256),
                    "thumbprint": .optional(installation.installed.thumbprint),
                ]
            )
        }
    }

    struct RemoveOld: TakingCodes, AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "remove-old",
            abstract: "Remove (archive) every Online Billing certificate that is not for the new code."
        )
        @Option(name: .long, help: "The NEW medical institution code.") var newCode: String
        @OptionGroup var terminal: TerminalOptions
        @OptionGroup var output: OutputOptions

        var codeArguments: KeyValuePairs<String, String> { ["--new-code": newCode] }

        func run() async throws {
            let language = output.language
            let code = try parsedCodes()[0]
            let site = try terminal.open(language: language, changes: true)
            let renderer = ProblemRenderer(language: language, json: output.json)
            let entries = try await attempt(renderer) { () async throws(SuccessionError) in
                var entries: [TerminalArchive.Entry] = []
                for old in try await site.certificates.onlineBillingCertificates() where old.institutionCode != code {
                    entries += try await site.certificates.remove(old).archived
                }
                return entries
            }
            renderer.render(
                [],
                heading: entries.map { Phrase.archived(language) + $0.id },
                fields: ["archived": .array(entries.map { .string($0.id) })]
            )
        }
    }
}

struct TerminalArchiveCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "archive",
        abstract: "List what destructive changes archived, or restore one entry byte for byte.",
        subcommands: [List.self, Restore.self]
    )

    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "list", abstract: "List the archive.")
        @OptionGroup var terminal: TerminalOptions
        @OptionGroup var output: OutputOptions

        func run() throws {
            let (site, renderer) = try terminal.context(output)
            let entries = try attempt(renderer) { () throws(SuccessionError) in try site.archive.entries() }
            renderer.render(
                [],
                heading: entries.map { "\($0.id)  \($0.reason)  ← \($0.originalPath)" },
                fields: [
                    "entries": .array(
                        entries.map {
                            .object([
                                "id": .string($0.id), "originalPath": .string($0.originalPath),
                                "reason": .string($0.reason), "sha256": .string($0.sha256),
                            ])
                        }
                    )
                ]
            )
        }
    }

    struct Restore: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "restore", abstract: "Restore one archived file.")
        @Argument(help: "The entry's id (see archive list).") var id: String
        @OptionGroup var terminal: TerminalOptions
        @OptionGroup var output: OutputOptions

        func run() throws {
            let (site, renderer) = try terminal.context(output, changes: true)
            let language = renderer.language
            try attempt(renderer) { () throws(SuccessionError) in try site.archive.restore(id, date: Date()) }
            renderer.render(
                [],
                heading: [Phrase.restored(language) + id],
                fields: ["restored": .string(id)]
            )
        }
    }
}

struct TerminalSandboxCommand: TakingCodes {
    static let configuration = CommandConfiguration(
        commandName: "sandbox",
        abstract:
            "Create a practice terminal: as the demo's, before any step (old certificate, old code, two readers).",
        discussion: "The certificates' PIN (証明書パスワード) is 1357; the notice is on the sandbox's desktop as 通知書.txt."
    )

    @Argument(help: "The folder to create (must not hold a sandbox).") var root: String
    @Option(name: .long, help: "The OLD code.") var oldCode = "0110113719"
    @Option(name: .long, help: "The NEW code.") var newCode = "1310110049"
    @OptionGroup var output: OutputOptions

    var codeArguments: KeyValuePairs<String, String> { ["--old-code": oldCode, "--new-code": newCode] }

    func run() throws {
        let language = output.language
        let codes = try parsedCodes()
        let (old, new) = (codes[0], codes[1])
        if StateFolder(of: root).exists {
            throw UsageFailure(
                message: Phrase.sandboxExists(root)(language)
            )
        }
        let renderer = ProblemRenderer(language: language, json: output.json)
        // The state folder is claimed by one mkdir, which only one of two concurrent processes
        // wins; the winner then holds the job's lock while it builds the sandbox.
        try attempt(renderer) { () throws(SuccessionError) in try AtomicFile.createFolder(root) }
        if mkdir(StateFolder(of: root).path, 0o700) != 0 {
            if errno == EEXIST { throw UsageFailure(message: Phrase.sandboxExists(root)(language)) }
            let reason = SystemReason.values(errno: errno)
            try attempt(renderer) { () throws(SuccessionError) in
                throw SuccessionError(
                    .fileUnwritable,
                    path: StateFolder(of: root).path,
                    system: reason
                )
            }
        }
        let lock = try JobLocks.hold(FilePath(root), language: language)
        let scenario = try attempt(renderer) { () throws(SuccessionError) in
            try SandboxScenario.make(root: FilePath(root), oldCode: old, newCode: new, pin: CertificatePIN("1357"))
        }
        withExtendedLifetime(lock) {}
        renderer.render(
            [],
            heading: [root],
            fields: [
                "terminal": .string(root), "notice": .string(scenario.noticeFile.string),
                "readers": .array(scenario.readerSerials.map { .string($0.rawValue) }),
            ]
        )
    }
}

/// The locks a command that changes a terminal takes, as a job session does: the folder's (the
/// page holds it while it serves) and the journal's. A lock held elsewhere ends the command
/// with its message (exit 1).
struct JobLocks {
    let folder: JobFolderLock
    let store: JobStore

    static func hold(_ root: FilePath, language: Language) throws -> JobLocks {
        do {
            let folder = try JobFolderLock(root)
            return JobLocks(folder: folder, store: try JobStore(layout: TerminalLayout(root: root)))
        } catch {
            Output.error.write(error.cliMessage(in: language))
            throw ExitCode(ExitStatus.of(error))
        }
    }
}
