/// 【工事手順②】 オンライン資格確認PCのログイン: a person logs on with the hearing sheet's password.
public struct LogOnStep: ProcedureStep {
    public static let step = SuccessionStep(
        id: .step2,
        mark: "②",
        title: LocalizedText(ja: "オンライン資格確認PCのログイン", en: "Log on to the terminal"),
        kind: .manual,
        preconditions: [.step1],
        operations: LocalizedLines(
            ja: [
                "端末の画面が「ログオン画面」の場合は、ヒアリングシートに記載してある Windows アカウントのパスワードを入力してログインします。",
                "変更されている場合は変更後のパスワードを入力します（デフォルトのパスワードは JPons@00369）。",
            ],
            en: [
                "If the terminal shows the logon screen, log on with the Windows password on the hearing sheet.",
                "If it was changed, use the changed one (the default is JPons@00369).",
            ]
        )
    )

    private let done = Confirmation(
        id: .loggedOn,
        step: .step2,
        prompt: LocalizedText(ja: "端末にログオンしましたか？", en: "Are you logged on to the terminal?"),
        notYet: LocalizedText(
            ja: "ヒアリングシートのパスワードでログオンしてから「はい」",
            en: "log on with the hearing sheet's password, then answer yes"
        )
    )

    public func nextQuestion(_ context: StepContext, _ answers: StepAnswers) -> JobQuestion? {
        answers.has(done.id) ? nil : done.question
    }

    public func perform(_ context: StepContext, _ answers: StepAnswers, into outcome: inout StepOutcome<NoEvidence>) {
        outcome.verification = .person
    }
}
