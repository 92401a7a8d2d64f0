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
                Output.standard.write("\(step.mark) \(step.title(in: language)) …")
            case .finished(let step, let state, let problems):
                let word = JobRenderer.stateWord(state, language)
                Output.standard.write("\(step.mark) \(step.title(in: language)): \(word)")
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
        state.text(in: language)
    }

    private func prompt(_ text: String) -> String? {
        Output.standard.writeRaw("  " + text)
        Output.standard.flush()
        return readLine()?.trimmingCharacters(in: .whitespaces)
    }

    /// Asks a manual step's question on the terminal: yes, no, or skip with a reason; then the
    /// values the manual has the person read off (⑨'s 機関コード, ⑬'s Status=, ⑭'s parts, …).
    func ask(_ step: SuccessionStep) -> StepAnswer? {
        let question = Phrase.question(step)(language)
        Output.standard.write("\(step.mark) \(question)")
        guard
            let line = prompt(
                Phrase.answerChoices(language)
            )?
            .lowercased()
        else { return nil }
        switch line {
        case "y", "yes", "はい":
            var answer = StepAnswer(.yes)
            switch step.id {
            case .step9: answer.institutionCode = prompt(Phrase.institutionCodePrompt(language))
            case .step13:
                answer.statusLine = prompt("Status=").map { "Status=" + $0 }
                answer.faceAuthWorks =
                    prompt(Phrase.faceAuthWorksPrompt(language))
                    .flatMap(Handover.Outcome.init(typed:)) == .passed
            case .step14:
                let card = prompt(Phrase.myNumberCardPrompt(language))
                let insurance = prompt(Phrase.insuranceCardPrompt(language))
                let backup = prompt(
                    Phrase.backupHandedOverPrompt(language)
                )
                guard let card = card.flatMap(Handover.Outcome.init(typed:)),
                    let insurance = insurance.flatMap(Handover.Outcome.init(typed:))
                else { return nil }
                answer.handover = Handover(
                    myNumberCard: card,
                    insuranceCard: insurance,
                    backupHandedOver: backup.flatMap(Handover.Outcome.init(typed:)) == .passed
                )
            case .supplement2:
                answer.facilityName = prompt(Phrase.facilityNamePrompt(language))
            case .supplement1:
                let environment = prompt(Phrase.paperEnvironmentPrompt(language)) ?? ""
                let code = prompt(Phrase.paperCodePrompt(language)) ?? ""
                let path = prompt(Phrase.initialPasswordPrompt(language))
                let status = prompt(Phrase.registrationStatusPrompt(language)) ?? ""
                let count = prompt(Phrase.processedCountPrompt(language)).flatMap { Int($0) } ?? 0
                let logins = prompt(Phrase.loggedInPrompt(language)) ?? ""
                answer.accountRegistration = AccountRegistration(
                    environment: environment,
                    paperCode: code,
                    path: path.flatMap(Handover.Outcome.init(typed:)) == .passed ? .initialPassword : .secretNumber,
                    registrationStatus: status,
                    processedCount: count,
                    loggedIn: logins.split(separator: " ").map(String.init)
                )
            default: break
            }
            return answer
        case "n", "no", "いいえ":
            return StepAnswer(.no)
        case "s", "skip":
            return StepAnswer(.skip, note: prompt(Phrase.reasonPrompt(language)))
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
            let symbol =
                state == .done || state == .notNeeded ? "✔" : state == .failed ? "✘" : state == .skipped ? "–" : "·"
            let how = job.verification(of: id).map { "（\($0.text(in: language))）" } ?? ""
            Output.standard.write(
                "\(symbol) \(step.mark) \(step.title(in: language)) [\(Self.stateWord(state, language))]\(how)"
            )
        }
        if let next = job.nextStep {
            Output.standard.write(Phrase.next(language) + SuccessionProcedure.step(next).mark)
        }
        Output.standard.write(Phrase.state(language) + job.completion.text(in: language))
    }

    func summary(_ job: Job, stoppedAt: SuccessionStep.ID?) {
        if json {
            Output.standard.write(Self.statusJSON(job).encoded)
            return
        }
        if let stoppedAt {
            let step = SuccessionProcedure.step(stoppedAt)
            Output.standard.write(
                Phrase.stoppedAt(step)(language)
            )
        } else {
            Output.standard.write(job.completion.text(in: language))
        }
    }

    static func statusJSON(_ job: Job) -> JSONValue {
        .object([
            "oldCode": .string(job.oldCode.digits),
            "newCode": .string(job.newCode.digits),
            "complete": .bool(job.completion == .complete),
            "completion": .string(job.completion.text(in: .english)),
            "terminal": .string(job.terminal.kind.rawValue),
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
                        "verification": .optional(job.verification(of: id)?.rawValue),
                        "evidence": .encodable(job.evidence(of: id)),
                        "problems": .array((last?.problems ?? []).map { .string($0.code.rawValue) }),
                    ])
                }
            ),
        ])
    }
}
