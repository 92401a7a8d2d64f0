import Foundation

/// 【補足資料②】 顔認証付きカードリーダーの医療機関名表示: the readers' waiting screen shows the right
/// facility name — the new facility's, as the customer gives it — else it is changed in the
/// 設定ツール. A name that differs is asked again; typed again the same, it is recorded as what the
/// screen shows, and the step fails with the way to change it.
public struct FacilityNameStep: ProcedureStep {
    /// What 補足② recorded.
    public struct Evidence: Codable, Sendable, Hashable {
        /// The facility name now on the readers' waiting screen.
        public var facilityName: String?
        /// The facility's right name, as the customer gave it.
        public var expectedFacilityName: String?
    }

    public static let step = SuccessionStep(
        id: .supplement2,
        mark: "補足②",
        title: LocalizedText(ja: "顔認証付きカードリーダーの医療機関名表示を変更", en: "Set the facility name on the readers' screen"),
        kind: .manual,
        preconditions: [.step12],
        isSupplement: true,
        operations: LocalizedLines(
            ja: [
                "『Caora』の待機画面に正しい医療機関名（新しい医療機関の名称）が表示されているか確認します。",
                "変更する場合: スタート →「本人認証用カードリーダーソフト」→「設定ツール」。",
                "TOP 画面に医療機関名を入力して「登録」→ 確認ダイアログで「はい」→ 完了ダイアログで「OK」。",
                "画面左下の「閉じる」→ 確認ダイアログで「はい」。カードリーダーの画面で変更されていることを確認します。",
            ],
            en: [
                "Check that the Caora's waiting screen shows the right facility name (the new facility's).",
                "To change it: Start → 本人認証用カードリーダーソフト → 設定ツール (settings tool).",
                "Type the facility name on the TOP screen → 登録 → はい → OK.",
                "閉じる (bottom left) → はい. Check the reader's screen shows the new name.",
            ]
        )
    )

    public func nextQuestion(_ context: StepContext, _ answers: StepAnswers) -> JobQuestion? {
        answers.firstUnanswered([
            JobQuestion(
                id: .expectedFacilityName,
                step: Self.id,
                prompt: LocalizedText(
                    ja: "新しい医療機関の正しい名称（お客様に確認した、待機画面に表示するべき名称）を入力してください。",
                    en:
                        "Type the new facility's right name (as the customer confirms it: what the waiting screen should show)."
                ),
                kind: .text
            ),
            JobQuestion(
                id: .facilityName,
                step: Self.id,
                prompt: LocalizedText(
                    ja: "カードリーダーの待機画面にいま表示されている医療機関名を、表示のとおり入力してください。",
                    en: "Type the facility name the readers' waiting screen shows now, as shown."
                ),
                kind: .text
            ),
        ])
    }

    /// Names compared as a person reads them: full-width and half-width forms alike, spaces ignored.
    static func same(_ lhs: String, _ rhs: String) -> Bool {
        func normal(_ text: String) -> String {
            text.precomposedStringWithCompatibilityMapping.filter { !$0.isWhitespace }
        }
        return normal(lhs) == normal(rhs)
    }

    public func check(
        _ answer: Answer,
        to question: JobQuestion,
        _ context: StepContext,
        _ answers: StepAnswers
    ) -> Problem? {
        guard question.id == .facilityName, case .text(let shown) = answer,
            case .text(let expected) = answers[.expectedFacilityName], !Self.same(shown, expected)
        else { return nil }
        return Problem(.answerMismatch, values: [.field: "医療機関名", .found: Answer.shown(shown)])
    }

    public func perform(_ context: StepContext, _ answers: StepAnswers, into outcome: inout StepOutcome<Evidence>) {
        guard case .text(let expected) = answers[.expectedFacilityName], case .text(let shown) = answers[.facilityName]
        else { return }
        outcome.verification = .typedEvidence
        outcome.evidence = Evidence(facilityName: shown, expectedFacilityName: expected)
        if !Self.same(shown, expected) {
            // A confirmed difference: the screen shows another name, which must be changed.
            outcome.problems.append(Problem(.jobFacilityName, values: [.found: shown, .expected: expected]))
        }
    }

    public func reportFacts(_ evidence: Evidence?, in job: Job) -> [ReportFact] {
        [ReportFact(LocalizedText(ja: "カードリーダーの医療機関名表示", en: "Facility name on the readers"), evidence?.facilityName)]
    }

    public static let messages: [ProblemCode: ProblemMessage] = [
        .jobFacilityName: ProblemMessage(
            ja: {
                "待機画面の医療機関名「\($0[.found] ?? "")」が正しい名称「\($0[.expected] ?? "")」と違います。設定ツールで医療機関名を変更して「登録」し、待機画面を確認してから、この手順をもう一度実行してください（補足資料②）。"
            },
            en: {
                "The waiting screen shows '\($0[.found] ?? "")', not the right name '\($0[.expected] ?? "")'. Change it in the 設定ツール (登録), check the waiting screen, then run this step again (supplement 2)."
            }
        )
    ]
}

extension ProblemCode {
    /// 補足② the readers show another facility name than the right one. Values: found, expected.
    public static let jobFacilityName = ProblemCode(rawValue: "job.facilityName")
}
