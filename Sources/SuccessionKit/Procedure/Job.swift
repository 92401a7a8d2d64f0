public import Foundation

/// A succession job: the codes, the notice, and the journal of everything done — the evidence
/// a customer report is made from. Never holds a secret.
public struct Job: Sendable, Hashable, Codable {
    /// The state of a step, derived from the journal.
    public enum StepState: String, Sendable, Hashable, Codable {
        case pending, done, failed, skipped
    }

    /// One entry of the journal.
    public struct Event: Sendable, Hashable, Codable {
        public enum Kind: String, Sendable, Hashable, Codable {
            /// The step began (a kill after this re-runs it: every action is idempotent).
            case started
            case done, failed, skipped
            /// The step was undone; its changes were restored from the archive.
            case undone
        }

        public let time: Date
        public let step: SuccessionStep.ID
        public let kind: Kind
        /// What was done: fingerprints, serials, values before and after, archive entries.
        public let evidence: [String: String]
        public let problems: [Problem]
        /// A person's note: the reason of a skip, an answer.
        public let note: String?
    }

    public static let formatVersion = 1

    public let version: Int
    public let oldCode: MedicalInstitutionCode
    public let newCode: MedicalInstitutionCode
    public let notice: CertificateIssueNotice
    public let createdAt: Date
    public private(set) var events: [Event]

    public init(
        oldCode: MedicalInstitutionCode,
        newCode: MedicalInstitutionCode,
        notice: CertificateIssueNotice,
        createdAt: Date = Date()
    ) {
        self.version = Self.formatVersion
        self.oldCode = oldCode
        self.newCode = newCode
        self.notice = notice
        self.createdAt = createdAt
        self.events = []
    }

    /// Appends an event.
    public mutating func record(
        _ step: SuccessionStep.ID,
        _ kind: Event.Kind,
        evidence: [String: String] = [:],
        problems: [Problem] = [],
        note: String? = nil,
        at time: Date = Date()
    ) {
        events.append(Event(time: time, step: step, kind: kind, evidence: evidence, problems: problems, note: note))
    }

    /// The step's state: its last decisive event (done, failed, skipped; undone means pending).
    public func state(of step: SuccessionStep.ID) -> StepState {
        for event in events.reversed() where event.step == step {
            switch event.kind {
            case .done: return .done
            case .failed: return .failed
            case .skipped: return .skipped
            case .undone: return .pending
            case .started: continue
            }
        }
        return .pending
    }

    /// The evidence of the step's last `done`.
    public func evidence(of step: SuccessionStep.ID) -> [String: String] {
        events.last { $0.step == step && $0.kind == .done }?.evidence ?? [:]
    }

    /// The last event of the step.
    public func lastEvent(of step: SuccessionStep.ID) -> Event? {
        events.last { $0.step == step && $0.kind != .started }
    }

    /// Whether supplement ① is needed: ⑨ answered that the accounts were not carried over.
    public var needsAccountRegistration: Bool {
        evidence(of: .s9)["accountsCarriedOver"] == "no"
    }

    /// Whether the step counts as finished (done, or skipped with a reason).
    public func isFinished(_ step: SuccessionStep.ID) -> Bool {
        [.done, .skipped].contains(state(of: step))
    }

    /// The preconditions of `step` that are not finished, including supplement ① before ⑩ when
    /// ⑨ branched to it.
    public func unmetPreconditions(of step: SuccessionStep.ID) -> [SuccessionStep.ID] {
        var required = SuccessionProcedure.step(step).preconditions
        if step == .s10 && needsAccountRegistration { required.append(.supplement1) }
        return required.filter { !isFinished($0) }
    }

    /// The first step that is not finished, in the manual's order (supplement ① in its place
    /// after ⑨ when needed; supplement ② after ⑫); `nil` when the job is complete.
    public var nextStep: SuccessionStep.ID? {
        order.first { !isFinished($0) }
    }

    /// The steps in the order they are worked.
    public var order: [SuccessionStep.ID] {
        var ids: [SuccessionStep.ID] = [.s1, .s2, .s3, .s4, .s5, .s6, .s7, .s8, .s9]
        ids.append(.supplement1)
        ids += [.s10, .s11, .s12, .supplement2, .s13, .s14]
        return ids
    }

    /// Whether every step is finished.
    public var isComplete: Bool { nextStep == nil }
}
