/// 【工事手順⑨】 管理アカウント等登録（引き継ぎ）の確認: the admin account logs in (else supplement ①
/// first, then ⑨ again), and the 10-digit 機関コード shown is the new code — the manual's own
/// cross-check before it is pasted into ⑩.
struct AccountsStep: ProcedureStep {
    let step = SuccessionStep(
        id: .step9,
        mark: "⑨",
        title: LocalizedText(ja: "管理アカウント等登録（引き継ぎ）の確認", en: "Confirm the accounts were carried over"),
        kind: .manual,
        preconditions: [.step8],
        question: LocalizedText(
            ja: "管理アカウント（OnsKANRI）でログインできましたか？（できない場合は補足資料①へ）",
            en: "Could you log in with the admin account (OnsKANRI)? (If not: supplement ①)"
        ),
        operations: LocalizedLines(
            ja: [
                "オンライン資格確認等システムを起動 → 認証用の証明書を選択 →「システムの利用を始める」。",
                "「管理アカウント」でログイン: ユーザID OnsKANRI、パスワード OnsAdmin@00369（変更している場合は変更後のパスワード）。",
                "ログインできれば各アカウントは引き継がれています。",
                "「アカウント管理更新（登録）」をクリックし、「機関コード」（医療機関コード）の数字 10 桁をコピーします。",
                "「ログアウト」して × で閉じます。",
            ],
            en: [
                "Start the オンライン資格確認等システム → choose the authentication certificate → システムの利用を始める.",
                "Log in as the admin account: user ID OnsKANRI, password OnsAdmin@00369 (or its changed password).",
                "If the login works, the accounts were carried over.",
                "Click アカウント管理更新（登録） and copy the 10 digits of 機関コード (the institution code).",
                "Log out and close the window.",
            ]
        ),
        cautions: LocalizedLines(
            ja: ["パスワードを変更していないのにログインできない場合は、承継時にアカウントを引き継ぐ申請がされていません: 補足資料①で各アカウントを登録します。"],
            en: [
                "If the password was never changed and the login still fails, the accounts were not carried over: register them (supplement ①)."
            ]
        )
    )

    static let login = JobQuestion.ID(.step9, "login")
    static let code = JobQuestion.ID(.step9, "code")

    func nextQuestion(_ context: StepContext, _ answers: StepAnswers) -> JobQuestion? {
        guard let login = answers.choice(Self.login) else {
            return JobQuestion(
                id: Self.login,
                step: .step9,
                prompt: LocalizedText(
                    ja: "管理アカウント（OnsKANRI）でログインできましたか？",
                    en: "Could you log in with the admin account (OnsKANRI)?"
                ),
                kind: .choice([
                    Choice(
                        "yes",
                        LocalizedText(ja: "はい（ログインできた）", en: "yes (logged in)"),
                        words: Choice.yes.words + ["はい"]
                    ),
                    Choice(
                        "no",
                        LocalizedText(ja: "いいえ（補足資料①へ）", en: "no (supplement ①)"),
                        words: Choice.no.words + ["いいえ"]
                    ),
                ])
            )
        }
        guard login == "yes", !answers.has(Self.code) else { return nil }
        return JobQuestion(
            id: Self.code,
            step: .step9,
            prompt: LocalizedText(
                ja: "「アカウント管理更新」に表示された「機関コード」10 桁を、表示のとおり入力してください（コピーしたものの貼り付けでも可）。",
                en: "Type the 10-digit 機関コード shown on アカウント管理更新, as shown (or paste the copied one)."
            ),
            kind: .code
        )
    }

    func check(_ answer: Answer, to question: JobQuestion, _ context: StepContext, _ answers: StepAnswers) -> Problem? {
        guard question.id == Self.code, case .code(let code) = answer else { return nil }
        // The old code shown is a finding (the system still on the old facility), not a typo.
        if code == context.job.newCode || code == context.job.oldCode { return nil }
        return Problem(.answerMismatch, values: [.field: "機関コード", .found: code.digits])
    }

    func perform(_ context: StepContext, _ answers: StepAnswers, into outcome: inout StepOutcome) {
        guard answers.choice(Self.login) == "yes" else {
            // Not carried over (after trying a changed admin password): supplement ① first, then
            // ⑨ again 【工事手順⑨】.
            outcome.branched = true
            outcome.evidence.accountsCarriedOver = false
            outcome.problems.append(Problem(.jobAccountsNotCarriedOver, severity: .warning))
            return
        }
        outcome.verification = .typedEvidence
        outcome.evidence.accountsCarriedOver = true
        outcome.evidence.answer = "yes"
        guard case .code(let code) = answers[Self.code] else { return }
        outcome.evidence.institutionCodeShown = code.digits
        if code != context.job.newCode {
            outcome.problems.append(
                Problem(
                    .jobCodeMismatch,
                    values: [.found: code.digits, .expected: context.job.newCode.digits, .field: "機関コード"]
                )
            )
        }
    }
}
