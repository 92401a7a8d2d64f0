/// The 14 steps and two supplements of the succession manual, in order: each is one type under
/// `Procedure/Steps/`, and this list is the only other place that names them.
public enum SuccessionProcedure {
    static let all: [any ProcedureStep] = [
        NoticeStep(), LogOnStep(), UnbindReadersStep(), RemoveOldCertificatesStep(), InitializeReadersStep(),
        DownloadAndBackUpStep(), InstallStep(), ConfirmInstalledStep(), AccountsStep(), SetCredentialStep(),
        RestartStep(), BindReadersStep(), DistributionStep(), HandoverStep(), AccountRegistrationStep(),
        FacilityNameStep(),
    ]

    /// Every step's metadata and the manual's operations, in the manual's order.
    public static let steps: [SuccessionStep] = all.map(\.step)

    /// The step with `id`.
    public static func step(_ id: SuccessionStep.ID) -> SuccessionStep {
        steps.first { $0.id == id } ?? steps[0]
    }

    /// The job's own facts shown with a step's operations (①'s rows, ⑥'s request and reference
    /// IDs, ⑦'s file, ⑫'s login name and serials).
    public static func details(of id: SuccessionStep.ID, job: Job) -> LocalizedLines {
        procedure(id).details(job)
    }

    static func procedure(_ id: SuccessionStep.ID) -> any ProcedureStep {
        all.first { $0.step.id == id } ?? all[0]
    }
}
