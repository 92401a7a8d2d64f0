/// 【工事手順⑪】 「OQSComAppRestart」実行⇒再起動: the restart batch as administrator, then the terminal
/// and the readers rebooted.
public struct RestartStep: ProcedureStep {
    public static let step = SuccessionStep(
        id: .step11,
        mark: "⑪",
        title: LocalizedText(ja: "「OQSComAppRestart」実行⇒再起動", en: "Run OQSComAppRestart, reboot"),
        kind: .manual,
        preconditions: [.step10],
        operations: LocalizedLines(
            ja: [
                "ローカルディスク(C:) > Program Files > OQS > OQSComApp > tools の順に開きます。",
                "「OQSComAppRestart」を右クリックして「管理者として実行」。",
                "オン資端末と顔認証付きカードリーダーを再起動します。",
            ],
            en: [
                "Open Local Disk (C:) > Program Files > OQS > OQSComApp > tools.",
                "Right-click OQSComAppRestart → Run as administrator.",
                "Reboot the terminal and the face-recognition card readers.",
            ]
        ),
        cautions: LocalizedLines(
            ja: ["★注意★ 実行後、画面やポップアップ等はありません（何も表示されなくて正常です）。"],
            en: ["Note: it shows no window or popup when it runs; that is normal."]
        )
    )

    private let done = Confirmation(
        id: .restarted,
        step: .step11,
        prompt: LocalizedText(
            ja: "OQSComAppRestart を管理者として実行し、端末とカードリーダーを再起動しましたか？",
            en: "Did you run OQSComAppRestart as administrator and reboot the terminal and the readers?"
        ),
        notYet: LocalizedText(
            ja: "OQSComAppRestart を「管理者として実行」し、端末とカードリーダーを再起動してから「はい」",
            en: "run OQSComAppRestart as administrator, reboot the terminal and the readers, then answer yes"
        )
    )

    public func nextQuestion(_ context: StepContext, _ answers: StepAnswers) -> JobQuestion? {
        answers.has(done.id) ? nil : done.question
    }

    public func perform(_ context: StepContext, _ answers: StepAnswers, into outcome: inout StepOutcome<NoEvidence>) {
        outcome.verification = .person
    }
}
