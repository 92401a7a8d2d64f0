import Foundation
import SuccessionKit

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The person at the terminal, asked on this TTY: the manual's instructions, then a prompt; a
/// list is typed one item per line and ended with an empty line.
struct TerminalPerson: AttendedPerson {
    let language: Language

    private static let lists: Set<AttendedQuestion.ID> = [.readersList, .certificatesList]

    func answer(_ question: AttendedQuestion) -> String? {
        guard isatty(0) == 1 else { return nil }
        Output.standard.write("")
        for line in question.instructions.lines(in: language) { Output.standard.write("  " + line) }
        let subject = question.subject.map { " [\($0)]" } ?? ""
        for line in question.prompt.lines(in: language) { Output.standard.write("  → " + line + subject) }
        if Self.lists.contains(question.id) {
            var lines: [String] = []
            while true {
                Output.standard.writeRaw("    > ")
                Output.standard.flush()
                guard let line = readLine() else { return lines.isEmpty ? nil : lines.joined(separator: "\n") }
                if line.trimmingCharacters(in: .whitespaces).isEmpty { break }
                lines.append(line)
            }
            // A blank first line is the empty list; the library reads "" (and 「なし」) as none.
            return lines.joined(separator: "\n")
        }
        Output.standard.writeRaw("    > ")
        Output.standard.flush()
        return readLine()
    }
}

/// A rehearsal or test script: answers to the attended terminal's questions and to manual steps.
///
/// ```json
/// { "answers": { "readers.list": "CAORA-000101 未接続", "certificates.list": ["…", "…"] },
///   "steps": { "9": { "answer": "yes", "institutionCode": "1310110049" } } }
/// ```
struct AnswerScript: Decodable {
    var answers: [String: ScriptedPerson.Answer] = [:]
    var steps: [String: StepAnswer] = [:]

    init() {}

    init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        answers = try container.decodeIfPresent([String: ScriptedPerson.Answer].self, forKey: .answers) ?? [:]
        steps = try container.decodeIfPresent([String: StepAnswer].self, forKey: .steps) ?? [:]
    }

    private enum CodingKeys: String, CodingKey { case answers, steps }

    static func read(_ path: String, language: Language) throws -> AnswerScript {
        do {
            return try JSONFile.load(AnswerScript.self, from: path, damaged: .attendedScript)
        } catch {
            throw UsageFailure(message: error.cliMessage(in: language))
        }
    }

    /// The answer for a manual step, by its id (`9`, `S1`).
    func answer(for step: SuccessionStep) -> StepAnswer? {
        steps[step.id.rawValue]
    }
}
