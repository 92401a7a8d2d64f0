/// The manual's own instructions for each GUI operation, in Japanese (as printed) and English.
enum AttendedInstructions {
    static let readersList = LocalizedLines(
        ja: [
            "【工事手順③】 Caora 本体の背面の電源スイッチを長押しして電源を切ります。",
            "背面のシール「SER. No. (DEV. ID.)」の番号をメモし、USB ケーブルを外します。",
            "スタート →「本人認証用カードリーダーソフト」→「ログイン名管理ツール」を開きます。",
        ],
        en: [
            "[Step 3] Hold the power switch on the back of each Caora to turn it off.",
            "Note the number on the sticker \"SER. No. (DEV. ID.)\", then unplug its USB cable.",
            "Start → 本人認証用カードリーダーソフト → ログイン名管理ツール (login-name management tool).",
        ]
    )
    static let readersListPrompt = LocalizedLines(
        ja: ["ツールに表示されているカードリーダーを 1 台 1 行で「シリアルNo. 状態」と入力してください（例: CAORA-000101 未接続）。無ければ「なし」。"],
        en: [
            "Type each reader the tool lists, one per line, as \"serial state\" (e.g. CAORA-000101 未接続). None: \"none\"."
        ]
    )
    static let readerRemove = LocalizedLines(
        ja: [
            "【工事手順③】 撤去するシリアル番号が「未接続」であることを確認してから「撤去」をクリックし、確認ダイアログで「はい」。",
            "最後に「閉じる」→ 確認ダイアログで「はい」。",
        ],
        en: [
            "[Step 3] Check that the serial shows 未接続 (not connected), then click 撤去 (remove) and はい (yes).",
            "Finally click 閉じる (close) and はい.",
        ]
    )
    static let readerRemovePrompt = LocalizedLines(
        ja: ["撤去する前にこのリーダーに表示されていた状態を入力してください（未接続 / 接続中）。"],
        en: ["Type the state this reader showed before 撤去 (未接続 / 接続中)."]
    )
    static let readersInitialize = LocalizedLines(
        ja: [
            "【工事手順⑤】 エクスプローラーで PC > ローカルディスク(C:) > Work を開き、InitializeFace.bat をダブルクリックします（C:\\Work\\InitializeFace.bat）。",
            "「1」を入力して Enter。「初期化完了」が表示されたら Enter で終了します。",
            "ツールが見当たらない・うまくいかない場合のみ、C:\\ProgramData\\OQS-Auth\\ReaderInfo.ini を削除します。",
            "どちらの場合も、接続されている全てのカードリーダーの紐づけが解除されます（⑫で全台を再設定）。",
        ],
        en: [
            "[Step 5] In Explorer open PC > Local Disk (C:) > Work and double-click InitializeFace.bat (C:\\Work\\InitializeFace.bat).",
            "Type 1 and Enter; when 初期化完了 (done) shows, press Enter to close it.",
            "Only when the tool is missing or fails: delete C:\\ProgramData\\OQS-Auth\\ReaderInfo.ini by hand.",
            "Either way every reader connected to this terminal loses its binding (bind each again in step 12).",
        ]
    )
    static let readersInitializePrompt = LocalizedLines(
        ja: ["行ったものを入力してください: 1 = InitializeFace.bat で初期化完了 / 2 = ReaderInfo.ini を削除"],
        en: ["Type what was done: 1 = InitializeFace.bat finished / 2 = ReaderInfo.ini deleted"]
    )
    static let readerAdd = LocalizedLines(
        ja: [
            "【工事手順⑫】 Caora の電源ケーブルと USB ケーブルを接続し、背面の電源ボタンを 2 秒押します（サービス起動中画面）。",
            "スタート →「本人認証用カードリーダーソフト」→「ログイン名管理ツール」。初回は利用許諾で「同意する」。",
            "「どのログイン名にも登録されていないCaoraがN台接続されています」→「新規追加」。",
            "ログイン名（顔認証アカウント）とパスワードを入力し、シリアルNo. を選んで「登録」。",
            "状態が「接続中」であることを確認して「閉じる」→「はい」。",
        ],
        en: [
            "[Step 12] Connect the Caora's power and USB cables and hold its power button for 2 seconds.",
            "Start → 本人認証用カードリーダーソフト → ログイン名管理ツール; the first time, accept the licence (同意する).",
            "\"どのログイン名にも登録されていないCaoraがN台接続されています\" → 新規追加 (add).",
            "Enter the login name (the face-auth account) and its password, choose the serial, click 登録 (register).",
            "Check that the state shows 接続中 (connected), then 閉じる and はい.",
        ]
    )
    static let readerAddPrompt = LocalizedLines(
        ja: ["登録後にこのリーダーに表示されている状態を入力してください（接続中 / 未接続）。"],
        en: ["Type the state this reader shows after 登録 (接続中 / 未接続)."]
    )
    static let certificatesList = LocalizedLines(
        ja: [
            "【工事手順④⑧】 Edge → 右上の「・・・」→「設定」→「プライバシー、検索、サービス」→「証明書の管理」→「個人」タブ。",
            "発行者が「Online Billing NW Common Root CA」の証明書を、それぞれ開いて（表示 → 詳細）確認します。",
        ],
        en: [
            "[Steps 4, 8] Edge → ··· → Settings → Privacy, search, and services → Manage certificates → Personal.",
            "Open each certificate issued by \"Online Billing NW Common Root CA\" (View → Details).",
        ]
    )
    static let certificatesListPrompt = LocalizedLines(
        ja: ["1 枚 1 行で「発行先 有効期限 拇印（先頭 8 桁以上）」を表示のとおり入力してください（例: 1310110049 2030/02/27 1a2b3c4d）。無ければ「なし」。"],
        en: [
            "One per line, as shown: \"issued-to valid-until thumbprint (first 8+ hex digits)\" (e.g. 1310110049 2030/02/27 1a2b3c4d). None: \"none\"."
        ]
    )
    static let certificateRemove = LocalizedLines(
        ja: ["【工事手順④】 この証明書を選択して「削除」→「はい(Y)」。一覧から消えたことを確認して「閉じる」。"],
        en: ["[Step 4] Select this certificate, click 削除 (remove) and はい(Y); check it is gone from the list, then 閉じる."]
    )
    static let yesNoPrompt = LocalizedLines(ja: ["できましたか？（はい / いいえ）"], en: ["Done? (yes / no)"])
    static let certificateInstall = LocalizedLines(
        ja: [
            "【工事手順⑦】 新しい電子証明書ファイルを右クリック →「PFXのインストール」。",
            "保存場所:「現在のユーザー」→ 次へ → 次へ。パスワードに証明書パスワードを入力。",
            "「秘密キーの保護を強力にする」: チェックしない。「このキーをエクスポート可能にする」: チェックする。「すべての拡張プロパティを含める」: チェックする。",
            "「証明書の種類に基づいて、自動的に証明書ストアを選択する」→ 次へ → 完了。",
            "セキュリティ警告（ルート証明書の登録）が出たら「はい」。「正しくインポートされました。」→ OK。",
        ],
        en: [
            "[Step 7] Right-click the new certificate file → PFX のインストール (Install PFX).",
            "Store location: 現在のユーザー (Current User) → Next → Next. Enter the certificate password.",
            "Strong private key protection: OFF. Mark this key as exportable: ON. Include all extended properties: ON.",
            "Automatically select the certificate store → Next → Finish.",
            "At the security warning (adding the root certificate) answer はい (Yes). \"正しくインポートされました。\" → OK.",
        ]
    )
    static let credentialCode = LocalizedLines(
        ja: [
            "【工事手順⑩】 検索ボックスに「資格情報マネージャー」→「Windows 資格情報」→ 汎用資格情報の「OQS_MEDICAL_INSTITUTION_CODE」→「編集」。",
            "入力する箇所をクリックし、右クリック →「貼り付け」で⑨でコピーした機関コード 10 桁を貼り付けて「保存」。",
        ],
        en: [
            "[Step 10] Search \"資格情報マネージャー\" (Credential Manager) → Windows Credentials → OQS_MEDICAL_INSTITUTION_CODE → Edit.",
            "Click the field, right-click → Paste the 10-digit 機関コード copied in step 9, then Save.",
        ]
    )
    static let credentialCodePrompt = LocalizedLines(
        ja: ["保存後にこの項目に表示されている値を入力してください（表示されない場合は「非表示」）。"],
        en: ["Type the value the entry shows after saving (\"hidden\" when it is not shown)."]
    )
    static let credentialCurrent = LocalizedLines(
        ja: ["資格情報マネージャーの OQS_MEDICAL_INSTITUTION_CODE に表示されている値を入力してください（表示されない場合は「非表示」）。"],
        en: [
            "Type the value Credential Manager shows for OQS_MEDICAL_INSTITUTION_CODE (\"hidden\" when it is not shown)."
        ]
    )
    static let loginKeyUser = LocalizedLines(
        ja: ["資格情報マネージャーの OQS_LOGIN_KEY の「ユーザー名」を入力してください（R0RENK01 = 医科歯科 / R1RENK01 = 薬局）。"],
        en: [
            "Type the user name Credential Manager shows for OQS_LOGIN_KEY (R0RENK01 = medical/dental, R1RENK01 = pharmacy)."
        ]
    )
}
