extension MessageCatalog.Family {
    static let jobs = Self(
        name: "jobs",
        entries: [
            .jobLocked: Entry(
                ja: { _ in "この端末のジョブは別のプロセスが実行中です。そちらが終わってから実行してください。" },
                en: { _ in "Another process is working on this terminal's job. Wait for it to finish." }
            ),
            .jobNone: Entry(
                ja: { "「\($0[.path] ?? "")」にジョブがありません。先にジョブを作成してください。" },
                en: { "No job on '\($0[.path] ?? "")'. Create one first." }
            ),
            .jobExists: Entry(
                ja: { "「\($0[.path] ?? "")」には既にジョブがあります。その状態を確認してください。" },
                en: { "'\($0[.path] ?? "")' already has a job. Look at its status." }
            ),
            .jobPrecondition: Entry(
                ja: { problem in
                    let skipped =
                        problem[.steps].flatMap { $0.isEmpty ? nil : "（\($0) は省略されています。省略した手順に依存する手順は実施できません）" } ?? ""
                    return "手順 \(problem[.found] ?? "") の前に、手順 \(problem[.missing] ?? "") を完了してください。\(skipped)"
                },
                en: { problem in
                    let skipped =
                        problem[.steps].flatMap {
                            $0.isEmpty ? nil : " (\($0) was skipped; a step that depends on a skipped step cannot run.)"
                        } ?? ""
                    return "Complete step(s) \(problem[.missing] ?? "") before step \(problem[.found] ?? "").\(skipped)"
                }
            ),
            .answerEmpty: Entry(
                ja: { problem in
                    // A free-text answer has no example to show: no empty 「例: 」.
                    let example = problem[.expected].flatMap { $0.isEmpty ? nil : "（例: \($0)）" } ?? ""
                    return "何も入力されていません。空の Enter は回答になりません。入力してください\(example)。"
                },
                en: { problem in
                    let example = problem[.expected].flatMap { $0.isEmpty ? nil : " (e.g. \($0))" } ?? ""
                    return "Nothing was typed; an empty Enter is no answer. Type one\(example)."
                }
            ),
            .answerChoice: Entry(
                ja: { "「\($0[.found] ?? "")」は選択肢にありません。次のどれかを入力してください: \($0[.expected] ?? "")" },
                en: { "'\($0[.found] ?? "")' is not one of the options. Type one of: \($0[.expected] ?? "")" }
            ),
            .answerLine: Entry(
                ja: { "「\($0[.found] ?? "")」の行が読めません。1 行に 1 つ、次の形で入力してください: \($0[.expected] ?? "")" },
                en: { "Cannot read the line '\($0[.found] ?? "")'. One per line, as: \($0[.expected] ?? "")" }
            ),
            .answerRepeated: Entry(
                ja: { "「\($0[.found] ?? "")」が 2 回入力されています。1 台（1 枚）につき 1 行で入力し直してください。" },
                en: { "'\($0[.found] ?? "")' is typed twice. Type each one once, one per line." }
            ),
            .answerDate: Entry(
                ja: { "「\($0[.found] ?? "")」は日付として読めません。表示のとおり 2030/02/28 の形で入力してください。" },
                en: { "'\($0[.found] ?? "")' is not a date. Type it as shown, like 2030/02/28." }
            ),
            .answerCount: Entry(
                ja: { "「\($0[.found] ?? "")」は件数として読めません。数字で入力してください（例: 2）。" },
                en: { "'\($0[.found] ?? "")' is not a count. Type a number (e.g. 2)." }
            ),
            .answerResumeTime: Entry(
                ja: {
                    "再開予定時刻「\($0[.found] ?? "")」は日時ではありません（マニュアルの「日時」は見本です）。配信実績の画面に表示されている行をそのまま入力してください。"
                },
                en: {
                    "The 再開予定時刻 '\($0[.found] ?? "")' is not a time (the manual's 「日時」 is a placeholder). Type the line exactly as the record shows it."
                }
            ),
            .answerUnreadable: Entry(
                ja: { _ in "入力が読めません。もう一度入力してください。" },
                en: { _ in "Cannot read that. Type it again." }
            ),
            .answerNotYet: Entry(
                ja: { "\($0[.instruction] ?? "")と入力してください。" },
                en: { "Then: \($0[.expected] ?? "")." }
            ),
            .answerMismatch: Entry(
                ja: {
                    "入力された\($0[.field] ?? "値") \($0[.found] ?? "") は、このジョブが確認した値と一致しません。画面をもう一度見て、表示のとおり入力し直してください（本当にそう表示されている場合は、同じ値をもう一度入力すると記録して先に進みます）。"
                },
                en: {
                    "The \($0[.field] ?? "value") typed, \($0[.found] ?? ""), does not match what this job checked. Look at the screen again and type it as shown (if the screen really shows that, type the same again: it is recorded as found)."
                }
            ),
            .answerSerialShape: Entry(
                ja: {
                    "シリアル番号 \($0[.found] ?? "") は他（\($0[.expected] ?? "")）と桁数が違います。シールの「SER. No.」をもう一度確認して入力し直してください（そのとおりなら同じ内容をもう一度入力）。"
                },
                en: {
                    "Serial \($0[.found] ?? "") has another length than the others (\($0[.expected] ?? "")). Check the SER. No. sticker and type the list again (if it is right, type the same again)."
                }
            ),
            .answerNotAsked: Entry(
                ja: { "質問「\($0[.field] ?? "")」は今は聞いていません。表示されている質問に答えてください。" },
                en: { "Question '\($0[.field] ?? "")' is not the one asked now. Answer the question shown." }
            ),
            .jobNothingToRedo: Entry(
                ja: { "手順 \($0[.found] ?? "") はまだ実施していません。そのまま実施できます。" },
                en: { "Step \($0[.found] ?? "") is not done yet; just do it." }
            ),
            .jobTrustAnchor: Entry(
                ja: { _ in "ジョブに記録されたルート証明書が読めません。記録が改変されていないか確認し、--ca を付けて job init --restart してください。" },
                en: { _ in
                    "A root certificate kept in the job cannot be read. Check the record, then job init --restart with --ca."
                }
            ),
            .jobOldCertificateInstalled: Entry(
                ja: {
                    "入力された拇印 \($0[.found] ?? "") は、④で削除した旧い証明書のものです。旧い証明書がインストールされています。それを削除し、⑦をやり直してください。"
                },
                en: {
                    "The thumbprint typed, \($0[.found] ?? ""), is the old certificate's that step 4 removed: the old certificate is installed. Remove it and do step 7 over."
                }
            ),
            .jobExpiryMismatch: Entry(
                ja: {
                    "有効期限 \($0[.found] ?? "") が、⑥で確認した新しい証明書の有効期限 \($0[.expected] ?? "")（日本時間）と違います。別の証明書がインストールされています。⑦をやり直してください。"
                },
                en: {
                    "The valid-until date \($0[.found] ?? "") is not that of the certificate verified in step 6, \($0[.expected] ?? "") (Japan time): another certificate is installed. Do step 7 over."
                }
            ),
            .jobUndoOutside: Entry(
                ja: {
                    "記録にある「\($0[.path] ?? "")」は端末フォルダの外（指定されたフォルダでもない）にあります。記録が改変された可能性があるため、何も元に戻していません。"
                },
                en: {
                    "The record names '\($0[.path] ?? "")', outside the terminal folder and the folders the job was given. The record may have been edited: nothing was undone."
                }
            ),
            .jobUndoLeftInPlace: Entry(
                ja: { "「\($0[.path] ?? "")」はお客様のフォルダ（指定されたバックアップ先など）にあるため、そのまま残しました。不要なら手で片付けてください。" },
                en: {
                    "'\($0[.path] ?? "")' is in a folder the person gave (the customer's backup) and was left where it is; remove it by hand if it is not wanted."
                }
            ),
            .jobCustomTerminal: Entry(
                ja: { "「\($0[.path] ?? "")」のジョブは連携システム独自の端末で動いています。そのシステムから操作してください（サンドボックスとしては開きません）。" },
                en: {
                    "The job at '\($0[.path] ?? "")' runs on an integrator's own terminal backend: work it from that program (it is never opened as a sandbox)."
                }
            ),
            .jobSkipReason: Entry(
                ja: { _ in "手順を飛ばすには理由が必要です。理由は記録と報告書に残ります。" },
                en: { _ in "Skipping a step needs a reason; it is kept in the journal and the report." }
            ),
            .jobNothingToUndo: Entry(
                ja: { "手順 \($0[.found] ?? "") は端末を変更していないため、元に戻すものがありません。" },
                en: { "Step \($0[.found] ?? "") changed nothing on the terminal that could be restored." }
            ),
            .jobDeclined: Entry(
                ja: { "手順 \($0[.found] ?? "") が「いいえ」で終わりました。マニュアルに戻って原因を確認し、もう一度実行してください。" },
                en: { "Step \($0[.found] ?? "") was answered no. Check the manual for the cause and run it again." }
            ),
            .jobInputMissing: Entry(
                ja: { "この手順には\(secret($0, .japanese))が必要です（ファイル、環境変数、または画面の入力で）。" },
                en: { "This step needs the \(secret($0, .english)) (from a file, the environment, or a prompt)." }
            ),
            .jobNoCertificateFile: Entry(
                ja: { _ in "ダウンロードフォルダに .p12 がありません。ダウンロードサイトから新しい証明書を取得してください。" },
                en: { _ in "Downloads holds no .p12. Download the new certificate from the download site." }
            ),
            .jobFileChanged: Entry(
                ja: { "⑥で選んだファイル「\($0[.path] ?? "")」が変わっています。⑥をやり直してください。" },
                en: { "The file '\($0[.path] ?? "")' chosen in ⑥ has changed. Redo step ⑥." }
            ),
            .jobVersion: Entry(
                ja: {
                    "ジョブの記録「\($0[.path] ?? "")」は形式 \($0[.found] ?? "?") です（この版は形式 \($0[.expected] ?? "?")）。この版では再開できません。ジョブをやり直してください（元の記録はアーカイブに残ります）。"
                },
                en: {
                    "The job record '\($0[.path] ?? "")' has format \($0[.found] ?? "?") (this version reads \($0[.expected] ?? "?")). Start the job over; the old record is archived."
                }
            ),
            .jobCannotStart: Entry(
                ja: { _ in "この承継工事は始められません（マニュアル: 新しい医療機関コードの通知書が無い場合は工事できません）。何も作成していません。理由:" },
                en: { _ in
                    "This succession cannot start (the manual: without the notice for the new code, no work). Nothing was created. Why:"
                }
            ),
            .jobSoftwareStep: Entry(
                ja: { "手順 \($0[.found] ?? "") は端末に対して実行して確認する手順です。手で「完了」にはできません。ジョブを実行してください。" },
                en: {
                    "Step \($0[.found] ?? "") is performed and checked on the terminal; it cannot be marked done by hand. Run the job."
                }
            ),
            .jobAlreadyDone: Entry(
                ja: { "手順 \($0[.found] ?? "") は完了しています。省略にするには、先に元に戻してください。" },
                en: { "Step \($0[.found] ?? "") is done. To skip it, undo it first." }
            ),
            .jobSameCode: Entry(
                ja: { "旧コードと新コードが同じ（\($0[.found] ?? "")）です。承継ではコードが変わります。両方のコードを確認してください。" },
                en: {
                    "The old and the new code are the same (\($0[.found] ?? "")); a succession changes the code. Check both."
                }
            ),
            .jobCodeMismatch: Entry(
                ja: {
                    "\($0[.field] ?? "コード") に表示されたコード \($0[.found] ?? "") が、このジョブの新しいコード \($0[.expected] ?? "") と違います。ログインしている医療機関と通知書を確認してください。ジョブを止めます。"
                },
                en: {
                    "The \($0[.field] ?? "code") shown, \($0[.found] ?? ""), differs from this job's new code \($0[.expected] ?? ""). Check which facility is logged in and the notice. The job stops here."
                }
            ),
            .jobCredentialMismatch: Entry(
                ja: {
                    "OQS_MEDICAL_INSTITUTION_CODE の値 \($0[.found] ?? "") が、⑨でコピーした機関コード \($0[.expected] ?? "") と違います。編集して貼り付け直し、保存してください。"
                },
                en: {
                    "OQS_MEDICAL_INSTITUTION_CODE shows \($0[.found] ?? ""), not step 9's 機関コード \($0[.expected] ?? ""). Edit it, paste again and save."
                }
            ),
            .jobThumbprintMismatch: Entry(
                ja: {
                    "証明書の拇印 \($0[.found] ?? "") が、⑥で確認したファイルの証明書の拇印 \($0[.expected] ?? "") と違います。別の証明書がインストールされています。それを削除し、⑦をやり直してください。"
                },
                en: {
                    "The certificate's thumbprint \($0[.found] ?? "") differs from that of the file verified in step 6, \($0[.expected] ?? ""). Another certificate is installed: remove it and do step 7 over."
                }
            ),
            .jobThumbprintMalformed: Entry(
                ja: { "拇印「\($0[.found] ?? "")」は 16 進数 8〜40 桁ではありません。証明書の「詳細」→「拇印」の先頭 8 桁以上を表示のとおり入力してください。" },
                en: {
                    "Thumbprint '\($0[.found] ?? "")' is not 8 to 40 hex digits. Type at least the first 8 digits of 詳細 → 拇印 as shown."
                }
            ),
            .jobAnswerMissing: Entry(
                ja: { "手順 \($0[.found] ?? "") は質問 \($0[.field] ?? "") の答えを待っています。" },
                en: { "Step \($0[.found] ?? "") waits for the answer to question \($0[.field] ?? "")." }
            ),
            .jobFaceAuthFailed: Entry(
                ja: { _ in "再起動後に顔認証ができていません。カードリーダーの接続と⑫の紐づけを確認し、配信アプリの更新をやり直してください。" },
                en: { _ in
                    "Face authentication does not work after the reboot. Check the readers and step 12's binding, then redo the update."
                }
            ),
            .jobHandoverFailed: Entry(
                ja: {
                    "お客様の確認（\($0[.field] == "insuranceCard" ? "保険証でのレセコン連携" : "マイナンバーカードでの顔認証")）ができませんでした。原因を確認してからやり直してください。"
                },
                en: {
                    "The customer's test (\($0[.field] == "insuranceCard" ? "insurance card through the レセコン" : "My Number card face authentication")) failed. Find the cause and test again."
                }
            ),
            .jobBackupNotHandedOver: Entry(
                ja: { _ in "電子証明書のバックアップ（NTT東オン資端末_電子証明書）をお客様の USB メモリ等に保管し、説明してください。無くすと再発行（手数料）が必要です。" },
                en: { _ in
                    "Hand the certificate backup folder over on the customer's USB memory and explain it; a lost backup means a paid re-issue."
                }
            ),
            .jobPaperMismatch: Entry(
                ja: {
                    "ユーザ設定情報の「\($0[.field] ?? "")」が「\($0[.found] ?? "")」です（「\($0[.expected] ?? "")」のはず）。古いものと間違えないよう、新しいコードの本番環境の用紙を使ってください。"
                },
                en: {
                    "The ユーザ設定情報 paper's \($0[.field] ?? "") is '\($0[.found] ?? "")', not '\($0[.expected] ?? "")'. Use the production paper of the new code, not the old one."
                }
            ),
            .jobReportEncoding: Entry(
                ja: { _ in "報告書を JSON にできませんでした。--format html か md で出力してください。" },
                en: { _ in "The report could not be written as JSON. Use --format html or md." }
            ),
            .jobProcessedCount: Entry(
                ja: { "一括登録の処理件数が \($0[.found] ?? "?") 件です（顔認証・連携アカウントの 2 件のはず）。登録結果をダウンロードして確認してください。" },
                en: {
                    "The bulk registration processed \($0[.found] ?? "?") rows, not 2 (face-auth + linkage). Download the result and check it."
                }
            ),
            .jobFacilityName: Entry(
                ja: { _ in "医療機関名の表示を変更してください（補足資料②）: カードリーダーの設定ツールを起動し、医療機関名を新しい名称に変更して保存、カードリーダーを再起動して待機画面の表示を確認します。"
                },
                en: { _ in
                    "Change the facility name (supplement 2): open the card reader's 設定ツール, set the new facility name, save, restart the reader and check its waiting screen."
                }
            ),
            .jobReopened: Entry(
                ja: { "手順 \($0[.found] ?? "") を元に戻したため、この手順は未実施に戻りました。もう一度実施してください。" },
                en: { "Step \($0[.found] ?? "") was undone, so this step is pending again. Do it again." }
            ),
            .jobAccountsNotCarriedOver: Entry(
                ja: { _ in "管理アカウントでログインできません。変更後のパスワードも試してください。それでもできなければ、補足資料①で各アカウントを登録してから、⑨のログインをやり直します。" },
                en: { _ in
                    "The admin account cannot log in. Try its changed password first; otherwise register the accounts (supplement 1), then log in again (step 9)."
                }
            ),
        ]
    )
}

extension MessageCatalog.Family {
    /// The missing secret's name, from the problem's `field` (a ``JobSecret`` raw value).
    fileprivate static func secret(_ problem: Problem, _ language: Language) -> String {
        problem[.field].flatMap(JobSecret.init(rawValue:)).map { $0.name(in: language) } ?? problem[.field] ?? ""
    }
}
