import ArgumentParser
import Foundation
import SuccessionKit
import SystemPackage
import SuccessionKitSandbox

/// `succession demo`: a whole succession on a sandbox terminal it creates.
struct DemoCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "demo",
        abstract:
            "Create a sandbox terminal and run a whole succession on it, printing each step, ending with the report.",
        discussion: """
            The sandbox (old certificate installed, credentials on the old code, two bound card readers, the old \
            and the new .p12 in Downloads, the notice of the new code) is made in a temporary folder, or in \
            --terminal DIR to keep it. The demo plays the technician and the customer for the manual steps. \
            --attended runs the same job through the attended terminal, with a scripted person typing back \
            what a real terminal's screens would show; --script FILE replaces some of those answers (a wrong \
            拇印, a wrong 機関コード, …) to see each check refuse them.
            """
    )

    @Option(name: .long, help: "Keep the sandbox in this folder (created; must not hold a job).") var terminal: String?
    @Flag(name: .long, help: "Work the job through the attended terminal, with a scripted person.") var attended =
        false
    @Option(name: .long, help: "With --attended: a JSON file of answers that replace the demo's.") var script: String?
    @OptionGroup var output: OutputOptions

    func run() throws {
        let language = output.language
        let root =
            terminal
            ?? FilePath(FileManager.default.temporaryDirectory.path).appending(
                "succession-demo-\(UUID().uuidString.prefix(8))"
            ).string
        if StateFolder(of: root).exists {
            throw UsageFailure(
                message: Phrase.sandboxExists(root)(language)
            )
        }
        let overrides = try script.map { try AnswerScript.read($0, language: language) } ?? AnswerScript()
        let pin = CertificatePIN("1357")
        let renderer = ProblemRenderer(language: language, json: output.json)
        let scenario = try attempt(renderer) { () throws(SuccessionError) in
            try SandboxScenario.make(
                root: FilePath(root),
                oldCode: MedicalInstitutionCode(parsing: "0110113719"),
                newCode: MedicalInstitutionCode(parsing: "1310110049"),
                pin: pin
            )
        }
        let quiet = output.json
        let say: @Sendable (String) -> Void = { text in if !quiet { Output.standard.write(text) } }
        say(Phrase.sandboxTerminal(root)(language))
        say(Phrase.succession(scenario.oldCode, scenario.newCode)(language))
        let layout = scenario.terminal.layout
        let site: Terminal
        if attended {
            say(Phrase.demoAttended(language))
            site = try attempt(renderer) { () throws(SuccessionError) in
                try Terminal.attended(
                    root: layout.root,
                    downloads: layout.path(.downloads),
                    backupFolder: layout.backupFolder
                )
            }
        } else {
            site = scenario.terminal
        }
        let store = try attempt(renderer) { () throws(SuccessionError) in try JobStore(layout: layout) }
        _ = try attempt(renderer) { () throws(SuccessionError) in
            try JobRunner.create(
                journal: store,
                oldCode: scenario.oldCode,
                newCode: scenario.newCode,
                notice: scenario.notice,
                terminal: TerminalDescription(
                    kind: attended ? .attended : .sandbox,
                    downloads: attended ? layout.path(.downloads).string : nil,
                    backupFolder: attended ? layout.backupFolder.string : nil
                )
            )
        }
        let runner = JobRunner(
            terminal: site,
            journal: store,
            inputs: JobInputs(pin: pin, facePassword: PasswordPolicy.generate())
        )
        let view = JobRenderer(language: language, json: output.json)
        runner.progress = view.progress
        let readers = SandboxReaderBindingStore(layout: layout)
        if !attended {
            runner.handWork = { step in
                // The technician's hands: unplug the readers before ③, plug them back before ⑫.
                if step.id == .step3 || step.id == .step12 {
                    for serial in scenario.readerSerials { try? readers.setPluggedIn(serial, step.id == .step12) }
                    say(Phrase.demoReaders(pluggedIn: step.id == .step12)(language))
                }
            }
        }
        var person = DemoScript.answers(for: scenario, attended: attended).overriding(with: overrides)
        let ending = try JobConversation.drive(runner, language: language) { question, _ in
            if let problem = question.problem { say("    ✘ " + problem.cliMessage(in: language)) }
            let text = person.answer(question)
            let shown = question.kind.isSecret ? "••••" : (text ?? "—").replacingOccurrences(of: "\n", with: " / ")
            say(
                Phrase.demoPerson(
                    SuccessionProcedure.step(question.step).mark,
                    question.prompt(language),
                    shown
                )(language)
            )
            return text
        }
        let result = (job: try attempt(renderer) { () throws(SuccessionError) in try store.load() }, ending: ending)
        let reportPath = layout.path(.desktop).appending("承継工事報告書.html").string
        try attempt(renderer) { () throws(SuccessionError) in
            try AtomicFile.write(
                Array(JobReport(job: result.job).html.utf8),
                to: reportPath,
                replace: true,
                mode: 0o644
            )
        }
        // The sandbox's files can be cross-checked; an attended terminal's only through its person.
        let check =
            attended
            ? []
            : try attempt(renderer) { () throws(SuccessionError) in
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
            view.summary(result.job, ending: result.ending, root: root)
            if !attended {
                Output.standard.write(
                    Phrase.terminalCrossCheck(language) + (check.containsError ? "NG" : "OK")
                )
            }
            Output.standard.write(Phrase.report(language) + reportPath)
        }
        if !result.job.isComplete || check.containsError { throw ExitCode(ExitStatus.checkFailed) }
    }
}

/// What the demo's technician, customer and (attended) person answer, by question id.
enum DemoScript {
    static func answers(for scenario: SandboxScenario, attended: Bool) -> AnswerScript {
        // The 再開予定時刻 the distribution app shows lies ahead of the work.
        let resume = JapanTime.minute(Date().addingTimeInterval(JapanTime.secondsPerDay))
        var entries: [String: AnswerScript.Entry] = [
            "2.done": .text("はい"),
            "9.login": .text("はい"),
            "9.code": .text(scenario.newCode.digits),
            "11.done": .text("はい"),
            "13.status": .text("Status=サーバー接続の定期実行待ち(未適用更新ファイルなし) [再開予定時刻：\(resume)]"),
            "13.faceAuth": .text("はい"),
            "14.myNumberCard": .text("はい"),
            "14.insuranceCard": .text("はい"),
            "14.backup": .text("はい"),
            "S2.facilityName": .text("デモ内科クリニック"),
        ]
        guard attended else { return AnswerScript(entries) }
        let serials = scenario.readerSerials.map(\.rawValue)
        let old =
            "\(scenario.oldCode.digits) \(JapanTime.day(scenario.oldCertificate.notAfter)) \(Thumbprint.display(scenario.oldCertificate.sha1, digits: 8))"
        entries.merge(
            [
                "3.readers": .text(serials.map { "\($0) 未接続" }.joined(separator: "\n")),
                "3.removed": .bySubject(["*": "はい"]),
                "4.certificates": .text(old),
                "4.removed": .bySubject(["*": "はい"]),
                "5.method": .text("1"),
                "6.downloaded": .text("はい"),
                "6.desktopFolder": .text("はい"),
                "7.installed": .text("はい"),
                "8.thumbprint": .text(Thumbprint.display(scenario.newCertificate.sha1, digits: 8)),
                "8.expiry": .text(JapanTime.day(scenario.newCertificate.notAfter)),
                "8.others": .text("なし"),
                "10.loginKeyUser": .text(scenario.newCode.terminalKind?.linkageAccountID ?? "R0RENK01"),
                "10.before": .text(scenario.oldCode.digits),
                "10.after": .text(scenario.newCode.digits),
                "12.state": .bySubject(["*": "接続中"]),
            ]
        ) { _, new in new }
        return AnswerScript(entries)
    }
}
