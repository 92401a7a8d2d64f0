import Foundation
import Synchronization

/// One step of the manual as one type: its metadata and the manual's operations
/// (``SuccessionStep``), its questions and the checks of their answers, what it performs
/// through the terminal's stores, and what it records. The list of steps is
/// ``SuccessionProcedure``; adding or changing a step touches its own file and that list.
protocol ProcedureStep: Sendable {
    /// Number, titles, preconditions, the manual's operations and cautions.
    var step: SuccessionStep { get }

    /// The next question of this attempt, given the answers accepted so far; `nil` when the step
    /// can be performed.
    func nextQuestion(_ context: StepContext, _ answers: StepAnswers) -> JobQuestion?

    /// Checks an answer beyond its kind (⑨'s code against the job, ⑧'s 拇印 against ⑥'s file).
    /// A problem asks the same question again; `nil` accepts it.
    func check(_ answer: Answer, to question: JobQuestion, _ context: StepContext, _ answers: StepAnswers) -> Problem?

    /// Checks a secret as it is typed (⑫'s password against the policy); a problem asks again.
    func checkSecret(_ secret: JobSecret, _ text: String, _ context: StepContext) -> Problem?

    /// Lines of the job's own facts shown with the manual's operations (⑥'s request ID).
    func details(_ job: Job) -> LocalizedLines

    /// Performs the step with the accepted answers and records its evidence, changes and problems
    /// in `outcome`.
    func perform(
        _ context: StepContext,
        _ answers: StepAnswers,
        into outcome: inout StepOutcome
    ) throws(SuccessionError)
}

extension ProcedureStep {
    func checkSecret(_ secret: JobSecret, _ text: String, _ context: StepContext) -> Problem? { nil }

    func details(_ job: Job) -> LocalizedLines { .none }

    func check(_ answer: Answer, to question: JobQuestion, _ context: StepContext, _ answers: StepAnswers) -> Problem? {
        nil
    }
}

/// What a step sees while it asks and performs: the job as it stands, the terminal, the
/// session's secrets and what earlier steps of this process handed on.
struct StepContext {
    let job: Job
    let terminal: Terminal
    let journal: any JobJournal
    let inputs: JobInputs
    let memory: SessionMemory
    let now: Date
    let progress: (@Sendable (JobProgress) -> Void)?
    let failpoint: ((String) -> Void)?

    /// Whether a person works this terminal's GUI and types back what it shows.
    var attended: Bool { terminal.observation == .person }

    /// Journals the intent of a store change — what it will change and the value before —
    /// before the change is made, so that a run killed after it knows what it changed.
    func journalIntent(_ step: SuccessionStep.ID, evidence: StepEvidence) throws(SuccessionError) {
        var job = try journal.load()
        job.record(step, .started, evidence: evidence, at: now)
        try journal.save(job)
    }

    /// Journals a store's change the moment the store returns it: a kill before the step's record
    /// still leaves it for undo.
    func changed(
        _ step: SuccessionStep.ID,
        _ store: RecordedChange.Store,
        _ change: TerminalChange
    ) throws(SuccessionError) {
        guard !change.isEmpty else { return }
        var job = try journal.load()
        job.record(step, .started, changes: [RecordedChange(store: store, change: change)], at: now)
        try journal.save(job)
    }
}

/// The answers of one attempt at a step, in the order they were accepted. Kept in memory; they
/// reach the journal as the step's evidence only when the step is performed.
struct StepAnswers: Sendable {
    private(set) var entries: [(id: JobQuestion.ID, answer: Answer)] = []

    subscript(_ id: JobQuestion.ID) -> Answer? {
        entries.last { $0.id == id }?.answer
    }

    mutating func accept(_ answer: Answer, for id: JobQuestion.ID) {
        entries.removeAll { $0.id == id }
        entries.append((id, answer))
    }

    func has(_ id: JobQuestion.ID) -> Bool { self[id] != nil }

    /// The first of a step's fixed questions not answered yet, in order.
    func firstUnanswered(_ questions: [JobQuestion]) -> JobQuestion? {
        questions.first { !has($0.id) }
    }

    func choice(_ id: JobQuestion.ID) -> String? {
        if case .choice(let key) = self[id] { return key }
        return nil
    }
}

/// What one process keeps between steps and never writes down: the bundle ⑥ verified, handed
/// to ⑦ so that the chosen file is opened and verified once.
final class SessionMemory: Sendable {
    struct VerifiedFile: Sendable {
        let path: String
        let bytes: [UInt8]
        let bundle: PKCS12Bundle
    }

    private let state = Mutex<VerifiedFile?>(nil)

    var verified: VerifiedFile? {
        get { state.withLock { $0 } }
        set { state.withLock { $0 = newValue } }
    }
}

/// A yes-or-done question: 「いいえ」 is not an answer to "did you do it?" but "not yet", so it
/// asks again with what to do.
struct Confirmation {
    let id: JobQuestion.ID
    var subject: String? = nil
    let prompt: LocalizedText
    /// What to do before answering はい.
    let notYet: LocalizedText

    var question: JobQuestion {
        let step = SuccessionStep.ID(rawValue: String(id.rawValue.prefix { $0 != "." })) ?? .step1
        return JobQuestion(
            id: id,
            step: step,
            subject: subject,
            prompt: prompt,
            kind: .choice([.yes, .no]),
            notYet: notYet
        )
    }
}
