import Foundation

/// 【工事手順⑭】 承継工事後の動作確認とお客様説明: the customer's two tests and the backup explained.
/// 「対象者不在のため実施不可」 — which the manual allows for the マイナンバーカード test only — is
/// recorded as such: the step is skipped with that reason, never a yes.
public struct HandoverStep: ProcedureStep {
    /// What ⑭ recorded.
    public struct Evidence: Codable, Sendable, Hashable {
        /// Its three parts.
        public var handover: Handover?
    }

    public static let step = SuccessionStep(
        id: .step14,
        mark: "⑭",
        title: LocalizedText(ja: "承継工事後の動作確認とお客様説明", en: "Test with the customer and explain the backup"),
        kind: .manual,
        preconditions: [.step13],
        operations: LocalizedLines(
            ja: [
                "① マイナンバーカードを用いた顔認証試験（お客様側で実施）: 顔認証付きカードリーダーにお客様のマイナンバーカードをかざし、認証とレセコン側での資格情報の読み込みを確認します。",
                "② 保険証情報でのレセコン連携試験（お客様側で実施）: レセコン側から保険証情報で資格確認が行えるか確認します。",
                "マイナンバーカードを保有している方がいなければ①は実施不可です（②は実施します）。",
                "作成した「電子証明書バックアップ」の説明: デスクトップの「NTT東オン資端末_電子証明書」フォルダをお客様の USB メモリ等の外部記録媒体に保管するようお願いします。",
                "バックアップした証明書はパソコンが故障した際など新しいパソコンにインストールする必要があります。無くした場合は再度「電子証明書発行」の申請が必要になり、発行手数料が発生します。",
            ],
            en: [
                "1. Face authentication with a My Number card (done by the customer): hold the customer's card to the reader; check the authentication and that the レセコン reads the eligibility.",
                "2. Insurance-card test through the レセコン (done by the customer): check eligibility from the レセコン with insurance-card data.",
                "Without anyone holding a My Number card, test 1 is not possible (test 2 is still done).",
                "Explain the certificate backup: the desktop folder 「NTT東オン資端末_電子証明書」 is kept on the customer's USB memory or other external media.",
                "It is needed to set up a new PC when this one fails; a lost backup means a new certificate application, with a fee.",
            ]
        )
    )

    private static let passedOrFailed: [Choice] = [
        Choice("passed", LocalizedText(ja: "確認できた", en: "passed"), words: Choice.yes.words + ["はい", "passed"]),
        Choice("failed", LocalizedText(ja: "できなかった", en: "failed"), words: Choice.no.words + ["いいえ", "ng"]),
    ]

    public func nextQuestion(_ context: StepContext, _ answers: StepAnswers) -> JobQuestion? {
        answers.firstUnanswered([
            JobQuestion(
                id: .myNumberCardTest,
                step: Self.id,
                prompt: LocalizedText(
                    ja: "① マイナンバーカードでの顔認証試験の結果は？",
                    en: "Test 1, face authentication with a My Number card:"
                ),
                kind: .choice(
                    Self.passedOrFailed + [
                        Choice(
                            "notPossible",
                            LocalizedText(ja: "対象者不在のため実施不可", en: "not possible (no card holder present)"),
                            words: ["不可", "実施不可", "対象者不在", "na", "n/a"]
                        )
                    ]
                )
            ),
            JobQuestion(
                id: .insuranceCardTest,
                step: Self.id,
                prompt: LocalizedText(
                    ja: "② 保険証でのレセコン連携試験の結果は？",
                    en: "Test 2, eligibility with an insurance card through the レセコン:"
                ),
                // The manual allows 実施不可 only for the My Number card test.
                kind: .choice(Self.passedOrFailed)
            ),
            JobQuestion(
                id: .backupHandedOver,
                step: Self.id,
                prompt: LocalizedText(
                    ja: "バックアップ（NTT東オン資端末_電子証明書）をお客様の USB メモリ等に保管し、説明しましたか？",
                    en: "Is the backup (NTT東オン資端末_電子証明書) on the customer's USB memory, and explained?"
                ),
                kind: .choice([.yes, .no])
            ),
        ])
    }

    public func perform(_ context: StepContext, _ answers: StepAnswers, into outcome: inout StepOutcome<Evidence>) {
        func result(_ id: JobQuestion.ID) -> Handover.TestResult {
            Handover.TestResult(rawValue: answers.choice(id) ?? "") ?? .failed
        }
        let handover = Handover(
            myNumberCard: result(.myNumberCardTest),
            insuranceCard: result(.insuranceCardTest),
            backupHandedOver: answers.choice(.backupHandedOver) == "yes"
        )
        outcome.verification = .person
        outcome.evidence = Evidence(handover: handover)
        if handover.myNumberCard == .failed {
            outcome.problems.append(Problem(.jobHandoverFailed, values: [.field: "myNumberCard"]))
        }
        if handover.insuranceCard == .failed {
            outcome.problems.append(Problem(.jobHandoverFailed, values: [.field: "insuranceCard"]))
        }
        if !handover.backupHandedOver { outcome.problems.append(Problem(.jobBackupNotHandedOver)) }
        if !outcome.problems.containsError && handover.myNumberCard == .notPossible {
            outcome.skipReason = Handover.TestResult.notPossible.words.japanese
        }
    }

    public func reportFacts(_ evidence: Evidence?, in job: Job) -> [ReportFact] {
        let label = LocalizedText(ja: "動作確認とお客様説明（⑭）", en: "Tests and explanation to the customer (⑭)")
        guard let handover = evidence?.handover else { return [ReportFact(label, nil as LocalizedText?)] }
        func text(_ language: Language) -> String {
            let words = { (ja: String, en: String) in language == .japanese ? ja : en }
            return words("マイナンバーカード: ", "My Number card: ") + handover.myNumberCard.words(language)
                + words("／保険証: ", " / insurance card: ") + handover.insuranceCard.words(language)
                + words("／バックアップ引渡し: ", " / backup handed over: ")
                + (handover.backupHandedOver ? words("済", "yes") : words("未", "no"))
        }
        return [ReportFact(label, LocalizedText(ja: text(.japanese), en: text(.english)))]
    }

    public static let messages: [ProblemCode: ProblemMessage] = [
        .jobHandoverFailed: ProblemMessage(
            ja: {
                "お客様の確認（\($0[.field] == "insuranceCard" ? "保険証でのレセコン連携" : "マイナンバーカードでの顔認証")）ができませんでした。原因を確認してからやり直してください。"
            },
            en: {
                "The customer's test (\($0[.field] == "insuranceCard" ? "insurance card through the レセコン" : "My Number card face authentication")) failed. Find the cause and test again."
            }
        ),
        .jobBackupNotHandedOver: ProblemMessage(
            ja: { _ in "電子証明書のバックアップ（NTT東オン資端末_電子証明書）をお客様の USB メモリ等に保管し、説明してください。無くすと再発行（手数料）が必要です。" },
            en: { _ in
                "Hand the certificate backup folder over on the customer's USB memory and explain it; a lost backup means a paid re-issue."
            }
        ),
    ]
}

extension ProblemCode {
    /// ⑭ a test failed. Values: field.
    public static let jobHandoverFailed = ProblemCode(rawValue: "job.handoverFailed")
    /// ⑭ the backup was not handed over.
    public static let jobBackupNotHandedOver = ProblemCode(rawValue: "job.backupNotHandedOver")
}

/// ⑭ 承継工事後の動作確認とお客様説明: the customer's two tests and the backup handed over.
public struct Handover: Sendable, Hashable, Codable {
    /// How a test went.
    public enum TestResult: String, Sendable, Hashable, Codable, CaseIterable {
        /// It worked.
        case passed
        /// It did not work: the report says so.
        case failed
        /// 「対象者不在のため実施不可」: nobody with a マイナンバーカード was there. A recorded answer,
        /// not a yes.
        case notPossible

        /// Reads `yes`/`はい`/`ok`, `no`/`いいえ`, `不可`/`実施不可`/`na`.
        public init?(typed: String) {
            let text = TypedInput.halfWidth(typed).trimmingCharacters(in: .whitespaces).lowercased()
            switch text {
            case "yes", "y", "はい", "ok", "passed", "済", "できた": self = .passed
            case "no", "n", "いいえ", "failed", "ng", "できない": self = .failed
            case "不可", "実施不可", "対象者不在", "対象者不在のため実施不可", "na", "n/a", "notpossible", "not possible":
                self = .notPossible
            default: return nil
            }
        }

        /// The words of the report: 確認済み, できなかった, 対象者不在のため実施不可.
        public var words: LocalizedText {
            switch self {
            case .passed: LocalizedText(ja: "確認済み", en: "passed")
            case .failed: LocalizedText(ja: "できなかった", en: "failed")
            case .notPossible: LocalizedText(ja: "対象者不在のため実施不可", en: "not possible (no card holder present)")
            }
        }
    }

    /// ① face authentication with the customer's マイナンバーカード, eligibility read in the レセコン.
    public var myNumberCard: TestResult
    /// ② eligibility with a 保険証 through the レセコン.
    public var insuranceCard: TestResult
    /// The backup folder handed over on the customer's USB memory, and explained.
    public var backupHandedOver: Bool

    package init(myNumberCard: TestResult, insuranceCard: TestResult, backupHandedOver: Bool) {
        self.myNumberCard = myNumberCard
        self.insuranceCard = insuranceCard
        self.backupHandedOver = backupHandedOver
    }
}
