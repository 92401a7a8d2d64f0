extension MessageCatalog.Family {
    static let terminal = Self(
        name: "terminal",
        entries: [
            .terminalChangeRecord: Entry(
                ja: { _ in "端末の変更記録を読めません（別のバックエンドの記録か、記録が編集されています）。この手順は手作業で戻してください。" },
                en: { _ in
                    "The terminal's record of a change cannot be read (another backend's, or edited). Undo this step by hand."
                }
            ),
            .terminalInstallOption: Entry(
                ja: { "インポートのオプション（\($0[.field] ?? "")）がマニュアルの設定と違います。⑦の設定でインストールし直してください。" },
                en: {
                    "An import option (\($0[.field] ?? "")) differs from the manual's; reinstall with step ⑦'s settings."
                }
            ),
            .terminalNoSuchCertificate: Entry(
                ja: { "個人ストアに指紋 \($0[.found] ?? "") の証明書はありません。" },
                en: { "The personal store has no certificate with fingerprint \($0[.found] ?? "")." }
            ),
            .terminalNoNewCertificate: Entry(
                ja: { "個人ストアに新しいコード \($0[.expected] ?? "") の証明書がありません。⑦で新しい証明書をインストールしてください。" },
                en: {
                    "The personal store has no certificate for the new code \($0[.expected] ?? ""). Install it (step ⑦)."
                }
            ),
            .terminalLeftoverCertificate: Entry(
                ja: { "旧コード \($0[.found] ?? "") の証明書が個人ストアに残っています。④で削除してください（アーカイブに保管されます）。" },
                en: {
                    "A certificate for the old code \($0[.found] ?? "") is still in the personal store. Remove it (step ④; it is archived)."
                }
            ),
            .terminalCredentialCode: Entry(
                ja: {
                    "OQS_MEDICAL_INSTITUTION_CODE が \($0[.found] ?? "（空）") です。新しいコード \($0[.expected] ?? "") に変更してください（⑩）。"
                },
                en: {
                    "OQS_MEDICAL_INSTITUTION_CODE is \($0[.found] ?? "(empty)"). Set it to the new code \($0[.expected] ?? "") (step ⑩)."
                }
            ),
            .terminalMissingCredential: Entry(
                ja: { "資格情報 \($0[.field] ?? "") がありません。端末のセットアップを確認してください。" },
                en: { "The credential \($0[.field] ?? "") does not exist. Check the terminal's setup." }
            ),
            .readerNotBound: Entry(
                ja: { "カードリーダー \($0[.found] ?? "") が紐づけされていません（接続中ではありません）。⑫で紐づけてください。" },
                en: { "Card reader \($0[.found] ?? "") is not bound (not 接続中). Bind it (step ⑫)." }
            ),
            .readerNone: Entry(
                ja: { _ in "カードリーダーが1台も登録されていません。接続と紐づけを確認してください。" },
                en: { _ in "No card reader is known on this terminal. Check the connection and binding." }
            ),
            .readerConnected: Entry(
                ja: { "カードリーダー \($0[.found] ?? "") は接続中のため撤去できません。電源を切り USB ケーブルを外して「未接続」にしてから撤去してください。" },
                en: {
                    "Card reader \($0[.found] ?? "") is connected and cannot be removed. Power it off and unplug it until it shows 未接続."
                }
            ),
            .readerUnknown: Entry(
                ja: { "シリアル番号 \($0[.found] ?? "") のカードリーダーはありません。背面シールの SER. No. を確認してください。" },
                en: { "No card reader has serial \($0[.found] ?? ""). Check the SER. No. on its sticker." }
            ),
            .readerNotPluggedIn: Entry(
                ja: { "カードリーダー \($0[.found] ?? "") が接続されていません。電源と USB ケーブルを確認し、10秒ほど待って「最新の情報に更新」してください。" },
                en: {
                    "Card reader \($0[.found] ?? "") is not plugged in. Check power and USB, wait about 10 seconds and refresh."
                }
            ),
            .readerNotConnectedAfterAdd: Entry(
                ja: { "登録後もカードリーダー \($0[.found] ?? "") が「接続中」になりません。再起動して確認してください。" },
                en: { "After adding, card reader \($0[.found] ?? "") is not 接続中. Restart it and check." }
            ),
            .readerLoginName: Entry(
                ja: { "ログイン名「\($0[.found] ?? "")」は顔認証アカウント（F0FACE01）ではありません。" },
                en: { "The login name '\($0[.found] ?? "")' is not the face-auth account (F0FACE01)." }
            ),
            .readerPassword: Entry(
                ja: { _ in "顔認証アカウントのパスワードが空です。" },
                en: { _ in "The face-auth account's password is empty." }
            ),
            .readerSeveralUnbound: Entry(
                ja: { "初期化すると接続中の\($0[.count] ?? "?")台すべてのカードリーダーの紐づけが解除されます。各台の SER. No. を控え、あとで全台を紐づけ直してください。" },
                en: {
                    "Initializing unbinds all \($0[.count] ?? "?") card readers. Note each SER. No.; every one must be bound again afterwards."
                }
            ),
            .readerConfirmationNeeded: Entry(
                ja: { "\($0[.count] ?? "?")台の紐づけが解除されます。すべてのシリアル番号を控え、解除してよいことを確認してから実行してください。" },
                en: {
                    "\($0[.count] ?? "?") readers would be unbound: note every serial number and confirm before going on."
                }
            ),
            .terminalStateDamaged: Entry(
                ja: { "端末の状態ファイル「\($0[.path] ?? "")」が読めません。アーカイブから復元してください。" },
                en: { "The terminal state file '\($0[.path] ?? "")' cannot be read. Restore it from the archive." }
            ),
            .archiveUnknownEntry: Entry(
                ja: { "アーカイブに「\($0[.found] ?? "")」はありません。アーカイブの一覧で確認してください。" },
                en: { "The archive has no entry '\($0[.found] ?? "")'. See the archive's list." }
            ),
            .archiveDamaged: Entry(
                ja: { "アーカイブの「\($0[.found] ?? "")」が記録と一致しません。復元しませんでした。" },
                en: { "The archived '\($0[.found] ?? "")' no longer matches its record; nothing was restored." }
            ),
            .attendedByPerson: Entry(
                ja: { "実端末では「\($0[.field] ?? "")」の操作は作業者が画面で行います（このツールは操作しません）。" },
                en: { "On a real terminal a person works '\($0[.field] ?? "")' on the screen; this tool does not." }
            ),
            .attendedScript: Entry(
                ja: { "回答ファイル「\($0[.path] ?? "")」を JSON として読めません。質問 ID から回答への JSON オブジェクトにしてください。" },
                en: {
                    "Cannot read the answer script (\($0[.reason] ?? "")); it must be a JSON object from question id to answer."
                }
            ),
            .attendedUndoByHand: Entry(
                ja: {
                    "実端末では手順 \($0[.field] ?? "") は作業者が画面で元に戻します（マニュアルの操作を逆にたどってください）。済んだと確かめられると、この手順と後の手順が未実施に戻り、もう一度入力できます。"
                },
                en: {
                    "On a real terminal a person undoes step \($0[.field] ?? "") on the screen (the manual's operations backwards). Once that is confirmed, this step and the ones after it reopen for new answers."
                }
            ),
            .archiveOutsideRoot: Entry(
                ja: {
                    "アーカイブの「\($0[.path] ?? "")」は端末フォルダの外を指しています（..・絶対パス・シンボリックリンク）。何も書き込んでいません。アーカイブが改変されていないか確認してください。"
                },
                en: {
                    "The archive's '\($0[.path] ?? "")' leads outside the terminal folder (.., an absolute path, a symbolic link). Nothing was written; check that the archive was not tampered with."
                }
            ),
        ]
    )
}
