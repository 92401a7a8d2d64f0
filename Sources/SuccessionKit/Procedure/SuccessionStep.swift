import Foundation

/// One step of the succession manual 【承継工事手順】, as data: its number and title, what must
/// be done before it, whether software checks it or a person confirms it, and the manual's
/// operations and cautions for the person.
public struct SuccessionStep: Sendable, Hashable, Identifiable, Codable {
    /// A step's stable identifier, as the journal stores it: `1`…`14` and `S1`, `S2` for the
    /// manual's (``step1``…``step14``, ``supplement1``, ``supplement2``); a step of an
    /// integrator's procedure names its own.
    public struct ID: RawRepresentable, Sendable, Hashable, Codable, CustomStringConvertible {
        /// The identifier as the journal and a script write it.
        public let rawValue: String

        /// An identifier; one of the manual's, or a step of one's own (`X1`, say).
        public init(rawValue: String) {
            self.rawValue = rawValue
        }

        public init(from decoder: any Decoder) throws {
            rawValue = try decoder.singleValueContainer().decode(String.self)
        }

        public func encode(to encoder: any Encoder) throws {
            var container = encoder.singleValueContainer()
            try container.encode(rawValue)
        }

        public var description: String { rawValue }

        /// 【工事手順①】 電子証明書発行通知書の確認.
        public static let step1 = ID(rawValue: "1")
        /// 【工事手順②】 オンライン資格確認PCのログイン.
        public static let step2 = ID(rawValue: "2")
        /// 【工事手順③】 顔認証用アカウントの紐づけを解除.
        public static let step3 = ID(rawValue: "3")
        /// 【工事手順④】 旧医療機関等コードの電子証明書を削除.
        public static let step4 = ID(rawValue: "4")
        /// 【工事手順⑤】 「初期化ツール」の実施.
        public static let step5 = ID(rawValue: "5")
        /// 【工事手順⑥】 新しい電子証明書のダウンロードとバックアップ.
        public static let step6 = ID(rawValue: "6")
        /// 【工事手順⑦】 新しい「電子証明書」のインストール.
        public static let step7 = ID(rawValue: "7")
        /// 【工事手順⑧】 新しい「電子証明書」のセットアップ.
        public static let step8 = ID(rawValue: "8")
        /// 【工事手順⑨】 管理アカウント等登録（引き継ぎ）の確認.
        public static let step9 = ID(rawValue: "9")
        /// 【工事手順⑩】 「OQS_MEDICAL_INSTITUTION_CODE」変更.
        public static let step10 = ID(rawValue: "10")
        /// 【工事手順⑪】 「OQSComAppRestart」実行⇒再起動.
        public static let step11 = ID(rawValue: "11")
        /// 【工事手順⑫】 顔認証用アカウントの紐づけを設定.
        public static let step12 = ID(rawValue: "12")
        /// 【工事手順⑬】 最新バージョンのインストール.
        public static let step13 = ID(rawValue: "13")
        /// 【工事手順⑭】 承継工事後の動作確認とお客様説明.
        public static let step14 = ID(rawValue: "14")
        /// 【補足①】 各アカウントの登録.
        public static let supplement1 = ID(rawValue: "S1")
        /// 【補足②】 顔認証付きカードリーダーの医療機関名表示を変更.
        public static let supplement2 = ID(rawValue: "S2")

        /// Reads `7`, `⑦`, `07`, `s1`, `補足①` as one of the manual's steps (a procedure of one's
        /// own reads its steps with ``SuccessionProcedure/id(typed:)``).
        public init?(typed: String) {
            guard let id = SuccessionProcedure.standard.id(typed: typed) else { return nil }
            self = id
        }

        /// The normal form of what a person typed for a step: half-width, upper case, 補足 as
        /// `S`, circled numbers as digits, no leading zero.
        static func normalized(_ typed: String) -> String {
            let text = TypedInput.halfWidth(typed).trimmingCharacters(in: .whitespaces).uppercased()
                .replacingOccurrences(of: "補足", with: "S")
            let circled = ["①", "②", "③", "④", "⑤", "⑥", "⑦", "⑧", "⑨", "⑩", "⑪", "⑫", "⑬", "⑭"]
            var normalized = text
            for (index, mark) in circled.enumerated() {
                normalized = normalized.replacingOccurrences(of: mark, with: String(index + 1))
            }
            if let number = Int(normalized) { normalized = String(number) }
            return normalized
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
    /// Steps that must be done (or skipped with a reason) first; a step may add others that
    /// depend on the job (``ProcedureStep/preconditions(in:)``).
    public let preconditions: [ID]
    /// Supplements are needed only in some successions.
    public let isSupplement: Bool
    /// The manual's operations for the person, in order.
    public let operations: LocalizedLines
    /// The manual's cautions (★注意★, ※), and what cannot be undone.
    public let cautions: LocalizedLines

    /// A step's metadata, as its ``ProcedureStep`` type declares it.
    public init(
        id: ID,
        mark: String,
        title: LocalizedText,
        kind: Kind,
        preconditions: [ID],
        isSupplement: Bool = false,
        operations: LocalizedLines,
        cautions: LocalizedLines = .none
    ) {
        self.id = id
        self.mark = mark
        self.title = title
        self.kind = kind
        self.preconditions = preconditions
        self.isSupplement = isSupplement
        self.operations = operations
        self.cautions = cautions
    }
}
