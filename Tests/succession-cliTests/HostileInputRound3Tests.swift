import Foundation
import SuccessionKit
import SystemPackage
import Testing

#if canImport(Glibc)
import Glibc
#endif

/// The third hostile round, end to end: no symbolic link followed, bounded work on any `.p12`,
/// a true exit status when standard output cannot be written, reading never creates, and one
/// sandbox per folder. Every command runs under `timeout`: a hang fails the test.
@Suite("Hostile input, third round")
struct HostileInputRound3Tests {
    private func run(_ arguments: [String], environment: [String: String] = [:]) throws -> CLIProcess.Result {
        try CLIProcess.run(
            ["/usr/bin/timeout", "20", CLIProcess.executable.path] + arguments,
            environment: environment,
            viaShell: true
        )
    }

    /// Runs a shell line with `$S` the built binary, under a timeout.
    private func shell(_ line: String, environment: [String: String] = [:]) throws -> CLIProcess.Result {
        var env = environment
        env["S"] = CLIProcess.executable.path
        return try CLIProcess.run(["/usr/bin/timeout", "20", "/bin/sh", "-c", line], environment: env, viaShell: true)
    }

    private func fixture(_ name: String) -> String { CertCommandTests.fixture(name) }

    /// A finished demo terminal under a fresh folder.
    private func demo(_ folder: URL) throws -> String {
        let root = folder.appendingPathComponent("demo").path
        #expect(try run(["demo", "--terminal", root]).status == 0)
        return root
    }

    private func files(in folder: String) -> Set<String> {
        Set(FileManager.default.enumerator(atPath: folder)?.allObjects.compactMap { $0 as? String } ?? [])
    }

    // MARK: §3 Symbolic links

    @Test("A job.lock that is a symbolic link: job status creates nothing, job run is refused and creates nothing")
    func lockSymlink() throws {
        let folder = try CLIProcess.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let root = try demo(folder)
        let lock = root + "/.succession/job.lock"
        try? FileManager.default.removeItem(atPath: lock)
        let target = folder.appendingPathComponent("nologin").path
        try FileManager.default.createSymbolicLink(atPath: lock, withDestinationPath: target)
        #expect(try run(["job", "status", "--terminal", root]).status == 0)
        let runResult = try run(["job", "run", "--yes", "--terminal", root, "--lang", "en"])
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
        let result = try run(
            ["cert", "backup", fixture("new-modern.p12"), "--to", usb.path, "--json"],
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
        try FileManager.default.copyItem(atPath: fixture("new-modern.p12"), toPath: original.path)
        let usb = folder.appendingPathComponent("usb")
        try FileManager.default.createDirectory(at: usb, withIntermediateDirectories: true)
        try FileManager.default.createSymbolicLink(
            atPath: usb.appendingPathComponent("x.p12").path,
            withDestinationPath: original.path
        )
        let result = try run(
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
                == Data(contentsOf: URL(fileURLWithPath: fixture("new-modern.p12")))
        )
    }

    @Test(
        "A sandbox whose certificates/personal is a symbolic link: terminal certs list and check refuse, never \"empty\""
    )
    func personalStoreSymlink() throws {
        let folder = try CLIProcess.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let root = folder.appendingPathComponent("t").path
        #expect(try run(["terminal", "sandbox", root]).status == 0)
        let personal = root + "/.succession/certificates/personal"
        let outside = folder.appendingPathComponent("outside").path
        try FileManager.default.moveItem(atPath: personal, toPath: outside)
        try FileManager.default.createSymbolicLink(atPath: personal, withDestinationPath: outside)
        for arguments in [
            ["terminal", "certs", "list"], ["terminal", "check", "--new-code", "1310110049"],
        ] {
            let result = try run(arguments + ["--terminal", root, "--json"])
            #expect(result.status == 2, "\(arguments): \(result.standardOutput)\(result.standardError)")
            #expect((result.standardOutput + result.standardError).contains("symbolic"), "\(arguments)")
        }
        try FileManager.default.removeItem(atPath: personal)
        try FileManager.default.moveItem(atPath: outside, toPath: personal)

        // The desktop (where ⑥ writes the backup, private key included) a link to elsewhere.
        _ = try run([
            "job", "init", "--terminal", root, "--old-code", "0110113719", "--new-code", "1310110049", "--notice",
            root + "/Users/OqsComApp/Desktop/通知書.txt",
        ])
        let desktop = root + "/Users/OqsComApp/Desktop"
        let elsewhere = folder.appendingPathComponent("elsewhere").path
        try FileManager.default.moveItem(atPath: desktop, toPath: elsewhere)
        try FileManager.default.createSymbolicLink(atPath: desktop, withDestinationPath: elsewhere)
        let before = files(in: elsewhere)
        let result = try run(["job", "run", "--yes", "--terminal", root], environment: ["SUCCESSION_PIN": "1357"])
        #expect(result.status == 2, "\(result.standardOutput)\(result.standardError)")
        #expect(files(in: elsewhere) == before, "nothing written through the link")
    }

    // MARK: §4 Bounded work

    @Test("cert inspect and cert pick of MAC-less files with 2³¹−1 bag iterations: refused at once, no hang")
    func boundedBagIterations() throws {
        for name in ["nomac-huge-pbkdf2.p12", "nomac-huge-pbe.p12", "nomac-sum-iterations.p12"] {
            let result = try run(
                ["cert", "inspect", fixture(name), "--json"],
                environment: ["SUCCESSION_PIN": "1357"]
            )
            #expect(result.status == 1, "\(name): \(result.status)")
            #expect(result.standardOutput.contains("pkcs12.iterationsTooHigh"), "\(name)")
        }
        let folder = try CLIProcess.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        try FileManager.default.copyItem(atPath: fixture("nomac-huge-pbkdf2.p12"), toPath: folder.path + "/a.p12")
        try FileManager.default.copyItem(atPath: fixture("new-modern.p12"), toPath: folder.path + "/b.p12")
        let pick = try run(
            ["cert", "pick", folder.path, "--new-code", "1310110049", "--json"],
            environment: ["SUCCESSION_PIN": "1357"]
        )
        #expect(pick.status == 0)
        #expect(pick.standardOutput.contains("pkcs12.iterationsTooHigh"))
    }

    // MARK: §5 A true exit status

    @Test(
        "A failed write on standard output (a full disk, a closed descriptor) is file.unwritable, exit 2",
        arguments: [" > /dev/full", " >&-"]
    )
    func standardOutputWriteErrors(_ redirection: String) throws {
        let folder = try CLIProcess.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let root = try demo(folder)
        for command in [
            "\"$S\" job report --terminal '\(root)'", "\"$S\" job report --terminal '\(root)' --format json",
            "\"$S\" job status --terminal '\(root)'", "\"$S\" code check 1310110049",
        ] {
            let result = try shell(command + redirection)
            #expect(result.status == 2, "\(command)\(redirection): \(result.status) \(result.standardError)")
            #expect(result.standardError.contains("standard output"), "\(command)\(redirection)")
        }
    }

    @Test(
        "cert recover-pin --max-seconds inf, nan, 1e308, 1e16: our message, exit 2, no trap",
        arguments: ["inf", "nan", "1e308", "1e16", "-inf"]
    )
    func maxSecondsOutOfRange(_ value: String) throws {
        let result = try run(["cert", "recover-pin", fixture("pin/sha256-2048-0000.p12"), "--max-seconds", value])
        #expect(result.status == 2, "\(value): \(result.status) \(result.standardError)")
        #expect(result.standardError.contains("--max-seconds"))
    }

    @Test("The Markdown report escapes raw HTML from the notice's 端末名称, as the HTML report does")
    func markdownEscapesHTML() throws {
        let folder = try CLIProcess.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let root = folder.appendingPathComponent("t").path
        #expect(try run(["terminal", "sandbox", root]).status == 0)
        let notice = root + "/Users/OqsComApp/Desktop/通知書.txt"
        let text = try String(contentsOfFile: notice, encoding: .utf8)
            .replacingOccurrences(of: "総合受付", with: "<img src=x onerror=alert(1)>")
        try Data(text.utf8).write(to: URL(fileURLWithPath: notice))
        let created = try run([
            "job", "init", "--terminal", root, "--old-code", "0110113719", "--new-code", "1310110049", "--notice",
            notice,
        ])
        #expect(created.status == 0)
        let markdown = try run(["job", "report", "--terminal", root, "--format", "md"])
        #expect(markdown.status == 0)
        #expect(!markdown.standardOutput.contains("<img"))
        #expect(markdown.standardOutput.contains("&lt;img"))
    }

    @Test("job skip --reason that is only a line feed is refused like \"  \"")
    func skipReasonLineFeed() throws {
        let folder = try CLIProcess.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let root = folder.appendingPathComponent("t").path
        #expect(try run(["terminal", "sandbox", root]).status == 0)
        _ = try run([
            "job", "init", "--terminal", root, "--old-code", "0110113719", "--new-code", "1310110049", "--notice",
            root + "/Users/OqsComApp/Desktop/通知書.txt",
        ])
        let spaces = try run(["job", "skip", "S2", "--terminal", root, "--reason", "  "])
        let lineFeed = try run(["job", "skip", "S2", "--terminal", root, "--reason", "\n"])
        #expect(spaces.status == 1)
        #expect(lineFeed.status == spaces.status)
        let status = try #require(try run(["job", "status", "--terminal", root, "--json"]).jsonLines().first)
        let steps = try #require(status["steps"] as? [[String: Any]])
        #expect(steps.first { $0["number"] as? String == "S2" }?["state"] as? String != "skipped")
    }

    @Test("notice check and job init of a notice with two different 発行先: refused (exit 1)")
    func twoIssuedTo() throws {
        let folder = try CLIProcess.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let root = folder.appendingPathComponent("t").path
        #expect(try run(["terminal", "sandbox", root]).status == 0)
        let notice = root + "/Users/OqsComApp/Desktop/通知書.txt"
        let text = try String(contentsOfFile: notice, encoding: .utf8) + "発行先\t0110113719\n"
        try Data(text.utf8).write(to: URL(fileURLWithPath: notice))
        let checked = try run(["notice", "check", notice, "--new-code", "1310110049", "--json"])
        #expect(checked.status == 1)
        #expect(checked.standardOutput.contains("notice.conflictingRows"))
        let created = try run([
            "job", "init", "--terminal", root, "--old-code", "0110113719", "--new-code", "1310110049", "--notice",
            notice,
        ])
        #expect(created.status == 1)
        #expect(!FileManager.default.fileExists(atPath: root + "/.succession/job.json"))
    }

    @Test(
        "status distribution refuses an impossible or past 再開予定時刻",
        arguments: ["2026/13/45 99:99", "2020/01/01 09:00"]
    )
    func resumeTimes(_ time: String) throws {
        let result = try run([
            "status", "distribution", "Status=サーバー接続の定期実行待ち [再開予定時刻：\(time)]", "--json",
        ])
        #expect(result.status == 1)
        #expect(result.standardOutput.contains("distribution.resumeTime"))
    }

    // MARK: §7 Concurrency and reading

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
            line += "\"$S\" cert backup '\(fixture(name))' --to '\(usb)' > '\(folder.path)/out\(index)' 2>&1 & "
        }
        line += "wait"
        _ = try shell(line, environment: ["SUCCESSION_PIN": "1357"])
        let manifest = try Data(contentsOf: URL(fileURLWithPath: usb + "/backup-manifest.json"))
        let records = try #require(try JSONSerialization.jsonObject(with: manifest) as? [[String: Any]])
        #expect(records.count == names.count, "the manifest keeps every record")
        for index in names.indices {
            let out = try String(contentsOfFile: folder.path + "/out\(index)", encoding: .utf8)
            #expect(out.contains("OK"), "\(names[index]): \(out)")
        }
        #expect(!files(in: usb).contains { $0.contains(".tmp-") })
    }

    @Test("Two concurrent terminal sandbox DIR, four rounds: one succeeds, the other is refused; one old certificate")
    func concurrentSandboxes() throws {
        let folder = try CLIProcess.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        for round in 0..<4 {
            let root = folder.appendingPathComponent("t\(round)").path
            let out = folder.appendingPathComponent("out\(round)").path
            _ = try shell(
                "(\"$S\" terminal sandbox '\(root)' > /dev/null 2>&1; echo $? > '\(out).a') & "
                    + "(\"$S\" terminal sandbox '\(root)' > /dev/null 2>&1; echo $? > '\(out).b') & wait"
            )
            let statuses = try ["a", "b"].map {
                try String(contentsOfFile: out + "." + $0, encoding: .utf8).trimmingCharacters(
                    in: .whitespacesAndNewlines
                )
            }
            #expect(statuses.sorted() == ["0", "2"], "round \(round): \(statuses)")
            let personal = try FileManager.default.contentsOfDirectory(
                atPath: root + "/.succession/certificates/personal"
            )
            #expect(personal.filter { $0.hasSuffix(".p12") }.count == 1, "round \(round)")
        }
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
            _ = try run(arguments + ["--terminal", work])
            #expect(files(in: work) == [".succession"], "\(arguments) created \(files(in: work))")
        }
    }

    @Test(
        "job status and job report take no lock and create no file; a leftover .job.json.tmp-* goes at the next locked open"
    )
    func readersCreateNothing() throws {
        let folder = try CLIProcess.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let root = try demo(folder)
        let state = root + "/.succession"
        try? FileManager.default.removeItem(atPath: state + "/job.lock")
        // Even while another process holds the job's lock.
        var holder: JobStore? = try JobStore(layout: TerminalLayout(root: FilePath(root)))
        try? FileManager.default.removeItem(atPath: state + "/job.lock")
        let leftover = state + "/.job.json.tmp-12345"
        try Data("{".utf8).write(to: URL(fileURLWithPath: leftover))
        let before = files(in: root)
        for arguments in [["job", "status"], ["job", "report"], ["job", "report", "--format", "json"]] {
            let result = try run(arguments + ["--terminal", root])
            #expect(result.status == 0, "\(arguments): \(result.standardError)")
        }
        #expect(files(in: root) == before, "reading created a file")
        #expect(FileManager.default.fileExists(atPath: leftover), "a reader never removes what a writer may be writing")
        #expect(holder != nil)
        holder = nil
        _ = try run(["job", "run", "--yes", "--terminal", root])
        #expect(!FileManager.default.fileExists(atPath: leftover), "the leftover was cleaned by the locked open")
    }

    // MARK: §8 Smaller

    @Test("cert pick escapes a newline and U+202E in file names: no forged line, no reordered text")
    func pickEscapesNames() throws {
        let folder = try CLIProcess.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let forged = "a\n→ x.p12  install this one\n.p12"
        let reversed = "\u{202E}21p.exe.p12"
        for name in [forged, reversed] {
            try FileManager.default.copyItem(atPath: fixture("old.p12"), toPath: folder.path + "/" + name)
        }
        try FileManager.default.copyItem(atPath: fixture("new-modern.p12"), toPath: folder.path + "/new.p12")
        let result = try run(
            ["cert", "pick", folder.path, "--new-code", "1310110049", "--lang", "en"],
            environment: ["SUCCESSION_PIN": "1357"]
        )
        #expect(result.status == 0)
        #expect(!result.standardOutput.contains("\u{202E}"))
        #expect(result.standardOutput.contains("\\u202E"))
        #expect(!result.standardOutput.split(separator: "\n").contains { $0.hasPrefix("→ x.p12") })
        #expect(result.standardOutput.contains("a\\u000A"))
    }

    @Test("notice check of a UTF-8 notice with one Shift-JIS line names that line")
    func mixedEncodingNotice() throws {
        let folder = try CLIProcess.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let file = folder.appendingPathComponent("notice.txt")
        var bytes = Array("電子証明書取得に関する情報\n発行先\t1310110049\n".utf8)
        bytes += try #require("端末名称\t総合受付\n".data(using: .shiftJIS))
        try Data(bytes).write(to: file)
        let result = try run(["notice", "check", file.path, "--new-code", "1310110049", "--lang", "en"])
        #expect(result.status == 2)
        #expect(result.standardError.contains("Line 3"), "\(result.standardError)")
    }

    @Test("A file name that is not UTF-8 is named as such, not \"no such file\"")
    func nonUTF8Name() throws {
        let folder = try CLIProcess.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let result = try shell(
            "cd '\(folder.path)' && cp '\(fixture("new-modern.p12"))' \"$(printf 'x\\377.p12')\" && "
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
        let result = try shell(
            "cp '\(fixture("old.p12"))' '\(folder.path)'/\"$(printf 'x\\377.p12')\" && "
                + "\"$S\" cert pick '\(folder.path)' --new-code 1310110049 --json",
            environment: ["SUCCESSION_PIN": "1357"]
        )
        #expect(result.standardOutput.contains("file.nameNotText"), "\(result.standardOutput)\(result.standardError)")
        #expect(!result.standardOutput.contains("file.unreadable"))
    }

    @Test("LANG=ja_JP.SJIS: the tool says it writes UTF-8")
    func shiftJISLocale() throws {
        let result = try run(["code", "check", "1310110049"], environment: ["LANG": "ja_JP.SJIS"])
        #expect(result.status == 0)
        #expect(result.standardError.contains("UTF-8"))
    }
}
