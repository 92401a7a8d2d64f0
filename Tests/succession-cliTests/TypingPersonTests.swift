import Foundation
import SuccessionKit
import SystemPackage
import SuccessionKitSandbox
import Testing

/// `job run` on a pseudo-terminal, typed at by a hurried technician who makes the trial's
/// mistakes: what the screen says, that the job ends 全手順完了 after a Ctrl-C and a resume, and
/// that the journal holds the accepted answers only and no secret.
@Suite("A person typing at job run on a pseudo-terminal")
struct TypingPersonTests {
    /// Spawns `succession job run` on a pty and answers each question by its id (shown as
    /// 〔id〕 on the prompt line) from a plan: a list of typings per id, used in turn. A list
    /// question gets its lines one per prompt, then an empty line. `^C` types Ctrl-C.
    static let person = #"""
        import os, sys, time, json, re, select, signal, fcntl, termios
        binary, root, plan_path, transcript_path = sys.argv[1:5]
        plan = json.load(open(plan_path))
        lists = {"3.readers", "4.certificates", "8.others", "12.readers"}
        def spawn():
            master, slave = os.openpty()
            pid = os.fork()
            if pid == 0:
                signal.pthread_sigmask(signal.SIG_SETMASK, [])
                for number in (signal.SIGINT, signal.SIGTERM, signal.SIGHUP):
                    signal.signal(number, signal.SIG_DFL)
                os.setsid()
                fcntl.ioctl(slave, termios.TIOCSCTTY, 0)
                for fd in (0, 1, 2): os.dup2(slave, fd)
                os.execve(binary, [binary, "job", "run", "--terminal", root, "--lang", "ja"],
                          {"LANG": "ja_JP.UTF-8", "PATH": "/usr/bin:/bin"})
            os.close(slave)
            return pid, master
        transcript = b""
        screen = open(transcript_path, "wb")
        def session():
            global transcript
            pid, master = spawn()
            seen = b""
            pending = []
            deadline = time.time() + 90
            while time.time() < deadline:
                # Never block for good: a prompt this person does not know ends the session.
                ready, _, _ = select.select([master], [], [], 20)
                if not ready: break
                try:
                    chunk = os.read(master, 4096)
                except OSError:
                    break
                if not chunk: break
                seen += chunk
                transcript += chunk
                screen.write(chunk)
                screen.flush()
                text = seen.decode("utf-8", "replace")
                if not (text.endswith("> ") or text.endswith(": ")): continue
                if pending:
                    line = pending.pop(0)
                else:
                    ids = re.findall(r"〔([^〕]+)〕", text)
                    if not ids: continue
                    qid = ids[-1]
                    key = qid if qid in plan else ".".join(qid.split(".")[:2])
                    typed = plan[key].pop(0) if plan.get(key) else ""
                    if typed == "^C":
                        time.sleep(0.2)
                        os.write(master, b"\x03")
                        break
                    if key in lists:
                        pending = typed.split("\n")[1:] + [""]
                        line = typed.split("\n")[0]
                    else:
                        line = typed
                seen = b""
                time.sleep(0.3)  # a secret prompt flushes what was typed before it
                os.write(master, line.encode() + b"\n")
            for _ in range(200):
                done, status = os.waitpid(pid, os.WNOHANG)
                if done: return status
                time.sleep(0.05)
            os.kill(pid, signal.SIGKILL)
            return os.waitpid(pid, 0)[1]
        first = session()
        second = session()
        screen.close()
        print(f"first_signaled={os.WIFSIGNALED(first)} second_exit={os.WEXITSTATUS(second) if os.WIFEXITED(second) else -1}")
        """#

    @Test(
        "Typos, an empty Enter, full-width digits, lowercase serials, a password at the PIN prompt, Ctrl-C and resume"
    )
    func hurriedTechnician() throws {
        let folder = try CLIProcess.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let root = folder.appendingPathComponent("site").path
        let scenario = try SandboxScenario.make(
            root: FilePath(root),
            oldCode: MedicalInstitutionCode(parsing: "0110113719"),
            newCode: MedicalInstitutionCode(parsing: "1310110049"),
            pin: CertificatePIN("1357")
        )
        let layout = scenario.terminal.layout
        let created = try CLIProcess.run([
            "job", "init", "--attended", "--terminal", root, "--old-code", "0110113719", "--new-code", "1310110049",
            "--notice", scenario.noticeFile.string, "--downloads", layout.path(.downloads).string,
            "--backup-folder", folder.appendingPathComponent("usb").path,
        ])
        #expect(created.status == 0, "\(created.standardOutput)\(created.standardError)")
        let old = scenario.oldCertificate
        let new = scenario.newCertificate
        var wrong = Array(new.sha1.prefix(8))
        wrong[0] = wrong[0] == "0" ? "1" : "0"
        let plan: [String: [String]] = [
            "2.done": ["", "はい"],
            "3.readers": ["caora-０００１０１ 未接続\nCAORA-00102 未接続", "caora-000101 未接続\nＣＡＯＲＡ-000102 未接続"],
            "3.removed": ["いいえ", "はい", "y"],
            "4.certificates": [
                "", "0110113719 \(JapanTime.day(old.notAfter)) \(Thumbprint.display(old.sha1, digits: 8))",
            ],
            "4.removed": ["はい"], "5.method": ["1"], "6.downloaded": ["はい"], "6.desktopFolder": ["はい"],
            "6.pin": ["Kanri#Henkou2026", "1357"], "7.installed": ["はい"],
            "8.thumbprint": [String(wrong), Thumbprint.display(new.sha1, digits: 8).uppercased()],
            "8.expiry": [JapanTime.day(new.notAfter)], "8.others": ["なし"],
            "9.login": ["はい", "はい"], "9.code": ["131011OO49", "^C", "１３１０１１００４９"],
            "10.loginKeyUser": ["R0RENK01"], "10.before": ["0110113719"], "10.after": ["", "1310110049"],
            "11.done": ["はい"], "12.password": ["1357", "Face#Secret2026"], "12.state": ["接続中", "接続中"],
            "13.status": [
                "Status=サーバー接続の定期実行待ち [再開予定時刻：日時]",
                "サーバー接続の定期実行待ち [再開予定時刻：\(JapanTime.minute(Date().addingTimeInterval(86_400)))]",
            ],
            "13.faceAuth": ["はい"], "14.myNumberCard": ["はい"], "14.insuranceCard": ["ｙ"], "14.backup": ["はい"],
            "S2.facilityName": ["さくら内科"],
        ]
        let planFile = folder.appendingPathComponent("plan.json")
        try JSONSerialization.data(withJSONObject: plan).write(to: planFile)
        let script = folder.appendingPathComponent("person.py")
        try Data(Self.person.utf8).write(to: script)
        let screenFile = folder.appendingPathComponent("screen.txt")
        let result = try CLIProcess.run(
            [
                "/usr/bin/timeout", "240", "/usr/bin/python3", script.path, CLIProcess.executable.path, root,
                planFile.path, screenFile.path,
            ],
            viaShell: true
        )
        let screen = (try? String(contentsOf: screenFile, encoding: .utf8)) ?? ""
        #expect(
            result.standardOutput.contains("first_signaled=True second_exit=0"),
            "\(result.standardOutput)\(screen)"
        )

        // What the screen said: the manual first, then each mistake explained where it was made.
        #expect(screen.contains("SER. No. (DEV. ID.)"), "③'s operations are shown")
        #expect(screen.contains("空の Enter は回答になりません"))
        #expect(screen.contains("桁数が違います"), "CAORA-00102 is one digit short")
        #expect(screen.contains("「未接続」であることを確認して「撤去」"), "いいえ at 撤去 says what to do")
        #expect(screen.contains(try #require(scenario.notice.requestID)), "⑥ shows the notice's request ID")
        #expect(screen.contains("一致しません"), "a typo in the 拇印 is asked again")
        #expect(screen.contains("数字の「0」ではありませんか"), "O for 0 in ⑨'s code is named")
        #expect(screen.contains("「日時」は見本です"))
        #expect(!screen.contains("Kanri#Henkou2026"), "a password typed at the PIN prompt is never echoed")
        #expect(!screen.contains("Face#Secret2026"))
        #expect(screen.contains("全手順完了"))

        // The journal: the accepted answers only, no secret, nothing rejected.
        let journal = try String(contentsOfFile: root + "/.succession/job.json", encoding: .utf8)
        for absent in ["Kanri#Henkou2026", "Face#Secret2026", "CAORA-00102\"", "131011OO49", "日時", "\"1357\""] {
            #expect(!journal.contains(absent), "the journal holds \(absent)")
        }
        let status = try #require(
            try CLIProcess.run(["job", "status", "--terminal", root, "--json"]).jsonLines().first
        )
        #expect(status["complete"] as? Bool == true)
        let steps = try #require(status["steps"] as? [[String: Any]])
        let noted = (steps.first { $0["number"] as? String == "3" }?["evidence"] as? [String: Any])?["readerSerials"]
        #expect(noted as? [String] == ["CAORA-000101", "CAORA-000102"])
    }
}
