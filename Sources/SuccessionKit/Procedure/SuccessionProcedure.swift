import Foundation

/// The steps a job is worked by, in the order they are shown: the manual's fourteen steps and
/// two supplements (``standard``), or that list with steps of one's own added. Each step is one
/// type (``ProcedureStep``); this list is the only other place that names it.
public struct SuccessionProcedure: Sendable, Hashable {
    /// The steps, in the order they are shown and worked (a step's preconditions may move it
    /// later in a job: see ``Job/order``).
    public let steps: [any ProcedureStep]
    /// Their ids, in the same order.
    public let ids: [SuccessionStep.ID]

    /// A procedure of these steps; their problem messages are registered with
    /// ``ProblemMessages`` so that ``Problem/message(in:)`` explains them.
    public init(_ steps: [any ProcedureStep]) {
        self.steps = steps
        self.ids = steps.map { type(of: $0).step.id }
        for step in steps { ProblemMessages.register(type(of: step).messages) }
    }

    /// The manual's procedure 【承継工事手順】: ①–⑨, 補足① (only when ⑨ could not log in), ⑩–⑫,
    /// 補足②, ⑬, ⑭.
    public static let standard = SuccessionProcedure([
        NoticeStep(), LogOnStep(), UnbindReadersStep(), RemoveOldCertificatesStep(), InitializeReadersStep(),
        DownloadAndBackUpStep(), InstallStep(), ConfirmInstalledStep(), AccountsStep(), AccountRegistrationStep(),
        SetCredentialStep(), RestartStep(), BindReadersStep(), FacilityNameStep(), DistributionStep(), HandoverStep(),
    ])

    /// This procedure with `step` added at the end.
    public func appending(_ step: some ProcedureStep) -> SuccessionProcedure {
        SuccessionProcedure(steps + [step])
    }

    /// This procedure with `step` added right after the step `id` (at the end when there is none).
    public func inserting(_ step: some ProcedureStep, after id: SuccessionStep.ID) -> SuccessionProcedure {
        var list = steps
        let index = ids.firstIndex(of: id).map { $0 + 1 } ?? list.endIndex
        list.insert(step, at: index)
        return SuccessionProcedure(list)
    }

    /// Every step's metadata and the manual's operations, in order.
    public var metadata: [SuccessionStep] { steps.map { type(of: $0).step } }

    /// The step type of `id`, or `nil` when this procedure has none.
    public func procedureStep(_ id: SuccessionStep.ID) -> (any ProcedureStep)? {
        ids.firstIndex(of: id).map { steps[$0] }
    }

    /// The metadata of `id`. An id this procedure does not have (a journal of a procedure of
    /// one's own opened without it) reads as itself — its raw id as its mark and title — never as
    /// another step.
    public func step(_ id: SuccessionStep.ID) -> SuccessionStep {
        if let found = procedureStep(id) { return type(of: found).step }
        return SuccessionStep(
            id: id,
            mark: id.rawValue,
            title: LocalizedText(ja: id.rawValue, en: id.rawValue),
            kind: .manual,
            preconditions: [],
            operations: .none
        )
    }

    /// The step a person typed: `7`, `⑦`, `07`, `s1`, `補足①`, or a step's own id or mark.
    public func id(typed: String) -> SuccessionStep.ID? {
        let normalized = SuccessionStep.ID.normalized(typed)
        return ids.first { $0.rawValue.uppercased() == normalized }
            ?? metadata.first { $0.mark == typed.trimmingCharacters(in: .whitespaces) }?.id
    }

    /// The job's own facts shown with a step's operations (①'s rows, ⑥'s request and reference
    /// IDs, ⑦'s file, ⑫'s login name and serials).
    public func details(of id: SuccessionStep.ID, job: Job) -> LocalizedLines {
        procedureStep(id)?.details(job) ?? .none
    }

    public static func == (lhs: SuccessionProcedure, rhs: SuccessionProcedure) -> Bool { lhs.ids == rhs.ids }

    public func hash(into hasher: inout Hasher) { hasher.combine(ids) }
}
