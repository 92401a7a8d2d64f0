public import Foundation
import SystemPackage

/// What a run reports as it goes, for a renderer to show.
public enum JobProgress: Sendable {
    /// A step began.
    case started(SuccessionStep)
    /// A step ended in this state, with its problems.
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
}

/// What the job needs next.
public enum JobNext: Sendable {
    /// A person's answer: show the question (and the manual's operations of its step, the first
    /// time), then hand back text through ``JobRunner/answer(_:_:)``.
    case question(JobQuestion)
    /// Every step is finished.
    case complete(Job)
    /// This run cannot go on at `step`: a real finding failed it, or a step it needs was skipped.
    /// `wayForward` says what works now.
    case stopped(SuccessionStep.ID, [Problem], wayForward: WayForward)
}

/// What a person can do when the job stops.
public enum WayForward: Sendable, Hashable {
    /// Put right what the problems say, then run the job again (the same step is tried anew).
    case runAgain(SuccessionStep.ID)
    /// Do an earlier step over (its record is kept as done over), then run again.
    case redo(SuccessionStep.ID)
    /// A step this one needs was skipped: undo or redo it.
    case unblock(SuccessionStep.ID)
}

/// The reply to an answer.
public enum AnswerReply: Sendable, Hashable {
    /// Taken: ask ``JobRunner/next()`` what comes next.
    case accepted
    /// The same question is asked again with this problem beside it.
    case rejected(Problem)
}

/// Runs a job on a terminal as a conversation: ``next()`` performs what software can and says
/// what it needs from a person; ``answer(_:_:)`` normalizes and checks what they typed. A typo
/// asks the same question again; only a real finding fails a step; the answers of an attempt
/// stay in memory and reach the journal only with the step's record. Nothing here blocks waiting
/// for a person. After every step the journal is saved; a run killed at any moment resumes at
/// the same question.
///
/// ## Tasks and threads
/// A runner is one conversation with one driver, so it is not `Sendable`: its answers in
/// progress and its secrets are plain state. It can be handed to another task — Swift 6 lets a
/// runner made in one task be sent to another that alone uses it afterwards — and shared by
/// keeping it in an actor (as `succession serve` does). Its methods are synchronous and block
/// while a step performs (file I/O, a certificate's key derivation, a store's calls): drive it
/// off the main thread or actor.
public final class JobRunner {
    /// The terminal the steps work on.
    public let terminal: Terminal
    /// Where the job's record is loaded from and saved to after every step.
    public let journal: any JobJournal
    /// The secrets this run holds (in memory only).
    public var inputs: JobInputs
    /// Told as steps start and finish.
    public var progress: (@Sendable (JobProgress) -> Void)?
    /// A test seam for crash tests: called with `"<step>:afterAction"` between a step's change
    /// and its journal entry.
    package var failpoint: ((String) -> Void)?
    /// What a person does by hand before a step performs (a sandbox demo unplugs the readers
    /// before ③ and plugs them back before ⑫).
    package var handWork: ((SuccessionStep) -> Void)?
    /// The clock.
    package var now: () -> Date = Date.init
    /// Steps this runner must not perform or ask (`job confirm N` works step N only).
    package var onlyStep: SuccessionStep.ID?

    private var answers: [SuccessionStep.ID: StepAnswers] = [:]
    private var rejected: [JobQuestion.ID: (answer: Answer?, problem: Problem)] = [:]
    private var asked: JobQuestion?
    private var failedThisRun: Set<SuccessionStep.ID> = []
    private var handWorkDone: Set<SuccessionStep.ID> = []
    private let memory = SessionMemory()

    /// A runner of the job in `journal` (made by ``create(journal:on:oldCode:newCode:notice:trustAnchors:restart:at:)``)
    /// on `terminal`, with the secrets known up front.
    public init(terminal: Terminal, journal: any JobJournal, inputs: JobInputs = JobInputs()) {
        self.terminal = terminal
        self.journal = journal
        self.inputs = inputs
    }

    /// What keeps a succession from starting (errors), and what deserves a word (warnings): the
    /// manual's hard stop 「無い場合は工事できません」 — a notice for the new code — and two
    /// different codes.
    public static func startProblems(
        oldCode: MedicalInstitutionCode,
        newCode: MedicalInstitutionCode,
        notice: CertificateIssueNotice,
        at date: Date
    ) -> [Problem] {
        var problems = notice.check(newCode: newCode, oldCode: oldCode, at: date)
        if oldCode == newCode { problems.append(Problem(.jobSameCode, values: [.found: newCode.digits])) }
        return problems.isEmpty ? [] : SuccessionError(problems).problems
    }

    /// Creates the job of a succession on `terminal`, whose kind and folders the job records;
    /// refuses, creating nothing, when it cannot start (``startProblems(oldCode:newCode:notice:at:)``).
    /// - Parameters:
    ///   - journal: where the job is saved (a ``JobStore``, or a journal of your own).
    ///   - terminal: the terminal the job runs on.
    ///   - oldCode: the 医療機関等コード before the succession.
    ///   - newCode: the code after it.
    ///   - notice: the 電子証明書発行通知書 of the new code 【工事手順①】.
    ///   - trustAnchors: the real root CA certificates ⑥ verifies the new certificate's chain
    ///     against (the job keeps their DER).
    ///   - restart: an existing job is archived (never deleted) and a new one begun.
    ///   - date: the time of the work, for the notice's checks and the record.
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
            oldCode: oldCode,
            newCode: newCode,
            notice: notice,
            terminal: terminal.description(trustAnchors: trustAnchors.map(\.der)),
            restart: restart,
            at: date
        )
    }

    /// Creates the job of a succession with a terminal description already made (the CLI's and the
    /// page's, from the folders they were given); refuses, creating nothing, when it cannot start.
    /// - Parameter restart: an existing job is archived (never deleted) and a new one begun.
    /// - Throws: `job.cannotStart` followed by the reasons; `job.exists` when there is a job and
    ///   `restart` is false.
    package static func create(
        journal: any JobJournal,
        oldCode: MedicalInstitutionCode,
        newCode: MedicalInstitutionCode,
        notice: CertificateIssueNotice,
        terminal: TerminalDescription,
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

    // MARK: The conversation

    /// Performs every step software can until the job needs a person, stops, or is complete.
    public func next() throws(SuccessionError) -> JobNext {
        var job = try journal.load()
        while let id = job.nextStep {
            let procedure = SuccessionProcedure.procedure(id)
            let step = procedure.step
            if let only = onlyStep, id != only {
                return .stopped(id, [], wayForward: .runAgain(id))
            }
            if id == .supplement1 && !job.needsAccountRegistration {
                // Why is the report's to say, in its language (see ``JobReport``).
                job.record(id, .notNeeded, verification: .person, at: now())
                try journal.save(job)
                progress?(.finished(step, .notNeeded, []))
                continue
            }
            if let blocked = preconditionProblem(of: id, in: job) {
                let skipped = job.unmetPreconditions(of: id).first { job.state(of: $0) == .skipped }
                return .stopped(id, [blocked], wayForward: skipped.map(WayForward.unblock) ?? .runAgain(id))
            }
            if failedThisRun.contains(id) {
                return .stopped(id, job.lastEvent(of: id)?.problems ?? [], wayForward: wayForward(after: job, at: id))
            }
            let stepAnswers = answers[id] ?? StepAnswers()
            if let question = procedure.nextQuestion(context(job), stepAnswers) {
                let shown = question.rejecting(rejected[question.id]?.problem)
                asked = shown
                return .question(shown)
            }
            asked = nil
            if !handWorkDone.contains(id) {
                handWork?(step)
                handWorkDone.insert(id)
            }
            progress?(.started(step))
            job.record(id, .started, at: now())
            try journal.save(job)
            var outcome = StepOutcome(verification: .software)
            do {
                try procedure.perform(context(job), stepAnswers, into: &outcome)
            } catch {
                outcome.problems += error.problems
            }
            // A step may journal its intent while it performs: record on top of what is saved.
            job = try journal.load()
            if let (question, problem) = outcome.askAgain {
                // A PIN no file opens with: forget it, ask for it again; nothing is recorded.
                forgetSecret(asked: question)
                rejected[question] = (nil, Problem(problem.code, values: problem.values.filter { $0.key != .found }))
                continue
            }
            failpoint?("\(id.rawValue):afterAction")
            record(outcome, of: step, in: &job)
            try journal.save(job)
            answers[id] = nil
            let state = job.state(of: id)
            progress?(.finished(step, state, job.lastEvent(of: id)?.problems ?? []))
            if state == .failed {
                failedThisRun.insert(id)
                return .stopped(id, job.lastEvent(of: id)?.problems ?? [], wayForward: wayForward(after: job, at: id))
            }
        }
        return .complete(job)
    }

    /// Hands back what a person typed for the question ``next()`` asked last.
    /// - Returns: `.accepted`, or `.rejected` with what was wrong (then ``next()`` asks the same
    ///   question again, with that problem). A rejected text is never written down.
    /// - Throws: `answer.notAsked` when `id` is not the question asked.
    public func answer(_ id: JobQuestion.ID, _ text: String) throws(SuccessionError) -> AnswerReply {
        guard let question = asked, question.id == id else {
            throw SuccessionError(.answerNotAsked, values: [.field: id.rawValue])
        }
        let job = try journal.load()
        let procedure = SuccessionProcedure.procedure(question.step)
        let context = context(job)
        if case .secret(let secret) = question.kind {
            var value = text
            while value.last == "\n" || value.last == "\r" || value.last == "\r\n" { value.removeLast() }
            guard !value.isEmpty else { return reject(question, Problem(.answerEmpty), answer: nil) }
            if let problem = procedure.checkSecret(secret, value, context) {
                return reject(question, problem, answer: nil)
            }
            switch secret {
            case .certificatePassword: inputs.pin = CertificatePIN(value)
            case .facePassword: inputs.facePassword = AccountPassword(value)
            }
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
        if let problem = procedure.check(answer, to: question, context, answers[question.step] ?? StepAnswers()) {
            // A value that may be a typo, typed again the same: taken as what the screen shows.
            let insisted = Self.insistable.contains(problem.code) && rejected[id]?.answer == answer
            if !insisted { return reject(question, problem, answer: answer) }
        }
        return accept(question, answer)
    }

    /// Works the job with answers from `person` (a script, a test) until it is complete, a step
    /// fails, or `person` has no answer (`nil`) or gives one that is refused twice.
    /// - Returns: the job as it stands, and the step the run stopped at (`nil` when complete).
    @discardableResult
    public func run(
        answering person: ((JobQuestion) -> String?)? = nil
    ) throws(SuccessionError) -> (
        job: Job, stoppedAt: SuccessionStep.ID?
    ) {
        var refusals: [String: Int] = [:]
        // A new run tries a failed step anew.
        runAgain()
        while true {
            switch try next() {
            case .complete(let job): return (job, nil)
            case .stopped(let id, _, _): return (try journal.load(), id)
            case .question(let question):
                guard let text = person?(question) else {
                    progress?(.waiting(SuccessionProcedure.step(question.step)))
                    return (try journal.load(), question.step)
                }
                if case .rejected = try answer(question.id, text) {
                    let key = question.id.rawValue + "\u{0}" + text
                    refusals[key, default: 0] += 1
                    if refusals[key, default: 0] > 2 {
                        progress?(.waiting(SuccessionProcedure.step(question.step)))
                        return (try journal.load(), question.step)
                    }
                }
            }
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
        var job = try journal.load()
        if job.state(of: id) == .done {
            throw SuccessionError(.jobAlreadyDone, values: [.found: SuccessionProcedure.step(id).mark])
        }
        job.record(id, .skipped, verification: .skipped, note: reason, at: now())
        try journal.save(job)
        return job
    }

    /// Undoes a step through what its stores recorded — newest change first, each handed back to
    /// the store that made it — and returns the steps that depend on it to pending. On an
    /// attended terminal a GUI step is undone by the person: `doneByHand` says they did it (the
    /// manual's operations backwards); the step then reopens for its answers.
    /// - Throws: `attended.undoByHand` (with the way back) until `doneByHand`; `job.nothingToUndo`.
    public func undo(_ id: SuccessionStep.ID, doneByHand: Bool = false) throws(SuccessionError) -> Job {
        var job = try journal.load()
        let step = SuccessionProcedure.step(id)
        let since = job.events.lastIndex { $0.step == id && [.undone, .redone].contains($0.kind) }.map { $0 + 1 } ?? 0
        let changes = job.events[since...].filter { $0.step == id }.flatMap(\.changes)
        let state = job.state(of: id)
        let reopenable = state == .skipped || (step.kind == .manual && state != .pending)
        if terminal.observation == .person && !reopenable && state != .pending
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
        for recorded in changes where recorded.store == .files {
            for path in recorded.change.created {
                switch place(of: path) {
                case .insideRoot: break
                case .givenFolder: leftInPlace.append(path)
                case .elsewhere: throw SuccessionError(.jobUndoOutside, values: [.path: path])
                }
            }
        }
        for recorded in changes.reversed() {
            switch recorded.store {
            case .credentials: try terminal.credentials.revert(recorded.change)
            case .certificates: try terminal.certificates.revert(recorded.change)
            case .readers: try terminal.readers.revert(recorded.change)
            case .files:
                var inside = recorded.change
                inside.created.removeAll { leftInPlace.contains($0) }
                try terminal.archive.revertFiles(inside, root: nil, date: now())
            }
        }
        let notes = leftInPlace.map { Problem(.jobUndoLeftInPlace, severity: .warning, values: [.path: $0]) }
        return try reopen(id, kind: .undone, in: &job, notes: notes)
    }

    private enum Place { case insideRoot, givenFolder, elsewhere }

    /// Where `path` lies, by its components (no `..` or `.` is trusted).
    private func place(of path: String) -> Place {
        func components(_ text: String) -> [Substring] { text.split(separator: "/") }
        let parts = components(path)
        guard path.hasPrefix("/"), !parts.contains(".."), !parts.contains(".") else { return .elsewhere }
        func within(_ folder: FilePath) -> Bool {
            let base = components(folder.string)
            return !base.isEmpty && parts.count > base.count && Array(parts.prefix(base.count)) == base
        }
        if within(terminal.layout.root) { return .insideRoot }
        if within(terminal.backupFolder) || within(terminal.downloads) { return .givenFolder }
        return .elsewhere
    }

    /// Opens a finished step again for new answers without changing the terminal (the person
    /// re-enters what the screen shows); the steps that depend on it become pending too. The
    /// record keeps that it was done over.
    public func redo(_ id: SuccessionStep.ID) throws(SuccessionError) -> Job {
        var job = try journal.load()
        guard job.state(of: id) != .pending else {
            throw SuccessionError(.jobNothingToRedo, values: [.found: SuccessionProcedure.step(id).mark])
        }
        return try reopen(id, kind: .redone, in: &job)
    }

    private func reopen(
        _ id: SuccessionStep.ID,
        kind: Job.Event.Kind,
        in job: inout Job,
        notes: [Problem] = []
    ) throws(SuccessionError) -> Job {
        let mark = SuccessionProcedure.step(id).mark
        let dependents = job.dependents(of: id).filter { job.state(of: $0) != .pending }
        job.record(id, kind, problems: notes, at: now())
        for dependent in dependents {
            job.record(
                dependent,
                .reopened,
                problems: [Problem(.jobReopened, severity: .warning, values: [.found: mark])],
                at: now()
            )
        }
        try journal.save(job)
        answers = [:]
        failedThisRun = []
        return job
    }

    // MARK: Helpers

    /// Problems a person can insist on by typing the same value again.
    private static let insistable: Set<ProblemCode> = [.answerMismatch, .answerSerialShape]

    private func context(_ job: Job) -> StepContext {
        StepContext(
            job: job,
            terminal: terminal,
            journal: journal,
            inputs: inputs,
            memory: memory,
            now: now(),
            progress: progress,
            failpoint: failpoint
        )
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
        let kept =
            question.kind.isSecret
            ? Problem(problem.code, severity: problem.severity, values: problem.values.filter { $0.key != .found })
            : problem
        rejected[question.id] = (answer, kept)
        return .rejected(kept)
    }

    private func forgetSecret(asked id: JobQuestion.ID) {
        if id == DownloadAndBackUpStep.pin || id == InstallStep.pin { inputs.pin = nil }
        if id == BindReadersStep.password { inputs.facePassword = nil }
    }

    private func preconditionProblem(of id: SuccessionStep.ID, in job: Job) -> Problem? {
        let unmet = job.unmetPreconditions(of: id)
        guard !unmet.isEmpty else { return nil }
        let skipped = unmet.filter { job.state(of: $0) == .skipped }
        return Problem(
            .jobPrecondition,
            values: [
                .found: SuccessionProcedure.step(id).mark,
                .missing: unmet.map { SuccessionProcedure.step($0).mark }.joined(separator: "・"),
                .steps: skipped.map { SuccessionProcedure.step($0).mark }.joined(separator: "・"),
            ]
        )
    }

    /// ⑧ finding the wrong certificate is put right by doing ⑦ over; the rest by running again.
    private func wayForward(after job: Job, at id: SuccessionStep.ID) -> WayForward {
        let codes = Set((job.lastEvent(of: id)?.problems ?? []).map(\.code))
        if id == .step8
            && !codes.isDisjoint(with: [.jobThumbprintMismatch, .jobOldCertificateInstalled, .jobExpiryMismatch])
        {
            return .redo(.step7)
        }
        if id == .step10 && codes.contains(.jobCodeMismatch) { return .redo(.step9) }
        return .runAgain(id)
    }

    private func record(_ outcome: StepOutcome, of step: SuccessionStep, in job: inout Job) {
        let failed = outcome.problems.containsError
        let problems = outcome.problems.isEmpty ? [] : SuccessionError(outcome.problems).problems
        let kind: Job.Event.Kind =
            failed ? .failed : outcome.branched ? .branched : outcome.skipReason != nil ? .skipped : .done
        job.record(
            Job.Event(
                time: now(),
                step: step.id,
                kind: kind,
                evidence: outcome.evidence,
                verification: failed || outcome.branched
                    ? nil : outcome.skipReason != nil ? .skipped : outcome.verification,
                problems: problems,
                note: outcome.skipReason,
                technicianNotes: outcome.notes.isEmpty ? nil : outcome.notes
            )
        )
    }
}

/// What a step found and recorded as it went. Its store changes are not here: each is journaled
/// the moment the store returns it (``StepContext/changed(_:_:_:)``), so undo finds it even after
/// a kill.
struct StepOutcome {
    var evidence = StepEvidence()
    var problems: [Problem] = []
    /// For the technician (`job status`, the report's technician section), not the customer's rows.
    var notes: [Problem] = []
    var verification: StepVerification
    /// ⑨ could not log in: supplement ① first, then ⑨ again.
    var branched = false
    /// ⑭ 「実施不可」: recorded as skipped with this reason.
    var skipReason: String?
    /// A secret to ask for again (a PIN no file opens with), with why.
    var askAgain: (JobQuestion.ID, Problem)?

    init(verification: StepVerification) {
        self.verification = verification
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
}
