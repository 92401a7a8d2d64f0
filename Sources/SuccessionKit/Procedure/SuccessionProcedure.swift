/// The 14 steps and two supplements of the succession manual, in order.
public enum SuccessionProcedure {
    public static let steps: [SuccessionStep] = [
        step(.step1, "①", "電子証明書発行通知書の確認", "Check the certificate issue notice", .automatic, []),
        step(
            .step2,
            "②",
            "オンライン資格確認PCのログイン",
            "Log on to the terminal",
            .manual,
            [.step1],
            "ヒアリングシートのパスワードで端末にログオンしましたか？",
            "Did you log on to the terminal with the hearing sheet's password?"
        ),
        step(.step3, "③", "顔認証用アカウントの紐づけを解除", "Unbind the face-auth account from each reader", .automatic, [.step2]),
        step(.step4, "④", "旧医療機関等コードの電子証明書を削除", "Remove the old code's certificate", .automatic, [.step2]),
        step(.step5, "⑤", "「初期化ツール」の実施", "Run the initialization (ReaderInfo.ini)", .automatic, [.step3]),
        step(
            .step6,
            "⑥",
            "新しい電子証明書のダウンロードとバックアップ",
            "Download and back up the new certificate",
            .automatic,
            [.step1, .step2]
        ),
        step(.step7, "⑦", "新しい「電子証明書」のインストール", "Install the new certificate", .automatic, [.step4, .step6]),
        step(.step8, "⑧", "新しい「電子証明書」のセットアップ", "Confirm the new certificate in the store", .automatic, [.step7]),
        step(
            .step9,
            "⑨",
            "管理アカウント等登録（引き継ぎ）の確認",
            "Confirm the accounts were carried over",
            .manual,
            [.step8],
            "管理アカウント（OnsKANRI）でログインできましたか？（できない場合は補足資料①へ）",
            "Could you log in with the admin account (OnsKANRI)? (If not: supplement ①)"
        ),
        step(
            .step10,
            "⑩",
            "「OQS_MEDICAL_INSTITUTION_CODE」変更",
            "Set OQS_MEDICAL_INSTITUTION_CODE",
            .automatic,
            [.step9]
        ),
        step(
            .step11,
            "⑪",
            "「OQSComAppRestart」実行⇒再起動",
            "Run OQSComAppRestart, reboot",
            .manual,
            [.step10],
            "OQSComAppRestart を管理者として実行し、端末とカードリーダーを再起動しましたか？",
            "Did you run OQSComAppRestart as administrator and reboot the terminal and the readers?"
        ),
        step(
            .step12,
            "⑫",
            "顔認証用アカウントの紐づけを設定",
            "Bind the face-auth account to each reader",
            .automatic,
            [.step5, .step11]
        ),
        step(
            .step13,
            "⑬",
            "最新バージョンのインストール",
            "Install the latest version",
            .manual,
            [.step12],
            "配信アプリで更新を適用しましたか？ 配信実績の Status= 行を入力してください。",
            "Did the distribution app apply the updates? Enter the record's Status= line."
        ),
        step(
            .step14,
            "⑭",
            "承継工事後の動作確認とお客様説明",
            "Test with the customer and explain the backup",
            .manual,
            [.step13],
            "お客様がマイナンバーカードと保険証で資格確認できましたか？ バックアップの保管を説明しましたか？",
            "Did the customer confirm eligibility with a My Number card and an insurance card, and was the backup explained?"
        ),
        step(
            .supplement1,
            "補足①",
            "各アカウントの登録",
            "Register the accounts (when not carried over)",
            .manual,
            [.step8],
            "マスタ・管理・顔認証・連携アカウントを登録し、一括登録の登録状況が「登録完了」になりましたか？",
            "Are the master, admin, face-auth and linkage accounts registered, with 登録完了 for the bulk registration?",
            supplement: true
        ),
        step(
            .supplement2,
            "補足②",
            "顔認証付きカードリーダーの医療機関名表示を変更",
            "Set the facility name on the readers' screen",
            .manual,
            [.step12],
            "カードリーダーの待機画面に正しい医療機関名が表示されていますか？",
            "Does the readers' waiting screen show the right facility name?",
            supplement: true
        ),
    ]

    /// The step with `id`.
    public static func step(_ id: SuccessionStep.ID) -> SuccessionStep {
        steps.first { $0.id == id } ?? steps[0]
    }

    private static func step(
        _ id: SuccessionStep.ID,
        _ mark: String,
        _ japanese: String,
        _ english: String,
        _ kind: SuccessionStep.Kind,
        _ preconditions: [SuccessionStep.ID],
        _ question: String? = nil,
        _ englishQuestion: String? = nil,
        supplement: Bool = false
    ) -> SuccessionStep {
        SuccessionStep(
            id: id,
            mark: mark,
            japaneseTitle: japanese,
            englishTitle: english,
            kind: kind,
            preconditions: preconditions,
            japaneseQuestion: question,
            englishQuestion: englishQuestion,
            isSupplement: supplement
        )
    }
}
