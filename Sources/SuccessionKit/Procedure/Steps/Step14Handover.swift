/// 【工事手順⑭】 承継工事後の動作確認とお客様説明: the customer's two tests and the backup explained.
/// 「対象者不在のため実施不可」 is recorded as such: the step is skipped with that reason, never a yes.
struct HandoverStep: ProcedureStep {
    let step = SuccessionStep(
        id: .step14,
        mark: "⑭",
        title: LocalizedText(ja: "承継工事後の動作確認とお客様説明", en: "Test with the customer and explain the backup"),
        kind: .manual,
        preconditions: [.step13],
        question: LocalizedText(
            ja: "お客様がマイナンバーカードと保険証で資格確認できましたか？ バックアップの保管を説明しましたか？",
            en:
                "Did the customer confirm eligibility with a My Number card and an insurance card, and was the backup explained?"
        ),
        operations: LocalizedLines(
            ja: [
                "① マイナンバーカードを用いた顔認証試験（お客様側で実施）: 顔認証付きカードリーダーにお客様のマイナンバーカードをかざし、認証とレセコン側での資格情報の読み込みを確認します。",
                "② 保険証情報でのレセコン連携試験（お客様側で実施）: レセコン側から保険証情報で資格確認が行えるか確認します。",
                "マイナンバーカードを保有している方がいなければ①は実施不可です。",
                "作成した「電子証明書バックアップ」の説明: デスクトップの「NTT東オン資端末_電子証明書」フォルダをお客様の USB メモリ等の外部記録媒体に保管するようお願いします。",
                "バックアップした証明書はパソコンが故障した際など新しいパソコンにインストールする必要があります。無くした場合は再度「電子証明書発行」の申請が必要になり、発行手数料が発生します。",
            ],
            en: [
                "1. Face authentication with a My Number card (done by the customer): hold the customer's card to the reader; check the authentication and that the レセコン reads the eligibility.",
                "2. Insurance-card test through the レセコン (done by the customer): check eligibility from the レセコン with insurance-card data.",
                "Without anyone holding a My Number card, test 1 is not possible.",
                "Explain the certificate backup: the desktop folder 「NTT東オン資端末_電子証明書」 is kept on the customer's USB memory or other external media.",
                "It is needed to set up a new PC when this one fails; a lost backup means a new certificate application, with a fee.",
            ]
        )
    )

    static let myNumberCard = JobQuestion.ID(.step14, "myNumberCard")
    static let insuranceCard = JobQuestion.ID(.step14, "insuranceCard")
    static let backup = JobQuestion.ID(.step14, "backup")

    private static let outcomes = AnswerKind.choice([
        Choice("passed", LocalizedText(ja: "確認できた", en: "passed"), words: Choice.yes.words + ["はい", "passed"]),
        Choice("failed", LocalizedText(ja: "できなかった", en: "failed"), words: Choice.no.words + ["いいえ", "ng"]),
        Choice(
            "notPossible",
            LocalizedText(ja: "対象者不在のため実施不可", en: "not possible (no card holder present)"),
            words: ["不可", "実施不可", "対象者不在", "na", "n/a"]
        ),
    ])

    func nextQuestion(_ context: StepContext, _ answers: StepAnswers) -> JobQuestion? {
        answers.firstUnanswered([
            JobQuestion(
                id: Self.myNumberCard,
                step: .step14,
                prompt: LocalizedText(
                    ja: "① マイナンバーカードでの顔認証試験の結果は？",
                    en: "Test 1, face authentication with a My Number card:"
                ),
                kind: Self.outcomes
            ),
            JobQuestion(
                id: Self.insuranceCard,
                step: .step14,
                prompt: LocalizedText(
                    ja: "② 保険証でのレセコン連携試験の結果は？",
                    en: "Test 2, eligibility with an insurance card through the レセコン:"
                ),
                kind: Self.outcomes
            ),
            JobQuestion(
                id: Self.backup,
                step: .step14,
                prompt: LocalizedText(
                    ja: "バックアップ（NTT東オン資端末_電子証明書）をお客様の USB メモリ等に保管し、説明しましたか？",
                    en: "Is the backup (NTT東オン資端末_電子証明書) on the customer's USB memory, and explained?"
                ),
                kind: .choice([.yes, .no])
            ),
        ])
    }

    func perform(_ context: StepContext, _ answers: StepAnswers, into outcome: inout StepOutcome) {
        func outcomeOf(_ id: JobQuestion.ID) -> Handover.TestResult {
            Handover.TestResult(rawValue: answers.choice(id) ?? "") ?? .failed
        }
        let handover = Handover(
            myNumberCard: outcomeOf(Self.myNumberCard),
            insuranceCard: outcomeOf(Self.insuranceCard),
            backupHandedOver: answers.choice(Self.backup) == "yes"
        )
        outcome.verification = .person
        outcome.evidence.handover = handover
        if handover.myNumberCard == .failed {
            outcome.problems.append(Problem(.jobHandoverFailed, values: [.field: "myNumberCard"]))
        }
        if handover.insuranceCard == .failed {
            outcome.problems.append(Problem(.jobHandoverFailed, values: [.field: "insuranceCard"]))
        }
        if !handover.backupHandedOver { outcome.problems.append(Problem(.jobBackupNotHandedOver)) }
        if !outcome.problems.containsError
            && (handover.myNumberCard == .notPossible || handover.insuranceCard == .notPossible)
        {
            outcome.skipReason = Handover.TestResult.notPossible.words(.japanese)
        }
    }
}
