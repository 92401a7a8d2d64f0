import ArgumentParser
import Foundation
import SuccessionKit

/// `succession terminal readers …`: the login-name management tool, and the initialization.
struct TerminalReadersCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "readers",
        abstract: "Card readers: list, remove (③, only 未接続), initialize (⑤), add (⑫), plug (sandbox).",
        subcommands: [List.self, Remove.self, Initialize.self, Add.self, Plug.self]
    )

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "list",
            abstract: "List readers: serial, login name, state."
        )
        @OptionGroup var terminal: TerminalOptions
        @OptionGroup var output: OutputOptions

        func run() async throws {
            let (site, renderer) = try terminal.context(output)
            let readers = try await attempt(renderer) { () async throws(SuccessionError) in
                try await site.readers.readers()
            }
            renderer.render(
                [],
                heading: readers.map { "\($0.serial)  \($0.loginName ?? "-")  \($0.state.rawValue)" },
                fields: [
                    "readers": .array(
                        readers.map {
                            .object([
                                "serial": .string($0.serial.rawValue), "loginName": .optional($0.loginName),
                                "state": .string($0.state.rawValue),
                            ])
                        }
                    )
                ]
            )
        }
    }

    struct Remove: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "remove",
            abstract: "Remove (撤去) a reader; refused while 接続中."
        )
        @Argument(help: "The reader's serial (SER. No.).") var serial: String
        @OptionGroup var terminal: TerminalOptions
        @OptionGroup var output: OutputOptions

        func run() async throws {
            let (site, renderer) = try terminal.context(output, changes: true)
            let language = renderer.language
            _ = try await attempt(renderer) { () async throws(SuccessionError) in
                try await site.readers.remove(ReaderSerialNumber(rawValue: serial))
            }
            renderer.render(
                [],
                heading: [Phrase.removed(language) + serial],
                fields: ["removed": .string(serial)]
            )
        }
    }

    struct Initialize: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "initialize",
            abstract: "Archive ReaderInfo.ini and unbind every reader; says first how many (several need --yes)."
        )
        @Flag(name: .long, help: "Go on even when several readers will be unbound.") var yes = false
        @OptionGroup var terminal: TerminalOptions
        @OptionGroup var output: OutputOptions

        func run() async throws {
            let (site, renderer) = try terminal.context(output, changes: true)
            let language = renderer.language
            let impact = try await attempt(renderer) { () async throws(SuccessionError) in
                try await site.readers.initializationImpact()
            }
            if let refusal = impact.confirmationProblem(confirmed: yes) {
                renderer.render(
                    impact.problems + [refusal],
                    fields: ["readersToUnbind": .array(impact.readersToUnbind.map { .string($0.rawValue) })]
                )
                throw ExitCode(ExitStatus.checkFailed)
            }
            let done = try await attempt(renderer) { () async throws(SuccessionError) in
                try await site.readers.initialize()
            }
            renderer.render(
                impact.problems,
                heading: done.change.archived.map { Phrase.archived(language) + $0.id },
                fields: [
                    "unbound": .array(done.unbound.map { .string($0.rawValue) }),
                    "archived": .array(done.change.archived.map { .string($0.id) }),
                ]
            )
        }
    }

    struct Add: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "add",
            abstract: "Bind a plugged-in reader to the face-auth account; it must show 接続中 afterwards.",
            discussion: "The password is read from --password-file, SUCCESSION_FACE_PASSWORD or a prompt without echo."
        )
        @Argument(help: "The reader's serial (SER. No.).") var serial: String
        @Option(name: .long, help: "The login name (F0FACE01).") var loginName = AccountID.faceAuth.rawValue

        func validate() throws { try validateSerial(serial, language: output.language) }
        @Option(name: .long, help: "A file whose first line is the face-auth password.") var passwordFile: String?
        @OptionGroup var terminal: TerminalOptions
        @OptionGroup var output: OutputOptions

        func run() async throws {
            let language = output.language
            let password = AccountPassword(
                try SecretInput.text(
                    file: passwordFile,
                    environment: "SUCCESSION_FACE_PASSWORD",
                    option: "--password-file",
                    prompt: Phrase.facePasswordPrompt(language),
                    language: language
                )
            )
            let site = try terminal.open(language: language, changes: true)
            let renderer = ProblemRenderer(language: language, json: output.json)
            let binding = try await attempt(renderer) { () async throws(SuccessionError) in
                try await site.readers.add(
                    ReaderSerialNumber(rawValue: serial),
                    loginName: loginName,
                    password: password
                )
            }.binding
            // What the login name's check warns of (FOFACE01 as printed: the zero is our inference).
            renderer.render(
                AccountID.identify(loginName).problems,
                heading: ["\(binding.serial)  \(binding.loginName ?? "-")  \(binding.state.rawValue)"],
                fields: ["serial": .string(binding.serial.rawValue), "state": .string(binding.state.rawValue)]
            )
        }
    }

    struct Plug: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "plug",
            abstract: "Sandbox only: plug a reader in (or --out) — what the technician does by hand."
        )
        @Argument(help: "The reader's serial.") var serial: String
        @Flag(name: .long, help: "Unplug it instead.") var out = false
        @OptionGroup var terminal: TerminalOptions
        @OptionGroup var output: OutputOptions

        func validate() throws { try validateSerial(serial, language: output.language) }

        func run() throws {
            let (site, renderer) = try terminal.context(output, changes: true)
            try attempt(renderer) { () throws(SuccessionError) in
                try SandboxReaderBindingStore(layout: site.layout).setPluggedIn(
                    ReaderSerialNumber(rawValue: serial),
                    !out
                )
            }
            renderer.render([], fields: ["serial": .string(serial), "pluggedIn": .bool(!out)])
        }
    }
}

/// A serial as printed on the sticker: something, without control characters.
func validateSerial(_ serial: String, language: Language) throws {
    try UsageFailure.validating {
        let typed = ReaderSerialNumber(rawValue: serial).rawValue
        if typed.isEmpty || typed.unicodeScalars.contains(where: { $0.properties.generalCategory == .control }) {
            throw UsageFailure(message: Phrase.serialUnusable(language))
        }
    }
}
