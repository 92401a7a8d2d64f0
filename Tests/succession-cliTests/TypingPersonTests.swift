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
    /// Spawns `succession job run` on an 80-column pty, again and again until a run ends with
    /// exit 0 (at most four), and answers each question by its id (shown as 〔id〕 on the prompt
    /// line) from a plan: a list of typings per id, used in turn, the last one again when the
    /// list is used up. A list question gets its lines one per prompt, then an empty line. `^C`
    /// types Ctrl-C (the run's last words are read to its end); `^CONT` sends SIGCONT (the
    /// prompt is drawn again) and the next typing answers the same prompt. Prints each run's end
    /// as JSON: [{"signaled": …, "exit": …}].
    static let person = #"""
        import os, sys, time, json, re, select, signal, fcntl, termios, struct
        binary, root, plan_path, transcript_path = sys.argv[1:5]
        plan = json.load(open(plan_path))
        lists = {"3.readers", "4.certificates", "8.others", "12.readers"}
        def spawn():
            master, slave = os.openpty()
            fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", 24, 80, 0, 0))
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
        screen = open(transcript_path, "wb")
        def read(master, wait):
            ready, _, _ = select.select([master], [], [], wait)
            if not ready: return b""
            try:
                return os.read(master, 4096)
            except OSError:
                return b""
        def session():
            pid, master = spawn()
            seen = b""
            pending = []
            redrawn = None
            deadline = time.time() + 90
            while time.time() < deadline:
                # Never block for good: a prompt this person does not know ends the session.
                chunk = read(master, 20)
                if not chunk: break
                seen += chunk
                screen.write(chunk)
                screen.flush()
                text = seen.decode("utf-8", "replace")
                if not (text.endswith("> ") or text.endswith(": ")): continue
                if pending:
                    line = pending.pop(0)
                else:
                    ids = re.findall(r"〔([^〕]+)〕", text)
                    if not ids and not redrawn: continue
                    # An id folded at the line's end is read whole.
                    qid = re.sub(r"\s", "", ids[-1]) if ids else redrawn
                    redrawn = None
                    key = qid if qid in plan else ".".join(qid.split(".")[:2])
                    typings = plan.get(key) or [""]
                    typed = typings.pop(0) if len(typings) > 1 else typings[0]
                    if typed == "^CONT":
                        # The same prompt is drawn again; the next typing answers it.
                        seen = b""
                        redrawn = qid
                        os.kill(pid, signal.SIGCONT)
                        continue
                    if typed == "^C":
                        time.sleep(0.2)
                        os.write(master, b"\x03")
                        while True:
                            chunk = read(master, 20)
                            if not chunk: break
                            screen.write(chunk)
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
        ends = []
        for _ in range(4):
            status = session()
            ends.append({"signaled": os.WIFSIGNALED(status),
                         "exit": os.WEXITSTATUS(status) if os.WIFEXITED(status) else -1})
            if ends[-1]["exit"] == 0: break
        screen.close()
        print(json.dumps(ends))
        """#

    @Test(
        "Typos, an empty Enter, full-width digits, a short serial typed twice, q at the PIN, a PIN with a trailing space, a mis-tap at ⑨ and its way back, Ctrl-C and resume, the old facility name"
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
        let usb = folder.appendingPathComponent("usb").path
        let created = try CLIProcess.run([
            "job", "init", "--attended", "--terminal", root, "--old-code", "0110113719", "--new-code", "1310110049",
            "--notice", scenario.noticeFile.string, "--downloads", layout.path(.downloads).string,
            "--backup-folder", usb,
        ])
        #expect(created.status == 0, "\(created.standardOutput)\(created.standardError)")
        let old = scenario.oldCertificate
        let new = scenario.newCertificate
        var wrong = Array(new.sha1.prefix(8))
        wrong[0] = wrong[0] == "0" ? "1" : "0"
        // One digit short (CAORA-00102), typed twice the same: never recorded by repetition.
        let short = "caora-０００１０１ 未接続\nCAORA-00102 未接続"
        let plan: [String: [String]] = [
            "2.done": ["", "?", "はい"],
            "3.readers": [short, short, "caora-000101 未接続\nＣＡＯＲＡ-000102 未接続"],
            "3.removed": ["いいえ", "はい", "y"],
            "4.certificates": [
                "", "0110113719 \(JapanTime.day(old.notAfter)) \(Thumbprint.display(old.sha1, digits: 8))",
            ],
            "4.removed": ["はい"], "5.method": ["1"], "6.downloaded": ["はい"], "6.desktopFolder": ["はい"],
            // q stops the first run at the PIN; the second gets a password, then the PIN with a space.
            "6.pin": ["q", "Kanri#Henkou2026", "1357 "], "7.installed": ["はい"],
            "8.thumbprint": [String(wrong), Thumbprint.display(new.sha1, digits: 8).uppercased()],
            "8.expiry": [JapanTime.day(new.notAfter)], "8.others": ["なし"],
            // The mis-tap at ⑨: いいえ, then the way back from its confirmation.
            "9.login": ["いいえ", "はい"], "9.loginConfirmed": ["戻る"],
            "9.code": ["131011OO49", "^C", "１３１０１１００４９"],
            "10.loginKeyUser": ["R0RENK01"], "10.before": ["0110113719"], "10.after": ["", "1310110049"],
            "11.done": ["^CONT", "はい"], "12.password": ["1357", "Face#Secret2026"], "12.state": ["接続中"],
            "13.status": [
                "Status=サーバー接続の定期実行待ち [再開予定時刻：日時]",
                "サーバー接続の定期実行待ち [再開予定時刻：\(JapanTime.minute(Date().addingTimeInterval(86_400)))]",
            ],
            "13.faceAuth": ["はい"], "14.myNumberCard": ["はい"], "14.insuranceCard": ["ｙ"], "14.backup": ["はい"],
            "S2.expectedName": ["さくら内科"],
            // The old clinic's name first, as the readers showed it before the change.
            "S2.facilityName": ["さくら医院", "さくら内科"],
        ]
        let planFile = folder.appendingPathComponent("plan.json")
        try JSONSerialization.data(withJSONObject: plan).write(to: planFile)
        let script = folder.appendingPathComponent("person.py")
        try Data(Self.person.utf8).write(to: script)
        let screenFile = folder.appendingPathComponent("screen.txt")
        let result = try CLIProcess.run(
            [
                "/usr/bin/timeout", "300", "/usr/bin/python3", script.path, CLIProcess.executable.path, root,
                planFile.path, screenFile.path,
            ],
            viaShell: true
        )
        let screen = (try? String(contentsOfFile: screenFile.path, encoding: .utf8)) ?? ""
        // What a person reads: escape sequences gone, a line folded at 80 columns read whole
        // (Japanese joined as written, words with a space).
        let plain = screen.replacing(/\u{1B}\[[0-9;]*[A-Za-z]/, with: "")
        let joined = plain.replacing(/\r\n +/, with: "")
        let spaced = plain.replacing(/\r\n +/, with: " ")
        func said(_ text: String) -> Bool { joined.contains(text) || spaced.contains(text) }
        let ends = try JSONSerialization.jsonObject(with: Data(result.standardOutput.utf8)) as? [[String: Any]] ?? []
        // q at the PIN pauses (1); Ctrl-C says how to resume and ends with 130, no signal; then done.
        #expect(ends.map { $0["exit"] as? Int } == [1, 130, 0], "\(result.standardOutput)\(screen)")
        #expect(ends.allSatisfy { $0["signaled"] as? Bool == false }, "Ctrl-C never kills silently")

        // What the screen said: the manual first, then each mistake explained where it was made.
        #expect(said("SER. No. (DEV. ID.)"), "③'s operations are shown")
        #expect(said("空の Enter は回答になりません"))
        #expect(said("画面に表示されているとおりに入力します"), "? shows the question's help")
        #expect(
            joined.components(separatedBy: "桁数が違います").count >= 3,
            "CAORA-00102 is one digit short, each time it is typed"
        )
        #expect(said("「未接続」であることを確認して「撤去」"), "いいえ at 撤去 says what to do")
        #expect(said("中断: ⑥"), "q at the PIN's prompt stops the run, it is not a wrong PIN")
        #expect(said(try #require(scenario.notice.requestID)), "⑥ shows the notice's request ID")
        #expect(said("succession cert recover-pin"), "a wrong PIN names the tool's own recovery")
        #expect(said("検証済みのバックアップ: \(usb)/"), "⑥ says where the verified copy went")
        #expect(said("一致しません"), "a typo in the 拇印 is asked again")
        #expect(said("戻る（もう一度ログインを試す）"), "いいえ at ⑨ is confirmed, with a way back")
        #expect(said("数字の「0」ではありませんか"), "O for 0 in ⑨'s code is named")
        #expect(said("中断しました（Ctrl-C）。続きは succession job run --terminal \(root)"))
        #expect(plain.contains("    >     > "), "SIGCONT (fg) draws the prompt again")
        #expect(said("入力された医療機関名 さくら医院 は"), "the old facility name is asked again")
        #expect(said("「日時」は見本です"))
        #expect(!plain.contains("Kanri#Henkou2026"), "a password typed at the PIN prompt is never echoed")
        #expect(!plain.contains("Face#Secret2026"))
        #expect(said("全手順完了"))
        #expect(said("succession job report --terminal \(root)"), "the end says how to get the report")
        // At 80 columns every line fits, unless it is one token longer than the line (a path).
        for line in plain.components(separatedBy: "\r\n") {
            let shown = line.components(separatedBy: "\r").last ?? ""
            guard Self.columns(shown) > 80 else { continue }
            #expect(shown.split(separator: " ").contains { $0.count > 40 }, "wider than 80 columns: \(shown)")
        }

        // The journal: the accepted answers only, no secret, nothing rejected.
        let journal = try String(contentsOfFile: root + "/.succession/job.json", encoding: .utf8)
        for absent in [
            "Kanri#Henkou2026", "Face#Secret2026", "CAORA-00102\"", "131011OO49", "日時", "\"1357\"", "1357 ", "さくら医院",
        ] {
            #expect(!journal.contains(absent), "the journal holds \(absent)")
        }
        let status = try #require(
            try CLIProcess.run(["job", "status", "--terminal", root, "--json"]).jsonLines().first
        )
        #expect(status["complete"] as? Bool == true)
        let steps = try #require(status["steps"] as? [[String: Any]])
        let noted = (steps.first { $0["number"] as? String == "3" }?["evidence"] as? [String: Any])?["readerSerials"]
        #expect(noted as? [String] == ["CAORA-000101", "CAORA-000102"])
        #expect(steps.first { $0["number"] as? String == "S1" }?["state"] as? String == "notNeeded")
        let named = (steps.first { $0["number"] as? String == "S2" }?["evidence"] as? [String: Any])?["facilityName"]
        #expect(named as? String == "さくら内科")
    }

    /// Columns a terminal gives `text`: two for a wide (East Asian) character.
    static func columns(_ text: String) -> Int {
        text.unicodeScalars.reduce(0) { total, scalar in
            let value = scalar.value
            let wide =
                (0x1100...0x115F).contains(value) || (0x2E80...0xA4CF).contains(value)
                || (0xAC00...0xD7A3).contains(value) || (0xF900...0xFAFF).contains(value)
                || (0xFE30...0xFE4F).contains(value) || (0xFF00...0xFF60).contains(value)
                || (0xFFE0...0xFFE6).contains(value)
            return total + (wide ? 2 : 1)
        }
    }
}
