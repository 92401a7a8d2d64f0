import Foundation
import SuccessionKit
import SystemPackage
import Testing

/// The three stores over `succession-agent.exe` in a Wine prefix, one at a time (they share the
/// prefix's stores). Each change is prepared, made, made again (idempotent), reconciled, undone
/// and undone again; a kill between the agent's change and the journal is simulated by making
/// the change through the connection directly, then asking the store what of the intent is in
/// effect. What the store reports is compared with an independent view: a fresh agent process,
/// the registry through `wine reg query`, the files under the prefix's `drive_c`.
///
/// Wine 8 is a second implementation of Win32, not Windows: its known gaps are tests named
/// "Expected Wine gap", which fail if the gap stops reproducing.
@Suite("Under Wine: the Windows agent's stores", .serialized, .enabled(if: Wine.available, Wine.skipReason))
struct UnderWine {}

// MARK: ⑩

extension UnderWine {
    @Suite("⑩ OQS_MEDICAL_INSTITUTION_CODE through cred.read and cred.write")
    struct Credentials {
        static let target = "OQS_MEDICAL_INSTITUTION_CODE"

        /// The entry as the practice terminal has it: the old code, user R0RENK01.
        func entry(_ value: String, _ connection: AgentConnection) async throws {
            try await connection.create(Self.target, userName: "R0RENK01", value: .text(value))
            _ = try await connection.send(
                AgentRequest("cred.write", ["target": .text(Self.target), "value": .text(value)])
            )
        }

        @Test("⑩ writes the new code over the value before; again changes nothing; undo writes the value before back")
        func setAndUndo() async throws {
            let (old, new) = (Codes.code(1001), Codes.code(1002))
            let connection = Wine.connection()
            try await entry(old, connection)
            let store = AgentCredentialStore(connection: connection)
            let code = try MedicalInstitutionCode(parsing: new)

            let intent = try await store.prepareInstitutionCode(code)
            #expect(intent.before == old)
            let seen1 = try await Wine.fresh { try await $0.value(of: Self.target) }
            #expect(seen1 == old, "prepare changes nothing")
            let change = try await store.setInstitutionCode(code, as: intent)
            #expect(change.before == old)
            #expect(change.after == new)
            #expect(change.readBack)
            let again = try await store.setInstitutionCode(code, as: intent)
            #expect(again.after == new, "the same intent made twice: written once")
            let seen2 = try await Wine.fresh { try await $0.value(of: Self.target) }
            #expect(seen2 == new, "a fresh agent reads the new code")
            let seen3 = try await store.reconcile(intent)
            #expect(seen3 == intent.change)

            try await store.revert(change.change)
            try await store.revert(change.change)
            let seen4 = try await Wine.fresh { try await $0.value(of: Self.target) }
            #expect(seen4 == old, "undone, twice: the value before")
            let seen5 = try await store.reconcile(intent)
            #expect(seen5.isEmpty, "nothing of the intent is in effect after undo")
            await connection.close()
        }

        @Test(
            "A kill after the agent wrote, before the journal: reconcile finds the change, the attempt resumes, undo restores"
        )
        func killedAfterWrite() async throws {
            let (old, new) = (Codes.code(1003), Codes.code(1004))
            let connection = Wine.connection()
            try await entry(old, connection)
            let store = AgentCredentialStore(connection: connection)
            let code = try MedicalInstitutionCode(parsing: new)
            let intent = try await store.prepareInstitutionCode(code)
            // What the killed process's store call did, through the agent directly.
            _ = try await connection.send(
                AgentRequest("cred.write", ["target": .text(Self.target), "value": .text(new), "ifValue": .text(old)])
            )
            let reconciled = try await store.reconcile(intent)
            #expect(reconciled == intent.change, "the change is in the record: undo will restore it")
            let resumed = try await store.setInstitutionCode(code, as: intent)
            #expect(resumed.before == old, "the new value is never taken for the value before")
            #expect(resumed.after == new)
            try await store.revert(reconciled)
            let seen6 = try await Wine.fresh { try await $0.value(of: Self.target) }
            #expect(seen6 == old)
            await connection.close()
        }

        @Test("A value someone else put there is never overwritten, by the change or by undo")
        func thirdValue() async throws {
            let (old, new, other) = (Codes.code(1005), Codes.code(1006), Codes.code(1007))
            let connection = Wine.connection()
            try await entry(old, connection)
            let store = AgentCredentialStore(connection: connection)
            let code = try MedicalInstitutionCode(parsing: new)
            let intent = try await store.prepareInstitutionCode(code)
            try await entry(other, connection)
            let error = try await #require(throws: SuccessionError.self) {
                try await store.setInstitutionCode(code, as: intent)
            }
            #expect(error.code == .agentCredValueChanged)
            #expect(error.problems[0][.found] == other)
            await #expect(throws: SuccessionError(.agentCredValueChanged)) { try await store.revert(intent.change) }
            let seen7 = try await Wine.fresh { try await $0.value(of: Self.target) }
            #expect(seen7 == other)
            await connection.close()
        }

        @Test("OQS_LOGIN_KEY: its user name is read; its password never leaves the agent")
        func loginKey() async throws {
            let connection = Wine.connection()
            try await connection.create(
                "OQS_LOGIN_KEY",
                userName: "R0RENK01",
                value: .password(AccountPassword("Rdr-\(UUID().uuidString.prefix(8))"))
            )
            let seen8 = try await AgentCredentialStore(connection: connection).loginKey()
            let key = try #require(seen8)
            #expect(key.userName == "R0RENK01")
            #expect(key.password.revealed().isEmpty)
            await connection.close()
        }
    }
}

// MARK: ⑦

extension UnderWine {
    @Suite("⑦ the new certificate through cert.import")
    struct Install {
        @Test("⑦ imports the .p12 into CurrentUser\\MY; again imports nothing; undo removes it (registry, fresh agent)")
        func installAndUndo() async throws {
            let fixtures = try Fixtures()
            let (old, new) = (Codes.code(2001), Codes.code(2002))
            let p12 = try fixtures.p12(new, pin: "1357")
            let sha1 = p12.bundle.certificate.sha1
            let request = try fixtures.request(p12, pin: "1357", newCode: new, oldCode: old)
            let job = try JobFolder()
            let connection = Wine.connection()
            let store = AgentCertificateStore(connection: connection, layout: TerminalLayout(root: job.path))

            let before = try Wine.registryThumbprints()
            let intent = try await store.prepareInstall(request)
            #expect(!intent.change.isEmpty)
            let seen9 = try Wine.registryThumbprints()
            #expect(seen9 == before, "prepare changes nothing")
            let installed = try await store.install(request, as: intent)
            #expect(installed.installed.thumbprint == sha1)
            #expect(installed.installed.issuedTo == new)
            #expect(installed.installed.isOnlineBilling)
            let seen10 = try Wine.registryThumbprints()
            #expect(seen10.subtracting(before) == [sha1], "the registry gained exactly it")
            let again = try await store.install(request, as: intent)
            #expect(again.installed.thumbprint == sha1)
            let seen11 = try Wine.registryThumbprints()
            #expect(seen11.subtracting(before) == [sha1])
            let seen12 = try await store.prepareInstall(request).change
            #expect(seen12.isEmpty, "installed already: nothing to change")
            let seen13 = try await Wine.fresh { try await $0.thumbprints() }
            #expect(seen13.contains(sha1))
            let seen14 = try await store.reconcile(intent)
            #expect(seen14 == intent.change)
            // ⑧ reads it back whole: the full 拇印 of the certificate ⑥ chose.
            let shown = try await store.onlineBillingCertificates(for: try MedicalInstitutionCode(parsing: new))
            #expect(shown.map(\.thumbprint) == [sha1])
            #expect(shown.first?.isCertificate(sha256: p12.bundle.certificate.sha256, sha1: sha1) == true)

            try await store.revert(installed.change)
            try await store.revert(installed.change)
            let seen15 = try Wine.registryThumbprints()
            #expect(!seen15.contains(sha1))
            let seen16 = try await Wine.fresh { try await $0.thumbprints() }
            #expect(!seen16.contains(sha1))
            let seen17 = try await store.reconcile(intent)
            #expect(seen17.isEmpty)
            await connection.close()
        }

        @Test(
            "Expected Wine gap — the import refuses PKCS12_INCLUDE_EXTENDED_PROPERTIES and drops the CA in the .p12: the record says so"
        )
        func importGaps() async throws {
            let fixtures = try Fixtures()
            let p12 = try fixtures.p12(Codes.code(2004), pin: "1357")
            let request = try fixtures.request(p12, pin: "1357", newCode: Codes.code(2004), oldCode: Codes.code(2003))
            let job = try JobFolder()
            let connection = Wine.connection()
            let store = AgentCertificateStore(connection: connection, layout: TerminalLayout(root: job.path))
            let roots = try Wine.registryThumbprints("Root")
            let installed = try await store.install(request)
            let options = try #require(installed.installed.options)
            // Wine 8: PFXImportCertStore rejects the flag (the agent imports without it) and drops
            // the CA certificate inside the .p12 (⑧'s root is not added). On Windows both hold.
            #expect(options.includeExtendedProperties == false)
            #expect(options.trustIssuer == false)
            let seen18 = try Wine.registryThumbprints("Root")
            #expect(seen18 == roots)
            #expect(options.problems.map(\.code) == [.terminalInstallOption, .terminalInstallOption])
            #expect(options.exportable, "the key is exportable, as the manual's wizard sets it")
            try await store.revert(installed.change)
            await connection.close()
        }

        @Test("A kill after the agent imported, before the journal: reconcile finds it; undo removes it")
        func killedAfterImport() async throws {
            let fixtures = try Fixtures()
            let p12 = try fixtures.p12(Codes.code(2006), pin: "1357")
            let request = try fixtures.request(p12, pin: "1357", newCode: Codes.code(2006), oldCode: Codes.code(2005))
            let job = try JobFolder()
            let connection = Wine.connection()
            let store = AgentCertificateStore(connection: connection, layout: TerminalLayout(root: job.path))
            let intent = try await store.prepareInstall(request)
            let seen19 = try await connection.seed(p12.bytes, pin: "1357")
            #expect(seen19 == p12.bundle.certificate.sha1)
            let reconciled = try await store.reconcile(intent)
            #expect(reconciled == intent.change)
            try await store.revert(reconciled)
            let seen20 = try Wine.registryThumbprints()
            #expect(!seen20.contains(p12.bundle.certificate.sha1))
            await connection.close()
        }
    }
}

// MARK: ④

extension UnderWine {
    @Suite("④ the old certificate through cert.export, cert.exportPublic and cert.remove")
    struct Remove {
        /// The old certificate as the terminal holds it, and a store over the agent.
        func terminal(
            _ code: String,
            policy: CertificateArchivePolicy
        ) async throws -> (AgentConnection, AgentCertificateStore, JobFolder, InstalledCertificate, [UInt8]) {
            let fixtures = try Fixtures()
            let p12 = try fixtures.p12(code, pin: "2468")
            let connection = Wine.connection()
            let thumbprint = try await connection.seed(p12.bytes, pin: "2468")
            let job = try JobFolder()
            let store = AgentCertificateStore(
                connection: connection,
                layout: TerminalLayout(root: job.path),
                policy: policy
            )
            let seen21 = try await store.personal().first { $0.thumbprint == thumbprint }
            let certificate = try #require(seen21)
            return (connection, store, job, certificate, p12.bytes)
        }

        /// The removal's planned archive places, as the journal holds them.
        func planned(_ intent: StoreIntent) -> [String: Any] {
            ((recordFields(intent.change)["removed"] as? [String: Any])?["removal"] as? [String: Any]) ?? [:]
        }

        @Test(
            "Expected Wine gap — ④ stops before removing anything: PFXExportCertStoreEx is a stub, so no archive with the key"
        )
        func stopsWithoutKeyArchive() async throws {
            let (connection, store, job, certificate, _) = try await terminal(Codes.code(3001), policy: .withPrivateKey)
            let thumbprint = try #require(certificate.thumbprint)
            #expect(certificate.issuedTo == Codes.code(3001))
            #expect(certificate.isOnlineBilling)
            let intent = try await store.prepareRemove(certificate)
            let pfx = try #require(planned(intent)["pfx"] as? String)
            #expect(
                pfx == ".succession/archive/windows/certificates/\(thumbprint).pfx",
                "the exact place, planned first"
            )
            let error = try await #require(throws: SuccessionError.self) {
                try await store.remove(certificate, as: intent)
            }
            #expect(error.code == .agentKeyNotArchived)
            #expect(error.problems[0][.reason] == ProblemCode.agentCertExportFailed.rawValue)
            #expect(error.problems[0].value(.win32) == 0, "Wine's stub gives no reason")
            let seen22 = try Wine.registryThumbprints()
            #expect(seen22.contains(thumbprint), "nothing removed")
            #expect(!FileManager.default.fileExists(atPath: job.resolve(pfx).path))
            #expect(!FileManager.default.fileExists(atPath: job.resolve(pfx + ".password").path), "no password left")
            let seen23 = try await store.reconcile(intent)
            #expect(seen23.isEmpty)
            _ = try await connection.send(
                AgentRequest("cert.remove", ["thumbprint": .text(thumbprint), "keep": .texts([])])
            )
            await connection.close()
        }

        @Test(
            "④ with a reason archives without the key (.cer), removes it; again changes nothing; undo cannot bring it back and says so"
        )
        func archiveWithoutKey() async throws {
            let reason = "旧コードの秘密キーはエクスポートできない（Wine 8）。旧コードの .p12 はお客様保管。"
            let (connection, store, job, certificate, _) = try await terminal(
                Codes.code(3002),
                policy: .withoutPrivateKeyAllowed(reason: reason)
            )
            let thumbprint = try #require(certificate.thumbprint)
            let intent = try await store.prepareRemove(certificate)
            let cer = try #require(planned(intent)["cer"] as? String)
            #expect(planned(intent)["reasonWithoutKey"] as? String == reason, "the reason is journaled with the intent")
            let change = try await store.remove(certificate, as: intent)
            let sha1 = try Wine.run(["sha1sum", job.resolve(cer).path]).prefix(40)
            #expect(sha1 == thumbprint, "the .cer is the certificate itself (its SHA-1 is the thumbprint)")
            let seen24 = try Wine.registryThumbprints()
            #expect(!seen24.contains(thumbprint))
            let seen25 = try await Wine.fresh { try await $0.thumbprints() }
            #expect(!seen25.contains(thumbprint))
            let seen26 = try await store.remove(certificate, as: intent)
            #expect(seen26 == change, "made again: nothing more")
            let seen27 = try await store.reconcile(intent)
            #expect(seen27 == intent.change)
            let error = try await #require(throws: SuccessionError.self) { try await store.revert(change) }
            #expect(error.code == .agentKeyNotRestorable)
            #expect(error.problems[0][.reason] == reason)
            let seen28 = try Wine.registryThumbprints()
            #expect(!seen28.contains(thumbprint), "no certificate put back without its key")
            await connection.close()
        }

        @Test(
            "④ undo imports the archived PFX again (an archive an earlier attempt left; made here by OpenSSL, as Wine cannot export)"
        )
        func undoReimportsPFX() async throws {
            let (connection, store, job, certificate, p12) = try await terminal(
                Codes.code(3003),
                policy: .withPrivateKey
            )
            let thumbprint = try #require(certificate.thumbprint)
            let intent = try await store.prepareRemove(certificate)
            let pfx = try #require(planned(intent)["pfx"] as? String)
            let password = try #require(planned(intent)["password"] as? String)
            try stage(p12, pin: "2468", pfx: job.resolve(pfx), password: job.resolve(password))
            let change = try await store.remove(certificate, as: intent)
            let seen29 = try Wine.registryThumbprints()
            #expect(!seen29.contains(thumbprint))
            let seen30 = try await store.reconcile(intent)
            #expect(seen30 == intent.change)
            try await store.revert(change)
            try await store.revert(change)
            let seen31 = try Wine.registryThumbprints()
            #expect(seen31.contains(thumbprint), "back in the registry")
            let listed = try await Wine.fresh { connection in
                try await connection.send(AgentRequest("cert.list")).objects("certificates")?
                    .first { $0.string("thumbprint") == thumbprint }?.flag("hasPrivateKey")
            }
            #expect(listed == true, "with its private key")
            _ = try await connection.send(
                AgentRequest("cert.remove", ["thumbprint": .text(thumbprint), "keep": .texts([])])
            )
            await connection.close()
        }

        @Test(
            "A kill after the agent removed, before the journal: reconcile finds the removal; the attempt resumes; undo restores"
        )
        func killedAfterRemoval() async throws {
            let (connection, store, job, certificate, p12) = try await terminal(
                Codes.code(3004),
                policy: .withPrivateKey
            )
            let thumbprint = try #require(certificate.thumbprint)
            let intent = try await store.prepareRemove(certificate)
            try stage(
                p12,
                pin: "2468",
                pfx: job.resolve(try #require(planned(intent)["pfx"] as? String)),
                password: job.resolve(try #require(planned(intent)["password"] as? String))
            )
            _ = try await connection.send(
                AgentRequest("cert.remove", ["thumbprint": .text(thumbprint), "keep": .texts([])])
            )
            let reconciled = try await store.reconcile(intent)
            #expect(reconciled == intent.change, "the removal is in the record: undo will restore it")
            let seen32 = try await store.remove(certificate, as: intent)
            #expect(seen32 == intent.change, "the resumed attempt completes")
            try await store.revert(reconciled)
            let seen33 = try Wine.registryThumbprints()
            #expect(seen33.contains(thumbprint))
            _ = try await connection.send(
                AgentRequest("cert.remove", ["thumbprint": .text(thumbprint), "keep": .texts([])])
            )
            await connection.close()
        }

        @Test("④ run after ⑦ never removes the new certificate: it is on the keep list and the agent refuses")
        func keepsTheNewCertificate() async throws {
            let fixtures = try Fixtures()
            let (old, new) = (Codes.code(3005), Codes.code(3006))
            let p12 = try fixtures.p12(new, pin: "1357")
            let job = try JobFolder()
            let connection = Wine.connection()
            let layout = TerminalLayout(root: job.path)
            let installer = AgentCertificateStore(connection: connection, layout: layout)
            let installed = try await installer.install(
                try fixtures.request(p12, pin: "1357", newCode: new, oldCode: old)
            )
            let sha1 = p12.bundle.certificate.sha1
            // Allowed without the key, so that the removal gets past Wine's missing export.
            let store = AgentCertificateStore(
                connection: connection,
                layout: layout,
                policy: .withoutPrivateKeyAllowed(reason: "test")
            )
            let seen34 = try await store.personal().first { $0.thumbprint == sha1 }
            let certificate = try #require(seen34)
            let intent = try await store.prepareRemove(certificate)
            #expect((planned(intent)["keep"] as? [String])?.contains(sha1) == true)
            await #expect(throws: SuccessionError(.agentCertKept)) { try await store.remove(certificate, as: intent) }
            let seen35 = try Wine.registryThumbprints()
            #expect(seen35.contains(sha1))
            try await installer.revert(installed.change)
            await connection.close()
        }

        /// The PFX archive and its password, as the agent's export would have left them.
        func stage(_ p12: [UInt8], pin: String, pfx: URL, password: URL) throws {
            try FileManager.default.createDirectory(
                at: pfx.deletingLastPathComponent(),
                withIntermediateDirectories: true
            )
            try Data(p12).write(to: pfx)
            try Data(pin.utf8).write(to: password)
            try FileManager.default.setAttributes([.posixPermissions: 0o600], ofItemAtPath: password.path)
        }
    }
}

// MARK: ⑤

extension UnderWine {
    @Suite("⑤ ReaderInfo.ini and InitializeFace.bat through file.* and run.initializeFace")
    struct Initialize {
        static let readerInfo = "ProgramData/OQS-Auth/ReaderInfo.ini"
        static let batch = "Work/InitializeFace.bat"
        static let runs = "Work/initialize-runs.txt"

        /// ReaderInfo.ini as a terminal with one bound reader has it, and an InitializeFace.bat
        /// like the manual's (「1」, 初期化完了, Enter) that also counts its runs — or one that fails.
        func practice(failing: Bool = false) throws -> Data {
            let bytes = try #require(
                "[Reader]\r\nSerialNo=FJ0009876\r\nLoginName=F0FACE01\r\n; 顔認証付きカードリーダー \(UUID().uuidString)\r\n"
                    .data(using: .shiftJIS)
            )
            try FileManager.default.createDirectory(
                at: Wine.file(Self.readerInfo).deletingLastPathComponent(),
                withIntermediateDirectories: true
            )
            try bytes.write(to: Wine.file(Self.readerInfo))
            try? FileManager.default.removeItem(at: Wine.file(Self.runs))
            let lines =
                failing
                ? ["@echo off", "echo 初期化ツールのエラーです。", "exit /b 1"]
                : [
                    "@echo off", "echo セットアップ情報の初期化を行います。", "set /p ANSWER=1:初期化する 9:終了 番号: ",
                    "if not \"%ANSWER%\"==\"1\" exit /b 9", "echo run>> C:\\Work\\initialize-runs.txt",
                    "del C:\\ProgramData\\OQS-Auth\\ReaderInfo.ini", "echo 初期化完了", "pause", "exit /b 0",
                ]
            try #require(lines.map { $0 + "\r\n" }.joined().data(using: .shiftJIS)).write(to: Wine.file(Self.batch))
            return bytes
        }

        func runCount() -> Int {
            ((try? String(contentsOf: Wine.file(Self.runs), encoding: .utf8)) ?? "").split(whereSeparator: \.isNewline)
                .count
        }

        func archived(_ intent: StoreIntent, _ job: JobFolder) -> URL? {
            (recordFields(intent.change)["archive"] as? String).map(job.resolve)
        }

        @Test(
            "⑤ copies ReaderInfo.ini, runs InitializeFace.bat answering 1; again runs nothing; undo puts it back byte for byte"
        )
        func initializeAndUndo() async throws {
            let original = try practice()
            let job = try JobFolder()
            let connection = Wine.connection()
            let store = AgentReaderBindingStore(connection: connection, layout: TerminalLayout(root: job.path))
            let impact = try await store.initializationImpact()
            #expect(impact.readerInfoExists)
            #expect(impact.readersToUnbind.isEmpty, "the bindings are the person's to list (③)")
            let intent = try await store.prepareInitialize()
            #expect(intent.before == ReaderInitialization.Method.initializeTool.rawValue)
            let copy = try #require(archived(intent, job))
            #expect(!FileManager.default.fileExists(atPath: copy.path), "prepare changes nothing")

            let done = try await store.initialize(as: intent)
            #expect(done.method == .initializeTool)
            #expect(runCount() == 1, "「1」 reached the batch")
            #expect(
                !FileManager.default.fileExists(atPath: Wine.file(Self.readerInfo).path),
                "the practice tool deleted it"
            )
            let seen36 = try Data(contentsOf: copy)
            #expect(seen36 == original, "the archive holds the bytes before")
            let again = try await store.initialize(as: intent)
            #expect(again.method == .initializeTool)
            #expect(runCount() == 1, "not run twice")
            let seen37 = try await store.reconcile(intent)
            #expect(seen37 == intent.change)

            try await store.revert(done.change)
            try await store.revert(done.change)
            let seen38 = try Data(contentsOf: Wine.file(Self.readerInfo))
            #expect(seen38 == original, "back under drive_c")
            await connection.close()
        }

        @Test(
            "⑤ prepared again once made (a kill before the journal): nothing to do, the tool not run again; after undo it is"
        )
        func preparedAgain() async throws {
            _ = try practice()
            let job = try JobFolder()
            let connection = Wine.connection()
            let store = AgentReaderBindingStore(connection: connection, layout: TerminalLayout(root: job.path))
            let done = try await store.initialize(as: try await store.prepareInitialize())
            let again = try await store.prepareInitialize()
            #expect(again.change.isEmpty)
            #expect(again.before == ReaderInitialization.Method.initializeTool.rawValue)
            let made = try await store.initialize(as: again)
            #expect(made.method == .initializeTool)
            #expect(runCount() == 1, "not run twice")
            try await store.revert(done.change)
            let afterUndo = try await store.prepareInitialize()
            #expect(!afterUndo.change.isEmpty, "undone: a later ⑤ initializes again")
            await connection.close()
        }

        @Test("⑤ when InitializeFace.bat fails, ReaderInfo.ini is deleted by hand as the manual says — archived first")
        func toolFails() async throws {
            let original = try practice(failing: true)
            let job = try JobFolder()
            let connection = Wine.connection()
            let store = AgentReaderBindingStore(connection: connection, layout: TerminalLayout(root: job.path))
            let intent = try await store.prepareInitialize()
            let done = try await store.initialize(as: intent)
            #expect(done.method == .readerInfoDeleted)
            #expect(!FileManager.default.fileExists(atPath: Wine.file(Self.readerInfo).path))
            let seen39 = try Data(contentsOf: try #require(archived(intent, job)))
            #expect(seen39 == original)
            try await store.revert(done.change)
            let seen40 = try Data(contentsOf: Wine.file(Self.readerInfo))
            #expect(seen40 == original)
            await connection.close()
        }

        @Test(
            "⑤ without InitializeFace.bat the plan is the manual's way by hand: ReaderInfo.ini deleted, archived first"
        )
        func toolMissing() async throws {
            let original = try practice()
            try FileManager.default.removeItem(at: Wine.file(Self.batch))
            let job = try JobFolder()
            let connection = Wine.connection()
            let store = AgentReaderBindingStore(connection: connection, layout: TerminalLayout(root: job.path))
            let intent = try await store.prepareInitialize()
            #expect(intent.before == ReaderInitialization.Method.readerInfoDeleted.rawValue)
            let done = try await store.initialize(as: intent)
            #expect(done.method == .readerInfoDeleted)
            #expect(!FileManager.default.fileExists(atPath: Wine.file(Self.readerInfo).path))
            try await store.revert(done.change)
            let seen41 = try Data(contentsOf: Wine.file(Self.readerInfo))
            #expect(seen41 == original)
            _ = try practice()
            await connection.close()
        }

        @Test("A kill after the agent copied and ran the tool, before the journal: reconcile finds it; undo restores")
        func killedAfterRun() async throws {
            let original = try practice()
            let job = try JobFolder()
            let connection = Wine.connection()
            let store = AgentReaderBindingStore(connection: connection, layout: TerminalLayout(root: job.path))
            let intent = try await store.prepareInitialize()
            let copy = try #require(archived(intent, job))
            try FileManager.default.createDirectory(
                at: copy.deletingLastPathComponent(),
                withIntermediateDirectories: true
            )
            let readerInfo = try await connection.hello().oqsAuthFolder + #"\ReaderInfo.ini"#
            _ = try await connection.send(
                AgentRequest(
                    "file.archive",
                    [
                        "path": .text(readerInfo),
                        "destination": .text(try await connection.agentPath(for: FilePath(copy.path))),
                    ]
                )
            )
            _ = try await connection.send(AgentRequest("run.initializeFace", ["timeoutMs": .integer(60000)]))
            #expect(runCount() == 1)
            let reconciled = try await store.reconcile(intent)
            #expect(reconciled == intent.change)
            let resumed = try await store.initialize(as: intent)
            #expect(resumed.method == .initializeTool)
            #expect(runCount() == 1, "the resumed attempt does not run the tool again")
            try await store.revert(reconciled)
            let seen42 = try Data(contentsOf: Wine.file(Self.readerInfo))
            #expect(seen42 == original)
            await connection.close()
        }

        @Test("③⑫ stay with the person: the login-name management tool is not the agent's")
        func bindingsAreThePersons() async throws {
            let job = try JobFolder()
            let store = AgentReaderBindingStore(connection: Wine.connection(), layout: TerminalLayout(root: job.path))
            await #expect(throws: SuccessionError(.attendedByPerson)) { try await store.readers() }
            await #expect(throws: SuccessionError(.attendedByPerson)) {
                try await store.prepareRemove(ReaderSerialNumber(rawValue: "FJ0009876"))
            }
        }
    }
}

// MARK: The process

extension UnderWine {
    @Suite("The agent's process under Wine")
    struct AgentProcessTests {
        @Test("hello: protocol 1, Windows 10, Wine; paths on drive Z:")
        func hello() async throws {
            let connection = Wine.connection()
            let hello = try await connection.hello()
            #expect(hello.protocolVersion == 1)
            #expect(hello.windowsName == "Windows 10")
            #expect(hello.wine != nil)
            #expect(hello.oqsAuthFolder == #"C:\ProgramData\OQS-Auth"#)
            #expect(hello.problems.isEmpty, "elevated under Wine is Wine's, not a warning")
            await connection.close()
        }

        @Test("An agent killed mid-session is agent.exited for the next call; the call after starts a new one")
        func killedAgent() async throws {
            let connection = Wine.connection()
            _ = try await connection.hello()
            let pid = try #require(await connection.agentProcessID)
            kill(pid, SIGKILL)
            await #expect(throws: SuccessionError(.agentExited)) {
                try await connection.send(AgentRequest("cert.list"))
            }
            _ = try await connection.send(AgentRequest("cert.list"))
            #expect(await connection.agentProcessID != pid)
            await connection.close()
        }
    }
}
