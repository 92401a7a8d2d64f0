import ArgumentParser
import Foundation
import SuccessionKit

/// `succession demo`: a whole succession on a sandbox terminal it creates.
struct DemoCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "demo",
        abstract:
            "Create a sandbox terminal and run a whole succession on it, printing each step, ending with the report.",
        discussion: """
            The sandbox (old certificate installed, credentials on the old code, two bound card readers, the old \
            and the new .p12 in Downloads, the notice of the new code) is made in a temporary folder, or in \
            --terminal DIR to keep it. The demo plays the technician and the customer for the manual steps.
            """
    )

    @Option(name: .long, help: "Keep the sandbox in this folder (created; must not hold a job).") var terminal: String?
    @OptionGroup var output: OutputOptions

    func run() throws {
        let language = output.language
        let ja = language == .japanese
        let root =
            terminal
            ?? (FileManager.default.temporaryDirectory.path + "/succession-demo-\(UUID().uuidString.prefix(8))")
        if FileManager.default.fileExists(atPath: root + "/.succession") {
            throw UsageFailure(
                message: ja
                    ? "「\(root)」には既にサンドボックス端末があります。別のフォルダを指定してください。"
                    : "'\(root)' already holds a sandbox terminal; choose another folder."
            )
        }
        let pin = CertificatePIN("1357")
        let renderer = ProblemRenderer(language: language, json: output.json)
        let scenario = try attempt(renderer) { () throws(SuccessionError) in
            try SandboxScenario.make(
                root: root,
                oldCode: MedicalInstitutionCode(parsing: "0110113719"),
                newCode: MedicalInstitutionCode(parsing: "1310110049"),
                pin: pin
            )
        }
        let say = { (text: String) in if !output.json { Output.standard.write(text) } }
        say(ja ? "サンドボックス端末: \(root)" : "Sandbox terminal: \(root)")
        say(
            ja
                ? "承継: \(scenario.oldCode.digits)（\(scenario.oldCode.prefecture.japaneseName)）→ \(scenario.newCode.digits)（\(scenario.newCode.prefecture.japaneseName)）"
                : "Succession: \(scenario.oldCode.digits) → \(scenario.newCode.digits)"
        )

        let store = try attempt(renderer) { () throws(SuccessionError) in try JobStore(layout: scenario.terminal.layout)
        }
        _ = try attempt(renderer) { () throws(SuccessionError) in
            try JobRunner.create(
                store: store,
                oldCode: scenario.oldCode,
                newCode: scenario.newCode,
                notice: scenario.notice
            )
        }
        let runner = JobRunner(
            terminal: scenario.terminal,
            store: store,
            inputs: JobInputs(pin: pin, facePassword: PasswordPolicy.generate())
        )
        let view = JobRenderer(language: language, json: output.json)
        runner.progress = view.progress
        let readers = SandboxReaderBindingStore(layout: scenario.terminal.layout)
        runner.handWork = { step in
            // The technician's hands: unplug the readers before ③, plug them back before ⑫.
            if step.id == .s3 || step.id == .s12 {
                for serial in scenario.readerSerials { try? readers.setPluggedIn(serial, step.id == .s12) }
                say(
                    ja
                        ? "  （デモ）カードリーダーの USB ケーブルを\(step.id == .s3 ? "外しました" : "接続しました")"
                        : "  (demo) readers \(step.id == .s3 ? "unplugged" : "plugged in")"
                )
            }
        }
        runner.confirm = { step in
            say(
                ja
                    ? "  （デモ）\(step.japaneseQuestion ?? step.japaneseTitle) → はい"
                    : "  (demo) \(step.englishQuestion ?? step.englishTitle) → yes"
            )
            if step.id == .s13 {
                return StepAnswer(.yes, statusLine: "Status=サーバー接続の定期実行待ち(未適用更新ファイルなし) [再開予定時刻：2026/11/26 09:00]")
            }
            return StepAnswer(.yes, note: "デモ（自動応答）")
        }
        let result = try attempt(renderer) { () throws(SuccessionError) in try runner.run() }
        let reportPath = scenario.terminal.layout.path(.desktop) + "/承継工事報告書.html"
        try attempt(renderer) { () throws(SuccessionError) in
            try AtomicFile.write(
                Array(JobReport(job: result.job).html.utf8),
                to: reportPath,
                replace: true,
                mode: 0o644
            )
        }
        let check = try attempt(renderer) { () throws(SuccessionError) in
            try scenario.terminal.check(newCode: scenario.newCode, at: Date())
        }
        if output.json {
            var status = JobRenderer.statusJSON(result.job)
            if case .object(var fields) = status {
                fields["terminal"] = .string(root)
                fields["report"] = .string(reportPath)
                status = .object(fields)
            }
            Output.standard.write(status.encoded)
        } else {
            view.summary(result.job, stoppedAt: result.stoppedAt)
            Output.standard.write(
                (ja ? "端末の整合性チェック: " : "Terminal cross-check: ") + (check.containsError ? "NG" : "OK")
            )
            Output.standard.write((ja ? "報告書: " : "Report: ") + reportPath)
        }
        if result.stoppedAt != nil || check.containsError { throw ExitCode(ExitStatus.checkFailed) }
    }
}
