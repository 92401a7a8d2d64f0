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
                "--status", "Status=サーバー接続の定期実行待ち [再開予定時刻：\(JapanTime.minute(Date().addingTimeInterval(86_400)))]",
                "--face-auth", "yes",
            ]
        case "14": ["--my-number-card", "yes", "--insurance-card", "yes", "--backup-handed-over", "yes"]
        case "S2": ["--facility-name", "さくら内科"]
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
    /// records it). Returns how many runs were killed.
    private func drive(_ root: URL, scenario: SandboxScenario, failAt: String?) throws -> Int {
        for serial in scenario.readerSerials {
            _ = try CLIProcess.run(["terminal", "readers", "plug", serial.rawValue, "--out", "--terminal", root.path])
        }
        var killed = 0
        for _ in 0..<40 {
            var environment = Self.secrets
            if let failAt, killed == 0 {
                environment["SUCCESSION_FAILPOINT"] = failAt.contains(":") ? failAt : "\(failAt):afterAction"
            }
            let run = try CLIProcess.run(["job", "run", "--yes", "--terminal", root.path], environment: environment)
            if run.status == 9 || run.status == 128 + 9 { killed += 1 }
            let current = try status(root)
            if current["complete"] as? Bool == true { return killed }
            guard let next = current["next"] as? String else { break }
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
            #expect(report["credentialBefore"] as? String == "0110113719", "not 1310110049 → 1310110049")
        }
        if ["3", "4", "5", "6", "7", "10", "12"].contains(step) {
            let undone = try CLIProcess.run(["job", "undo", step, "--terminal", root.path])
            #expect(undone.status == 0, "undo \(step) after the kill: \(undone.standardOutput)\(undone.standardError)")
        }
        if step == "10" {
            let shown = try CLIProcess.run(["terminal", "credentials", "show", "--terminal", root.path, "--json"])
            #expect(shown.standardOutput.contains("0110113719"), "undo after the kill restored the old code")
        }
    }

    @Test("Killed after ③ unbound the first reader: ③ had journaled its intent, so ⑫ binds both readers")
    func intentBeforeActing() throws {
        let (root, scenario) = try prepared()
        defer { try? FileManager.default.removeItem(at: root.deletingLastPathComponent()) }
        let killed = try drive(root, scenario: scenario, failAt: "3:afterFirstReader")
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

    @Test("undo from the CLI restores the old code in OQS_MEDICAL_INSTITUTION_CODE byte for byte")
    func undo() throws {
        let (root, scenario) = try prepared()
        defer { try? FileManager.default.removeItem(at: root.deletingLastPathComponent()) }
        let credentials = root.appendingPathComponent(".succession/credentials.json")
        let before = try Data(contentsOf: credentials)
        _ = try drive(root, scenario: scenario, failAt: nil)
        #expect(try Data(contentsOf: credentials) != before)
        #expect(try CLIProcess.run(["job", "undo", "10", "--terminal", root.path]).status == 0)
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
}
