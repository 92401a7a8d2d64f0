public import Foundation

/// What a run reports as it goes, for a renderer to show.
public enum JobProgress: Sendable {
    case started(SuccessionStep)
    case finished(SuccessionStep, Job.StepState, [Problem])
    /// A manual step (or an attended store) is waiting for a person's answer.
    case waiting(SuccessionStep)
    /// A long step's progress (files opened of all), for a progress bar.
    case working(SuccessionStep, done: Int, total: Int)
}

/// Secrets a run needs and never records.
public struct JobInputs: Sendable {
    /// The 証明書パスワード (⑥⑦).
    public var pin: CertificatePIN?
    /// The face-auth account's password (⑫).
    public var facePassword: AccountPassword?

    public init(pin: CertificatePIN? = nil, facePassword: AccountPassword? = nil) {
        self.pin = pin
        self.facePassword = facePassword
    }

    /// The secrets the unfinished steps of `job` need: the 証明書パスワード for ⑥⑦, the
    /// face-auth password for ⑫.
    public static func needed(by job: Job) -> Set<Secret> {
        let pending = Set(job.order.filter { !job.isFinished($0) })
        var needed: Set<Secret> = []
        if !pending.isDisjoint(with: [.step6, .step7]) { needed.insert(.certificatePassword) }
        if pending.contains(.step12) { needed.insert(.facePassword) }
        return needed
    }

    /// A secret a step needs.
    public enum Secret: String, Sendable, Hashable, CaseIterable {
        case certificatePassword, facePassword

        /// The secret's name as the manual and the screens say it.
        public func name(in language: Language) -> String {
            switch (self, language) {
            case (.certificatePassword, .japanese): "証明書パスワード"
            case (.certificatePassword, .english): "certificate password (PIN)"
            case (.facePassword, .japanese): "顔認証アカウントのパスワード"
            case (.facePassword, .english): "face-auth account's password"
            }
        }
    }
}

/// Runs a job on a terminal from where it stands: automatic steps are performed through the
/// terminal's stores and checked, manual ones are answered through ``confirm``. After every step
/// the journal is saved; every action is idempotent, so a run killed at any moment resumes
/// safely. The record never says more than was checked: each step keeps how it was verified.
public final class JobRunner {
    public let terminal: Terminal
    public let journal: any JobJournal
    public var inputs: JobInputs
    /// Asks a person about a manual step; `nil` (or a `nil` answer) stops the run there.
    public var confirm: ((SuccessionStep) -> StepAnswer?)?
    /// Told as steps start and finish.
    public var progress: (@Sendable (JobProgress) -> Void)?
    /// A test seam for crash tests: called with `"<step>:afterAction"` between a step's change
    /// and its journal entry.
    public var failpoint: ((String) -> Void)?
    /// What a person does by hand before an automatic step (a sandbox demo unplugs the readers
    /// before ③ and plugs them back before ⑫).
    public var handWork: ((SuccessionStep) -> Void)?
    /// The clock.
    public var now: () -> Date = Date.init

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

    /// Creates the job of a succession; refuses, creating nothing, when it cannot start.
    /// - Parameter restart: an existing job is archived (never deleted) and a new one begun.
    /// - Throws: `job.cannotStart` followed by the reasons; `job.exists` when there is a job and
    ///   `restart` is false.
    public static func create(
        journal: any JobJournal,
        oldCode: MedicalInstitutionCode,
        newCode: MedicalInstitutionCode,
        notice: CertificateIssueNotice,
        terminal: TerminalDescription = TerminalDescription(),
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

    /// Works the job until it is complete, a step fails, or a person's answer is missing.
    /// - Returns: the job as it stands, and the step the run stopped at (`nil` when complete).
    @discardableResult
    public func run() throws(SuccessionError) -> (job: Job, stoppedAt: SuccessionStep.ID?) {
        var job = try journal.load()
        while let id = job.nextStep {
            let step = SuccessionProcedure.step(id)
            if id == .supplement1 && !job.needsAccountRegistration {
                job.record(id, .notNeeded, verification: .person, note: "不要（⑨で各アカウントの引き継ぎを確認済み）", at: now())
                try journal.save(job)
                progress?(.finished(step, .notNeeded, []))
                continue
            }
            try requirePreconditions(of: id, in: job)
            let state = try perform(step, in: &job)
            // ⑨'s branch leaves ⑨ pending on purpose: supplement ① comes next.
            let branched = job.lastEvent(of: id)?.kind == .branched
            if state != .done && state != .notNeeded && state != .skipped && !branched { return (job, id) }
        }
        return (job, nil)
    }

    /// Records a person's answer to a manual step without running anything else.
    /// - Throws: `job.softwareStep` for a step the terminal's stores perform (run it instead),
    ///   `job.alreadyDone` for a skip of a done step, `job.precondition`, `job.answerMissing`.
    public func answer(_ id: SuccessionStep.ID, _ confirmation: StepAnswer) throws(SuccessionError) -> Job {
        var job = try journal.load()
        let step = SuccessionProcedure.step(id)
        if confirmation.answer == .skip {
            if job.state(of: id) == .done { throw SuccessionError(.jobAlreadyDone, values: [.found: step.mark]) }
        } else {
            guard step.kind == .manual else { throw SuccessionError(.jobSoftwareStep, values: [.found: step.mark]) }
            try requirePreconditions(of: id, in: job)
        }
        _ = try record(step, confirmation, in: &job)
        return job
    }

    /// Skips a step; only with a reason, which the journal and report keep. A done step cannot
    /// be skipped (undo it first); a skipped step blocks the steps that depend on it.
    public func skip(_ id: SuccessionStep.ID, reason: String) throws(SuccessionError) -> Job {
        guard !reason.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty else {
            throw SuccessionError(.jobSkipReason)
        }
        return try answer(id, StepAnswer(.skip, note: reason))
    }

    /// Undoes a step through what its stores recorded — newest change first, each handed back
    /// to the store that made it — and returns the steps that depend on it to pending. A skipped
    /// or person-confirmed step simply becomes pending again.
    public func undo(_ id: SuccessionStep.ID) throws(SuccessionError) -> Job {
        var job = try journal.load()
        let step = SuccessionProcedure.step(id)
        let since = job.events.lastIndex { $0.step == id && $0.kind == .undone }.map { $0 + 1 } ?? 0
        let changes = job.events[since...].filter { $0.step == id }.flatMap(\.changes)
        let state = job.state(of: id)
        let reopenable = state == .skipped || (step.kind == .manual && state != .pending)
        // A person's GUI work on a real terminal records no change software could revert.
        if changes.isEmpty && !reopenable && state != .pending && terminal.observation == .person {
            throw SuccessionError(.attendedUndoByHand, values: [.field: step.mark + " " + step.japaneseTitle])
        }
        guard !changes.isEmpty || reopenable else {
            throw SuccessionError(.jobNothingToUndo, values: [.found: step.mark])
        }
        for recorded in changes.reversed() {
            switch recorded.store {
            case .credentials: try terminal.credentials.revert(recorded.change)
            case .certificates: try terminal.certificates.revert(recorded.change)
            case .readers: try terminal.readers.revert(recorded.change)
            case .files: try terminal.archive.revertFiles(recorded.change, root: nil, date: now())
            }
        }
        job.record(id, .undone, changes: [], at: now())
        for dependent in job.dependents(of: id) where job.state(of: dependent) != .pending {
            job.record(
                dependent,
                .reopened,
                problems: [Problem(.jobReopened, severity: .warning, values: [.found: step.mark])],
                at: now()
            )
        }
        try journal.save(job)
        return job
    }

    // MARK: Steps

    private func requirePreconditions(of id: SuccessionStep.ID, in job: Job) throws(SuccessionError) {
        let unmet = job.unmetPreconditions(of: id)
        guard unmet.isEmpty else {
            let skipped = unmet.filter { job.state(of: $0) == .skipped }
            throw SuccessionError(
                .jobPrecondition,
                values: [
                    .found: SuccessionProcedure.step(id).mark,
                    .missing: unmet.map { SuccessionProcedure.step($0).mark }.joined(separator: "・"),
                    .steps: skipped.map { SuccessionProcedure.step($0).mark }.joined(separator: "・"),
                ]
            )
        }
    }

    private func perform(_ step: SuccessionStep, in job: inout Job) throws(SuccessionError) -> Job.StepState {
        if step.kind == .manual {
            guard let confirmation = confirm?(step) else {
                progress?(.waiting(step))
                return .pending
            }
            return try record(step, confirmation, in: &job)
        }
        handWork?(step)
        progress?(.started(step))
        job.record(step.id, .started, at: now())
        try journal.save(job)
        var outcome = StepOutcome(verification: .software)
        do {
            try act(step.id, job: &job, into: &outcome)
        } catch  where error.code == .attendedNoAnswer {
            // The person has not answered yet: nothing is claimed; the run resumes here.
            if !outcome.changes.isEmpty {
                job.record(step.id, .failed, changes: outcome.changes, problems: error.problems, at: now())
                try journal.save(job)
            }
            progress?(.waiting(step))
            return .pending
        } catch {
            outcome.problems += error.problems
        }
        failpoint?("\(step.id.rawValue):afterAction")
        let failed = outcome.problems.containsError
        let problems = outcome.problems.isEmpty ? [] : SuccessionError(outcome.problems).problems
        job.record(
            step.id,
            failed ? .failed : .done,
            evidence: outcome.evidence,
            verification: failed ? nil : outcome.verification,
            changes: outcome.changes,
            problems: problems,
            at: now()
        )
        try journal.save(job)
        let state = job.state(of: step.id)
        progress?(.finished(step, state, problems))
        return state
    }

    private func record(
        _ step: SuccessionStep,
        _ confirmation: StepAnswer,
        in job: inout Job
    ) throws(SuccessionError) -> Job.StepState {
        let result = try ManualStepCheck.check(step, confirmation, job: job)
        job.record(
            step.id,
            result.kind,
            evidence: result.evidence,
            verification: result.verification,
            problems: result.problems,
            note: confirmation.note,
            at: now()
        )
        try journal.save(job)
        let state = job.state(of: step.id)
        progress?(.finished(step, state, result.problems))
        return state
    }
}

/// What an automatic step did, as it goes: kept even when the step fails half-way, so that the
/// changes it made can still be undone.
struct StepOutcome {
    var evidence = StepEvidence()
    var problems: [Problem] = []
    var changes: [RecordedChange] = []
    var verification: StepVerification

    init(verification: StepVerification) {
        self.verification = verification
    }

    mutating func record(_ store: RecordedChange.Store, _ change: TerminalChange) {
        if !change.isEmpty { changes.append(RecordedChange(store: store, change: change)) }
    }
}

extension ProblemValueKey {
    /// Step marks, joined with 「・」.
    public static let steps = ProblemValueKey(rawValue: "steps")
}
