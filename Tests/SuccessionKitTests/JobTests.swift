import Foundation
import SuccessionKit
import SystemPackage
import SuccessionKitSandbox
import Synchronization
import Testing

/// The succession as a resumable, recorded procedure 【承継工事手順】.
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
        /// Answers by question id that replace ``defaults``; `""` leaves a question unanswered.
        var answers: [String: String] = [:]
        var snapshots: [SuccessionStep.ID: [String: Data]] = [:]
        let readers: SandboxReaderBindingStore

        init(notice: CertificateIssueNotice? = nil, unplugFirst: Bool = true) throws {
            root = FileManager.default.temporaryDirectory.appendingPathComponent("job-\(UUID().uuidString)")
            scenario = try SandboxScenario.make(
                root: FilePath(root.path),
                oldCode: MedicalInstitutionCode(parsing: "0110113719"),
                newCode: MedicalInstitutionCode(parsing: "1310110049"),
                pin: CertificatePIN("1357")
            )
            store = try JobStore(layout: scenario.terminal.layout)
            _ = try JobRunner.create(
                journal: store,
                on: scenario.terminal,
                oldCode: scenario.oldCode,
                newCode: scenario.newCode,
                notice: notice ?? scenario.notice
            )
            runner = JobRunner(
                terminal: scenario.terminal,
                journal: store,
                inputs: JobInputs(pin: CertificatePIN("1357"), facePassword: AccountPassword("Face#Secret2026"))
            )
            readers = SandboxReaderBindingStore(layout: scenario.terminal.layout)
            let serials = scenario.readerSerials
            let readers = readers
            runner.handWork = { step in
                if step.id == .step3 && unplugFirst {
                    for serial in serials { try? readers.setPluggedIn(serial, false) }
                }
                if step.id == .step12 { for serial in serials { try? readers.setPluggedIn(serial, true) } }
            }
            runner.progress = { [unowned self] event in
                if case .started(let step) = event { snapshots[step.id] = try? terminalFiles() }
            }
        }

        deinit { try? FileManager.default.removeItem(at: root) }

        /// What the technician and the customer answer when all is well, by question id.
        static let defaults: [String: String] = [
            "2.done": "はい", "9.login": "はい", "9.code": "1310110049", "11.done": "はい",
            "13.status": "Status=サーバー接続の定期実行待ち [再開予定時刻：\(JapanTime.minute(Date().addingTimeInterval(86_400)))]",
            "13.faceAuth": "はい",
            "14.myNumberCard": "はい", "14.insuranceCard": "はい", "14.backup": "はい", "S2.expectedName": "さくら内科",
            "S2.facilityName": "さくら内科",
        ]

        /// The answer to `question`: ``answers`` first, then ``defaults``; `nil` stops the run.
        func answer(_ question: JobQuestion) -> String? {
            let text =
                answers[question.id.rawValue] ?? answers[question.id.withoutSubject.rawValue]
                ?? Self.defaults[question.id.rawValue]
            return text == "" ? nil : text
        }

        /// Runs the job with these answers.
        @discardableResult
        func run() async throws -> (job: Job, stoppedAt: SuccessionStep.ID?) {
            try await runner.run { [unowned self] question in answer(question) }
        }

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
    func wholeRun() async throws {
        let work = try Work()
        let result = try await work.run()
        #expect(result.stoppedAt == nil)
        #expect(result.job.isComplete)
        let finished = result.job.order.filter { $0 != .supplement1 }
        #expect(finished.allSatisfy { result.job.state(of: $0) == .done })
        #expect(result.job.state(of: .supplement1) == .notNeeded, "accounts carried over: supplement ① not needed")
        // Why it was not needed is said in the report's language, not recorded in Japanese only.
        #expect(JobReport(job: result.job, language: .english).markdown.contains("step ⑨ confirmed that every account"))
        #expect(JobReport(job: result.job).markdown.contains("⑨で各アカウントの引き継ぎを確認済み"))
        #expect(result.job.lastEvent(of: .supplement1)?.note == nil)
        #expect(result.job.completion == .complete)
        #expect(result.job.verification(of: .step7) == .software)
        #expect(result.job.verification(of: .step9) == .typedEvidence, "⑨'s 機関コード was typed and compared")
        #expect(result.job.verification(of: .step11) == .person)
        #expect(try await work.scenario.terminal.check(newCode: work.scenario.newCode, at: Date()).isEmpty)
        #expect(result.job.evidence(of: SetCredentialStep.self)?.credentialBefore == "0110113719")
        #expect(result.job.evidence(of: BindReadersStep.self)?.boundSerials == ["CAORA-000101", "CAORA-000102"])
        // ⑤'s warnings agree with its record: a "several readers unbound" names as many as it lists.
        let unbound = result.job.evidence(of: InitializeReadersStep.self)?.unboundSerials ?? []
        let severalUnbound = result.job.lastEvent(of: .step5)?.problems.filter { $0.code == .readerSeveralUnbound }
        #expect(severalUnbound?.allSatisfy { $0.value(.count) == unbound.count } == true)
        let journal = try String(contentsOf: work.root.appendingPathComponent(".succession/job.json"), encoding: .utf8)
        // The PIN is 1357: no value of the journal is it, and no key names a secret.
        let values = try JournalStrings(json: Data(journal.utf8))
        #expect(!values.values.contains("1357"))
        #expect(values.keys.allSatisfy { !["pin", "passphrase", "password"].contains($0.lowercased()) })
        #expect(!journal.contains("Face#Secret2026"))
    }

    @Test("Steps are data: 14 steps and two supplements, numbered, titled, with preconditions")
    func stepsAsData() {
        #expect(SuccessionProcedure.standard.metadata.count == 16)
        #expect(
            SuccessionProcedure.standard.metadata.filter { !$0.isSupplement }.map(\.mark) == [
                "①", "②", "③", "④", "⑤", "⑥", "⑦", "⑧", "⑨", "⑩", "⑪", "⑫", "⑬", "⑭",
            ]
        )
        #expect(SuccessionProcedure.standard.step(.step7).preconditions.contains(.step6), "⑦ needs ⑥'s verified backup")
        #expect(SuccessionProcedure.standard.step(.step14).kind == .manual, "the My Number card test is the customer's")
        #expect(SuccessionStep.ID(typed: "⑦") == .step7)
        #expect(SuccessionStep.ID(typed: "07") == .step7)
        #expect(SuccessionStep.ID(typed: "補足①") == .supplement1)
    }

    @Test(
        "Nothing starts without a notice for the new code (無い場合は工事できません): refused, nothing created",
        arguments: ["発行先\t0110113719", "", "発行先\t1310110057"]
    )
    func noticeForAnotherCode(_ text: String) async throws {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("job-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: root) }
        let store = try JobStore(layout: TerminalLayout(root: FilePath(root.path)))
        let notice = CertificateIssueNotice.read(text: text).notice
        #expect(throws: SuccessionError.self) {
            try JobRunner.create(
                journal: store,
                terminal: TerminalDescription(backend: .sandbox),
                oldCode: MedicalInstitutionCode(parsing: "0110113719"),
                newCode: MedicalInstitutionCode(parsing: "1310110049"),
                notice: notice
            )
        }
        #expect(!store.exists, "a refused job is not created, so it can be created again")
    }

    @Test(
        "12: codes swapped (the notice names the code given as old): job.codesSwapped suggests the swap, nothing made"
    )
    func codesSwapped() throws {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("job-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: root) }
        let request = JobStartRequest(
            oldCode: "1310110049",
            newCode: "0110113719",
            notice: .text("発行先\t1310110049"),
            backend: .sandbox
        )
        let error = try #require(throws: SuccessionError.self) {
            try JobSession.start(request, at: FilePath(root.path))
        }
        let swapped = try #require(error.problems.first { $0.code == .jobCodesSwapped })
        #expect(swapped[.found] == "1310110049" && swapped[.expected] == "0110113719")
        #expect(!error.problems.contains { $0.code == .noticeOldCode }, "not only 'the notice is for the old code'")
        let japanese = swapped.message(in: .japanese)
        #expect(japanese.contains("逆に入力していませんか") && japanese.contains("旧コード 0110113719・新コード 1310110049"))
        #expect(swapped.message(in: .english).contains("start with old code 0110113719 and new code 1310110049"))
        #expect(!JobSession.exists(at: FilePath(root.path)), "nothing is created")
    }

    @Test("The old and the new code must differ")
    func sameCode() throws {
        let code = try MedicalInstitutionCode(parsing: "1310110049")
        let notice = CertificateIssueNotice.read(text: "発行先\t1310110049").notice
        let problems = JobRunner.startProblems(oldCode: code, newCode: code, notice: notice, at: Date())
        #expect(problems.contains { $0.code == .jobSameCode })
    }

    @Test("A failed check says what to do: ③ with the readers still plugged in, then resumed")
    func failedCheckThenResume() async throws {
        let work = try Work(unplugFirst: false)
        let first = try await work.run()
        #expect(first.stoppedAt == .step3)
        let problem = try #require(first.job.lastEvent(of: .step3)?.problems.first)
        #expect(problem.code == .readerConnected)
        #expect(problem.message(in: .japanese).contains("USB ケーブルを外して"))
        for serial in work.scenario.readerSerials { try work.readers.setPluggedIn(serial, false) }
        let second = try await work.run()
        #expect(second.stoppedAt == nil)
        #expect(
            second.job.evidence(of: UnbindReadersStep.self)?.readerSerials == ["CAORA-000101", "CAORA-000102"],
            "serials noted before the failure are kept"
        )
    }

    @Test("next() does not try a failed step twice by itself; runAgain() after the fix does, keeping the secrets")
    func runAgainAfterTheFix() async throws {
        let work = try Work(unplugFirst: false)
        let record = Mutex<[SuccessionStep.ID]>([])
        work.runner.progress = { event in if case .started(let step) = event { record.withLock { $0.append(step.id) } }
        }
        func answerUntilStopped() async throws -> JobNext {
            while true {
                let next = try await work.runner.next()
                guard case .question(let question) = next else { return next }
                _ = try await work.runner.answer(question.id, work.answer(question) ?? "")
            }
        }
        guard case .stopped(.step3, let problems, .runAgain(.step3)) = try await answerUntilStopped() else {
            Issue.record("③ should stop with the readers plugged in")
            return
        }
        #expect(problems.first?.code == .readerConnected)
        let started = record.withLock { $0 }
        #expect(started.filter { $0 == .step3 }.count == 1)
        // Asked again without a fix, the runner says the same and performs nothing.
        guard case .stopped(.step3, _, .runAgain(.step3)) = try await work.runner.next() else {
            Issue.record("the same stop again")
            return
        }
        #expect(record.withLock { $0 } == started, "③ not performed a second time on its own")
        try work.scenario.plugReaders(false)
        work.runner.runAgain()
        guard case .complete = try await answerUntilStopped() else {
            Issue.record("after the fix the job goes on past ③ to the end")
            return
        }
        let job = try work.store.load()
        #expect(job.state(of: .step3) == .done)
        #expect(record.withLock { $0 }.filter { $0 == .step3 }.count == 2, "③ tried once more, after the fix")
        #expect(work.runner.inputs.pin != nil, "the certificate password given up front is still held")
    }

    /// The question the runner asks now; records an issue when it asks none.
    private func asked(_ work: Work) async throws -> JobQuestion? {
        guard case .question(let question) = try await work.runner.next() else {
            Issue.record("no question")
            return nil
        }
        return question
    }

    @Test("1: いいえ at ⑨ is confirmed before 補足① opens; 「戻る」 asks the login again and nothing branches")
    func branchConfirmedOrTakenBack() async throws {
        let work = try Work()
        work.answers["9.login"] = ""
        #expect(try await work.run().stoppedAt == .step9)
        let login = try #require(try await asked(work))
        #expect(login.id == .adminLogin)
        #expect(try await work.runner.answer(login.id, "いいえ") == .accepted)
        let confirm = try #require(try await asked(work))
        #expect(confirm.id == .adminLoginConfirmed, "one tap on いいえ never opens 補足① by itself")
        #expect(try await work.runner.answer(confirm.id, "戻る") == .accepted)
        #expect(try await asked(work)?.id == .adminLogin, "back: the login is asked again")
        let job = try work.store.load()
        #expect(!job.hasBranched(.step9) && job.state(of: .supplement1) == .notNeeded)
        work.answers = [:]
        let finished = try await work.run().job
        #expect(finished.completion == .complete)
        #expect(finished.state(of: .supplement1) == .notNeeded, "the report never says 補足① 完了")
    }

    @Test("1: redo ⑨ while 補足① is in progress returns to ⑨'s question; 補足① is then not needed")
    func redoNineLeavesTheBranch() async throws {
        let work = try Work()
        work.answers = ["9.login": "いいえ", "9.loginConfirmed": "はい", "S1.environment": "本番環境", "S1.paperCode": ""]
        #expect(try await work.run().stoppedAt == .supplement1, "補足① is in progress (its first answer given)")
        #expect(try work.store.load().state(of: .supplement1) == .pending)
        let job = try work.runner.redo(.step9)
        #expect(!job.hasBranched(.step9))
        #expect(job.state(of: .supplement1) == .notNeeded)
        #expect(job.nextStep == .step9)
        #expect(try await asked(work)?.id == .adminLogin, "⑨'s question again")
        work.answers = [:]
        let finished = try await work.run().job
        #expect(finished.completion == .complete)
        #expect(finished.state(of: .supplement1) == .notNeeded)
        #expect(finished.evidence(of: AccountsStep.self)?.accountsCarriedOver == true)
    }

    @Test("⑨ answered no branches to supplement ①, then ⑨ is tried again before ⑩")
    func branchToSupplement() async throws {
        let work = try Work()
        work.answers["9.login"] = "いいえ"
        work.answers["9.loginConfirmed"] = "はい"
        work.answers["S1.environment"] = ""
        let result = try await work.run()
        #expect(result.stoppedAt == .supplement1)
        #expect(result.job.hasBranched(.step9))
        #expect(result.job.state(of: .step9) == .pending, "⑨ comes back after supplement ①")
        #expect(result.job.unmetPreconditions(of: .step9) == [.supplement1])
        // The old code's paper is the manual's warned mistake: asked again, nothing recorded.
        guard case .question(let environment) = try await work.runner.next() else {
            Issue.record("no question")
            return
        }
        #expect(environment.id.rawValue == "S1.environment")
        #expect(try await work.runner.answer(environment.id, "本番環境") == .accepted)
        guard case .question(let paper) = try await work.runner.next() else {
            Issue.record("no question")
            return
        }
        guard case .rejected(let refusal) = try await work.runner.answer(paper.id, "0110113719") else {
            Issue.record("the old code's paper was taken")
            return
        }
        #expect(refusal.code == .jobPaperMismatch)
        #expect(try work.store.load().state(of: .supplement1) == .pending, "a refused answer records nothing")
        work.answers = [
            "S1.paperCode": "１３１０１１００４９", "S1.path": "記載なし", "S1.status": "登録完了", "S1.count": "２件",
            "S1.codePasted": "はい", "S1.loggedIn": "OnsKANRI F0FACE01", "9.login": "はい",
        ]
        let answered = try await work.run().job
        #expect(answered.state(of: .supplement1) == .done)
        #expect(
            answered.evidence(of: AccountRegistrationStep.self)?.accountRegistration?.processedCount == 2,
            "２件 reads as 2"
        )
        #expect(answered.state(of: .step9) == .done)
    }

    @Test("Skipping is possible only with a recorded reason")
    func skip() async throws {
        let work = try Work()
        #expect(throws: SuccessionError(.jobSkipReason)) { try work.runner.skip(.supplement2, reason: "  ") }
        let job = try work.runner.skip(.supplement2, reason: "お客様のご希望で施設名は変更しない")
        #expect(job.state(of: .supplement2) == .skipped)
        #expect(job.lastEvent(of: .supplement2)?.note == "お客様のご希望で施設名は変更しない")
    }

    @Test("Undo restores the terminal byte for byte, step by step back to where it started")
    func undo() async throws {
        let work = try Work()
        _ = try await work.run()
        for id in [SuccessionStep.ID.step12, .step10, .step7, .step6, .step5, .step4, .step3] {
            _ = try await work.runner.undo(id)
            let expected = try #require(work.snapshots[id])
            let actual = try work.terminalFiles()
            // Between ⑤ and ⑫ the readers were plugged back in by hand (before ⑫), which no undo
            // reverses: the readers' list is compared where no hand work lies in between.
            let handWork: Set<String> = [.step12, .step3].contains(id) ? [] : [".succession/readers.json"]
            let differing = Set(actual.keys).union(expected.keys).filter {
                actual[$0] != expected[$0] && !handWork.contains($0)
            }
            #expect(differing.sorted() == [], "after undoing \(id.rawValue)")
            #expect(try work.store.load().state(of: id) == .pending)
        }
        await #expect(throws: SuccessionError(.jobNothingToUndo)) { try await work.runner.undo(.step1) }
    }

    @Test("A second process on the same job is refused")
    func lock() async throws {
        let work = try Work()
        #expect(throws: SuccessionError(.jobLocked)) { try JobStore(layout: work.scenario.terminal.layout) }
        #expect(throws: SuccessionError(.jobExists)) {
            try JobRunner.create(
                journal: work.store,
                on: work.scenario.terminal,
                oldCode: work.scenario.oldCode,
                newCode: work.scenario.newCode,
                notice: work.scenario.notice
            )
        }
    }

    @Test("The report: facility, codes, certificate, backup, readers, every step, what to keep")
    func report() async throws {
        let work = try Work()
        let job = try await work.run().job
        let report = JobReport(job: job)
        #expect(report.complete)
        #expect(report.oldCode == "0110113719" && report.newCode == "1310110049")
        let subject = try #require(job.evidence(of: DownloadAndBackUpStep.self)?.certificateSubject)
        #expect(report.fact("電子証明書 発行先") == subject)
        #expect(report.completion == "全手順完了")
        #expect(report.fact("カードリーダーの医療機関名表示") == "さくら内科")
        #expect(report.fact("動作確認とお客様説明（⑭）")?.hasPrefix("マイナンバーカード: 確認済み") == true)
        #expect(report.fact("バックアップの場所") == #"C:\Users\OqsComApp\Desktop\NTT東オン資端末_電子証明書"#)
        #expect(report.fact("紐づけたカードリーダー") == "CAORA-000101、CAORA-000102")
        #expect(report.steps.count == 16)
        #expect(report.customerMustKeep.contains { $0.contains("USB メモリ") })
        #expect(report.markdown.contains("| ⑭ | 承継工事後の動作確認とお客様説明 | 完了 | 作業者の確認 |"))
        #expect(report.markdown.contains("| ⑦ | 新しい「電子証明書」のインストール | 完了 | ソフトウェアで確認 |"))
        #expect(try report.json().contains("\"newCode\" : \"1310110049\""))
    }

    @Test("After an undo the report's rows say which step is not done, never an empty 「— → —」")
    func reportAfterUndo() async throws {
        let work = try Work()
        _ = try await work.run()
        let undone = try await work.runner.undo(.step10)
        let report = JobReport(job: undone)
        #expect(!report.complete)
        #expect(report.markdown.contains("| OQS_MEDICAL_INSTITUTION_CODE | 未実施（⑩） |"))
        #expect(!report.markdown.contains("— → —"))
        // ⑫ is pending again (it depends on ⑩): its readers are not claimed as bound by this job.
        #expect(report.markdown.contains("| 紐づけたカードリーダー | 未実施（⑫） |"))
        #expect(
            JobReport(job: undone, language: .english).markdown.contains(
                "| OQS_MEDICAL_INSTITUTION_CODE | pending (⑩) |"
            )
        )
        // What ⑥ recorded still stands.
        #expect(report.markdown.contains("| バックアップの場所 | C:\\Users\\OqsComApp"))
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
        #expect(bundle.verify(newCode: code, at: now.addingTimeInterval(60)).map(\.code) == [.certIssuerNotVerified])
        let modern = try factory.makePKCS12(
            code: code,
            pin: CertificatePIN("2468"),
            start: now,
            end: now.addingTimeInterval(86_400)
        )
        #expect(try PKCS12Bundle(bytes: modern, pin: CertificatePIN("2468")).algorithms.macDigest == "sha256")
    }

    @Test("The report shows a backup folder outside the sandbox as it is, and escapes raw HTML in Markdown")
    func reportSaysWhereAndEscapes() async throws {
        let work = try JobTests.Work()
        _ = try await work.run()
        let journal = work.root.appendingPathComponent(".succession/job.json")
        var text = try String(contentsOf: journal, encoding: .utf8)
        let folder = try #require(try work.store.load().evidence(of: DownloadAndBackUpStep.self)?.backupFolder)
        text = text.replacingOccurrences(of: folder, with: "/media/usb/Work/bk")
            .replacingOccurrences(of: folder.replacingOccurrences(of: "/", with: #"\/"#), with: "/media/usb/Work/bk")
        text = text.replacingOccurrences(of: "総合受付", with: "<img src=x onerror=alert(1)><script>x</script>")
        try Data(text.utf8).write(to: journal)
        let report = JobReport(job: try work.store.load())
        #expect(report.fact("バックアップの場所") == "/media/usb/Work/bk")
        #expect(!report.markdown.contains("<img"))
        #expect(!report.markdown.contains("<script>"))
        #expect(report.markdown.contains("&lt;img src=x onerror=alert(1)&gt;"))

        // The sandbox's own backup folder is still shown as the terminal's Windows path.
        let sandbox = try JobTests.Work()
        let finished = try await sandbox.run().job
        #expect(JobReport(job: finished).fact("バックアップの場所")?.hasPrefix(#"C:\Users"#) == true)
    }

    @Test(
        "job skip with a reason that is only a line feed or other white space is refused",
        arguments: ["\n", " \r\n\t", "  "]
    )
    func skipReasonWhitespace(_ reason: String) async throws {
        let work = try JobTests.Work()
        #expect(throws: SuccessionError(.jobSkipReason)) { try work.runner.skip(.step3, reason: reason) }
    }
}

/// Every key and every string value of a JSON document, however deep.
struct JournalStrings {
    var keys: [String] = []
    var values: [String] = []

    init(json: Data) throws {
        collect(try JSONSerialization.jsonObject(with: json))
    }

    private mutating func collect(_ node: Any) {
        switch node {
        case let object as [String: Any]:
            for (key, value) in object {
                keys.append(key)
                collect(value)
            }
        case let array as [Any]: array.forEach { collect($0) }
        case let string as String: values.append(string)
        default: break
        }
    }
}
