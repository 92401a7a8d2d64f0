/// 【工事手順⑬】 最新バージョンのインストール: download now and reboot until no update popup shows
/// (at most ``DistributionStatus/maximumRounds``), then the distribution record's `Status=` is one
/// of the manual's two waiting states with its 再開予定時刻, and face authentication works after
/// the reboot.
public struct DistributionStep: ProcedureStep {
    /// What ⑬ recorded.
    public struct Evidence: Codable, Sendable, Hashable {
        /// The `Status=` text.
        public var distributionStatus: String?
        /// Its 再開予定時刻, as written.
        public var resumeAt: String?
        /// Whether face authentication worked after the reboot.
        public var faceAuthWorks: Bool?
    }

    public static let step = SuccessionStep(
        id: .step13,
        mark: "⑬",
        title: LocalizedText(ja: "最新バージョンのインストール", en: "Install the latest version"),
        kind: .manual,
        preconditions: [.step12],
        operations: LocalizedLines(
            ja: [
                "デスクトップの「オンライン資格確認配信アプリケーション管理ツール」をダブルクリック（デバイス変更の許可画面は「はい」）。",
                "「今すぐダウンロード」→「ダウンロード依頼の受付」画面で「OK」。",
                "暫く待つと（1〜3 分）通知画面が表示されるので、Windows マーク > 電源 > 再起動を実施します（「確認しました」や × では再起動されません）。",
                "資材は何回かに分けてダウンロードされることがあります: 通知が表示されなくなるまで最初から繰り返します（最大 \(DistributionStatus.maximumRounds) 回）。",
                "通知が表示されなくなったら「配信実績の確認」をクリックし、[Information] の「Status=」の行を確認します。",
            ],
            en: [
                "Double-click オンライン資格確認配信アプリケーション管理ツール on the desktop (answer はい to the device-change prompt).",
                "今すぐダウンロード (download now) → OK on ダウンロード依頼の受付.",
                "After 1–3 minutes a notice appears: reboot by Windows → Power → Restart (確認しました or × do not reboot).",
                "Updates may come in several parts: repeat from the start until the notice no longer appears (at most \(DistributionStatus.maximumRounds) rounds).",
                "Then click 配信実績の確認 and read the Status= line under [Information].",
            ]
        ),
        cautions: LocalizedLines(
            ja: ["端末がノート PC の場合は必ず電源ケーブルを接続した状態で実施します（バッテリーモードでは配信アプリケーションは動作しません）。"],
            en: ["On a notebook PC keep its power cable connected: the distribution app does not run on battery."]
        )
    )

    public func nextQuestion(_ context: StepContext, _ answers: StepAnswers) -> JobQuestion? {
        answers.firstUnanswered([
            JobQuestion(
                id: .distributionStatus,
                step: Self.id,
                prompt: LocalizedText(
                    ja: "「配信実績の確認」の Status= の行を、表示のとおり入力するか貼り付けてください（Status= は付けても付けなくても可）。",
                    en: "Type or paste the Status= line of 配信実績の確認 as shown (with or without Status=)."
                ),
                kind: .statusLine
            ),
            JobQuestion(
                id: .faceAuthWorks,
                step: Self.id,
                prompt: LocalizedText(
                    ja: "再起動後、エラーなく正常に顔認証ができましたか？",
                    en: "After the reboot, does face authentication work without errors?"
                ),
                kind: .choice([.yes, .no])
            ),
        ])
    }

    public func check(
        _ answer: Answer,
        to question: JobQuestion,
        _ context: StepContext,
        _ answers: StepAnswers
    ) -> Problem? {
        // The next scheduled run lies ahead of the reboot, never behind the work.
        guard case .status(let status) = answer else { return nil }
        return DistributionStatus(line: status.text, now: context.now).problem
    }

    public func perform(_ context: StepContext, _ answers: StepAnswers, into outcome: inout StepOutcome<Evidence>) {
        guard case .status(let status) = answers[.distributionStatus] else { return }
        outcome.verification = .typedEvidence
        let works = answers.choice(.faceAuthWorks) == "yes"
        outcome.evidence = Evidence(distributionStatus: status.text, resumeAt: status.resumeAt, faceAuthWorks: works)
        if !works { outcome.problems.append(Problem(.jobFaceAuthFailed)) }
    }

    public func reportFacts(_ evidence: Evidence?, in job: Job) -> [ReportFact] {
        [
            ReportFact(
                LocalizedText(ja: "配信実績 Status", en: "Distribution record Status"),
                evidence?.distributionStatus
            )
        ]
    }

    public static let messages: [ProblemCode: ProblemMessage] = [
        .jobFaceAuthFailed: ProblemMessage(
            ja: { _ in "再起動後に顔認証ができていません。カードリーダーの接続と⑫の紐づけを確認し、配信アプリの更新をやり直してください。" },
            en: { _ in
                "Face authentication does not work after the reboot. Check the readers and step 12's binding, then redo the update."
            }
        )
    ]
}

extension ProblemCode {
    /// ⑬ face authentication did not work after the reboot.
    public static let jobFaceAuthFailed = ProblemCode(rawValue: "job.faceAuthFailed")
}
