import Foundation
import SuccessionKit
import Testing

/// The succession as a resumable, recorded procedure (DOMAIN.md §8).
@Suite("Job")
struct JobTests {
    /// A scenario terminal with a job, and a runner that plays the technician.
    final class Work: @unchecked Sendable {
        // @unchecked: the tests drive one runner from one thread; snapshots are taken before
        // each step, never concurrently.
        let root: URL
        let scenario: SandboxScenario
        let store: JobStore
        let runner: JobRunner
        var answers: [SuccessionStep.ID: StepAnswer] = [:]
        var snapshots: [SuccessionStep.ID: [String: Data]] = [:]
        let readers: SandboxReaderBindingStore

        init(notice: CertificateIssueNotice? = nil, unplugFirst: Bool = true) throws {
            root = FileManager.default.temporaryDirectory.appendingPathComponent("job-\(UUID().uuidString)")
            scenario = try SandboxScenario.make(
                root: root.path,
                oldCode: MedicalInstitutionCode(parsing: "0110113719"),
                newCode: MedicalInstitutionCode(parsing: "1310110049"),
                pin: CertificatePIN("1357")
            )
            store = try JobStore(layout: scenario.terminal.layout)
            _ = try JobRunner.create(
                store: store,
                oldCode: scenario.oldCode,
                newCode: scenario.newCode,
                notice: notice ?? scenario.notice
            )
            runner = JobRunner(
                terminal: scenario.terminal,
                store: store,
                inputs: JobInputs(pin: CertificatePIN("1357"), facePassword: AccountPassword("Face#Secret2026"))
            )
            readers = SandboxReaderBindingStore(layout: scenario.terminal.layout)
            let serials = scenario.readerSerials
            let readers = readers
            runner.handWork = { step in
                if step.id == .s3 && unplugFirst { for serial in serials { try? readers.setPluggedIn(serial, false) } }
                if step.id == .s12 { for serial in serials { try? readers.setPluggedIn(serial, true) } }
            }
            runner.confirm = { [unowned self] step in
                if let answer = answers[step.id] { return answer }
                return step.id == .s13
                    ? StepAnswer(.yes, statusLine: "Status=サーバー接続の定期実行待ち [再開予定時刻：2026/11/26 09:00]") : StepAnswer(.yes)
            }
            runner.progress = { [unowned self] event in
                if case .started(let step) = event { snapshots[step.id] = try? terminalFiles() }
            }
        }

        deinit { try? FileManager.default.removeItem(at: root) }

        /// The terminal's files, without the archive and the job journal.
        func terminalFiles() throws -> [String: Data] {
            var files: [String: Data] = [:]
            let enumerator = FileManager.default.enumerator(atPath: root.path)
            while let path = enumerator?.nextObject() as? String {
                guard !path.hasPrefix(".succession/archive"), !path.hasPrefix(".succession/job") else { continue }
                var directory: ObjCBool = false
                if FileManager.default.fileExists(
                    atPath: root.appendingPathComponent(path).path,
                    isDirectory: &directory
                ), !directory.boolValue {
                    files[path] = try Data(contentsOf: root.appendingPathComponent(path))
                }
            }
            return files
        }
    }

    @Test("A whole succession runs to the end; the terminal cross-check passes; the journal holds no secret")
    func wholeRun() throws {
        let work = try Work()
        let result = try work.runner.run()
        #expect(result.stoppedAt == nil)
        #expect(result.job.isComplete)
        let finished = result.job.order.filter { $0 != .supplement1 }
        #expect(finished.allSatisfy { result.job.state(of: $0) == .done })
        #expect(result.job.state(of: .supplement1) == .skipped, "accounts carried over: supplement ① not needed")
        #expect(try work.scenario.terminal.check(newCode: work.scenario.newCode, at: Date()).isEmpty)
        #expect(result.job.evidence(of: .s10)["before"] == "0110113719")
        #expect(result.job.evidence(of: .s12)["bound"] == "CAORA-000101,CAORA-000102")
        let journal = try String(contentsOf: work.root.appendingPathComponent(".succession/job.json"), encoding: .utf8)
        #expect(!journal.contains("1357") || !journal.contains("\"pin\""))
        #expect(!journal.contains("Face#Secret2026"))
    }

    @Test("Steps are data: 14 steps and two supplements, numbered, titled, with preconditions")
    func stepsAsData() {
        #expect(SuccessionProcedure.steps.count == 16)
        #expect(
            SuccessionProcedure.steps.filter { !$0.isSupplement }.map(\.mark) == [
                "①", "②", "③", "④", "⑤", "⑥", "⑦", "⑧", "⑨", "⑩", "⑪", "⑫", "⑬", "⑭",
            ]
        )
        #expect(SuccessionProcedure.step(.s7).preconditions.contains(.s6), "⑦ needs ⑥'s verified backup")
        #expect(SuccessionProcedure.step(.s14).kind == .manual, "the My Number card test is the customer's")
        #expect(SuccessionStep.ID(typed: "⑦") == .s7)
        #expect(SuccessionStep.ID(typed: "07") == .s7)
        #expect(SuccessionStep.ID(typed: "補足①") == .supplement1)
    }

    @Test("Nothing starts without a notice for the new code: ① fails with the reason, and ② is refused")
    func noticeForOldCode() throws {
        let old = CertificateIssueNotice.read(text: "発行先\t0110113719").notice
        let work = try Work(notice: old)
        let result = try work.runner.run()
        #expect(result.stoppedAt == .s1)
        #expect(result.job.state(of: .s1) == .failed)
        #expect(result.job.lastEvent(of: .s1)?.problems.contains { $0.code == .noticeOldCode } == true)
        #expect(throws: SuccessionError(.jobPrecondition)) { try work.runner.answer(.s2, StepAnswer(.yes)) }
    }

    @Test("A failed check says what to do: ③ with the readers still plugged in, then resumed")
    func failedCheckThenResume() throws {
        let work = try Work(unplugFirst: false)
        let first = try work.runner.run()
        #expect(first.stoppedAt == .s3)
        let problem = try #require(first.job.lastEvent(of: .s3)?.problems.first)
        #expect(problem.code == .readerConnected)
        #expect(problem.message(in: .japanese).contains("USB ケーブルを外して"))
        for serial in work.scenario.readerSerials { try work.readers.setPluggedIn(serial, false) }
        let second = try work.runner.run()
        #expect(second.stoppedAt == nil)
        #expect(
            second.job.evidence(of: .s3)["serials"] == "CAORA-000101,CAORA-000102",
            "serials noted before the failure are kept"
        )
    }

    @Test("⑨ answered no branches to supplement ①, which ⑩ then requires")
    func branchToSupplement() throws {
        let work = try Work()
        work.answers[.s9] = StepAnswer(.no)
        work.answers[.supplement1] = nil
        work.runner.confirm = { step in
            if step.id == .s9 { return StepAnswer(.no) }
            if step.id == .supplement1 { return nil }
            return StepAnswer(.yes)
        }
        let result = try work.runner.run()
        #expect(result.stoppedAt == .supplement1)
        #expect(result.job.needsAccountRegistration)
        #expect(result.job.unmetPreconditions(of: .s10) == [.supplement1])
        let answered = try work.runner.answer(.supplement1, StepAnswer(.yes))
        #expect(answered.state(of: .supplement1) == .done)
    }

    @Test("Skipping is possible only with a recorded reason")
    func skip() throws {
        let work = try Work()
        #expect(throws: SuccessionError(.jobSkipReason)) { try work.runner.skip(.supplement2, reason: "  ") }
        let job = try work.runner.skip(.supplement2, reason: "お客様のご希望で施設名は変更しない")
        #expect(job.state(of: .supplement2) == .skipped)
        #expect(job.lastEvent(of: .supplement2)?.note == "お客様のご希望で施設名は変更しない")
    }

    @Test("Undo restores the terminal byte for byte, step by step back to where it started")
    func undo() throws {
        let work = try Work()
        _ = try work.runner.run()
        for id in [SuccessionStep.ID.s12, .s10, .s7, .s6, .s5, .s4, .s3] {
            _ = try work.runner.undo(id)
            let expected = try #require(work.snapshots[id])
            let actual = try work.terminalFiles()
            // Between ⑤ and ⑫ the readers were plugged back in by hand (before ⑫), which no undo
            // reverses: the readers' list is compared where no hand work lies in between.
            let handWork: Set<String> = [.s12, .s3].contains(id) ? [] : [".succession/readers.json"]
            let differing = Set(actual.keys).union(expected.keys).filter {
                actual[$0] != expected[$0] && !handWork.contains($0)
            }
            #expect(differing.sorted() == [], "after undoing \(id.rawValue)")
            #expect(try work.store.load().state(of: id) == .pending)
        }
        #expect(throws: SuccessionError(.jobNothingToUndo)) { try work.runner.undo(.s2) }
    }

    @Test("A second process on the same job is refused")
    func lock() throws {
        let work = try Work()
        #expect(throws: SuccessionError(.jobLocked)) { try JobStore(layout: work.scenario.terminal.layout) }
        #expect(throws: SuccessionError(.jobExists)) {
            try JobRunner.create(
                store: work.store,
                oldCode: work.scenario.oldCode,
                newCode: work.scenario.newCode,
                notice: work.scenario.notice
            )
        }
    }

    @Test("The report: facility, codes, certificate, backup, readers, every step, what to keep")
    func report() throws {
        let work = try Work()
        let job = try work.runner.run().job
        let report = JobReport(job: job)
        #expect(report.complete)
        #expect(report.oldCode == "0110113719" && report.newCode == "1310110049")
        #expect(report.certificateSHA256 == job.evidence(of: .s6)["certificateSHA256"])
        #expect(report.backupLocation?.hasPrefix(#"C:\Users\OqsComApp\Desktop\NTT東オン資端末_電子証明書\"#) == true)
        #expect(report.readersBound == ["CAORA-000101", "CAORA-000102"])
        #expect(report.steps.count == 16)
        let html = report.html
        #expect(html.contains("<html lang=\"ja\">"))
        #expect(html.contains("size: A4"))
        #expect(html.contains("USB メモリ"))
        #expect(report.markdown.contains("| ⑭ | 承継工事後の動作確認とお客様説明 | 完了 |"))
        #expect(report.json.contains("\"newCode\" : \"1310110049\""))
    }

    @Test("Generated certificates are shaped like the real ones and open with the PIN")
    func factory() throws {
        let factory = try CertificateFactory()
        let code = try MedicalInstitutionCode(parsing: "1340110049")
        let now = Date()
        let legacy = try factory.makePKCS12(
            code: code,
            pin: CertificatePIN("2468"),
            start: now,
            end: now.addingTimeInterval(86_400),
            legacy: true
        )
        let bundle = try PKCS12Bundle(bytes: legacy, pin: CertificatePIN("2468"))
        #expect(bundle.algorithms.isLegacy)
        #expect(bundle.certificate.institutionCode == code)
        #expect(bundle.verify(newCode: code, at: now.addingTimeInterval(60)).isEmpty)
        let modern = try factory.makePKCS12(
            code: code,
            pin: CertificatePIN("2468"),
            start: now,
            end: now.addingTimeInterval(86_400)
        )
        #expect(try PKCS12Bundle(bytes: modern, pin: CertificatePIN("2468")).algorithms.macDigest == "sha256")
    }
}
