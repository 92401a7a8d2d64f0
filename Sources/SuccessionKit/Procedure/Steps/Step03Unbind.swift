/// 【工事手順③】 顔認証用アカウントの紐づけを解除: each reader is powered off, its serial noted,
/// unplugged, and removed (撤去) in the login-name tool — only once it shows 未接続.
struct UnbindReadersStep: ProcedureStep {
    let step = SuccessionStep(
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

    static let list = JobQuestion.ID(.step3, "readers")

    func nextQuestion(_ context: StepContext, _ answers: StepAnswers) -> JobQuestion? {
        guard context.attended else { return nil }
        guard case .readers(let readers) = answers[Self.list] else {
            return JobQuestion(
                id: Self.list,
                step: .step3,
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
            id: JobQuestion.ID(.step3, "removed", subject: serial.rawValue),
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

    func check(_ answer: Answer, to question: JobQuestion, _ context: StepContext, _ answers: StepAnswers) -> Problem? {
        guard question.id == Self.list else { return nil }
        guard case .readers(let readers) = answer else { return nil }
        if let connected = readers.first(where: { $0.state == .connected }) {
            return Problem(.readerConnected, values: [.found: connected.serial.rawValue])
        }
        return ReaderSerialNumber.shapeProblem(readers.map(\.serial))
    }

    func perform(
        _ context: StepContext,
        _ answers: StepAnswers,
        into outcome: inout StepOutcome
    ) throws(SuccessionError) {
        if context.attended {
            guard case .readers(let readers) = answers[Self.list] else { return }
            outcome.verification = .typedEvidence
            outcome.evidence.readerSerials = readers.map(\.serial)
            outcome.evidence.readerStates = readers.map { "\($0.serial.rawValue) \($0.state.rawValue)" }
            return
        }
        let readers = try context.terminal.readers.readers()
        // An attempt killed half-way journaled its intent: those readers may be gone already.
        let earlier = context.job.intents(of: .step3).flatMap { $0.readerSerials ?? [] }
        let serials = Array(Set(earlier + readers.map(\.serial))).sorted()
        outcome.evidence.readerSerials = serials
        // The intent — every serial to unbind — is journaled before the first removal.
        var intent = StepEvidence()
        intent.readerSerials = serials
        try context.journalIntent(.step3, evidence: intent)
        var states: [String] = []
        // A plugged-in reader bound to nothing is not in the tool's list: nothing to remove.
        for reader in readers where reader.state != .unregistered {
            do {
                try context.changed(.step3, .readers, try context.terminal.readers.remove(reader.serial))
                states.append("\(reader.serial.rawValue) \(reader.state.rawValue)")
                if states.count == 1 { context.failpoint?("3:afterFirstReader") }
            } catch {
                outcome.problems += error.problems
            }
        }
        outcome.evidence.readerStates = states
    }
}

extension ReaderSerialNumber {
    /// A serial whose length differs from the others of one list (a digit missing?): a warning
    /// that asks again; the same list typed again is taken as the stickers show it.
    static func shapeProblem(_ serials: [ReaderSerialNumber]) -> Problem? {
        guard serials.count > 1 else { return nil }
        let lengths = Dictionary(grouping: serials, by: \.rawValue.count)
        guard lengths.count > 1, let usual = lengths.max(by: { ($0.value.count, $0.key) < ($1.value.count, $1.key) })
        else { return nil }
        guard let odd = serials.first(where: { $0.rawValue.count != usual.key }),
            let other = serials.first(where: { $0.rawValue.count == usual.key })
        else { return nil }
        return Problem(.answerSerialShape, values: [.found: odd.rawValue, .expected: other.rawValue])
    }
}
