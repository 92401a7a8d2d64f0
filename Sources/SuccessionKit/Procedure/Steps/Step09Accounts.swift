/// 【工事手順⑨】 管理アカウント等登録（引き継ぎ）の確認: the admin account logs in (else supplement ①
/// first, then ⑨ again), and the 10-digit 機関コード shown is the new code — the manual's own
/// cross-check before it is pasted into ⑩. The branch to 補足① is confirmed before it is taken,
/// and can be taken back (`job redo 9`, the page's 「⑨に戻る」) while ⑨ or 補足① is in progress.
public struct AccountsStep: ProcedureStep {
    /// What ⑨ recorded.
    public struct Evidence: Codable, Sendable, Hashable {
        /// Whether the admin account could log in (the accounts carried over).
        public var accountsCarriedOver: Bool?
        /// The 機関コード shown on アカウント管理更新.
        public var institutionCodeShown: MedicalInstitutionCode?
    }

    public static let step = SuccessionStep(
        id: .step9,
        mark: "⑨",
        title: LocalizedText(ja: "管理アカウント等登録（引き継ぎ）の確認", en: "Confirm the accounts were carried over"),
        kind: .manual,
        preconditions: [.step8],
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

    /// After its branch (the admin account could not log in), 補足① comes first.
    public func preconditions(in job: Job) -> [SuccessionStep.ID] {
        Self.step.preconditions + (job.hasBranched(Self.id) ? [.supplement1] : [])
    }

    private static let login = AnswerKind.choice([
        Choice("yes", LocalizedText(ja: "はい（ログインできた）", en: "yes (logged in)"), words: Choice.yes.words + ["はい"]),
        Choice("no", LocalizedText(ja: "いいえ（ログインできない）", en: "no (cannot log in)"), words: Choice.no.words + ["いいえ"]),
    ])

    public func nextQuestion(_ context: StepContext, _ answers: StepAnswers) -> JobQuestion? {
        let loginQuestion = JobQuestion(
            id: .adminLogin,
            step: Self.id,
            prompt: LocalizedText(
                ja: "管理アカウント（OnsKANRI）でログインできましたか？",
                en: "Could you log in with the admin account (OnsKANRI)?"
            ),
            kind: Self.login
        )
        guard let login = answers.choice(.adminLogin) else { return loginQuestion }
        if login == "no" {
            // A branch to the whole re-registration is confirmed first: one mis-tap never opens it.
            guard answers.answered(.adminLoginConfirmed, after: .adminLogin) else {
                return JobQuestion(
                    id: .adminLoginConfirmed,
                    step: Self.id,
                    prompt: LocalizedText(
                        ja: "ログインできない場合は、補足資料①で各アカウントを登録し直します（時間がかかります）。変更後のパスワードも試しましたか？",
                        en:
                            "When the login fails, every account is registered again (supplement ①, which takes a while). Did you also try the changed password?"
                    ),
                    kind: .choice([
                        Choice(
                            "supplement",
                            LocalizedText(ja: "はい、試してもできない（補足資料①へ）", en: "yes, it still fails (supplement ①)"),
                            words: ["はい", "yes", "y"]
                        ),
                        Choice(
                            "back",
                            LocalizedText(ja: "戻る（もう一度ログインを試す）", en: "back (try the login again)"),
                            words: ["戻る", "back", "いいえ", "no", "n"]
                        ),
                    ])
                )
            }
            return answers.choice(.adminLoginConfirmed) == "back" ? loginQuestion : nil
        }
        guard !answers.has(.institutionCode) else { return nil }
        return JobQuestion(
            id: .institutionCode,
            step: Self.id,
            prompt: LocalizedText(
                ja: "「アカウント管理更新」に表示された「機関コード」10 桁を、表示のとおり入力してください（コピーしたものの貼り付けでも可）。",
                en: "Type the 10-digit 機関コード shown on アカウント管理更新, as shown (or paste the copied one)."
            ),
            kind: .code
        )
    }

    public func check(
        _ answer: Answer,
        to question: JobQuestion,
        _ context: StepContext,
        _ answers: StepAnswers
    ) -> Problem? {
        guard question.id == .institutionCode, case .code(let code) = answer, code != context.job.newCode else {
            return nil
        }
        // The old code shown is asked again saying what it is; typed again, it is the finding
        // that the system still shows the old facility.
        if code == context.job.oldCode {
            return Problem(
                .answerOldValue,
                values: [.field: "機関コード", .found: code.digits, .detail: "承継前の旧コード"]
            )
        }
        return Problem(.answerMismatch, values: [.field: "機関コード", .found: code.digits])
    }

    public func perform(_ context: StepContext, _ answers: StepAnswers, into outcome: inout StepOutcome<Evidence>) {
        guard answers.choice(.adminLogin) == "yes" else {
            // Not carried over (after trying a changed admin password): supplement ① first, then
            // ⑨ again 【工事手順⑨】.
            outcome.branched = true
            outcome.evidence = Evidence(accountsCarriedOver: false, institutionCodeShown: nil)
            outcome.problems.append(Problem(.jobAccountsNotCarriedOver, severity: .warning))
            return
        }
        outcome.verification = .typedEvidence
        guard case .code(let code) = answers[.institutionCode] else { return }
        outcome.evidence = Evidence(accountsCarriedOver: true, institutionCodeShown: code)
        if code != context.job.newCode {
            outcome.problems.append(
                Problem(
                    .jobCodeMismatch,
                    values: [.found: code.digits, .expected: context.job.newCode.digits, .field: "機関コード"]
                )
            )
        }
    }

    public static let messages: [ProblemCode: ProblemMessage] = [
        .jobCodeMismatch: ProblemMessage(
            ja: {
                "\($0[.field] ?? "コード")に表示されたコード \($0[.found] ?? "") が、このジョブの新しいコード \($0[.expected] ?? "") と違います。ログインしている医療機関と通知書を確認してください。ジョブを止めます。"
            },
            en: {
                "The \($0[.field] ?? "code") shown, \($0[.found] ?? ""), differs from this job's new code \($0[.expected] ?? ""). Check which facility is logged in and the notice. The job stops here."
            }
        ),
        .jobAccountsNotCarriedOver: ProblemMessage(
            ja: { _ in "管理アカウントでログインできません: 補足資料①で各アカウントを登録してから、⑨のログインをやり直します（補足①の途中でも、⑨をやり直せば⑨の質問に戻れます）。" },
            en: { _ in
                "The admin account cannot log in: register the accounts (supplement 1), then log in again (step 9). While supplement 1 is in progress, doing step 9 over goes back to its question."
            }
        ),
    ]
}

extension ProblemCode {
    /// A typed code differs from the job's new code. Values: found, expected, field.
    public static let jobCodeMismatch = ProblemCode(rawValue: "job.codeMismatch")
    /// ⑨ could not log in: supplement ① first (after trying the changed admin password).
    public static let jobAccountsNotCarriedOver = ProblemCode(rawValue: "job.accountsNotCarriedOver")
}
