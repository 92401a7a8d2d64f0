import ArgumentParser
import Foundation
import SuccessionKit

/// `succession accounts …`: the system's accounts and the bulk-registration file.
struct AccountsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "accounts",
        abstract: "Check account IDs and make or check the bulk-registration CSV.",
        subcommands: [AccountsCheckCommand.self, AccountsCSVCommand.self]
    )
}

struct AccountsCheckCommand: TakingCodes {
    static let configuration = CommandConfiguration(
        commandName: "check",
        abstract: "Show the accounts a code needs and check typed IDs for look-alikes (O/0, I/1) and the wrong kind."
    )

    @Option(name: .long, help: "The facility's (new) medical institution code.") var code: String
    @Option(name: .long, help: "The user name of the OQS_LOGIN_KEY credential (R0RENK01 or R1RENK01).")
    var loginKeyUser: String?
    @Option(name: .customLong("id"), help: "An account ID to check (repeatable).") var ids: [String] = []
    @Option(name: .long, help: "The master account ID (H + 7 digits), to check its reset ID.") var master: String?
    @OptionGroup var output: OutputOptions

    var codeArguments: KeyValuePairs<String, String> { ["--code": code] }

    func run() throws {
        let language = output.language
        let code = try parsedCodes()[0]
        guard let terminalKind = code.terminalKind else {
            let problem = Problem(.codeNoTerminalProcedure, severity: .warning)
            ProblemRenderer(language: language, json: output.json).render([problem])
            throw ExitCode(ExitStatus.checkFailed)
        }
        var problems: [Problem] = []
        var masterID: AccountID?
        if let master {
            let identified = AccountID.identify(master)
            problems += identified.problems
            masterID = identified.kind == .master ? identified.id : nil
        }
        let accounts = AccountSet(terminalKind: terminalKind, master: masterID)
        problems += accounts.check(ids: ids, loginKeyUser: loginKeyUser)
        let heading =
            [
                "\(Phrase.terminalKind(language)): \(terminalKind.name(in: language))",
                "  \(AccountKind.admin.name(in: language)): \(accounts.admin)",
                "  \(AccountKind.faceAuth.name(in: language)): \(accounts.faceAuth)",
                "  \(AccountKind.linkage.name(in: language)): \(accounts.linkage)",
            ] + (accounts.masterReset.map { ["  \(AccountKind.masterReset.name(in: language)): \($0)"] } ?? [])
        let fields: [String: JSONValue] = [
            "code": .string(code.digits),
            "terminalKind": .string(terminalKind.rawValue),
            "accounts": .object([
                "admin": .string(accounts.admin.rawValue), "faceAuth": .string(accounts.faceAuth.rawValue),
                "linkage": .string(accounts.linkage.rawValue), "master": .optional(accounts.master?.rawValue),
                "masterReset": .optional(accounts.masterReset?.rawValue),
            ]),
        ]
        if !ProblemRenderer(language: language, json: output.json).render(problems, heading: heading, fields: fields) {
            throw ExitCode(ExitStatus.checkFailed)
        }
    }
}

struct AccountsCSVCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "csv",
        abstract: "Write the bulk-registration CSV (Shift-JIS, CRLF) for a code, or --check an existing one.",
        discussion: """
            The system's column layout is not published: the default follows the admin-account form \
            (医療機関コード, 権限区分, ユーザID, ユーザ名, ユーザ名(カナ), 利用開始年月日, 利用終了年月日). Give a vendor's \
            layout with --layout FILE.json.
            """
    )

    @Option(name: .long, help: "The facility's (new) medical institution code.") var code: String?
    @Option(name: .long, help: "Write the file here (never overwritten).") var out: String?
    @Option(name: .long, help: "Check this existing file before upload instead of writing one.") var check: String?
    @Option(name: .long, help: "A JSON column layout (see --help).") var layout: String?
    @Option(name: .long, help: "The 利用開始年月日 (default: today).") var start: String?
    @OptionGroup var output: OutputOptions

    func validate() throws {
        try UsageFailure.validating {
            let language = output.language
            if (out == nil) == (check == nil) { throw UsageFailure(message: Phrase.csvOutOrCheck(language)) }
            if out != nil && code == nil { throw UsageFailure(message: Phrase.csvOutNeedsCode(language)) }
            _ = try code.map { try CodeArgument.parse($0, option: "--code", language: language) }
        }
    }

    func run() throws {
        let language = output.language
        let layout = try loadLayout(language: language)
        let code = try code.map { try CodeArgument.parse($0, option: "--code", language: language) }
        let renderer = ProblemRenderer(language: language, json: output.json)
        if let check {
            let bytes: [UInt8]
            do { bytes = try FileBytes.read(check) } catch {
                throw UsageFailure(message: error.cliMessage(in: language))
            }
            let decoded = BulkRegistrationFile.decode(bytes, layout: layout)
            let problems =
                decoded.problems
                + BulkRegistrationFile.check(decoded.rows, code: code, firstLine: layout.hasHeader ? 2 : 1)
            let fields: [String: JSONValue] = ["file": .string(check), "rows": .int(decoded.rows.count)]
            if !renderer.render(problems, heading: [check], fields: fields) { throw ExitCode(ExitStatus.checkFailed) }
            return
        }
        guard let code, let out else { return }
        var startDate = Date()
        if let start {
            guard let parsed = TypedDate.parse(start) else { throw UsageFailure(message: "--start \(start)?") }
            startDate = parsed
        }
        let rows = BulkRegistrationFile.rows(for: code, start: startDate)
        do {
            let bytes = try BulkRegistrationFile.encode(rows, layout: layout)
            try AtomicFile.write(bytes, to: out, replace: false, mode: 0o644)
            let heading = [
                Phrase.writtenShiftJIS(language) + out,
                Phrase.uploadInterval(language),
            ]
            // Without --layout the columns are our assumption: say so every time a file is written.
            let assumed = self.layout == nil ? [Problem(.csvLayoutAssumed, severity: .warning)] : []
            renderer.render(
                assumed,
                heading: heading,
                fields: ["file": .string(out), "rows": .int(rows.count), "layoutAssumed": .bool(self.layout == nil)]
            )
        } catch {
            renderer.render(error.problems)
            throw ExitCode(ExitStatus.of(error))
        }
    }

    private func loadLayout(language: Language) throws -> BulkRegistrationLayout {
        guard let layout else { return .adminFields }
        do {
            return try BulkRegistrationLayout.decode(json: Data(FileBytes.read(layout)))
        } catch {
            throw UsageFailure(message: error.cliMessage(in: language))
        }
    }
}
