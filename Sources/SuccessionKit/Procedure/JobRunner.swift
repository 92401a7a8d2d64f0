public import Foundation
import SystemPackage

/// What a run reports as it goes, for a renderer to show.
public enum JobProgress: Sendable {
    /// A step began.
    case started(SuccessionStep)
    /// A step ended in this state, with its problems and then its notes for the technician.
    case finished(SuccessionStep, Job.StepState, [Problem])
    /// A step is waiting for a person's answer that this run does not have.
    case waiting(SuccessionStep)
    /// A long step's progress (files opened of all), for a progress bar.
    case working(SuccessionStep, done: Int, total: Int)
}

/// Secrets a run holds in memory and never records: given up front (a file, the environment) or
/// answered at the step that needs them.
public struct JobInputs: Sendable {
    /// The 証明書パスワード (⑥⑦).
    public var pin: CertificatePIN?
    /// The face-auth account's password (⑫).
    public var facePassword: AccountPassword?

    /// Secrets given up front; those left `nil` are asked at their step.
    public init(pin: CertificatePIN? = nil, facePassword: AccountPassword? = nil) {
        self.pin = pin
        self.facePassword = facePassword
    }

    /// Forgets `secret` (a PIN no file opens with): it is asked again.
    mutating func forget(_ secret: JobSecret) {
        switch secret {
        case .certificatePassword: pin = nil
        case .facePassword: facePassword = nil
        }
    }

    /// Takes a secret a person typed at its question.
    mutating func take(_ secret: JobSecret, _ text: String) {
        switch secret {
        case .certificatePassword: pin = .downloadSite(text)
        case .facePassword: facePassword = AccountPassword(text)
        }
    }
}

/// How a conversation driven to its end (``JobRunner/drive(answering:)``) ended.
public enum JobEnding: Sendable, Hashable {
    /// Every step is finished.
    case complete
    /// Nobody had an answer (a person stopped, a script ran out, an answer was refused three
    /// times): the job resumes at `question`.
    case paused(JobQuestion)
    /// A step failed or is blocked: `wayForward` says what works.
    case stopped(SuccessionStep.ID, [Problem], wayForward: WayForward)
}

/// Runs a job on a terminal as a conversation: ``next()`` performs what software can and says
/// what it needs from a person; ``answer(_:_:attempt:)`` normalizes and checks what they typed. A
/// typo asks the same question again; only a real finding fails a step; the answers of an
/// attempt stay in memory and reach the journal only with the step's record. Every store change
/// is journaled as an intent before it is made and reconciled after a kill, so a run killed at
/// any instruction resumes at the same question with a true record.
///
/// ## Tasks and threads
/// A runner is one conversation with one driver, so it is not `Sendable`: its answers in
/// progress and its secrets are plain state. Its methods are `async` (a store may be an actor, or
/// talk to another process) and run where they are called from: keep a runner in one task, or in
/// an actor (as `succession serve` keeps its ``JobSession``).
public final class JobRunner {
    /// The terminal the steps work on.
    public let terminal: Terminal
    /// Where the job's record is loaded from and saved to after every event.
    public let journal: any JobJournal
    /// The steps the job is worked by.
    public let procedure: SuccessionProcedure
    /// The secrets this run holds (in memory only).
    public var inputs: JobInputs
    /// Told as steps start and finish.
    public var progress: (@Sendable (JobProgress) -> Void)?
    /// A test seam for crash tests: called with `"<step>:afterAction"` between a store's change
    /// and its journal entry.
    package var failpoint: ((String) -> Void)?
    /// What a person does by hand before a step performs (a sandbox demo unplugs the readers
    /// before ③ and plugs them back before ⑫).
    package var handWork: ((SuccessionStep) async -> Void)?
    /// The clock.
    package var now: () -> Date = Date.init
    /// The one step this runner may perform or ask (`job confirm N` works step N only).
    package var onlyStep: SuccessionStep.ID?

    private var answers: [SuccessionStep.ID: StepAnswers] = [:]
    private var rejected: [JobQuestion.ID: (answer: Answer?, problem: Problem)] = [:]
    private var asked: JobQuestion?
    /// Whether a question is asked and waits for its answer.
    package var isAsking: Bool { asked != nil }
    /// The question asked last, answered or not.
    public private(set) var lastQuestion: JobQuestion?
    private var askings = 0
    private var failedThisRun: Set<SuccessionStep.ID> = []
    private var handWorkDone: Set<SuccessionStep.ID> = []
    private let memory = SessionMemory()

    /// A runner of the job in `journal` on `terminal`, with the secrets known up front.
    public init(
        terminal: Terminal,
        journal: any JobJournal,
        inputs: JobInputs = JobInputs(),
        procedure: SuccessionProcedure = .standard
    ) {
        self.terminal = terminal
        self.journal = journal
        self.inputs = inputs
        self.procedure = procedure
    }

    /// The job as the journal holds it, worked by this runner's procedure.
    public func job() throws(SuccessionError) -> Job {
        var job = try journal.load()
        job.procedure = procedure
        return job
    }

    /// What keeps a succession from starting (errors), and what deserves a word (warnings): the
    /// manual's hard stop 「無い場合は工事できません」 — a notice for the new code — and two
    /// different codes. A notice issued to the code given as the old one is `job.codesSwapped`:
    /// the codes may have been typed the wrong way round (or the notice is the old code's).
    public static func startProblems(
        oldCode: MedicalInstitutionCode,
        newCode: MedicalInstitutionCode,
        notice: CertificateIssueNotice,
        at date: Date
    ) -> [Problem] {
        var problems = notice.check(newCode: newCode, oldCode: oldCode, at: date)
        // A notice issued to the code given as the old one: the codes typed the wrong way round,
        // or the old code's notice. Both are said, the swap first.
        problems = problems.map { problem in
            guard problem.code == .noticeOldCode else { return problem }
            return Problem(.jobCodesSwapped, values: [.found: oldCode.digits, .expected: newCode.digits])
        }
        if oldCode == newCode { problems.append(Problem(.jobSameCode, values: [.found: newCode.digits])) }
        return problems.isEmpty ? [] : SuccessionError(problems).problems
    }

    /// Creates the job of a succession in `journal`; refuses, creating nothing, when it cannot
    /// start (``startProblems(oldCode:newCode:notice:at:)``).
    /// - Parameters:
    ///   - journal: where the job is saved (a ``JobStore``, or a journal of your own).
    ///   - terminal: the terminal the job runs on, as the journal records it.
    ///   - oldCode: the 医療機関等コード before the succession.
    ///   - newCode: the code after it.
    ///   - notice: the 電子証明書発行通知書 of the new code 【工事手順①】.
    ///   - restart: an existing job is archived (never deleted) and a new one begun.
    ///   - date: the time of the work, for the notice's checks and the record.
    /// - Throws: `job.cannotStart` followed by the reasons; `job.exists` when there is a job and
    ///   `restart` is false.
    public static func create(
        journal: any JobJournal,
        terminal: TerminalDescription,
        oldCode: MedicalInstitutionCode,
        newCode: MedicalInstitutionCode,
        notice: CertificateIssueNotice,
        restart: Bool = false,
        at date: Date = Date()
    ) throws(SuccessionError) -> Job {
        let problems = startProblems(oldCode: oldCode, newCode: newCode, notice: notice, at: date)
        if problems.containsError { throw SuccessionError([Problem(.jobCannotStart)] + problems) }
        if journal.exists {
            guard restart else { throw SuccessionError(.jobExists) }
            try journal.startOver()
        }
        let job = Job(oldCode: oldCode, newCode: newCode, notice: notice, terminal: terminal, createdAt: date)
        try journal.save(job)
        return job
    }

    /// Creates the job of a succession on `terminal`, whose backend and folders the job
    /// records; refuses, creating nothing, when it cannot start. A job in a folder is made by
    /// ``JobSession/start(_:at:inputs:procedure:backends:lock:now:)``; this is for a journal of
    /// one's own (a database, a server).
    /// - Throws: `job.cannotStart` followed by the reasons; `job.exists` when there is a job and
    ///   `restart` is false.
    public static func create(
        journal: any JobJournal,
        on terminal: Terminal,
        oldCode: MedicalInstitutionCode,
        newCode: MedicalInstitutionCode,
        notice: CertificateIssueNotice,
        trustAnchors: [TrustAnchor] = [],
        restart: Bool = false,
        at date: Date = Date()
    ) throws(SuccessionError) -> Job {
        try create(
            journal: journal,
            terminal: terminal.description(trustAnchors: trustAnchors),
            oldCode: oldCode,
            newCode: newCode,
            notice: notice,
            restart: restart,
            at: date
        )
    }

    // MARK: The conversation

    /// Performs every step software can until the job needs a person, stops, or is complete.
    /// Asked again without an answer in between, it asks the same question (the same attempt).
    public func next() async throws(SuccessionError) -> JobNext {
        var job = try self.job()
        while let id = job.nextStep {
            guard let step = procedure.procedureStep(id) else {
                throw SuccessionError(.jobUnknownStep, values: [.found: id.rawValue])
            }
            let metadata = type(of: step).step
            if let only = onlyStep, id != only {
                return .stopped(id, [], wayForward: .runAgain(id))
            }
            if let blocked = preconditionProblem(of: id, in: job) {
                let skipped = job.unmetPreconditions(of: id).first { job.state(of: $0) == .skipped }
                return .stopped(id, [blocked], wayForward: skipped.map(WayForward.unblock) ?? .runAgain(id))
            }
            if failedThisRun.contains(id) {
                let problems = job.lastEvent(of: id)?.problems ?? []
                return .stopped(id, problems, wayForward: step.wayForward(after: problems, in: job))
            }
            // A store change cut short by a kill is put in the record before anything else.
            if try await reconcile(id) { job = try self.job() }
            let stepAnswers = answers[id] ?? StepAnswers()
            if let question = step.nextQuestion(context(job, id), stepAnswers) {
                return .question(ask(question))
            }
            asked = nil
            if !handWorkDone.contains(id) {
                await handWork?(metadata)
                handWorkDone.insert(id)
            }
            progress?(.started(metadata))
            let performed = await perform(step, context(job, id), stepAnswers)
            if let again = performed.askAgain {
                // A PIN no file opens with: forget it and ask for it again; nothing is recorded.
                if let secret = again.secret { inputs.forget(secret) }
                rejected[again.question] = (nil, again.problem.without(.found))
                job = try self.job()
                continue
            }
            failpoint?("\(id.rawValue):afterAction")
            // A failed attempt records what it changed before it says what happened.
            _ = try await reconcile(id)
            job = try self.job()
            record(performed, of: id, in: &job)
            try journal.save(job)
            answers[id] = nil
            let state = job.state(of: id)
            let problems = job.lastEvent(of: id)?.problems ?? []
            // What the technician is told as the step ends: its problems, then its notes (where
            // ⑥'s verified backup went, an inference to check).
            progress?(.finished(metadata, state, problems + (job.lastEvent(of: id)?.technicianNotes ?? [])))
            if state == .failed {
                failedThisRun.insert(id)
                return .stopped(id, problems, wayForward: step.wayForward(after: problems, in: job))
            }
        }
        asked = nil
        return .complete
    }

    /// Hands back what a person typed for the question ``next()`` asked last.
    /// - Parameters:
    ///   - id: the question answered (``JobQuestion/id``).
    ///   - text: what the person typed, as typed: the step normalizes and checks it.
    ///   - attempt: the ``JobQuestion/attempt`` the answer was given to, when the front end knows
    ///     it (a page's form): an answer to an earlier asking is ``AnswerReply/outdated``, never
    ///     taken as typed again.
    /// - Returns: `.accepted`, or `.rejected` with what was wrong (then ``next()`` asks the same
    ///   question again, with that problem). A rejected text is never written down.
    /// - Throws: `answer.notAsked` when `id` is not the question asked.
    public func answer(
        _ id: JobQuestion.ID,
        _ text: String,
        attempt: Int? = nil
    ) async throws(SuccessionError) -> AnswerReply {
        guard let question = asked, question.id == id else {
            if let attempt, let asked, asked.id == id || attempt < asked.attempt { return .outdated }
            throw SuccessionError(.answerNotAsked, values: [.field: id.rawValue])
        }
        if let attempt, attempt != question.attempt { return .outdated }
        let job = try self.job()
        guard let step = procedure.procedureStep(question.step) else {
            throw SuccessionError(.jobUnknownStep, values: [.found: question.step.rawValue])
        }
        let context = context(job, question.step)
        if case .secret(let secret) = question.kind {
            guard let value = secret.value(typed: text) else {
                return reject(question, Problem(.answerEmpty), answer: nil)
            }
            if let problem = step.checkSecret(secret, value, context) {
                return reject(question, problem, answer: nil)
            }
            inputs.take(secret, value)
            return accept(question, nil)
        }
        let answer: Answer
        switch Answer.read(text, as: question.kind) {
        case .rejected(let problem): return reject(question, problem, answer: nil)
        case .accepted(let read): answer = read
        }
        if answer == .choice("no"), let notYet = question.notYet {
            return reject(
                question,
                Problem(.answerNotYet, values: [.instruction: notYet.japanese, .expected: notYet.english]),
                answer: answer
            )
        }
        if let problem = step.check(answer, to: question, context, answers[question.step] ?? StepAnswers()) {
            // A value that may be a typo, typed again the same: taken as what the screen shows.
            let insisted = Self.insistable.contains(problem.code) && rejected[id]?.answer == answer
            if !insisted { return reject(question, problem, answer: answer) }
        }
        return accept(question, answer)
    }

    /// Works the job with answers from `person` (a prompt, a script, a test) until it is
    /// complete, a step stops, or `person` has no answer (`nil`). The one refusal policy of every
    /// front end: the same text refused three times for one question pauses the run, so a script
    /// that repeats a refused answer never asks forever (a person typing at a prompt types
    /// something else).
    public func drive(
        answering person: (JobQuestion) async -> String?
    ) async throws(SuccessionError) -> JobEnding {
        var refusals: [String: Int] = [:]
        while true {
            switch try await next() {
            case .complete: return .complete
            case .stopped(let id, let problems, let way): return .stopped(id, problems, wayForward: way)
            case .question(let question):
                guard let text = await person(question) else {
                    progress?(.waiting(procedure.step(question.step)))
                    return .paused(question)
                }
                if case .rejected = try await answer(question.id, text) {
                    let key = question.id.rawValue + "\u{0}" + text
                    refusals[key, default: 0] += 1
                    if refusals[key, default: 0] >= Self.refusalsBeforePause {
                        progress?(.waiting(procedure.step(question.step)))
                        return .paused(try await askedAgain(question))
                    }
                }
            }
        }
    }

    /// How many times the same refused text pauses a run.
    static let refusalsBeforePause = 3

    /// The question asked again after its last refusal, with that refusal beside it.
    private func askedAgain(_ question: JobQuestion) async throws(SuccessionError) -> JobQuestion {
        if case .question(let again) = try await next() { return again }
        return question
    }

    /// Works the job with answers from `person` until it ends (see ``drive(answering:)``), trying
    /// anew a step that failed with this runner first.
    /// - Returns: the job as it stands, and the step the run stopped at (`nil` when complete).
    @discardableResult
    public func run(
        answering person: ((JobQuestion) -> String?)? = nil
    ) async throws(SuccessionError) -> (job: Job, stoppedAt: SuccessionStep.ID?) {
        runAgain()
        let ending = try await drive { question in person?(question) }
        let job = try self.job()
        switch ending {
        case .complete: return (job, nil)
        case .paused(let question): return (job, question.step)
        case .stopped(let id, _, _): return (job, id)
        }
    }

    /// Lets ``next()`` try anew the steps that failed with this runner — the way forward
    /// ``WayForward/runAgain(_:)`` — once the person has put right what their problems said
    /// (unplugged the readers, say). The secrets given so far stay.
    ///
    /// Until then ``next()`` returns the same `.stopped` for a failed step instead of performing
    /// it again, so a loop over ``next()`` never fails a step twice on its own.
    public func runAgain() {
        failedThisRun = []
        handWorkDone = []
        // The next attempt reads the chosen file again: the person may have replaced it.
        memory.verified = nil
    }

    // MARK: Skip, undo, redo

    /// Skips a step; only with a reason, which the journal and report keep. A done step cannot
    /// be skipped (undo it first); a skipped step blocks the steps that depend on it.
    public func skip(_ id: SuccessionStep.ID, reason: String) throws(SuccessionError) -> Job {
        guard !reason.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty else {
            throw SuccessionError(.jobSkipReason)
        }
        var job = try self.job()
        if job.state(of: id) == .done {
            throw SuccessionError(.jobAlreadyDone, values: [.found: procedure.step(id).mark])
        }
        job.record(Job.Event(time: now(), step: id, kind: .skipped, verification: .skipped, note: reason))
        try journal.save(job)
        return job
    }

    /// Undoes a step through what its stores recorded — newest change first, each handed back to
    /// the store that made it — and returns the steps that depend on it to pending. On an
    /// attended terminal a GUI step is undone by the person: `doneByHand` says they did it (the
    /// manual's operations backwards); the step then reopens for its answers.
    /// - Throws: `attended.undoByHand` (with the way back) until `doneByHand`; `job.nothingToUndo`.
    public func undo(_ id: SuccessionStep.ID, doneByHand: Bool = false) async throws(SuccessionError) -> Job {
        // A change a kill cut short is in the record first: undo restores it too.
        _ = try await reconcile(id)
        var job = try self.job()
        let step = procedure.step(id)
        let changes = job.changes(of: id)
        try checkUndoable(id, in: job)
        let byPerson = terminal.observation(of: part(of: id)) == .person
        let state = job.state(of: id)
        let reopenable = state == .skipped || (step.kind == .manual && state != .pending)
        if byPerson && !reopenable && state != .pending
            && changes.allSatisfy({ $0.store != .files })
        {
            guard doneByHand else {
                throw SuccessionError(.attendedUndoByHand, values: [.field: step.mark + " " + step.title.japanese])
            }
            return try reopen(id, kind: .undone, in: &job)
        }
        guard !changes.isEmpty || reopenable else {
            throw SuccessionError(.jobNothingToUndo, values: [.found: step.mark])
        }
        // Checked before anything moves: undo touches files inside the terminal's root only; a
        // file in a folder the person gave (the customer's USB memory) stays where it is, and
        // anything else is a journal that was edited.
        var leftInPlace: [String] = []
        var confined: [Int: TerminalChange] = [:]
        for (index, recorded) in changes.enumerated() where recorded.store == .files {
            var inside = recorded.change
            inside.created = []
            for path in recorded.change.created {
                switch place(of: path) {
                case .insideRoot(let resolved): inside.created.append(resolved.string)
                case .givenFolder: leftInPlace.append(path)
                case .elsewhere: throw SuccessionError(.jobUndoOutside, values: [.path: path])
                }
            }
            confined[index] = inside
        }
        for (index, recorded) in changes.enumerated().reversed() {
            switch recorded.store {
            case .credentials: try await terminal.credentials.revert(recorded.change)
            case .certificates: try await terminal.certificates.revert(recorded.change)
            case .readers: try await terminal.readers.revert(recorded.change)
            case .files:
                try terminal.archive.revertFiles(confined[index] ?? TerminalChange(), root: nil, date: now())
            }
        }
        let notes = leftInPlace.map { Problem(.jobUndoLeftInPlace, severity: .warning, values: [.path: $0]) }
        return try reopen(id, kind: .undone, in: &job, notes: notes)
    }

    /// Refuses an undo that cannot be: on an attended terminal, a step a person cannot undo by
    /// hand (④: the deleted certificate is gone from the store).
    package func checkUndoable(_ id: SuccessionStep.ID, in job: Job) throws(SuccessionError) {
        let step = procedure.step(id)
        if terminal.observation(of: part(of: id)) == .person,
            let kind = procedure.procedureStep(id).map({ type(of: $0) }),
            !kind.undoneByHand, job.state(of: id) != .pending
        {
            throw SuccessionError(.attendedNotUndoableByHand, values: [.field: step.mark + " " + step.title.japanese])
        }
    }

    private enum Place {
        case insideRoot(FilePath)
        case givenFolder
        case elsewhere
    }

    /// Where a path the job's own files recorded lies: inside the root (relative, or absolute
    /// below it; no `..`, no symbolic link on the way), in a folder the person gave, or elsewhere.
    private func place(of path: String) -> Place {
        if let inside = FileSystem.confined(path, under: terminal.layout.root) { return .insideRoot(inside) }
        guard path.hasPrefix("/") else { return .elsewhere }
        for folder in [terminal.backupFolder, terminal.downloads] where FileSystem.confined(path, under: folder) != nil
        {
            return .givenFolder
        }
        return .elsewhere
    }

    /// Opens a finished step again for new answers without changing the terminal (the person
    /// re-enters what the screen shows); the steps that depend on it become pending too. The
    /// record keeps that it was done over. A step that branched (⑨'s いいえ) is taken back the
    /// same way while it, or the steps its branch added, are in progress: the branch is then
    /// not needed.
    public func redo(_ id: SuccessionStep.ID) throws(SuccessionError) -> Job {
        var job = try self.job()
        guard job.state(of: id) != .pending || job.hasBranched(id) else {
            throw SuccessionError(.jobNothingToRedo, values: [.found: procedure.step(id).mark])
        }
        return try reopen(id, kind: .redone, in: &job)
    }

    private func reopen(
        _ id: SuccessionStep.ID,
        kind: Job.Event.Kind,
        in job: inout Job,
        notes: [Problem] = []
    ) throws(SuccessionError) -> Job {
        let mark = procedure.step(id).mark
        let dependents = job.dependents(of: id).filter { job.state(of: $0) != .pending }
        job.record(id, kind, problems: notes, at: now())
        for dependent in dependents where job.state(of: dependent) != .notNeeded {
            job.record(
                dependent,
                .reopened,
                problems: [Problem(.jobReopened, severity: .warning, values: [.found: mark])],
                at: now()
            )
        }
        try journal.save(job)
        answers = [:]
        rejected = [:]
        asked = nil
        failedThisRun = []
        return job
    }

    // MARK: The journal and the stores

    /// Reconciles the step's intent that no change closed (a kill cut its store call short):
    /// the store says what of it is in effect, and that is recorded as the change, so that undo
    /// restores it and the next attempt never takes the changed value for the value before.
    /// - Returns: whether there was such an intent.
    private func reconcile(_ id: SuccessionStep.ID) async throws(SuccessionError) -> Bool {
        var job = try self.job()
        guard let open = job.openIntent(of: id) else { return false }
        let change: TerminalChange
        switch open.store {
        case .credentials: change = try await terminal.credentials.reconcile(open.intent)
        case .certificates: change = try await terminal.certificates.reconcile(open.intent)
        case .readers: change = try await terminal.readers.reconcile(open.intent)
        case .files: change = try terminal.archive.reconcile(open.intent.change)
        }
        job.record(
            Job.Event(
                time: now(),
                step: id,
                kind: .started,
                changes: [RecordedChange(store: open.store, change: change, operation: open.operation)],
                problems: [Problem(.jobReconciled, severity: .warning, values: [.field: open.operation])]
            )
        )
        try journal.save(job)
        return true
    }

    // MARK: Helpers

    /// Problems a person can insist on by typing the same value again: a value that may be a
    /// typo and is not a format error.
    private static let insistable: Set<ProblemCode> = [.answerMismatch, .answerOldValue]

    private func ask(_ question: JobQuestion) -> JobQuestion {
        let problem = rejected[question.id]?.problem
        if let asked, asked.id == question.id, asked.problem == problem { return asked }
        askings += 1
        let shown = question.asked(problem: problem, attempt: askings)
        asked = shown
        lastQuestion = shown
        return shown
    }

    private func context(_ job: Job, _ step: SuccessionStep.ID) -> StepContext {
        StepContext(
            step: step,
            job: job,
            terminal: terminal,
            inputs: inputs,
            now: now(),
            journal: journal,
            memory: memory,
            progress: progress,
            failpoint: failpoint,
            part: part(of: step)
        )
    }

    /// The part of the terminal step `id` works.
    private func part(of id: SuccessionStep.ID) -> TerminalPart? {
        procedure.procedureStep(id).flatMap { type(of: $0).terminalPart }
    }

    private func accept(_ question: JobQuestion, _ answer: Answer?) -> AnswerReply {
        if let answer { answers[question.step, default: StepAnswers()].accept(answer, for: question.id) }
        rejected[question.id] = nil
        asked = nil
        return .accepted
    }

    private func reject(_ question: JobQuestion, _ problem: Problem, answer: Answer?) -> AnswerReply {
        // A secret's problem never carries what was typed; the rule it broke (a length, a
        // character's place) may be said once beside the field, and is never written down.
        let kept = question.kind.isSecret ? problem.without(.found) : problem
        rejected[question.id] = (answer, kept)
        asked = nil
        return .rejected(kept)
    }

    private func preconditionProblem(of id: SuccessionStep.ID, in job: Job) -> Problem? {
        let unmet = job.unmetPreconditions(of: id)
        guard !unmet.isEmpty else { return nil }
        let skipped = unmet.filter { job.state(of: $0) == .skipped }
        return Problem(
            .jobPrecondition,
            values: [
                .found: procedure.step(id).mark,
                .missing: unmet.map { procedure.step($0).mark }.joined(separator: "・"),
                .steps: skipped.map { procedure.step($0).mark }.joined(separator: "・"),
            ]
        )
    }

    /// What one attempt at a step came to, its evidence already a record.
    private struct Performed {
        var evidence: EvidenceRecord
        var problems: [Problem]
        var notes: [Problem]
        var verification: StepVerification
        var branched: Bool
        var skipReason: String?
        var askAgain: (question: JobQuestion.ID, secret: JobSecret?, problem: Problem)?
    }

    /// Performs `step` with its own evidence type (the existential opened here, once).
    private func perform<Step: ProcedureStep>(
        _ step: Step,
        _ context: StepContext,
        _ answers: StepAnswers
    ) async -> Performed {
        var outcome = StepOutcome<Step.Evidence>(verification: .software)
        var problems: [Problem] = []
        do {
            try await step.perform(context, answers, into: &outcome)
        } catch {
            problems = error.problems
        }
        var evidence = EvidenceRecord()
        if let typed = outcome.evidence {
            do {
                evidence = try EvidenceRecord(typed)
            } catch {
                problems += error.problems
            }
        }
        return Performed(
            evidence: evidence,
            problems: outcome.problems + problems,
            notes: outcome.notes,
            verification: outcome.verification,
            branched: outcome.branched,
            skipReason: outcome.skipReason,
            askAgain: outcome.askAgain
        )
    }

    private func record(_ performed: Performed, of id: SuccessionStep.ID, in job: inout Job) {
        let failed = performed.problems.containsError
        var problems = performed.problems.isEmpty ? [] : SuccessionError(performed.problems).problems
        if failed {
            // What the failed attempt changed is in the record (undo restores it): the person is
            // told, so that no message saying "nothing was changed" is taken at its word.
            let changed = job.attemptChanges(of: id)
            if !changed.isEmpty {
                problems.append(
                    Problem(.jobChangedBeforeFailing, severity: .warning, values: [.found: procedure.step(id).mark])
                )
            }
        }
        let kind: Job.Event.Kind =
            failed ? .failed : performed.branched ? .branched : performed.skipReason != nil ? .skipped : .done
        job.record(
            Job.Event(
                time: now(),
                step: id,
                kind: kind,
                evidence: failed ? EvidenceRecord() : performed.evidence,
                verification: failed || performed.branched
                    ? nil : performed.skipReason != nil ? .skipped : performed.verification,
                problems: problems,
                note: performed.skipReason,
                technicianNotes: performed.notes.isEmpty ? nil : performed.notes
            )
        )
    }
}

extension Job {
    /// The store changes of the step's attempt in progress (since its last decisive event).
    func attemptChanges(of step: SuccessionStep.ID) -> [RecordedChange] {
        let start = events.lastIndex { $0.step == step && $0.isDecisive }.map { $0 + 1 } ?? 0
        return events[start...].filter { $0.step == step }.flatMap(\.changes).filter { !$0.change.isEmpty }
    }
}

extension Problem {
    /// The problem without the value of `key` (a rejected secret's text).
    func without(_ key: ProblemValueKey) -> Problem {
        Problem(code, severity: severity, values: values.filter { $0.key != key })
    }
}

extension JobSecret {
    /// A secret as typed, without its line ending; a PIN without the spaces around it too (a PIN
    /// is four digits: a space typed after them is not part of it). `nil` when nothing is left.
    func value(typed text: String) -> String? {
        var value = Substring(text)
        while let last = value.last, last.isNewline { value = value.dropLast() }
        let kept = self == .certificatePassword ? value.trimmingCharacters(in: .whitespaces) : String(value)
        return kept.isEmpty ? nil : kept
    }
}

extension ProblemCode {
    /// An answer to a question that was not asked (a front end out of step). Values: field.
    public static let answerNotAsked = ProblemCode(rawValue: "answer.notAsked")
    /// The job runs on an integrator's own backend, which only that program can open. Values: path.
    public static let jobCustomTerminal = ProblemCode(rawValue: "job.customTerminal")
    /// `job redo` of a step that is pending anyway. Values: found.
    public static let jobNothingToRedo = ProblemCode(rawValue: "job.nothingToRedo")
    /// Undo would move a file outside the terminal's root and the folders the job was given
    /// (an edited journal): nothing was undone. Values: path.
    public static let jobUndoOutside = ProblemCode(rawValue: "job.undoOutside")
    /// Undo left a file where it is, in a folder the person gave (the customer's backup on USB
    /// memory). Values: path.
    public static let jobUndoLeftInPlace = ProblemCode(rawValue: "job.undoLeftInPlace")
    /// The journal names a step the procedure does not have (a procedure of one's own, opened
    /// without it). Values: found.
    public static let jobUnknownStep = ProblemCode(rawValue: "job.unknownStep")
    /// A store change was cut short (the process was killed between the change and its record);
    /// what the store holds was recorded. Values: field (the kind of change).
    public static let jobReconciled = ProblemCode(rawValue: "job.reconciled")
    /// The failed attempt changed the terminal before it failed; undo restores it. Values: found.
    public static let jobChangedBeforeFailing = ProblemCode(rawValue: "job.changedBeforeFailing")
}
