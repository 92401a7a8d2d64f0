public import Foundation

/// A person's answer to a manual step.
public struct StepAnswer: Sendable, Hashable {
    public enum Answer: String, Sendable, Hashable {
        case yes, no, skip
    }

    public var answer: Answer
    /// A note; for a skip, the required reason.
    public var note: String?
    /// For ⑬: the distribution record's `Status=` line.
    public var statusLine: String?

    public init(_ answer: Answer, note: String? = nil, statusLine: String? = nil) {
        self.answer = answer
        self.note = note
        self.statusLine = statusLine
    }
}

/// What a run reports as it goes, for a renderer to show.
public enum JobProgress: Sendable {
    case started(SuccessionStep)
    case finished(SuccessionStep, Job.StepState, [Problem])
    case waiting(SuccessionStep)
    /// A long step's progress (files opened of all), for a progress bar.
    case working(SuccessionStep, done: Int, total: Int)
}

/// Secrets a run needs and never records.
public struct JobInputs: Sendable {
    /// The certificate PIN (⑥⑦).
    public var pin: CertificatePIN?
    /// The face-auth account's password (⑫).
    public var facePassword: AccountPassword?

    public init(pin: CertificatePIN? = nil, facePassword: AccountPassword? = nil) {
        self.pin = pin
        self.facePassword = facePassword
    }
}

/// Runs a job on a terminal from where it stands: automatic steps are performed and checked,
/// manual ones are confirmed through ``confirm``. After every step the journal is saved
/// atomically; every action is idempotent, so a run killed at any moment resumes safely.
public final class JobRunner {
    public let terminal: Terminal
    public let store: JobStore
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

    public init(terminal: Terminal, store: JobStore, inputs: JobInputs = JobInputs()) {
        self.terminal = terminal
        self.store = store
        self.inputs = inputs
    }

    /// Creates the job of a succession on this terminal.
    /// - Throws: `job.exists` when there is one already.
    public static func create(
        store: JobStore,
        oldCode: MedicalInstitutionCode,
        newCode: MedicalInstitutionCode,
        notice: CertificateIssueNotice,
        at date: Date = Date()
    ) throws(SuccessionError) -> Job {
        guard !store.exists else { throw SuccessionError(.jobExists, values: [.path: store.layout.root]) }
        let job = Job(oldCode: oldCode, newCode: newCode, notice: notice, createdAt: date)
        try store.save(job)
        return job
    }

    /// Works the job until it is complete, a step fails, or a manual step has no answer.
    /// - Returns: the job as it stands, and the step the run stopped at (`nil` when complete).
    @discardableResult
    public func run() throws(SuccessionError) -> (job: Job, stoppedAt: SuccessionStep.ID?) {
        var job = try store.load()
        while let id = job.nextStep {
            let step = SuccessionProcedure.step(id)
            if id == .supplement1 && !job.needsAccountRegistration {
                job.record(id, .skipped, note: "不要（⑨で各アカウントの引き継ぎを確認済み）", at: now())
                try store.save(job)
                progress?(.finished(step, .skipped, []))
                continue
            }
            let unmet = job.unmetPreconditions(of: id)
            guard unmet.isEmpty else {
                throw SuccessionError(
                    .jobPrecondition,
                    values: [.found: id.rawValue, .missing: unmet.map(\.rawValue).joined(separator: ",")]
                )
            }
            let state = try perform(step, in: &job)
            if state == .pending || state == .failed { return (job, id) }
        }
        return (job, nil)
    }

    /// Records a person's answer to a manual step without running anything else.
    public func answer(_ id: SuccessionStep.ID, _ confirmation: StepAnswer) throws(SuccessionError) -> Job {
        var job = try store.load()
        let unmet = job.unmetPreconditions(of: id)
        guard unmet.isEmpty || confirmation.answer == .skip else {
            throw SuccessionError(
                .jobPrecondition,
                values: [.found: id.rawValue, .missing: unmet.map(\.rawValue).joined(separator: ",")]
            )
        }
        _ = try record(SuccessionProcedure.step(id), confirmation, in: &job)
        return job
    }

    /// Skips a step; only with a reason, which the journal and report keep.
    public func skip(_ id: SuccessionStep.ID, reason: String) throws(SuccessionError) -> Job {
        guard !reason.trimmingCharacters(in: .whitespaces).isEmpty else { throw SuccessionError(.jobSkipReason) }
        return try answer(id, StepAnswer(.skip, note: reason))
    }

    /// Undoes a step that changed the terminal: the files it created go to the archive, and the
    /// files it archived come back, so the terminal is as it was before the step.
    public func undo(_ id: SuccessionStep.ID) throws(SuccessionError) -> Job {
        var job = try store.load()
        let evidence = job.evidence(of: id)
        let created = evidence["created"].map { $0.split(separator: ",").map(String.init) } ?? []
        let archived = evidence["archived"].map { $0.split(separator: ",").map(String.init) } ?? []
        guard job.state(of: id) == .done, !(created.isEmpty && archived.isEmpty) else {
            throw SuccessionError(.jobNothingToUndo, values: [.found: id.rawValue])
        }
        for path in created.reversed() where FileManagerShim.exists(terminal.layout.root + "/" + path) {
            try terminal.archive.archive(
                terminal.layout.root + "/" + path,
                reason: "undo(\(id.rawValue))",
                remove: true,
                date: now()
            )
        }
        // Newest first, so each file ends at its oldest archived version — as it was before the
        // step. A file the step created had no earlier version: its intermediate copies stay put.
        let entries = try terminal.archive.entries()
        for id in archived.reversed() {
            guard let entry = entries.first(where: { $0.id == id }), !created.contains(entry.originalPath) else {
                continue
            }
            try terminal.archive.restore(id, date: now())
        }
        job.record(
            id,
            .undone,
            evidence: ["restored": archived.joined(separator: ","), "removed": created.joined(separator: ",")],
            at: now()
        )
        try store.save(job)
        return job
    }

    // MARK: Steps

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
        try store.save(job)
        let before = trackedFiles()
        let archiveBefore = Set(try terminal.archive.entries().map(\.id))
        var (evidence, problems) = try action(step.id, job: job)
        // What the step changed, so that it can be undone.
        let created = trackedFiles().subtracting(before).sorted()
        let archived = try terminal.archive.entries().map(\.id).filter { !archiveBefore.contains($0) }
        if !created.isEmpty { evidence["created"] = created.joined(separator: ",") }
        if !archived.isEmpty { evidence["archived"] = archived.joined(separator: ",") }
        failpoint?("\(step.id.rawValue):afterAction")
        let state: Job.StepState = problems.containsError ? .failed : .done
        problems = problems.isEmpty ? [] : SuccessionError(problems).problems
        job.record(step.id, state == .done ? .done : .failed, evidence: evidence, problems: problems, at: now())
        try store.save(job)
        progress?(.finished(step, state, problems))
        return state
    }

    private func record(
        _ step: SuccessionStep,
        _ confirmation: StepAnswer,
        in job: inout Job
    ) throws(SuccessionError) -> Job.StepState {
        var evidence: [String: String] = ["answer": confirmation.answer.rawValue]
        var problems: [Problem] = []
        var kind: Job.Event.Kind = .done
        switch confirmation.answer {
        case .skip:
            guard let reason = confirmation.note, !reason.trimmingCharacters(in: .whitespaces).isEmpty else {
                throw SuccessionError(.jobSkipReason)
            }
            kind = .skipped
        case .no where step.id == .s9:
            // Not carried over: the accounts are registered by supplement ① before ⑩.
            evidence["accountsCarriedOver"] = "no"
        case .no:
            kind = .failed
            problems.append(Problem(.jobDeclined, values: [.found: step.mark]))
        case .yes:
            if step.id == .s9 { evidence["accountsCarriedOver"] = "yes" }
            if step.id == .supplement1, let accounts = AccountSet(code: job.newCode) {
                evidence["accounts"] = [accounts.admin, accounts.faceAuth, accounts.linkage].map(\.rawValue).joined(
                    separator: ","
                )
            }
            if step.id == .s13 {
                let status = DistributionStatus(line: confirmation.statusLine ?? "")
                evidence["status"] = status.text
                if let problem = status.problem {
                    problems.append(problem)
                    kind = .failed
                }
            }
        }
        job.record(step.id, kind, evidence: evidence, problems: problems, note: confirmation.note, at: now())
        try store.save(job)
        let state = job.state(of: step.id)
        progress?(.finished(step, state, problems))
        return state
    }

    /// The files of the terminal, for telling what a step created (sandbox: under the root,
    /// without the archive and the job itself).
    private func trackedFiles() -> Set<String> {
        Set(
            FileManagerShim.files(under: terminal.layout.root).filter {
                !$0.hasPrefix(".succession/archive/") && !$0.hasPrefix(".succession/job")
            }
        )
    }
}

extension ProblemValueKey {
    /// Step identifiers that are missing, comma-separated.
    public static let steps = ProblemValueKey(rawValue: "steps")
}
