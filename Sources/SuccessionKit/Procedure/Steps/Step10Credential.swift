/// 【工事手順⑩】 「OQS_MEDICAL_INSTITUTION_CODE」変更: the entry is set to ⑨'s 機関コード and read back
/// where the screen shows it. The expected value is never shown: the check is that a person types
/// what the screen says.
struct SetCredentialStep: ProcedureStep {
    let step = SuccessionStep(
        id: .step10,
        mark: "⑩",
        title: LocalizedText(ja: "「OQS_MEDICAL_INSTITUTION_CODE」変更", en: "Set OQS_MEDICAL_INSTITUTION_CODE"),
        kind: .automatic,
        preconditions: [.step9],
        operations: LocalizedLines(
            ja: [
                "画面左下の検索ボックス（虫眼鏡）に「資格情報マネージャー」と入力し、[資格情報マネージャー コントロールパネル] を起動します。",
                "[資格情報の管理] 画面で「Windows 資格情報」を選択します。",
                "[汎用資格情報] の一覧で「OQS_MEDICAL_INSTITUTION_CODE」を選択し「編集」。",
                "入力する箇所を左クリック → 右クリック →「貼り付け(P)」で、⑨でコピーした新医療機関コード 10 桁を貼り付けます。",
                "「保存」をクリックして完了です。",
            ],
            en: [
                "Type 資格情報マネージャー into the search box (bottom left) and open the Credential Manager control panel.",
                "Choose Windows Credentials.",
                "Under Generic Credentials select OQS_MEDICAL_INSTITUTION_CODE → Edit.",
                "Click the field, right-click → Paste the new 10-digit code copied in step 9.",
                "Click Save.",
            ]
        )
    )

    static let before = JobQuestion.ID(.step10, "before")
    static let loginKey = JobQuestion.ID(.step10, "loginKeyUser")
    static let after = JobQuestion.ID(.step10, "after")

    private func target(_ job: Job) -> MedicalInstitutionCode {
        job.evidence(of: .step9).institutionCodeShown.flatMap { MedicalInstitutionCode.read($0).code } ?? job.newCode
    }

    func nextQuestion(_ context: StepContext, _ answers: StepAnswers) -> JobQuestion? {
        guard context.attended else { return nil }
        if !answers.has(Self.loginKey) {
            return JobQuestion(
                id: Self.loginKey,
                step: .step10,
                prompt: LocalizedText(
                    ja: "同じ画面の「OQS_LOGIN_KEY」を開き、「ユーザー名」を表示のとおり入力してください（R0RENK01 = 医科歯科 / R1RENK01 = 薬局）。",
                    en:
                        "Open OQS_LOGIN_KEY on the same screen and type its ユーザー名 (user name) as shown (R0RENK01 = medical/dental, R1RENK01 = pharmacy)."
                ),
                kind: .text
            )
        }
        if !answers.has(Self.before) {
            return JobQuestion(
                id: Self.before,
                step: .step10,
                prompt: LocalizedText(
                    ja: "編集する前に OQS_MEDICAL_INSTITUTION_CODE に表示されている値を入力してください（表示されない場合は「非表示」）。",
                    en:
                        "Before editing: type the value OQS_MEDICAL_INSTITUTION_CODE shows (\"hidden\" when it is not shown)."
                ),
                kind: .codeOrHidden
            )
        }
        if !answers.has(Self.after) {
            return JobQuestion(
                id: Self.after,
                step: .step10,
                prompt: LocalizedText(
                    ja: "「保存」した後に表示されている値を、表示のとおり入力してください（表示されない場合は「非表示」）。",
                    en: "After Save: type the value the entry shows, as shown (\"hidden\" when it is not shown)."
                ),
                kind: .codeOrHidden
            )
        }
        return nil
    }

    func check(_ answer: Answer, to question: JobQuestion, _ context: StepContext, _ answers: StepAnswers) -> Problem? {
        switch (question.id, answer) {
        case (Self.after, .code(let code)) where code != target(context.job):
            return Problem(.answerMismatch, values: [.field: "OQS_MEDICAL_INSTITUTION_CODE", .found: code.digits])
        case (Self.loginKey, .text(let text)) where AccountID.identify(text).problems.containsError:
            return AccountID.identify(text).problems.first { $0.severity == .error }
        default: return nil
        }
    }

    func perform(
        _ context: StepContext,
        _ answers: StepAnswers,
        into outcome: inout StepOutcome
    ) throws(SuccessionError) {
        let code = target(context.job)
        if context.attended {
            if case .text(let user) = answers[Self.loginKey], let accounts = AccountSet(code: code) {
                outcome.problems += accounts.check(ids: [], loginKeyUser: user)
            }
            if case .code(let before) = answers[Self.before] { outcome.evidence.credentialBefore = before.digits }
            guard case .code(let after) = answers[Self.after] else {
                // Not shown: nothing could be read back, and the record says so.
                outcome.verification = .person
                outcome.evidence.credentialReadBack = false
                return
            }
            outcome.verification = .typedEvidence
            outcome.evidence.credentialAfter = after.digits
            outcome.evidence.credentialReadBack = true
            if after != code {
                outcome.problems.append(
                    Problem(.jobCredentialMismatch, values: [.found: after.digits, .expected: code.digits])
                )
            }
            return
        }
        let credentials = context.terminal.credentials
        if let key = try credentials.loginKey(), let accounts = AccountSet(code: code) {
            outcome.problems += accounts.check(ids: [], loginKeyUser: key.userName)
        }
        // The value before is journaled first: a run killed after the change still reports it,
        // and undo still finds the change.
        // Since ⑩ was last reverted, the first value before it changed anything (an intent of a
        // killed attempt, or a record a reopen left standing) is the value before.
        let job = context.job
        let since = job.events.lastIndex { $0.step == .step10 && $0.kind == .undone }.map { $0 + 1 } ?? 0
        let earlier = job.events[since...].first { $0.step == .step10 && $0.evidence.credentialBefore != nil }?
            .evidence.credentialBefore
        if earlier == nil {
            var intent = StepEvidence()
            intent.credentialBefore = try credentials.institutionCode() ?? ""
            try context.journalIntent(.step10, evidence: intent)
        }
        let change = try credentials.setInstitutionCode(code)
        try context.changed(.step10, .credentials, change.change)
        outcome.evidence.credentialBefore = earlier.flatMap { $0.isEmpty ? nil : $0 } ?? change.before
        outcome.evidence.credentialAfter = change.after
        outcome.evidence.credentialReadBack = change.readBack
        if MedicalInstitutionCode.read(change.after).code != code {
            outcome.problems.append(
                Problem(.jobCredentialMismatch, values: [.found: change.after, .expected: code.digits])
            )
        }
    }
}
