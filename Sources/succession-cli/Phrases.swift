import Foundation
import SuccessionKit

/// Every sentence and label the CLI itself shows a person, in Japanese and English, in one place.
/// The library's problems carry their own messages; these are the CLI's headings, prompts and
/// usage hints. A command never writes a `ja ? … : …` of its own. A phrase is the library's
/// `LocalizedText`: one way to localize, from the steps' texts to the CLI's prompts.
typealias Phrase = LocalizedText

extension Localized where Value == String {
    /// A phrase: Japanese first, as everywhere in the CLI.
    init(_ japanese: String, _ english: String) {
        self.init(ja: japanese, en: english)
    }
}

extension Phrase {
    // Verdicts and progress
    static let note = Phrase("注意", "Note")
    static let checking = Phrase("確認中", "Checking")
    static let searching = Phrase("探索中", "Searching")
    static let next = Phrase("次: ", "Next: ")
    static let state = Phrase("状態: ", "State: ")
    static let report = Phrase("報告書: ", "Report: ")
    static let file = Phrase("ファイル: ", "File: ")
    static let chosen = Phrase("選択: ", "Chosen: ")
    static let terminal = Phrase("端末: ", "Terminal: ")
    static let terminalKind = Phrase("端末の種別", "Terminal")
    static let notice = Phrase("通知書: ", "Notice: ")
    static let account = Phrase("アカウント: ", "Account: ")
    static let listSeparator = Phrase("・", ", ")
    static let partSeparator = Phrase(" ／ ", " / ")

    // Prompts (secrets are read without echo)
    static let certificatePasswordPrompt = Phrase("証明書パスワード: ", "Certificate PIN: ")
    static let newPassphrasePrompt = Phrase("新しいパスフレーズ: ", "New passphrase: ")
    static let newPassphraseAgainPrompt = Phrase("新しいパスフレーズ（確認）: ", "New passphrase (again): ")
    static let passwordPrompt = Phrase("パスワード: ", "Password: ")
    static let facePasswordPrompt = Phrase("顔認証アカウントのパスワード: ", "Face-auth password: ")

    // Results
    static let jobCreated = Phrase("ジョブを作成しました: ", "Job created: ")
    static let undone = Phrase("元に戻しました: ", "Undone: ")
    static let pendingAgain = Phrase("未実施に戻した手順: ", "Pending again: ")
    static let installed = Phrase("インストールしました: ", "Installed: ")
    static let archived = Phrase("アーカイブへ移動: ", "Archived: ")
    static let restored = Phrase("復元しました: ", "Restored: ")
    static let removed = Phrase("撤去しました: ", "Removed: ")
    static let writtenSecret = Phrase("書き出しました（0600）: ", "Written (mode 0600): ")
    static let writtenShiftJIS = Phrase("書き出しました（Shift-JIS, CRLF）: ", "Written (Shift-JIS, CRLF): ")
    static let uploadInterval = Phrase("  アップロードは1分以上間隔を空けてください。", "  Leave at least a minute between uploads.")
    static let expiryNever = Phrase("有効期限: 無期限", "Expiry: never")
    static let expirySixtyDays = Phrase("有効期限: 設定から60日", "Expiry: 60 days after it is set")
    static let installThis = Phrase("これをインストールします", "install this one")
    static let nothingChosen = Phrase(
        "NG  インストールできる新しい証明書が決まりません（上の理由を確認してください）。",
        "NG  No file can be chosen (see the reasons above)."
    )
    static let alreadyBackedUp = Phrase("OK  同じファイルが既にバックアップ済みです: ", "OK  Already backed up, identical: ")
    static let backedUp = Phrase("OK  バックアップしました（読み戻して一致を確認）: ", "OK  Backed up and read back identical: ")
    static let rewrapped = Phrase(
        "  新しいパスフレーズで保護しました。ダウンロード時の4桁の証明書パスワードでは開けません。パスフレーズをお客様と確認してください。",
        "  Protected with the new passphrase: the download PIN no longer opens it. Make sure the customer keeps the passphrase."
    )
    static let keepBackup = Phrase(
        "  このフォルダをお客様の USB メモリ等に保管してください（紛失すると再発行・手数料が必要です）。",
        "  Have the customer keep this folder on a USB memory (a lost backup means a paid re-issue)."
    )
    static let keyMatches = Phrase("証明書と一致", "matches the certificate")
    static let keyDoesNotMatch = Phrase("証明書と不一致", "does NOT match")
    static let recoveredPIN = Phrase("証明書パスワード: ", "PIN: ")
    static let recoveredPINHidden = Phrase(
        "証明書パスワードが見つかりました（端末上か --json でのみ表示します）。",
        "Found the PIN (shown only on a terminal, or with --json)."
    )
    static let rewrapAdvice = Phrase(
        "バックアップは succession cert rewrap で強いパスフレーズに包み直してください（4桁の証明書パスワードは数秒で見つかります）。",
        "Re-wrap the backup with a strong passphrase (succession cert rewrap): a 4-digit PIN is found in seconds."
    )
    static let terminalCrossCheck = Phrase("端末の整合性チェック: ", "Terminal cross-check: ")
    static let demoAttended = Phrase(
        "実端末の作業方式（作業者が画面の値を入力し、ソフトウェアが照合）で実行します。",
        "Working it as an attended real terminal."
    )

    // Usage errors
    static let emptyPassphrase = Phrase("新しいパスフレーズが空です。", "The new passphrase is empty.")
    static let entriesDiffer = Phrase("2回の入力が一致しません。", "The two entries do not match.")

    static let serialUnusable = Phrase(
        "シリアル番号（SER. No.）が空か、制御文字を含んでいます。本体のシールのとおりに入力してください。",
        "The serial (SER. No.) is empty or holds control characters. Type it as the sticker shows it."
    )
    static let codesOrFile = Phrase(
        "確認するコードか、--file ファイルを指定してください。",
        "Give codes to check, or --file FILE."
    )
    static let csvOutOrCheck = Phrase(
        "--out ファイル（--code と一緒に）か --check ファイルのどちらかを指定してください。",
        "Give either --out FILE (with --code) or --check FILE."
    )
    static let csvOutNeedsCode = Phrase("--out には --code が必要です。", "--out needs --code.")
    static func standardOutputFailed(_ reason: String) -> Phrase {
        Phrase(
            "file.unwritable: 標準出力に書き込めません（\(reason)）。出力は不完全です。出力先（空き容量・リダイレクト）を確認してください。",
            "file.unwritable: cannot write to standard output (\(reason)); the output is incomplete. Check where it goes (free space, redirection)."
        )
    }

    static func argumentNotUTF8(_ position: Int, _ shown: String) -> Phrase {
        Phrase(
            "\(position) 番目の引数「\(shown)」は UTF-8 の文字列ではありません（ファイル名なら UTF-8 の名前に変えてください）。",
            "Argument \(position) ('\(shown)') is not UTF-8 text; a file of that name cannot be named here. Rename it to a UTF-8 name."
        )
    }

    static let localeNotUTF8 = Phrase(
        "注意: このロケール（LANG など）の文字コードは UTF-8 ではありませんが、succession は UTF-8 で出力します。UTF-8 のロケール（ja_JP.UTF-8）で表示してください。",
        "Note: this locale's character set (LANG, LC_ALL) is not UTF-8; succession writes UTF-8. Use a UTF-8 locale (ja_JP.UTF-8) to read it."
    )

    static func maxSecondsRange(most: Int) -> Phrase {
        Phrase(
            "--max-seconds には 0 より大きく \(most) 以下（1週間）の秒数を指定してください。",
            "--max-seconds takes a number of seconds above 0 and at most \(most) (a week)."
        )
    }
    static func threadsRange(most: Int) -> Phrase {
        Phrase(
            "--threads には 1〜\(most) を指定してください（この PC は \(most / 4) コア）。",
            "--threads takes 1 to \(most) (\(most / 4) cores here)."
        )
    }

    static func unreadableDate(_ text: String, option: String) -> Phrase {
        Phrase(
            "\(option) の日付「\(text)」が読めません（例: 2026-11-25）。",
            "Cannot read the date '\(text)' of \(option) (e.g. 2026-11-25)."
        )
    }

    static func noSecretTerminal(_ environment: String, option: String) -> Phrase {
        Phrase(
            "入力できる端末がありません。\(option) で1行目に書いたファイルを指定するか、環境変数 \(environment) に設定してください。",
            "No terminal to ask on: give \(option) FILE (its first line) or set \(environment)."
        )
    }

    static func agentGreeted(_ version: String, _ user: String, _ computer: String, _ windows: String) -> Phrase {
        Phrase(
            "Windows エージェント \(version): ユーザー \(user)（\(computer)、\(windows)）",
            "Windows agent \(version): user \(user) (\(computer), \(windows))"
        )
    }
    static let demoWindows = Phrase(
        "Windows エージェント経由で実施します: ④⑤⑦⑧⑩ はエージェントが Win32 で行い読み戻して確認、③⑫（ログイン名管理ツール）と⑥（ブラウザでのダウンロード）は台本の作業者が行います。",
        "Worked through the Windows agent: ④⑤⑦⑧⑩ by the agent through Win32, read back; ③⑫ (the login-name tool) and ⑥ (the browser's download) by a scripted person."
    )
    static func demoWineArchive(_ reason: String) -> Phrase {
        Phrase(
            "Wine では秘密鍵付きの書き出し（PFXExportCertStoreEx）が未実装のため、④ は秘密鍵なし（.cer）で保管します。理由として記録: \(reason)",
            "Wine has no export with the private key (PFXExportCertStoreEx is a stub): ④ archives without the key (.cer). Recorded reason: \(reason)"
        )
    }
    static func windowsPractice(_ prefix: String) -> Phrase {
        Phrase(
            "練習用の Windows 端末を用意しました: 旧コードの証明書、OQS_MEDICAL_INSTITUTION_CODE と OQS_LOGIN_KEY、ReaderInfo.ini、InitializeFace.bat、OQSComAppRestart（\(prefix)）",
            "A practice Windows terminal is ready: the old code's certificate, OQS_MEDICAL_INSTITUTION_CODE and OQS_LOGIN_KEY, ReaderInfo.ini, InitializeFace.bat, OQSComAppRestart (\(prefix))"
        )
    }
    static let windowsPracticeNoFiles = Phrase(
        "Wine ではないため、ReaderInfo.ini・InitializeFace.bat・OQSComAppRestart は作りません（練習用 PC に手で置いてください）。",
        "Not under Wine: ReaderInfo.ini, InitializeFace.bat and OQSComAppRestart are not made here (place them on the practice PC by hand)."
    )
    static let attendedOrAgent = Phrase(
        "--attended と --windows-agent は同時に指定できません（エージェントを使う工事も ③⑥⑫ は作業者が行います）。",
        "--attended and --windows-agent exclude each other (a job through the agent leaves ③⑥⑫ to the person anyway)."
    )
    static let archiveReasonEmpty = Phrase(
        "--archive-without-key には理由を書いてください（報告書と記録に残ります）。",
        "--archive-without-key needs a reason (the journal and the report keep it)."
    )
    static let wineExportReason = Phrase(
        "練習用の Wine 端末（Wine の PFXExportCertStoreEx は未実装で、秘密鍵付きで書き出せない）",
        "a practice terminal under Wine (Wine's PFXExportCertStoreEx is a stub: no export with the key)"
    )
    static func sandboxExists(_ root: String) -> Phrase {
        Phrase(
            "「\(root)」には既にサンドボックス端末があります。別のフォルダを指定してください。",
            "'\(root)' already holds a sandbox terminal; choose another folder."
        )
    }

    static func notARegistrationStatus(_ label: String) -> Phrase {
        Phrase("「\(label)」は登録状況の表示ではありません。", "'\(label)' is not a registration status.")
    }

    static func noTerminal(_ root: String) -> Phrase {
        Phrase(
            "「\(root)」に端末（.succession）がありません。パスを確認してください（練習用は succession terminal sandbox で作成）。",
            "No terminal at '\(root)' (no .succession): check the path (make a practice one with succession terminal sandbox)."
        )
    }

    static func estimate(_ seconds: Double) -> Phrase {
        let shown = seconds < 10 ? String(format: "%.1f", seconds) : String(Int(seconds.rounded()))
        return Phrase(
            "見込み: 全 10,000 通りで約 \(shown) 秒（この端末の速度）。--max-seconds で打ち切れます。",
            "Estimate: about \(shown) s for all 10,000 candidates on this machine (--max-seconds to give up earlier)."
        )
    }

    static func readRowAs(_ typed: String, _ row: String) -> Phrase {
        Phrase("  「\(typed)」を「\(row)」として読みました", "  Read '\(typed)' as 「\(row)」")
    }

    static func terminalOfKind(_ kind: TerminalKind) -> Phrase {
        Phrase(
            "\(kind.japaneseName)端末（連携アカウント \(kind.linkageAccountID)）",
            "\(kind.englishName) terminal (linkage account \(kind.linkageAccountID))"
        )
    }

    static func waiting(_ step: SuccessionStep) -> Phrase {
        Phrase(
            "\(step.mark) \(step.title.japanese): 入力待ち — succession job run で続きから入力できます",
            "\(step.mark) \(step.title.english): waiting for answers — succession job run asks them"
        )
    }

    static func paused(_ step: SuccessionStep, root: String) -> Phrase {
        Phrase(
            "中断: \(step.mark) \(step.title.japanese)。続きは succession job run --terminal \(root)（同じ質問から再開します）",
            "Paused at \(step.mark) \(step.title.english). Resume with succession job run --terminal \(root) (the same question)"
        )
    }

    static func stopped(_ step: SuccessionStep, _ way: WayForward, root: String) -> Phrase {
        switch way {
        case .runAgain:
            return Phrase(
                "停止: \(step.mark) \(step.title.japanese)。上の内容を直してから succession job run --terminal \(root) でやり直します",
                "Stopped at \(step.mark) \(step.title.english). Put right what is said above, then succession job run --terminal \(root)"
            )
        case .redo(let earlier):
            let mark = SuccessionProcedure.standard.step(earlier).mark
            return Phrase(
                "停止: \(step.mark) \(step.title.japanese)。\(mark)をやり直します: succession job redo \(earlier.rawValue) --terminal \(root) のあと succession job run --terminal \(root)",
                "Stopped at \(step.mark) \(step.title.english). Do \(mark) over: succession job redo \(earlier.rawValue) --terminal \(root), then succession job run --terminal \(root)"
            )
        case .unblock(let skipped):
            let mark = SuccessionProcedure.standard.step(skipped).mark
            return Phrase(
                "停止: \(step.mark) は省略された\(mark)に依存します。succession job redo \(skipped.rawValue) --terminal \(root) で\(mark)を実施できます",
                "Stopped: \(step.mark) depends on the skipped \(mark). succession job redo \(skipped.rawValue) --terminal \(root) reopens it"
            )
        }
    }

    static let redone = Phrase("やり直しのため未実施に戻しました: ", "Reopened to do over: ")
    static func answerNeedsID(_ text: String) -> Phrase {
        Phrase(
            "--answer は「質問ID=値」の形です（例: 8.thumbprint=1a2b3c4d）: \(text)",
            "--answer takes ID=TEXT (e.g. 8.thumbprint=1a2b3c4d): \(text)"
        )
    }
    static let quitHint = Phrase("（中断は q）", " (q stops)")
    static func reportHint(root: String) -> Phrase {
        Phrase(
            "お客様向けの報告書: succession job report --terminal \(root) --out 承継工事報告書.html",
            "The customer's report: succession job report --terminal \(root) --out report.html"
        )
    }
    static let confirmReopening = Phrase("続けますか？ [y/N] ", "Go on? [y/N] ")
    static func interrupted(root: String) -> Phrase {
        Phrase(
            "\n中断しました（Ctrl-C）。続きは succession job run --terminal \(root)（同じ質問から再開します）",
            "\nInterrupted (Ctrl-C). Resume with succession job run --terminal \(root) (the same question)"
        )
    }

    static func sandboxTerminal(_ root: String) -> Phrase {
        Phrase("サンドボックス端末: \(root)", "Sandbox terminal: \(root)")
    }

    static func succession(_ old: MedicalInstitutionCode, _ new: MedicalInstitutionCode) -> Phrase {
        Phrase(
            "承継: \(old.digits)（\(old.prefecture.japaneseName)）→ \(new.digits)（\(new.prefecture.japaneseName)）",
            "Succession: \(old.digits) → \(new.digits)"
        )
    }

    static func demoReaders(pluggedIn: Bool) -> Phrase {
        Phrase(
            "  （デモ）カードリーダーの USB ケーブルを\(pluggedIn ? "接続しました" : "外しました")",
            "  (demo) readers \(pluggedIn ? "plugged in" : "unplugged")"
        )
    }

    static func demoPerson(_ step: String, _ prompt: String, _ shown: String) -> Phrase {
        Phrase(
            "  （デモ・作業者）\(step) \(prompt) → \(shown)",
            "  (demo person) \(step) \(prompt) → \(shown)"
        )
    }

    // Labels of a certificate's description
    static let subject = Phrase("発行先", "Subject")
    static let issuer = Phrase("発行者", "Issuer")
    static let institutionCode = Phrase("医療機関等コード", "Institution code")
    static let validity = Phrase("有効期間", "Valid")
    static let serial = Phrase("シリアル番号", "Serial")
    static let privateKey = Phrase("秘密鍵", "Private key")
    static let sha256 = Phrase("SHA-256", "SHA-256")
    static let mac = Phrase("MAC", "MAC")
    static let keyEncryption = Phrase("鍵の暗号化", "Key encryption")
    static let certificateEncryption = Phrase("証明書の暗号化", "Certificate encryption")
    static let chain = Phrase("チェーン", "Chain")
}
