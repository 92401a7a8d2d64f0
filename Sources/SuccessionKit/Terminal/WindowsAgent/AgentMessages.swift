extension MessageCatalog.Family {
    /// The messages of the `agent.*` codes: the Windows agent's errors, its process, and ④'s
    /// archive policies.
    static let agents = Self(
        name: "agents",
        entries: [
            .agentRequestMalformed: Entry(
                ja: { "エージェントが要求を読めませんでした（\(op($0))）\(win32ja($0))。このプログラムとエージェントの版を確認してください。" },
                en: {
                    "The agent could not read the request (\(op($0)))\(win32en($0)). Check the versions of this program and the agent."
                }
            ),
            .agentRequestTooLarge: Entry(
                ja: { "要求が大きすぎてエージェントが受け付けませんでした（\(op($0))、上限 1 MiB）。" },
                en: { "The request was too large for the agent (\(op($0)); the limit is 1 MiB)." }
            ),
            .agentRequestUnknownOp: Entry(
                ja: { "エージェントがこの操作（\(op($0))）を知りません。エージェントを最新版にしてください。" },
                en: { "The agent does not know the operation \(op($0)). Update the agent." }
            ),
            .agentRequestUnknownField: Entry(
                ja: { "エージェントが要求の項目を受け付けませんでした（\(op($0))）。エージェントを最新版にしてください。" },
                en: { "The agent refused a field of the request (\(op($0))). Update the agent." }
            ),
            .agentRequestBadField: Entry(
                ja: { "エージェントへの要求の項目が正しくありません（\(op($0))）: \($0[.detail] ?? "")" },
                en: { "A field of the request to the agent is not right (\(op($0))): \($0[.detail] ?? "")" }
            ),
            .agentRequestUnsupportedProtocol: Entry(
                ja: { _ in "エージェントがこのプログラムのプロトコル（版 1）を話しません。エージェントとプログラムの版を合わせてください。" },
                en: { _ in
                    "The agent does not speak this program's protocol (version 1). Use an agent of the same release."
                }
            ),
            .agentInternal: Entry(
                ja: { "エージェントの内部エラーです（\(op($0))）\(win32ja($0))。メモリ不足か Windows の暗号機能の異常です。端末を再起動してやり直してください。" },
                en: {
                    "The agent failed internally (\(op($0)))\(win32en($0)): out of memory or Windows' cryptography failed. Restart the terminal and try again."
                }
            ),
            .agentPathRefused: Entry(
                ja: { "エージェントがパスを拒否しました（\(op($0))）: \($0[.detail] ?? "")。リンクやジャンクションのない、通常のフォルダを使ってください。" },
                en: {
                    "The agent refused a path (\(op($0))): \($0[.detail] ?? ""). Use a plain folder, with no link or junction on the way."
                }
            ),
            .agentCertStoreFailed: Entry(
                ja: { "ログオン中のユーザーの証明書ストアを開けません\(win32ja($0))。エージェントをログオン中のユーザーで（管理者としてではなく）起動してください。" },
                en: {
                    "The logged-in user's certificate store does not open\(win32en($0)). Start the agent as the logged-in user (not as an administrator)."
                }
            ),
            .agentCertNotFound: Entry(
                ja: { "個人ストアにその拇印の証明書がありません（\(op($0))）。「証明書の管理」の「個人」タブを確認してください。" },
                en: {
                    "The personal store has no certificate with that thumbprint (\(op($0))). Check the Personal tab of Manage certificates."
                }
            ),
            .agentCertKept: Entry(
                ja: { _ in "削除しようとした証明書は残すべき証明書（⑦でインストールした新しい証明書）です。何も削除していません。" },
                en: { _ in
                    "The certificate to remove is one that must stay (the new certificate step ⑦ installed). Nothing was removed."
                }
            ),
            .agentCertRemoveFailed: Entry(
                ja: { "証明書を削除できませんでした\(win32ja($0))。「証明書の管理」で確認し、もう一度実行してください。" },
                en: {
                    "The certificate could not be removed\(win32en($0)). Check Manage certificates and run the step again."
                }
            ),
            .agentCertNoPrivateKey: Entry(
                ja: { _ in "この証明書には秘密キーがありません。秘密キーごとのアーカイブはできません。" },
                en: { _ in "This certificate has no private key: it cannot be archived with its key." }
            ),
            .agentCertNotExportable: Entry(
                ja: { _ in "この証明書の秘密キーは「エクスポート不可」です。秘密キーごとのアーカイブはできません。" },
                en: { _ in
                    "This certificate's private key is marked not exportable: it cannot be archived with its key."
                }
            ),
            .agentCertExportFailed: Entry(
                ja: { "証明書を秘密キーごとエクスポートできませんでした\(win32ja($0))。" },
                en: { "The certificate could not be exported with its private key\(win32en($0))." }
            ),
            .agentCertBadPfx: Entry(
                ja: { _ in "ファイルが PKCS#12（.p12/.pfx）ではありません。⑥で選んだファイルを確認してください。" },
                en: { _ in "The file is not PKCS#12 (.p12/.pfx). Check the file chosen in step ⑥." }
            ),
            .agentCertWrongPassword: Entry(
                ja: { _ in "Windows が証明書パスワードを受け付けませんでした。4 桁を入力し直してください。" },
                en: { _ in "Windows did not accept the certificate password. Type the 4 digits again." }
            ),
            .agentCertImportFailed: Entry(
                ja: { "証明書をインポートできませんでした\(win32ja($0))。証明書パスワードが違う可能性があります（Wine では理由が返りません）。" },
                en: {
                    "The certificate could not be imported\(win32en($0)). The certificate password may be wrong (Wine gives no reason)."
                }
            ),
            .agentCertUnexpectedContent: Entry(
                ja: { _ in "この .p12 には秘密キー付きの証明書が 1 枚だけ入っていません。ダウンロードした新しい証明書か確認してください。" },
                en: { _ in
                    "This .p12 does not hold exactly one certificate with a private key. Check that it is the new certificate downloaded."
                }
            ),
            .agentCredRefused: Entry(
                ja: { _ in "エージェントはこの資格情報を扱いません（OQS_LOGIN_KEY は書き換えません）。" },
                en: { _ in "The agent does not work this credential (it never rewrites OQS_LOGIN_KEY)." }
            ),
            .agentCredNotFound: Entry(
                ja: { _ in "資格情報マネージャーにその汎用資格情報がありません。「Windows 資格情報」の一覧を確認してください。" },
                en: { _ in "Credential Manager has no such generic credential. Check the list of Windows Credentials." }
            ),
            .agentCredExists: Entry(
                ja: { _ in "その汎用資格情報はすでにあります。" },
                en: { _ in "That generic credential exists already." }
            ),
            .agentCredBadValue: Entry(
                ja: { "資格情報に書けない値です: \($0[.detail] ?? "")（OQS_MEDICAL_INSTITUTION_CODE は半角数字 10 桁）。" },
                en: {
                    "The value cannot be stored: \($0[.detail] ?? "") (OQS_MEDICAL_INSTITUTION_CODE takes 10 ASCII digits)."
                }
            ),
            .agentCredUnknownEncoding: Entry(
                ja: { _ in "資格情報の値が文字として読めない形式です。書き換えません。資格情報マネージャーで直接確認してください。" },
                en: { _ in
                    "The credential's value is not text in a known form; it is not rewritten. Check it in Credential Manager."
                }
            ),
            .agentCredValueChanged: Entry(
                ja: { problem in
                    let found = problem[.found].map { "（現在 \($0)）" } ?? ""
                    return "資格情報の値が、ジョブが記録した変更前の値ではなくなっています\(found)。誰かが変更した可能性があります。何も書いていません。資格情報マネージャーで確認してください。"
                },
                en: { problem in
                    let found = problem[.found].map { " (now \($0))" } ?? ""
                    return
                        "The credential no longer holds the value the job recorded before\(found): someone may have changed it. Nothing was written. Check it in Credential Manager."
                }
            ),
            .agentCredReadFailed: Entry(
                ja: { "資格情報を読めませんでした\(win32ja($0))。" },
                en: { "The credential could not be read\(win32en($0))." }
            ),
            .agentCredWriteFailed: Entry(
                ja: { "資格情報を書き込めませんでした\(win32ja($0))。資格情報マネージャーで確認してください。" },
                en: { "The credential could not be written\(win32en($0)). Check it in Credential Manager." }
            ),
            .agentCredVerifyFailed: Entry(
                ja: { _ in "資格情報を書き込みましたが、読み戻した値が一致しません。資格情報マネージャーで確認してください。" },
                en: { _ in "The credential was written but does not read back the same. Check it in Credential Manager."
                }
            ),
            .agentFileNotFound: Entry(
                ja: { "ファイルがありません（\(op($0))）。" },
                en: { "The file is not there (\(op($0)))." }
            ),
            .agentFileNoArchive: Entry(
                ja: { _ in "アーカイブのコピーがありません。何も変更していません。" },
                en: { _ in "The archive copy is not there. Nothing was changed." }
            ),
            .agentFileDigestMismatch: Entry(
                ja: { _ in "ファイルの内容（SHA-256）が記録と違います。何も変更していません。" },
                en: { _ in "The file's content (SHA-256) is not what was recorded. Nothing was changed." }
            ),
            .agentFileDestinationExists: Entry(
                ja: { _ in "書き込み先に別の内容のファイルがすでにあります。上書きしていません。" },
                en: { _ in "A different file is at the destination already; it was not overwritten." }
            ),
            .agentFileAccessDenied: Entry(
                ja: { _ in "Windows がファイルへのアクセスを拒否しました（エラー 5）。この操作はエクスプローラーで手作業で行ってください（管理者の確認が出ます）。" },
                en: { _ in
                    "Windows denied access to the file (error 5). Do this by hand in Explorer (it asks for an administrator)."
                }
            ),
            .agentFileTooLarge: Entry(
                ja: { _ in "ファイルが 1 MiB を超えています。このファイルではありません。" },
                en: { _ in "The file is over 1 MiB: not the file expected." }
            ),
            .agentFileIoFailed: Entry(
                ja: { "ファイルの読み書きに失敗しました\(win32ja($0))。空き容量と権限を確認してください。" },
                en: { "Reading or writing a file failed\(win32en($0)). Check free space and permissions." }
            ),
            .agentFileVerifyFailed: Entry(
                ja: { _ in "書き込んだファイルを読み戻すと一致しませんでした。保存先を確認してください。" },
                en: { _ in "The file written did not read back the same. Check the disk." }
            ),
            .agentRunNotFound: Entry(
                ja: { "実行するバッチ・ツールがありません（\(op($0))）。C:\\Work\\InitializeFace.bat または OQSComAppRestart を確認してください。" },
                en: {
                    "The batch or tool to run is not there (\(op($0))). Check C:\\Work\\InitializeFace.bat or OQSComAppRestart."
                }
            ),
            .agentRunStartFailed: Entry(
                ja: { "バッチ・ツールを起動できませんでした（\(op($0))）\(win32ja($0))。" },
                en: { "The batch or tool could not be started (\(op($0)))\(win32en($0))." }
            ),
            .agentRunTimeout: Entry(
                ja: { "バッチ・ツールが時間内に終わりませんでした（\(op($0))）。画面を確認してください。" },
                en: { "The batch or tool did not finish in time (\(op($0))). Check the screen." }
            ),
            .agentRunCancelled: Entry(
                ja: { _ in "管理者の確認（ユーザーアカウント制御）で「いいえ」が選ばれました。もう一度実行して「はい」を選んでください。" },
                en: { _ in "The elevation prompt (User Account Control) was answered No. Run it again and answer Yes." }
            ),
            .agentUnknownError: Entry(
                ja: { "エージェントが知らないエラー（\($0[.found] ?? "")）を返しました（\(op($0))）\(win32ja($0))。このプログラムを最新版にしてください。" },
                en: {
                    "The agent answered with an error this program does not know (\($0[.found] ?? ""); \(op($0)))\(win32en($0)). Update this program."
                }
            ),
            .agentNotStarted: Entry(
                ja: {
                    "エージェント「\($0[.path] ?? "")」を起動できません\(SystemReason.inJapanese($0))。コマンドとパスを確認してください（Wine では wine と succession-agent.exe のパス）。"
                },
                en: {
                    "The agent '\($0[.path] ?? "")' cannot be started (\($0[.reason] ?? "")). Check the command and its path (under Wine: wine and the path of succession-agent.exe)."
                }
            ),
            .agentExited: Entry(
                ja: { problem in
                    let status = problem[.count].map { "（終了コード \($0)）" } ?? ""
                    return
                        "エージェントが応答の前に終了しました\(status)（\(op(problem))）。次の操作で起動し直します。続けて起きる場合はエージェント単体で selftest を実行してください。"
                },
                en: { problem in
                    let status = problem[.count].map { " (exit status \($0))" } ?? ""
                    return
                        "The agent ended before it answered\(status) (\(op(problem))). The next operation starts it again; if it keeps happening, run the agent's selftest on its own."
                }
            ),
            .agentTimeout: Entry(
                ja: {
                    "エージェントが \($0[.limit] ?? "?") 秒以内に応答しなかったため停止しました（\(op($0))）。変更が行われた可能性があり、ジョブは次の実行で端末の状態を確認します。"
                },
                en: {
                    "The agent did not answer within \($0[.limit] ?? "?") seconds and was stopped (\(op($0))). The change may have been made: the job checks the terminal on its next run."
                }
            ),
            .agentProtocolMismatch: Entry(
                ja: {
                    "エージェントのプロトコルの版が \($0[.found] ?? "?") です（このプログラムは \($0[.expected] ?? "1")）。同じリリースのエージェントを使ってください。"
                },
                en: {
                    "The agent speaks protocol version \($0[.found] ?? "?") (this program speaks \($0[.expected] ?? "1")). Use the agent of the same release."
                }
            ),
            .agentBadReply: Entry(
                ja: { "エージェントの応答がプロトコル 1 の形ではありません（\(op($0))）。エージェントを停止しました。版を確認してください。" },
                en: { "The agent's reply is not protocol 1's (\(op($0))); the agent was stopped. Check its version." }
            ),
            .agentPathUnmappable: Entry(
                ja: { "パス「\($0[.path] ?? "")」をエージェントに渡せません（絶対パスでないか、エージェントが Wine でもこの Windows でもありません）。" },
                en: {
                    "The path '\($0[.path] ?? "")' cannot be given to the agent (not absolute, or the agent runs neither under Wine nor on this Windows)."
                }
            ),
            .agentElevated: Entry(
                ja: { _ in "エージェントが管理者として実行されています。管理者の証明書と資格情報を見てしまうため、ログオン中のユーザーとして起動し直してください。" },
                en: { _ in
                    "The agent runs elevated, so it sees the administrator's certificates and credentials: start it again as the logged-in user."
                }
            ),
            .agentKeyNotArchived: Entry(
                ja: { problem in
                    "④を止めました（何も削除していません）: 発行先 \(problem[.found] ?? "") の証明書を秘密キーごとアーカイブできませんでした（\(problem[.reason] ?? "")）\(win32ja(problem))。秘密キーなしで（.cer のみ）アーカイブして削除するには、理由を添えて④をやり直してください。その場合、④を取り消しても証明書は戻りません（戻すには旧コードの .p12 から入れ直します）。"
                },
                en: { problem in
                    "Step ④ stopped before removing anything: the certificate issued to \(problem[.found] ?? "") could not be archived with its private key (\(problem[.reason] ?? ""))\(win32en(problem)). To archive it without its key (.cer only) and remove it, run step ④ again with a reason. Undo of ④ then cannot bring it back (only a reinstall from the old .p12 can)."
                }
            ),
            .agentKeyNotRestorable: Entry(
                ja: { problem in
                    "④は戻せません: 発行先 \(problem[.found] ?? "") の証明書は秘密キーなしでアーカイブされました（理由: \(problem[.reason] ?? "")）。証明書だけを戻しても使えないため、何も戻していません。必要なら旧コードの .p12 から手作業で入れ直してください（アーカイブ: \(problem[.path] ?? "")）。"
                },
                en: { problem in
                    "Step ④ cannot be undone: the certificate issued to \(problem[.found] ?? "") was archived without its private key (reason: \(problem[.reason] ?? "")). A certificate without its key is of no use, so nothing was put back. If it is needed, reinstall it from the old .p12 by hand (archive: \(problem[.path] ?? ""))."
                }
            ),
            .agentArchiveDamaged: Entry(
                ja: { "アーカイブ「\($0[.path] ?? "")」がエージェントの報告と一致しないか、証明書と秘密キーとして開けません。何も削除していません。" },
                en: {
                    "The archive '\($0[.path] ?? "")' does not match what the agent reported, or does not open as the certificate with its key. Nothing was removed."
                }
            ),
            .agentArchiveMissing: Entry(
                ja: { "元に戻すためのアーカイブ「\($0[.path] ?? "")」がありません。" },
                en: { "The archive needed to undo, '\($0[.path] ?? "")', is not there." }
            ),
            .agentImportMismatch: Entry(
                ja: { "インポート後に個人ストアにあるのは拇印 \($0[.found] ?? "") の証明書で、⑥で選んだ \($0[.expected] ?? "") ではありません。" },
                en: {
                    "After the import the personal store holds the certificate \($0[.found] ?? ""), not \($0[.expected] ?? "") chosen in step ⑥."
                }
            ),
            .agentInitializationFailed: Entry(
                ja: {
                    "InitializeFace.bat が「初期化完了」を表示せずに終了しました（終了コード \($0[.count] ?? "?")）。削除する ReaderInfo.ini もありません。画面で初期化ツールを実行し、結果を確認してください。"
                },
                en: {
                    "InitializeFace.bat ended without 初期化完了 (exit code \($0[.count] ?? "?")), and there is no ReaderInfo.ini to delete instead. Run the tool on the screen and check what it says."
                }
            ),
            .agentArchiveReasonMissing: Entry(
                ja: { _ in "秘密キーなしのアーカイブには理由が必要です（記録に残ります）。理由を入力してください。" },
                en: { _ in "Archiving without the private key needs a reason (it is recorded). Give the reason." }
            ),
        ]
    )
}

/// The op a problem of the agent is about, as its message names it.
private func op(_ problem: Problem) -> String { problem[.field] ?? "agent" }

/// 「（Windows のエラー N）」 when the agent reported a Win32 error number other than 0.
private func win32ja(_ problem: Problem) -> String {
    guard let number = problem.value(.win32), number != 0 else { return "" }
    return "（Windows のエラー \(number)）"
}

/// " (Windows error N)" when the agent reported a Win32 error number other than 0.
private func win32en(_ problem: Problem) -> String {
    guard let number = problem.value(.win32), number != 0 else { return "" }
    return " (Windows error \(number))"
}

extension ProblemValue where Value == UInt32 {
    /// ``ProblemValueKey/win32``: the Win32 error number the Windows agent reported (an HRESULT
    /// as an unsigned number); `0` when the system gave no reason.
    public static var win32: Self { Self(.win32, read: { UInt32($0) }, write: { String($0) }) }
}
