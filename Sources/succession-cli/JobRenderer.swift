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
                let word = JobRenderer.stateWord(state, language)
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

    /// The word for a step's state.
    static func stateWord(_ state: Job.StepState, _ language: Language) -> String {
        switch (state, language) {
        case (.done, .japanese): "完了"
        case (.failed, .japanese): "失敗"
        case (.skipped, .japanese): "省略"
        case (.pending, .japanese): "未実施"
        case (.notNeeded, .japanese): "不要"
        case (.done, .english): "done"
        case (.failed, .english): "FAILED"
        case (.skipped, .english): "skipped"
        case (.pending, .english): "pending"
        case (.notNeeded, .english): "not needed"
        }
    }

    private func prompt(_ text: String) -> String? {
        Output.standard.writeRaw("  " + text)
        Output.standard.flush()
        return readLine()?.trimmingCharacters(in: .whitespaces)
    }

    /// Asks a manual step's question on the terminal: yes, no, or skip with a reason; then the
    /// values the manual has the person read off (⑨'s 機関コード, ⑬'s Status=, ⑭'s parts, …).
    func ask(_ step: SuccessionStep) -> StepAnswer? {
        let question = (ja ? step.japaneseQuestion : step.englishQuestion) ?? step.title(in: language)
        Output.standard.write("\(step.mark) \(question)")
        guard
            let line = prompt(
                ja ? "[y] はい / [n] いいえ / [s] 省略（理由）/ [q] 中断: " : "[y]es / [n]o / [s]kip (reason) / [q]uit: "
            )?
            .lowercased()
        else { return nil }
        switch line {
        case "y", "yes", "はい":
            var answer = StepAnswer(.yes)
            switch step.id {
            case .s9: answer.institutionCode = prompt(ja ? "アカウント管理更新の「機関コード」10 桁: " : "The 10-digit 機関コード shown: ")
            case .s13:
                answer.statusLine = prompt("Status=").map { "Status=" + $0 }
                answer.faceAuthWorks =
                    prompt(ja ? "再起動後に顔認証ができましたか？ (y/n): " : "Face authentication works after the reboot? (y/n): ")
                    .flatMap(Handover.Outcome.init(typed:)) == .passed
            case .s14:
                let card = prompt(ja ? "マイナンバーカードでの顔認証 (y/n/不可): " : "My Number card test (y/n/不可): ")
                let insurance = prompt(ja ? "保険証でのレセコン連携 (y/n/不可): " : "Insurance card test (y/n/不可): ")
                let backup = prompt(
                    ja ? "バックアップを USB メモリでお渡しし説明しましたか？ (y/n): " : "Backup handed over on USB memory? (y/n): "
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
                answer.facilityName = prompt(ja ? "待機画面の医療機関名: " : "Facility name on the waiting screen: ")
            case .supplement1:
                let environment = prompt(ja ? "ユーザ設定情報の利用環境: " : "利用環境 on the paper: ") ?? ""
                let code = prompt(ja ? "ユーザ設定情報の医療機関コード: " : "医療機関コード on the paper: ") ?? ""
                let path = prompt(ja ? "初期パスワードの記載は？ (y = あり / n = 秘密の番号): " : "Initial password on the paper? (y/n): ")
                let status = prompt(ja ? "一括登録の登録状況: " : "登録状況 of the bulk registration: ") ?? ""
                let count = prompt(ja ? "処理件数: " : "処理件数: ").flatMap { Int($0) } ?? 0
                let logins = prompt(ja ? "ログインできたアカウント（空白区切り）: " : "Accounts that logged in (space-separated): ") ?? ""
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
            return StepAnswer(.skip, note: prompt(ja ? "理由: " : "Reason: "))
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
            Output.standard.write((ja ? "次: " : "Next: ") + SuccessionProcedure.step(next).mark)
        }
        Output.standard.write((ja ? "状態: " : "State: ") + job.completion.text(in: language))
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
