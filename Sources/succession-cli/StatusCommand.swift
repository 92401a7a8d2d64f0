import ArgumentParser
import Foundation
import SuccessionKit

/// `succession status registration LABEL` and `succession status distribution LINE`.
struct StatusCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "status",
        abstract: "Explain a bulk-registration 登録状況 or the distribution app's Status= line.",
        subcommands: [RegistrationStatusCommand.self, DistributionStatusCommand.self]
    )
}

struct RegistrationStatusCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "registration",
        abstract: "Explain a 登録状況 label (exit 0 done, 1 otherwise)."
    )

    @Argument(help: "The label, e.g. 登録失敗(入力チェックエラー).") var label: String
    @OptionGroup var output: OutputOptions

    func run() throws {
        let language = output.language
        guard let status = RegistrationStatus(label: label) else {
            throw UsageFailure(
                message: Phrase.notARegistrationStatus(label)(language)
            )
        }
        // Not done yet (登録待ち, 登録中) is not OK: the verdict and the exit status agree.
        let problems = status.problem.map { [Problem($0.code, severity: .error, values: $0.values)] } ?? []
        let fields: [String: JSONValue] = [
            "status": .string(status.rawValue), "outcome": .string(status.outcome.rawValue),
        ]
        ProblemRenderer(language: language, json: output.json).render(
            problems,
            heading: [status.rawValue],
            fields: fields
        )
        if status.outcome != .done { throw ExitCode(ExitStatus.checkFailed) }
    }
}

struct DistributionStatusCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "distribution",
        abstract: "Check the distribution record's Status= line (exit 0 when done)."
    )

    @Argument(help: "The Status= line.") var line: String
    @OptionGroup var output: OutputOptions

    func run() throws {
        let status = DistributionStatus(line: line, now: Date())
        let problems = status.problem.map { [$0] } ?? []
        let fields: [String: JSONValue] = [
            "status": .string(status.text), "outcome": .string(status.outcome.rawValue),
            "resumeAt": .optional(status.resumeAt),
        ]
        ProblemRenderer(language: output.language, json: output.json).render(problems, fields: fields)
        if status.outcome != .done { throw ExitCode(ExitStatus.checkFailed) }
    }
}
