import Foundation
import SuccessionKit
import SystemPackage
import SuccessionKitSandbox
import Synchronization
import Testing

/// The record never says more than was checked 【承継工事手順】: gates that hold, and how each
/// step was verified.
@Suite("Job: gates and an honest record")
struct JobRecordTests {
    typealias Work = JobTests.Work

    @Test("A job whose every step was skipped never reports 全手順完了")
    func allSkipped() throws {
        let work = try Work()
        var job = try work.store.load()
        for id in job.order { job = try work.runner.skip(id, reason: "練習") }
        #expect(job.isComplete)
        #expect(job.completion != .complete)
        #expect(JobReport(job: job).completion.hasPrefix("完了（省略あり"))
        #expect(!JobReport(job: job).markdown.contains("全手順完了"))
        #expect(job.verification(of: .step7) == .skipped)
    }

    @Test("A skipped step blocks the steps that depend on it (① skipped: nothing changes the terminal)")
    func skippedBlocks() async throws {
        let work = try Work()
        _ = try work.runner.skip(.step1, reason: "後で")
        let blocked = try await work.run()
        #expect(blocked.stoppedAt != nil && blocked.job.state(of: .step2) == .pending, "a skipped ① blocks ②")
        #expect(try await work.scenario.terminal.certificates.onlineBillingCertificates().count == 1, "④ did not run")
    }

    @Test("A step software performs cannot be confirmed by hand; a done step cannot be skipped")
    func confirmAndSkipRefusals() async throws {
        let work = try Work()
        await #expect(throws: SuccessionError(.answerNotAsked)) {
            try await work.runner.answer(JobQuestion.ID(.step3, "readers"), "なし")
        }
        _ = try await work.run()
        #expect(throws: SuccessionError(.jobAlreadyDone)) { try work.runner.skip(.step7, reason: "x") }
    }

    @Test("Undoing a step returns the steps that depend on it to pending")
    func undoReopens() async throws {
        let work = try Work()
        _ = try await work.run()
        let job = try await work.runner.undo(.step7)
        #expect(job.state(of: .step7) == .pending)
        #expect(job.state(of: .step8) == .pending, "⑧ checked what ⑦ installed")
        #expect(job.state(of: .step6) == .done)
        #expect(job.completion == .incomplete)
    }

    @Test("⑥'s backup of a file named with a comma goes into the archive on undo")
    func commaInFileName() async throws {
        let work = try Work()
        let downloads = work.scenario.terminal.downloads.string
        let newest = try FileManager.default.contentsOfDirectory(atPath: downloads).sorted().last ?? ""
        try FileManager.default.moveItem(atPath: downloads + "/" + newest, toPath: downloads + "/証明書,新.p12")
        work.answers["9.login"] = ""
        _ = try await work.run()
        let evidence = try work.store.load().evidence(of: DownloadAndBackUpStep.self)
        let backup = try #require(evidence?.backupFile)
        #expect(backup.hasSuffix("/証明書,新.p12"))
        #expect(FileManager.default.fileExists(atPath: backup))
        _ = try await work.runner.undo(.step6)
        #expect(!FileManager.default.fileExists(atPath: backup), "undo leaves no backup behind")
    }

    @Test("Killed between ⑦'s .p12 and its record: the complete file with the same bytes is adopted")
    func adoptHalfInstalled() async throws {
        let work = try Work()
        let layout = work.scenario.terminal.layout
        let store = work.store
        // The closures hold what they need, not `work` (which holds the runner that holds them).
        // What a kill after the store's first write leaves: the .p12 without its record. The
        // closure says what it did, so that the test fails if the crash state was never made.
        let made = Mutex<[String]>([])
        work.runner.handWork = { step in
            guard step.id == .step7 else { return }
            do {
                let evidence = try store.load().evidence(of: DownloadAndBackUpStep.self)
                guard let file = evidence?.certificateFile, let sha = evidence?.certificateSHA256 else {
                    made.withLock { $0.append("⑥ recorded no certificate") }
                    return
                }
                let folder = layout.root.string + "/.succession/certificates/personal"
                try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
                try FileManager.default.copyItem(atPath: file, toPath: folder + "/\(sha).p12")
                made.withLock { $0.append("half-installed") }
            } catch {
                made.withLock { $0.append("\(error)") }
            }
        }
        let plugging = work.readers
        let serials = work.scenario.readerSerials
        let adopt = work.runner.handWork
        work.runner.handWork = { step in
            if step.id == .step3 { for serial in serials { try? plugging.setPluggedIn(serial, false) } }
            if step.id == .step12 { for serial in serials { try? plugging.setPluggedIn(serial, true) } }
            await adopt?(step)
        }
        let result = try await work.run()
        #expect(made.withLock { $0 } == ["half-installed"], "the crash state was made once, before ⑦ ran")
        #expect(result.stoppedAt == nil)
        #expect(result.job.state(of: .step7) == .done)
        #expect(try await work.scenario.terminal.check(newCode: work.scenario.newCode, at: Date()).isEmpty)
    }

    @Test("With the real root as a trust anchor, ⑥ verifies the chain and records it; with another root it refuses")
    func trustAnchorInTheJob() async throws {
        let work = try Work()
        let downloads = work.scenario.terminal.downloads.string
        let newest = try #require(try FileManager.default.contentsOfDirectory(atPath: downloads).sorted().last)
        let bundle = try PKCS12Bundle(contentsOf: FilePath(downloads).appending(newest), pin: CertificatePIN("1357"))
        let root = try #require(bundle.chainDER.first)
        for (anchor, verified) in [(root, true), (try Fixture.bytes("ca.pem"), false)] {
            try work.store.startOver()
            _ = try JobRunner.create(
                journal: work.store,
                terminal: TerminalDescription(backend: .sandbox, trustAnchors: [anchor]),
                oldCode: work.scenario.oldCode,
                newCode: work.scenario.newCode,
                notice: work.scenario.notice
            )
            work.answers["9.login"] = ""
            let job = try await work.run().job
            if verified {
                #expect(job.state(of: .step6) == .done)
                #expect(job.evidence(of: DownloadAndBackUpStep.self)?.issuerVerified == true)
                #expect(job.lastEvent(of: .step6)?.problems.contains { $0.code == .certIssuerNotVerified } == false)
            } else {
                #expect(job.state(of: .step6) == .failed)
                #expect(job.lastEvent(of: .step6)?.problems.contains { $0.code == .certUntrusted } == true)
            }
        }
    }

    @Test("⑭ 「対象者不在のため実施不可」 is recorded as such: skipped with the reason, never a yes")
    func handoverNotPossible() async throws {
        let work = try Work()
        work.answers["14.myNumberCard"] = "実施不可"
        let job = try await work.run().job
        #expect(job.state(of: .step14) == .skipped)
        #expect(job.evidence(of: HandoverStep.self)?.handover?.myNumberCard == .notPossible)
        #expect(job.completion == .completeWithSkips([.step14]))
        #expect(JobReport(job: job).completion == "完了（省略あり: ⑭）")
        #expect(JobReport(job: job).markdown.contains("対象者不在のため実施不可"))
    }

    @Test(
        "⑬ accepts only the manual's two waiting states with their 再開予定時刻",
        arguments: [
            ("Status=サーバー接続の定期実行待ち [再開予定時刻：\(JapanTime.minute(Date().addingTimeInterval(86_400)))]", nil),
            ("Status=サーバー接続の定期実行待ち(未適用更新ファイルなし) [再開予定時刻：\(JapanTime.minute(Date().addingTimeInterval(86_400)))]", nil),
            ("Status=サーバー接続の定期実行待ち [ダウンロード失敗]", ProblemCode.distributionNotDone),
            ("Status=サーバー接続の定期実行待ち", ProblemCode.distributionResumeTimeMissing),
            ("Status=ダウンロード中", ProblemCode.distributionNotDone),
        ] as [(String, ProblemCode?)]
    )
    func distributionStatus(_ line: String, _ expected: ProblemCode?) {
        #expect(DistributionStatus(line: line).problem?.code == expected)
    }

    @Test("⑨'s 機関コード must be the new code; a mismatch stops the job naming both")
    func institutionCodeMismatch() async throws {
        let work = try Work()
        work.answers["9.code"] = "0110113719"
        let result = try await work.run()
        #expect(result.stoppedAt == .step9)
        let problem = try #require(result.job.lastEvent(of: .step9)?.problems.first)
        #expect(problem.code == .jobCodeMismatch)
        #expect(
            problem.message(in: .japanese).contains("0110113719")
                && problem.message(in: .japanese).contains("1310110049")
        )
    }

    @Test("Dates people read are Japan time: a certificate valid from 2026/11/28 00:00 JST shows 2026/11/28")
    func japanDates() throws {
        let midnight = try #require(TypedDate.parse("2026/11/28"))
        #expect(ISO8601.string(midnight) == "2026-11-27T15:00:00Z")
        #expect(JapanTime.day(midnight) == "2026/11/28")
        #expect(JapanTime.minute(midnight) == "2026/11/28 00:00")
    }
}
