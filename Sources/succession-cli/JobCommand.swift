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

/// Opens a terminal's job store with its lock; failures are usage errors (2) or a lock (1).
func openJob(_ options: TerminalOptions, language: Language) throws -> (Terminal, JobStore) {
    let terminal = try options.open(language: language)
    do {
        return (terminal, try JobStore(layout: terminal.layout))
    } catch {
        Output.error.write(error.message(in: language))
        throw ExitCode(error.code == .jobLocked ? ExitStatus.checkFailed : ExitStatus.usage)
    }
}

/// What `job confirm|skip|undo` share: the step argument, a runner on the locked job, a renderer.
func openStep(
    _ step: String,
    _ options: TerminalOptions,
    _ output: OutputOptions
) throws -> (id: SuccessionStep.ID, runner: JobRunner, renderer: ProblemRenderer) {
    let language = output.language
    let id = try stepID(step, language: language)
    let (site, store) = try openJob(options, language: language)
    return (id, JobRunner(terminal: site, store: store), ProblemRenderer(language: language, json: output.json))
}

/// A step id argument: `7`, `⑦`, `S1`.
func stepID(_ text: String, language: Language) throws -> SuccessionStep.ID {
    guard let id = SuccessionStep.ID(typed: text) else {
        throw UsageFailure(
            message: language == .japanese ? "手順「\(text)」はありません（1〜14、S1、S2）。" : "No step '\(text)' (1–14, S1, S2)."
        )
    }
    return id
}

struct JobInitCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "init",
        abstract: "Create the job of a succession on a terminal."
    )
    @OptionGroup var terminal: TerminalOptions
    @Option(name: .long, help: "The OLD medical institution code.") var oldCode: String
    @Option(name: .long, help: "The NEW medical institution code.") var newCode: String
    @Option(name: .long, help: "The certificate issue notice (text rows or JSON).") var notice: String
    @OptionGroup var output: OutputOptions

    func run() throws {
        let language = output.language
        let old = try CodeArgument.parse(oldCode, option: "--old-code", language: language)
        let new = try CodeArgument.parse(newCode, option: "--new-code", language: language)
        let reading = try NoticeCheckCommand.read(notice, language: language)
        let (_, store) = try openJob(terminal, language: language)
        let renderer = ProblemRenderer(language: language, json: output.json)
        _ = try attempt(renderer) { () throws(SuccessionError) in
            try JobRunner.create(store: store, oldCode: old, newCode: new, notice: reading.notice)
        }
        let problems = reading.problems + reading.notice.check(newCode: new, oldCode: old, at: Date())
        let heading = [(language == .japanese ? "ジョブを作成しました: " : "Job created: ") + terminal.terminal]
        renderer.render(
            problems,
            heading: heading,
            fields: ["oldCode": .string(old.digits), "newCode": .string(new.digits)]
        )
    }
}

struct JobStatusCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "status", abstract: "Show where the job stands.")
    @OptionGroup var terminal: TerminalOptions
    @OptionGroup var output: OutputOptions

    func run() throws {
        let language = output.language
        let (_, store) = try openJob(terminal, language: language)
        let renderer = ProblemRenderer(language: language, json: output.json)
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
            (answer it with succession job confirm). The PIN comes from --pin-file, SUCCESSION_PIN \
            or a prompt; the face-auth password from --face-password-file, SUCCESSION_FACE_PASSWORD \
            or a prompt. Neither is ever recorded.
            """
    )
    @OptionGroup var terminal: TerminalOptions
    @Flag(name: .long, help: "Automatic steps only; stop at the next manual step.") var yes = false
    @OptionGroup var pinOptions: PINOptions
    @Option(name: .long, help: "A file whose first line is the face-auth account's password.") var facePasswordFile:
        String?
    @OptionGroup var output: OutputOptions

    func run() throws {
        // The technician's own run speaks Japanese unless --lang says otherwise.
        let language = output.lang?.language ?? .japanese
        let (site, store) = try openJob(terminal, language: language)
        let renderer = ProblemRenderer(language: language, json: output.json)
        let job = try attempt(renderer) { () throws(SuccessionError) in try store.load() }
        let interactive = !yes && isatty(0) == 1 && !output.json
        var inputs = JobInputs()
        let pending = Set(job.order.filter { !job.isFinished($0) })
        if !pending.isDisjoint(with: [.s6, .s7]) { inputs.pin = try? pinOptions.pin(language: language) }
        if pending.contains(.s12) {
            inputs.facePassword = try? AccountPassword(
                SecretInput.text(
                    file: facePasswordFile,
                    environment: "SUCCESSION_FACE_PASSWORD",
                    prompt: language == .japanese ? "顔認証アカウントのパスワード: " : "Face-auth password: ",
                    language: language
                )
            )
        }
        let runner = JobRunner(terminal: site, store: store, inputs: inputs)
        let view = JobRenderer(language: language, json: output.json)
        runner.progress = view.progress
        runner.failpoint = Failpoint.fromEnvironment()
        if interactive { runner.confirm = { view.ask($0) } }
        let result = try attempt(renderer) { () throws(SuccessionError) in try runner.run() }
        view.summary(result.job, stoppedAt: result.stoppedAt)
        if result.stoppedAt != nil { throw ExitCode(ExitStatus.checkFailed) }
    }
}

struct JobConfirmCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "confirm",
        abstract: "Record a person's answer to a manual step (yes by default; --no; --status for ⑬)."
    )
    @Argument(help: "The step: 2, 9, 11, 13, 14, S1, S2.") var step: String
    @Flag(name: .long, help: "Answer no (for ⑨: the accounts were not carried over → supplement ①).") var no = false
    @Option(name: .long, help: "A note for the journal.") var note: String?
    @Option(name: .long, help: "For ⑬: the distribution record's Status= line.") var status: String?
    @OptionGroup var terminal: TerminalOptions
    @OptionGroup var output: OutputOptions

    func run() throws {
        let (id, runner, renderer) = try openStep(step, terminal, output)
        let job = try attempt(renderer) { () throws(SuccessionError) in
            try runner.answer(id, StepAnswer(no ? .no : .yes, note: note, statusLine: status))
        }
        let problems = job.lastEvent(of: id)?.problems ?? []
        let state = job.state(of: id)
        renderer.render(
            problems,
            heading: ["\(SuccessionProcedure.step(id).mark) \(state.rawValue)"],
            fields: ["step": .string(id.rawValue), "state": .string(state.rawValue)]
        )
        if state == .failed { throw ExitCode(ExitStatus.checkFailed) }
    }
}

struct JobSkipCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "skip",
        abstract: "Skip a step, with a reason that is recorded."
    )
    @Argument(help: "The step.") var step: String
    @Option(name: .long, help: "Why (kept in the journal and the report).") var reason: String
    @OptionGroup var terminal: TerminalOptions
    @OptionGroup var output: OutputOptions

    func run() throws {
        let (id, runner, renderer) = try openStep(step, terminal, output)
        _ = try attempt(renderer) { () throws(SuccessionError) in try runner.skip(id, reason: reason) }
        renderer.render(
            [],
            heading: ["\(SuccessionProcedure.step(id).mark) skipped"],
            fields: ["step": .string(id.rawValue), "state": .string("skipped")]
        )
    }
}

struct JobUndoCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "undo",
        abstract: "Undo a step that changed the terminal, restoring from the archive."
    )
    @Argument(help: "The step.") var step: String
    @OptionGroup var terminal: TerminalOptions
    @OptionGroup var output: OutputOptions

    func run() throws {
        let language = output.language
        let (id, runner, renderer) = try openStep(step, terminal, output)
        _ = try attempt(renderer) { () throws(SuccessionError) in try runner.undo(id) }
        let heading = [(language == .japanese ? "元に戻しました: " : "Undone: ") + SuccessionProcedure.step(id).mark]
        renderer.render([], heading: heading, fields: ["step": .string(id.rawValue), "state": .string("pending")])
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
    @OptionGroup var terminal: TerminalOptions
    @Option(name: .long, help: "html, md or json.") var format: ReportFormat = .html
    @Option(name: .long, help: "Write to this file (default: standard output).") var out: String?

    func run() throws {
        let language = Language.preferred(environment: ProcessInfo.processInfo.environment)
        let (_, store) = try openJob(terminal, language: language)
        let renderer = ProblemRenderer(language: language, json: false)
        let job = try attempt(renderer) { () throws(SuccessionError) in try store.load() }
        let report = JobReport(job: job)
        let text = format == .html ? report.html : format == .md ? report.markdown : report.json
        if let out {
            try attempt(renderer) { () throws(SuccessionError) in
                try AtomicFile.write(Array(text.utf8), to: out, replace: true, mode: 0o644)
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
