/// 【工事手順⑤】 「初期化ツール」の実施: InitializeFace.bat first; ReaderInfo.ini deleted by hand only
/// when the tool is missing or fails. Either unbinds every reader of the terminal.
public struct InitializeReadersStep: ProcedureStep {
    /// What ⑤ recorded.
    public struct Evidence: Codable, Sendable, Hashable {
        /// How the bindings were cleared.
        public var initialization: ReaderInitialization.Method?
        /// The readers that lost their binding (each bound again at ⑫).
        public var unboundSerials: [ReaderSerialNumber]?
    }

    /// The part of the terminal it works: the readers' initialization.
    public static let terminalPart: TerminalPart? = .readerInitialization

    public static let step = SuccessionStep(
        id: .step5,
        mark: "⑤",
        title: LocalizedText(ja: "「初期化ツール」の実施", en: "Run the initialization (ReaderInfo.ini)"),
        kind: .automatic,
        preconditions: [.step3],
        operations: LocalizedLines(
            ja: [
                "エクスプローラーで PC > ローカルディスク(C:) > Work を開きます。",
                "C:\\Work\\InitializeFace.bat をダブルクリックして初期化ツールを起動します。",
                "セットアップ情報の初期化「1」を入力して Enter。「初期化完了」が表示されたら Enter で終了します。",
                "初期化ツールが見当たらない・うまくいかない場合のみ: Windows キー + E → C:\\ProgramData\\OQS-Auth の ReaderInfo.ini を削除します。",
            ],
            en: [
                "In Explorer open PC > Local Disk (C:) > Work.",
                "Double-click C:\\Work\\InitializeFace.bat to start the initialization tool.",
                "Type 1 and Enter; when 初期化完了 (done) shows, press Enter to close it.",
                "Only when the tool is missing or fails: Windows key + E → C:\\ProgramData\\OQS-Auth, delete ReaderInfo.ini.",
            ]
        ),
        cautions: LocalizedLines(
            ja: ["どちらの方法でも、この端末に接続されている全てのカードリーダーの紐づけが解除されます。複数台の場合は⑫で全台に再度アカウント設定が必要です。"],
            en: [
                "Either way every reader connected to this terminal loses its binding: with several, step 12 binds each again."
            ]
        )
    )

    /// The store call's name in the journal.
    static let initialization = "readers.initialize"

    public func nextQuestion(_ context: StepContext, _ answers: StepAnswers) -> JobQuestion? {
        guard context.attended, !answers.has(.initializationMethod) else { return nil }
        return JobQuestion(
            id: .initializationMethod,
            step: Self.id,
            prompt: LocalizedText(ja: "行ったものを選んでください。", en: "Which was done?"),
            kind: .choice([
                Choice(
                    "1",
                    LocalizedText(ja: "InitializeFace.bat で初期化完了", en: "InitializeFace.bat finished"),
                    words: ["tool"]
                ),
                Choice("2", LocalizedText(ja: "ReaderInfo.ini を削除", en: "ReaderInfo.ini deleted"), words: ["ini"]),
                Choice("3", LocalizedText(ja: "まだ", en: "not yet"), words: ["no", "いいえ", "n"]),
            ])
        )
    }

    public func check(
        _ answer: Answer,
        to question: JobQuestion,
        _ context: StepContext,
        _ answers: StepAnswers
    ) -> Problem? {
        answer == .choice("3")
            ? Problem(
                .answerNotYet,
                values: [
                    .instruction: "InitializeFace.bat を実行し「1」→ Enter、初期化完了を確認してから「InitializeFace.bat で初期化完了」",
                    .expected:
                        "run InitializeFace.bat, type 1 and Enter, wait for 初期化完了, then answer \"InitializeFace.bat finished\"",
                ]
            ) : nil
    }

    public func perform(
        _ context: StepContext,
        _ answers: StepAnswers,
        into outcome: inout StepOutcome<Evidence>
    ) async throws(SuccessionError) {
        let noted = context.evidence(of: UnbindReadersStep.self)?.readerSerials ?? []
        if context.attended {
            outcome.verification = .person
            // Every reader ③ noted lost its binding: ⑫ binds each again.
            outcome.evidence = Evidence(
                initialization: answers.choice(.initializationMethod) == "2" ? .readerInfoDeleted : .initializeTool,
                unboundSerials: noted
            )
            return
        }
        let store = context.terminal.readers
        let impact = try await store.initializationImpact()
        outcome.problems += impact.problems
        // In a job, ③'s record is the confirmation the several-readers rule asks for: every reader
        // about to be unbound must be among the serials it noted.
        let confirmed = Set(impact.readersToUnbind).isSubset(of: noted)
        if let refusal = impact.confirmationProblem(confirmed: confirmed) {
            outcome.problems.append(refusal)
            return
        }
        let intent = try await store.prepareInitialize()
        let done = try await context.change(.readers, Self.initialization, intent: intent) {
            intent async throws(SuccessionError) in
            let done = try await store.initialize(as: intent)
            return (done, done.change)
        }
        // An attempt killed after the initialization unbound the readers already: its intent says
        // which, and how.
        let first = context.earlierIntents(Self.initialization).first
        // Where a person works the login-name tool (a Windows agent's terminal) no store reads
        // the bindings: the readers ③ noted are the ones unbound, as on an attended terminal.
        let bindingsByPerson = context.terminal.observation(of: .readerBindings) == .person
        outcome.evidence = Evidence(
            initialization: first?.before.flatMap(ReaderInitialization.Method.init(rawValue:)) ?? done.method,
            unboundSerials: bindingsByPerson
                ? noted : first.map { $0.subjects.map(ReaderSerialNumber.init(rawValue:)) } ?? done.unbound
        )
    }
}
