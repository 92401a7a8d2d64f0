import Foundation

/// One step of the succession manual 【承継工事手順】, as data: its number and title, what must
/// be done before it, and whether software checks it, a person confirms it, or both.
public struct SuccessionStep: Sendable, Hashable, Identifiable {
    /// Stable identifiers: `1`…`14` (`.step1`…`.step14`) and `S1`, `S2` (`.supplement1`,
    /// `.supplement2`), as the journal stores them; a case name never looks like another id.
    public enum ID: String, Sendable, Hashable, Codable, CaseIterable, Comparable {
        /// 【工事手順①】 電子証明書発行通知書の確認.
        case step1 = "1"
        /// 【工事手順②】 オンライン資格確認PCのログイン.
        case step2 = "2"
        /// 【工事手順③】 顔認証用アカウントの紐づけを解除.
        case step3 = "3"
        /// 【工事手順④】 旧医療機関等コードの電子証明書を削除.
        case step4 = "4"
        /// 【工事手順⑤】 「初期化ツール」の実施.
        case step5 = "5"
        /// 【工事手順⑥】 新しい電子証明書のダウンロードとバックアップ.
        case step6 = "6"
        /// 【工事手順⑦】 新しい「電子証明書」のインストール.
        case step7 = "7"
        /// 【工事手順⑧】 新しい「電子証明書」のセットアップ.
        case step8 = "8"
        /// 【工事手順⑨】 管理アカウント等登録（引き継ぎ）の確認.
        case step9 = "9"
        /// 【工事手順⑩】 「OQS_MEDICAL_INSTITUTION_CODE」変更.
        case step10 = "10"
        /// 【工事手順⑪】 「OQSComAppRestart」実行⇒再起動.
        case step11 = "11"
        /// 【工事手順⑫】 顔認証用アカウントの紐づけを設定.
        case step12 = "12"
        /// 【工事手順⑬】 最新バージョンのインストール.
        case step13 = "13"
        /// 【工事手順⑭】 承継工事後の動作確認とお客様説明.
        case step14 = "14"
        /// 【補足①】 各アカウントの登録.
        case supplement1 = "S1"
        /// 【補足②】 顔認証付きカードリーダーの医療機関名表示を変更.
        case supplement2 = "S2"

        public static func < (lhs: ID, rhs: ID) -> Bool {
            (allCases.firstIndex(of: lhs) ?? 0) < (allCases.firstIndex(of: rhs) ?? 0)
        }

        /// Reads `7`, `⑦`, `07`, `s1`, `補足①`.
        public init?(typed: String) {
            let text = TypedInput.halfWidth(typed).uppercased().replacingOccurrences(of: "補足", with: "S")
            let circled = ["①", "②", "③", "④", "⑤", "⑥", "⑦", "⑧", "⑨", "⑩", "⑪", "⑫", "⑬", "⑭"]
            var normalized = text
            for (index, mark) in circled.enumerated() {
                normalized = normalized.replacingOccurrences(of: mark, with: String(index + 1))
            }
            if let number = Int(normalized) { normalized = String(number) }
            guard let id = ID(rawValue: normalized) else { return nil }
            self = id
        }
    }

    /// Who decides that the step is done.
    public enum Kind: String, Sendable, Hashable, Codable {
        /// Software performs and checks it.
        case automatic
        /// Only a person can confirm it.
        case manual
    }

    /// The step's stable id.
    public let id: ID
    /// ① … ⑭, 補足①, 補足②.
    public let mark: String
    /// The manual's title.
    public let title: LocalizedText
    /// Who decides that the step is done.
    public let kind: Kind
    /// Steps that must be done (or skipped with a reason) first.
    public let preconditions: [ID]
    /// What the person confirms, for manual steps.
    public let question: LocalizedText?
    /// Supplements are needed only in some successions.
    public let isSupplement: Bool
    /// The manual's operations for the person, in order.
    public let operations: LocalizedLines
    /// The manual's cautions (★注意★, ※), and what cannot be undone.
    public let cautions: LocalizedLines

    init(
        id: ID,
        mark: String,
        title: LocalizedText,
        kind: Kind,
        preconditions: [ID],
        question: LocalizedText? = nil,
        isSupplement: Bool = false,
        operations: LocalizedLines,
        cautions: LocalizedLines = LocalizedLines(ja: [], en: [])
    ) {
        self.id = id
        self.mark = mark
        self.title = title
        self.kind = kind
        self.preconditions = preconditions
        self.question = question
        self.isSupplement = isSupplement
        self.operations = operations
        self.cautions = cautions
    }
}
