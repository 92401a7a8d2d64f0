/// 【補足資料②】 顔認証付きカードリーダーの医療機関名表示: the readers' waiting screen shows the right
/// facility name (else it is changed in the 設定ツール).
struct FacilityNameStep: ProcedureStep {
    let step = SuccessionStep(
        id: .supplement2,
        mark: "補足②",
        title: LocalizedText(ja: "顔認証付きカードリーダーの医療機関名表示を変更", en: "Set the facility name on the readers' screen"),
        kind: .manual,
        preconditions: [.step12],
        question: LocalizedText(
            ja: "カードリーダーの待機画面に正しい医療機関名が表示されていますか？",
            en: "Does the readers' waiting screen show the right facility name?"
        ),
        isSupplement: true,
        operations: LocalizedLines(
            ja: [
                "『Caora』の待機画面に正しい医療機関名が表示されているか確認します。",
                "変更する場合: スタート →「本人認証用カードリーダーソフト」→「設定ツール」。",
                "TOP 画面に医療機関名を入力して「登録」→ 確認ダイアログで「はい」→ 完了ダイアログで「OK」。",
                "画面左下の「閉じる」→ 確認ダイアログで「はい」。カードリーダーの画面で変更されていることを確認します。",
            ],
            en: [
                "Check that the Caora's waiting screen shows the right facility name.",
                "To change it: Start → 本人認証用カードリーダーソフト → 設定ツール (settings tool).",
                "Type the facility name on the TOP screen → 登録 → はい → OK.",
                "閉じる (bottom left) → はい. Check the reader's screen shows the new name.",
            ]
        )
    )

    static let name = JobQuestion.ID(.supplement2, "facilityName")

    func nextQuestion(_ context: StepContext, _ answers: StepAnswers) -> JobQuestion? {
        guard !answers.has(Self.name) else { return nil }
        return JobQuestion(
            id: Self.name,
            step: .supplement2,
            prompt: LocalizedText(
                ja: "カードリーダーの待機画面にいま表示されている医療機関名を入力してください。",
                en: "Type the facility name the readers' waiting screen shows now."
            ),
            kind: .text
        )
    }

    func perform(_ context: StepContext, _ answers: StepAnswers, into outcome: inout StepOutcome) {
        guard case .text(let name) = answers[Self.name] else { return }
        outcome.verification = .typedEvidence
        outcome.evidence.facilityName = name
    }
}
