import Foundation
import SuccessionKit
import SystemPackage
import SuccessionKitSandbox
import Testing

#if canImport(Glibc)
import Glibc
#endif

/// The third hostile round, in the library: no symbolic link followed where the tool writes or
/// trusts a backup, bounded work on any `.p12`, every backup OK true under concurrency, and
/// papers and reports that say what is there.
@Suite("Hostile input, third round (library)")
struct HostileInputRound3LibraryTests {
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

    // MARK: Bounded work on any .p12

    @Test(
        "No MAC and 2³¹−1 PBKDF2 or PKCS#12-PBE iterations, or two bags whose sum is too high: refused before any derivation",
        arguments: [
            ("nomac-huge-pbkdf2.p12", "2147483647"), ("nomac-huge-pbe.p12", "2147483647"),
            ("nomac-sum-iterations.p12", "10000002"),
        ]
    )
    func boundedBagIterations(_ name: String, count: String) throws {
        let start = Date()
        for pin in ["1357", "0000"] {
            let error = try #require(throws: SuccessionError.self) {
                try Fixture.open(name, pin: CertificatePIN(pin))
            }
            #expect(error.code == .pkcs12IterationsTooHigh)
            #expect(error.problems.first?[.count] == count)
        }
        #expect(Date().timeIntervalSince(start) < 2, "no key derivation ran")
    }

    // MARK: Symbolic links where a backup is written or trusted

    @Test("A backup-manifest.json that is a symbolic link stops the backup: the target is never read or copied")
    func manifestSymlink() throws {
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
    func archiveLinksAndLongNames() throws {
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

    // MARK: Concurrency and FAT

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

    // MARK: The sandbox's folders are real folders

    @Test("A sandbox whose personal store or desktop is a symbolic link elsewhere: refused, nothing written outside")
    func sandboxFoldersAreReal() throws {
        let work = try JobTests.Work()
        let layout = work.scenario.terminal.layout
        let outside = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: outside) }
        let personal = layout.root.string + "/.succession/certificates/personal"
        let moved = outside.appendingPathComponent("personal")
        try FileManager.default.moveItem(atPath: personal, toPath: moved.path)
        try FileManager.default.createSymbolicLink(atPath: personal, withDestinationPath: moved.path)
        #expect(throws: SuccessionError(.fileSymbolicLink)) { try work.scenario.terminal.certificates.personal() }
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

    // MARK: A true report

    @Test("The report shows a backup folder outside the sandbox as it is, and escapes raw HTML in Markdown")
    func reportSaysWhereAndEscapes() throws {
        let work = try JobTests.Work()
        _ = try work.run()
        let journal = work.root.appendingPathComponent(".succession/job.json")
        var text = try String(contentsOf: journal, encoding: .utf8)
        let folder = try #require(try work.store.load().evidence(of: .step6).backupFolder)
        text = text.replacingOccurrences(of: folder, with: "/media/usb/Work/bk")
            .replacingOccurrences(of: folder.replacingOccurrences(of: "/", with: #"\/"#), with: "/media/usb/Work/bk")
        text = text.replacingOccurrences(of: "総合受付", with: "<img src=x onerror=alert(1)><script>x</script>")
        try Data(text.utf8).write(to: journal)
        let report = JobReport(job: try work.store.load())
        #expect(report.backupLocation == "/media/usb/Work/bk")
        #expect(!report.markdown.contains("<img"))
        #expect(!report.markdown.contains("<script>"))
        #expect(report.markdown.contains("&lt;img src=x onerror=alert(1)&gt;"))

        // The sandbox's own backup folder is still shown as the terminal's Windows path.
        let sandbox = try JobTests.Work()
        let finished = try sandbox.run().job
        #expect(JobReport(job: finished).backupLocation?.hasPrefix(#"C:\Users"#) == true)
    }

    @Test(
        "job skip with a reason that is only a line feed or other white space is refused",
        arguments: ["\n", " \r\n\t", "  "]
    )
    func skipReasonWhitespace(_ reason: String) throws {
        let work = try JobTests.Work()
        #expect(throws: SuccessionError(.jobSkipReason)) { try work.runner.skip(.step3, reason: reason) }
    }

    // MARK: Papers

    @Test("A notice with two different 発行先 (the new code, then the old) is an error; the same one twice a warning")
    func twoIssuedTo() {
        let base = "発行者\tOnline Billing NW Common Root CA\n発行先\t1310110049\n"
        let conflicting = CertificateIssueNotice.read(text: base + "発行先\t0110113719\n")
        let problem = conflicting.problems.first { $0.code == .noticeConflictingRows }
        #expect(problem?.severity == .error)
        #expect(problem?[.found] == "0110113719" && problem?[.expected] == "1310110049")
        let repeated = CertificateIssueNotice.read(text: base + "発行先\t１３１０１１００４９\n")
        #expect(!repeated.problems.contains { $0.code == .noticeConflictingRows })
        #expect(repeated.problems.contains { $0.code == .noticeDuplicateRow && $0.severity == .warning })
    }

    @Test(
        "⑬ a 再開予定時刻 that is no time (month 13, 99:99) or lies in the past is refused",
        arguments: ["2026/13/45 99:99", "2026/02/30 09:00", "2026/11/29 24:00", "2026/11/29 09:61", "きょう"]
    )
    func impossibleResumeTime(_ time: String) {
        let status = DistributionStatus(line: "Status=サーバー接続の定期実行待ち [再開予定時刻：\(time)]")
        #expect(status.outcome == .retry)
        #expect(status.problem?.code == .distributionResumeTimeInvalid)
    }

    @Test("⑬ a resume time in the past is refused when the time of the work is known; a time ahead is done")
    func pastResumeTime() throws {
        let now = try #require(ISO8601DateFormatter().date(from: "2026-12-01T00:00:00Z"))  // 09:00 JST
        let past = DistributionStatus(line: "Status=サーバー接続の定期実行待ち [再開予定時刻：2020/01/01 09:00]", now: now)
        #expect(past.problem?.code == .distributionResumeTimePast)
        let ahead = DistributionStatus(line: "Status=サーバー接続の定期実行待ち [再開予定時刻：2026/12/01 11:30]", now: now)
        #expect(ahead.outcome == .done && ahead.problem == nil)
    }

    @Test("The CSV duplicate check names the first line that has the ID, and the row that repeats it")
    func csvDuplicateNamesFirstLine() throws {
        let row = { (id: String) in
            BulkRegistrationRow(
                institutionCode: "1310110049",
                role: "1",
                userID: id,
                userName: "山田",
                userNameKana: "ヤマダ",
                startDate: "2026/12/01"
            )
        }
        let problems = BulkRegistrationFile.check([row("user01"), row("user02"), row("user01")])
        let duplicate = try #require(problems.first { $0.code == .csvDuplicateID })
        #expect(duplicate[.line] == "4")
        #expect(duplicate.message(in: .english).contains("repeats line 2"), "\(duplicate.message(in: .english))")
    }
}
