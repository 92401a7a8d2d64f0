/// 【工事手順⑫】 顔認証用アカウントの紐づけを設定: every reader ③ noted (or, when ③ found none, every
/// reader connected now) is added with the face-auth login name and shows 接続中. The password is
/// checked against the face-auth account's policy, and never recorded.
public struct BindReadersStep: ProcedureStep {
    /// What ⑫ recorded.
    public struct Evidence: Codable, Sendable, Hashable {
        /// The login name bound (the face-auth account).
        public var loginName: String?
        /// The readers bound, each then 接続中.
        public var boundSerials: [ReaderSerialNumber]?
    }

    /// The part of the terminal it works: the login-name management tool.
    public static let terminalPart: TerminalPart? = .readerBindings

    public static let step = SuccessionStep(
        id: .step12,
        mark: "⑫",
        title: LocalizedText(ja: "顔認証用アカウントの紐づけを設定", en: "Bind the face-auth account to each reader"),
        kind: .automatic,
        preconditions: [.step5, .step11],
        operations: LocalizedLines(
            ja: [
                "Caora の電源ケーブル、USB ケーブルが正しく接続されていることを確認します。",
                "Caora の背面の電源ボタンを 2 秒間押します。しばらく待つと [サービス起動中画面] が表示されます。",
                "スタート →「本人認証用カードリーダーソフト」→「ログイン名管理ツール」。初回は「ソフトウェア利用許諾契約について」で「同意する」。",
                "「どのログイン名にも登録されていないCaoraがN台接続されています」が表示されていることを確認し「新規追加」（表示されない場合は 10 秒ほど待って「最新の情報に更新」）。",
                "「ログイン名」「パスワード」を入力し、「シリアルNo.」を選択して「登録」。",
                "登録した装置情報が表示され、状態が「接続中」であることを確認して「閉じる」→ 確認ダイアログで「はい」。",
            ],
            en: [
                "Check that each Caora's power and USB cables are connected.",
                "Hold the power button on its back for 2 seconds; the service start-up screen appears after a while.",
                "Start → 本人認証用カードリーダーソフト → ログイン名管理ツール; the first time, accept the licence (同意する).",
                "Check that \"どのログイン名にも登録されていないCaoraがN台接続されています\" shows, then 新規追加 (add) (if not, wait ~10 s and click 最新の情報に更新).",
                "Enter the login name and the password, choose the シリアルNo., click 登録 (register).",
                "Check that the reader shows 接続中 (connected), then 閉じる and はい.",
            ]
        )
    )

    /// The store call's name in the journal.
    static let binding = "readers.add"

    public func details(_ job: Job) -> LocalizedLines {
        let login = AccountID.faceAuth.rawValue
        let noted = job.evidence(of: UnbindReadersStep.self)?.readerSerials ?? []
        var ja = ["ログイン名: \(login)（顔認証アカウント。0 は数字のゼロ。ユーザ設定情報の用紙で確認してください: マニュアルは FOFACE01 と印刷、ゼロは推定）"]
        var en = [
            "Login name: \(login) (the face-auth account; 0 is the digit zero — check the user-settings paper: the manual prints FOFACE01, the zero is inferred)"
        ]
        if !noted.isEmpty {
            let serials = noted.map(\.rawValue)
            ja.append("③でメモしたシリアル番号: \(serials.joined(separator: "、"))（全台を登録します）")
            en.append("Serials noted in step 3: \(serials.joined(separator: ", ")) (register every one)")
        }
        return LocalizedLines(ja: ja, en: en)
    }

    private func readers(_ context: StepContext, _ answers: StepAnswers) -> [ReaderSerialNumber]? {
        let noted = context.evidence(of: UnbindReadersStep.self)?.readerSerials ?? []
        if !noted.isEmpty { return noted }
        if case .serials(let now) = answers[.connectedReaders] { return now }
        return nil
    }

    public func nextQuestion(_ context: StepContext, _ answers: StepAnswers) -> JobQuestion? {
        if context.inputs.facePassword == nil {
            return JobQuestion(
                id: .facePassword,
                step: Self.id,
                prompt: LocalizedText(
                    ja: "顔認証アカウント（\(AccountID.faceAuth.rawValue)）のパスワードを入力してください（表示されません。記録されません）。",
                    en:
                        "Type the face-auth account's (\(AccountID.faceAuth.rawValue)) password (not shown, never recorded)."
                ),
                kind: .secret(.facePassword)
            )
        }
        guard context.attended else { return nil }
        guard let serials = readers(context, answers) else {
            return JobQuestion(
                id: .connectedReaders,
                step: Self.id,
                prompt: LocalizedText(
                    ja: "③ではカードリーダーが記録されていません。いま接続したカードリーダーのシリアルNo.（本体背面のシール）を 1 台 1 行で入力してください。",
                    en:
                        "Step 3 recorded no reader. Type the シリアルNo. (the sticker on the back) of each reader connected now, one per line."
                ),
                kind: .serialList
            )
        }
        for serial in serials where !answers.has(.readerState.about(serial.rawValue)) {
            return JobQuestion(
                id: .readerState.about(serial.rawValue),
                step: Self.id,
                subject: serial.rawValue,
                prompt: LocalizedText(
                    ja:
                        "「新規追加」でログイン名 \(AccountID.faceAuth.rawValue)、パスワード、シリアルNo. \(serial.rawValue) を選んで「登録」しました。一覧に表示されているこのリーダーの状態は？",
                    en:
                        "You added (新規追加) login name \(AccountID.faceAuth.rawValue), its password and serial \(serial.rawValue), and clicked 登録. Which state does the list show for this reader?"
                ),
                kind: .choice([
                    Choice("connected", LocalizedText(ja: "接続中", en: "connected"), words: ["接続中"]),
                    Choice("notConnected", LocalizedText(ja: "未接続", en: "not connected"), words: ["未接続"]),
                    Choice(
                        "notYet",
                        LocalizedText(ja: "まだ登録していない", en: "not registered yet"),
                        words: ["まだ", "no", "いいえ"]
                    ),
                ])
            )
        }
        return nil
    }

    public func check(
        _ answer: Answer,
        to question: JobQuestion,
        _ context: StepContext,
        _ answers: StepAnswers
    ) -> Problem? {
        switch answer {
        case .serials(let serials) where serials.isEmpty:
            return Problem(.readerNone)
        case .serials(let serials):
            return ReaderSerialNumber.shapeProblem(serials)
        case .choice("notConnected"):
            return Problem(.readerNotConnectedAfterAdd, values: [.found: question.subject ?? ""])
        case .choice("notYet"):
            return Problem(
                .answerNotYet,
                values: [
                    .instruction: "「新規追加」→ ログイン名・パスワード・シリアルNo. →「登録」としてから状態を",
                    .expected: "add it (新規追加 → login name, password, serial → 登録), then give its state",
                ]
            )
        default: return nil
        }
    }

    public func checkSecret(_ secret: JobSecret, _ text: String, _ context: StepContext) -> Problem? {
        guard secret == .facePassword else { return nil }
        // The reply may say which rule a refused password broke; nothing of it is kept.
        return PasswordPolicy.check(AccountPassword(text), account: .faceAuth).first { $0.severity == .error }
    }

    public func perform(
        _ context: StepContext,
        _ answers: StepAnswers,
        into outcome: inout StepOutcome<Evidence>
    ) async throws(SuccessionError) {
        // A password given up front (a file, the environment) meets the policy too; a refusal
        // asks for it again and is never recorded.
        if let password = context.inputs.facePassword,
            let refusal = PasswordPolicy.check(password, account: .faceAuth).first(where: { $0.severity == .error })
        {
            outcome.askAgain(.facePassword, forgetting: .facePassword, because: refusal)
            return
        }
        let loginName = AccountID.faceAuth.rawValue
        outcome.notes.append(Problem(.accountFaceAuthInferred, severity: .warning, values: [.found: loginName]))
        if context.attended {
            outcome.verification = .typedEvidence
            outcome.evidence = Evidence(loginName: loginName, boundSerials: readers(context, answers) ?? [])
            return
        }
        guard let password = context.inputs.facePassword else {
            outcome.problems.append(Problem(.jobInputMissing, values: [.field: JobSecret.facePassword.rawValue]))
            return
        }
        let store = context.terminal.readers
        let listed = try await store.readers()
        let noted = readers(context, answers) ?? []
        let serials = noted.isEmpty ? listed.map(\.serial) : noted
        var bound: [ReaderSerialNumber] = []
        for serial in serials {
            do {
                // Binding is idempotent: a reader an attempt killed half-way bound is completed.
                let intent = try await store.prepareAdd(serial, loginName: loginName)
                let addition = try await context.change(.readers, Self.binding, intent: intent) {
                    intent async throws(SuccessionError) in
                    let addition = try await store.add(serial, loginName: loginName, password: password, as: intent)
                    return (addition, addition.change)
                }
                if addition.binding.isBound { bound.append(serial) }
            } catch {
                outcome.problems += error.problems
            }
        }
        outcome.evidence = Evidence(loginName: loginName, boundSerials: bound)
        if serials.isEmpty { outcome.problems.append(Problem(.readerNone)) }
    }

    public func reportFacts(_ evidence: Evidence?, in job: Job) -> [ReportFact] {
        let serials = evidence?.boundSerials.map { $0.map(\.rawValue) }
        return [
            ReportFact(
                LocalizedText(ja: "紐づけたカードリーダー", en: "Readers bound"),
                serials.map { LocalizedText(ja: $0.joined(separator: "、"), en: $0.joined(separator: ", ")) }
            )
        ]
    }
}
