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
                // 「答えて」, not 「入力して」: on the page the answer is a button.
                ja: { "\($0[.instruction] ?? "")と答えてください。" },
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
            .answerOldValue: Entry(
                ja: {
                    "入力された\($0[.field] ?? "値") \($0[.found] ?? "") は\($0[.detail] ?? "古い値")です。画面をもう一度見て、表示のとおり入力し直してください（本当に画面がそう表示している場合は、同じ値をもう一度入力すると、その事実を記録してこの手順を止めます）。"
                },
                en: {
                    "The \($0[.field] ?? "value") typed, \($0[.found] ?? ""), is \($0[.detail] ?? "the old value"). Look at the screen again and type it as shown (if the screen really shows it, type the same again: that finding is recorded and this step stops)."
                }
            ),
            .jobUnknownStep: Entry(
                ja: { "ジョブの記録に、この手順書にない手順「\($0[.found] ?? "")」があります。そのジョブを作った手順書（連携システム）で開いてください。" },
                en: {
                    "The job's record names a step this procedure does not have, '\($0[.found] ?? "")'. Open it with the procedure (the program) that made it."
                }
            ),
            .jobReconciled: Entry(
                ja: { "前回の実行は変更の途中で止まりました（\($0[.field] ?? "")）。端末の状態を確かめて、行われた変更を記録しました（元に戻す対象に含まれます）。" },
                en: {
                    "The last run stopped in the middle of a change (\($0[.field] ?? "")). What the terminal holds was checked and the change made was recorded (undo restores it)."
                }
            ),
            .jobChangedBeforeFailing: Entry(
                ja: { "手順 \($0[.found] ?? "") は失敗する前に端末を変更しています（記録済み）。やり直すか、取り消して元に戻せます。" },
                en: {
                    "Step \($0[.found] ?? "") changed the terminal before it failed (recorded): run it again, or undo it to restore the terminal."
                }
            ),
            .jobEvidenceRecord: Entry(
                ja: { "手順の記録が読めません（\($0[.detail] ?? "")）。ジョブの記録が編集されていないか確認してください。" },
                en: {
                    "A step's record cannot be read (\($0[.detail] ?? "")). Check that the job's record was not edited."
                }
            ),
            .attendedNotUndoableByHand: Entry(
                ja: {
                    "手順 \($0[.field] ?? "") は実端末では元に戻せません（削除した証明書はストアから消えています）。戻すには旧証明書の .p12 から入れ直し、ジョブを最初から作り直してください。"
                },
                en: {
                    "Step \($0[.field] ?? "") cannot be undone on a real terminal (the deleted certificate is gone from the store): reinstall it from the old .p12, and start the job over."
                }
            ),
            .jobNeedsDownloads: Entry(
                ja: { _ in
                    "実端末（立会い、または Windows エージェント）の工事には、新しい .p12 を読むフォルダ（USB メモリ等、または端末の「ダウンロード」）の指定が必要です。"
                },
                en: { _ in
                    "A job on a real terminal (attended, or through the Windows agent) needs the folder the new .p12 is read from (USB memory, or the terminal's Downloads)."
                }
            ),
            .jobReopensLaterSteps: Entry(
                ja: {
                    "手順 \($0[.found] ?? "") をやり直すと、完了している手順 \($0[.steps] ?? "") も未実施に戻ります（端末の変更はそのまま）。よければ確認して実行してください。"
                },
                en: {
                    "Doing step \($0[.found] ?? "") again returns the finished steps \($0[.steps] ?? "") to pending too (the terminal is not changed by that). Confirm to go on."
                }
            ),
            .answerHelp: Entry(
                ja: { problem in
                    let example = problem[.expected].flatMap { $0.isEmpty ? nil : "（例: \($0)）" } ?? ""
                    return
                        "この質問には、画面に表示されているとおりに入力します\(example)。中断しても同じ質問から再開できます。前の手順の答えを直すには、その手順をやり直します。"
                },
                en: { problem in
                    let example = problem[.expected].flatMap { $0.isEmpty ? nil : " (e.g. \($0))" } ?? ""
                    return
                        "Answer this question with what the screen shows\(example). You can stop and resume at the same question. To put an earlier step's answer right, do that step over."
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
            .jobCodesSwapped: Entry(
                ja: {
                    "通知書の発行先 \($0[.found] ?? "") は、旧コードとして入力したコードです。旧コードと新コードを逆に入力していませんか。逆なら、旧コード \($0[.expected] ?? "")・新コード \($0[.found] ?? "") として始めてください。逆でなければ、これは旧コードの通知書です。新コード \($0[.expected] ?? "") の通知書を用意してください。"
                },
                en: {
                    "The notice is issued to \($0[.found] ?? ""), the code given as the old one. Were the codes swapped? If so, start with old code \($0[.expected] ?? "") and new code \($0[.found] ?? ""). If not, this is the old code's notice: get the notice for the new code \($0[.expected] ?? "")."
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
            .jobReportEncoding: Entry(
                ja: { _ in "報告書を JSON にできませんでした。HTML か Markdown で出力してください。" },
                en: { _ in "The report could not be written as JSON. Write it as HTML or Markdown." }
            ),
            .jobReopened: Entry(
                ja: { "手順 \($0[.found] ?? "") を元に戻したため、この手順は未実施に戻りました。もう一度実施してください。" },
                en: { "Step \($0[.found] ?? "") was undone, so this step is pending again. Do it again." }
            ),
        ]
    )
}

extension MessageCatalog.Family {
    /// The missing secret's name, from the problem's `field` (a ``JobSecret`` raw value).
    fileprivate static func secret(_ problem: Problem, _ language: Language) -> String {
        problem[.field].flatMap(JobSecret.init(rawValue:)).map { $0.name(language) } ?? problem[.field] ?? ""
    }
}
