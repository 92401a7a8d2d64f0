import Foundation
import SuccessionKit

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Shows a job: progress as it runs, its status, the questions of manual steps.
struct JobRenderer {
    let language: Language
    let json: Bool

    /// Prints each step as it goes (nothing in --json: the caller prints the final status).
    var progress: @Sendable (JobProgress) -> Void {
        let language = language
        let json = json
        let bar = json ? nil : Progress.bar(label: Phrase.checking(language))
        return { event in
            guard !json else { return }
            switch event {
            case .working(_, let done, let total):
                bar?(done, total)
                if done == total { Progress.finish() }
                return
            case .started(let step):
                Output.standard.write("\(step.mark) \(step.title(language)) …")
            case .finished(let step, let state, let problems):
                let word = JobRenderer.stateWord(state, language)
                Output.standard.write("\(step.mark) \(step.title(language)): \(word)")
                for problem in problems {
                    let mark = problem.severity == .error ? "NG" : Phrase.note(language)
                    Output.standard.write("    \(mark)  \(problem.cliMessage(in: language))")
                }
            case .waiting(let step):
                Output.standard.write(
                    Phrase.waiting(step)(language)
                )
            }
            Output.standard.flush()
        }
    }

    /// The word for a step's state.
    static func stateWord(_ state: Job.StepState, _ language: Language) -> String {
        state.words(language)
    }

    /// A step's heading, the manual's operations in order, the job's own facts for it, and its
    /// cautions: shown before its first question.
    func operations(of id: SuccessionStep.ID, job: Job) {
        let step = SuccessionProcedure.step(id)
        let out = Output.standard
        out.write("")
        out.write("\(step.mark) \(step.title(language))")
        for (number, line) in step.operations(language).enumerated() {
            out.write("  \(number + 1). \(line)")
        }
        for line in SuccessionProcedure.details(of: id, job: job)(language) { out.write("  ▶ " + line) }
        for line in step.cautions(language) { out.write("  ※ " + line) }
        out.flush()
    }

    /// Where the job stands: one line per step, or `--json` {oldCode, newCode, steps}.
    func status(_ job: Job) {
        if json {
            Output.standard.write(Self.statusJSON(job).encoded)
            return
        }
        Output.standard.write("\(job.oldCode.digits) → \(job.newCode.digits)")
        for id in job.order {
            let step = SuccessionProcedure.step(id)
            let state = job.state(of: id)
            let symbol =
                state == .done || state == .notNeeded ? "✔" : state == .failed ? "✘" : state == .skipped ? "–" : "·"
            let how = job.verification(of: id).map { "（\($0.words(language))）" } ?? ""
            Output.standard.write(
                "\(symbol) \(step.mark) \(step.title(language)) [\(Self.stateWord(state, language))]\(how)"
            )
            for note in job.lastEvent(of: id)?.technicianNotes ?? [] {
                Output.standard.write("      \(Phrase.note(language))  \(note.cliMessage(in: language))")
            }
        }
        if let next = job.nextStep {
            Output.standard.write(Phrase.next(language) + SuccessionProcedure.step(next).mark)
        }
        Output.standard.write(Phrase.state(language) + job.completion.words(language))
    }

    /// How a run ended, and the command that works now.
    func summary(_ job: Job, ending: JobConversation.Ending, root: String) {
        if json {
            Output.standard.write(Self.statusJSON(job).encoded)
            return
        }
        switch ending {
        case .complete: Output.standard.write(job.completion.words(language))
        case .paused(let question):
            // Without a person to ask (a script, --yes), what was wrong is said here.
            if let problem = question.problem { Output.standard.write("    ✘ " + problem.cliMessage(in: language)) }
            Output.standard.write(Phrase.paused(SuccessionProcedure.step(question.step), root: root)(language))
        case .stopped(let id, let way):
            Output.standard.write(Phrase.stopped(SuccessionProcedure.step(id), way, root: root)(language))
        }
    }

    static func statusJSON(_ job: Job) -> JSONValue {
        .object([
            "oldCode": .string(job.oldCode.digits),
            "newCode": .string(job.newCode.digits),
            "complete": .bool(job.completion == .complete),
            "completion": .string(job.completion.words(.english)),
            "terminal": .string(job.terminal.kind.rawValue),
            "next": .optional(job.nextStep?.rawValue),
            "steps": .array(
                job.order.map { id in
                    let step = SuccessionProcedure.step(id)
                    let last = job.lastEvent(of: id)
                    return .object([
                        "number": .string(id.rawValue), "mark": .string(step.mark),
                        "title": .string(step.title.japanese),
                        "kind": .string(step.kind.rawValue), "state": .string(job.state(of: id).rawValue),
                        "time": .optional(last.map { ISO8601.string($0.time) }),
                        "verification": .optional(job.verification(of: id)?.rawValue),
                        "evidence": .encodable(job.evidence(of: id)),
                        "problems": .array((last?.problems ?? []).map { .string($0.code.rawValue) }),
                    ])
                }
            ),
        ])
    }
}
