import Foundation
import SuccessionKit
import SystemPackage
import SuccessionKitSandbox
import Testing

/// `succession job …` and `succession demo`, run as built binaries.
@Suite("succession job and demo")
struct JobCommandTests {
    static let secrets = ["SUCCESSION_PIN": "1357", "SUCCESSION_FACE_PASSWORD": "Face#Secret2026"]

    /// What the manual has a person read off, per manual step, as `job confirm` options.
    static func values(for step: String) -> [String] {
        switch step {
        case "9": ["--institution-code", "1310110049"]
        case "13":
            [
                "--answer",
                "status=Status=サーバー接続の定期実行待ち [再開予定時刻：\(JapanTime.minute(Date().addingTimeInterval(86_400)))]",
                "--answer", "faceAuth=yes",
            ]
        case "14": ["--answer", "myNumberCard=yes", "--answer", "insuranceCard=yes", "--answer", "backup=yes"]
        case "S2": ["--answer", "expectedName=さくら内科", "--answer", "facilityName=さくら内科"]
        default: []
        }
    }

    /// A scenario sandbox with a job created through the CLI.
    private func prepared() throws -> (URL, SandboxScenario) {
        let root = try CLIProcess.temporaryFolder().appendingPathComponent("terminal")
        let scenario = try SandboxScenario.make(
            root: FilePath(root.path),
            oldCode: MedicalInstitutionCode(parsing: "0110113719"),
            newCode: MedicalInstitutionCode(parsing: "1310110049"),
            pin: CertificatePIN("1357")
        )
        let notice = root.appendingPathComponent("Users/OqsComApp/Desktop/通知書.txt").path
        let initialized = try CLIProcess.run([
            "job", "init", "--terminal", root.path, "--old-code", "0110113719", "--new-code", "1310110049", "--notice",
            notice,
        ])
        #expect(initialized.status == 0, "\(initialized.standardError)")
        return (root, scenario)
    }

    private func status(_ root: URL) throws -> [String: Any] {
        try #require(try CLIProcess.run(["job", "status", "--terminal", root.path, "--json"]).jsonLines().first)
    }

    /// Drives the job to the end as a technician would: `job run --yes`, answering the manual
    /// steps with `job confirm`, unplugging the readers before ③ and plugging them in before ⑫.
    /// `failAt` kills the first run that reaches that step's action (SIGKILL, before the journal
    /// records it); `until` stops when that step is next. Returns how many runs were killed.
    private func drive(
        _ root: URL,
        scenario: SandboxScenario,
        failAt: String?,
        until: String? = nil,
        secrets: [String: String] = Self.secrets,
        runArguments: [String] = []
    ) throws -> Int {
        for serial in scenario.readerSerials {
            _ = try CLIProcess.run(["terminal", "readers", "plug", serial.rawValue, "--out", "--terminal", root.path])
        }
        var killed = 0
        for _ in 0..<40 {
            var environment = secrets
            if let failAt, killed == 0 {
                environment["SUCCESSION_FAILPOINT"] = failAt.contains(":") ? failAt : "\(failAt):afterAction"
            }
            let run = try CLIProcess.run(
                ["job", "run", "--yes", "--terminal", root.path] + runArguments,
                environment: environment
            )
            if run.status == 9 || run.status == 128 + 9 { killed += 1 }
            let current = try status(root)
            if current["complete"] as? Bool == true { return killed }
            guard let next = current["next"] as? String, next != until else { break }
            let steps = current["steps"] as? [[String: Any]] ?? []
            let step = steps.first { $0["number"] as? String == next }
            if step?["kind"] as? String == "manual" {
                if next == "11" {
                    for serial in scenario.readerSerials {
                        _ = try CLIProcess.run([
                            "terminal", "readers", "plug", serial.rawValue, "--terminal", root.path,
                        ])
                    }
                }
                var arguments = ["job", "confirm", next, "--terminal", root.path]
                arguments += Self.values(for: next)
                let confirmed = try CLIProcess.run(arguments)
                #expect(confirmed.status == 0, "\(next): \(confirmed.standardOutput)")
            } else if run.status == 1 {
                Issue.record("step \(next) failed: \(run.standardOutput)")
                break
            }
        }
        return killed
    }

    @Test(
        "Killed with SIGKILL between a step's change and its journal entry, the job resumes and ends consistent",
        arguments: ["1", "3", "4", "5", "6", "7", "8", "10", "12"]
    )
    func killAndResume(_ step: String) throws {
        let (root, scenario) = try prepared()
        defer { try? FileManager.default.removeItem(at: root.deletingLastPathComponent()) }
        let killed = try drive(root, scenario: scenario, failAt: step)
        #expect(killed == 1, "the run was killed once at step \(step)")
        let final = try status(root)
        #expect(final["complete"] as? Bool == true)
        #expect(
            try CLIProcess.run(["terminal", "check", "--terminal", root.path, "--new-code", "1310110049"]).status == 0
        )
        let journal = try String(contentsOf: root.appendingPathComponent(".succession/job.json"), encoding: .utf8)
        #expect(!journal.contains("Face#Secret2026"))
        // The record is true after the kill: the value before is the old code, and undo restores it.
        if step == "10" {
            let output = try CLIProcess.run(["job", "report", "--terminal", root.path, "--format", "json"])
                .standardOutput
            let report = try #require(try JSONSerialization.jsonObject(with: Data(output.utf8)) as? [String: Any])
            let facts = try #require(report["facts"] as? [[String: String]])
            let credential = facts.first { $0["label"] == "OQS_MEDICAL_INSTITUTION_CODE" }?["value"]
            #expect(credential == "0110113719 → 1310110049", "not 1310110049 → 1310110049")
        }
        if ["3", "4", "5", "6", "7", "10", "12"].contains(step) {
            let undone = try CLIProcess.run(["job", "undo", step, "--yes", "--terminal", root.path])
            #expect(undone.status == 0, "undo \(step) after the kill: \(undone.standardOutput)\(undone.standardError)")
        }
        if step == "10" {
            let shown = try CLIProcess.run(["terminal", "credentials", "show", "--terminal", root.path, "--json"])
            #expect(shown.standardOutput.contains("0110113719"), "undo after the kill restored the old code")
        }
    }

    @Test("Killed after ③ unbound the first reader: its intent names it, so ⑫ binds both readers")
    func intentBeforeActing() throws {
        let (root, scenario) = try prepared()
        defer { try? FileManager.default.removeItem(at: root.deletingLastPathComponent()) }
        // The first store call of ③ is the first reader's removal: killed right after it.
        let killed = try drive(root, scenario: scenario, failAt: "3:afterAction")
        #expect(killed == 1)
        let final = try status(root)
        #expect(final["complete"] as? Bool == true)
        let steps = try #require(final["steps"] as? [[String: Any]])
        let bound = (steps.first { $0["number"] as? String == "12" }?["evidence"] as? [String: Any])?["boundSerials"]
        #expect(bound as? [String] == ["CAORA-000101", "CAORA-000102"])
    }

    @Test("job status --json: {oldCode, newCode, steps: [{number, title, state}]}")
    func statusShape() throws {
        let (root, _) = try prepared()
        defer { try? FileManager.default.removeItem(at: root.deletingLastPathComponent()) }
        let object = try status(root)
        #expect(object["oldCode"] as? String == "0110113719")
        #expect(object["newCode"] as? String == "1310110049")
        let steps = try #require(object["steps"] as? [[String: Any]])
        #expect(steps.count == 16)
        #expect(
            steps.allSatisfy {
                ["pending", "done", "failed", "skipped", "notNeeded"].contains($0["state"] as? String ?? "")
            }
        )
        #expect(steps.first?["title"] as? String == "電子証明書発行通知書の確認")
    }

    @Test("A refused precondition and a second process on the same job")
    func refusals() throws {
        let (root, _) = try prepared()
        defer { try? FileManager.default.removeItem(at: root.deletingLastPathComponent()) }
        let early = try CLIProcess.run(["job", "confirm", "9", "--terminal", root.path, "--json"])
        #expect(early.status == 1)
        #expect(
            (try early.jsonLines().first?["problems"] as? [[String: Any]])?.first?["code"] as? String
                == "job.precondition"
        )
        let holder = try JobStore(layout: TerminalLayout(root: FilePath(root.path)))
        let second = try CLIProcess.run(["job", "run", "--yes", "--terminal", root.path, "--lang", "en"])
        #expect(second.status == 1)
        #expect(second.standardError.contains("Another process"))
        // Reading takes no lock: status is shown while another process works on the job.
        #expect(try CLIProcess.run(["job", "status", "--terminal", root.path]).status == 0)
        _ = holder
        #expect(try CLIProcess.run(["job", "skip", "S2", "--terminal", root.path, "--reason", ""]).status == 1)
    }

    @Test("12: a skipped step says 省略 once in job status and the report, never 「[省略]（省略（理由あり））」")
    func skippedSaysSkippedOnce() throws {
        let (root, _) = try prepared()
        defer { try? FileManager.default.removeItem(at: root.deletingLastPathComponent()) }
        let skip = try CLIProcess.run(["job", "skip", "S2", "--terminal", root.path, "--reason", "施設名は変えない"])
        #expect(skip.status == 0, "\(skip.standardOutput)\(skip.standardError)")
        let status = try CLIProcess.run(["job", "status", "--terminal", root.path, "--lang", "ja"])
        let line = try #require(status.standardOutput.split(separator: "\n").first { $0.contains("補足②") })
        #expect(line.hasSuffix("[省略]"), "\(line)")
        #expect(line.components(separatedBy: "省略").count == 2, "省略 once: \(line)")
        let report = try CLIProcess.run(["job", "report", "--terminal", root.path, "--format", "md"])
        let row = try #require(report.standardOutput.split(separator: "\n").first { $0.hasPrefix("| 補足②") })
        #expect(row.components(separatedBy: "省略").count == 2, "省略 once: \(row)")
        #expect(row.contains("施設名は変えない"), "the reason is in the notes")
    }

    @Test("1: job redo 9 after いいえ at ⑨ (補足① next) returns to ⑨'s question; 補足① is then not needed")
    func redoNineAfterBranch() throws {
        let (root, scenario) = try prepared()
        defer { try? FileManager.default.removeItem(at: root.deletingLastPathComponent()) }
        _ = try drive(root, scenario: scenario, failAt: nil, until: "9")
        #expect(try status(root)["next"] as? String == "9")
        let unconfirmed = try CLIProcess.run(["job", "confirm", "9", "--terminal", root.path, "--answer", "login=no"])
        let said = unconfirmed.standardOutput + unconfirmed.standardError
        #expect(unconfirmed.status == 1 && said.contains("9.loginConfirmed"), "confirmed before 補足① opens: \(said)")
        #expect(try status(root)["next"] as? String == "9")
        _ = try CLIProcess.run([
            "job", "confirm", "9", "--terminal", root.path, "--answer", "login=no", "--answer",
            "loginConfirmed=supplement",
        ])
        #expect(try status(root)["next"] as? String == "S1", "confirmed: 補足① comes next")
        let back = try CLIProcess.run(["job", "redo", "9", "--terminal", root.path])
        #expect(back.status == 0, "\(back.standardOutput)\(back.standardError)")
        let after = try status(root)
        #expect(after["next"] as? String == "9")
        let steps = after["steps"] as? [[String: Any]] ?? []
        #expect(steps.first { $0["number"] as? String == "S1" }?["state"] as? String == "notNeeded")
        _ = try drive(root, scenario: scenario, failAt: nil)
        let final = try status(root)
        #expect(final["complete"] as? Bool == true)
        let finalSteps = final["steps"] as? [[String: Any]] ?? []
        #expect(finalSteps.first { $0["number"] as? String == "S1" }?["state"] as? String == "notNeeded")
    }

    @Test(
        "2: the PIN from SUCCESSION_PIN or --pin-file with a space or a line ending around it opens the new .p12",
        arguments: [("env", "1357 "), ("file", "1357\n"), ("file", " 1357 \r\n")]
    )
    func pinWithSpaces(_ source: String, _ pin: String) throws {
        let (root, scenario) = try prepared()
        defer { try? FileManager.default.removeItem(at: root.deletingLastPathComponent()) }
        var secrets = Self.secrets
        var arguments: [String] = []
        if source == "env" {
            secrets["SUCCESSION_PIN"] = pin
        } else {
            secrets["SUCCESSION_PIN"] = nil
            let file = root.deletingLastPathComponent().appendingPathComponent("pin.txt")
            try Data(pin.utf8).write(to: file)
            arguments = ["--pin-file", file.path]
        }
        _ = try drive(root, scenario: scenario, failAt: nil, secrets: secrets, runArguments: arguments)
        let final = try status(root)
        #expect(final["complete"] as? Bool == true)
        let steps = final["steps"] as? [[String: Any]] ?? []
        #expect(steps.first { $0["number"] as? String == "6" }?["state"] as? String == "done")
    }

    @Test("undo from the CLI restores the old code in OQS_MEDICAL_INSTITUTION_CODE byte for byte")
    func undo() throws {
        let (root, scenario) = try prepared()
        defer { try? FileManager.default.removeItem(at: root.deletingLastPathComponent()) }
        let credentials = root.appendingPathComponent(".succession/credentials.json")
        let before = try Data(contentsOf: credentials)
        _ = try drive(root, scenario: scenario, failAt: nil)
        #expect(try Data(contentsOf: credentials) != before)
        #expect(try CLIProcess.run(["job", "undo", "10", "--yes", "--terminal", root.path]).status == 0)
        #expect(try Data(contentsOf: credentials) == before)
        #expect(try CLIProcess.run(["job", "undo", "1", "--terminal", root.path]).status == 1, "① changed nothing")
    }

    @Test("demo: a whole succession on a sandbox it creates, every step done, ending with the report's path")
    func demo() throws {
        let folder = try CLIProcess.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let root = folder.appendingPathComponent("demo").path
        let result = try CLIProcess.run(["demo", "--terminal", root, "--lang", "ja"])
        #expect(result.status == 0, "\(result.standardError)")
        #expect(result.standardOutput.contains("⑭ 承継工事後の動作確認とお客様説明: 完了"))
        let reportLine = try #require(result.standardOutput.split(separator: "\n").last)
        #expect(reportLine.hasPrefix("報告書: "))
        let path = String(reportLine.dropFirst("報告書: ".count))
        #expect(try String(contentsOfFile: path, encoding: .utf8).contains("全手順完了"))
        let status = try #require(
            try CLIProcess.run(["job", "status", "--terminal", root, "--json"]).jsonLines().first
        )
        let states = (status["steps"] as? [[String: Any]] ?? []).filter {
            ($0["number"] as? String)?.hasPrefix("S") == false
        }
        .compactMap { $0["state"] as? String }
        #expect(states == Array(repeating: "done", count: 14))
        #expect(
            try CLIProcess.run(["demo", "--terminal", root]).status == 2,
            "an existing sandbox is never overwritten"
        )
    }

    @Test("job report --format html|md|json")
    func report() throws {
        let (root, scenario) = try prepared()
        defer { try? FileManager.default.removeItem(at: root.deletingLastPathComponent()) }
        _ = try drive(root, scenario: scenario, failAt: nil)
        let html = try CLIProcess.run(["job", "report", "--terminal", root.path, "--format", "html"])
        #expect(html.standardOutput.contains("<!DOCTYPE html>"))
        let markdown = try CLIProcess.run(["job", "report", "--terminal", root.path, "--format", "md"])
        #expect(markdown.standardOutput.contains("0110113719 → 1310110049"))
        let json = try CLIProcess.run(["job", "report", "--terminal", root.path, "--format", "json"])
        let object = try JSONSerialization.jsonObject(with: Data(json.standardOutput.utf8)) as? [String: Any]
        #expect(object?["complete"] as? Bool == true)
    }

    @Test("The Markdown report escapes raw HTML from the notice's 端末名称, as the HTML report does")
    func markdownEscapesHTML() throws {
        let folder = try CLIProcess.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let root = folder.appendingPathComponent("t").path
        #expect(try CLIProcess.bounded(["terminal", "sandbox", root]).status == 0)
        let notice = root + "/Users/OqsComApp/Desktop/通知書.txt"
        let text = try String(contentsOfFile: notice, encoding: .utf8)
            .replacingOccurrences(of: "総合受付", with: "<img src=x onerror=alert(1)>")
        try Data(text.utf8).write(to: URL(fileURLWithPath: notice))
        let created = try CLIProcess.bounded([
            "job", "init", "--terminal", root, "--old-code", "0110113719", "--new-code", "1310110049", "--notice",
            notice,
        ])
        #expect(created.status == 0)
        let markdown = try CLIProcess.bounded(["job", "report", "--terminal", root, "--format", "md"])
        #expect(markdown.status == 0)
        #expect(!markdown.standardOutput.contains("<img"))
        #expect(markdown.standardOutput.contains("&lt;img"))
    }

    @Test("job skip --reason that is only a line feed is refused like \"  \"")
    func skipReasonLineFeed() throws {
        let folder = try CLIProcess.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let root = folder.appendingPathComponent("t").path
        #expect(try CLIProcess.bounded(["terminal", "sandbox", root]).status == 0)
        _ = try CLIProcess.bounded([
            "job", "init", "--terminal", root, "--old-code", "0110113719", "--new-code", "1310110049", "--notice",
            root + "/Users/OqsComApp/Desktop/通知書.txt",
        ])
        let spaces = try CLIProcess.bounded(["job", "skip", "S2", "--terminal", root, "--reason", "  "])
        let lineFeed = try CLIProcess.bounded(["job", "skip", "S2", "--terminal", root, "--reason", "\n"])
        #expect(spaces.status == 1)
        #expect(lineFeed.status == spaces.status)
        let status = try #require(
            try CLIProcess.bounded(["job", "status", "--terminal", root, "--json"]).jsonLines().first
        )
        let steps = try #require(status["steps"] as? [[String: Any]])
        #expect(steps.first { $0["number"] as? String == "S2" }?["state"] as? String != "skipped")
    }
}
