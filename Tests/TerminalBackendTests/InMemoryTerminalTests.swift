import Foundation
import SuccessionKit
import SuccessionKitSandbox
import Testing

// A terminal backend written outside the module, as an integrator (or a Windows backend) would:
// only the public products (`import SuccessionKit`, and `SuccessionKitSandbox` for the terminal it
// starts from), no `@testable`; the one `package` seam it uses is `JobRunner.handWork`, to play
// the person who plugs the readers back in before ⑫. Its stores keep their state in memory and
// undo through the tokens they hand out in `TerminalChange.created`.

/// An undo log shared by the three stores: token → how to put the state back.
final class UndoLog: @unchecked Sendable {
    // @unchecked: every access holds `lock`.
    private let lock = NSLock()
    private var actions: [String: @Sendable () -> Void] = [:]

    func token(_ undo: @escaping @Sendable () -> Void) -> String {
        lock.withLock {
            let token = "memory:\(UUID().uuidString)"
            actions[token] = undo
            return token
        }
    }

    func revert(_ change: TerminalChange) throws(SuccessionError) {
        for token in change.created.reversed() {
            guard let action = lock.withLock({ actions.removeValue(forKey: token) }) else {
                throw SuccessionError(.archiveUnknownEntry, values: [.found: token])
            }
            action()
        }
    }
}

final class MemoryCredentials: CredentialStore, @unchecked Sendable {
    private let lock = NSLock()
    private(set) var code: String?
    let log: UndoLog

    init(code: String?, log: UndoLog) {
        self.code = code
        self.log = log
    }

    func institutionCode() throws(SuccessionError) -> String? { lock.withLock { code } }

    func setInstitutionCode(_ new: MedicalInstitutionCode) throws(SuccessionError) -> CredentialChange {
        let before = lock.withLock { () -> String? in
            let before = code
            code = new.digits
            return before
        }
        let token = log.token { [self] in lock.withLock { code = before } }
        return CredentialChange(
            before: before,
            after: lock.withLock { code ?? "" },
            readBack: true,
            change: TerminalChange(created: [token])
        )
    }

    func loginKey() throws(SuccessionError) -> LoginKey? {
        LoginKey(userName: "R0RENK01", password: AccountPassword("Linkage#2026x"))
    }

    func revert(_ change: TerminalChange) throws(SuccessionError) { try log.revert(change) }
}

final class MemoryCertificates: TerminalCertificateStore, @unchecked Sendable {
    private let lock = NSLock()
    private(set) var installed: [InstalledCertificate]
    let log: UndoLog

    init(installed: [InstalledCertificate], log: UndoLog) {
        self.installed = installed
        self.log = log
    }

    func personal() throws(SuccessionError) -> [InstalledCertificate] { lock.withLock { installed } }
    func trustedRoots() throws(SuccessionError) -> [CertificateSummary] { [] }

    func install(_ request: CertificateImport) throws(SuccessionError) -> CertificateInstallation {
        let certificate = InstalledCertificate(
            certificate: request.bundle.certificate,
            options: request.options,
            installedAt: request.date
        )
        lock.withLock { installed.append(certificate) }
        let token = log.token { [self] in lock.withLock { installed.removeAll { $0 == certificate } } }
        return CertificateInstallation(installed: certificate, change: TerminalChange(created: [token]))
    }

    func remove(_ certificate: InstalledCertificate) throws(SuccessionError) -> TerminalChange {
        lock.withLock { installed.removeAll { $0 == certificate } }
        return TerminalChange(created: [log.token { [self] in lock.withLock { installed.append(certificate) } }])
    }

    func revert(_ change: TerminalChange) throws(SuccessionError) { try log.revert(change) }
}

final class MemoryReaders: ReaderBindingStore, @unchecked Sendable {
    private let lock = NSLock()
    /// serial → bound login name (nil: unbound); all plugged out while the job works.
    private(set) var bindings: [String: String?]
    private(set) var plugged = false
    let log: UndoLog

    init(serials: [String], log: UndoLog) {
        bindings = Dictionary(uniqueKeysWithValues: serials.map { ($0, "F0FACE01") })
        self.log = log
    }

    func plug(_ value: Bool) { lock.withLock { plugged = value } }

    func readers() throws(SuccessionError) -> [CardReaderBinding] {
        lock.withLock {
            bindings.keys.sorted().map { serial in
                let login = bindings[serial] ?? nil
                let state: CardReaderBinding.State =
                    !plugged ? .notConnected : login == nil ? .unregistered : .connected
                return CardReaderBinding(serial: ReaderSerialNumber(rawValue: serial), loginName: login, state: state)
            }
        }
    }

    func remove(_ serial: ReaderSerialNumber) throws(SuccessionError) -> TerminalChange {
        let removed: String?? = lock.withLock { bindings.removeValue(forKey: serial.rawValue) }
        guard let removed else { throw SuccessionError(.readerUnknown, values: [.found: serial.rawValue]) }
        return TerminalChange(created: [
            log.token { [self] in lock.withLock { bindings[serial.rawValue] = .some(removed) } }
        ])
    }

    func add(
        _ serial: ReaderSerialNumber,
        loginName: String,
        password: AccountPassword
    ) throws(SuccessionError) -> ReaderAddition {
        let before: String?? = lock.withLock {
            let before = bindings[serial.rawValue]
            bindings[serial.rawValue] = .some(loginName)
            return before
        }
        let token = log.token { [self] in lock.withLock { bindings[serial.rawValue] = before ?? nil } }
        return ReaderAddition(
            binding: CardReaderBinding(serial: serial, loginName: loginName, state: .connected),
            change: TerminalChange(created: [token])
        )
    }

    func initializationImpact() throws(SuccessionError) -> ReaderInitializationImpact {
        ReaderInitializationImpact(
            readersToUnbind: try readers().filter { $0.loginName != nil }.map(\.serial),
            readerInfoExists: true
        )
    }

    func initialize() throws(SuccessionError) -> ReaderInitialization {
        let before = lock.withLock { bindings }
        let unbound = try initializationImpact().readersToUnbind
        lock.withLock { for key in bindings.keys { bindings[key] = .some(nil) } }
        return ReaderInitialization(
            unbound: unbound,
            method: .initializeTool,
            change: TerminalChange(created: [log.token { [self] in lock.withLock { bindings = before } }])
        )
    }

    func revert(_ change: TerminalChange) throws(SuccessionError) { try log.revert(change) }
}

/// A journal kept in memory (a database or a server in a real integration).
final class MemoryJournal: JobJournal, @unchecked Sendable {
    private let lock = NSLock()
    private var job: Job?
    private(set) var retired: [Job] = []

    var exists: Bool { lock.withLock { job != nil } }

    func load() throws(SuccessionError) -> Job {
        guard let job = lock.withLock({ job }) else { throw SuccessionError(.jobNone) }
        return job
    }

    func save(_ job: Job) throws(SuccessionError) { lock.withLock { self.job = job } }

    func startOver() throws(SuccessionError) {
        lock.withLock {
            if let job { retired.append(job) }
            job = nil
        }
    }
}

@Suite("A terminal backend written outside the module")
struct InMemoryTerminalTests {
    @Test("Three stores and a journal of our own run a whole job to the end, and undo it through the stores")
    func wholeJobAndUndo() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("backend-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: folder) }
        // The scenario only provides the papers and the downloaded files; its sandbox is not used.
        let scenario = try SandboxScenario.make(
            root: folder.path,
            oldCode: MedicalInstitutionCode(parsing: "0110113719"),
            newCode: MedicalInstitutionCode(parsing: "1310110049"),
            pin: CertificatePIN("1357")
        )
        let log = UndoLog()
        let oldCertificate = InstalledCertificate(
            certificate: scenario.oldCertificate,
            options: .manual,
            installedAt: Date(timeIntervalSince1970: 0)
        )
        let credentials = MemoryCredentials(code: "0110113719", log: log)
        let certificates = MemoryCertificates(installed: [oldCertificate], log: log)
        let readers = MemoryReaders(serials: ["DEV-1", "DEV-2"], log: log)
        let terminal = Terminal(
            layout: TerminalLayout(root: folder.path + "/work"),
            credentials: credentials,
            certificates: certificates,
            readers: readers,
            downloads: scenario.terminal.downloads,
            backupFolder: folder.path + "/backup",
            observation: .software
        )
        let journal = MemoryJournal()
        let created = try JobRunner.create(
            journal: journal,
            on: terminal,
            oldCode: scenario.oldCode,
            newCode: scenario.newCode,
            notice: scenario.notice
        )
        // The record says what the terminal is, from the terminal itself: never "sandbox".
        #expect(created.terminal.kind == .custom)
        #expect(created.terminal.backupFolder == terminal.backupFolder)
        #expect(!JobReport(job: created).html.contains("サンドボックス"))
        let runner = JobRunner(
            terminal: terminal,
            journal: journal,
            inputs: JobInputs(pin: CertificatePIN("1357"), facePassword: AccountPassword("Face#Memory2026"))
        )
        runner.handWork = { step in if step.id == .step12 { readers.plug(true) } }
        let answers = [
            "2.done": "はい", "9.login": "はい", "9.code": "1310110049", "11.done": "はい",
            "13.status": "Status=サーバー接続の定期実行待ち [再開予定時刻：\(JapanTime.minute(Date().addingTimeInterval(86_400)))]",
            "13.faceAuth": "はい",
            "14.myNumberCard": "はい", "14.insuranceCard": "はい", "14.backup": "はい", "S2.facilityName": "メモリ薬局",
        ]
        let result = try runner.run { answers[$0.id.rawValue] }
        #expect(result.stoppedAt == nil)
        #expect(result.job.completion == .complete)
        #expect(credentials.code == "1310110049")
        #expect(certificates.installed.map(\.institutionCode) == [scenario.newCode])
        #expect(readers.bindings.values.allSatisfy { $0 == "F0FACE01" })
        #expect(try terminal.check(newCode: scenario.newCode, at: Date()).isEmpty)
        let backup = try #require(result.job.evidence(of: .step6).backupFile)
        #expect(FileManager.default.fileExists(atPath: backup))

        for id in [SuccessionStep.ID.step12, .step10, .step7, .step6, .step5, .step4, .step3] {
            let job = try runner.undo(id)
            #expect(job.state(of: id) == .pending)
        }
        #expect(credentials.code == "0110113719", "⑩ undone through the store's own record")
        #expect(certificates.installed == [oldCertificate], "⑦ and ④ undone")
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
}
