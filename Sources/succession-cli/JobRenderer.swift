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
                Output.standard.write(Wrapping.lines("\(step.mark) \(step.title(language)) …", indent: 2))
            case .finished(let step, let state, let problems):
                let word = state.words(language)
                Output.standard.write(Wrapping.lines("\(step.mark) \(step.title(language)): \(word)", indent: 2))
                for problem in problems {
                    let mark = problem.severity == .error ? "NG" : Phrase.note(language)
                    Output.standard.write(Wrapping.lines("    \(mark)  \(problem.cliMessage(in: language))", indent: 8))
                }
            case .waiting(let step):
                Output.standard.write(Wrapping.lines(Phrase.waiting(step)(language), indent: 2))
            }
            Output.standard.flush()
        }
    }

    /// A step's heading, the manual's operations in order, the job's own facts for it, and its
    /// cautions: shown before its first question.
    func operations(_ step: StepPresentation) {
        for line in operationLines(step) { Output.standard.write(line) }
        Output.standard.flush()
    }

    /// The lines shown before a step's first question: its heading, the manual's operations
    /// numbered, the job's facts for it (▶) and its cautions (※).
    func operationLines(_ step: StepPresentation) -> [String] {
        var lines = ["", "\(step.mark) \(step.title(language))"]
        for (number, line) in step.operations(language).enumerated() {
            lines.append(Wrapping.lines("  \(number + 1). \(line)", indent: 5))
        }
        for line in step.details(language) { lines.append(Wrapping.lines("  ▶ " + line, indent: 4)) }
        for line in step.cautions(language) { lines.append(Wrapping.lines("  ※ " + line, indent: 4)) }
        return lines
    }

    /// Where the job stands: one line per step, or `--json` {oldCode, newCode, steps}.
    func status(_ job: Job) {
        if json {
            Output.standard.write(Self.statusJSON(job).encoded)
            return
        }
        for line in statusLines(job) { Output.standard.write(line) }
    }

    /// The lines of `job status`: one per step in the order they are worked, its notes under it.
    func statusLines(_ job: Job) -> [String] {
        let procedure = job.procedure
        var lines = ["\(job.oldCode.digits) → \(job.newCode.digits)"]
        for id in job.order {
            let step = procedure.step(id)
            let state = job.state(of: id)
            let symbol =
                state == .done || state == .notNeeded ? "✔" : state == .failed ? "✘" : state == .skipped ? "–" : "·"
            // A skipped step says 省略 once.
            let how = state == .skipped ? "" : job.verification(of: id).map { "（\($0.words(language))）" } ?? ""
            lines.append("\(symbol) \(step.mark) \(step.title(language)) [\(state.words(language))]\(how)")
            for note in job.lastEvent(of: id)?.technicianNotes ?? [] {
                lines.append(
                    Wrapping.lines("      \(Phrase.note(language))  \(note.cliMessage(in: language))", indent: 10)
                )
            }
        }
        if let next = job.nextStep { lines.append(Phrase.next(language) + procedure.step(next).mark) }
        lines.append(Phrase.state(language) + job.completion.words(language))
        return lines
    }

    /// How a run ended, and the command that works now.
    func summary(_ job: Job, ending: JobEnding, root: String) {
        if json {
            Output.standard.write(Self.statusJSON(job).encoded)
            return
        }
        let procedure = job.procedure
        switch ending {
        case .complete:
            Output.standard.write(job.completion.words(language))
            Output.standard.write(Wrapping.lines(Phrase.reportHint(root: root)(language), indent: 2))
        case .paused(let question):
            // Without a person to ask (a script, --yes), what was wrong is said here.
            if let problem = question.problem {
                Output.standard.write(Wrapping.lines("    ✘ " + problem.cliMessage(in: language), indent: 6))
            }
            Output.standard.write(
                Wrapping.lines(Phrase.paused(procedure.step(question.step), root: root)(language), indent: 2)
            )
        case .stopped(let id, _, let way):
            Output.standard.write(
                Wrapping.lines(Phrase.stopped(procedure.step(id), way, root: root)(language), indent: 2)
            )
        }
    }

    /// What an undo or a redo did: the step, and the later steps now pending again.
    func reopened(_ job: Job, step id: SuccessionStep.ID, later: [SuccessionStep.ID], heading: Phrase) {
        let procedure = job.procedure
        var lines = [heading(language) + procedure.step(id).mark]
        if !later.isEmpty {
            lines.append(Phrase.pendingAgain(language) + later.map { procedure.step($0).mark }.joined(separator: "・"))
        }
        ProblemRenderer(language: language, json: json).render(
            job.lastEvent(of: id)?.problems ?? [],
            heading: lines,
            fields: [
                "step": .string(id.rawValue), "state": .string(job.state(of: id).rawValue),
                "reopened": .array(later.map { .string($0.rawValue) }),
            ]
        )
    }

    static func statusJSON(_ job: Job) -> JSONValue {
        let procedure = job.procedure
        return .object([
            "oldCode": .string(job.oldCode.digits),
            "newCode": .string(job.newCode.digits),
            "complete": .bool(job.completion == .complete),
            "completion": .string(job.completion.words(.english)),
            "terminal": .string(job.terminal.backend.rawValue),
            "next": .optional(job.nextStep?.rawValue),
            "steps": .array(
                job.order.map { id in
                    let step = procedure.step(id)
                    let last = job.lastEvent(of: id)
                    return .object([
                        "number": .string(id.rawValue), "mark": .string(step.mark),
                        "title": .string(step.title.japanese),
                        "kind": .string(step.kind.rawValue), "state": .string(job.state(of: id).rawValue),
                        "time": .optional(last.map { ISO8601.string($0.time) }),
                        "verification": .optional(job.verification(of: id)?.rawValue),
                        "evidence": .encodable(job.evidenceRecord(of: id) ?? EvidenceRecord()),
                        "problems": .array((last?.problems ?? []).map { .string($0.code.rawValue) }),
                    ])
                }
            ),
        ])
    }
}
