import ArgumentParser
import Foundation
import SuccessionKit

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// `succession job …`: the succession as a resumable, recorded procedure.
struct JobCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "job",
        abstract: "The 14 steps as a resumable job with a journal: init, status, run, confirm, skip, undo, report.",
        subcommands: [
            JobInitCommand.self, JobStatusCommand.self, JobRunCommand.self, JobConfirmCommand.self, JobSkipCommand.self,
            JobUndoCommand.self, JobReportCommand.self,
        ]
    )
}

/// The folder of a job: a sandbox terminal's root, or an attended job's working folder.
struct JobFolderOptions: ParsableArguments {
    @Option(name: .long, help: "The job's folder: a sandbox terminal's root, or an attended job's working folder.")
    var terminal: String
}

/// A job's locked store, its journal loaded, and the terminal it runs on.
struct OpenedJob {
    let store: JobStore
    let job: Job
    let terminal: Terminal

    /// Opens the job at `folder`; an attended job asks `person`.
    static func open(
        _ folder: JobFolderOptions,
        person: any AttendedPerson,
        renderer: ProblemRenderer
    ) throws -> OpenedJob {
        let language = renderer.language
        let store = try lockedStore(folder.terminal, language: language)
        let job = try attempt(renderer) { () throws(SuccessionError) in try store.load() }
        let terminal = try attempt(renderer) { () throws(SuccessionError) in
            try Self.terminal(for: job, root: folder.terminal, person: person)
        }
        return OpenedJob(store: store, job: job, terminal: terminal)
    }

    static func terminal(for job: Job, root: String, person: any AttendedPerson) throws(SuccessionError) -> Terminal {
        switch job.terminal.kind {
        case .attended:
            return try Terminal.attended(
                root: root,
                person: person,
                downloads: job.terminal.downloads ?? root,
                backupFolder: job.terminal.backupFolder
            )
        case .sandbox, .custom:
            return try Terminal.sandbox(root: root)
        }
    }

    /// The job store of `root` to read only: no lock, nothing created (status, report).
    static func readingStore(_ root: String, language: Language) throws -> JobStore {
        if !FileManager.default.fileExists(atPath: root + "/.succession") {
            throw UsageFailure(message: Phrase.noTerminal(root)(language))
        }
        return JobStore(readingAt: TerminalLayout(root: root))
    }

    /// The job store of `root` with its lock; failures are usage errors (2) or a lock (1). Only
    /// `create` (job init) makes the state folder: a mistyped path never gets one.
    static func lockedStore(_ root: String, language: Language, create: Bool = false) throws -> JobStore {
        if !create && !FileManager.default.fileExists(atPath: root + "/.succession") {
            throw UsageFailure(message: Phrase.noTerminal(root)(language))
        }
        do {
            return try JobStore(layout: TerminalLayout(root: root))
        } catch {
            Output.error.write(error.cliMessage(in: language))
            throw ExitCode(ExitStatus.of(error))
        }
    }
}

extension OpenedJob {
    /// The step a command names and a runner on its job, for the commands that act on one
    /// step (confirm, skip, undo); their answers are typed on the command line, never asked.
    static func stepRunner(
        _ step: String,
        _ folder: JobFolderOptions,
        _ output: OutputOptions
    ) throws -> (id: SuccessionStep.ID, renderer: ProblemRenderer, runner: JobRunner) {
        let id = try stepID(step, language: output.language)
        let renderer = ProblemRenderer(language: output.language, json: output.json)
        let opened = try OpenedJob.open(folder, person: ScriptedPerson(answers: [:]), renderer: renderer)
        return (id, renderer, JobRunner(terminal: opened.terminal, journal: opened.store))
    }
}

/// A step id argument: `7`, `⑦`, `S1`.
func stepID(_ text: String, language: Language) throws -> SuccessionStep.ID {
    guard let id = SuccessionStep.ID(typed: text) else {
        throw UsageFailure(
            message: Phrase.noStep(text)(language)
        )
    }
    return id
}

struct JobInitCommand: TakingCodes {
    static let configuration = CommandConfiguration(
        commandName: "init",
        abstract:
            "Create the job of a succession; refused (exit 1, nothing created) without a notice for the new code.",
        discussion: """
            --attended works a real terminal: each GUI step of the manual is shown and the person types back \
            what the screen shows; software checks every value. --downloads names where the new .p12 is \
            (USB memory or the terminal's Downloads), --backup-folder where its verified backup goes. \
            --restart archives an existing job (never deletes it) and begins anew.
            """
    )
    @OptionGroup var folder: JobFolderOptions
    @Option(name: .long, help: "The OLD medical institution code.") var oldCode: String
    @Option(name: .long, help: "The NEW medical institution code.") var newCode: String
    @Option(name: .long, help: "The certificate issue notice (text rows or JSON).") var notice: String
    @Flag(name: .long, help: "A real terminal, worked by a person who types back what the screen shows.")
    var attended = false
    @Option(name: .long, help: "Attended: the folder holding the new .p12 (USB memory, Downloads).") var downloads:
        String?
    @Option(name: .long, help: "Attended: where the verified backup goes.") var backupFolder: String?
    @Flag(name: .long, help: "Archive an existing job and start over.") var restart = false
    @Option(name: .long, help: "The real root CA certificate (PEM or DER) ⑥ verifies the new certificate against.")
    var ca: [String] = []
    @OptionGroup var output: OutputOptions

    var codeArguments: KeyValuePairs<String, String> { ["--old-code": oldCode, "--new-code": newCode] }

    func run() throws {
        let language = output.language
        let codes = try parsedCodes()
        let (old, new) = (codes[0], codes[1])
        let reading = try NoticeCheckCommand.read(notice, language: language)
        let renderer = ProblemRenderer(language: language, json: output.json)
        // The manual's hard stop comes before anything is created.
        let problems =
            reading.problems + JobRunner.startProblems(oldCode: old, newCode: new, notice: reading.notice, at: Date())
        if problems.containsError {
            renderer.render([Problem(.jobCannotStart)] + problems)
            throw ExitCode(ExitStatus.checkFailed)
        }
        if attended && downloads == nil {
            throw UsageFailure(
                message: Phrase.attendedNeedsDownloads(language)
            )
        }
        let anchors = try ca.map { try TrustAnchorFile.read($0, language: language) }
        let description = TerminalDescription(
            kind: attended ? .attended : .sandbox,
            downloads: downloads.map(absolute),
            backupFolder: backupFolder.map(absolute),
            trustAnchors: anchors.map(\.der)
        )
        if !attended {
            _ = try attempt(renderer) { () throws(SuccessionError) in try Terminal.sandbox(root: folder.terminal) }
        }
        let store = try OpenedJob.lockedStore(folder.terminal, language: language, create: true)
        _ = try attempt(renderer) { () throws(SuccessionError) in
            try JobRunner.create(
                journal: store,
                oldCode: old,
                newCode: new,
                notice: reading.notice,
                terminal: description,
                restart: restart
            )
        }
        let heading = [Phrase.jobCreated(language) + folder.terminal]
        renderer.render(
            problems,
            heading: heading,
            fields: [
                "oldCode": .string(old.digits), "newCode": .string(new.digits),
                "terminal": .string(description.kind.rawValue),
            ]
        )
    }

    private func absolute(_ path: String) -> String {
        path.hasPrefix("/") ? path : FileManager.default.currentDirectoryPath + "/" + path
    }
}

struct JobStatusCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "status", abstract: "Show where the job stands.")
    @OptionGroup var folder: JobFolderOptions
    @OptionGroup var output: OutputOptions

    func run() throws {
        let language = output.language
        let renderer = ProblemRenderer(language: language, json: output.json)
        let store = try OpenedJob.readingStore(folder.terminal, language: language)
        let job = try attempt(renderer) { () throws(SuccessionError) in try store.load() }
        JobRenderer(language: language, json: output.json).status(job)
    }
}

struct JobRunCommand: ParsableCommand {
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
    @OptionGroup var output: OutputOptions

    func run() throws {
        // The technician's own run speaks Japanese unless --lang says otherwise.
        let language = output.lang?.language ?? .japanese
        let renderer = ProblemRenderer(language: language, json: output.json)
        let answers = try script.map { try AnswerScript.read($0, language: language) } ?? AnswerScript()
        let interactive = !yes && isatty(0) == 1 && !output.json
        let person: any AttendedPerson =
            script != nil || !interactive
            ? ScriptedPerson(answers: answers.answers) as any AttendedPerson
            : TerminalPerson(language: language) as any AttendedPerson
        let opened = try OpenedJob.open(folder, person: person, renderer: renderer)
        var inputs = JobInputs()
        let needed = JobInputs.needed(by: opened.job)
        if needed.contains(.certificatePassword) {
            inputs.pin = try secret(file: pinOptions.pinFile, environment: "SUCCESSION_PIN", interactive: interactive) {
                try pinOptions.pin(language: language)
            }
        }
        if needed.contains(.facePassword) {
            inputs.facePassword = try secret(
                file: facePasswordFile,
                environment: "SUCCESSION_FACE_PASSWORD",
                interactive: interactive
            ) {
                AccountPassword(
                    try SecretInput.text(
                        file: facePasswordFile,
                        environment: "SUCCESSION_FACE_PASSWORD",
                        option: "--face-password-file",
                        prompt: Phrase.facePasswordPrompt(language),
                        language: language
                    )
                )
            }
        }
        let runner = JobRunner(terminal: opened.terminal, journal: opened.store, inputs: inputs)
        let view = JobRenderer(language: language, json: output.json)
        runner.progress = view.progress
        runner.failpoint = Failpoint.fromEnvironment()
        runner.confirm = { step in
            if let answer = answers.answer(for: step) { return answer }
            return interactive ? view.ask(step) : nil
        }
        let result = try attempt(renderer) { () throws(SuccessionError) in try runner.run() }
        view.summary(result.job, stoppedAt: result.stoppedAt)
        if result.stoppedAt != nil { throw ExitCode(ExitStatus.checkFailed) }
    }

    /// A secret from a named file or the environment (errors stop the run before any step), or a
    /// prompt when there is a terminal; `nil` otherwise (the step that needs it says so).
    private func secret<T>(file: String?, environment: String, interactive: Bool, read: () throws -> T) throws -> T? {
        guard file != nil || getenv(environment) != nil || interactive else { return nil }
        return try read()
    }
}

struct JobConfirmCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "confirm",
        abstract: "Record a person's answer to a manual step (②⑨⑪⑬⑭, S1, S2), with the values the manual checks.",
        discussion: """
            ⑨: --institution-code (the 機関コード of アカウント管理更新), or --no when the admin account cannot \
            log in (supplement ① follows, then ⑨ again). ⑬: --status 'Status=…' and --face-auth yes|no. \
            ⑭: --my-number-card yes|no|不可, --insurance-card yes|no|不可, --backup-handed-over yes|no. \
            S2: --facility-name. Any step: --answer-file FILE with the answer as JSON (S1's results).
            """
    )
    @Argument(help: "The step: 2, 9, 11, 13, 14, S1, S2.") var step: String
    @Flag(name: .long, help: "Answer no.") var no = false
    @Option(name: .long, help: "A note for the journal.") var note: String?
    @Option(name: .long, help: "⑨: the 10-digit 機関コード shown.") var institutionCode: String?
    @Option(name: .long, help: "⑬: the distribution record's Status= line.") var status: String?
    @Option(name: .long, help: "⑬: face authentication works after the reboot (yes/no).") var faceAuth: String?
    @Option(name: .long, help: "⑭: the My Number card test (yes/no/不可).") var myNumberCard: String?
    @Option(name: .long, help: "⑭: the insurance card test (yes/no/不可).") var insuranceCard: String?
    @Option(name: .long, help: "⑭: the backup handed over on USB memory (yes/no).") var backupHandedOver: String?
    @Option(name: .long, help: "S2: the facility name on the readers' screen.") var facilityName: String?
    @Option(name: .long, help: "The whole answer as JSON (e.g. S1's registration results).") var answerFile: String?
    @OptionGroup var folder: JobFolderOptions
    @OptionGroup var output: OutputOptions

    func run() throws {
        let language = output.language
        let answer = try makeAnswer(language: language)
        let (id, renderer, runner) = try OpenedJob.stepRunner(step, folder, output)
        let job = try attempt(renderer) { () throws(SuccessionError) in try runner.answer(id, answer) }
        let problems = job.lastEvent(of: id)?.problems ?? []
        let state = job.state(of: id)
        renderer.render(
            problems,
            heading: ["\(SuccessionProcedure.step(id).mark) \(JobRenderer.stateWord(state, language))"],
            fields: ["step": .string(id.rawValue), "state": .string(state.rawValue)]
        )
        if state == .failed { throw ExitCode(ExitStatus.checkFailed) }
    }

    private func makeAnswer(language: Language) throws -> StepAnswer {
        if let answerFile {
            do {
                return try JSONFile.load(StepAnswer.self, from: answerFile, damaged: .attendedScript)
            } catch {
                throw UsageFailure(message: error.cliMessage(in: language))
            }
        }
        var answer = StepAnswer(no ? .no : .yes, note: note, institutionCode: institutionCode, statusLine: status)
        answer.facilityName = facilityName
        if let faceAuth { answer.faceAuthWorks = try yesNo(faceAuth, "--face-auth", language) }
        if myNumberCard != nil || insuranceCard != nil || backupHandedOver != nil {
            answer.handover = Handover(
                myNumberCard: try outcome(myNumberCard, "--my-number-card", language),
                insuranceCard: try outcome(insuranceCard, "--insurance-card", language),
                backupHandedOver: try yesNo(backupHandedOver ?? "", "--backup-handed-over", language)
            )
        }
        return answer
    }

    private func outcome(_ text: String?, _ option: String, _ language: Language) throws -> Handover.Outcome {
        guard let text, let outcome = Handover.Outcome(typed: text) else {
            throw UsageFailure(
                message: Phrase.takesOutcome(option)(language)
            )
        }
        return outcome
    }

    private func yesNo(_ text: String, _ option: String, _ language: Language) throws -> Bool {
        switch Handover.Outcome(typed: text) {
        case .passed: return true
        case .failed: return false
        default:
            throw UsageFailure(
                message: Phrase.takesYesNo(option)(language)
            )
        }
    }
}

struct JobSkipCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "skip",
        abstract: "Skip a step, with a reason that is recorded (a done step must be undone first)."
    )
    @Argument(help: "The step.") var step: String
    @Option(name: .long, help: "Why (kept in the journal and the report).") var reason: String
    @OptionGroup var folder: JobFolderOptions
    @OptionGroup var output: OutputOptions

    func run() throws {
        let language = output.language
        let (id, renderer, runner) = try OpenedJob.stepRunner(step, folder, output)
        _ = try attempt(renderer) { () throws(SuccessionError) in try runner.skip(id, reason: reason) }
        renderer.render(
            [],
            heading: ["\(SuccessionProcedure.step(id).mark) \(JobRenderer.stateWord(.skipped, language))"],
            fields: ["step": .string(id.rawValue), "state": .string("skipped")]
        )
    }
}

struct JobUndoCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "undo",
        abstract: "Undo a step through what its stores recorded; the steps that depend on it become pending."
    )
    @Argument(help: "The step.") var step: String
    @OptionGroup var folder: JobFolderOptions
    @OptionGroup var output: OutputOptions

    func run() throws {
        let language = output.language
        let (id, renderer, runner) = try OpenedJob.stepRunner(step, folder, output)
        let job = try attempt(renderer) { () throws(SuccessionError) in try runner.undo(id) }
        let reopened = job.dependents(of: id).filter {
            job.lastEvent(of: $0)?.kind == .reopened
        }
        var heading = [Phrase.undone(language) + SuccessionProcedure.step(id).mark]
        if !reopened.isEmpty {
            let marks = reopened.map { SuccessionProcedure.step($0).mark }.joined(separator: "・")
            heading.append(Phrase.pendingAgain(language) + marks)
        }
        renderer.render(
            [],
            heading: heading,
            fields: [
                "step": .string(id.rawValue), "state": .string("pending"),
                "reopened": .array(reopened.map { .string($0.rawValue) }),
            ]
        )
    }
}

enum ReportFormat: String, ExpressibleByArgument, CaseIterable {
    case html, md, json
}

struct JobReportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "report",
        abstract: "The customer's report (A4, Japanese)."
    )
    @OptionGroup var folder: JobFolderOptions
    @Option(name: .long, help: "html, md or json.") var format: ReportFormat = .html
    @Option(name: .long, help: "Write to this new file (an existing one is never replaced).") var out: String?

    func run() throws {
        let language = Language.preferred(environment: ProcessInfo.processInfo.environment)
        let renderer = ProblemRenderer(language: language, json: false)
        let store = try OpenedJob.readingStore(folder.terminal, language: language)
        let job = try attempt(renderer) { () throws(SuccessionError) in try store.load() }
        let report = JobReport(job: job)
        let text = format == .html ? report.html : format == .md ? report.markdown : report.json
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
