import Foundation
import SuccessionKitSandbox
import SystemPackage
import Testing

@testable import SuccessionKit

/// The attended job as a hurried technician types at it: each case is one of the trial's
/// mistakes, answered through the conversation (`next` / `answer`) exactly as a front end does.
@Suite("The attended conversation forgives typos and records only accepted answers")
struct AttendedConversationTests {
    /// An attended job on a sandbox scenario's files (its Downloads hold the two `.p12`).
    final class Site {
        let root: URL
        let scenario: SandboxScenario
        let store: JobStore
        let runner: JobRunner

        /// - Parameter outsideBackup: the verified copy goes to a folder outside the root (the
        ///   customer's USB memory), not to the desktop folder.
        init(outsideBackup: Bool = false) throws {
            root = FileManager.default.temporaryDirectory.appendingPathComponent("conversation-\(UUID().uuidString)")
            scenario = try SandboxScenario.make(
                root: FilePath(root.path),
                oldCode: MedicalInstitutionCode(parsing: "0110113719"),
                newCode: MedicalInstitutionCode(parsing: "1310110049"),
                pin: CertificatePIN("1357")
            )
            let layout = scenario.terminal.layout
            let backupFolder = outsideBackup ? FilePath(root.path + "-usb/backup") : layout.backupFolder
            store = try JobStore(layout: layout)
            _ = try JobRunner.create(
                journal: store,
                terminal: TerminalDescription(
                    backend: .attended,
                    downloads: layout.path(.downloads).string,
                    backupFolder: backupFolder.string
                ),
                oldCode: scenario.oldCode,
                newCode: scenario.newCode,
                notice: scenario.notice
            )
            let terminal = try Terminal.attended(
                root: FilePath(root.path),
                downloads: layout.path(.downloads),
                backupFolder: backupFolder
            )
            runner = JobRunner(terminal: terminal, journal: store)
        }

        deinit {
            try? FileManager.default.removeItem(at: root)
            try? FileManager.default.removeItem(atPath: root.path + "-usb")
        }

        /// The answers of a person who types everything right.
        var right: [String: String] {
            [
                "2.done": "はい", "3.readers": "CAORA-000101 未接続\nCAORA-000102 未接続", "3.removed": "はい",
                "4.certificates":
                    "0110113719 \(JapanTime.day(scenario.oldCertificate.notAfter)) \(scenario.oldCertificate.sha1.prefix(8))",
                "4.removed": "はい", "5.method": "1", "6.downloaded": "はい", "6.desktopFolder": "はい", "6.pin": "1357",
                "7.installed": "はい", "8.thumbprint": String(scenario.newCertificate.sha1.prefix(8)),
                "8.expiry": JapanTime.day(scenario.newCertificate.notAfter), "8.others": "なし", "9.login": "はい",
                "9.code": "1310110049", "10.loginKeyUser": "R0RENK01", "10.before": "0110113719",
                "10.after": "1310110049", "11.done": "はい", "12.password": "Face#Secret2026", "12.state": "接続中",
                "13.status": "Status=サーバー接続の定期実行待ち [再開予定時刻：\(JapanTime.minute(Date().addingTimeInterval(86_400)))]",
                "13.faceAuth": "はい",
                "14.myNumberCard": "はい", "14.insuranceCard": "はい", "14.backup": "はい", "S2.expectedName": "さくら内科",
                "S2.facilityName": "さくら内科",
            ]
        }

        /// Answers every question with `typed` first (by question id; a list is given in turn),
        /// then the right answer; returns every question shown and every problem beside one.
        @discardableResult
        func work(typing typed: [String: [String]] = [:], until stop: String? = nil) async throws -> [JobQuestion] {
            var turns = typed
            var shown: [JobQuestion] = []
            while case .question(let question) = try await runner.next() {
                shown.append(question)
                // A right answer refused again and again would ask forever.
                guard shown.count < 200 else {
                    Issue.record("asked \(question.id) again and again: \(String(describing: question.problem))")
                    break
                }
                if question.id.rawValue == stop { break }
                let key =
                    turns[question.id.rawValue] != nil ? question.id.rawValue : question.id.withoutSubject.rawValue
                let text: String
                if var list = turns[key], !list.isEmpty {
                    text = list.removeFirst()
                    turns[key] = list
                } else {
                    text = try #require(right[question.id.rawValue] ?? right[question.id.withoutSubject.rawValue])
                }
                _ = try await runner.answer(question.id, text)
            }
            return shown
        }

        var journalText: String { (try? String(contentsOfFile: store.path, encoding: .utf8)) ?? "" }
    }

    @Test("The whole attended job ends 全手順完了 with only accepted answers in the journal, and no secret")
    func wholeJob() async throws {
        let site = try Site()
        try await site.work()
        let job = try site.store.load()
        #expect(job.completion == .complete)
        #expect(job.evidence(of: UnbindReadersStep.self)?.readerSerials == ["CAORA-000101", "CAORA-000102"])
        #expect(job.evidence(of: BindReadersStep.self)?.boundSerials == ["CAORA-000101", "CAORA-000102"])
        #expect(!site.journalText.contains("1357") && !site.journalText.contains("Face#Secret2026"))
    }

    @Test("Case 1: a typo'd serial list asked again; the record holds the accepted serials only")
    func typoedSerials() async throws {
        let site = try Site()
        let shown = try await site.work(typing: ["3.readers": ["caora-０００１０１ 未接続\nCAORA-00102 未接続"]])
        let again = try #require(shown.first { $0.id.rawValue == "3.readers" && $0.problem != nil })
        #expect(again.problem?.code == .answerSerialShape, "CAORA-00102 is shorter than CAORA-000101")
        let job = try site.store.load()
        #expect(job.evidence(of: UnbindReadersStep.self)?.readerSerials == ["CAORA-000101", "CAORA-000102"])
        #expect(!site.journalText.contains("CAORA-00102\""), "the rejected serial is nowhere")
        #expect(job.completion == .complete)
    }

    @Test("4: a serial of another shape typed twice the same is still refused: repetition never records it")
    func shapeNeverByRepetition() async throws {
        let site = try Site()
        let odd = "CAORA-000101 未接続\nCAORA-00102 未接続"
        let shown = try await site.work(typing: ["3.readers": [odd, odd, odd]], until: "4.certificates")
        let refusals = shown.filter { $0.id.rawValue == "3.readers" && $0.problem?.code == .answerSerialShape }
        #expect(refusals.count == 3, "each time the same odd list is typed, it is refused")
        #expect(
            try site.store.load().evidence(of: UnbindReadersStep.self)?.readerSerials == [
                "CAORA-000101", "CAORA-000102",
            ]
        )
        #expect(!site.journalText.contains("CAORA-00102\""))
    }

    @Test("4: a missing hyphen is said as a separator, not as a count of digits")
    func missingHyphen() async throws {
        let site = try Site()
        let shown = try await site.work(
            typing: ["3.readers": ["CAORA-000101 未接続\nCAORA000102 未接続"]],
            until: "4.certificates"
        )
        let again = try #require(shown.first { $0.id.rawValue == "3.readers" && $0.problem != nil })
        #expect(again.problem?.code == .answerSerialSeparator)
        #expect(again.problem?.message(in: .japanese).contains("桁数は同じ") == true)
    }

    @Test(
        "2: the download site's PIN with spaces or a line ending around it is the PIN: taken, never 'wrong'",
        arguments: ["1357 ", " 1357", "1357\n", "1357\r\n", "１３５７ ", "\t1357 "]
    )
    func pinWithSpaces(_ typed: String) async throws {
        let site = try Site()
        let shown = try await site.work(typing: ["6.pin": [typed]], until: "7.installed")
        #expect(shown.filter { $0.id == .downloadPIN }.count == 1, "asked once, taken at once")
        #expect(!shown.contains { $0.problem?.code == .jobWrongPIN })
        #expect(try site.store.load().state(of: .step6) == .done)
        #expect(!site.journalText.contains("1357"))
    }

    @Test("2: three wrong PINs are each asked again, naming cert recover-pin before any paid re-issue")
    func wrongPINsNameRecovery() async throws {
        let site = try Site()
        let shown = try await site.work(typing: ["6.pin": ["1111", "2222", "3333"]], until: "7.installed")
        let refusals = shown.compactMap { $0.id == .downloadPIN ? $0.problem : nil }
        #expect(refusals.map(\.code) == [.jobWrongPIN, .jobWrongPIN, .jobWrongPIN])
        for problem in refusals {
            let japanese = problem.message(in: .japanese)
            #expect(japanese.contains("再発行（手数料）の前に") && japanese.contains("succession cert recover-pin"))
            #expect(problem.message(in: .english).contains("before a paid re-issue, run succession cert recover-pin"))
        }
        #expect(try site.store.load().state(of: .step6) == .done, "the right PIN after them is taken")
    }

    @Test("3: 補足② the old facility's name is asked again against the right name; the record holds the right one")
    func facilityNameAskedAgain() async throws {
        let site = try Site()
        let shown = try await site.work(typing: ["S2.facilityName": ["さくら医院"]])
        let again = try #require(shown.first { $0.id == .facilityName && $0.problem != nil })
        #expect(again.problem?.code == .answerMismatch)
        #expect(again.problem?.message(in: .japanese).contains("医療機関名") == true)
        let job = try site.store.load()
        #expect(job.state(of: .supplement2) == .done)
        #expect(job.evidence(of: FacilityNameStep.self)?.facilityName == "さくら内科")
        #expect(!site.journalText.contains("さくら医院"))
        #expect(job.completion == .complete)
    }

    @Test("3: 補足② another name typed twice is the finding that the readers show it: 補足② fails, never 完了")
    func facilityNameConfirmedDifference() async throws {
        let site = try Site()
        try await site.work(typing: ["S2.facilityName": ["さくら医院", "さくら医院"]], until: "13.status")
        let job = try site.store.load()
        #expect(job.state(of: .supplement2) == .failed)
        let problem = try #require(job.lastEvent(of: .supplement2)?.problems.first)
        #expect(problem.code == .jobFacilityName)
        #expect(problem[.found] == "さくら医院" && problem[.expected] == "さくら内科")
        let row = try #require(JobReport(job: job).steps.first { $0.number == "S2" })
        #expect(row.state == .failed && row.notes.contains { $0.contains("設定ツール") })
    }

    @Test("5: ④ and ⑩ ask what is there before the instructions to change it")
    func beforeFirst() async throws {
        for (step, asking, changing) in [
            (RemoveOldCertificatesStep.step, "削除する前に", "「削除」→「はい(Y)」"),
            (SetCredentialStep.step, "編集する前に", "「貼り付け(P)」"),
        ] {
            let lines = step.operations.japanese
            let ask = try #require(lines.firstIndex { $0.contains(asking) }, "\(step.mark)")
            let change = try #require(lines.firstIndex { $0.contains(changing) }, "\(step.mark)")
            #expect(ask < change, "\(step.mark): the asking comes before the change")
        }
        let site = try Site()
        let shown = try await site.work(until: "11.done")
        let four = try #require(shown.first { $0.step == .step4 })
        #expect(four.id == .certificatesListed && four.prompt.japanese.hasPrefix("まだ削除せずに"))
        let ten = shown.filter { $0.step == .step10 }.map(\.id)
        #expect(ten.first == .credentialBefore)
        #expect(try #require(shown.first { $0.id == .credentialBefore }).prompt.japanese.hasPrefix("まだ編集せずに"))
        #expect(ten.firstIndex(of: .credentialBefore)! < ten.firstIndex(of: .credentialAfter)!)
    }

    @Test("5: ⑩ refuses a value before equal to the new code, explaining it; typed again it is still refused")
    func beforeEqualsNew() async throws {
        let site = try Site()
        let shown = try await site.work(
            typing: ["10.before": ["1310110049", "1310110049", "0110113719"]],
            until: "11.done"
        )
        let refusals = shown.compactMap { $0.id == .credentialBefore ? $0.problem : nil }
        #expect(refusals.map(\.code) == [.jobCredentialChangedAlready, .jobCredentialChangedAlready])
        #expect(refusals.first?.message(in: .japanese).contains("変更後の値です") == true)
        let job = try site.store.load()
        #expect(job.evidence(of: SetCredentialStep.self)?.credentialBefore == "0110113719")
    }

    @Test("7: ⑨'s old 機関コード is asked again saying what it is; typed again, ⑨ stops naming both codes")
    func oldInstitutionCode() async throws {
        let typo = try Site()
        let shown = try await typo.work(typing: ["9.code": ["0110113719"]], until: "10.before")
        let again = try #require(shown.first { $0.id == .institutionCode && $0.problem != nil })
        #expect(again.problem?.code == .answerOldValue)
        #expect(again.problem?.message(in: .japanese).contains("承継前の旧コード") == true)
        #expect(try typo.store.load().state(of: .step9) == .done, "asked again: the step did not fail")

        let confirmed = try Site()
        try await confirmed.work(typing: ["9.code": ["0110113719", "0110113719"]], until: "10.before")
        let job = try confirmed.store.load()
        #expect(job.state(of: .step9) == .failed)
        let problem = try #require(job.lastEvent(of: .step9)?.problems.first)
        #expect(problem.code == .jobCodeMismatch)
        #expect(problem[.found] == "0110113719" && problem[.expected] == "1310110049")
    }

    @Test(
        "8: ⑥ notes where the verified backup went; the customer's report names the USB folder, not the work PC's path"
    )
    func backupPlaces() async throws {
        let site = try Site(outsideBackup: true)
        try await site.work()
        let job = try site.store.load()
        let backedUp = try #require(job.lastEvent(of: .step6)?.technicianNotes?.first { $0.code == .jobBackedUp })
        let path = try #require(backedUp[.path])
        #expect(path.hasPrefix(site.root.path + "-usb/backup/") && path.hasSuffix(".p12"))
        #expect(backedUp.message(in: .japanese).hasPrefix("検証済みのバックアップ: "))
        let report = JobReport(job: job)
        let place = try #require(report.facts.first { $0.label == "バックアップの場所" }?.value)
        #expect(place.contains("お客様の USB メモリ等の「backup」フォルダ"))
        #expect(!place.contains(site.root.path), "never the path as the work PC mounts it")
    }

    @Test("8: what is shown is pointed at where it is: a caution (shown last) never says 「下に表示」; ⑦ shows its file")
    func shownWhereSaid() async throws {
        for step in SuccessionProcedure.standard.metadata {
            for line in step.cautions.japanese { #expect(!line.contains("下に表示"), "\(step.mark): \(line)") }
        }
        let site = try Site()
        try await site.work(until: "7.installed")
        let seven = StepPresentation(step: InstallStep.step, job: try site.store.load())
        #expect(seven.details(.japanese).first?.hasPrefix("インストールするファイル: ") == true)
        #expect(InstallStep.step.cautions.japanese.contains { $0.contains("表示したファイル") })
    }

    @Test(
        "11: the manual's points: ⑥ 注2 (label the terminal), 補足① 2-② pasting the code, 【受託】 accounts, ⑭ 実施不可 for the card test only"
    )
    func manualPoints() async throws {
        #expect(DownloadAndBackUpStep.step.cautions.japanese.contains { $0.contains("ラベル") && $0.contains("注2") })
        let supplement = AccountRegistrationStep.step.operations.japanese.joined()
        #expect(supplement.contains("【受託】などで複数アカウントがある場合は全て"))
        let site = try Site()
        let shown = try await site.work(
            typing: [
                "9.login": ["いいえ", "はい"], "9.loginConfirmed": ["はい"], "S1.environment": ["本番環境"],
                "S1.paperCode": ["1310110049"], "S1.path": ["記載なし"], "S1.status": ["登録完了"], "S1.count": ["2"],
                "S1.codePasted": ["はい"], "S1.loggedIn": ["OnsKANRI R0RENK01 F0FACE01"],
            ]
        )
        let pasted = try #require(shown.first { $0.id == .setupTextSaved })
        #expect(pasted.prompt.japanese.contains("セットアップ用テキスト") || pasted.prompt.japanese.contains("貼り付け"))
        func keys(_ id: JobQuestion.ID) -> [String] {
            guard case .choice(let choices) = shown.first(where: { $0.id == id })?.kind else { return [] }
            return choices.map(\.key)
        }
        #expect(keys(.myNumberCardTest).contains("notPossible"))
        #expect(!keys(.insuranceCardTest).contains("notPossible"), "the manual allows 実施不可 for the card test only")
        #expect(!shown.contains { $0.id == .insuranceCardTest && $0.problem != nil })
        let job = try site.store.load()
        #expect(job.state(of: .supplement1) == .done && job.completion == .complete)
    }

    @Test(
        "12: 「?」, 「help」 and 「戻る」 show the question's help and the ways out, never 「選択肢にありません」",
        arguments: ["?", "？", "help", "戻る"]
    )
    func help(_ typed: String) async throws {
        let site = try Site()
        let shown = try await site.work(typing: ["2.done": [typed], "9.code": [typed]], until: "10.before")
        for id in [JobQuestion.ID.loggedOn, .institutionCode] {
            let again = try #require(shown.first { $0.id == id && $0.problem != nil }, "\(id)")
            #expect(again.problem?.code == .answerHelp)
            let japanese = again.problem?.message(in: .japanese) ?? ""
            #expect(japanese.contains("再開できます") && japanese.contains("やり直"), "\(japanese)")
            #expect(!japanese.contains("選択肢にありません"))
        }
    }

    @Test("Case 2: an empty Enter is never an answer, and names no internal key", arguments: ["", "  ", "\n"])
    func emptyEnter(_ typed: String) async throws {
        let site = try Site()
        let shown = try await site.work(typing: ["3.readers": [typed], "4.certificates": [typed], "9.code": [typed]])
        for id in ["3.readers", "4.certificates", "9.code"] {
            let again = try #require(shown.first { $0.id.rawValue == id && $0.problem != nil })
            #expect(again.problem?.code == .answerEmpty)
            #expect(!(again.problem?.message(in: .japanese).contains(id) ?? true))
        }
        let job = try site.store.load()
        #expect(
            job.evidence(of: RemoveOldCertificatesStep.self)?.removedCertificates?.map(\.issuedTo) == ["0110113719"],
            "not taken as none"
        )
        #expect(job.completion == .complete)
    }

    @Test("Case 2: O typed for 0 in ⑨'s code asks again; the step does not fail")
    func letterO() async throws {
        let site = try Site()
        let shown = try await site.work(typing: ["9.code": ["131011OO49"]])
        #expect(shown.contains { $0.id.rawValue == "9.code" && $0.problem != nil })
        let job = try site.store.load()
        #expect(!job.events.contains { $0.step == .step9 && $0.kind == .failed })
        #expect(job.evidence(of: AccountsStep.self)?.institutionCodeShown?.digits == "1310110049")
    }

    @Test("Case 3: a password typed at the PIN's prompt is refused and never stored or echoed back")
    func passwordAtPINPrompt() async throws {
        let site = try Site()
        let shown = try await site.work(typing: ["6.pin": ["OnsAdmin@00369"], "12.password": ["1357"]])
        let pin = try #require(shown.first { $0.id.rawValue == "6.pin" && $0.problem != nil })
        #expect(pin.problem?.code == .jobWrongPIN)
        #expect(pin.problem?[.found] == nil, "nothing of the secret beside the field")
        #expect(
            pin.problem?.message(in: .japanese).contains("cert recover-pin") == true,
            "recovery named before a re-issue"
        )
        let face = try #require(shown.first { $0.id.rawValue == "12.password" && $0.problem != nil })
        #expect(face.problem?.code == .passwordLength, "the reply says which rule it broke")
        #expect(face.problem?[.found] == nil, "never what was typed")
        #expect(!site.journalText.contains("OnsAdmin@00369"))
        #expect(!site.journalText.contains("\"1357\""))
        #expect(try site.store.load().completion == .complete)
    }

    @Test("A face-auth password refused by the policy leaves nothing of itself in the journal or the report")
    func refusedPasswordLeavesNothing() async throws {
        let site = try Site()
        site.runner.inputs.facePassword = AccountPassword("Face=Pass1")
        let shown = try await site.work(until: "13.status")
        let again = try #require(shown.first { $0.id.rawValue == "12.password" })
        #expect(again.problem?.code == .passwordCharacter, "the reply names the rule it broke")
        #expect(again.problem?[.found] == nil)
        let record = site.journalText + (try JobReport(job: site.store.load()).json())
        for derived in ["Face=Pass1", "\"character\"", "\"position\"", "(U+003D)"] {
            #expect(!record.contains(derived), "the record holds \(derived)")
        }
    }

    @Test("Case 4: 処理件数 reads full-width digits and 件", arguments: ["２", "2件", "２ 件"])
    func processedCount(_ typed: String) {
        guard case .accepted(.count(let count)) = Answer.read(typed, as: .count) else {
            Issue.record("\(typed) not read")
            return
        }
        #expect(count == 2)
    }

    @Test(
        "Case 5: ⑬ takes the line as pasted, with or without Status=",
        arguments: [
            "Status=サーバー接続の定期実行待ち [再開予定時刻：\(JapanTime.minute(Date().addingTimeInterval(86_400)))]",
            "サーバー接続の定期実行待ち(未適用更新ファイルなし) [再開予定時刻：\(JapanTime.minute(Date().addingTimeInterval(86_400)))]",
        ]
    )
    func statusPasted(_ line: String) {
        guard case .accepted(.status) = Answer.read(line, as: .statusLine) else {
            Issue.record("refused")
            return
        }
    }

    @Test("Case 5: the manual's placeholder 日時 is not a time")
    func statusPlaceholder() {
        guard case .rejected(let problem) = Answer.read("Status=サーバー接続の定期実行待ち [再開予定時刻：日時]", as: .statusLine)
        else {
            Issue.record("the placeholder was taken")
            return
        }
        #expect(problem.code == .answerResumeTime)
    }

    @Test("Case 6: ⑫ after ③ found no readers asks for the readers connected now and names the login name")
    func noReadersAtThree() async throws {
        let site = try Site()
        let shown = try await site.work(
            typing: ["3.readers": ["なし"], "12.readers": ["CAORA-000201"]],
            until: "13.status"
        )
        let connected = try #require(shown.first { $0.id.rawValue == "12.readers" })
        #expect(connected.kind == .serialList)
        let state = try #require(shown.first { $0.id.rawValue == "12.state.CAORA-000201" })
        #expect(state.prompt.japanese.contains("F0FACE01") && state.prompt.japanese.contains("新規追加"))
        #expect(try site.store.load().evidence(of: BindReadersStep.self)?.boundSerials == ["CAORA-000201"])
    }

    @Test("Case 8: ④ answered いいえ says the deletion is not done, and asks again")
    func removalNotDone() async throws {
        let site = try Site()
        let shown = try await site.work(typing: ["4.removed": ["いいえ"]], until: "5.method")
        let again = try #require(shown.first { $0.id.rawValue.hasPrefix("4.removed") && $0.problem != nil })
        #expect(again.problem?.code == .answerNotYet)
        #expect(again.problem?.message(in: .japanese).contains("削除はまだ済んでいません") == true)
        #expect(!(again.problem?.message(in: .japanese).contains("指紋") ?? true))
    }

    @Test("Case 9: ⑧ tells a typo (asked again) from the old certificate (a finding)")
    func thumbprintTypoOrOld() async throws {
        let typo = try Site()
        var wrong = Array(typo.scenario.newCertificate.sha1.prefix(8))
        wrong[7] = wrong[7] == "0" ? "1" : "0"
        let shown = try await typo.work(typing: ["8.thumbprint": [String(wrong)]], until: "9.login")
        #expect(shown.contains { $0.id.rawValue == "8.thumbprint" && $0.problem?.code == .answerMismatch })
        #expect(try typo.store.load().state(of: .step8) == .done)

        // The old certificate's 拇印 is asked again, saying what it is; typed again, it is the finding.
        let old = try Site()
        let oldPrint = String(old.scenario.oldCertificate.sha1.prefix(8))
        let asked = try await old.work(typing: ["8.thumbprint": [oldPrint, oldPrint]], until: "9.login")
        let again = try #require(asked.first { $0.id.rawValue == "8.thumbprint" && $0.problem != nil })
        #expect(again.problem?.code == .answerOldValue)
        #expect(again.problem?.message(in: .japanese).contains("④で削除した旧証明書") == true)
        let job = try old.store.load()
        #expect(job.state(of: .step8) == .failed)
        #expect(job.lastEvent(of: .step8)?.problems.map(\.code) == [.jobOldCertificateInstalled])
        // The shortest way: the old certificate removed by hand, ⑧ checked again (not ⑦ redone).
        guard case .stopped(.step8, _, let way) = try await old.runner.next() else {
            Issue.record("⑧'s finding does not stop the job")
            return
        }
        #expect(way == .runAgain(.step8))
    }

    @Test("Case 9: ⑧'s 有効期限 is compared in Japan time")
    func expiryCompared() async throws {
        let site = try Site()
        let day = site.scenario.newCertificate.notAfter.addingTimeInterval(-86_400)
        let shown = try await site.work(typing: ["8.expiry": [JapanTime.day(day)]], until: "9.login")
        #expect(shown.contains { $0.id.rawValue == "8.expiry" && $0.problem?.code == .answerMismatch })
    }

    @Test("Case 10: ⑩ never shows the expected value, and asks OQS_LOGIN_KEY once")
    func credentialPrompt() async throws {
        let site = try Site()
        let shown = try await site.work(until: "11.done")
        let ten = shown.filter { $0.step == .step10 }
        #expect(ten.filter { $0.id.rawValue == "10.loginKeyUser" }.count == 1)
        for question in ten {
            #expect(!question.prompt.japanese.contains("1310110049") && !question.prompt.english.contains("1310110049"))
        }
    }

    @Test("Case 1: a done GUI step can be redone; its new answers replace the old, the record keeps the redo")
    func redoStep() async throws {
        let site = try Site()
        try await site.work(typing: ["3.readers": ["CAORA-000101 未接続", "CAORA-000101 未接続"]], until: "4.certificates")
        #expect(try site.store.load().evidence(of: UnbindReadersStep.self)?.readerSerials == ["CAORA-000101"])
        _ = try site.runner.redo(.step3)
        try await site.work()
        let job = try site.store.load()
        #expect(job.evidence(of: UnbindReadersStep.self)?.readerSerials == ["CAORA-000101", "CAORA-000102"])
        #expect(job.events.contains { $0.step == .step3 && $0.kind == .redone })
        #expect(job.completion == .complete)
    }

    @Test("Case 13–14: ⑭ 実施不可 has its reason in the report row; inferences are the technician's")
    func reportRows() async throws {
        let site = try Site()
        try await site.work(typing: ["14.myNumberCard": ["実施不可"]])
        let report = JobReport(job: try site.store.load())
        let row = try #require(report.steps.first { $0.number == "14" })
        #expect(row.notes == ["対象者不在のため実施不可"])
        #expect(!report.steps.flatMap(\.notes).contains { $0.contains("F0FACE01") })
        #expect(report.technicianNotes.contains { $0.contains("F0FACE01") })
        #expect(report.markdown.contains("作業者向けメモ"))
    }

    @Test("A format-2 journal of the last release opens as format 3, without the rejected answer's text")
    func formatTwo() throws {
        let url = try #require(Bundle.module.url(forResource: "Fixtures/format2/attended-job", withExtension: "json"))
        let bytes = try Data(contentsOf: url)
        #expect(String(decoding: bytes, as: UTF8.self).contains("OnsAdmin@00369"), "the fixture as written")
        let job = try JSONCoding.decoder().decode(Job.self, from: bytes).migrated(root: "/work/site")
        #expect(job.version == 3)
        let encoded = String(decoding: try JSONCoding.encoder().encode(job), as: UTF8.self)
        #expect(!encoded.contains("OnsAdmin@00369"))
        #expect(job.state(of: .step8) == .failed)
        #expect(job.nextStep == .step8)
    }

    @Test("A format-2 journal's relative paths are resolved against the root once, when it opens")
    func formatTwoRelativePaths() throws {
        var evidence = DownloadAndBackUpStep.Evidence()
        evidence.certificateFile = "t1/Users/OqsComApp/Downloads/1.p12"
        evidence.backupFile = "/abs/backup/1.p12"
        var job = Job(
            oldCode: try MedicalInstitutionCode(parsing: "0110113719"),
            newCode: try MedicalInstitutionCode(parsing: "1310110049"),
            notice: CertificateIssueNotice(),
            terminal: TerminalDescription(backend: .sandbox)
        )
        job.record(
            Job.Event(
                time: Date(),
                step: .step6,
                kind: .done,
                evidence: try EvidenceRecord(evidence),
                changes: [RecordedChange(store: .files, change: TerminalChange(created: ["t1/x/backup.p12"]))]
            )
        )
        var object = try #require(
            try JSONSerialization.jsonObject(with: JSONCoding.encoder().encode(job)) as? [String: Any]
        )
        object["version"] = 2
        let old = try JSONCoding.decoder().decode(Job.self, from: JSONSerialization.data(withJSONObject: object))
        let migrated = old.migrated(root: "/work/a")
        #expect(
            migrated.evidence(of: DownloadAndBackUpStep.self)?.certificateFile
                == "/work/a/t1/Users/OqsComApp/Downloads/1.p12"
        )
        #expect(
            migrated.evidence(of: DownloadAndBackUpStep.self)?.backupFile == "/abs/backup/1.p12",
            "absolute paths stay"
        )
        #expect(migrated.events.last?.changes.first?.change.created == ["/work/a/t1/x/backup.p12"])
    }

    @Test(
        "Every state has a way forward: a skipped or done-over step, then its way forward, ends 全手順完了",
        arguments: SuccessionProcedure.standard.ids.filter { $0 != .supplement1 }
    )
    func wayForward(_ id: SuccessionStep.ID) async throws {
        let site = try Site()
        _ = try site.runner.skip(id, reason: "後で")
        try await site.work()
        var job = try site.store.load()
        if job.completion != .completeWithSkips([id]) {
            // A skipped step blocks what depends on it: the job says which step to reopen.
            guard case .stopped(_, _, let way) = try await site.runner.next() else {
                Issue.record("no way forward after skipping \(id.rawValue)")
                return
            }
            #expect(way == .unblock(id))
        }
        _ = try site.runner.redo(id)
        try await site.work()
        job = try site.store.load()
        #expect(job.completion == .complete, "after redoing \(id.rawValue)")
        _ = try site.runner.redo(id)
        try await site.work()
        #expect(try site.store.load().completion == .complete, "done over once more")
    }
}
