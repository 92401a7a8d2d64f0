import Foundation
import InMemoryBackend
import SuccessionKit
import SuccessionKitSandbox
import SystemPackage
import Testing

// The backend of `Examples/InMemoryBackend`, written outside the module as an integrator would
// (only `import SuccessionKit`, no `@testable`), used as a real terminal: a whole job, its undo,
// and the store contract (undo from the journal alone, twice the same as once). The one `package`
// seam the test uses is `JobRunner.handWork`, to play the person who plugs the readers back in
// before ⑫.

/// The in-memory terminal of a pharmacy whose code changes from 0110113719 to 1310110049, and a
/// job on it, run to the end.
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

    init() throws {
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
        #expect(created.terminal.kind == .custom)
        #expect(created.terminal.backupFolder == terminal.backupFolder.string)
        #expect(!JobReport(job: created).html.contains("サンドボックス"))
        runner = JobRunner(
            terminal: terminal,
            journal: journal,
            inputs: JobInputs(pin: CertificatePIN("1357"), facePassword: AccountPassword("Face#Memory2026"))
        )
        // The person plugs the readers in again before ⑫.
        let readers = readers
        runner.handWork = { step in if step.id == .step12 { readers.plug(true) } }
        let resume = JapanTime.minute(Date().addingTimeInterval(JapanTime.secondsPerDay))
        let answers = [
            "2.done": "はい", "9.login": "はい", "9.code": "1310110049", "11.done": "はい",
            "13.status": "Status=サーバー接続の定期実行待ち [再開予定時刻：\(resume)]",
            "13.faceAuth": "はい",
            "14.myNumberCard": "はい", "14.insuranceCard": "はい", "14.backup": "はい", "S2.facilityName": "メモリ薬局",
        ]
        result = try runner.run { answers[$0.id.rawValue] }
    }

    /// What the journal recorded for `step` in `store`, oldest first.
    func changes(of step: SuccessionStep.ID, in store: RecordedChange.Store) throws -> [TerminalChange] {
        try journal.load().events.filter { $0.step == step }.flatMap(\.changes).filter { $0.store == store }
            .map(\.change)
    }
}

@Suite("A terminal backend written outside the module")
struct InMemoryTerminalTests {
    @Test("Three stores and a journal of our own run a whole job to the end, and undo it through the stores")
    func wholeJobAndUndo() throws {
        let site = try MemorySite()
        defer { try? FileManager.default.removeItem(atPath: site.folder.string) }
        let (result, credentials, certificates, readers) = (
            site.result, site.credentials, site.certificates, site.readers
        )
        let (scenario, terminal, runner, journal) = (site.scenario, site.terminal, site.runner, site.journal)
        let oldCertificate = site.oldCertificate
        #expect(result.stoppedAt == nil)
        #expect(result.job.completion == .complete)
        #expect(credentials.currentCode == "1310110049")
        #expect(certificates.current.map(\.institutionCode) == [scenario.newCode])
        #expect(readers.bindings.values.allSatisfy { $0 == "F0FACE01" })
        #expect(try terminal.check(newCode: scenario.newCode, at: Date()).isEmpty)
        let backup = try #require(result.job.evidence(of: .step6).backupFile)
        #expect(FileManager.default.fileExists(atPath: backup))
        // The customer is told where the verified copy is: the backend's folder, not a desktop.
        let keep = try #require(JobReport(job: result.job).customerMustKeep.first)
        #expect(keep.contains(site.terminal.backupFolder.string))
        #expect(!keep.contains("デスクトップ"))

        for id in [SuccessionStep.ID.step12, .step10, .step7, .step6, .step5, .step4, .step3] {
            let job = try runner.undo(id)
            #expect(job.state(of: id) == .pending)
        }
        #expect(credentials.currentCode == "0110113719", "⑩ undone through the store's own record")
        #expect(certificates.current == [oldCertificate], "⑦ and ④ undone")
        #expect(readers.bindings.keys.sorted() == ["DEV-1", "DEV-2"])
        #expect(readers.bindings.values.allSatisfy { $0 == "F0FACE01" }, "③⑤⑫ undone: bound as before")
        // The backup folder lies outside this terminal's root, as a customer's USB memory does:
        // undo moves nothing there, and its record says so.
        #expect(FileManager.default.fileExists(atPath: backup), "⑥'s backup outside the root stays where it is")
        let after = try journal.load()
        #expect(after.lastEvent(of: .step6)?.problems.contains { $0.code == .jobUndoLeftInPlace } == true)
        #expect(after.state(of: .step8) == .pending, "⑧ depended on ⑦: pending again")
        #expect(after.completion == .incomplete)
    }

    @Test("A store's change undoes from the journal alone (a restarted process), and twice is the same as once")
    func undoFromTheJournalTwice() throws {
        let site = try MemorySite()
        defer { try? FileManager.default.removeItem(atPath: site.folder.string) }
        #expect(site.result.job.completion == .complete)
        // New stores that know only the terminal as it is now, not what the job did to it.
        let credentials = MemoryCredentials(code: site.credentials.currentCode)
        let certificates = MemoryCertificates(installed: site.certificates.current)
        let tenth = try site.changes(of: .step10, in: .credentials)
        let seventh = try site.changes(of: .step7, in: .certificates)
        let fourth = try site.changes(of: .step4, in: .certificates)
        #expect(!tenth.isEmpty && !seventh.isEmpty && !fourth.isEmpty)
        for _ in 1...2 {
            for change in tenth.reversed() { try credentials.revert(change) }
            for change in (fourth + seventh).reversed() { try certificates.revert(change) }
            #expect(credentials.currentCode == "0110113719")
            #expect(certificates.current == [site.oldCertificate])
        }
    }

    @Test("A runner is handed to another task and driven there (Swift 6 sends it); the job goes on there")
    func runnerInAnotherTask() async throws {
        let site = try MemorySite()
        defer { try? FileManager.default.removeItem(atPath: site.folder.string) }
        let journal = site.journal
        // A runner made here, then used by the detached task alone.
        let runner = JobRunner(terminal: site.terminal, journal: journal)
        let undone = try await Task.detached { () throws -> Job in try runner.undo(.step10) }.value
        #expect(undone.state(of: .step10) == .pending)
        #expect(try journal.load().state(of: .step10) == .pending)
        #expect(site.credentials.currentCode == "0110113719")
    }

    @Test("A record of another store's type is terminal.changeRecord, and nothing changes")
    func foreignRecord() throws {
        struct Foreign: Codable { var thumbprint: Int }
        let certificates = MemoryCertificates(installed: [])
        let change = try TerminalChange(record: Foreign(thumbprint: 7))
        #expect(throws: SuccessionError(.terminalChangeRecord)) { try certificates.revert(change) }
        #expect(certificates.current.isEmpty)
        let decoded = try JSONDecoder().decode(TerminalChange.self, from: JSONEncoder().encode(change))
        #expect(try decoded.records(as: Foreign.self).map(\.thumbprint) == [7], "a record survives the journal")
    }
}
