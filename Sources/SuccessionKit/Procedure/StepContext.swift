public import Foundation
import Synchronization

/// What a step sees while it asks and performs: the job as it stands, the terminal, the
/// session's secrets, and the journal through which every store change is made.
public struct StepContext {
    /// The step asking or performing.
    public let step: SuccessionStep.ID
    /// The job as the journal holds it.
    public let job: Job
    /// The terminal the steps work on.
    public let terminal: Terminal
    /// The secrets the session holds.
    public let inputs: JobInputs
    /// The time of the work.
    public let now: Date
    let journal: any JobJournal
    let memory: SessionMemory
    let progress: (@Sendable (JobProgress) -> Void)?
    let failpoint: ((String) -> Void)?
    /// The part of the terminal the step works (``ProcedureStep/terminalPart``).
    var part: TerminalPart? = nil

    /// Whether a person works the part of the terminal this step works, and types back what its
    /// screen shows.
    public var attended: Bool { terminal.observation(of: part) == .person }

    /// The evidence of another step, read through that step's type (`nil` until it is done).
    public func evidence<Step: ProcedureStep>(of step: Step.Type) -> Step.Evidence? {
        job.evidence(of: step)
    }

    /// The intents this step journaled for `operation` since it was last undone, oldest first:
    /// a resumed or repeated attempt takes the value before from the first, never from a store
    /// its own earlier attempt changed already.
    public func earlierIntents(_ operation: String) -> [StoreIntent] {
        job.intents(of: step).filter { $0.operation == operation }.map(\.intent)
    }

    /// Makes one store change as the journal's rule says: `intent` journaled first (the value
    /// before, the exact archive places), then `make` (the store's call with it), then the change
    /// it returns journaled the moment it returns. A kill at any instruction in between leaves the
    /// intent, which the next attempt reconciles with what the store holds.
    /// - Parameters:
    ///   - store: which store makes it, and so which one undoes it.
    ///   - operation: a name for the kind of change (`credentials.setInstitutionCode`), by which a
    ///     later attempt finds the intent again.
    ///   - intent: what the store's `prepare…` returned.
    ///   - make: the store's call; it returns its result and the change it made.
    public func change<Result>(
        _ store: RecordedChange.Store,
        _ operation: String,
        intent: StoreIntent,
        make: (StoreIntent) async throws(SuccessionError) -> (result: Result, change: TerminalChange)
    ) async throws(SuccessionError) -> Result {
        try journaling { job in
            job.record(
                Job.Event(time: now, step: step, kind: .started, intent: RecordedIntent(store, operation, intent))
            )
        }
        let made = try await make(intent)
        failpoint?("\(step.rawValue):afterAction")
        try journaling { job in
            job.record(
                Job.Event(
                    time: now,
                    step: step,
                    kind: .started,
                    changes: [RecordedChange(store: store, change: made.change, operation: operation)]
                )
            )
        }
        return made.result
    }

    private func journaling(_ update: (inout Job) -> Void) throws(SuccessionError) {
        var current = try journal.load()
        update(&current)
        try journal.save(current)
    }
}

/// The answers of one attempt at a step, in the order they were accepted. Kept in memory; they
/// reach the journal as the step's evidence only when the step is performed.
public struct StepAnswers: Sendable {
    private(set) var entries: [(id: JobQuestion.ID, answer: Answer)] = []

    /// No answers yet.
    public init() {}

    /// The answer accepted for `id`.
    public subscript(_ id: JobQuestion.ID) -> Answer? {
        entries.last { $0.id == id }?.answer
    }

    mutating func accept(_ answer: Answer, for id: JobQuestion.ID) {
        entries.removeAll { $0.id == id }
        entries.append((id, answer))
    }

    /// Whether `id` has been answered.
    public func has(_ id: JobQuestion.ID) -> Bool { self[id] != nil }

    /// The first of a step's fixed questions not answered yet, in order.
    public func firstUnanswered(_ questions: [JobQuestion]) -> JobQuestion? {
        questions.first { !has($0.id) }
    }

    /// Whether `id` was answered after `other` (or `other` not at all): a question asked again
    /// after a way back (⑨'s 「戻る」) is answered anew.
    public func answered(_ id: JobQuestion.ID, after other: JobQuestion.ID) -> Bool {
        guard let index = entries.firstIndex(where: { $0.id == id }) else { return false }
        guard let otherIndex = entries.firstIndex(where: { $0.id == other }) else { return true }
        return index > otherIndex
    }

    /// The key of the choice answered for `id`.
    public func choice(_ id: JobQuestion.ID) -> String? {
        if case .choice(let key) = self[id] { return key }
        return nil
    }
}

/// What a step found and recorded as it performed. Its store changes are not here: each is
/// journaled the moment the store returns it (``StepContext/change(_:_:intent:make:)``).
public struct StepOutcome<Evidence: Codable & Sendable & Hashable> {
    /// What the step records when it is done.
    public var evidence: Evidence?
    /// What was wrong (an error fails the step) or worth a word (warnings).
    public var problems: [Problem] = []
    /// For the technician (`job status`, the report's technician section), not the customer's rows.
    public var notes: [Problem] = []
    /// How the step was verified.
    public var verification: StepVerification
    /// The step branched (⑨ could not log in): the steps its ``ProcedureStep/preconditions(in:)``
    /// add come first, then it is tried again.
    public var branched = false
    /// A reason to record the step as skipped (⑭ 「実施不可」).
    public var skipReason: String?
    /// A secret to ask for again (a PIN no file opens with), with why; nothing is recorded.
    var askAgain: (question: JobQuestion.ID, secret: JobSecret?, problem: Problem)?

    init(verification: StepVerification) {
        self.verification = verification
    }

    /// Asks `question` again because of `problem`, forgetting `secret` (a PIN no file opens
    /// with): nothing of this attempt is recorded.
    public mutating func askAgain(_ question: JobQuestion.ID, forgetting secret: JobSecret?, because problem: Problem) {
        askAgain = (question, secret, problem)
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
    let step: SuccessionStep.ID
    var subject: String? = nil
    let prompt: LocalizedText
    /// What to do before answering はい.
    let notYet: LocalizedText

    var question: JobQuestion {
        JobQuestion(id: id, step: step, subject: subject, prompt: prompt, kind: .choice([.yes, .no]), notYet: notYet)
    }
}
