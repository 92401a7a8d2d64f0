import ArgumentParser
import Foundation
import SuccessionKit
import SystemPackage
import SuccessionKitSandbox
import SuccessionWeb

/// `succession demo`: a whole succession on a sandbox terminal it creates.
struct DemoCommand: AsyncParsableCommand {
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
            拇印, a wrong 機関コード, …) to see each check refuse them. --windows-agent CMD works it on a practice \
            Windows terminal through succession-agent.exe (terminal windows-sandbox sets it up first): the \
            agent does ④⑤⑦⑧⑩ through Win32, the scripted person ③⑫ and ⑥. Under Wine, whose export of a \
            key is a stub, ④ archives the old certificate without its key, with that reason recorded.
            """
    )

    @Option(name: .long, help: "Keep the sandbox in this folder (created; must not hold a job).") var terminal: String?
    @Flag(name: .long, help: "Work the job through the attended terminal, with a scripted person.") var attended =
        false
    @Option(name: .long, help: "With --attended: a JSON file of answers that replace the demo's.") var script: String?
    @Option(
        name: .customLong("windows-agent"),
        help: ArgumentHelp(
            "Work a practice Windows terminal through the agent this command starts.",
            valueName: "command"
        )
    )
    var windowsAgent: AgentCommandOption?
    @OptionGroup var output: OutputOptions

    func validate() throws {
        if attended && windowsAgent != nil { throw ValidationError(Phrase.attendedOrAgent(output.language)) }
    }

    func run() async throws {
        let language = output.language
        // Resolved once: every path the job records is independent of the current directory.
        let root =
            terminal.map { FilePath.typed($0) }
            ?? FilePath(FileManager.default.temporaryDirectory.path).appending(
                "succession-demo-\(UUID().uuidString.prefix(8))"
            )
        if JobSession.exists(at: root) {
            throw UsageFailure(message: Phrase.sandboxExists(root.string)(language))
        }
        let overrides = try script.map { try AnswerScript.read($0, language: language) } ?? AnswerScript()
        let pin = CertificatePIN("1357")
        let renderer = ProblemRenderer(language: language, json: output.json)
        // An agent that does not start is refused before anything is made.
        var hello: AgentHello?
        if let windowsAgent { hello = try await AgentGreeting.hello(windowsAgent.words, renderer: renderer) }
        let scenario = try attempt(renderer) { () throws(SuccessionError) in
            try SandboxScenario.demo(root: root, pin: pin)
        }
        let quiet = output.json
        let say: @Sendable (String) -> Void = { text in if !quiet { Output.standard.write(text) } }
        say(Phrase.sandboxTerminal(root.string)(language))
        say(Phrase.succession(scenario.oldCode, scenario.newCode)(language))
        if attended { say(Phrase.demoAttended(language)) }
        var agent = AgentBackends()
        if let windowsAgent, let hello {
            say(AgentGreeting.line(hello, language: language))
            let files = try await attempt(renderer) { () async throws(SuccessionError) in
                try await WindowsPractice.prepare(scenario, pin: pin, agent: windowsAgent.words, hello: hello)
            }
            say(files.map { Phrase.windowsPractice($0.string)(language) } ?? Phrase.windowsPracticeNoFiles(language))
            say(Phrase.demoWindows(language))
            if hello.wine != nil {
                let reason = Phrase.wineExportReason(language)
                say(Phrase.demoWineArchive(reason)(language))
                agent = AgentBackends(archiveWithoutKey: reason)
            }
        }
        let worksByHand = attended || windowsAgent != nil
        let layout = scenario.terminal.layout
        let request = JobStartRequest(
            oldCode: CodeReading(code: scenario.oldCode),
            newCode: CodeReading(code: scenario.newCode),
            notice: .notice(scenario.notice),
            backend: windowsAgent != nil ? .windowsAgent : attended ? .attended : .sandbox,
            downloads: worksByHand ? layout.path(.downloads) : nil,
            backupFolder: worksByHand ? layout.backupFolder : nil,
            agentCommand: windowsAgent?.words
        )
        let session = try attempt(renderer) { () throws(SuccessionError) in
            try JobSession.start(
                request,
                at: root,
                inputs: JobInputs(pin: pin, facePassword: PasswordPolicy.generate()),
                backends: agent.backends
            )
        }
        let view = JobRenderer(language: language, json: output.json)
        session.progress = view.progress
        if !worksByHand {
            session.runner.handWork = { step in
                // The technician's hands: unplug the readers before ③, plug them back before ⑫.
                if step.id == .step3 || step.id == .step12 {
                    try? scenario.plugReaders(step.id == .step12)
                    say(Phrase.demoReaders(pluggedIn: step.id == .step12)(language))
                }
            }
        }
        var person = DemoScript.answers(for: scenario, attended: worksByHand).overriding(with: overrides)
        let procedure = session.runner.procedure
        let ending = try await attempt(renderer) { () async throws(SuccessionError) in
            try await session.drive { question in
                if let problem = question.problem { say("    ✘ " + problem.cliMessage(in: language)) }
                let text = person.answer(question)
                let shown = question.kind.isSecret ? "••••" : (text ?? "—").replacingOccurrences(of: "\n", with: " / ")
                say(Phrase.demoPerson(procedure.step(question.step).mark, question.prompt(language), shown)(language))
                return text
            }
        }
        await agent.close()
        let job = try attempt(renderer) { () throws(SuccessionError) in try session.job() }
        let reportPath = layout.path(.desktop).appending("承継工事報告書.html").string
        try attempt(renderer) { () throws(SuccessionError) in
            try AtomicFile.write(
                Array(ReportPage.html(JobReport(job: job)).utf8),
                to: reportPath,
                replace: true,
                mode: 0o644
            )
        }
        // The sandbox's files can be cross-checked; an attended terminal's only through its person,
        // a Windows one through the agent's read-backs, which each step recorded.
        let check =
            worksByHand
            ? []
            : try await attempt(renderer) { () async throws(SuccessionError) in
                try await scenario.terminal.check(newCode: scenario.newCode, at: Date())
            }
        if output.json {
            var status = JobRenderer.statusJSON(job)
            if case .object(var fields) = status {
                fields["terminal"] = .string(root.string)
                fields["report"] = .string(reportPath)
                status = .object(fields)
            }
            Output.standard.write(status.encoded)
        } else {
            view.summary(job, ending: ending, root: root.string)
            if !worksByHand {
                Output.standard.write(Phrase.terminalCrossCheck(language) + (check.containsError ? "NG" : "OK"))
            }
            Output.standard.write(Phrase.report(language) + reportPath)
        }
        if !job.isComplete || check.containsError { throw ExitCode(ExitStatus.checkFailed) }
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
            "S2.expectedName": .text("デモ内科クリニック"),
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
