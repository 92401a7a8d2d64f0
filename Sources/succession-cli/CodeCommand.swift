import ArgumentParser
import SuccessionKit
import SystemPackage

/// `succession code …`: the 医療機関等コード.
struct CodeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "code",
        abstract: "Check medical institution codes (医療機関等コード).",
        subcommands: [CodeCheckCommand.self]
    )
}

/// `succession code check CODE... | --file F`.
struct CodeCheckCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "check",
        abstract: "Check codes: prefecture, kind, check digit; explain what is wrong.",
        discussion: """
            Codes may be typed with full-width digits, spaces or hyphens (13-1-0110049). \
            --file reads one code per line, or the first column of a CSV (UTF-8 or Shift-JIS), \
            in constant memory; '-' reads standard input. A first line without any digit is \
            taken as a header and skipped.
            Exit status: 0 all valid, 1 any invalid, 2 usage error or unreadable file.
            """
    )

    @Argument(help: "Codes to check.")
    var codes: [String] = []

    @Option(name: .long, help: "A file with one code per line, or a CSV whose first column is the code.")
    var file: String?

    @OptionGroup var output: OutputOptions

    func validate() throws {
        try UsageFailure.validating {
            if codes.isEmpty && file == nil { throw UsageFailure(message: Phrase.codesOrFile(output.language)) }
        }
    }

    func run() throws {
        let renderer = CodeCheckRenderer(language: output.language, json: output.json)
        var allValid = true
        for code in codes {
            allValid = renderer.render(MedicalInstitutionCode.read(code)) && allValid
        }
        if let file {
            allValid = try checkFile(file, renderer: renderer) && allValid
        }
        if !allValid { throw ExitCode(ExitStatus.checkFailed) }
    }

    private func checkFile(_ path: String, renderer: CodeCheckRenderer) throws -> Bool {
        var allValid = true
        let each = { (entry: CodeList.Entry) in
            switch entry {
            case .code(_, let reading): allValid = renderer.render(reading) && allValid
            case .unreadable(let problem):
                renderer.render(unreadableLine: problem)
                allValid = false
            }
        }
        do {
            if path == "-" {
                try CodeList.readStandardInput(each: each)
            } else {
                try CodeList.read(path: FilePath(path), each: each)
            }
        } catch {
            throw UsageFailure(message: error.cliMessage(in: output.language))
        }
        return allValid
    }
}
