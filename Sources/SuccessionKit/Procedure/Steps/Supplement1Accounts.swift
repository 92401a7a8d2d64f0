/// 【補足資料①】 各アカウントの登録, when ⑨ could not log in: the ユーザ設定情報 paper is the production
/// one for the new code; the master password reset (1-①) or change (2-①), the admin account
/// registered (2-②, its 機関コード pasted into the setup text) and its password changed (3-①), the
/// bulk registration (3-②) ended 登録完了 with 処理件数 2, and each account logs in.
public struct AccountRegistrationStep: ProcedureStep {
    /// What 補足① recorded.
    public struct Evidence: Codable, Sendable, Hashable {
        /// Its path and results.
        public var accountRegistration: AccountRegistration?
    }

    public static let step = SuccessionStep(
        id: .supplement1,
        mark: "補足①",
        title: LocalizedText(ja: "各アカウントの登録", en: "Register the accounts (when not carried over)"),
        kind: .manual,
        preconditions: [.step8],
        isSupplement: true,
        operations: LocalizedLines(
            ja: [
                "事前準備（お客様）: 新しい医療機関等コードで医療機関等向けポータルサイトにログインし『オンライン資格確認等システムユーザ設定情報』をダウンロード・印刷します。",
                "用紙の確認: 利用環境が「本番環境」、医療機関コードが新しい医療機関コード（古いものと間違えないように注意）。",
                "初期パスワードの記載有り: ユーザID と初期パスワードで 2-① から。記載無し: リセット用ユーザID（ユーザID + R）と「秘密の番号」4 桁で 1-① から。",
                "1-① リセット用ユーザID でログイン →「アカウント管理(更新)」→「検索」→ マスタアカウントをダブルクリック →「パスワード初期化」→ PDF を「ダウンロード」→ ログアウト。",
                "2-① マスタアカウントでログインし「パスワード変更」（8〜20 文字、数字・英小文字・英大文字・特殊文字を各 1 つ以上）。",
                "2-② 「アカウント管理(登録)」: 画面の「機関コード」をコピーして「資格確認端末セットアップ用テキスト」に新しい機関コードを貼り付けて上書き保存 → 権限区分「管理者」、ユーザID OnsKANRI、ユーザ名 管理アカウント、カナ カンリアカウント、利用開始年月日 当日、利用終了年月日 設定しない →「登録」→「OK」→ 初期パスワードの PDF を「ダウンロード」→ ログアウト。",
                "3-① OnsKANRI と初期パスワードでログイン → パスワード変更（セットアップ用テキストの項番 6.9、既定 OnsAdmin@00369）→ ログアウト。",
                "3-② 資格情報マネージャーの OQS_LOGIN_KEY のユーザー名で「医科歯科」（R0RENK01）か「薬局」（R1RENK01）かを確認 → OnsKANRI でログイン →「アカウント一括登録」→ 該当する csv を選択 →「登録」→「OK」。",
                "「アカウント一括登録結果」で「登録状況: 登録完了」「処理件数: 2」を確認します（1 分ごとに自動更新。「登録中」なら「更新」）。",
                "管理・連携・顔認証アカウントでそれぞれログインできることを確認します（【受託】などで複数アカウントがある場合は全てのアカウント）。それから⑨に戻ります。",
            ],
            en: [
                "Beforehand (the customer): log in to the portal with the NEW code and download and print the user-settings paper (ユーザ設定情報).",
                "Check the paper: 利用環境 is 本番環境 (production), 医療機関コード is the NEW code (not the old one).",
                "An initial password printed: start at 2-① with user ID and that password. None printed: start at 1-① with the reset ID (user ID + R) and the 4-digit 秘密の番号.",
                "1-①: log in with the reset ID → アカウント管理(更新) → 検索 → double-click the master account → パスワード初期化 → download the PDF → log out.",
                "2-①: log in as the master account and change its password (8–20 characters, at least one digit, lower, upper and special character).",
                "2-②: アカウント管理(登録): copy the 機関コード shown, paste it into the setup text file (資格確認端末セットアップ用テキスト) and save it; then 権限区分 管理者, user ID OnsKANRI, name 管理アカウント / カンリアカウント, start today, no end → 登録 → OK → download the initial-password PDF → log out.",
                "3-①: log in as OnsKANRI with the initial password → change it (setup text 6.9, default OnsAdmin@00369) → log out.",
                "3-②: tell 医科歯科 (R0RENK01) from 薬局 (R1RENK01) by OQS_LOGIN_KEY's user name → log in as OnsKANRI → アカウント一括登録 → choose that csv → 登録 → OK.",
                "On アカウント一括登録結果 check 登録状況 登録完了 and 処理件数 2 (it refreshes every minute; 更新 when 登録中).",
                "Log in with the admin, linkage and face-auth accounts (every account, where 【受託】 or others have several), then go back to step 9.",
            ]
        ),
        cautions: LocalizedLines(
            ja: ["アップロードは 1 分以上間隔を空けてください。CSV の文字コードは Shift-JIS のみです。"],
            en: ["Leave at least a minute between uploads. The CSV must be Shift-JIS."]
        )
    )

    public static let notNeededNote: LocalizedText? = LocalizedText(
        ja: "⑨で各アカウントの引き継ぎを確認済み",
        en: "step ⑨ confirmed that every account carried over"
    )

    /// Needed only when ⑨ could not log in (and kept when it was done).
    public func isNeeded(in job: Job) -> Bool { job.hasBranched(.step9) }

    public func nextQuestion(_ context: StepContext, _ answers: StepAnswers) -> JobQuestion? {
        let questions: [(JobQuestion.ID, LocalizedText, AnswerKind)] = [
            (
                .paperEnvironment,
                LocalizedText(ja: "ユーザ設定情報の用紙の「利用環境」は？", en: "利用環境 on the user-settings paper:"),
                .choice([
                    Choice("production", LocalizedText(ja: "本番環境", en: "production (本番環境)")),
                    Choice("other", LocalizedText(ja: "それ以外", en: "something else"), words: ["検証環境"]),
                ])
            ),
            (
                .paperCode,
                LocalizedText(ja: "用紙の「医療機関コード」10 桁を入力してください。", en: "Type the paper's 10-digit 医療機関コード."),
                .code
            ),
            (
                .registrationPath,
                LocalizedText(ja: "用紙に初期パスワードの記載はありましたか？", en: "Was an initial password printed on the paper?"),
                .choice([
                    Choice(
                        "initialPassword",
                        LocalizedText(ja: "記載あり（2-① から）", en: "yes (from 2-①)"),
                        words: Choice.yes.words + ["はい", "あり", "記載あり", "有"]
                    ),
                    Choice(
                        "secretNumber",
                        LocalizedText(ja: "記載なし（1-① から）", en: "no (from 1-①)"),
                        words: Choice.no.words + ["いいえ", "なし", "記載なし", "無"]
                    ),
                ])
            ),
            (
                .setupTextSaved,
                LocalizedText(
                    ja: "2-② で画面の「機関コード」を「資格確認端末セットアップ用テキスト」に貼り付けて上書き保存しましたか？",
                    en: "At 2-②, did you paste the 機関コード shown into the setup text file and save it?"
                ),
                .choice([.yes, .no])
            ),
            (
                .registrationStatus,
                LocalizedText(ja: "「アカウント一括登録結果」の「登録状況」を表示のとおり入力してください。", en: "Type 登録状況 of アカウント一括登録結果 as shown."),
                .text
            ),
            (
                .processedCount,
                LocalizedText(ja: "同じ行の「処理件数」は？", en: "処理件数 (processed count) on that row:"),
                .count
            ),
            (
                .loggedIn,
                LocalizedText(
                    ja: "ログインできたアカウントのユーザIDを空白区切りで入力してください（例: OnsKANRI R0RENK01 F0FACE01。【受託】などで複数アカウントがある場合は全て）。",
                    en:
                        "Type the user IDs that could log in, separated by spaces (e.g. OnsKANRI R0RENK01 F0FACE01; every account, where there are several)."
                ),
                .text
            ),
        ]
        return answers.firstUnanswered(
            questions.map { id, prompt, kind in
                id == .setupTextSaved
                    ? Confirmation(
                        id: id,
                        step: Self.id,
                        prompt: prompt,
                        notYet: LocalizedText(
                            ja: "「アカウント管理(登録)」の機関コードをコピーし、セットアップ用テキストに貼り付けて上書き保存してから「はい」",
                            en: "copy the 機関コード on アカウント管理(登録), paste it into the setup text, save it, then answer yes"
                        )
                    ).question
                    : JobQuestion(id: id, step: Self.id, prompt: prompt, kind: kind)
            }
        )
    }

    public func check(
        _ answer: Answer,
        to question: JobQuestion,
        _ context: StepContext,
        _ answers: StepAnswers
    ) -> Problem? {
        switch (question.id, answer) {
        case (.paperEnvironment, .choice("other")):
            return Problem(.jobPaperMismatch, values: [.field: "利用環境", .found: "それ以外", .expected: "本番環境"])
        case (.paperCode, .code(let code)) where code != context.job.newCode:
            // The old code's paper is the manual's warned mistake: get the new one first.
            return Problem(
                .jobPaperMismatch,
                values: [.field: "医療機関コード", .found: code.digits, .expected: context.job.newCode.digits]
            )
        case (.registrationStatus, .text(let text)):
            guard let status = RegistrationStatus(label: text) else {
                return Problem(.registrationUnknown, values: [.found: Answer.shown(text)])
            }
            // 登録待ち / 登録中: not finished yet — wait, 更新, then type it again.
            return status.outcome == .wait ? status.problem : nil
        case (.processedCount, .count(let count)) where count != AccountRegistration.expectedCount:
            return Problem(.answerMismatch, values: [.field: "処理件数", .found: String(count)])
        case (.loggedIn, .text(let text)):
            for id in Self.ids(text) {
                if let problem = AccountID.identify(id).problems.first(where: { $0.severity == .error }) {
                    return problem
                }
            }
            return nil
        default: return nil
        }
    }

    private static func ids(_ text: String) -> [String] {
        text.split(whereSeparator: { $0.isWhitespace || $0 == "," || $0 == "、" }).map(String.init)
    }

    public func perform(_ context: StepContext, _ answers: StepAnswers, into outcome: inout StepOutcome<Evidence>) {
        guard case .code(let code) = answers[.paperCode], case .text(let statusText) = answers[.registrationStatus],
            case .count(let count) = answers[.processedCount], case .text(let logins) = answers[.loggedIn]
        else { return }
        outcome.verification = .typedEvidence
        outcome.evidence = Evidence(
            accountRegistration: AccountRegistration(
                environment: "本番環境",
                paperCode: code.digits,
                path: answers.choice(.registrationPath) == "initialPassword" ? .initialPassword : .secretNumber,
                registrationStatus: RegistrationStatus(label: statusText)?.rawValue ?? statusText,
                processedCount: count,
                loggedIn: Self.ids(logins)
            )
        )
        if let problem = RegistrationStatus(label: statusText)?.problem {
            outcome.problems.append(Problem(problem.code, severity: .error, values: problem.values))
        }
        if count != AccountRegistration.expectedCount {
            outcome.problems.append(Problem(.jobProcessedCount, values: [.found: String(count)]))
        }
    }

    public static let messages: [ProblemCode: ProblemMessage] = [
        .jobPaperMismatch: ProblemMessage(
            ja: {
                "ユーザ設定情報の「\($0[.field] ?? "")」が「\($0[.found] ?? "")」です（「\($0[.expected] ?? "")」のはず）。古いものと間違えないよう、新しいコードの本番環境の用紙を使ってください。"
            },
            en: {
                "The ユーザ設定情報 paper's \($0[.field] ?? "") is '\($0[.found] ?? "")', not '\($0[.expected] ?? "")'. Use the production paper of the new code, not the old one."
            }
        ),
        .jobProcessedCount: ProblemMessage(
            ja: { "一括登録の処理件数が \($0[.found] ?? "?") 件です（顔認証・連携アカウントの 2 件のはず）。登録結果をダウンロードして確認してください。" },
            en: {
                "The bulk registration processed \($0[.found] ?? "?") rows, not 2 (face-auth + linkage). Download the result and check it."
            }
        ),
    ]
}

extension AccountRegistration {
    /// 処理件数 after a successful bulk registration: the face-auth and the linkage account.
    public static let expectedCount = 2
}

extension ProblemCode {
    /// 補足① the paper is not the production one, or not for the new code. Values: field, found, expected.
    public static let jobPaperMismatch = ProblemCode(rawValue: "job.paperMismatch")
    /// 補足① 処理件数 is not 2. Values: found.
    public static let jobProcessedCount = ProblemCode(rawValue: "job.processedCount")
}

/// 補足① 各アカウントの登録: which path was taken and what the system showed.
public struct AccountRegistration: Sendable, Hashable, Codable {
    /// How the master account was entered.
    public enum Path: String, Sendable, Hashable, Codable {
        /// The ユーザ設定情報 paper shows an 初期パスワード: from 2-①.
        case initialPassword
        /// No password on the paper: reset ID + 4-digit 秘密の番号, from 1-①.
        case secretNumber
    }

    /// 利用環境 on the ユーザ設定情報 paper (must be 本番環境).
    public var environment: String
    /// 医療機関コード on the paper (must be the new code).
    public var paperCode: String
    /// How the master account was entered.
    public var path: Path
    /// 登録状況 of the bulk registration (3-②), as shown.
    public var registrationStatus: String
    /// 処理件数 as shown (2 expected: face-auth + linkage).
    public var processedCount: Int
    /// The accounts a login was tried with afterwards, each of which worked.
    public var loggedIn: [String]

    package init(
        environment: String,
        paperCode: String,
        path: Path,
        registrationStatus: String,
        processedCount: Int,
        loggedIn: [String]
    ) {
        self.environment = environment
        self.paperCode = paperCode
        self.path = path
        self.registrationStatus = registrationStatus
        self.processedCount = processedCount
        self.loggedIn = loggedIn
    }
}
