import Foundation
import SuccessionKit

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Answers to the job's questions by id, from a file (rehearsals, tests, `demo --attended`):
/// a text, a list answered in turn (a typo, then its correction), or an object from subject (a
/// serial, a 発行先; `*` for any) to text. An id without its subject (`12.state`) answers every
/// subject.
///
/// ```json
/// { "3.readers": "CAORA-000101 未接続\nCAORA-000102 未接続",
///   "9.code": ["131011OO49", "1310110049"],
///   "12.state": { "*": "接続中" } }
/// ```
struct AnswerScript: Sendable {
    enum Entry: Sendable, Hashable, Decodable {
        case text(String)
        case turns([String])
        case bySubject([String: String])

        init(from decoder: any Decoder) throws {
            let container = try decoder.singleValueContainer()
            if let text = try? container.decode(String.self) {
                self = .text(text)
            } else if let list = try? container.decode([String].self) {
                self = .turns(list)
            } else {
                self = .bySubject(try container.decode([String: String].self))
            }
        }
    }

    var entries: [String: Entry] = [:]
    private var turns: [String: Int] = [:]

    init(_ entries: [String: Entry] = [:]) {
        self.entries = entries
    }

    static func read(_ path: String, language: Language) throws -> AnswerScript {
        do {
            return AnswerScript(try JSONFile.load([String: Entry].self, from: path, damaged: .attendedScript))
        } catch {
            throw UsageFailure(message: error.cliMessage(in: language))
        }
    }

    /// These answers, with `other`'s where both have one.
    func overriding(with other: AnswerScript) -> AnswerScript {
        AnswerScript(entries.merging(other.entries) { _, new in new })
    }

    /// The answer for `question`, or `nil` (the run stops there).
    mutating func answer(_ question: JobQuestion) -> String? {
        let key = entries[question.id.rawValue] != nil ? question.id.rawValue : question.id.withoutSubject.rawValue
        switch entries[key] {
        case .text(let text): return text
        case .turns(let list):
            let turn = turns[question.id.rawValue, default: 0]
            turns[question.id.rawValue] = turn + 1
            return turn < list.count ? list[turn] : nil
        case .bySubject(let table): return question.subject.flatMap { table[$0] } ?? table["*"]
        case nil: return nil
        }
    }
}

/// The job's questions asked on this TTY: the step's manual operations the first time it comes
/// up, then each question with what was wrong with the last answer. A list is typed one item per
/// line, ended by an empty line; `q` or Ctrl-D stops (the job resumes at the same question).
struct TerminalConversation {
    let language: Language
    private var shownSteps: Set<SuccessionStep.ID> = []

    init(language: Language) {
        self.language = language
    }

    /// What the person typed, or `nil` when they stopped.
    mutating func ask(_ question: JobQuestion, job: Job) -> String? {
        let out = Output.standard
        if !shownSteps.contains(question.step) {
            shownSteps.insert(question.step)
            JobRenderer(language: language, json: false).operations(of: question.step, job: job)
        }
        if let problem = question.problem {
            out.write("    ✘ " + problem.cliMessage(in: language) + Phrase.quitHint(language))
        }
        // The id is what `job confirm --answer ID=…` and a script answer by.
        out.write("  → " + question.prompt(language) + "  〔\(question.id.rawValue)〕")
        if case .choice(let choices) = question.kind {
            let keys = choices.enumerated().map { "[\($0.offset + 1)] \($0.element.label(language))" }
            out.write("    " + keys.joined(separator: " / ") + Phrase.quitHint(language))
        }
        if case .secret(let secret) = question.kind {
            // The prompt goes straight to the TTY: what is buffered must be on screen first.
            out.flush()
            guard let text = SecretInput.promptWithoutEcho("    " + secret.name(in: language) + ": ") else {
                return nil
            }
            return text
        }
        if [.readerList, .serialList, .certificateList].contains(question.kind) {
            out.write(Phrase.listHint(language))
            var lines: [String] = []
            while true {
                out.writeRaw("    > ")
                out.flush()
                guard let line = readLine() else { return lines.isEmpty ? nil : lines.joined(separator: "\n") }
                let trimmed = line.trimmingCharacters(in: .whitespaces)
                if lines.isEmpty && Self.quits(trimmed) { return nil }
                if trimmed.isEmpty { break }
                lines.append(line)
            }
            return lines.joined(separator: "\n")
        }
        out.writeRaw("    > ")
        out.flush()
        guard let line = readLine(), !Self.quits(line.trimmingCharacters(in: .whitespaces)) else { return nil }
        if case .choice(let choices) = question.kind, let number = Int(line.trimmingCharacters(in: .whitespaces)),
            choices.indices.contains(number - 1), !choices.contains(where: { $0.key == String(number) })
        {
            return choices[number - 1].key
        }
        return line
    }

    private static func quits(_ text: String) -> Bool { ["q", "ｑ", "quit", "中断"].contains(text.lowercased()) }
}

/// Drives a job's conversation: software steps run, questions go to `answer` (a prompt or a
/// script). Secrets from a file or the environment are given once, up front, as the runner's
/// inputs; a refused one is asked at its question.
enum JobConversation {
    enum Ending {
        case complete
        /// A person stopped (q, Ctrl-D) or a script had no answer: the job resumes at `question`.
        case paused(JobQuestion)
        case stopped(SuccessionStep.ID, WayForward)
    }

    static func drive(
        _ runner: JobRunner,
        language: Language,
        answer: (JobQuestion, Job) -> String?
    ) throws -> Ending {
        var refusals: [String: Int] = [:]
        while true {
            let next = try attempt(ProblemRenderer(language: language, json: false)) { () throws(SuccessionError) in
                try runner.next()
            }
            switch next {
            case .complete: return .complete
            case .stopped(let id, let problems, let way):
                if !problems.isEmpty && runner.progress == nil {
                    ProblemRenderer(language: language, json: false).render(problems)
                }
                return .stopped(id, way)
            case .question(let question):
                let job = try attempt(ProblemRenderer(language: language, json: false)) { () throws(SuccessionError) in
                    try runner.journal.load()
                }
                guard let text = answer(question, job) else { return .paused(question) }
                let reply = try attempt(ProblemRenderer(language: language, json: false)) {
                    () throws(SuccessionError) in try runner.answer(question.id, text)
                }
                if case .rejected = reply {
                    let key = question.id.rawValue + "\u{0}" + text
                    refusals[key, default: 0] += 1
                    // A script that repeats a refused answer would ask forever.
                    if refusals[key, default: 0] > 2 { return .paused(question) }
                }
            }
        }
    }
}
