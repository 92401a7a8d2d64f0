public import Foundation

/// 【工事手順①】 電子証明書発行通知書: the notice must be for the new code, valid, and its download
/// site open — 「無い場合は工事できません」.
public struct NoticeStep: ProcedureStep {
    /// What ① found on the notice.
    public struct Evidence: Codable, Sendable, Hashable {
        /// 発行先 of the notice.
        public var noticeIssuedTo: String?
        /// The download site's last day.
        public var downloadExpiry: Date?
    }

    public static let step = SuccessionStep(
        id: .step1,
        mark: "①",
        title: LocalizedText(ja: "電子証明書発行通知書の確認", en: "Check the certificate issue notice"),
        kind: .automatic,
        preconditions: [],
        operations: LocalizedLines(
            ja: [
                "「新しい医療機関コード」で申請し発行された「電子証明書取得に関する情報」（簡易書留）を用意します。",
                "発行先が新しい医療機関コードになっているか必ず確認します。無い場合は工事できません。",
            ],
            en: [
                "Have the 「電子証明書取得に関する情報」 notice (registered mail) issued for the NEW code at hand.",
                "Check that its 発行先 (issued to) is the new code. Without it, the work cannot proceed.",
            ]
        )
    )

    public func nextQuestion(_ context: StepContext, _ answers: StepAnswers) -> JobQuestion? { nil }

    public func perform(_ context: StepContext, _ answers: StepAnswers, into outcome: inout StepOutcome<Evidence>) {
        let notice = context.job.notice
        outcome.problems += notice.check(newCode: context.job.newCode, oldCode: context.job.oldCode, at: context.now)
        outcome.evidence = Evidence(noticeIssuedTo: notice.issuedTo, downloadExpiry: notice.downloadExpiry)
    }

    /// The notice's rows, as the person checks them on the paper.
    public func details(_ job: Job) -> LocalizedLines {
        let notice = job.notice
        let rows: [(String, String, String?)] = [
            ("発行先", "Issued to", notice.issuedTo),
            ("端末名称", "Terminal name", notice.terminalName),
            ("電子証明書ダウンロードサイト有効期限", "Download site until", notice.downloadExpiry.map(JapanTime.day)),
        ]
        let shown = rows.compactMap { row in row.2.map { (row.0, row.1, $0) } }
        return LocalizedLines(ja: shown.map { "\($0.0): \($0.2)" }, en: shown.map { "\($0.1): \($0.2)" })
    }
}
