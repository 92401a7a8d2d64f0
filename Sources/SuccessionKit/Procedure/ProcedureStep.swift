import Foundation

/// One step of the manual as one type: its metadata and the manual's operations
/// (``SuccessionStep``), its place in the order, its questions and the checks of their answers,
/// what it performs through the terminal's stores, its typed evidence, the facts the report shows
/// of it, and the messages of its own problem codes.
///
/// A procedure is a list of these (``SuccessionProcedure``); a step of one's own is one more type
/// and one more element of the list — nothing else names it:
///
/// ```swift
/// struct PhotographRack: ProcedureStep {
///     struct Evidence: Codable, Sendable, Hashable { var taken: Bool }
///     static let step = SuccessionStep(
///         id: SuccessionStep.ID(rawValue: "X1"), mark: "追加①",
///         title: LocalizedText(ja: "ラックの写真", en: "Photograph the rack"),
///         kind: .manual, preconditions: [.step14],
///         operations: LocalizedLines(ja: ["ラックを撮影します。"], en: ["Photograph the rack."]))
///     func nextQuestion(_ context: StepContext, _ answers: StepAnswers) -> JobQuestion? { … }
///     func perform(_ context: StepContext, _ answers: StepAnswers, into outcome: inout StepOutcome<Evidence>) { … }
/// }
/// let procedure = SuccessionProcedure.standard.appending(PhotographRack())
/// ```
public protocol ProcedureStep: Sendable {
    /// What the step records when it is done: typed values (codes, serials, thumbprints, dates),
    /// never a secret. The journal keeps it as JSON, under these keys.
    associatedtype Evidence: Codable, Sendable, Hashable

    /// Number, titles, preconditions, the manual's operations and cautions.
    static var step: SuccessionStep { get }

    /// The steps that must be finished before this one, in this job: the metadata's, and any
    /// the job's own course adds (⑨ after its branch needs 補足① first).
    func preconditions(in job: Job) -> [SuccessionStep.ID]

    /// Whether this job needs the step at all (補足① only when ⑨ could not log in); a step
    /// that is not needed reads as 不要.
    func isNeeded(in job: Job) -> Bool

    /// Lines of the job's own facts shown with the manual's operations (⑥'s request ID).
    func details(_ job: Job) -> LocalizedLines

    /// The next question of this attempt, given the answers accepted so far; `nil` when the step
    /// can be performed.
    func nextQuestion(_ context: StepContext, _ answers: StepAnswers) -> JobQuestion?

    /// Checks an answer beyond its kind (⑨'s code against the job, ⑧'s 拇印 against ⑥'s file).
    /// A problem asks the same question again; `nil` accepts it.
    func check(_ answer: Answer, to question: JobQuestion, _ context: StepContext, _ answers: StepAnswers) -> Problem?

    /// Checks a secret as it is typed (⑫'s password against the policy); a problem asks again.
    func checkSecret(_ secret: JobSecret, _ text: String, _ context: StepContext) -> Problem?

    /// Performs the step with the accepted answers: its evidence, problems and notes go into
    /// `outcome`; each store change goes through ``StepContext/change(_:_:intent:make:)``, which
    /// journals it the moment it is made.
    func perform(
        _ context: StepContext,
        _ answers: StepAnswers,
        into outcome: inout StepOutcome<Evidence>
    ) async throws(SuccessionError)

    /// What works after the step failed with `problems` (⑧ finding another certificate: do ⑦
    /// over); by default, running it again.
    func wayForward(after problems: [Problem], in job: Job) -> WayForward

    /// The facts the customer's report shows of this step; a fact whose value is `nil` shows the
    /// step's state instead (未実施（⑩）), so a pending step never reads as "none".
    func reportFacts(_ evidence: Evidence?, in job: Job) -> [ReportFact]

    /// The messages of the problem codes this step owns, registered with the procedure.
    static var messages: [ProblemCode: ProblemMessage] { get }

    /// Why the step reads 不要 when the job does not need it, for the report's row (補足①: ⑨
    /// found every account carried over); `nil` says nothing more.
    static var notNeededNote: LocalizedText? { get }

    /// Whether a person can undo the step by hand on an attended terminal (`false` for ④: a
    /// deleted certificate is gone from the store); `job undo` refuses it when not.
    static var undoneByHand: Bool { get }

    /// The part of the terminal the step works, so that on a terminal where a person works that
    /// part (``Terminal/observation(of:)``) the step asks the person; `nil` for a step that works
    /// no one part. The manual's steps say theirs (③⑫ the login-name tool, ④⑦⑧ the certificates, ⑤
    /// the initialization, ⑥ the download, ⑩ the credentials).
    static var terminalPart: TerminalPart? { get }
}

extension ProcedureStep {
    /// The step's id.
    public static var id: SuccessionStep.ID { step.id }

    public func preconditions(in job: Job) -> [SuccessionStep.ID] { Self.step.preconditions }

    public func isNeeded(in job: Job) -> Bool { true }

    public func details(_ job: Job) -> LocalizedLines { .none }

    public func check(
        _ answer: Answer,
        to question: JobQuestion,
        _ context: StepContext,
        _ answers: StepAnswers
    ) -> Problem? { nil }

    public func checkSecret(_ secret: JobSecret, _ text: String, _ context: StepContext) -> Problem? { nil }

    public func wayForward(after problems: [Problem], in job: Job) -> WayForward { .runAgain(Self.id) }

    public func reportFacts(_ evidence: Evidence?, in job: Job) -> [ReportFact] { [] }

    public static var messages: [ProblemCode: ProblemMessage] { [:] }

    public static var undoneByHand: Bool { true }

    public static var notNeededNote: LocalizedText? { nil }

    public static var terminalPart: TerminalPart? { nil }
}

/// What a step that records nothing beyond its verification records.
public struct NoEvidence: Codable, Sendable, Hashable {
    /// Nothing.
    public init() {}
}

/// One row of facts the customer's report shows of a step: a label, and the value (`nil` when
/// the step has not recorded it: the report then shows the step's state).
public struct ReportFact: Sendable, Hashable, Codable {
    /// The row's label.
    public let label: LocalizedText
    /// The value, in each language; `nil` while the step has not recorded it.
    public let value: LocalizedText?

    /// A fact: a label and its value.
    public init(_ label: LocalizedText, _ value: LocalizedText?) {
        self.label = label
        self.value = value
    }

    /// A fact whose value reads the same in both languages (a code, a path).
    public init(_ label: LocalizedText, _ value: String?) {
        self.init(label, value.map { LocalizedText(ja: $0, en: $0) })
    }
}
