import Foundation
public import SuccessionKit
public import SystemPackage

/// The one job a page serves, for the server's whole life: its store (so the job's lock is held
/// until the server stops, and a CLI command that would change the job is refused) and one
/// ``JobRunner`` (which keeps the answers of the step in progress, and the secrets, in memory).
/// Every rule is the library's: this only hands the page's text to the runner and back.
public actor GuidedJob {
    /// The job's folder: a sandbox terminal's root, or an attended job's working folder.
    public let root: FilePath
    private var store: JobStore?
    private var runner: JobRunner?
    /// What was typed for the question asked, when it was refused (never a secret's): the page
    /// shows it again in its field.
    private var kept: (id: JobQuestion.ID, text: String)?
    /// What an undo said, shown at its step until the next action.
    private var notice: StepNotice?

    /// Opens the job at `root`, taking its lock when the folder has a state folder; a folder with
    /// no job yet is locked when the start form creates one.
    /// - Throws: `job.locked` when another process works on the job.
    public init(root: FilePath) throws(SuccessionError) {
        self.root = root
        if Self.hasStateFolder(root) {
            let store = try JobStore(layout: TerminalLayout(root: root))
            self.store = store
            if store.exists {
                runner = try Self.runner(for: try store.load(), root: root, store: store)
            }
        }
    }

    /// Whether the folder has a job.
    public var hasJob: Bool {
        (try? adoptJob()) != nil
    }

    /// The runner, made for a job that appeared in the journal this server holds (one made by
    /// `job init` in another shell before the start form took the lock).
    private func adoptJob() throws(SuccessionError) -> JobRunner? {
        if let runner { return runner }
        if store == nil, Self.hasStateFolder(root) {
            store = try JobStore(layout: TerminalLayout(root: root))
        }
        guard let store, store.exists else { return nil }
        let made = try Self.runner(for: try store.load(), root: root, store: store)
        runner = made
        return made
    }

    /// What the page shows: the job and what it needs next; `nil` when there is no job yet.
    /// Software steps that can run, run now.
    func view() throws(SuccessionError) -> JobView? {
        guard let runner = try adoptJob() else { return nil }
        let next = try runner.next()
        let job = try runner.journal.load()
        var typed: String?
        if case .question(let question) = next, question.problem != nil, let kept, kept.id == question.id {
            typed = kept.text
        }
        return JobView(job: job, next: next, typed: typed, notice: notice)
    }

    /// The job as its journal holds it, without running anything.
    func job() throws(SuccessionError) -> Job? {
        try runner?.journal.load()
    }

    /// Hands a typed answer to the question asked. A question that is no longer asked (a form
    /// sent twice, a page from before) is ignored: the page shows what is asked now.
    func answer(_ id: String, _ text: String) throws(SuccessionError) {
        guard let runner else { return }
        // The runner answers the question its last `next()` asked: make sure it has asked.
        guard case .question(let question) = try runner.next(), question.id.rawValue == id else { return }
        notice = nil
        switch try runner.answer(question.id, text) {
        case .accepted:
            kept = nil
            // What the answer lets software do now is done before the page is shown again.
            _ = try runner.next()
        case .rejected:
            kept = question.kind.isSecret ? nil : (question.id, text)
        }
    }

    /// Undoes a finished step (the job's `undo`): software restores what its stores recorded; on
    /// an attended terminal the person undoes a GUI step by hand first, and the page asks them to
    /// confirm it (`doneByHand`). A refusal (nothing to undo, undo by hand first) is shown at the
    /// step until the next action.
    func undo(_ id: SuccessionStep.ID, doneByHand: Bool) throws(SuccessionError) {
        guard let runner else { return }
        kept = nil
        do {
            _ = try runner.undo(id, doneByHand: doneByHand)
            notice = nil
        } catch {
            guard [.attendedUndoByHand, .jobNothingToUndo].contains(error.code) else { throw error }
            notice = StepNotice(step: id, problems: error.problems, confirmsUndo: error.code == .attendedUndoByHand)
        }
    }

    /// Opens a finished step again for new answers (the job's `redo`).
    func redo(_ id: SuccessionStep.ID) throws(SuccessionError) {
        guard let runner else { return }
        _ = try runner.redo(id)
        kept = nil
        notice = nil
    }

    /// Tries a failed step anew, keeping the secrets given so far.
    func runAgain() {
        runner?.runAgain()
        kept = nil
    }

    /// The customer's report as an HTML page that links its style sheet, `/report.css`.
    func report(in language: Language) throws(SuccessionError) -> String? {
        guard let job = try job() else { return nil }
        return JobReport(job: job, language: language).html(styleSheetAt: "/report.css")
    }

    /// Starts the job from the start form, with the same hard stop as `job init`: when anything
    /// keeps the succession from starting, nothing is created and the reasons are returned.
    func start(_ form: StartRequest, now: Date = Date()) throws(SuccessionError) -> StartRefusal? {
        guard runner == nil else { return nil }
        var problems: [Problem] = []
        func code(_ text: String) -> MedicalInstitutionCode? {
            do {
                return try MedicalInstitutionCode(parsing: text)
            } catch {
                problems += error.problems
                return nil
            }
        }
        let old = code(form.oldCode)
        let new = code(form.newCode)
        let reading: NoticeReading
        let trimmed = form.notice.trimmingCharacters(in: .whitespacesAndNewlines)
        if trimmed.hasPrefix("{") {
            do {
                reading = try CertificateIssueNotice.read(json: Data(trimmed.utf8))
            } catch {
                return StartRefusal(problems: [Problem(.jobCannotStart)] + error.problems, missingDownloads: false)
            }
        } else {
            reading = CertificateIssueNotice.read(text: form.notice)
        }
        problems += reading.problems
        if let old, let new {
            problems += JobRunner.startProblems(oldCode: old, newCode: new, notice: reading.notice, at: now)
        }
        let missingDownloads = form.attended && form.downloads.isEmpty
        guard let old, let new, !problems.containsError, !missingDownloads else {
            return StartRefusal(
                problems: problems.containsError ? [Problem(.jobCannotStart)] + problems : problems,
                missingDownloads: missingDownloads
            )
        }
        let description = TerminalDescription(
            kind: form.attended ? .attended : .sandbox,
            downloads: form.attended ? FilePath.typed(form.downloads).string : nil,
            backupFolder: form.backupFolder.isEmpty ? nil : FilePath.typed(form.backupFolder).string
        )
        if !form.attended { _ = try Terminal.sandbox(root: root) }
        let store: JobStore
        if let held = self.store {
            store = held
        } else {
            store = try JobStore(layout: TerminalLayout(root: root))
            self.store = store
        }
        // A job made meanwhile by `job init` in another shell is the job this page serves.
        if try adoptJob() != nil { return nil }
        let job = try JobRunner.create(
            journal: store,
            oldCode: old,
            newCode: new,
            notice: reading.notice,
            terminal: description,
            at: now
        )
        runner = try Self.runner(for: job, root: root, store: store)
        return nil
    }

    /// Whether `root` holds a job's state folder (`.succession`).
    private static func hasStateFolder(_ root: FilePath) -> Bool {
        FileManager.default.fileExists(atPath: TerminalLayout(root: root).stateFolder.string)
    }

    private static func runner(
        for job: Job,
        root: FilePath,
        store: JobStore,
        inputs: JobInputs = JobInputs()
    ) throws(SuccessionError) -> JobRunner {
        let terminal: Terminal
        switch job.terminal.kind {
        case .attended:
            terminal = try Terminal.attended(
                root: root,
                downloads: job.terminal.downloads.map(FilePath.init(_:)) ?? root,
                backupFolder: job.terminal.backupFolder.map(FilePath.init(_:))
            )
        case .sandbox, .custom:
            terminal = try Terminal.sandbox(root: root)
        }
        return JobRunner(terminal: terminal, journal: store, inputs: inputs)
    }
}

/// What the job page shows.
struct JobView: Sendable {
    let job: Job
    let next: JobNext
    /// The refused text of the question asked, to put back in its field.
    let typed: String?
    /// What the last undo said.
    let notice: StepNotice?
}

/// What an undo said about a step: why nothing was undone, and whether the person is asked to
/// confirm that they undid it by hand.
struct StepNotice: Sendable {
    let step: SuccessionStep.ID
    let problems: [Problem]
    let confirmsUndo: Bool
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
    /// An attended job needs the folder the new `.p12` is in.
    let missingDownloads: Bool
}
