public import Foundation
public import SystemPackage

/// One job in one folder, as every front end works it: the only code that creates or opens a
/// job, holds its lock, reads the codes and the notice, opens the terminal the journal
/// describes, applies the refusal policy and says how each question and step is shown. `job
/// run`, `job confirm`, `demo` and the guided page render it and hand back text.
///
/// ```swift
/// let session = try JobSession.start(request, at: root)      // or JobSession.open(at: root)
/// let ending = try await session.drive { question in
///     print(question.prompt(.japanese), session.presentation(of: question).hint?(.japanese) ?? "")
///     return readLine()
/// }
/// ```
///
/// A session is not `Sendable`: keep it in one task, or in an actor (the page does). The folder's
/// lock is held for the session's whole life, so a second front end on the same folder is
/// refused (`job.locked`) while reading commands (``read(at:procedure:)``) still work.
public final class JobSession {
    /// The job's folder: a sandbox terminal's root, or an attended job's working folder.
    public let root: FilePath
    /// The conversation engine (for what a front end needs beyond the session's calls).
    public let runner: JobRunner
    private let lock: JobFolderLock
    private let store: JobStore

    private init(root: FilePath, runner: JobRunner, lock: JobFolderLock, store: JobStore) {
        self.root = root
        self.runner = runner
        self.lock = lock
        self.store = store
    }

    /// Opens the terminal a journal describes; a custom backend is the integrator's to give.
    public typealias Backends = @Sendable (TerminalDescription, FilePath) throws(SuccessionError) -> Terminal?

    // MARK: Opening

    /// Creates the job `request` describes in `root` and opens it, with the manual's hard stop
    /// first: when anything keeps the succession from starting — a code that does not read, a
    /// notice that is not the new code's, the same code twice, an attended job without the
    /// folder of the new `.p12` — nothing is created, and the reasons are thrown.
    /// - Throws: `job.cannotStart` followed by the reasons; `job.exists` when the folder has a job
    ///   and `request.restart` is false; `job.locked` when another front end works the folder.
    public static func start(
        _ request: JobStartRequest,
        at root: FilePath,
        inputs: JobInputs = JobInputs(),
        procedure: SuccessionProcedure = .standard,
        backends: Backends? = nil,
        lock held: JobFolderLock? = nil,
        now: Date = Date()
    ) throws(SuccessionError) -> JobSession {
        let (old, new, notice) = try startingPoint(request, now: now)
        try AtomicFile.createFolder(root.string)
        let lock: JobFolderLock
        if let held { lock = held } else { lock = try JobFolderLock(root) }
        do {
            let terminal = try openTerminal(
                TerminalDescription(
                    backend: request.backend,
                    downloads: request.downloads.map { FilePath.typed($0.string).string },
                    backupFolder: request.backupFolder.map { FilePath.typed($0.string).string },
                    trustAnchors: request.trustAnchors.map(\.der),
                    agentCommand: request.agentCommand
                ),
                root: root,
                backends: backends
            )
            let store = try JobStore(layout: terminal.layout)
            do throws(SuccessionError) {
                _ = try JobRunner.create(
                    journal: store,
                    terminal: terminal.description(
                        trustAnchors: request.trustAnchors,
                        agentCommand: request.agentCommand
                    ),
                    oldCode: old,
                    newCode: new,
                    notice: notice,
                    restart: request.restart,
                    at: now
                )
            } catch  where error.code == .jobExists {
                // The journal does not know its folder; the message names it.
                throw SuccessionError(.jobExists, values: [.path: root.string])
            }
            let runner = JobRunner(terminal: terminal, journal: store, inputs: inputs, procedure: procedure)
            return JobSession(root: root, runner: runner, lock: lock, store: store)
        }
    }

    /// What `request` starts from — both codes and the notice read, once — or, creating nothing,
    /// why it cannot start.
    static func startingPoint(
        _ request: JobStartRequest,
        now: Date
    ) throws(SuccessionError) -> (MedicalInstitutionCode, MedicalInstitutionCode, CertificateIssueNotice) {
        var problems = request.oldCode.problems.map { $0.inRow("--old-code") }
        problems += request.newCode.problems.map { $0.inRow("--new-code") }
        let notice: CertificateIssueNotice
        do {
            switch request.notice {
            case .text(let text):
                let reading = try CertificateIssueNotice.read(bytes: Array(text.utf8))
                problems += reading.problems
                notice = reading.notice
            case .bytes(let bytes):
                let reading = try CertificateIssueNotice.read(bytes: bytes)
                problems += reading.problems
                notice = reading.notice
            case .file(let path):
                let reading = try CertificateIssueNotice.read(contentsOf: path)
                problems += reading.problems
                notice = reading.notice
            case .notice(let given):
                notice = given
            }
        } catch {
            throw SuccessionError([Problem(.jobCannotStart)] + problems + error.problems)
        }
        if let old = request.oldCode.code, let new = request.newCode.code {
            problems += JobRunner.startProblems(oldCode: old, newCode: new, notice: notice, at: now)
        }
        // The new .p12 comes from a person's browser: its folder is given, never guessed.
        if [.attended, .windowsAgent].contains(request.backend) && request.downloads == nil {
            problems.append(Problem(.jobNeedsDownloads))
        }
        guard let old = request.oldCode.code, let new = request.newCode.code, !problems.containsError else {
            throw SuccessionError([Problem(.jobCannotStart)] + problems)
        }
        return (old, new, notice)
    }

    /// Opens the job in `root`, taking its lock, on the terminal its journal describes.
    /// - Parameters:
    ///   - root: the job's folder.
    ///   - inputs: secrets given up front; the others are asked at their step.
    ///   - procedure: the steps the job was made with (the manual's, unless it was started with
    ///     steps of one's own).
    ///   - backends: opens a terminal whose backend the library does not know (a custom one);
    ///     without it, a job of a custom backend is refused, never opened as a sandbox.
    ///   - held: the folder's lock, when the front end took it before (the page, from its start).
    /// - Throws: `job.none` when the folder has no job, `job.locked` when another front end
    ///   works it, `job.customTerminal`, `job.unknownStep`, and what reading the journal throws.
    public static func open(
        at root: FilePath,
        inputs: JobInputs = JobInputs(),
        procedure: SuccessionProcedure = .standard,
        backends: Backends? = nil,
        lock held: JobFolderLock? = nil
    ) throws(SuccessionError) -> JobSession {
        let layout = TerminalLayout(root: root)
        guard exists(at: root) else { throw SuccessionError(.jobNone, values: [.path: root.string]) }
        let lock: JobFolderLock
        if let held { lock = held } else { lock = try JobFolderLock(root) }
        do {
            let store = try JobStore(layout: layout)
            let job = try store.load()
            if let unknown = job.events.first(where: { !procedure.ids.contains($0.step) }) {
                throw SuccessionError(.jobUnknownStep, values: [.found: unknown.step.rawValue])
            }
            let terminal = try openTerminal(job.terminal, root: root, backends: backends)
            let runner = JobRunner(terminal: terminal, journal: store, inputs: inputs, procedure: procedure)
            return JobSession(root: root, runner: runner, lock: lock, store: store)
        }
    }

    /// The job in `root`, read without a lock and without creating anything (the journal is
    /// always replaced whole): what `job status` and `job report` show.
    /// - Throws: `job.none` when the folder has no job, and what reading the journal throws.
    public static func read(
        at root: FilePath,
        procedure: SuccessionProcedure = .standard
    ) throws(SuccessionError) -> Job {
        let layout = TerminalLayout(root: root)
        guard FileSystem.isDirectory(layout.stateFolder.string) else {
            throw SuccessionError(.jobNone, values: [.path: root.string])
        }
        var job = try JobStore(readingAt: layout).load()
        job.procedure = procedure
        return job
    }

    /// Whether `root` holds a job (its journal).
    public static func exists(at root: FilePath) -> Bool {
        FileSystem.exists(TerminalLayout(root: root).stateFolder.appending("job.json").string)
    }

    /// The terminal a description names, in `root`: the sandbox, the attended terminal, or one the
    /// integrator's `backends` opens.
    private static func openTerminal(
        _ description: TerminalDescription,
        root: FilePath,
        backends: Backends?
    ) throws(SuccessionError) -> Terminal {
        if let backends, let terminal = try backends(description, root) { return terminal }
        switch description.backend {
        case .sandbox:
            return try Terminal.sandbox(root: root)
        case .attended:
            return try Terminal.attended(
                root: root,
                downloads: description.downloads.map { FilePath($0) } ?? root,
                backupFolder: description.backupFolder.map { FilePath($0) }
            )
        case .windowsAgent:
            // The agent the job was started with, archiving ④ only with the private key; a front
            // end that lets the person allow less gives `backends`.
            return try Terminal.windowsAgent(root: root, description: description)
        case .custom:
            // A backend that lives in another program is never opened as a sandbox.
            throw SuccessionError(.jobCustomTerminal, values: [.path: root.string])
        }
    }

    // MARK: The conversation

    /// The job as the journal holds it.
    public func job() throws(SuccessionError) -> Job {
        try runner.job()
    }

    /// The secrets the session holds (in memory only).
    public var inputs: JobInputs {
        get { runner.inputs }
        set { runner.inputs = newValue }
    }

    /// Told as steps start and finish.
    public var progress: (@Sendable (JobProgress) -> Void)? {
        get { runner.progress }
        set { runner.progress = newValue }
    }

    /// Performs what software can and says what the job needs next (see ``JobRunner/next()``).
    public func next() async throws(SuccessionError) -> JobNext {
        try await runner.next()
    }

    /// Hands back what a person typed for the question asked. A front end that shows one
    /// question a request (the page) may answer without asking first: the session asks, once,
    /// then answers — an answer to another question, or to an earlier asking, is outdated.
    public func answer(
        _ id: JobQuestion.ID,
        _ text: String,
        attempt: Int? = nil
    ) async throws(SuccessionError) -> AnswerReply {
        if !runner.isAsking {
            guard case .question(let question) = try await runner.next(), question.id == id else { return .outdated }
        }
        return try await runner.answer(id, text, attempt: attempt)
    }

    /// Works the job with answers from `person` until it ends, the refusal policy applied (see
    /// ``JobRunner/drive(answering:)``); a step that failed in this session is tried anew.
    public func drive(answering person: (JobQuestion) async -> String?) async throws(SuccessionError) -> JobEnding {
        runner.runAgain()
        return try await runner.drive(answering: person)
    }

    /// Lets a failed step be tried anew (``WayForward/runAgain(_:)``), the secrets kept.
    public func runAgain() {
        runner.runAgain()
    }

    // MARK: Skip, undo, redo

    /// Skips a step with a reason (see ``JobRunner/skip(_:reason:)``).
    public func skip(_ id: SuccessionStep.ID, reason: String) throws(SuccessionError) -> Job {
        try runner.skip(id, reason: reason)
    }

    /// The finished steps that undoing or redoing `id` would return to pending.
    public func wouldReopen(_ id: SuccessionStep.ID) throws(SuccessionError) -> [SuccessionStep.ID] {
        let job = try runner.job()
        return job.dependents(of: id).filter { [.done, .skipped, .failed].contains(job.state(of: $0)) }
    }

    /// Undoes a step (see ``JobRunner/undo(_:doneByHand:)``). When finished steps depend on it,
    /// the person is asked first: without `reopening`, `job.reopensLaterSteps` names them and
    /// nothing changes.
    public func undo(
        _ id: SuccessionStep.ID,
        doneByHand: Bool = false,
        reopening: Bool = false
    ) async throws(SuccessionError) -> Job {
        try runner.checkUndoable(id, in: try runner.job())
        try requireConfirmation(id, reopening)
        return try await runner.undo(id, doneByHand: doneByHand)
    }

    /// Opens a step again for new answers (see ``JobRunner/redo(_:)``), asking first as
    /// ``undo(_:doneByHand:reopening:)`` does when finished steps depend on it.
    public func redo(_ id: SuccessionStep.ID, reopening: Bool = false) throws(SuccessionError) -> Job {
        try requireConfirmation(id, reopening)
        return try runner.redo(id)
    }

    private func requireConfirmation(_ id: SuccessionStep.ID, _ confirmed: Bool) throws(SuccessionError) {
        guard !confirmed else { return }
        let later = try wouldReopen(id)
        guard !later.isEmpty else { return }
        let procedure = runner.procedure
        throw SuccessionError(
            .jobReopensLaterSteps,
            values: [
                .found: procedure.step(id).mark,
                .steps: later.map { procedure.step($0).mark }.joined(separator: "・"),
            ]
        )
    }

    // MARK: How things are shown

    /// How a step is shown before its first question: its mark and title, the manual's
    /// operations, the job's own facts for it (⑥'s request ID) and its cautions.
    public func presentation(of step: SuccessionStep.ID) throws(SuccessionError) -> StepPresentation {
        StepPresentation(step: runner.procedure.step(step), job: try runner.job())
    }

    /// How a question is shown: what to type, an example, whether it is a list.
    public func presentation(of question: JobQuestion) -> QuestionPresentation {
        QuestionPresentation(question)
    }
}

/// The lock of a job's folder, held by the one front end that works it (a session; the page
/// before its start form made the job): another is refused with `job.locked`. Nothing is created
/// in the folder; the kernel releases the lock when the process dies, even by kill -9.
public final class JobFolderLock: Sendable {
    private let lock: FolderLock

    /// Takes the lock of `root` (an existing folder) without waiting.
    /// - Throws: `job.locked` (values: path) when another process holds it.
    public init(_ root: FilePath) throws(SuccessionError) {
        lock = try FolderLock(root, exclusive: true, waiting: false)
    }

    deinit {
        lock.release()
    }
}

extension Terminal {
    /// The description with the agent's command kept (a Windows agent's terminal).
    func description(trustAnchors: [TrustAnchor], agentCommand: [String]?) -> TerminalDescription {
        var description = description(trustAnchors: trustAnchors)
        description.agentCommand = agentCommand
        return description
    }
}

extension ProblemCode {
    /// An attended job needs the folder the new `.p12` is read from (USB memory, Downloads).
    public static let jobNeedsDownloads = ProblemCode(rawValue: "job.needsDownloads")
    /// Undoing or redoing a step would return finished later steps to pending: confirm first.
    /// Values: found (the step), steps (the later ones).
    public static let jobReopensLaterSteps = ProblemCode(rawValue: "job.reopensLaterSteps")
}
