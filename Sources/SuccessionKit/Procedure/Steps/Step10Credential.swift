/// 【工事手順⑩】 「OQS_MEDICAL_INSTITUTION_CODE」変更: the entry is set to ⑨'s 機関コード and read back
/// where the screen shows it. The expected value is never shown: the check is that a person types
/// what the screen says. The value before is asked before the instructions to change it.
public struct SetCredentialStep: ProcedureStep {
    /// What ⑩ recorded.
    public struct Evidence: Codable, Sendable, Hashable {
        /// OQS_MEDICAL_INSTITUTION_CODE before (as stored: it may not be a valid code).
        public var credentialBefore: String?
        /// OQS_MEDICAL_INSTITUTION_CODE after (see ``credentialReadBack``).
        public var credentialAfter: String?
        /// Whether the value after was read back (typed back from the screen, or read by software).
        public var credentialReadBack: Bool?
    }

    /// The part of the terminal it works: Credential Manager.
    public static let terminalPart: TerminalPart? = .credentials

    public static let step = SuccessionStep(
        id: .step10,
        mark: "⑩",
        title: LocalizedText(ja: "「OQS_MEDICAL_INSTITUTION_CODE」変更", en: "Set OQS_MEDICAL_INSTITUTION_CODE"),
        kind: .automatic,
        preconditions: [.step9],
        operations: LocalizedLines(
            ja: [
                "画面左下の検索ボックス（虫眼鏡）に「資格情報マネージャー」と入力し、[資格情報マネージャー コントロールパネル] を起動します。",
                "[資格情報の管理] 画面で「Windows 資格情報」を選択します。",
                "[汎用資格情報] の一覧で「OQS_MEDICAL_INSTITUTION_CODE」と「OQS_LOGIN_KEY」を開き、編集する前に表示されている値を下の質問のとおり入力します。",
                "「OQS_MEDICAL_INSTITUTION_CODE」の「編集」→ 入力する箇所を左クリック → 右クリック →「貼り付け(P)」で、⑨でコピーした新医療機関コード 10 桁を貼り付けます。",
                "「保存」をクリックして完了です。",
            ],
            en: [
                "Type 資格情報マネージャー into the search box (bottom left) and open the Credential Manager control panel.",
                "Choose Windows Credentials.",
                "Under Generic Credentials open OQS_MEDICAL_INSTITUTION_CODE and OQS_LOGIN_KEY; before editing anything, type what they show as the questions below ask.",
                "OQS_MEDICAL_INSTITUTION_CODE → Edit: click the field, right-click → Paste the new 10-digit code copied in step 9.",
                "Click Save.",
            ]
        )
    )

    /// The store call's name in the journal.
    static let setting = "credentials.setInstitutionCode"

    private func target(_ job: Job) -> MedicalInstitutionCode {
        job.evidence(of: AccountsStep.self)?.institutionCodeShown ?? job.newCode
    }

    public func nextQuestion(_ context: StepContext, _ answers: StepAnswers) -> JobQuestion? {
        guard context.attended else { return nil }
        if !answers.has(.credentialBefore) {
            return JobQuestion(
                id: .credentialBefore,
                step: Self.id,
                prompt: LocalizedText(
                    ja: "まだ編集せずに、OQS_MEDICAL_INSTITUTION_CODE にいま表示されている値を入力してください（表示されない場合は「非表示」）。",
                    en:
                        "Before editing anything: type the value OQS_MEDICAL_INSTITUTION_CODE shows now (\"hidden\" when it is not shown)."
                ),
                kind: .codeOrHidden
            )
        }
        if !answers.has(.loginKeyUser) {
            return JobQuestion(
                id: .loginKeyUser,
                step: Self.id,
                prompt: LocalizedText(
                    ja: "同じ画面の「OQS_LOGIN_KEY」を開き、「ユーザー名」を表示のとおり入力してください（R0RENK01 = 医科歯科 / R1RENK01 = 薬局）。",
                    en:
                        "Open OQS_LOGIN_KEY on the same screen and type its ユーザー名 (user name) as shown (R0RENK01 = medical/dental, R1RENK01 = pharmacy)."
                ),
                kind: .text
            )
        }
        if !answers.has(.credentialAfter) {
            return JobQuestion(
                id: .credentialAfter,
                step: Self.id,
                prompt: LocalizedText(
                    ja:
                        "OQS_MEDICAL_INSTITUTION_CODE を「編集」して⑨の機関コードを貼り付け、「保存」しました。保存後に表示されている値を、表示のとおり入力してください（表示されない場合は「非表示」）。",
                    en:
                        "Now edit OQS_MEDICAL_INSTITUTION_CODE, paste step 9's code and Save. Then type the value the entry shows, as shown (\"hidden\" when it is not shown)."
                ),
                kind: .codeOrHidden
            )
        }
        return nil
    }

    public func check(
        _ answer: Answer,
        to question: JobQuestion,
        _ context: StepContext,
        _ answers: StepAnswers
    ) -> Problem? {
        switch (question.id, answer) {
        case (.credentialBefore, .code(let code)) where code == target(context.job):
            // The new value as "before" means the entry was changed already (the list was followed
            // top-down): never recorded as the value before without a word.
            return Problem(.jobCredentialChangedAlready, values: [.found: code.digits])
        case (.credentialAfter, .code(let code)) where code != target(context.job):
            return Problem(.answerMismatch, values: [.field: "OQS_MEDICAL_INSTITUTION_CODE", .found: code.digits])
        case (.loginKeyUser, .text(let text)) where AccountID.identify(text).problems.containsError:
            return AccountID.identify(text).problems.first { $0.severity == .error }
        default: return nil
        }
    }

    public func perform(
        _ context: StepContext,
        _ answers: StepAnswers,
        into outcome: inout StepOutcome<Evidence>
    ) async throws(SuccessionError) {
        let code = target(context.job)
        if context.attended {
            if case .text(let user) = answers[.loginKeyUser], let accounts = AccountSet(code: code) {
                outcome.problems += accounts.check(ids: [], loginKeyUser: user)
            }
            var before: String?
            if case .code(let value) = answers[.credentialBefore] { before = value.digits }
            guard case .code(let after) = answers[.credentialAfter] else {
                // Not shown: nothing could be read back, and the record says so.
                outcome.verification = .person
                outcome.evidence = Evidence(credentialBefore: before, credentialAfter: nil, credentialReadBack: false)
                return
            }
            outcome.verification = .typedEvidence
            outcome.evidence = Evidence(
                credentialBefore: before,
                credentialAfter: after.digits,
                credentialReadBack: true
            )
            if after != code {
                outcome.problems.append(
                    Problem(.jobCredentialMismatch, values: [.found: after.digits, .expected: code.digits])
                )
            }
            return
        }
        let store = context.terminal.credentials
        if let key = try await store.loginKey(), let accounts = AccountSet(code: code) {
            outcome.problems += accounts.check(ids: [], loginKeyUser: key.userName)
        }
        // The value before is the first intent's since ⑩ was last undone: an attempt killed after
        // the change, or repeated, never takes the new value for the value before.
        let first = context.earlierIntents(Self.setting).first
        if let first, try await store.institutionCode() == code.digits {
            // An earlier attempt's change (recorded, or reconciled after a kill) is in effect:
            // making it again would record the new value as the value before.
            outcome.evidence = Evidence(
                credentialBefore: first.before.flatMap { $0.isEmpty ? nil : $0 },
                credentialAfter: code.digits,
                credentialReadBack: true
            )
            return
        }
        let intent = try await store.prepareInstitutionCode(code)
        let change = try await context.change(.credentials, Self.setting, intent: intent) {
            intent async throws(SuccessionError) in
            let change = try await store.setInstitutionCode(code, as: intent)
            return (change, change.change)
        }
        let before: String? = if let first { first.before } else { change.before }
        outcome.evidence = Evidence(
            credentialBefore: before.flatMap { $0.isEmpty ? nil : $0 },
            credentialAfter: change.after,
            credentialReadBack: change.readBack
        )
        if MedicalInstitutionCode.read(change.after).code != code {
            outcome.problems.append(
                Problem(.jobCredentialMismatch, values: [.found: change.after, .expected: code.digits])
            )
        }
    }

    /// A value that is not ⑨'s code is put right by doing ⑨ over when ⑨ recorded the wrong code,
    /// else by editing the entry again.
    public func wayForward(after problems: [Problem], in job: Job) -> WayForward {
        problems.contains { $0.code == .jobCodeMismatch } ? .redo(.step9) : .runAgain(Self.id)
    }

    public func reportFacts(_ evidence: Evidence?, in job: Job) -> [ReportFact] {
        let label = LocalizedText(ja: "OQS_MEDICAL_INSTITUTION_CODE", en: "OQS_MEDICAL_INSTITUTION_CODE")
        guard let evidence else { return [ReportFact(label, nil as LocalizedText?)] }
        let before = evidence.credentialBefore ?? "—"
        // Not shown on the screen: nothing was read back, and the report says so.
        if evidence.credentialReadBack == false {
            return [
                ReportFact(
                    label,
                    LocalizedText(ja: "\(before) → 非表示（作業者の確認）", en: "\(before) → not shown (confirmed by a person)")
                )
            ]
        }
        return [ReportFact(label, "\(before) → \(evidence.credentialAfter ?? "—")")]
    }

    public static let messages: [ProblemCode: ProblemMessage] = [
        .jobCredentialMismatch: ProblemMessage(
            ja: {
                "OQS_MEDICAL_INSTITUTION_CODE の値 \($0[.found] ?? "") が、⑨でコピーした機関コード \($0[.expected] ?? "") と違います。編集して貼り付け直し、保存してください。"
            },
            en: {
                "OQS_MEDICAL_INSTITUTION_CODE shows \($0[.found] ?? ""), not step 9's 機関コード \($0[.expected] ?? ""). Edit it, paste again and save."
            }
        ),
        .jobCredentialChangedAlready: ProblemMessage(
            ja: {
                "\($0[.found] ?? "") は⑨の新しい機関コード、つまり変更後の値です。編集する前の値を入力してください。すでに貼り付けて保存した場合は、変更前の値が分かればそれを、分からなければ「非表示」と入力してください。"
            },
            en: {
                "\($0[.found] ?? "") is step 9's new code: the value after the change. Type the value before editing; if it was saved already, type the earlier value if you know it, else \"hidden\"."
            }
        ),
    ]
}

extension ProblemCode {
    /// ⑩ the value typed back differs from ⑨'s 機関コード. Values: found, expected.
    public static let jobCredentialMismatch = ProblemCode(rawValue: "job.credentialMismatch")
    /// ⑩ the value typed as "before" is the new code: the entry was changed already. Values: found.
    public static let jobCredentialChangedAlready = ProblemCode(rawValue: "job.credentialChangedAlready")
}
