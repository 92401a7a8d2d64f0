import Foundation

/// Checks a person's answer to a manual step against what the manual asks them to read off, and
/// decides what the journal records: done, failed, skipped, or ⑨'s branch to supplement ①.
enum ManualStepCheck {
    struct Verdict {
        var kind: Job.Event.Kind
        var evidence = StepEvidence()
        var verification: StepVerification?
        var problems: [Problem] = []
    }

    static func check(_ step: SuccessionStep, _ answer: StepAnswer, job: Job) throws(SuccessionError) -> Verdict {
        var result = Verdict(kind: .done, verification: .person)
        result.evidence.answer = answer.answer.rawValue
        switch answer.answer {
        case .skip:
            guard let reason = answer.note, !reason.trimmingCharacters(in: .whitespaces).isEmpty else {
                throw SuccessionError(.jobSkipReason)
            }
            result.kind = .skipped
            result.verification = .skipped
            return result
        case .no:
            switch step.id {
            case .step9:
                // Not carried over (after trying a changed admin password): supplement ① first,
                // then ⑨ again 【工事手順⑨】.
                result.kind = .branched
                result.verification = nil
                result.evidence.accountsCarriedOver = false
                result.problems = [Problem(.jobAccountsNotCarriedOver, severity: .warning)]
            case .supplement2:
                result.kind = .failed
                result.verification = nil
                result.problems = [Problem(.jobFacilityName)]
            default:
                result.kind = .failed
                result.verification = nil
                result.problems = [Problem(.jobDeclined, values: [.found: step.mark])]
            }
            return result
        case .yes:
            break
        }
        switch step.id {
        case .step9: try checkAccounts(answer, job: job, into: &result)
        case .step13: try checkDistribution(answer, into: &result)
        case .step14: try checkHandover(answer, into: &result)
        case .supplement1: try checkRegistration(answer, job: job, into: &result)
        case .supplement2:
            guard let name = answer.facilityName?.trimmingCharacters(in: .whitespaces), !name.isEmpty else {
                throw missing("facilityName", step)
            }
            result.evidence.facilityName = name
        default: break
        }
        if result.problems.containsError {
            result.kind = .failed
            result.verification = nil
        }
        return result
    }

    /// ⑨ the 機関コード copied from アカウント管理更新 must be the job's new code: the manual's own
    /// cross-check before it is pasted into ⑩.
    private static func checkAccounts(
        _ answer: StepAnswer,
        job: Job,
        into result: inout Verdict
    ) throws(SuccessionError) {
        guard let typed = answer.institutionCode, !typed.trimmingCharacters(in: .whitespaces).isEmpty else {
            throw missing("institutionCode", SuccessionProcedure.step(.step9))
        }
        result.evidence.accountsCarriedOver = true
        result.evidence.institutionCodeShown = typed
        result.verification = .typedEvidence
        let reading = MedicalInstitutionCode.read(typed)
        guard let code = reading.code else {
            result.problems += reading.problems
            return
        }
        result.evidence.institutionCodeShown = code.digits
        if code != job.newCode {
            result.problems.append(
                Problem(
                    .jobCodeMismatch,
                    values: [.found: code.digits, .expected: job.newCode.digits, .field: "機関コード"]
                )
            )
        }
    }

    /// ⑬ only the manual's two waiting states, each with its 再開予定時刻, and face authentication
    /// working after the reboot.
    private static func checkDistribution(_ answer: StepAnswer, into result: inout Verdict) throws(SuccessionError) {
        guard let line = answer.statusLine else { throw missing("statusLine", SuccessionProcedure.step(.step13)) }
        guard let works = answer.faceAuthWorks else {
            throw missing("faceAuthWorks", SuccessionProcedure.step(.step13))
        }
        let status = DistributionStatus(line: line)
        result.verification = .typedEvidence
        result.evidence.distributionStatus = status.text
        result.evidence.resumeAt = status.resumeAt
        result.evidence.faceAuthWorks = works
        if let problem = status.problem { result.problems.append(problem) }
        if !works { result.problems.append(Problem(.jobFaceAuthFailed)) }
    }

    /// ⑭ the customer's two tests and the backup handed over. 「対象者不在のため実施不可」 is recorded
    /// as such — the step is skipped with that reason, never a yes.
    private static func checkHandover(_ answer: StepAnswer, into result: inout Verdict) throws(SuccessionError) {
        guard let handover = answer.handover else { throw missing("handover", SuccessionProcedure.step(.step14)) }
        result.evidence.handover = handover
        if handover.myNumberCard == .failed {
            result.problems.append(Problem(.jobHandoverFailed, values: [.field: "myNumberCard"]))
        }
        if handover.insuranceCard == .failed {
            result.problems.append(Problem(.jobHandoverFailed, values: [.field: "insuranceCard"]))
        }
        if !handover.backupHandedOver { result.problems.append(Problem(.jobBackupNotHandedOver)) }
        if !result.problems.containsError
            && (handover.myNumberCard == .notPossible || handover.insuranceCard == .notPossible)
        {
            result.kind = .skipped
            result.verification = .skipped
        }
    }

    /// 補足① the ユーザ設定情報 paper is the production one for the new code; the bulk
    /// registration ended 登録完了 with 処理件数 2; each account logged in.
    private static func checkRegistration(
        _ answer: StepAnswer,
        job: Job,
        into result: inout Verdict
    ) throws(SuccessionError) {
        guard let registration = answer.accountRegistration else {
            throw missing("accountRegistration", SuccessionProcedure.step(.supplement1))
        }
        result.evidence.accountRegistration = registration
        result.verification = .typedEvidence
        if !TypedInput.halfWidth(registration.environment).contains("本番環境") {
            result.problems.append(
                Problem(
                    .jobPaperMismatch,
                    values: [.field: "利用環境", .found: registration.environment, .expected: "本番環境"]
                )
            )
        }
        if MedicalInstitutionCode.read(registration.paperCode).code != job.newCode {
            result.problems.append(
                Problem(
                    .jobPaperMismatch,
                    values: [.field: "医療機関コード", .found: registration.paperCode, .expected: job.newCode.digits]
                )
            )
        }
        if let status = RegistrationStatus(label: registration.registrationStatus) {
            if let problem = status.problem {
                // 登録待ち / 登録中 are not finished yet: this step is not done until 登録完了.
                result.problems.append(Problem(problem.code, severity: .error, values: problem.values))
            }
        } else {
            result.problems.append(Problem(.registrationUnknown, values: [.found: registration.registrationStatus]))
        }
        if registration.processedCount != 2 {
            result.problems.append(Problem(.jobProcessedCount, values: [.found: String(registration.processedCount)]))
        }
        if registration.loggedIn.isEmpty {
            result.problems.append(Problem(.jobAnswerMissing, values: [.field: "loggedIn", .found: "補足①"]))
        }
        for id in registration.loggedIn {
            result.problems += UserID.identify(id).problems
        }
    }

    private static func missing(_ field: String, _ step: SuccessionStep) -> SuccessionError {
        SuccessionError(.jobAnswerMissing, values: [.field: field, .found: step.mark])
    }
}
