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

    private var ja: Bool { language == .japanese }

    /// Prints each step as it goes (nothing in --json: the caller prints the final status).
    var progress: @Sendable (JobProgress) -> Void {
        let language = language
        let json = json
        let ja = ja
        let bar = json ? nil : Progress.bar(label: ja ? "確認中" : "Checking")
        return { event in
            guard !json else { return }
            switch event {
            case .working(_, let done, let total):
                bar?(done, total)
                if done == total { Progress.finish() }
                return
            case .started(let step):
                Output.standard.write("\(step.mark) \(step.title(in: language)) …")
            case .finished(let step, let state, let problems):
                let word: String
                switch state {
                case .done: word = ja ? "完了" : "done"
                case .failed: word = ja ? "失敗" : "FAILED"
                case .skipped: word = ja ? "省略" : "skipped"
                case .pending: word = ja ? "未実施" : "pending"
                }
                Output.standard.write("\(step.mark) \(step.title(in: language)): \(word)")
                for problem in problems {
                    let mark = problem.severity == .error ? "NG" : (ja ? "注意" : "Note")
                    Output.standard.write("    \(mark)  \(problem.message(in: language))")
                }
            case .waiting(let step):
                Output.standard.write(
                    ja
                        ? "\(step.mark) \(step.japaneseTitle): 確認待ち — succession job confirm \(step.id.rawValue)"
                        : "\(step.mark) \(step.englishTitle): waiting — succession job confirm \(step.id.rawValue)"
                )
            }
            Output.standard.flush()
        }
    }

    /// Asks a manual step's question on the terminal: yes, no, or skip with a reason.
    func ask(_ step: SuccessionStep) -> StepAnswer? {
        let question = (ja ? step.japaneseQuestion : step.englishQuestion) ?? step.title(in: language)
        Output.standard.write("\(step.mark) \(question)")
        Output.standard.writeRaw(
            ja ? "  [y] はい / [n] いいえ / [s] 省略（理由）/ [q] 中断: " : "  [y]es / [n]o / [s]kip (reason) / [q]uit: "
        )
        Output.standard.flush()
        guard let line = readLine()?.trimmingCharacters(in: .whitespaces).lowercased() else { return nil }
        switch line {
        case "y", "yes", "はい":
            if step.id == .s13 {
                Output.standard.writeRaw("Status=")
                Output.standard.flush()
                return StepAnswer(.yes, statusLine: readLine().map { "Status=" + $0 })
            }
            return StepAnswer(.yes)
        case "n", "no", "いいえ":
            return StepAnswer(.no)
        case "s", "skip":
            Output.standard.writeRaw(ja ? "  理由: " : "  Reason: ")
            Output.standard.flush()
            return StepAnswer(.skip, note: readLine())
        default:
            return nil
        }
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
            let symbol = state == .done ? "✔" : state == .failed ? "✘" : state == .skipped ? "–" : "·"
            Output.standard.write("\(symbol) \(step.mark) \(step.title(in: language)) [\(state.rawValue)]")
        }
        if let next = job.nextStep {
            Output.standard.write((ja ? "次: " : "Next: ") + SuccessionProcedure.step(next).mark)
        } else {
            Output.standard.write(ja ? "全手順完了" : "All steps finished")
        }
    }

    func summary(_ job: Job, stoppedAt: SuccessionStep.ID?) {
        if json {
            Output.standard.write(Self.statusJSON(job).encoded)
            return
        }
        if let stoppedAt {
            let step = SuccessionProcedure.step(stoppedAt)
            Output.standard.write(
                ja
                    ? "停止: \(step.mark) \(step.japaneseTitle)（succession job status で確認）"
                    : "Stopped at \(step.mark) \(step.englishTitle) (see succession job status)"
            )
        } else {
            Output.standard.write(ja ? "全手順完了" : "All steps finished")
        }
    }

    static func statusJSON(_ job: Job) -> JSONValue {
        .object([
            "oldCode": .string(job.oldCode.digits),
            "newCode": .string(job.newCode.digits),
            "complete": .bool(job.isComplete),
            "next": .optional(job.nextStep?.rawValue),
            "steps": .array(
                job.order.map { id in
                    let step = SuccessionProcedure.step(id)
                    let last = job.lastEvent(of: id)
                    return .object([
                        "number": .string(id.rawValue), "mark": .string(step.mark),
                        "title": .string(step.japaneseTitle),
                        "kind": .string(step.kind.rawValue), "state": .string(job.state(of: id).rawValue),
                        "time": .optional(last.map { ISO8601.string($0.time) }),
                        "evidence": .object(job.evidence(of: id).mapValues(JSONValue.string)),
                        "problems": .array((last?.problems ?? []).map { .string($0.code.rawValue) }),
                    ])
                }
            ),
        ])
    }
}
