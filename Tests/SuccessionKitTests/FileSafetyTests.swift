import Foundation
import SuccessionKit
import SystemPackage
import SuccessionKitSandbox
import Testing

#if canImport(Glibc)
import Glibc
#endif

/// Where the library writes or trusts a file: no symbolic link is followed (a manifest, a backup
/// name, the terminal's archive, the sandbox's folders), a 250-byte file name is kept, and
/// concurrent backups into one folder each get a true outcome and a record.
@Suite("File safety: symbolic links, long names, concurrent writers")
struct FileSafetyTests {
    private func temporaryFolder() throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("round3-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }

    private func backup(_ name: String, as fileName: String, to folder: String) throws -> CertificateBackup.Copy {
        try CertificateBackup.backup(
            bytes: Fixture.bytes(name),
            fileName: fileName,
            bundle: Fixture.open(name, pin: name == "ec-empty-pass.p12" ? CertificatePIN("") : Fixture.pin),
            to: FilePath(folder)
        )
    }

    @Test("A backup-manifest.json that is a symbolic link stops the backup: the target is never read or copied")
    func manifestSymlink() async throws {
        let root = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: root) }
        let secret = root.appendingPathComponent("id_ed25519")
        try Data("PRIVATE KEY".utf8).write(to: secret)
        let folder = root.appendingPathComponent("usb")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        try FileManager.default.createSymbolicLink(
            atPath: folder.appendingPathComponent(CertificateBackup.manifestName).path,
            withDestinationPath: secret.path
        )
        #expect(throws: SuccessionError(.fileSymbolicLink)) {
            try backup("new-modern.p12", as: "new.p12", to: folder.path)
        }
        #expect(throws: SuccessionError(.fileSymbolicLink)) {
            try CertificateBackup.manifest(in: FilePath(folder.path))
        }
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder.path) == [CertificateBackup.manifestName])
    }

    @Test("A backup name that is a symbolic link to the original is never \"already backed up\": a real copy is made")
    func backupSymlinkIsNoBackup() throws {
        let root = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: root) }
        let original = root.appendingPathComponent("new.p12")
        try Data(Fixture.bytes("new-modern.p12")).write(to: original)
        let folder = root.appendingPathComponent("usb")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let link = folder.appendingPathComponent("new.p12").path
        try FileManager.default.createSymbolicLink(atPath: link, withDestinationPath: original.path)
        let outcome = try backup("new-modern.p12", as: "new.p12", to: folder.path)
        #expect(!outcome.alreadyPresent)
        #expect(outcome.path.string != link)
        var status = stat()
        #expect(lstat(outcome.path.string, &status) == 0 && (status.st_mode & S_IFMT) == S_IFREG)
        try FileManager.default.removeItem(at: original)
        #expect(
            try Data(contentsOf: URL(fileURLWithPath: outcome.path.string)) == Data(Fixture.bytes("new-modern.p12"))
        )
    }

    @Test("A file name of 250 bytes is backed up (the temporary name stays within the 255-byte limit)")
    func longName() throws {
        let folder = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let name = String(repeating: "証", count: 82) + ".p12"  // 82 × 3 + 4 = 250 bytes
        #expect(name.utf8.count == 250)
        let outcome = try backup("new-modern.p12", as: name, to: folder.path)
        #expect(outcome.path.string == folder.path + "/" + name)
        #expect(FileManager.default.fileExists(atPath: outcome.path.string))
    }

    @Test("The terminal's archive never copies a symbolic link's target in, and keeps a file of a 250-byte name")
    func archiveLinksAndLongNames() async throws {
        let work = try JobTests.Work()
        let layout = work.scenario.terminal.layout
        let archive = TerminalArchive(layout: layout)
        let secret = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: secret) }
        try Data("PRIVATE KEY".utf8).write(to: secret.appendingPathComponent("key"))
        let link = layout.backupFolder.appending(CertificateBackup.manifestName)
        try FileManager.default.createDirectory(atPath: layout.backupFolder.string, withIntermediateDirectories: true)
        try FileManager.default.createSymbolicLink(atPath: link.string, withDestinationPath: secret.path + "/key")
        let before = try archive.entries()
        #expect(throws: SuccessionError(.fileSymbolicLink)) {
            try archive.archive(link, reason: "backup.manifest", remove: false)
        }
        #expect(try archive.entries() == before)
        let long = layout.path(.downloads).appending(String(repeating: "証", count: 82) + ".p12")
        try Data(Fixture.bytes("new-modern.p12")).write(to: URL(fileURLWithPath: long.string))
        let entry = try archive.archive(long, reason: "test", remove: true)
        #expect(entry.id.utf8.count <= 255)
        try archive.restore(entry.id)
        #expect(try Data(contentsOf: URL(fileURLWithPath: long.string)) == Data(Fixture.bytes("new-modern.p12")))
    }

    @Test(
        "Eight concurrent backups of different certificates under one name, with and without hard links (FAT): every outcome true, every record kept",
        arguments: [false, true]
    )
    func concurrentBackups(withoutHardLinks: Bool) throws {
        let folder = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let names = [
            "new-modern.p12", "reissued.p12", "old.p12", "expired.p12", "other-issuer.p12", "midnight-jst.p12",
            "two-codes.p12", "new-legacy.p12",
        ]
        let inputs = try names.map { name in
            (bytes: try Fixture.bytes(name), bundle: try Fixture.open(name))
        }
        AtomicFile.hardLinksUnavailableForTesting = withoutHardLinks
        defer { AtomicFile.hardLinksUnavailableForTesting = false }
        nonisolated(unsafe) var outcomes: [Int: Result<CertificateBackup.Copy, SuccessionError>] = [:]
        let lock = NSLock()
        DispatchQueue.concurrentPerform(iterations: names.count) { index in
            let result = Result { () throws(SuccessionError) -> CertificateBackup.Copy in
                try CertificateBackup.backup(
                    bytes: inputs[index].bytes,
                    fileName: "x.p12",
                    bundle: inputs[index].bundle,
                    to: FilePath(folder.path)
                )
            }
            lock.withLock { outcomes[index] = result }
        }
        for index in names.indices {
            let outcome = try #require(try outcomes[index]?.get())
            #expect(!outcome.alreadyPresent)
            #expect(
                try Data(contentsOf: URL(fileURLWithPath: outcome.path.string)) == Data(inputs[index].bytes),
                "\(names[index]): the OK is true"
            )
        }
        let records = try CertificateBackup.manifest(in: FilePath(folder.path))
        #expect(records.count == names.count, "the manifest keeps every record")
        #expect(Set(records.map(\.file)).count == names.count)
    }

    @Test("A sandbox whose personal store or desktop is a symbolic link elsewhere: refused, nothing written outside")
    func sandboxFoldersAreReal() async throws {
        let work = try JobTests.Work()
        let layout = work.scenario.terminal.layout
        let outside = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: outside) }
        let personal = layout.root.string + "/.succession/certificates/personal"
        let moved = outside.appendingPathComponent("personal")
        try FileManager.default.moveItem(atPath: personal, toPath: moved.path)
        try FileManager.default.createSymbolicLink(atPath: personal, withDestinationPath: moved.path)
        await #expect(throws: SuccessionError(.fileSymbolicLink)) {
            try await work.scenario.terminal.certificates.personal()
        }
        try FileManager.default.removeItem(atPath: personal)
        try FileManager.default.moveItem(atPath: moved.path, toPath: personal)

        let desktop = layout.path(.desktop).string
        let elsewhere = outside.appendingPathComponent("desktop")
        try FileManager.default.createDirectory(at: elsewhere, withIntermediateDirectories: true)
        try FileManager.default.removeItem(atPath: desktop)
        try FileManager.default.createSymbolicLink(atPath: desktop, withDestinationPath: elsewhere.path)
        #expect(throws: SuccessionError(.fileSymbolicLink)) { try Terminal.sandbox(root: layout.root) }
        #expect(try FileManager.default.contentsOfDirectory(atPath: elsewhere.path).isEmpty, "nothing made outside")
        try FileManager.default.removeItem(atPath: desktop)
        try FileManager.default.createDirectory(atPath: desktop, withIntermediateDirectories: true)
        _ = try Terminal.sandbox(root: layout.root)

        // ReaderInfo.ini's folder, where the readers' bindings are written.
        let readerFolder = layout.root.string + "/ProgramData/OQS-Auth"
        try FileManager.default.moveItem(atPath: readerFolder, toPath: outside.appendingPathComponent("auth").path)
        try FileManager.default.createSymbolicLink(
            atPath: readerFolder,
            withDestinationPath: outside.appendingPathComponent("auth").path
        )
        #expect(throws: SuccessionError(.fileSymbolicLink)) { try Terminal.sandbox(root: layout.root) }
    }
}
