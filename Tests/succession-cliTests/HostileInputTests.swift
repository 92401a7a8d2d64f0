import Foundation
import SuccessionKit
import SystemPackage
import Testing

/// Input a hostile (or unlucky) user gives: nothing overwritten, nothing outside the root,
/// nothing blocks, bounded reads. Every command runs under `timeout`: a hang fails the test.
@Suite("Hostile input")
struct HostileInputTests {
    /// Runs `succession` under a 20-second timeout (exit 124 if it hangs).
    private func run(_ arguments: [String], environment: [String: String] = [:]) throws -> CLIProcess.Result {
        try CLIProcess.run(
            ["/usr/bin/timeout", "20", CLIProcess.executable.path] + arguments,
            environment: environment,
            viaShell: true
        )
    }

    private func fixture(_ name: String) -> String { CertCommandTests.fixture(name) }

    @Test("cert inspect of a device, a FIFO with no writer, a 2 GB sparse file: refused at once, exit 2")
    func notRegularOrTooLarge() throws {
        let folder = try CLIProcess.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let fifo = folder.appendingPathComponent("zzz.p12").path
        #expect(mkfifo(fifo, 0o600) == 0)
        let sparse = folder.appendingPathComponent("sparse.p12").path
        #expect(FileManager.default.createFile(atPath: sparse, contents: nil))
        #expect(truncate(sparse, 2 << 30) == 0)
        for (path, code) in [("/dev/zero", "file.notRegular"), (fifo, "file.notRegular"), (sparse, "file.tooLarge")] {
            let result = try run(["cert", "inspect", path, "--json"], environment: ["SUCCESSION_PIN": "1357"])
            #expect(result.status == 2, "\(path): \(result.standardOutput)\(result.standardError)")
            #expect(
                (result.standardOutput + result.standardError).contains(code)
                    || result.standardError.contains("not a regular file") || result.standardError.contains("too large")
            )
        }
        let pinFile = try run(["cert", "inspect", fixture("new-modern.p12"), "--pin-file", "/dev/zero"])
        #expect(pinFile.status == 2)
    }

    @Test("cert pick over a folder with a FIFO and a link to /dev/zero lists them as not regular and picks the file")
    func pickSkipsSpecialFiles() throws {
        let folder = try CLIProcess.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        #expect(mkfifo(folder.appendingPathComponent("zzz.p12").path, 0o600) == 0)
        try FileManager.default.createSymbolicLink(
            atPath: folder.appendingPathComponent("zero.p12").path,
            withDestinationPath: "/dev/zero"
        )
        try FileManager.default.copyItem(
            atPath: fixture("new-modern.p12"),
            toPath: folder.appendingPathComponent("1.p12").path
        )
        let result = try run(
            ["cert", "pick", folder.path, "--new-code", "1310110049", "--json"],
            environment: ["SUCCESSION_PIN": "1357"]
        )
        #expect(result.status == 0)
        let object = try #require(try result.jsonLines().first)
        #expect((object["chosen"] as? String)?.hasSuffix("1.p12") == true)
        let reasons = (object["candidates"] as? [[String: Any]] ?? []).flatMap {
            ($0["problems"] as? [[String: Any]] ?? []).compactMap { $0["code"] as? String }
        }
        #expect(reasons.filter { $0 == "file.notRegular" }.count == 2)
    }

    @Test("A MAC iteration count of 2³¹−1: refused before any derivation, naming the count")
    func hugeIterations() throws {
        let result = try run(
            ["cert", "inspect", fixture("huge-iterations.p12"), "--lang", "en"],
            environment: ["SUCCESSION_PIN": "0000"]
        )
        #expect(result.status == 1)
        #expect(result.standardOutput.contains("2147483647"))
    }

    @Test("Escape sequences and NUL in input are shown escaped, never sent to the terminal")
    func controlCharacters() throws {
        let result = try run(["code", "check", "13\u{1B}[31m10\u{07}"])
        #expect(!result.standardOutput.contains("\u{1B}"))
        #expect(!result.standardOutput.contains("\u{07}"))
        #expect(result.standardOutput.contains("\\u001B"))
    }

    @Test("An empty code list or a header alone is \"no codes found\", exit 1")
    func emptyCodeList() throws {
        let folder = try CLIProcess.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        for (name, text) in [("empty.txt", ""), ("header.csv", "医療機関コード,名称\n")] {
            let file = folder.appendingPathComponent(name)
            try Data(text.utf8).write(to: file)
            let result = try run(["code", "check", "--file", file.path, "--json"])
            #expect(result.status == 1)
            #expect(result.standardOutput.contains("code.listEmpty"))
        }
        // /dev/null, the one device read as it is: nothing in it.
        let null = try run(["code", "check", "--file", "/dev/null", "--json"])
        #expect(null.status == 1)
        #expect(null.standardOutput.contains("code.listEmpty"))
    }

    @Test("accounts csv --check: an empty file, a header alone, a line of prose each name what is missing")
    func emptyCSV() throws {
        let folder = try CLIProcess.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let header = "医療機関コード,権限区分,ユーザID,ユーザ名,ユーザ名(カナ),利用開始年月日,利用終了年月日\r\n"
        for (name, text, code) in [
            ("empty.csv", "", "csv.noRows"), ("header.csv", header, "csv.noRows"),
            ("hello.csv", "hello\r\n", "csv.header"),
        ] {
            let file = folder.appendingPathComponent(name)
            try #require(text.data(using: .shiftJIS)).write(to: file)
            let result = try run(["accounts", "csv", "--check", file.path, "--json"])
            #expect(result.status == 1, "\(name)")
            #expect(result.standardOutput.contains(code), "\(name): \(result.standardOutput)")
        }
    }

    @Test("job report --out onto an existing file, a dangling link or /dev/null: refused (exit 2), the file unchanged")
    func reportNeverOverwrites() throws {
        let folder = try CLIProcess.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let root = folder.appendingPathComponent("demo").path
        _ = try run(["demo", "--terminal", root])
        let existing = folder.appendingPathComponent("keep.txt")
        try Data("keep me".utf8).write(to: existing)
        let dangling = folder.appendingPathComponent("dangling.html").path
        try FileManager.default.createSymbolicLink(atPath: dangling, withDestinationPath: folder.path + "/nowhere")
        for target in [existing.path, dangling, "/dev/null"] {
            let result = try run(["job", "report", "--terminal", root, "--out", target])
            #expect(result.status == 2, "\(target)")
        }
        #expect(try Data(contentsOf: existing) == Data("keep me".utf8), "byte for byte")
        #expect(!FileManager.default.fileExists(atPath: folder.path + "/nowhere"))
    }

    @Test("An edited archive manifest pointing outside the root, or a symlinked archive: refused, nothing written")
    func archiveOutsideRoot() throws {
        let folder = try CLIProcess.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let root = folder.appendingPathComponent("terminal")
        _ = try run(["terminal", "sandbox", root.path])
        _ = try run(["terminal", "credentials", "set-code", "1310110049", "--terminal", root.path])
        let manifest = root.appendingPathComponent(".succession/archive/manifest.json")
        var entries = try #require(
            try JSONSerialization.jsonObject(with: Data(contentsOf: manifest)) as? [[String: Any]]
        )
        let id = try #require(entries.first?["id"] as? String)
        try Data("victim".utf8).write(to: folder.appendingPathComponent("victim.txt"))
        for (key, value) in [
            ("originalPath", "../x.p12"), ("archivedPath", "../victim.txt"), ("originalPath", "/tmp/x.p12"),
        ] {
            var edited = entries
            edited[0][key] = value
            try JSONSerialization.data(withJSONObject: edited).write(to: manifest)
            let result = try run(["terminal", "archive", "restore", id, "--terminal", root.path, "--json"])
            #expect(result.status == 1, "\(key)=\(value)")
            #expect(result.standardOutput.contains("archive.outsideRoot"))
        }
        #expect(!FileManager.default.fileExists(atPath: folder.appendingPathComponent("x.p12").path))
        try JSONSerialization.data(withJSONObject: entries).write(to: manifest)
        entries = []

        // The archive folder replaced by a link elsewhere: the old certificate must not go there.
        let elsewhere = folder.appendingPathComponent("elsewhere")
        try FileManager.default.createDirectory(at: elsewhere, withIntermediateDirectories: true)
        let archive = root.appendingPathComponent(".succession/archive")
        try FileManager.default.removeItem(at: archive)
        try FileManager.default.createSymbolicLink(at: archive, withDestinationURL: elsewhere)
        let removal = try run([
            "terminal", "certs", "remove-old", "--new-code", "1310110049", "--terminal", root.path, "--json",
        ])
        #expect(removal.status == 1)
        #expect(removal.standardOutput.contains("archive.outsideRoot"))
        #expect(try FileManager.default.contentsOfDirectory(atPath: elsewhere.path).isEmpty)
    }

    @Test("recover-pin --threads out of 1 … 4 per core is a usage error, not a trap or a hang")
    func threadBounds() throws {
        for threads in ["9223372036854775807", "10000000000", "0", "-1"] {
            let result = try run(["cert", "recover-pin", fixture("new-modern.p12"), "--threads", threads])
            #expect(result.status == 2, "--threads \(threads)")
        }
    }

    @Test("readers plug '' is refused; readers add names its own --password-file when no terminal can ask")
    func readerArguments() throws {
        let folder = try CLIProcess.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let root = folder.appendingPathComponent("t").path
        _ = try run(["terminal", "sandbox", root])
        #expect(try run(["terminal", "readers", "plug", "", "--terminal", root]).status == 2)
        let add = try run(["terminal", "readers", "add", "CAORA-000101", "--terminal", root])
        #expect(add.status == 2)
        #expect(add.standardError.contains("--password-file"))
        #expect(!add.standardError.contains("--pin-file"))
    }

    @Test("SUCCESSION_PIN with a trailing space: the wrong-PIN message says the PIN held a space")
    func pinWithSpace() throws {
        let result = try run(
            ["cert", "inspect", fixture("new-modern.p12"), "--lang", "en"],
            environment: ["SUCCESSION_PIN": "1357 "]
        )
        #expect(result.status == 1)
        #expect(result.standardOutput.contains("begins or ends with a space"))
    }

    @Test("Read-only commands on a mistyped folder create nothing: no terminal at …, exit 2")
    func readOnlyNeverCreates() throws {
        let folder = try CLIProcess.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let typo = folder.appendingPathComponent("typo").path
        for arguments in [
            ["terminal", "certs", "list"], ["terminal", "readers", "list"], ["terminal", "credentials", "show"],
            ["terminal", "archive", "list"], ["job", "status"], ["job", "report"],
        ] {
            let result = try run(arguments + ["--terminal", typo])
            #expect(result.status == 2, "\(arguments)")
            #expect(!FileManager.default.fileExists(atPath: typo), "\(arguments) created the folder")
        }
    }

    @Test("Terminal commands that change the terminal take the job's lock: refused while a job run holds it")
    func terminalCommandsTakeTheLock() throws {
        let folder = try CLIProcess.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let root = folder.appendingPathComponent("t").path
        _ = try run(["terminal", "sandbox", root])
        let holder = try JobStore(layout: TerminalLayout(root: FilePath(root)))
        for arguments in [
            ["terminal", "credentials", "set-code", "1310110049"],
            ["terminal", "certs", "remove-old", "--new-code", "1310110049"],
            ["terminal", "readers", "initialize", "--yes"],
        ] {
            let result = try run(arguments + ["--terminal", root])
            #expect(result.status == 1, "\(arguments)")
            #expect(result.standardError.contains("Another process"), "\(arguments): \(result.standardError)")
        }
        _ = holder
    }

    @Test("A backup manifest that cannot be read stops the backup before anything is written")
    func unreadableManifest() throws {
        let folder = try CLIProcess.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let target = folder.appendingPathComponent("backup")
        try FileManager.default.createDirectory(
            at: target.appendingPathComponent("backup-manifest.json"),
            withIntermediateDirectories: true
        )
        let result = try run(
            ["cert", "backup", fixture("new-modern.p12"), "--to", target.path],
            environment: ["SUCCESSION_PIN": "1357"]
        )
        #expect(result.status != 0)
        #expect(try FileManager.default.contentsOfDirectory(atPath: target.path) == ["backup-manifest.json"])
    }

    @Test("code check --file with one 100 MB line: one lineTooLong problem, the next line read, constant memory")
    func hundredMegabyteLine() throws {
        let folder = try CLIProcess.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let file = folder.appendingPathComponent("long.txt")
        var data = Data(repeating: UInt8(ascii: "1"), count: 100_000_000)
        data.append(contentsOf: Array("\n1310110049\n".utf8))
        try data.write(to: file)
        let result = try CLIProcess.run(
            ["/usr/bin/time", "-f", "RSS %M", CLIProcess.executable.path, "code", "check", "--file", file.path],
            viaShell: true
        )
        #expect(result.status == 1)
        #expect(result.standardOutput.contains("100000000 bytes long"))
        #expect(result.standardOutput.contains("OK  1310110049"))
        #expect(result.standardOutput.count < 1_000, "the long line is not echoed")
        let rss = result.standardError.split(separator: " ").last.flatMap {
            Int($0.trimmingCharacters(in: .whitespacesAndNewlines))
        }
        #expect((rss ?? .max) < 64 * 1024, "resident memory \(rss ?? -1) KB")
    }

    @Test("recover-pin tells its estimate before it starts and honours --max-seconds")
    func recoverTimeLimit() throws {
        let result = try run([
            "cert", "recover-pin", fixture("pin/sha256-10000-9999.p12"), "--max-seconds", "0.5", "--lang", "en",
        ])
        #expect(result.status == 1)
        #expect(result.standardError.contains("Estimate: about"))
        #expect(result.standardOutput.contains("Gave up at the time limit"))
    }

    @Test("A 5 MB notice and a job run whose --pin-file does not exist are refused before anything runs")
    func boundedNoticeAndMissingPINFile() throws {
        let folder = try CLIProcess.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let notice = folder.appendingPathComponent("notice.txt")
        try Data(("発行先\t" + String(repeating: "1", count: 5_000_000) + "\n").utf8).write(to: notice)
        let checked = try run(["notice", "check", notice.path, "--new-code", "1310110049"])
        #expect(checked.status == 2)
        #expect(checked.standardError.contains("too large"))

        let root = folder.appendingPathComponent("demo").path
        _ = try run(["terminal", "sandbox", root])
        let init_ = try run([
            "job", "init", "--terminal", root, "--old-code", "0110113719", "--new-code", "1310110049", "--notice",
            root + "/Users/OqsComApp/Desktop/通知書.txt",
        ])
        #expect(init_.status == 0)
        let runResult = try run(["job", "run", "--yes", "--terminal", root, "--pin-file", folder.path + "/nonexistent"])
        #expect(runResult.status == 2)
        #expect(runResult.standardError.contains("nonexistent"))
        #expect(!FileManager.default.fileExists(atPath: root + "/.succession/archive"), "no step changed the terminal")
        let status = try #require(try run(["job", "status", "--terminal", root, "--json"]).jsonLines().first)
        #expect(status["next"] as? String == "1", "not even ① ran")
    }

    /// Runs `succession cert inspect` on a pseudo-terminal, waits for the silent PIN prompt,
    /// types Ctrl-C, and reports the terminal's echo during the prompt and after the process died.
    static let interruptScript = #"""
        import os, sys, time, termios, fcntl, signal
        binary, p12 = sys.argv[1], sys.argv[2]
        master, slave = os.openpty()
        pid = os.fork()
        if pid == 0:
            # A test runner may block or ignore signals; a person's shell does neither.
            signal.pthread_sigmask(signal.SIG_SETMASK, [])
            for number in (signal.SIGINT, signal.SIGTERM, signal.SIGHUP, signal.SIGQUIT, signal.SIGTSTP):
                signal.signal(number, signal.SIG_DFL)
            os.setsid()
            fcntl.ioctl(slave, termios.TIOCSCTTY, 0)
            for fd in (0, 1, 2): os.dup2(slave, fd)
            env = {"LANG": "C", "PATH": "/usr/bin:/bin"}
            os.execve(binary, [binary, "cert", "inspect", p12], env)
        deadline = time.time() + 10
        seen = b""
        while time.time() < deadline and b"PIN" not in seen:
            try:
                seen += os.read(master, 1024)
            except OSError:
                break
        time.sleep(0.2)
        echo_during = bool(termios.tcgetattr(slave)[3] & termios.ECHO)
        os.write(master, b"\x03")  # Ctrl-C: SIGINT from the line discipline
        status = None
        for _ in range(100):
            done, status = os.waitpid(pid, os.WNOHANG)
            if done: break
            time.sleep(0.05)
        else:
            os.kill(pid, signal.SIGKILL)
            _, status = os.waitpid(pid, 0)
            print("the process did not end on Ctrl-C")
        echo_after = bool(termios.tcgetattr(slave)[3] & termios.ECHO)
        print(f"prompt={b'PIN' in seen} echo_during={echo_during} echo_after={echo_after} signaled={os.WIFSIGNALED(status)}")
        """#

    @Test("Ctrl-C at the silent PIN prompt leaves the terminal with echo on")
    func echoRestoredOnInterrupt() throws {
        let folder = try CLIProcess.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let script = folder.appendingPathComponent("interrupt.py")
        try Data(Self.interruptScript.utf8).write(to: script)
        let result = try CLIProcess.run(
            [
                "/usr/bin/timeout", "20", "/usr/bin/python3", script.path, CLIProcess.executable.path,
                fixture("new-modern.p12"),
            ],
            viaShell: true
        )
        #expect(
            result.standardOutput.contains("prompt=True echo_during=False"),
            "\(result.standardOutput)\(result.standardError)"
        )
        #expect(result.standardOutput.contains("echo_after=True signaled=True"))
    }

    @Test("A certificate whose subject holds the old and the new code (two CNs) is cert.ambiguousCode")
    func twoCodesInOneSubject() throws {
        let result = try run(
            ["cert", "verify", fixture("two-codes.p12"), "--new-code", "1310110049", "--at", "2026-11-25", "--json"],
            environment: ["SUCCESSION_PIN": "1357"]
        )
        #expect(result.status == 1)
        #expect(result.standardOutput.contains("cert.ambiguousCode"))
    }

    @Test("job run with a FIFO named zzz.p12 in Downloads: ⑥ lists it as not regular and goes on")
    func fifoInDownloads() throws {
        let folder = try CLIProcess.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let root = folder.appendingPathComponent("t").path
        _ = try run(["terminal", "sandbox", root])
        #expect(mkfifo(root + "/Users/OqsComApp/Downloads/zzz.p12", 0o600) == 0)
        _ = try run([
            "job", "init", "--terminal", root, "--old-code", "0110113719", "--new-code", "1310110049", "--notice",
            root + "/Users/OqsComApp/Desktop/通知書.txt",
        ])
        for serial in ["CAORA-000101", "CAORA-000102"] {
            _ = try run(["terminal", "readers", "plug", serial, "--out", "--terminal", root])
        }
        // ① first, then ② confirmed by the person, then the run goes on to ⑥.
        _ = try run(["job", "run", "--yes", "--terminal", root], environment: ["SUCCESSION_PIN": "1357"])
        _ = try run(["job", "confirm", "2", "--terminal", root])
        let result = try run(
            ["job", "run", "--yes", "--terminal", root, "--lang", "en"],
            environment: ["SUCCESSION_PIN": "1357"]
        )
        #expect(result.status != 124, "job run did not hang")
        let status = try #require(try run(["job", "status", "--terminal", root, "--json"]).jsonLines().first)
        let steps = try #require(status["steps"] as? [[String: Any]])
        #expect(
            steps.first { $0["number"] as? String == "6" }?["state"] as? String == "done",
            "\(result.standardOutput)\(result.standardError)"
        )
    }
}
