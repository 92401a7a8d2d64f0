import ArgumentParser
import Foundation
import SuccessionKit
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
            ?? (FileManager.default.temporaryDirectory.path + "/succession-demo-\(UUID().uuidString.prefix(8))")
        if FileManager.default.fileExists(atPath: root + "/.succession") {
            throw UsageFailure(
                message: Phrase.sandboxExists(root)(language)
            )
        }
        let overrides = try script.map { try AnswerScript.read($0, language: language) } ?? AnswerScript()
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
        let quiet = output.json
        let say: @Sendable (String) -> Void = { text in if !quiet { Output.standard.write(text) } }
        say(Phrase.sandboxTerminal(root)(language))
        say(Phrase.succession(scenario.oldCode, scenario.newCode)(language))
        let layout = scenario.terminal.layout
        let site: Terminal
        if attended {
            say(Phrase.demoAttended(language))
            let person = DemoScript.person(for: scenario, language: language, say: say).overriding(
                with: overrides.answers
            )
            site = try attempt(renderer) { () throws(SuccessionError) in
                try Terminal.attended(
                    root: root,
                    person: person,
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
                    downloads: attended ? layout.path(.downloads) : nil,
                    backupFolder: attended ? layout.backupFolder : nil
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
        runner.confirm = { step in
            let answer = overrides.answer(for: step) ?? DemoScript.answer(for: step)
            say(Phrase.demoAnswer(step, answer.answer)(language))
            return answer
        }
        let result = try attempt(renderer) { () throws(SuccessionError) in try runner.run() }
        let reportPath = layout.path(.desktop) + "/承継工事報告書.html"
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
            view.summary(result.job, stoppedAt: result.stoppedAt)
            if !attended {
                Output.standard.write(
                    Phrase.terminalCrossCheck(language) + (check.containsError ? "NG" : "OK")
                )
            }
            Output.standard.write(Phrase.report(language) + reportPath)
        }
        if result.stoppedAt != nil || check.containsError { throw ExitCode(ExitStatus.checkFailed) }
    }
}

/// What the demo's technician, customer and (attended) person answer.
enum DemoScript {
    /// The manual steps' answers, with the values a person reads off.
    static func answer(for step: SuccessionStep) -> StepAnswer {
        switch step.id {
        case .step9: return StepAnswer(.yes, note: "デモ（自動応答）", institutionCode: "1310110049")
        case .step13:
            // The 再開予定時刻 the distribution app shows lies ahead of the work.
            let resume = JapanTime.minute(Date().addingTimeInterval(86_400))
            return StepAnswer(
                .yes,
                statusLine: "Status=サーバー接続の定期実行待ち(未適用更新ファイルなし) [再開予定時刻：\(resume)]",
                faceAuthWorks: true
            )
        case .step14:
            return StepAnswer(
                .yes,
                note: "デモ（自動応答）",
                handover: Handover(myNumberCard: .passed, insuranceCard: .passed, backupHandedOver: true)
            )
        case .supplement2: return StepAnswer(.yes, facilityName: "デモ内科クリニック")
        default: return StepAnswer(.yes, note: "デモ（自動応答）")
        }
    }

    /// A person who answers as a real terminal's screens would show the scenario.
    static func person(
        for scenario: SandboxScenario,
        language: Language,
        say: @escaping @Sendable (String) -> Void
    ) -> ScriptedPerson {
        let serials = scenario.readerSerials.map(\.rawValue)
        let old = "\(scenario.oldCode.digits) \(JapanTime.day(scenario.oldCertificate.notAfter))"
        let new =
            "\(scenario.newCode.digits) \(JapanTime.day(scenario.newCertificate.notAfter)) \(Thumbprint.display(scenario.newCertificate.sha1, digits: 8))"
        let answers: [String: ScriptedPerson.Answer] = [
            AttendedQuestion.ID.readersList.rawValue: .text(serials.map { "\($0) 未接続" }.joined(separator: "\n")),
            AttendedQuestion.ID.readerRemove.rawValue: .bySubject(["*": "未接続"]),
            AttendedQuestion.ID.certificatesList.rawValue: .turns([old, new]),
            AttendedQuestion.ID.certificateRemove.rawValue: .bySubject(["*": "はい"]),
            AttendedQuestion.ID.readersInitialize.rawValue: .text("1"),
            AttendedQuestion.ID.certificateInstall.rawValue: .text("はい"),
            AttendedQuestion.ID.loginKeyUser.rawValue: .text(
                scenario.newCode.terminalKind?.linkageAccountID ?? "R0RENK01"
            ),
            AttendedQuestion.ID.credentialCode.rawValue: .text(scenario.newCode.digits),
            AttendedQuestion.ID.readerAdd.rawValue: .bySubject(["*": "接続中"]),
        ]
        return ScriptedPerson(answers: answers) { question, answer in
            let prompt = question.prompt.lines(in: language).first ?? question.id.rawValue
            let subject = question.subject.map { " [\($0)]" } ?? ""
            let shown = (answer ?? "—").replacingOccurrences(of: "\n", with: " / ")
            say(Phrase.demoPerson(question.step, prompt, subject, shown)(language))
        }
    }
}
