import Foundation
import InMemoryBackend
import SuccessionKit
import SuccessionKitSandbox
import SystemPackage
import Testing

// The backend of `Examples/InMemoryBackend`, written outside the module as an integrator would
// (only `import SuccessionKit`, no `@testable`): three actors and a journal, used as a real
// terminal — a whole job, its undo, and the store contract (undo from the journal alone, twice the
// same as once; a change cut short reconciled). The one `package` seam the test uses is
// `JobRunner.handWork`, to play the person who plugs the readers back in before ⑫.

/// The in-memory terminal of a clinic whose code changes from 0110113719 to 1310110049, and a job
/// on it, run to the end.
struct MemorySite {
    let folder: FilePath
    let scenario: SandboxScenario
    let oldCertificate: InstalledCertificate
    let credentials = MemoryCredentials(code: "0110113719")
    let certificates: MemoryCertificates
    let readers = MemoryReaders(serials: ["DEV-1", "DEV-2"], loginName: "F0FACE01")
    let journal = MemoryJournal()
    let terminal: Terminal
    let runner: JobRunner
    let result: (job: Job, stoppedAt: SuccessionStep.ID?)

    static let answers: [String: String] = {
        let resume = JapanTime.minute(Date().addingTimeInterval(JapanTime.secondsPerDay))
        return [
            "2.done": "はい", "9.login": "はい", "9.code": "1310110049", "11.done": "はい",
            "13.status": "Status=サーバー接続の定期実行待ち [再開予定時刻：\(resume)]",
            "13.faceAuth": "はい",
            "14.myNumberCard": "はい", "14.insuranceCard": "はい", "14.backup": "はい",
            "S2.expectedName": "メモリ内科", "S2.facilityName": "メモリ内科",
        ]
    }()

    init() async throws {
        folder = FilePath(FileManager.default.temporaryDirectory.path).appending("backend-\(UUID().uuidString)")
        // The scenario only provides the papers and the downloaded files; its sandbox is not used.
        scenario = try SandboxScenario.make(
            root: folder,
            oldCode: MedicalInstitutionCode(parsing: "0110113719"),
            newCode: MedicalInstitutionCode(parsing: "1310110049"),
            pin: CertificatePIN("1357")
        )
        oldCertificate = InstalledCertificate(
            certificate: scenario.oldCertificate,
            options: .manual,
            installedAt: Date(timeIntervalSince1970: 0)
        )
        certificates = MemoryCertificates(installed: [oldCertificate])
        terminal = Terminal(
            layout: TerminalLayout(root: folder.appending("work")),
            credentials: credentials,
            certificates: certificates,
            readers: readers,
            downloads: scenario.terminal.downloads,
            backupFolder: folder.appending("backup"),
            observation: .software
        )
        let created = try JobRunner.create(
            journal: journal,
            on: terminal,
            oldCode: scenario.oldCode,
            newCode: scenario.newCode,
            notice: scenario.notice
        )
        // The record says what the terminal is, from the terminal itself: never "sandbox".
        #expect(created.terminal.backend == .custom)
        #expect(created.terminal.backupFolder == terminal.backupFolder.string)
        #expect(!JobReport(job: created).facts.contains { $0.value.contains("サンドボックス") })
        runner = JobRunner(
            terminal: terminal,
            journal: journal,
            inputs: JobInputs(pin: CertificatePIN("1357"), facePassword: AccountPassword("Face#Memory2026"))
        )
        // The person plugs the readers in again before ⑫.
        let readers = readers
        runner.handWork = { step in if step.id == .step12 { await readers.plug(true) } }
        result = try await runner.run { Self.answers[$0.id.rawValue] }
    }

    /// What the journal recorded for `step` in `store`, oldest first.
    func changes(of step: SuccessionStep.ID, in store: RecordedChange.Store) throws -> [TerminalChange] {
        try journal.load().events.filter { $0.step == step }.flatMap(\.changes).filter { $0.store == store }
            .map(\.change)
    }
}

@Suite("A terminal backend written outside the module")
struct InMemoryTerminalTests {
    @Test("Three actor stores and a journal of our own run a whole job to the end, and undo it through the stores")
    func wholeJobAndUndo() async throws {
        let site = try await MemorySite()
        defer { try? FileManager.default.removeItem(atPath: site.folder.string) }
        let (result, credentials, certificates, readers) = (
            site.result, site.credentials, site.certificates, site.readers
        )
        let (scenario, terminal, runner, journal) = (site.scenario, site.terminal, site.runner, site.journal)
        #expect(result.stoppedAt == nil)
        #expect(result.job.completion == .complete)
        #expect(await credentials.currentCode == "1310110049")
        #expect(await certificates.current.map(\.institutionCode) == [scenario.newCode])
        #expect(await readers.bindings.values.allSatisfy { $0 == "F0FACE01" })
        #expect(try await terminal.check(newCode: scenario.newCode, at: Date()).isEmpty)
        let backup = try #require(result.job.evidence(of: DownloadAndBackUpStep.self)?.backupFile)
        #expect(FileManager.default.fileExists(atPath: backup))
        // The customer is told where the verified copy is: a folder by its name on their media,
        // never the technician's mount point nor a desktop the backend may not have.
        let report = JobReport(job: result.job)
        let location = try #require(report.facts.first { $0.label == "バックアップの場所" })
        #expect(location.value.contains("「backup」"))
        #expect(!location.value.contains(site.folder.string))

        for id in [SuccessionStep.ID.step12, .step10, .step7, .step6, .step5, .step4, .step3] {
            let job = try await runner.undo(id)
            #expect(job.state(of: id) == .pending)
        }
        #expect(await credentials.currentCode == "0110113719", "⑩ undone through the store's own record")
        #expect(await certificates.current == [site.oldCertificate], "⑦ and ④ undone")
        #expect(await readers.bindings.keys.sorted() == ["DEV-1", "DEV-2"])
        #expect(await readers.bindings.values.allSatisfy { $0 == "F0FACE01" }, "③⑤⑫ undone: bound as before")
        // The backup folder lies outside this terminal's root, as a customer's USB memory does:
        // undo moves nothing there, and its record says so.
        #expect(FileManager.default.fileExists(atPath: backup), "⑥'s backup outside the root stays where it is")
        let after = try journal.load()
        #expect(after.lastEvent(of: .step6)?.problems.contains { $0.code == .jobUndoLeftInPlace } == true)
        #expect(after.state(of: .step8) == .pending, "⑧ depended on ⑦: pending again")
        #expect(after.completion == .incomplete)
    }

    @Test("A store's change undoes from the journal alone (a restarted process), and twice is the same as once")
    func undoFromTheJournalTwice() async throws {
        let site = try await MemorySite()
        defer { try? FileManager.default.removeItem(atPath: site.folder.string) }
        #expect(site.result.job.completion == .complete)
        // New stores that know only the terminal as it is now, not what the job did to it.
        let credentials = MemoryCredentials(code: await site.credentials.currentCode)
        let certificates = MemoryCertificates(installed: await site.certificates.current)
        let tenth = try site.changes(of: .step10, in: .credentials)
        let seventh = try site.changes(of: .step7, in: .certificates)
        let fourth = try site.changes(of: .step4, in: .certificates)
        #expect(!tenth.isEmpty && !seventh.isEmpty && !fourth.isEmpty)
        for _ in 1...2 {
            for change in tenth.reversed() { try await credentials.revert(change) }
            for change in (fourth + seventh).reversed() { try await certificates.revert(change) }
            #expect(await credentials.currentCode == "0110113719")
            #expect(await certificates.current == [site.oldCertificate])
        }
    }

    @Test("A change cut short between the store and the journal: the next run records it, undo restores it")
    func reconciledAfterAKill() async throws {
        let site = try await MemorySite()
        defer { try? FileManager.default.removeItem(atPath: site.folder.string) }
        let runner = site.runner
        _ = try await runner.undo(.step10)
        #expect(await site.credentials.currentCode == "0110113719")
        // A process journaled ⑩'s intent, the store changed, and the process died before the
        // journal heard of it: the journal holds the intent only.
        let intent = try await site.credentials.prepareInstitutionCode(site.scenario.newCode)
        var job = try site.journal.load()
        job.record(
            Job.Event(
                time: Date(),
                step: .step10,
                kind: .started,
                intent: RecordedIntent(.credentials, "credentials.setInstitutionCode", intent)
            )
        )
        try site.journal.save(job)
        _ = try await site.credentials.setInstitutionCode(site.scenario.newCode, as: intent)
        // A new process: the change is recorded before anything else, ⑩ ends done with the value
        // before the first intent saw, and undo restores it.
        let fresh = JobRunner(terminal: site.terminal, journal: site.journal, inputs: runner.inputs)
        let ending = try await fresh.drive { MemorySite.answers[$0.id.rawValue] }
        #expect(ending == .complete)
        let done = try site.journal.load()
        #expect(done.evidence(of: SetCredentialStep.self)?.credentialBefore == "0110113719")
        #expect(done.events.contains { $0.problems.contains { $0.code == .jobReconciled } })
        // The change is recorded once: the resumed ⑩ finds it in effect and makes no second one
        // (which would record the new value as its value before).
        let records =
            try JSONSerialization.jsonObject(with: JSONEncoder().encode(done.events)) as? [[String: Any]] ?? []
        let since = records.filter { $0["step"] as? String == "10" }.split { $0["kind"] as? String == "undone" }.last
        let tenths = (since ?? []).flatMap { $0["changes"] as? [Any] ?? [] }
        #expect(tenths.count == 1, "⑩'s changes since the undo: \(tenths)")
        _ = try await fresh.undo(.step10)
        #expect(await site.credentials.currentCode == "0110113719")
    }

    @Test("A runner is handed to another task and driven there (Swift 6 sends it); the job goes on there")
    func runnerInAnotherTask() async throws {
        let site = try await MemorySite()
        defer { try? FileManager.default.removeItem(atPath: site.folder.string) }
        let journal = site.journal
        // A runner made here, then used by the detached task alone.
        let runner = JobRunner(terminal: site.terminal, journal: journal)
        let undone = try await Task.detached { () async throws -> Job in try await runner.undo(.step10) }.value
        #expect(undone.state(of: .step10) == .pending)
        #expect(try journal.load().state(of: .step10) == .pending)
        #expect(await site.credentials.currentCode == "0110113719")
    }

    @Test("A record of another store's type is terminal.changeRecord, and nothing changes")
    func foreignRecord() async throws {
        struct Foreign: Codable { var thumbprint: Int }
        let certificates = MemoryCertificates(installed: [])
        let change = try TerminalChange(record: Foreign(thumbprint: 7))
        await #expect(throws: SuccessionError(.terminalChangeRecord)) { try await certificates.revert(change) }
        #expect(await certificates.current.isEmpty)
        let decoded = try JSONDecoder().decode(TerminalChange.self, from: JSONEncoder().encode(change))
        #expect(try decoded.records(as: Foreign.self).map(\.thumbprint) == [7], "a record survives the journal")
    }
}
