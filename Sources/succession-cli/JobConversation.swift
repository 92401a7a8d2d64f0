import Dispatch
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

/// The job's questions asked on this TTY, as the session says to show them: the step's manual
/// operations the first time it comes up, then each question with what was wrong with the last
/// answer. A list is typed one item per line, ended by an empty line; `q` or Ctrl-D stops (the
/// job resumes at the same question), at a secret's prompt too.
struct TTYPrompt {
    let language: Language
    let root: String
    private var shownSteps: Set<SuccessionStep.ID> = []

    init(language: Language, root: String) {
        self.language = language
        self.root = root
    }

    /// What the person typed, or `nil` when they stopped.
    mutating func ask(_ question: JobQuestion, session: JobSession) -> String? {
        let out = Output.standard
        if !shownSteps.contains(question.step), let step = try? session.presentation(of: question.step) {
            shownSteps.insert(question.step)
            JobRenderer(language: language, json: false).operations(step)
        }
        let shown = session.presentation(of: question)
        for line in questionLines(question, shown) { out.write(line) }
        if shown.isSecret, case .secret(let secret) = question.kind {
            // The prompt goes straight to the TTY: what is buffered must be on screen first.
            out.flush()
            let line = "    " + secret.name(language) + ": "
            CurrentPrompt.set(line)
            guard let text = SecretInput.promptWithoutEcho(line), !Self.quits(text) else { return nil }
            return text
        }
        if shown.isList {
            if let hint = shown.hint { out.write("    " + hint(language)) }
            var lines: [String] = []
            while true {
                out.writeRaw("    > ")
                out.flush()
                CurrentPrompt.set("    > ")
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
        CurrentPrompt.set("    > ")
        guard let line = readLine(), !Self.quits(line) else { return nil }
        if !shown.choices.isEmpty, let number = Int(line.trimmingCharacters(in: .whitespaces)),
            shown.choices.indices.contains(number - 1), !shown.choices.contains(where: { $0.key == String(number) })
        {
            return shown.choices[number - 1].key
        }
        return line
    }

    /// The lines that ask `question`: what was wrong with the last answer, the prompt with the id
    /// a script answers by, and a choice's options numbered.
    func questionLines(_ question: JobQuestion, _ shown: QuestionPresentation) -> [String] {
        var lines: [String] = []
        if let problem = question.problem {
            lines.append(
                Wrapping.lines("    ✘ " + problem.cliMessage(in: language) + Phrase.quitHint(language), indent: 6)
            )
        }
        // The id is what `job confirm --answer ID=…` and a script answer by.
        lines.append(Wrapping.lines("  → " + question.prompt(language) + "  〔\(question.id.rawValue)〕", indent: 4))
        if !shown.choices.isEmpty {
            let keys = shown.choices.enumerated().map { "[\($0.offset + 1)] \($0.element.label(language))" }
            lines.append(Wrapping.lines("    " + keys.joined(separator: " / ") + Phrase.quitHint(language), indent: 4))
        }
        return lines
    }

    /// `q`, `quit`, 中断 — at any prompt, a secret's too: a PIN is digits and a password is longer.
    static func quits(_ text: String) -> Bool {
        ["q", "ｑ", "quit", "中断"].contains(text.trimmingCharacters(in: .whitespacesAndNewlines).lowercased())
    }
}

/// The prompt on screen, drawn again when the job comes back to the foreground (`fg` after
/// Ctrl-Z).
enum CurrentPrompt {
    nonisolated(unsafe) private static var text = ""

    static func set(_ prompt: String) { text = prompt }

    /// Draws the prompt again on SIGCONT; says how to resume on SIGINT, then ends (130).
    static func installHandlers(interrupted message: String) {
        signal(SIGINT, SIG_IGN)
        let interrupt = DispatchSource.makeSignalSource(signal: SIGINT, queue: .global())
        interrupt.setEventHandler {
            Output.error.write(message)
            Output.error.flush()
            exit(130)
        }
        interrupt.resume()
        let resume = DispatchSource.makeSignalSource(signal: SIGCONT, queue: .global())
        resume.setEventHandler {
            Output.standard.writeRaw(text)
            Output.standard.flush()
        }
        resume.resume()
        sources = [interrupt, resume]
    }

    nonisolated(unsafe) private static var sources: [any DispatchSourceSignal] = []
}

/// Ctrl-C during `job run` says where the job stands and how to resume, instead of a silent exit.
enum InterruptNotice {
    static func install(_ message: String) {
        CurrentPrompt.installHandlers(interrupted: message)
    }
}
