import ArgumentParser
import Foundation
import SuccessionKit
import SuccessionWeb
import SystemPackage

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// `succession job …`: the succession as a resumable, recorded procedure. Every subcommand works
/// through the library's ``JobSession``: none reads a code or a notice, or decides a rule.
struct JobCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "job",
        abstract: "The 14 steps as a resumable job with a journal: init, status, run, confirm, skip, undo, report.",
        subcommands: [
            JobInitCommand.self, JobStatusCommand.self, JobRunCommand.self, JobConfirmCommand.self, JobSkipCommand.self,
            JobUndoCommand.self, JobRedoCommand.self, JobReportCommand.self,
        ]
    )
}

/// The folder of a job: a sandbox terminal's root, or an attended job's working folder.
struct JobFolderOptions: ParsableArguments {
    @Option(
        name: [.customLong("terminal"), .customLong("folder")],
        help: ArgumentHelp(
            "The job's folder: a sandbox terminal's root, or an attended job's working folder (--folder is the same).",
            valueName: "folder"
        )
    )
    var terminal: String

    /// The folder as an absolute path, resolved once: every path the job prints or records is
    /// independent of the current directory.
    var absolute: FilePath { FilePath.typed(terminal) }
}

/// How a command that changes a job reports a session that cannot be had: no job or a mistyped
/// folder is bad usage (2); a lock held by the page or another shell, a backend of another
/// program, a damaged journal are failures with their own messages.
enum SessionAccess {
    static func open(
        _ folder: JobFolderOptions,
        inputs: JobInputs = JobInputs(),
        agent: AgentBackends = AgentBackends(),
        language: Language
    ) throws -> JobSession {
        guard StateFolder(of: folder.absolute.string).exists else {
            throw UsageFailure(message: Phrase.noTerminal(folder.terminal)(language))
        }
        do {
            return try JobSession.open(at: folder.absolute, inputs: inputs, backends: agent.backends)
        } catch {
            Output.error.write(error.cliMessage(in: language))
            throw ExitCode(ExitStatus.of(error))
        }
    }

    /// The job, read without a lock and creating nothing (status, report).
    static func read(_ folder: JobFolderOptions, language: Language) throws -> Job {
        guard StateFolder(of: folder.absolute.string).exists else {
            throw UsageFailure(message: Phrase.noTerminal(folder.terminal)(language))
        }
        do {
            return try JobSession.read(at: folder.absolute)
        } catch {
            Output.error.write(error.cliMessage(in: language))
            throw ExitCode(ExitStatus.of(error))
        }
    }
}

struct JobInitCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "init",
        abstract:
            "Create the job of a succession; refused (exit 1, nothing created) without a notice for the new code.",
        discussion: """
            --attended works a real terminal: each GUI step of the manual is shown and the person types back \
            what the screen shows; software checks every value. --downloads names where the new .p12 is \
            (USB memory or the terminal's Downloads), --backup-folder where its verified backup goes. \
            --restart archives an existing job (never deletes it) and begins anew. --windows-agent CMD works a \
            Windows terminal through succession-agent.exe started by CMD ("succession-agent.exe" on the PC, \
            "wine /path/succession-agent.exe" for practice): the agent does ④⑤⑦⑧⑩ through Win32, the person \
            ③⑫ and ⑥; --downloads is needed as for --attended.
            """
    )
    @OptionGroup var folder: JobFolderOptions
    @Option(name: .long, help: "The OLD medical institution code.") var oldCode: CodeOption
    @Option(name: .long, help: "The NEW medical institution code.") var newCode: CodeOption
    @Option(name: .long, help: "The certificate issue notice (text rows or JSON).") var notice: String
    @Flag(name: .long, help: "A real terminal, worked by a person who types back what the screen shows.")
    var attended = false
    @Option(
        name: .customLong("windows-agent"),
        help: ArgumentHelp("A Windows terminal, through the agent this command starts.", valueName: "command")
    )
    var windowsAgent: AgentCommandOption?
    @Option(name: .long, help: "Attended: the folder holding the new .p12 (USB memory, Downloads).") var downloads:
        String?
    @Option(name: .long, help: "Attended: where the verified backup goes.") var backupFolder: String?
    @Flag(name: .long, help: "Archive an existing job and start over.") var restart = false
    @Option(name: .long, help: "The real root CA certificate (PEM or DER) ⑥ verifies the new certificate against.")
    var ca: [String] = []
    @OptionGroup var output: OutputOptions

    func validate() throws {
        try UsageFailure.validating {
            if let failure = oldCode.failure(option: "--old-code", language: output.language) { throw failure }
            if let failure = newCode.failure(option: "--new-code", language: output.language) { throw failure }
            if attended && windowsAgent != nil {
                throw ValidationError(Phrase.attendedOrAgent(output.language))
            }
        }
    }

    func run() async throws {
        let language = output.language
        let renderer = ProblemRenderer(language: language, json: output.json)
        let anchors = try ca.map { try TrustAnchorFile.read($0, language: language) }
        // An agent that does not start, or speaks another protocol, is refused before anything
        // is created.
        var hello: AgentHello?
        if let windowsAgent { hello = try await AgentGreeting.hello(windowsAgent.words, renderer: renderer) }
        let request = JobStartRequest(
            oldCode: oldCode.reading,
            newCode: newCode.reading,
            notice: .file(FilePath.typed(notice)),
            backend: windowsAgent != nil ? .windowsAgent : attended ? .attended : .sandbox,
            downloads: downloads.map(FilePath.typed),
            backupFolder: backupFolder.map(FilePath.typed),
            trustAnchors: anchors,
            agentCommand: windowsAgent?.words,
            restart: restart
        )
        let session: JobSession
        do {
            session = try JobSession.start(request, at: folder.absolute)
        } catch {
            renderer.render(error.problems)
            // A notice that cannot be read is unreadable input (2); a refusal is a check (1).
            let unreadable = error.problems.contains { ExitStatus.of($0.code) == ExitStatus.usage }
            throw ExitCode(unreadable ? ExitStatus.usage : ExitStatus.checkFailed)
        }
        let job = try attempt(renderer) { () throws(SuccessionError) in try session.job() }
        renderer.render(
            hello?.problems ?? [],
            heading: [Phrase.jobCreated(language) + folder.absolute.string]
                + (hello.map { [AgentGreeting.line($0, language: language)] } ?? []),
            fields: [
                "oldCode": .string(job.oldCode.digits), "newCode": .string(job.newCode.digits),
                "terminal": .string(job.terminal.backend.rawValue),
            ]
        )
    }
}

struct JobStatusCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "status", abstract: "Show where the job stands.")
    @OptionGroup var folder: JobFolderOptions
    @OptionGroup var output: OutputOptions

    func run() throws {
        let job = try SessionAccess.read(folder, language: output.language)
        JobRenderer(language: output.language, json: output.json).status(job)
    }
}

struct JobRunCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "run",
        abstract: "Continue the job from where it stands.",
        discussion: """
            Manual steps are asked on the terminal (in Japanese unless --lang en); with --yes, or without a \
            terminal, only automatic steps run and the job stops at the next manual one \
            (answer it with succession job confirm). An attended job shows each GUI step and asks what the \
            screen shows; --script FILE answers from a file instead (rehearsals, tests). The 証明書パスワード \
            comes from --pin-file, SUCCESSION_PIN or a prompt; the face-auth password from \
            --face-password-file, SUCCESSION_FACE_PASSWORD or a prompt. Neither is ever recorded.
            """
    )
    @OptionGroup var folder: JobFolderOptions
    @Flag(name: .long, help: "Automatic steps only; stop at the next manual step.") var yes = false
    @OptionGroup var pinOptions: PINOptions
    @Option(name: .long, help: "A file whose first line is the face-auth account's password.") var facePasswordFile:
        String?
    @Option(name: .long, help: "Answers from a JSON file (attended questions and manual steps).") var script: String?
    @Option(
        name: .long,
        help: ArgumentHelp(
            "Windows agent: let ④ archive a certificate without its private key (.cer), for this reason.",
            valueName: "reason"
        )
    )
    var archiveWithoutKey: String?
    @OptionGroup var output: OutputOptions

    func validate() throws {
        if let reason = archiveWithoutKey, reason.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty {
            throw ValidationError(Phrase.archiveReasonEmpty(output.lang?.language ?? .japanese))
        }
    }

    func run() async throws {
        // The technician's own run speaks Japanese unless --lang says otherwise.
        let language = output.lang?.language ?? .japanese
        let renderer = ProblemRenderer(language: language, json: output.json)
        var script = try script.map { try AnswerScript.read($0, language: language) }
        let interactive = !yes && script == nil && isatty(0) == 1 && !output.json
        let agent = AgentBackends(archiveWithoutKey: archiveWithoutKey)
        let session = try SessionAccess.open(
            folder,
            inputs: try secrets(language: language),
            agent: agent,
            language: language
        )
        let view = JobRenderer(language: language, json: output.json)
        session.progress = view.progress
        session.runner.failpoint = Failpoint.fromEnvironment()
        var prompt = TTYPrompt(language: language, root: folder.absolute.string)
        InterruptNotice.install(Phrase.interrupted(root: folder.absolute.string)(language))
        let ending = try await attempt(renderer) { () async throws(SuccessionError) in
            try await session.drive { question in
                if script != nil { return script?.answer(question) }
                return interactive ? prompt.ask(question, session: session) : nil
            }
        }
        await agent.close()
        let job = try attempt(renderer) { () throws(SuccessionError) in try session.job() }
        view.summary(job, ending: ending, root: folder.absolute.string)
        if case .complete = ending { return }
        throw ExitCode(ExitStatus.checkFailed)
    }

    /// Secrets given by a file or the environment, up front; the others are asked at their step.
    private func secrets(language: Language) throws -> JobInputs {
        var inputs = JobInputs()
        if pinOptions.pinFile != nil || getenv("SUCCESSION_PIN") != nil {
            inputs.pin = try pinOptions.downloadSitePIN(language: language)
        }
        if facePasswordFile != nil || getenv("SUCCESSION_FACE_PASSWORD") != nil {
            inputs.facePassword = AccountPassword(
                try SecretInput.text(
                    file: facePasswordFile,
                    environment: "SUCCESSION_FACE_PASSWORD",
                    option: "--face-password-file",
                    prompt: Phrase.facePasswordPrompt(language),
                    language: language
                )
            )
        }
        return inputs
    }
}

struct JobConfirmCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "confirm",
        abstract:
            "Answer a step's questions from the command line (any step that asks a person), with the values the manual checks.",
        discussion: """
            Each answer goes through the same checks as at the prompt. --answer ID=TEXT answers one question \
            by its id (as job run shows them, e.g. 8.thumbprint=1a2b3c4d, 12.state=接続中; ID without its step \
            means this step's: --answer code=1310110049 at 9); --answer-file FILE gives a JSON object of them. \
            ②⑪ need no answer. --institution-code and --no are the older spellings of ⑨'s 9.code and 9.login=no.
            """
    )
    @Argument(help: "The step: 2, 8, 9, 11, 13, 14, S1, S2, …") var stepOption: StepOption
    var step: SuccessionStep.ID { stepOption.id }
    @Option(name: .long, help: "An answer by question id: ID=TEXT (repeatable).") var answer: [String] = []
    @Option(name: .long, help: "Answers as a JSON object from question id to text.") var answerFile: String?
    @Option(name: .long, help: ArgumentHelp("⑨: the 10-digit 機関コード shown (= --answer 9.code=…).", visibility: .hidden))
    var institutionCode: String?
    @Flag(
        name: .long,
        help: ArgumentHelp("⑨: the admin account cannot log in (= --answer 9.login=no).", visibility: .hidden)
    )
    var no = false
    @OptionGroup var folder: JobFolderOptions
    @OptionGroup var output: OutputOptions

    func run() async throws {
        let language = output.language
        let renderer = ProblemRenderer(language: language, json: output.json)
        var script = try answers(language: language)
        let session = try SessionAccess.open(folder, language: language)
        session.runner.onlyStep = step
        let before = try attempt(renderer) { () throws(SuccessionError) in try session.job() }.state(of: step)
        var unasked: JobQuestion?
        var refused: [Problem] = []
        let stepID = step
        _ = try await attempt(renderer) { () async throws(SuccessionError) in
            try await session.drive { question in
                // Only this step's questions are answered here; anything else stops the run.
                guard question.step == stepID else {
                    unasked = question
                    return nil
                }
                if let problem = question.problem { refused.append(problem) }
                guard let text = script.answer(question) else {
                    unasked = question
                    return nil
                }
                return text
            }
        }
        let job = try attempt(renderer) { () throws(SuccessionError) in try session.job() }
        let procedure = job.procedure
        let state = job.state(of: step)
        var problems = state == before ? refused : job.lastEvent(of: step)?.problems ?? []
        if state == .pending, unasked == nil, job.nextStep != step, let next = job.nextStep {
            problems.append(
                Problem(
                    .jobPrecondition,
                    values: [.found: procedure.step(step).mark, .missing: procedure.step(next).mark]
                )
            )
        }
        if state == .pending, let unasked {
            problems.append(
                unasked.step == step
                    ? Problem(
                        .jobAnswerMissing,
                        values: [.field: unasked.id.rawValue, .found: procedure.step(step).mark]
                    )
                    : Problem(
                        .jobPrecondition,
                        values: [.found: procedure.step(step).mark, .missing: procedure.step(unasked.step).mark]
                    )
            )
        }
        renderer.render(
            problems,
            heading: ["\(procedure.step(step).mark) \(state.words(language))"],
            fields: ["step": .string(step.rawValue), "state": .string(state.rawValue)]
        )
        if state == .failed || state == .pending { throw ExitCode(ExitStatus.checkFailed) }
    }

    /// The answers given, by question id: the file's, then each `--answer` (an id without its
    /// step is this step's), then the older spellings.
    private func answers(language: Language) throws -> AnswerScript {
        var script = AnswerScript()
        if let answerFile { script = try AnswerScript.read(answerFile, language: language) }
        var given: [String: AnswerScript.Entry] = [:]
        for pair in answer {
            guard let equals = pair.firstIndex(of: "=") else {
                throw UsageFailure(message: Phrase.answerNeedsID(pair)(language))
            }
            let key = String(pair[..<equals])
            given[key.contains(".") ? key : "\(step.rawValue).\(key)"] = .text(
                String(pair[pair.index(after: equals)...])
            )
        }
        // The older spellings: a 機関コード shown means the login worked; --no that it did not,
        // and that the person goes on to 補足①.
        if let institutionCode {
            given[JobQuestion.ID.institutionCode.rawValue] = .text(institutionCode)
            given[JobQuestion.ID.adminLogin.rawValue] = given[JobQuestion.ID.adminLogin.rawValue] ?? .text("yes")
        }
        if no {
            given[JobQuestion.ID.adminLogin.rawValue] = .text("no")
            given[JobQuestion.ID.adminLoginConfirmed.rawValue] =
                given[JobQuestion.ID.adminLoginConfirmed.rawValue] ?? .text("yes")
        }
        // ②⑪ ask only "done?": confirming the step is that answer.
        for done in [JobQuestion.ID.loggedOn, .restarted] where done.rawValue.hasPrefix(step.rawValue + ".") {
            given[done.rawValue] = given[done.rawValue] ?? .text("yes")
        }
        return script.overriding(with: AnswerScript(given))
    }
}

struct JobSkipCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "skip",
        abstract: "Skip a step, with a reason that is recorded (a done step must be undone first)."
    )
    @Argument(help: "The step.") var stepOption: StepOption
    var step: SuccessionStep.ID { stepOption.id }
    @Option(name: .long, help: "Why (kept in the journal and the report).") var reason: String
    @OptionGroup var folder: JobFolderOptions
    @OptionGroup var output: OutputOptions

    func run() throws {
        let language = output.language
        let renderer = ProblemRenderer(language: language, json: output.json)
        let session = try SessionAccess.open(folder, language: language)
        let job = try attempt(renderer) { () throws(SuccessionError) in try session.skip(step, reason: reason) }
        renderer.render(
            [],
            heading: ["\(job.procedure.step(step).mark) \(Job.StepState.skipped.words(language))"],
            fields: ["step": .string(step.rawValue), "state": .string("skipped")]
        )
    }
}

/// What `job undo` and `job redo` share: the confirmation before finished later steps reopen.
enum Reopening {
    /// Runs `change`; when it names finished later steps to reopen, asks on a terminal (or
    /// `--yes` confirms) and runs it again confirmed.
    static func confirming(
        yes: Bool,
        json: Bool,
        language: Language,
        _ change: (Bool) async throws(SuccessionError) -> Job
    ) async throws(SuccessionError) -> Job {
        do {
            return try await change(yes)
        } catch  where error.code == .jobReopensLaterSteps {
            guard isatty(0) == 1, !json, let problem = error.problems.first else { throw error }
            Output.standard.write(problem.cliMessage(in: language))
            Output.standard.writeRaw(Phrase.confirmReopening(language))
            Output.standard.flush()
            guard let line = readLine(), ["y", "yes", "はい"].contains(line.lowercased()) else { throw error }
            return try await change(true)
        }
    }
}

struct JobUndoCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "undo",
        abstract: "Undo a step through what its stores recorded; the steps that depend on it become pending."
    )
    @Argument(help: "The step.") var stepOption: StepOption
    var step: SuccessionStep.ID { stepOption.id }
    @Flag(name: .long, help: "Attended: the step was undone by hand on the terminal; reopen it for new answers.")
    var doneByHand = false
    @Flag(name: .long, help: "Return finished later steps to pending without asking.") var yes = false
    @OptionGroup var folder: JobFolderOptions
    @OptionGroup var output: OutputOptions

    func run() async throws {
        let language = output.language
        let renderer = ProblemRenderer(language: language, json: output.json)
        let session = try SessionAccess.open(folder, language: language)
        let (step, doneByHand) = (self.step, self.doneByHand)
        let later = try attempt(renderer) { () throws(SuccessionError) in try session.wouldReopen(step) }
        let job = try await attempt(renderer) { () async throws(SuccessionError) in
            try await Reopening.confirming(yes: yes, json: output.json, language: language) {
                confirmed async throws(SuccessionError) in
                try await session.undo(step, doneByHand: doneByHand, reopening: confirmed)
            }
        }
        JobRenderer(language: language, json: output.json).reopened(
            job,
            step: step,
            later: later,
            heading: Phrase.undone
        )
    }
}

struct JobRedoCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "redo",
        abstract:
            "Open a step again to enter its answers anew (the terminal is not changed); later steps reopen too. ⑨ while it or 補足① is in progress: back to ⑨'s question."
    )
    @Argument(help: "The step.") var stepOption: StepOption
    var step: SuccessionStep.ID { stepOption.id }
    @Flag(name: .long, help: "Return finished later steps to pending without asking.") var yes = false
    @OptionGroup var folder: JobFolderOptions
    @OptionGroup var output: OutputOptions

    func run() async throws {
        let language = output.language
        let renderer = ProblemRenderer(language: language, json: output.json)
        let session = try SessionAccess.open(folder, language: language)
        let step = self.step
        let later = try attempt(renderer) { () throws(SuccessionError) in try session.wouldReopen(step) }
        let job = try await attempt(renderer) { () async throws(SuccessionError) in
            try await Reopening.confirming(yes: yes, json: output.json, language: language) {
                confirmed async throws(SuccessionError) in
                try session.redo(step, reopening: confirmed)
            }
        }
        JobRenderer(language: language, json: output.json).reopened(
            job,
            step: step,
            later: later,
            heading: Phrase.redone
        )
    }
}

enum ReportFormat: String, ExpressibleByArgument, CaseIterable {
    case html, md, json
}

struct JobReportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "report",
        abstract: "The customer's report (A4): Japanese, or English with --lang en."
    )
    @OptionGroup var folder: JobFolderOptions
    @Option(name: .long, help: "html, md or json.") var format: ReportFormat = .html
    @Option(name: .long, help: "Write to this new file (an existing one is never replaced).") var out: String?
    @Option(name: .long, help: "The report's language: ja (default) or en.") var lang: LanguageOption?

    func run() throws {
        let language = Language.preferred(environment: ProcessInfo.processInfo.environment)
        let renderer = ProblemRenderer(language: language, json: false)
        let job = try SessionAccess.read(folder, language: language)
        // The customer's report is Japanese unless asked otherwise, whatever the shell's locale.
        let report = JobReport(job: job, language: lang?.language ?? .japanese)
        let text: String
        switch format {
        case .html: text = ReportPage.html(report)
        case .md: text = report.markdown
        case .json: text = try attempt(renderer) { () throws(SuccessionError) in try report.json() }
        }
        if let out {
            do {
                try AtomicFile.write(Array(text.utf8), to: out, replace: false, mode: 0o644)
            } catch {
                renderer.render(error.problems)
                throw ExitCode(ExitStatus.of(error))
            }
        } else {
            Output.standard.write(text)
        }
    }
}

/// SUCCESSION_FAILPOINT=<step>:afterAction kills the process there: the crash tests' seam.
enum Failpoint {
    static func fromEnvironment() -> ((String) -> Void)? {
        guard let point = ProcessInfo.processInfo.environment["SUCCESSION_FAILPOINT"] else { return nil }
        return { name in
            if name == point {
                Output.standard.flush()
                kill(getpid(), SIGKILL)
            }
        }
    }
}
