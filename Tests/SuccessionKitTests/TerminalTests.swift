import Foundation
import SuccessionKit
import SystemPackage
import Testing

/// The terminal behind protocols, run against the sandbox 【工事手順③④⑤⑦⑩⑫】.
@Suite("Terminal (sandbox)")
struct TerminalTests {
    /// A terminal as it stands before a succession from 0110113719 to 1310110049.
    final class Site {
        let root: URL
        let terminal: Terminal
        let readers: SandboxReaderBindingStore
        let newCode: MedicalInstitutionCode
        let oldCode: MedicalInstitutionCode

        /// What ⑦ hands the store for the fixture `name`, with the manual's options.
        func importing(_ name: String) throws -> CertificateImport {
            CertificateImport(
                bundle: try Fixture.open(name),
                fileBytes: try Fixture.bytes(name),
                filePath: nil,
                pin: CertificatePIN("1357"),
                newCode: newCode,
                oldCode: oldCode,
                options: .manual,
                date: Fixture.workDay
            )
        }

        init() throws {
            newCode = try MedicalInstitutionCode(parsing: "1310110049")
            oldCode = try MedicalInstitutionCode(parsing: "0110113719")
            root = FileManager.default.temporaryDirectory.appendingPathComponent("terminal-\(UUID().uuidString)")
            terminal = try Terminal.sandbox(root: FilePath(root.path))
            readers = SandboxReaderBindingStore(layout: terminal.layout)
            try SandboxCredentialStore(layout: terminal.layout).seed(
                institutionCode: "0110113719",
                loginKey: LoginKey(userName: "R0RENK01", password: AccountPassword("Link#Secret2026"))
            )
            try SandboxCertificateStore(layout: terminal.layout).seed(
                Fixture.open("old.p12"),
                bytes: Fixture.bytes("old.p12"),
                at: Fixture.workDay
            )
            try readers.seed(bound: [ReaderSerialNumber(rawValue: "CA0001"), ReaderSerialNumber(rawValue: "CA0002")])
        }

        deinit { try? FileManager.default.removeItem(at: root) }

        /// Every file under the root (the archive excluded) with its bytes.
        func snapshot() throws -> [String: Data] {
            var files: [String: Data] = [:]
            let enumerator = FileManager.default.enumerator(atPath: root.path)
            while let path = enumerator?.nextObject() as? String {
                var directory: ObjCBool = false
                let full = root.appendingPathComponent(path)
                if FileManager.default.fileExists(atPath: full.path, isDirectory: &directory), !directory.boolValue {
                    files[path] = try Data(contentsOf: full)
                }
            }
            return files
        }
    }

    @Test("An installed certificate is the verified one by its SHA-256, or by the thumbprint a store knows alone")
    func installedCertificateIdentity() throws {
        let new = try Fixture.open("new-modern.p12").certificate
        let old = try Fixture.open("old.p12").certificate
        let whole = InstalledCertificate(certificate: new, options: nil, installedAt: nil)
        #expect(whole.isCertificate(sha256: new.sha256, sha1: new.sha1))
        #expect(!whole.isCertificate(sha256: old.sha256, sha1: old.sha1))
        // A store that shows only the 拇印 (the Windows one): its 8 leading digits are enough.
        let byThumbprint = InstalledCertificate(
            issuedTo: "1310110049",
            issuer: KnownIssuer.onlineBillingNWCommonRootCA,
            notAfter: nil,
            thumbprint: String(new.sha1.prefix(8)).uppercased(),
            certificate: nil,
            options: nil,
            installedAt: nil
        )
        #expect(byThumbprint.isCertificate(sha256: new.sha256, sha1: new.sha1))
        #expect(!byThumbprint.isCertificate(sha256: old.sha256, sha1: old.sha1))
        let tooShort = InstalledCertificate(
            issuedTo: "1310110049",
            issuer: KnownIssuer.onlineBillingNWCommonRootCA,
            notAfter: nil,
            thumbprint: String(new.sha1.prefix(7)),
            certificate: nil,
            options: nil,
            installedAt: nil
        )
        #expect(!tooShort.isCertificate(sha256: new.sha256, sha1: new.sha1))
    }

    @Test("The layout maps the terminal's Windows paths under the sandbox root")
    func layout() {
        let layout = TerminalLayout(root: "/tmp/t")
        #expect(TerminalLayout.Location.readerInfo.windowsPath == #"C:\ProgramData\OQS-Auth\ReaderInfo.ini"#)
        #expect(layout.path(.readerInfo) == "/tmp/t/ProgramData/OQS-Auth/ReaderInfo.ini")
        #expect(layout.path(.tools) == "/tmp/t/Program Files/OQS/OQSComApp/tools")
        #expect(layout.backupFolder == "/tmp/t/Users/OqsComApp/Desktop/NTT東オン資端末_電子証明書")
    }

    @Test("A root typed with a trailing or doubled separator is the same terminal; records stay relative to it")
    func layoutPaths() {
        let typed = TerminalLayout(root: "/tmp//t/")
        #expect(typed == TerminalLayout(root: "/tmp/t"))
        #expect(typed.path(.downloads).string == "/tmp/t/Users/OqsComApp/Downloads")
        // A record made inside the root survives moving the sandbox; one outside is kept whole.
        #expect(typed.relative(typed.path(.readerInfo)) == "ProgramData/OQS-Auth/ReaderInfo.ini")
        #expect(typed.relative("/tmp/tt/ProgramData") == "/tmp/tt/ProgramData", "a sibling is not inside")
        #expect(typed.relative("/media/usb/backup") == "/media/usb/backup")
        // Relative roots work as typed (the CLI makes them absolute once, before).
        #expect(TerminalLayout(root: "site").path(.work).string == "site/Work")
    }

    @Test("Credentials: the code is replaced by a valid code only; the previous value is returned and archived")
    func credentials() async throws {
        let site = try Site()
        let store = site.terminal.credentials
        #expect(try await store.institutionCode() == "0110113719")
        let before = try site.snapshot()
        await #expect(throws: SuccessionError.self) { try await store.setInstitutionCode(parsing: "13101100O9") }
        #expect(try site.snapshot() == before, "a refused code writes nothing")
        let change = try await store.setInstitutionCode(site.newCode)
        #expect(change.before == "0110113719")
        #expect(change.after == "1310110049")
        #expect(try await store.institutionCode() == "1310110049")
        #expect(change.readBack)
        #expect(try site.terminal.archive.entries().map(\.id).contains(try #require(change.change.archived.first?.id)))
        let file = site.root.appendingPathComponent(".succession/credentials.json").path
        #expect(try FileManager.default.attributesOfItem(atPath: file)[.posixPermissions] as? Int == 0o600)
        let loginKey = try #require(try await store.loginKey())
        #expect("\(loginKey.password)" == "••••", "the login key's secret never prints")
    }

    @Test("Certificates: a verified bundle is installed with the manual's options; one that fails is refused")
    func install() async throws {
        let site = try Site()
        let store = site.terminal.certificates
        let before = try site.snapshot()
        await #expect(throws: SuccessionError([Problem(.certOldCode)])) {
            try await store.install(
                site.importing("old.p12")
            )
        }
        #expect(try site.snapshot() == before, "a refused install writes nothing")
        let installed = try await store.install(
            site.importing("new-modern.p12")
        )
        #expect(installed.installed.options == .manual)
        #expect(installed.installed.thumbprint?.count == 40, "software reads the whole 拇印")
        #expect(installed.change.created.filter { $0.contains("/personal/") }.count == 2, "recorded for undo")
        #expect(try await store.onlineBillingCertificates(for: site.newCode).count == 1)
        #expect(
            try await store.trustedRoots().contains { $0.subject.rfc2253.contains("Online Billing NW Common Root CA") }
        )
    }

    @Test("Certificates: old-code ones are removed by archiving, and restored byte for byte")
    func removeAndRestore() async throws {
        let site = try Site()
        let store = site.terminal.certificates
        let before = try site.snapshot()
        var changes: [TerminalChange] = []
        for old in try await store.onlineBillingCertificates() where old.institutionCode != site.newCode {
            changes.append(try await store.remove(old))
        }
        #expect(changes.flatMap(\.archived).count == 2)
        #expect(try await store.onlineBillingCertificates().isEmpty)
        for change in changes.reversed() { try await store.revert(change) }
        let after = try site.snapshot().filter { !$0.key.hasPrefix(".succession/archive") }
        #expect(after == before.filter { !$0.key.hasPrefix(".succession/archive") })
        #expect(try await store.onlineBillingCertificates(for: site.oldCode).count == 1)
    }

    @Test("Readers: a connected reader cannot be removed; unplugged (未接続) it can")
    func removeReader() async throws {
        let site = try Site()
        let serial = ReaderSerialNumber(rawValue: "CA0001")
        await #expect(throws: SuccessionError(.readerConnected)) { try await site.readers.remove(serial) }
        try site.readers.setPluggedIn(serial, false)
        let unplugged = try site.readers.readers()
        #expect(unplugged.first { $0.serial == serial }?.state == .notConnected)
        _ = try await site.readers.remove(serial)
        let remaining = try site.readers.readers()
        #expect(remaining.map(\.serial) == [ReaderSerialNumber(rawValue: "CA0002")])
        await #expect(throws: SuccessionError(.readerUnknown)) {
            try await site.readers.remove(ReaderSerialNumber(rawValue: "ZZ"))
        }
    }

    @Test("Initialization says first how many readers it unbinds, then archives ReaderInfo.ini (never deletes it)")
    func initialize() async throws {
        let site = try Site()
        let readerInfo = site.terminal.layout.path(.readerInfo).string
        let original = try Data(contentsOf: URL(fileURLWithPath: readerInfo))
        let impact = try site.readers.initializationImpact()
        #expect(impact.readersToUnbind.count == 2)
        #expect(impact.problems.map(\.code) == [.readerSeveralUnbound])
        // Several readers: unbinding them all waits for a confirmation (the CLI's --yes, a
        // job's ③ record of every serial); one reader does not.
        #expect(impact.confirmationProblem(confirmed: false)?.code == .readerConfirmationNeeded)
        #expect(impact.confirmationProblem(confirmed: true) == nil)
        let single = ReaderInitializationImpact(readersToUnbind: [impact.readersToUnbind[0]], readerInfoExists: true)
        #expect(single.confirmationProblem(confirmed: false) == nil)
        let done = try await site.readers.initialize()
        #expect(done.unbound.count == 2)
        #expect(!FileManager.default.fileExists(atPath: readerInfo))
        let initialized = try site.readers.readers()
        #expect(initialized.allSatisfy { !$0.isBound })
        #expect(done.method == .readerInfoDeleted, "no InitializeFace.bat on this terminal: the manual's fallback")
        let entry = try #require(done.change.archived.first { $0.originalPath.hasSuffix("ReaderInfo.ini") })
        #expect(entry.moved)
        try site.terminal.archive.restore(entry.id, date: Date())
        #expect(try Data(contentsOf: URL(fileURLWithPath: readerInfo)) == original)
    }

    @Test("Binding: only the face-auth account, only a plugged-in reader, and it must be 接続中 afterwards")
    func bind() async throws {
        let site = try Site()
        _ = try await site.readers.initialize()
        let serial = ReaderSerialNumber(rawValue: "CA0002")
        let password = AccountPassword("Face#Secret2026")
        await #expect(throws: SuccessionError(.accountLookalike)) {
            try await site.readers.add(serial, loginName: "F0FACEO1", password: password)
        }
        await #expect(throws: SuccessionError(.readerPassword)) {
            try await site.readers.add(serial, loginName: "F0FACE01", password: AccountPassword(""))
        }
        try site.readers.setPluggedIn(serial, false)
        await #expect(throws: SuccessionError(.readerNotPluggedIn)) {
            try await site.readers.add(serial, loginName: "F0FACE01", password: password)
        }
        try site.readers.setPluggedIn(serial, true)
        let binding = try await site.readers.add(serial, loginName: "F0FACE01", password: password).binding
        #expect(binding.state == .connected)
        #expect(binding.isBound)
        let everything = try site.snapshot().values.map { String(decoding: $0, as: UTF8.self) }
        #expect(!everything.contains { $0.contains("Face#Secret2026") }, "the reader password is never written")
    }

    @Test("Nothing in the sandbox is ever deleted without an archived copy")
    func nothingLost() async throws {
        let site = try Site()
        let before = try site.snapshot()
        for old in try await site.terminal.certificates.onlineBillingCertificates()
        where old.institutionCode != site.newCode {
            _ = try await site.terminal.certificates.remove(old)
        }
        _ = try await site.readers.initialize()
        _ = try await site.terminal.credentials.setInstitutionCode(site.newCode)
        try site.readers.setPluggedIn(ReaderSerialNumber(rawValue: "CA0001"), false)
        _ = try await site.readers.remove(ReaderSerialNumber(rawValue: "CA0001"))
        _ = try await site.readers.add(
            ReaderSerialNumber(rawValue: "CA0002"),
            loginName: "F0FACE01",
            password: AccountPassword("Face#2026abcd")
        )
        let after = try site.snapshot()
        let archived = Set(after.filter { $0.key.hasPrefix(".succession/archive/files/") }.values)
        for (path, bytes) in before where after[path] != bytes {
            #expect(archived.contains(bytes), "\(path) changed or went away without an archived copy")
        }
    }

    @Test("Restoring over a changed file archives the changed one first")
    func restoreKeepsCurrent() async throws {
        let site = try Site()
        let change = try await site.terminal.credentials.setInstitutionCode(site.newCode)
        let current = try Data(contentsOf: site.root.appendingPathComponent(".succession/credentials.json"))
        try site.terminal.archive.restore(try #require(change.change.archived.first?.id), date: Date())
        #expect(try await site.terminal.credentials.institutionCode() == "0110113719")
        let archived = try site.terminal.archive.entries()
        let files = try archived.map { try Data(contentsOf: site.root.appendingPathComponent($0.archivedPath)) }
        #expect(files.contains(current))
        #expect(throws: SuccessionError(.archiveUnknownEntry)) {
            try site.terminal.archive.restore("nope", date: Date())
        }
    }

    @Test("The cross-check lists every inconsistency at once, and none after the succession")
    func crossCheck() async throws {
        let site = try Site()
        let notice = CertificateIssueNotice.read(text: "発行先\t0110113719").notice
        let codes = try await site.terminal.check(newCode: site.newCode, notice: notice, at: Fixture.workDay).map(
            \.code
        )
        #expect(codes.first == .noticeCodeMismatch)
        #expect(!codes.contains(.noticeMissingRow), "only 発行先 is cross-checked")
        #expect(codes.contains(.terminalNoNewCertificate))
        #expect(codes.contains(.terminalLeftoverCertificate))
        #expect(codes.contains(.terminalCredentialCode))

        for old in try await site.terminal.certificates.onlineBillingCertificates()
        where old.institutionCode != site.newCode {
            _ = try await site.terminal.certificates.remove(old)
        }
        _ = try await site.terminal.certificates.install(
            site.importing("new-modern.p12")
        )
        _ = try await site.terminal.credentials.setInstitutionCode(site.newCode)
        _ = try await site.readers.initialize()
        #expect(
            try await site.terminal.check(newCode: site.newCode, at: Fixture.workDay).map(\.code) == [
                .readerNotBound, .readerNotBound,
            ]
        )
        for serial in ["CA0001", "CA0002"] {
            _ = try await site.readers.add(
                ReaderSerialNumber(rawValue: serial),
                loginName: "F0FACE01",
                password: AccountPassword("Face#2026abcd")
            )
        }
        #expect(try await site.terminal.check(newCode: site.newCode, at: Fixture.workDay).isEmpty)
    }

    @Test("A pharmacy code on a terminal whose OQS_LOGIN_KEY is R0RENK01 is an inconsistency")
    func loginKeyKind() async throws {
        let site = try Site()
        let pharmacy = try #require(MedicalInstitutionCode("1340110049"))
        let codes = try await site.terminal.check(newCode: pharmacy, at: Fixture.workDay).map(\.code)
        #expect(codes.contains(.accountKindMismatch))
    }

    @Test("An orphan archive file from a run killed between the copy and the manifest never collides")
    func archiveIDsNeverCollide() throws {
        let site = try Site()
        let date = Date(timeIntervalSince1970: 1_795_000_000)
        let file = site.root.appendingPathComponent("Work/note.txt")
        try Data("a".utf8).write(to: file)
        let first = try site.terminal.archive.archive(FilePath(file.path), reason: "test", remove: false, date: date)
        // The kill: the manifest lost the entry, the archived file stayed (an orphan).
        let manifest = site.root.appendingPathComponent(".succession/archive/manifest.json")
        var entries = try #require(
            try JSONSerialization.jsonObject(with: Data(contentsOf: manifest)) as? [[String: Any]]
        )
        entries.removeAll { $0["id"] as? String == first.id }
        try JSONSerialization.data(withJSONObject: entries).write(to: manifest)
        let second = try site.terminal.archive.archive(FilePath(file.path), reason: "test", remove: false, date: date)
        #expect(second.id != first.id, "same second, same count: still another id")
    }
}
