import Foundation
import SuccessionKit
import Testing

/// 登録状況 and the distribution app's Status= line (補足資料① 3-②, 【工事手順⑬】).
@Suite("RegistrationStatus and DistributionStatus")
struct StatusTests {
    @Test(
        "Every 登録状況 label and what it means",
        arguments: [
            ("登録待ち", StatusOutcome.wait), ("登録中", .wait), ("登録完了", .done), ("登録完了(一部 ID 重複あり)", .done),
            ("登録失敗(入力チェックエラー)", .retry), ("登録失敗(ファイル構造エラー)", .retry), ("登録失敗(システムエラー)", .failed),
            ("登録失敗 (CSV形式エラー)", .retry), ("登録失敗（入力チェックエラー）", .retry),
        ]
    )
    func registration(_ label: String, outcome: StatusOutcome) throws {
        let status = try #require(RegistrationStatus(label: label))
        #expect(status.outcome == outcome)
        #expect((status.problem == nil) == (status == .completed))
    }

    @Test("An unknown label is not guessed")
    func unknownLabel() {
        #expect(RegistrationStatus(label: "完了") == nil)
    }

    @Test("The input-check failure says that even valid rows were not registered")
    func inputCheckAdvice() throws {
        let message = try #require(RegistrationStatus.inputCheckError.problem).message(in: .japanese)
        #expect(message.contains("エラーのない行も登録されていません"))
        #expect(message.contains("【入力チェックエラーなし:未登録】"))
    }

    @Test(
        "Status= is done only in the two waiting states",
        arguments: [
            ("Status=サーバー接続の定期実行待ち(未適用更新ファイルなし) [再開予定時刻：2026/11/25 10:00]", StatusOutcome.done),
            ("Status=サーバー接続の定期実行待ち [再開予定時刻：2026/11/25 10:00]", .done),
            ("Status=ダウンロード中", .retry), ("Status=", .retry),
        ]
    )
    func distribution(_ line: String, outcome: StatusOutcome) {
        let status = DistributionStatus(line: line)
        #expect(status.outcome == outcome)
        #expect((status.problem == nil) == (outcome == .done))
    }

    @Test("The resume time is read")
    func resumeTime() {
        #expect(
            DistributionStatus(line: "Status=サーバー接続の定期実行待ち [再開予定時刻：2026/11/25 10:00]").resumeAt == "2026/11/25 10:00"
        )
    }

    @Test(
        "⑬ a 再開予定時刻 that is no time (month 13, 99:99) or lies in the past is refused",
        arguments: ["2026/13/45 99:99", "2026/02/30 09:00", "2026/11/29 24:00", "2026/11/29 09:61", "きょう"]
    )
    func impossibleResumeTime(_ time: String) {
        let status = DistributionStatus(line: "Status=サーバー接続の定期実行待ち [再開予定時刻：\(time)]")
        #expect(status.outcome == .retry)
        #expect(status.problem?.code == .distributionResumeTimeInvalid)
    }

    @Test("⑬ a resume time in the past is refused when the time of the work is known; a time ahead is done")
    func pastResumeTime() throws {
        let now = try #require(ISO8601DateFormatter().date(from: "2026-12-01T00:00:00Z"))  // 09:00 JST
        let past = DistributionStatus(line: "Status=サーバー接続の定期実行待ち [再開予定時刻：2020/01/01 09:00]", now: now)
        #expect(past.problem?.code == .distributionResumeTimePast)
        let ahead = DistributionStatus(line: "Status=サーバー接続の定期実行待ち [再開予定時刻：2026/12/01 11:30]", now: now)
        #expect(ahead.outcome == .done && ahead.problem == nil)
    }
}
