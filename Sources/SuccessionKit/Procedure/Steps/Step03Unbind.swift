/// 【工事手順③】 顔認証用アカウントの紐づけを解除: each reader is powered off, its serial noted,
/// unplugged, and removed (撤去) in the login-name tool — only once it shows 未接続.
public struct UnbindReadersStep: ProcedureStep {
    /// What ③ recorded.
    public struct Evidence: Codable, Sendable, Hashable {
        /// Every reader noted (as printed on its sticker), recorded before any is removed: the
        /// readers ⑫ binds again.
        public var readerSerials: [ReaderSerialNumber]?
        /// The state each reader had when it was removed (未接続).
        public var readerStates: [String]?
    }

    /// The part of the terminal it works: the login-name management tool.
    public static let terminalPart: TerminalPart? = .readerBindings

    public static let step = SuccessionStep(
        id: .step3,
        mark: "③",
        title: LocalizedText(ja: "顔認証用アカウントの紐づけを解除", en: "Unbind the face-auth account from each reader"),
        kind: .automatic,
        preconditions: [.step2],
        operations: LocalizedLines(
            ja: [
                "Caora 本体: 筐体背面の「電源スイッチ」長押しで電源を切ります。",
                "背面のシール「SER. No. (DEV. ID.)」の番号をメモします（複数台の場合は全台）。",
                "資格確認端末から機器を取り外します（USB ケーブルを外す）。",
                "スタート →「本人認証用カードリーダーソフト」→「ログイン名管理ツール」を開きます。",
                "撤去した Caora のシリアル番号が「未接続」であることを確認し「撤去」→ 確認ダイアログで「はい」。",
                "画面左下の「閉じる」→ 確認ダイアログで「はい」。",
            ],
            en: [
                "On each Caora, hold the power switch on the back to turn it off.",
                "Note the number on its sticker \"SER. No. (DEV. ID.)\" (every reader, when there are several).",
                "Unplug it from the terminal (its USB cable).",
                "Start → 本人認証用カードリーダーソフト → ログイン名管理ツール (login-name management tool).",
                "Check that the removed Caora's serial shows 未接続 (not connected), then 撤去 (remove) → はい.",
                "閉じる (close, bottom left) → はい.",
            ]
        ),
        cautions: LocalizedLines(
            ja: ["撤去できるのは「未接続」のカードリーダーだけです。メモしたシリアル番号は⑫で全台を紐づけ直すのに使います。"],
            en: ["Only a reader showing 未接続 can be removed. The serials you note are the readers step 12 binds again."]
        )
    )

    public static var messages: [ProblemCode: ProblemMessage] { ReaderSerialMessages.all }

    /// The store call's name in the journal.
    static let removal = "readers.remove"

    public func nextQuestion(_ context: StepContext, _ answers: StepAnswers) -> JobQuestion? {
        guard context.attended else { return nil }
        guard case .readers(let readers) = answers[.readersListed] else {
            return JobQuestion(
                id: .readersListed,
                step: Self.id,
                prompt: LocalizedText(
                    ja: "ログイン名管理ツールに表示されているカードリーダーを 1 台 1 行で「シリアルNo. 状態」と入力してください（例: CAORA-000101 未接続）。無ければ「なし」。",
                    en:
                        "Type each reader the tool lists, one per line, as \"serial state\" (e.g. CAORA-000101 未接続). None: \"none\"."
                ),
                kind: .readerList
            )
        }
        for reader in readers where !answers.has(removed(reader.serial).id) {
            return removed(reader.serial).question
        }
        return nil
    }

    private func removed(_ serial: ReaderSerialNumber) -> Confirmation {
        Confirmation(
            id: .readerRemoved.about(serial.rawValue),
            step: Self.id,
            subject: serial.rawValue,
            prompt: LocalizedText(
                ja: "\(serial.rawValue) を「撤去」し、一覧から消えましたか？",
                en: "Did you remove (撤去) \(serial.rawValue), and is it gone from the list?"
            ),
            notYet: LocalizedText(
                ja: "\(serial.rawValue) が「未接続」であることを確認して「撤去」→「はい」としてから「はい」",
                en: "check that \(serial.rawValue) shows 未接続, click 撤去 and はい, then answer yes"
            )
        )
    }

    public func check(
        _ answer: Answer,
        to question: JobQuestion,
        _ context: StepContext,
        _ answers: StepAnswers
    ) -> Problem? {
        guard question.id == .readersListed, case .readers(let readers) = answer else { return nil }
        if let connected = readers.first(where: { $0.state == .connected }) {
            return Problem(.readerConnected, values: [.found: connected.serial.rawValue])
        }
        return ReaderSerialNumber.shapeProblem(readers.map(\.serial))
    }

    public func perform(
        _ context: StepContext,
        _ answers: StepAnswers,
        into outcome: inout StepOutcome<Evidence>
    ) async throws(SuccessionError) {
        if context.attended {
            guard case .readers(let readers) = answers[.readersListed] else { return }
            outcome.verification = .typedEvidence
            outcome.evidence = Evidence(
                readerSerials: readers.map(\.serial),
                readerStates: readers.map { "\($0.serial.rawValue) \($0.state.rawValue)" }
            )
            return
        }
        let store = context.terminal.readers
        let readers = try await store.readers()
        // Readers an earlier attempt removed are gone from the list: its intents name them.
        let earlier = context.earlierIntents(Self.removal).flatMap(\.subjects).map(ReaderSerialNumber.init(rawValue:))
        var states: [String] = earlier.map { "\($0.rawValue) \(CardReaderBinding.State.notConnected.rawValue)" }
        // A plugged-in reader bound to nothing is not in the tool's list: nothing to remove.
        for reader in readers where reader.state != .unregistered {
            do {
                let intent = try await store.prepareRemove(reader.serial)
                try await context.change(.readers, Self.removal, intent: intent) {
                    intent async throws(SuccessionError) in
                    ((), try await store.remove(reader.serial, as: intent))
                }
                states.append("\(reader.serial.rawValue) \(reader.state.rawValue)")
            } catch {
                outcome.problems += error.problems
            }
        }
        outcome.evidence = Evidence(
            readerSerials: Array(Set(earlier + readers.map(\.serial))).sorted(),
            readerStates: states
        )
    }
}
