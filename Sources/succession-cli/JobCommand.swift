import ArgumentParser
import Foundation
import SuccessionKit
import SystemPackage

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
            JobUndoCommand.self, JobRedoCommand.self, JobReportCommand.self,
        ]
    )
}

/// The folder of a job: a sandbox terminal's root, or an attended job's working folder.
struct JobFolderOptions: ParsableArguments {
    @Option(name: .long, help: "The job's folder: a sandbox terminal's root, or an attended job's working folder.")
    var terminal: String

    /// The folder as an absolute path, resolved once: every path the job prints or records is
    /// independent of the current directory.
    var absolute: FilePath { FilePath.typed(terminal) }
}

/// A job's locked store, its journal loaded, and the terminal it runs on.
struct OpenedJob {
    let store: JobStore
    let job: Job
    let terminal: Terminal

    /// Opens the job at `folder`.
    static func open(_ folder: JobFolderOptions, renderer: ProblemRenderer) throws -> OpenedJob {
        let language = renderer.language
        let store = try lockedStore(folder.terminal, language: language)
        let job = try attempt(renderer) { () throws(SuccessionError) in try store.load() }
        let terminal = try attempt(renderer) { () throws(SuccessionError) in
            try Self.terminal(for: job, root: folder.absolute)
        }
        return OpenedJob(store: store, job: job, terminal: terminal)
    }

    static func terminal(for job: Job, root: FilePath) throws(SuccessionError) -> Terminal {
        switch job.terminal.kind {
        case .attended:
            return try Terminal.attended(
                root: root,
                downloads: job.terminal.downloads.map(FilePath.init(_:)) ?? root,
                backupFolder: job.terminal.backupFolder.map(FilePath.init(_:))
            )
        case .sandbox:
            return try Terminal.sandbox(root: root)
        case .custom:
            // An integrator's backend lives in the integrator's program: never open it as a sandbox.
            throw SuccessionError(.jobCustomTerminal, values: [.path: root.string])
        }
    }

    /// The job store of `root` to read only: no lock, nothing created (status, report).
    static func readingStore(_ root: String, language: Language) throws -> JobStore {
        if !StateFolder(of: root).exists {
            throw UsageFailure(message: Phrase.noTerminal(root)(language))
        }
        return JobStore(readingAt: TerminalLayout(root: FilePath(root)))
    }

    /// The job store of `root` with its lock; failures are usage errors (2) or a lock (1). Only
    /// `create` (job init) makes the state folder: a mistyped path never gets one.
    static func lockedStore(_ root: String, language: Language, create: Bool = false) throws -> JobStore {
        if !create && !StateFolder(of: root).exists {
            throw UsageFailure(message: Phrase.noTerminal(root)(language))
        }
        do {
            return try JobStore(layout: TerminalLayout(root: FilePath(root)))
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
        let opened = try OpenedJob.open(folder, renderer: renderer)
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
            downloads: downloads.map { FilePath.typed($0).string },
            backupFolder: backupFolder.map { FilePath.typed($0).string },
            trustAnchors: anchors.map(\.der)
        )
        if !attended {
            _ = try attempt(renderer) { () throws(SuccessionError) in
                try Terminal.sandbox(root: FilePath(folder.terminal))
            }
        }
        let store = try OpenedJob.lockedStore(folder.terminal, language: language, create: true)
        _ = try attempt(renderer) { () throws(SuccessionError) -> Job in
            do throws(SuccessionError) {
                return try JobRunner.create(
                    journal: store,
                    oldCode: old,
                    newCode: new,
                    notice: reading.notice,
                    terminal: description,
                    restart: restart
                )
            } catch {
                // The journal does not know its folder; the message names it.
                guard error.code == .jobExists else { throw error }
                throw SuccessionError(.jobExists, values: [.path: folder.absolute.string])
            }
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
        var script = try script.map { try AnswerScript.read($0, language: language) }
        let interactive = !yes && script == nil && isatty(0) == 1 && !output.json
        let opened = try OpenedJob.open(folder, renderer: renderer)
        // Secrets given by a file or the environment are taken up front; otherwise each is asked
        // at the step that needs it.
        var inputs = JobInputs()
        if pinOptions.pinFile != nil || getenv("SUCCESSION_PIN") != nil {
            inputs.pin = try pinOptions.pin(language: language)
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
        let runner = JobRunner(terminal: opened.terminal, journal: opened.store, inputs: inputs)
        let view = JobRenderer(language: language, json: output.json)
        runner.progress = view.progress
        runner.failpoint = Failpoint.fromEnvironment()
        var prompt = TerminalConversation(language: language)
        let ending = try JobConversation.drive(runner, language: language) { question, job in
            if script != nil { return script?.answer(question) }
            return interactive ? prompt.ask(question, job: job) : nil
        }
        let job = try attempt(renderer) { () throws(SuccessionError) in try opened.store.load() }
        view.summary(job, ending: ending, root: folder.absolute.string)
        if case .complete = ending { return }
        throw ExitCode(ExitStatus.checkFailed)
    }
}

struct JobConfirmCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "confirm",
        abstract:
            "Answer a step's questions from the command line (any step that asks a person), with the values the manual checks.",
        discussion: """
            Each answer goes through the same checks as at the prompt. --answer ID=TEXT answers one question \
            by its id (as job run shows them, e.g. 8.thumbprint=1a2b3c4d, 12.state=接続中); --answer-file FILE \
            gives a JSON object of them. Shorthands: ⑨ --institution-code (or --no when the admin account \
            cannot log in); ⑬ --status 'Status=…' and --face-auth yes|no; ⑭ --my-number-card, \
            --insurance-card (yes|no|不可) and --backup-handed-over yes|no; S2 --facility-name; ②⑪ no option.
            """
    )
    @Argument(help: "The step: 2, 8, 9, 11, 13, 14, S1, S2, …") var step: String
    @Flag(name: .long, help: "⑨: the admin account cannot log in (supplement ① follows).") var no = false
    @Option(name: .long, help: "⑨: the 10-digit 機関コード shown.") var institutionCode: String?
    @Option(name: .long, help: "⑬: the distribution record's Status= line.") var status: String?
    @Option(name: .long, help: "⑬: face authentication works after the reboot (yes/no).") var faceAuth: String?
    @Option(name: .long, help: "⑭: the My Number card test (yes/no/不可).") var myNumberCard: String?
    @Option(name: .long, help: "⑭: the insurance card test (yes/no/不可).") var insuranceCard: String?
    @Option(name: .long, help: "⑭: the backup handed over on USB memory (yes/no).") var backupHandedOver: String?
    @Option(name: .long, help: "S2: the facility name on the readers' screen.") var facilityName: String?
    @Option(name: .long, help: "An answer by question id: ID=TEXT (repeatable).") var answer: [String] = []
    @Option(name: .long, help: "Answers as a JSON object from question id to text.") var answerFile: String?
    @OptionGroup var folder: JobFolderOptions
    @OptionGroup var output: OutputOptions

    func run() throws {
        let language = output.language
        let id = try stepID(step, language: language)
        let renderer = ProblemRenderer(language: language, json: output.json)
        var script = try answers(for: id, language: language)
        let opened = try OpenedJob.open(folder, renderer: renderer)
        let runner = JobRunner(terminal: opened.terminal, journal: opened.store)
        runner.onlyStep = id
        let before = opened.job.state(of: id)
        var unasked: JobQuestion?
        var refused: [Problem] = []
        _ = try JobConversation.drive(runner, language: language) { question, _ in
            // Only this step's questions are answered here; anything else stops the run.
            guard question.step == id else {
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
        let job = try attempt(renderer) { () throws(SuccessionError) in try opened.store.load() }
        let state = job.state(of: id)
        var problems = state == before ? refused : job.lastEvent(of: id)?.problems ?? []
        if state == .pending, unasked == nil, job.nextStep != id, let next = job.nextStep {
            problems.append(
                Problem(
                    .jobPrecondition,
                    values: [.found: SuccessionProcedure.step(id).mark, .missing: SuccessionProcedure.step(next).mark]
                )
            )
        }
        if state == .pending, let unasked {
            problems.append(
                unasked.step == id
                    ? Problem(
                        .jobAnswerMissing,
                        values: [.field: unasked.id.rawValue, .found: SuccessionProcedure.step(id).mark]
                    )
                    : Problem(
                        .jobPrecondition,
                        values: [
                            .found: SuccessionProcedure.step(id).mark,
                            .missing: SuccessionProcedure.step(unasked.step).mark,
                        ]
                    )
            )
        }
        renderer.render(
            problems,
            heading: ["\(SuccessionProcedure.step(id).mark) \(JobRenderer.stateWord(state, language))"],
            fields: ["step": .string(id.rawValue), "state": .string(state.rawValue)]
        )
        if state == .failed || state == .pending { throw ExitCode(ExitStatus.checkFailed) }
    }

    /// The options as answers by question id.
    private func answers(for id: SuccessionStep.ID, language: Language) throws -> AnswerScript {
        var entries: [String: AnswerScript.Entry] = [:]
        let step = id.rawValue
        func set(_ name: String, _ value: String?) { if let value { entries["\(step).\(name)"] = .text(value) } }
        switch id {
        case .step2, .step11: set("done", "yes")
        case .step9:
            set("login", no ? "no" : "yes")
            set("code", institutionCode)
        case .step13:
            set("status", status)
            set("faceAuth", faceAuth)
        case .step14:
            set("myNumberCard", myNumberCard)
            set("insuranceCard", insuranceCard)
            set("backup", backupHandedOver)
        case .supplement2: set("facilityName", facilityName)
        default: break
        }
        var script = AnswerScript(entries)
        if let answerFile { script = script.overriding(with: try AnswerScript.read(answerFile, language: language)) }
        for pair in answer {
            guard let equals = pair.firstIndex(of: "=") else {
                throw UsageFailure(message: Phrase.answerNeedsID(pair)(language))
            }
            let key = String(pair[..<equals])
            script = script.overriding(
                with: AnswerScript([
                    key.contains(".") ? key : "\(step).\(key)": .text(String(pair[pair.index(after: equals)...]))
                ])
            )
        }
        return script
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
    @Flag(name: .long, help: "Attended: the step was undone by hand on the terminal; reopen it for new answers.")
    var doneByHand = false
    @OptionGroup var folder: JobFolderOptions
    @OptionGroup var output: OutputOptions

    func run() throws {
        let language = output.language
        let (id, renderer, runner) = try OpenedJob.stepRunner(step, folder, output)
        let job = try attempt(renderer) { () throws(SuccessionError) in try runner.undo(id, doneByHand: doneByHand) }
        let reopened = job.dependents(of: id).filter {
            job.lastEvent(of: $0)?.kind == .reopened
        }
        var heading = [Phrase.undone(language) + SuccessionProcedure.step(id).mark]
        if !reopened.isEmpty {
            let marks = reopened.map { SuccessionProcedure.step($0).mark }.joined(separator: "・")
            heading.append(Phrase.pendingAgain(language) + marks)
        }
        renderer.render(
            job.lastEvent(of: id)?.problems ?? [],
            heading: heading,
            fields: [
                "step": .string(id.rawValue), "state": .string("pending"),
                "reopened": .array(reopened.map { .string($0.rawValue) }),
            ]
        )
    }
}

struct JobRedoCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "redo",
        abstract:
            "Open a finished step again to enter its answers anew (the terminal is not changed); later steps reopen too."
    )
    @Argument(help: "The step.") var step: String
    @OptionGroup var folder: JobFolderOptions
    @OptionGroup var output: OutputOptions

    func run() throws {
        let language = output.language
        let (id, renderer, runner) = try OpenedJob.stepRunner(step, folder, output)
        let job = try attempt(renderer) { () throws(SuccessionError) in try runner.redo(id) }
        let reopened = job.dependents(of: id).filter { job.lastEvent(of: $0)?.kind == .reopened }
        var heading = [Phrase.redone(language) + SuccessionProcedure.step(id).mark]
        if !reopened.isEmpty {
            heading.append(
                Phrase.pendingAgain(language)
                    + reopened.map { SuccessionProcedure.step($0).mark }.joined(separator: "・")
            )
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
        abstract: "The customer's report (A4): Japanese, or English with --lang en."
    )
    @OptionGroup var folder: JobFolderOptions
    @Option(name: .long, help: "html, md or json.") var format: ReportFormat = .html
    @Option(name: .long, help: "Write to this new file (an existing one is never replaced).") var out: String?
    @Option(name: .long, help: "The report's language: ja (default) or en.") var lang: LanguageOption?

    func run() throws {
        let language = Language.preferred(environment: ProcessInfo.processInfo.environment)
        let renderer = ProblemRenderer(language: language, json: false)
        let store = try OpenedJob.readingStore(folder.terminal, language: language)
        let job = try attempt(renderer) { () throws(SuccessionError) in try store.load() }
        // The customer's report is Japanese unless asked otherwise, whatever the shell's locale.
        let report = JobReport(job: job, language: lang?.language ?? .japanese)
        let text =
            format == .html
            ? report.html
            : format == .md
                ? report.markdown : try attempt(renderer) { () throws(SuccessionError) in try report.json() }
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
