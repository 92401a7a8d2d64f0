import Foundation
public import SuccessionKit
public import SystemPackage

/// The one job a page serves, for the server's whole life: the folder's lock from the start (a
/// command in another shell is refused while the page serves, even before its start form made
/// the job), then the library's ``JobSession`` — which creates or opens the job, reads the codes
/// and the notice, holds the secrets and decides every rule. This only hands the page's text to
/// the session and back.
public actor GuidedJob {
    /// The job's folder: a sandbox terminal's root, or an attended job's working folder.
    public let root: FilePath
    /// What a job started from the page is given besides its form: the real root CA
    /// certificates ⑥ verifies against (`serve --ca`).
    public let trustAnchors: [TrustAnchor]
    private let lock: JobFolderLock
    private var session: JobSession?
    /// What was typed for the question asked, when it was refused (never a secret's): the page
    /// shows it again in its field.
    private var kept: (id: JobQuestion.ID, text: String)?
    /// What an undo or a redo said, shown at its step until the next action.
    private var notice: StepNotice?

    /// Takes the lock of `root` and opens its job, when it has one; a folder with no job is
    /// locked as well, and its job is made by the start form.
    /// - Throws: `job.locked` when another process works on the folder.
    /// - Parameter procedure: the steps the job is worked by (the manual's, unless the job was
    ///   made with steps of one's own).
    public init(
        root: FilePath,
        trustAnchors: [TrustAnchor] = [],
        procedure: SuccessionProcedure = .standard
    ) throws(SuccessionError) {
        self.root = root
        self.trustAnchors = trustAnchors
        self.procedure = procedure
        lock = try JobFolderLock(root)
        if JobSession.exists(at: root) {
            session = try JobSession.open(at: root, procedure: procedure, lock: lock)
        }
    }

    /// The steps the job is worked by.
    public let procedure: SuccessionProcedure

    /// Whether the folder has a job.
    public var hasJob: Bool { session != nil }

    /// What the page shows: the job and what it needs next; `nil` when there is no job yet.
    /// Software steps that can run, run now (the session's one `next()` of the request).
    func view() async throws(SuccessionError) -> JobView? {
        guard let session else { return nil }
        let next = try await session.next()
        let job = try session.job()
        var typed: String?
        if case .question(let question) = next, question.problem != nil, let kept, kept.id == question.id {
            typed = kept.text
        }
        var steps: [SuccessionStep.ID: StepPresentation] = [:]
        for id in job.order { steps[id] = try session.presentation(of: id) }
        var asked: QuestionPresentation?
        if case .question(let question) = next { asked = session.presentation(of: question) }
        return JobView(job: job, next: next, typed: typed, notice: notice, steps: steps, question: asked)
    }

    /// The job as its journal holds it, without running anything.
    func job() throws(SuccessionError) -> Job? {
        try session?.job()
    }

    /// Hands a typed answer to the question asked, as the form's attempt named it: a form sent
    /// twice, or from an older page, is outdated and neither taken nor counted as typed again.
    /// - Returns: whether the answer was refused, now or when its step ran (the page then opens
    ///   at the refusal).
    @discardableResult
    func answer(_ id: String, _ text: String, attempt: Int?) async throws(SuccessionError) -> Bool {
        guard let session else { return false }
        let question = JobQuestion.ID(rawValue: id)
        switch try await session.answer(question, text, attempt: attempt) {
        case .accepted:
            kept = nil
            notice = nil
            // Taken, and yet refused when its step runs (a PIN no file opens with): the page
            // opens at that refusal, as at any other.
            if case .question(let next) = try await session.next(), next.problem != nil { return true }
            return false
        case .rejected:
            let secret = session.runner.lastQuestion.map { $0.id == question && $0.kind.isSecret } ?? true
            kept = secret ? nil : (question, text)
            notice = nil
            return true
        case .outdated:
            return false
        }
    }

    /// Undoes a finished step (the session's `undo`). A refusal — nothing to undo, undo by hand
    /// first, later steps to reopen — is shown at the step until the next action, with the
    /// button that confirms it.
    func undo(_ id: SuccessionStep.ID, doneByHand: Bool, reopening: Bool) async throws(SuccessionError) {
        guard let session else { return }
        kept = nil
        do {
            _ = try await session.undo(id, doneByHand: doneByHand, reopening: reopening)
            notice = nil
        } catch {
            let shown: [ProblemCode] = [
                .attendedUndoByHand, .jobNothingToUndo, .jobReopensLaterSteps, .attendedNotUndoableByHand,
            ]
            guard shown.contains(error.code) else { throw error }
            notice = StepNotice(
                step: id,
                action: .undo,
                problems: error.problems,
                doneByHand: doneByHand,
                refusal: error.code
            )
        }
    }

    /// Opens a step again for new answers (the session's `redo`): a finished step, or ⑨ while it
    /// or 補足① is in progress (taking back its branch).
    func redo(_ id: SuccessionStep.ID, reopening: Bool) throws(SuccessionError) {
        guard let session else { return }
        kept = nil
        do {
            _ = try session.redo(id, reopening: reopening)
            notice = nil
        } catch {
            guard [.jobReopensLaterSteps, .jobNothingToRedo].contains(error.code) else { throw error }
            notice = StepNotice(
                step: id,
                action: .redo,
                problems: error.problems,
                doneByHand: false,
                refusal: error.code
            )
        }
    }

    /// The customer's report as an HTML page that links its style sheet, `/report.css`.
    func report(in language: Language) throws(SuccessionError) -> String? {
        guard let job = try job() else { return nil }
        return ReportPage.html(JobReport(job: job, language: language), style: .linked("/report.css"))
    }

    /// Tries a failed step anew, keeping the secrets given so far.
    func runAgain() {
        session?.runAgain()
        kept = nil
    }

    /// Starts the job from the start form, with the same hard stop as `job init` (the session's):
    /// when anything keeps the succession from starting, nothing is created and the reasons are
    /// returned.
    func start(_ form: StartRequest, now: Date = Date()) throws(SuccessionError) -> StartRefusal? {
        guard session == nil else { return nil }
        let request = JobStartRequest(
            oldCode: form.oldCode,
            newCode: form.newCode,
            notice: .text(form.notice),
            backend: form.attended ? .attended : .sandbox,
            downloads: form.downloads.isEmpty ? nil : FilePath(form.downloads),
            backupFolder: form.backupFolder.isEmpty ? nil : FilePath(form.backupFolder),
            trustAnchors: trustAnchors
        )
        do {
            session = try JobSession.start(request, at: root, procedure: procedure, lock: lock, now: now)
            return nil
        } catch  where error.code == .jobCannotStart {
            return StartRefusal(problems: error.problems)
        }
    }
}

/// What the job page shows.
struct JobView: Sendable {
    let job: Job
    let next: JobNext
    /// The refused text of the question asked, to put back in its field.
    let typed: String?
    /// What the last undo or redo said.
    let notice: StepNotice?
    /// How each step is shown.
    let steps: [SuccessionStep.ID: StepPresentation]
    /// How the question asked is shown.
    let question: QuestionPresentation?
}

/// What an undo or a redo said about a step: why nothing was done, and the button that confirms
/// it (undone by hand, reopen the later steps).
struct StepNotice: Sendable {
    enum Action: Sendable { case undo, redo }
    let step: SuccessionStep.ID
    let action: Action
    let problems: [Problem]
    let doneByHand: Bool
    let refusal: ProblemCode
}

/// The start form's fields.
struct StartRequest: Sendable, Hashable {
    var oldCode = ""
    var newCode = ""
    var notice = ""
    /// The name of the file the notice was read from, when one was chosen.
    var noticeFile: String?
    var downloads = ""
    var backupFolder = ""
    var attended = false
}

/// Why the start form created nothing.
struct StartRefusal: Sendable, Hashable {
    let problems: [Problem]
}
