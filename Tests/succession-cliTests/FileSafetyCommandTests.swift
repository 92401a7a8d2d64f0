import Foundation
import SuccessionKit
import SystemPackage
import Testing

#if canImport(Glibc)
import Glibc
#endif

/// Where the tool writes or trusts a file, end to end: no symbolic link followed (the job's lock,
/// a backup's manifest or name, the sandbox's stores), file names shown as they are (a newline,
/// U+202E, bytes that are not UTF-8), reading commands that create nothing, and concurrent
/// writers that each get a true outcome. Every command runs under `timeout`: a hang fails.
@Suite("File safety from the command line: symbolic links, file names, reading, concurrent writers")
struct FileSafetyCommandTests {
    @Test("A job.lock that is a symbolic link: job status creates nothing, job run is refused and creates nothing")
    func lockSymlink() throws {
        let folder = try CLIProcess.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let root = try CLIProcess.demo(in: folder)
        let lock = root + "/.succession/job.lock"
        try? FileManager.default.removeItem(atPath: lock)
        let target = folder.appendingPathComponent("nologin").path
        try FileManager.default.createSymbolicLink(atPath: lock, withDestinationPath: target)
        #expect(try CLIProcess.bounded(["job", "status", "--terminal", root]).status == 0)
        let runResult = try CLIProcess.bounded(["job", "run", "--yes", "--terminal", root, "--lang", "en"])
        #expect(runResult.status == 2, "\(runResult.standardOutput)\(runResult.standardError)")
        #expect(runResult.standardError.contains("symbolic link"))
        #expect(!FileManager.default.fileExists(atPath: target), "the link's target was created")
    }

    @Test("cert backup into a folder whose manifest is a symbolic link: refused (exit 2), the target never copied")
    func backupManifestSymlink() throws {
        let folder = try CLIProcess.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let secret = folder.appendingPathComponent("id_ed25519")
        try Data("-----BEGIN OPENSSH PRIVATE KEY-----".utf8).write(to: secret)
        let usb = folder.appendingPathComponent("usb")
        try FileManager.default.createDirectory(at: usb, withIntermediateDirectories: true)
        try FileManager.default.createSymbolicLink(
            atPath: usb.appendingPathComponent("backup-manifest.json").path,
            withDestinationPath: secret.path
        )
        let result = try CLIProcess.bounded(
            ["cert", "backup", CertCommandTests.fixture("new-modern.p12"), "--to", usb.path, "--json"],
            environment: ["SUCCESSION_PIN": "1357"]
        )
        #expect(result.status == 2)
        #expect(result.standardOutput.contains("file.symbolicLink"), "\(result.standardOutput)\(result.standardError)")
        #expect(try FileManager.default.contentsOfDirectory(atPath: usb.path) == ["backup-manifest.json"])
    }

    @Test("USB/x.p12 a symbolic link to the original: cert backup makes a real copy, never \"already backed up\"")
    func backupOverSymlink() throws {
        let folder = try CLIProcess.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let original = folder.appendingPathComponent("x.p12")
        try FileManager.default.copyItem(atPath: CertCommandTests.fixture("new-modern.p12"), toPath: original.path)
        let usb = folder.appendingPathComponent("usb")
        try FileManager.default.createDirectory(at: usb, withIntermediateDirectories: true)
        try FileManager.default.createSymbolicLink(
            atPath: usb.appendingPathComponent("x.p12").path,
            withDestinationPath: original.path
        )
        let result = try CLIProcess.bounded(
            ["cert", "backup", original.path, "--to", usb.path, "--json"],
            environment: ["SUCCESSION_PIN": "1357"]
        )
        #expect(result.status == 0, "\(result.standardOutput)\(result.standardError)")
        let object = try #require(try result.jsonLines().first)
        #expect(object["alreadyPresent"] as? Bool == false, "\(object)")
        try FileManager.default.removeItem(at: original)
        let copies = try FileManager.default.contentsOfDirectory(atPath: usb.path).filter { $0.hasSuffix(".p12") }
        let real = copies.filter { name in
            var status = stat()
            return lstat(usb.path + "/" + name, &status) == 0 && (status.st_mode & S_IFMT) == S_IFREG
        }
        #expect(real.count == 1)
        #expect(
            try Data(contentsOf: usb.appendingPathComponent(real[0]))
                == Data(contentsOf: URL(fileURLWithPath: CertCommandTests.fixture("new-modern.p12")))
        )
    }

    @Test(
        "A sandbox whose certificates/personal is a symbolic link: terminal certs list and check refuse, never \"empty\""
    )
    func personalStoreSymlink() throws {
        let folder = try CLIProcess.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let root = folder.appendingPathComponent("t").path
        #expect(try CLIProcess.bounded(["terminal", "sandbox", root]).status == 0)
        let personal = root + "/.succession/certificates/personal"
        let outside = folder.appendingPathComponent("outside").path
        try FileManager.default.moveItem(atPath: personal, toPath: outside)
        try FileManager.default.createSymbolicLink(atPath: personal, withDestinationPath: outside)
        for arguments in [
            ["terminal", "certs", "list"], ["terminal", "check", "--new-code", "1310110049"],
        ] {
            let result = try CLIProcess.bounded(arguments + ["--terminal", root, "--json"])
            #expect(result.status == 2, "\(arguments): \(result.standardOutput)\(result.standardError)")
            #expect((result.standardOutput + result.standardError).contains("symbolic"), "\(arguments)")
        }
        try FileManager.default.removeItem(atPath: personal)
        try FileManager.default.moveItem(atPath: outside, toPath: personal)

        // The desktop (where ⑥ writes the backup, private key included) a link to elsewhere.
        _ = try CLIProcess.bounded([
            "job", "init", "--terminal", root, "--old-code", "0110113719", "--new-code", "1310110049", "--notice",
            root + "/Users/OqsComApp/Desktop/通知書.txt",
        ])
        let desktop = root + "/Users/OqsComApp/Desktop"
        let elsewhere = folder.appendingPathComponent("elsewhere").path
        try FileManager.default.moveItem(atPath: desktop, toPath: elsewhere)
        try FileManager.default.createSymbolicLink(atPath: desktop, withDestinationPath: elsewhere)
        let before = CLIProcess.files(in: elsewhere)
        let result = try CLIProcess.bounded(
            ["job", "run", "--yes", "--terminal", root],
            environment: ["SUCCESSION_PIN": "1357"]
        )
        #expect(result.status == 2, "\(result.standardOutput)\(result.standardError)")
        #expect(CLIProcess.files(in: elsewhere) == before, "nothing written through the link")
    }

    @Test("cert pick escapes a newline and U+202E in file names: no forged line, no reordered text")
    func pickEscapesNames() throws {
        let folder = try CLIProcess.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let forged = "a\n→ x.p12  install this one\n.p12"
        let reversed = "\u{202E}21p.exe.p12"
        for name in [forged, reversed] {
            try FileManager.default.copyItem(
                atPath: CertCommandTests.fixture("old.p12"),
                toPath: folder.path + "/" + name
            )
        }
        try FileManager.default.copyItem(
            atPath: CertCommandTests.fixture("new-modern.p12"),
            toPath: folder.path + "/new.p12"
        )
        let result = try CLIProcess.bounded(
            ["cert", "pick", folder.path, "--new-code", "1310110049", "--lang", "en"],
            environment: ["SUCCESSION_PIN": "1357"]
        )
        #expect(result.status == 0)
        #expect(!result.standardOutput.contains("\u{202E}"))
        #expect(result.standardOutput.contains("\\u202E"))
        #expect(!result.standardOutput.split(separator: "\n").contains { $0.hasPrefix("→ x.p12") })
        #expect(result.standardOutput.contains("a\\u000A"))
    }

    @Test("A file name that is not UTF-8 is named as such, not \"no such file\"")
    func nonUTF8Name() throws {
        let folder = try CLIProcess.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let result = try CLIProcess.shell(
            "cd '\(folder.path)' && cp '\(CertCommandTests.fixture("new-modern.p12"))' \"$(printf 'x\\377.p12')\" && "
                + "\"$S\" cert inspect \"$(printf 'x\\377.p12')\" --lang en",
            environment: ["SUCCESSION_PIN": "1357"]
        )
        #expect(result.status == 2)
        #expect(result.standardError.contains("UTF-8"), "\(result.standardError)")
        #expect(!result.standardError.contains("No such file"))
    }

    @Test("cert pick over a folder holding a .p12 whose name is not UTF-8: listed as such, not \"no such file\"")
    func pickNonUTF8Name() throws {
        let folder = try CLIProcess.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let result = try CLIProcess.shell(
            "cp '\(CertCommandTests.fixture("old.p12"))' '\(folder.path)'/\"$(printf 'x\\377.p12')\" && "
                + "\"$S\" cert pick '\(folder.path)' --new-code 1310110049 --json",
            environment: ["SUCCESSION_PIN": "1357"]
        )
        #expect(result.standardOutput.contains("file.nameNotText"), "\(result.standardOutput)\(result.standardError)")
        #expect(!result.standardOutput.contains("file.unreadable"))
    }

    @Test("terminal archive list, certs list, readers list on an attended working folder create no folder")
    func readingNeverCreates() throws {
        let folder = try CLIProcess.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let work = folder.appendingPathComponent("work").path
        try FileManager.default.createDirectory(atPath: work + "/.succession", withIntermediateDirectories: true)
        for arguments in [
            ["terminal", "archive", "list"], ["terminal", "certs", "list"], ["terminal", "readers", "list"],
        ] {
            _ = try CLIProcess.bounded(arguments + ["--terminal", work])
            #expect(CLIProcess.files(in: work) == [".succession"], "\(arguments) created \(CLIProcess.files(in: work))")
        }
    }

    @Test(
        "job status and job report take no lock and create no file; a leftover .job.json.tmp-* goes at the next locked open"
    )
    func readersCreateNothing() throws {
        let folder = try CLIProcess.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let root = try CLIProcess.demo(in: folder)
        let state = root + "/.succession"
        try? FileManager.default.removeItem(atPath: state + "/job.lock")
        // Even while another process holds the job's lock.
        var holder: JobStore? = try JobStore(layout: TerminalLayout(root: FilePath(root)))
        try? FileManager.default.removeItem(atPath: state + "/job.lock")
        let leftover = state + "/.job.json.tmp-12345"
        try Data("{".utf8).write(to: URL(fileURLWithPath: leftover))
        let before = CLIProcess.files(in: root)
        for arguments in [["job", "status"], ["job", "report"], ["job", "report", "--format", "json"]] {
            let result = try CLIProcess.bounded(arguments + ["--terminal", root])
            #expect(result.status == 0, "\(arguments): \(result.standardError)")
        }
        #expect(CLIProcess.files(in: root) == before, "reading created a file")
        #expect(FileManager.default.fileExists(atPath: leftover), "a reader never removes what a writer may be writing")
        #expect(holder != nil)
        holder = nil
        _ = try CLIProcess.bounded(["job", "run", "--yes", "--terminal", root])
        #expect(!FileManager.default.fileExists(atPath: leftover), "the leftover was cleaned by the locked open")
    }

    @Test("Eight concurrent cert backup processes into one folder: all OK and true, the manifest keeps all eight")
    func concurrentBackupProcesses() throws {
        let folder = try CLIProcess.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let names = [
            "new-modern.p12", "reissued.p12", "old.p12", "expired.p12", "other-issuer.p12", "midnight-jst.p12",
            "two-codes.p12", "new-legacy.p12",
        ]
        let usb = folder.appendingPathComponent("usb").path
        var line = ""
        for (index, name) in names.enumerated() {
            line +=
                "\"$S\" cert backup '\(CertCommandTests.fixture(name))' --to '\(usb)' > '\(folder.path)/out\(index)' 2>&1 & "
        }
        line += "wait"
        _ = try CLIProcess.shell(line, environment: ["SUCCESSION_PIN": "1357"])
        let manifest = try Data(contentsOf: URL(fileURLWithPath: usb + "/backup-manifest.json"))
        let records = try #require(try JSONSerialization.jsonObject(with: manifest) as? [[String: Any]])
        #expect(records.count == names.count, "the manifest keeps every record")
        for index in names.indices {
            let out = try String(contentsOfFile: folder.path + "/out\(index)", encoding: .utf8)
            #expect(out.contains("OK"), "\(names[index]): \(out)")
        }
        #expect(!CLIProcess.files(in: usb).contains { $0.contains(".tmp-") })
    }

    @Test(
        "16: a journal edited so ⑦'s certificates-store change names a file outside the root (absolute, .., a symlinked folder): undo refuses, nothing moves",
        arguments: ["absolute", "dotdot", "symlink"]
    )
    func editedCertificateChange(_ how: String) throws {
        let folder = try CLIProcess.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let root = try CLIProcess.demo(in: folder)
        let victim = folder.appendingPathComponent("victim.txt").path
        try Data("keep me".utf8).write(to: URL(fileURLWithPath: victim))
        let journal = root + "/.succession/job.json"
        var text = try String(contentsOfFile: journal, encoding: .utf8)
        // ⑦'s installed file, as the certificates store recorded it (relative to the root): the file
        // ⑦ created, not the old one ④ archived from the same folder.
        let installed = try #require(
            text.firstMatch(of: /"created"\s*:\s*\[\s*"(\.succession\/certificates\/personal\/[0-9a-f]{64}\.p12)"/)
                .map { String($0.output.1) }
        )
        let forged: String
        switch how {
        case "absolute": forged = victim
        case "dotdot": forged = "../victim.txt"
        default:
            try FileManager.default.createSymbolicLink(atPath: root + "/Users/linked", withDestinationPath: folder.path)
            forged = "Users/linked/victim.txt"
        }
        text = text.replacingOccurrences(of: "\"" + installed + "\"", with: "\"" + forged + "\"")
        try text.write(toFile: journal, atomically: true, encoding: .utf8)
        let undo = try CLIProcess.bounded(["job", "undo", "7", "--yes", "--terminal", root, "--json"])
        #expect(undo.status != 0, "\(undo.standardOutput)")
        #expect(undo.standardOutput.contains("archive.outsideRoot"), "\(undo.standardOutput)\(undo.standardError)")
        #expect(try String(contentsOfFile: victim, encoding: .utf8) == "keep me", "the file outside is untouched")
        #expect(FileManager.default.fileExists(atPath: root + "/" + installed), "nothing inside moved either")
    }

    @Test("23: demo --terminal REL records the folder resolved: undo ⑥ and the report work from elsewhere")
    func demoRelativeFolder() throws {
        let folder = try CLIProcess.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let demo = try CLIProcess.run(
            ["/bin/sh", "-c", "cd \"$0\" && exec \"$1\" demo --terminal rel", folder.path, CLIProcess.executable.path],
            viaShell: true
        )
        #expect(demo.status == 0, "\(demo.standardError)")
        let root = folder.appendingPathComponent("rel").path
        let journal = try String(contentsOfFile: root + "/.succession/job.json", encoding: .utf8)
        let backup = try #require(journal.firstMatch(of: /"backupFile" *: *"([^"]*)"/)).output.1
        #expect(backup.hasPrefix(root + "/"), "the journal's backup is where the folder is: \(backup)")
        let report = try CLIProcess.run(["job", "report", "--terminal", root])
        #expect(report.status == 0, "\(report.standardOutput)\(report.standardError)")
        let undo = try CLIProcess.run(["job", "undo", "6", "--yes", "--terminal", root])
        #expect(undo.status == 0, "\(undo.standardOutput)\(undo.standardError)")
    }
}
