import Foundation
import SuccessionKit
import SystemPackage
import Testing

/// The verified backup 【工事手順⑥】 and the re-wrap with modern algorithms.
@Suite("CertificateBackup and re-wrap")
struct CertificateBackupTests {
    private func temporaryFolder() throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("backup-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }

    private func backup(
        _ name: String,
        as fileName: String = "20261120.p12",
        to folder: String,
        passphrase: CertificatePIN? = nil
    ) throws
        -> CertificateBackup.Copy
    {
        try CertificateBackup.backup(
            bytes: Fixture.bytes(name),
            fileName: fileName,
            bundle: Fixture.open(name),
            to: FilePath(folder),
            rewrappedWith: passphrase
        )
    }

    @Test("A backup is byte-identical, mode 0600, in the manual's folder, with a manifest and no PIN")
    func backupCopies() throws {
        let root = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: root) }
        let folder = root.appendingPathComponent(CertificateBackup.defaultFolderName).path
        let result = try backup("new-modern.p12", to: folder)
        #expect(!result.alreadyPresent)
        #expect(result.path.string == folder + "/20261120.p12")
        #expect(try Data(contentsOf: URL(fileURLWithPath: result.path.string)) == Data(Fixture.bytes("new-modern.p12")))
        let mode = try FileManager.default.attributesOfItem(atPath: result.path.string)[.posixPermissions] as? Int
        #expect(mode == 0o600)
        let manifest = try CertificateBackup.manifest(in: FilePath(folder))
        #expect(manifest.count == 1)
        #expect(manifest.first?.institutionCode == Fixture.newCode)
        #expect(manifest.first?.certificateSHA256 == result.record.certificateSHA256)
        let text = try String(contentsOfFile: folder + "/" + CertificateBackup.manifestName, encoding: .utf8)
        #expect(!text.contains("1357"), "the manifest never holds the PIN")
        let leftovers = try FileManager.default.contentsOfDirectory(atPath: folder).filter { $0.contains(".tmp-") }
        #expect(leftovers.isEmpty, "no temporary file is left behind")
    }

    @Test("Backing up the same file again writes nothing and says so")
    func idempotent() throws {
        let folder = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        _ = try backup("new-modern.p12", to: folder.path)
        let again = try backup("new-modern.p12", to: folder.path)
        #expect(again.alreadyPresent)
        #expect(try CertificateBackup.manifest(in: FilePath(folder.path)).count == 1)
    }

    @Test("An existing different file is never overwritten: both are kept, the new one named by fingerprint")
    func neverOverwrites() throws {
        let folder = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let first = try backup("old.p12", to: folder.path)
        let second = try backup("new-modern.p12", to: folder.path)
        #expect(second.path != first.path)
        #expect(second.path.string.hasSuffix("20261120-\(second.record.fileSHA256.prefix(12)).p12"))
        #expect(try Data(contentsOf: URL(fileURLWithPath: first.path.string)) == Data(Fixture.bytes("old.p12")))
        #expect(try CertificateBackup.manifest(in: FilePath(folder.path)).count == 2)
    }

    @Test("The fingerprint name keeps a name's extension, and gives .p12 to a name without one")
    func fingerprintNames() throws {
        let folder = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        for name in ["証明書.PFX", "証明書", ".p12"] {
            _ = try backup("old.p12", as: name, to: folder.path)
            let second = try backup("new-modern.p12", as: name, to: folder.path)
            let digest = second.record.fileSHA256.prefix(12)
            let expected = ["証明書.PFX": "証明書-\(digest).PFX", "証明書": "証明書-\(digest).p12", ".p12": ".p12-\(digest).p12"]
            #expect(second.path.lastComponent?.string == expected[name], "\(name)")
            #expect(second.path.removingLastComponent() == FilePath(folder.path))
        }
    }

    @Test("A backup from the chosen file's path: read once, opened with the PIN, copied under its own name")
    func backupFromPath() async throws {
        let folder = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let target = FilePath(folder.path).appending(CertificateBackup.defaultFolderName)
        let copy = try CertificateBackup.backup(
            contentsOf: FilePath(Fixture.path("new-modern.p12")),
            pin: Fixture.pin,
            to: target
        )
        #expect(copy.path == target.appending("new-modern.p12"))
        #expect(try Data(contentsOf: URL(fileURLWithPath: copy.path.string)) == Data(Fixture.bytes("new-modern.p12")))
        #expect(try CertificateBackup.manifest(in: target).map(\.file) == ["new-modern.p12"])
        #expect(throws: SuccessionError(.pkcs12WrongPIN)) {
            try CertificateBackup.backup(
                contentsOf: FilePath(Fixture.path("old.p12")),
                pin: CertificatePIN("0000"),
                to: target
            )
        }
        #expect(try CertificateBackup.manifest(in: target).count == 1, "a file that does not open is not copied")
    }

    @Test("A backup into a folder that cannot be written fails with file.unwritable and leaves nothing")
    func unwritable() async throws {
        #expect(throws: SuccessionError(.fileUnwritable)) {
            try backup("new-modern.p12", to: "/proc/succession-cannot-write-here")
        }
    }

    @Test("Re-wrap: AES-256-CBC, PBKDF2-HMAC-SHA256, SHA-256 MAC, high iterations; same certificate")
    func rewrap() async throws {
        let bundle = try Fixture.open("new-legacy.p12")
        let passphrase = CertificatePIN("correct horse battery staple 2026")
        let bytes = try bundle.rewrapped(passphrase: passphrase, iterations: 10_000)
        let reopened = try PKCS12Bundle(bytes: bytes, pin: passphrase)
        #expect(reopened.certificate.sha256 == bundle.certificate.sha256)
        #expect(reopened.keyMatchesCertificate)
        #expect(reopened.chain.map(\.sha256) == bundle.chain.map(\.sha256))
        #expect(reopened.algorithms.macDigest == "sha256")
        #expect(reopened.algorithms.macIterations == 10_000)
        #expect(reopened.algorithms.keyEncryption?.contains("AES-256-CBC") == true)
        #expect(reopened.algorithms.keyEncryption?.contains("hmacWithSHA256") == true)
        #expect(reopened.algorithms.certificateEncryption?.contains("AES-256-CBC") == true)
        #expect(!reopened.algorithms.isLegacy)
        #expect(throws: SuccessionError(.pkcs12WrongPIN)) { try PKCS12Bundle(bytes: bytes, pin: Fixture.pin) }
    }

    @Test("The default re-wrap uses the high iteration count for PBKDF2 and the MAC")
    func defaultIterations() throws {
        let passphrase = CertificatePIN("another long passphrase")
        let bytes = try Fixture.open("new-modern.p12").rewrapped(passphrase: passphrase)
        #expect(
            try PKCS12Bundle(bytes: bytes, pin: passphrase).algorithms.macIterations == PKCS12Bundle.rewrapIterations
        )
    }

    @Test("Re-wrap refuses a bundle without a usable key")
    func rewrapRefuses() async throws {
        #expect(throws: SuccessionError(.pkcs12NoPrivateKey)) {
            try Fixture.open("cert-only.p12").rewrapped(passphrase: CertificatePIN("x"))
        }
        #expect(throws: SuccessionError(.pkcs12KeyMismatch)) {
            try Fixture.open("key-mismatch.p12").rewrapped(passphrase: CertificatePIN("x"))
        }
    }

    @Test("A backup with --rewrap stores the re-wrapped file, recorded as such")
    func backupRewrapped() throws {
        let folder = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let passphrase = CertificatePIN("a strong passphrase for the USB")
        let result = try backup("new-modern.p12", to: folder.path, passphrase: passphrase)
        #expect(result.record.rewrapped)
        let stored = try PKCS12Bundle(contentsOf: result.path, pin: passphrase)
        #expect(stored.certificate.sha256 == result.record.certificateSHA256)
    }

    @Test("AtomicFile refuses to replace an existing file when asked not to")
    func atomicNoClobber() async throws {
        let folder = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let path = folder.appendingPathComponent("x").path
        try AtomicFile.write([1, 2, 3], to: path, replace: false)
        #expect(throws: SuccessionError(.fileExists)) { try AtomicFile.write([4], to: path, replace: false) }
        #expect(try Data(contentsOf: URL(fileURLWithPath: path)) == Data([1, 2, 3]))
        try AtomicFile.write([4], to: path, replace: true)
        #expect(try Data(contentsOf: URL(fileURLWithPath: path)) == Data([4]))
    }

    /// Downloads holding `file` as 20261120.p12, picked as 【工事手順⑥】 picks it.
    private func picked(
        _ file: String = "new-modern.p12"
    ) throws -> (downloads: URL, picked: CertificatePicker.PickedFile) {
        let downloads = try temporaryFolder()
        try FileManager.default.copyItem(
            at: Fixture.folder.appendingPathComponent(file),
            to: downloads.appendingPathComponent("20261120.p12")
        )
        let pick = try CertificatePicker.pick(
            in: FilePath(downloads.path),
            newCode: #require(Fixture.newCode),
            pin: Fixture.pin,
            at: Fixture.workDay
        )
        return (downloads, try #require(pick.picked))
    }

    @Test("The picked file is backed up as it was picked, without its PIN, under its own name")
    func backupPicked() throws {
        let (downloads, picked) = try picked()
        let folder = try temporaryFolder()
        defer { for url in [downloads, folder] { try? FileManager.default.removeItem(at: url) } }
        let copy = try CertificateBackup.backup(picked, to: FilePath(folder.path))
        #expect(copy.path == FilePath(folder.path).appending("20261120.p12"))
        #expect(copy.record.fileSHA256 == picked.sha256)
        #expect(copy.record.certificateSHA256 == picked.bundle.certificate.sha256)
        #expect(try Fixture.bytes("new-modern.p12") == Array(Data(contentsOf: URL(fileURLWithPath: copy.path.string))))
    }

    @Test("A picked file replaced since the pick (a second download) is refused: backup.fileChanged, nothing written")
    func backupRefusesChangedFile() throws {
        let (downloads, picked) = try picked()
        let folder = try temporaryFolder().appendingPathComponent("backup")
        defer {
            for url in [downloads, folder.deletingLastPathComponent()] { try? FileManager.default.removeItem(at: url) }
        }
        // Another certificate for the same code, same name, same PIN: only the bytes tell.
        let file = downloads.appendingPathComponent("20261120.p12")
        try Data(Fixture.bytes("reissued.p12")).write(to: file)
        let error = try #require(throws: SuccessionError.self) {
            try CertificateBackup.backup(picked, to: FilePath(folder.path))
        }
        #expect(error == SuccessionError(.backupFileChanged))
        let problem = try #require(error.problems.first)
        #expect(problem[.expected] == picked.sha256)
        #expect(problem[.found] == sha256Hex(try Fixture.bytes("reissued.p12")))
        #expect(problem[.path] == file.path)
        #expect(!FileManager.default.fileExists(atPath: folder.path), "nothing is created for a refused backup")
        #expect(problem.message(in: .japanese).contains("選んだ後に変わっています"))
        #expect(problem.message(in: .english).contains("changed since it was picked"))
    }

    @Test("A picked file that is gone is file.unreadable, not a copy of what was opened")
    func backupRefusesMissingFile() throws {
        let (downloads, picked) = try picked()
        let folder = try temporaryFolder()
        defer { for url in [downloads, folder] { try? FileManager.default.removeItem(at: url) } }
        try FileManager.default.removeItem(at: downloads.appendingPathComponent("20261120.p12"))
        #expect(throws: SuccessionError(.fileUnreadable)) {
            try CertificateBackup.backup(picked, to: FilePath(folder.path))
        }
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder.path).isEmpty)
    }

    @Test("The same bytes written again (touched, copied back) are still the picked file")
    func backupAcceptsSameBytes() throws {
        let (downloads, picked) = try picked()
        let folder = try temporaryFolder()
        defer { for url in [downloads, folder] { try? FileManager.default.removeItem(at: url) } }
        let file = downloads.appendingPathComponent("20261120.p12")
        try FileManager.default.removeItem(at: file)
        try Data(Fixture.bytes("new-modern.p12")).write(to: file)
        let passphrase = CertificatePIN("a strong passphrase for the USB")
        let copy = try CertificateBackup.backup(picked, to: FilePath(folder.path), rewrappedWith: passphrase)
        #expect(copy.record.rewrapped)
        #expect(try PKCS12Bundle(contentsOf: copy.path, pin: passphrase).certificate == picked.bundle.certificate)
    }
}
