import Foundation
import SuccessionKit
import Testing

/// The attended terminal from the CLI: a scripted person types back what a real terminal's
/// screens show, and every typed value is checked.
@Suite("succession demo --attended and job init gates")
struct AttendedJobCommandTests {
    private func demo(_ script: String?) throws -> (CLIProcess.Result, String) {
        let folder = try CLIProcess.temporaryFolder()
        var arguments = [
            "demo", "--attended", "--terminal", folder.appendingPathComponent("demo").path, "--lang", "ja",
        ]
        if let script {
            let file = folder.appendingPathComponent("script.json")
            try Data(script.utf8).write(to: file)
            arguments += ["--script", file.path]
        }
        return (try CLIProcess.run(arguments), folder.appendingPathComponent("demo").path)
    }

    @Test("demo --attended runs the whole job through the attended stores; the report says how each step was checked")
    func wholeAttendedJob() throws {
        let (result, root) = try demo(nil)
        defer { try? FileManager.default.removeItem(atPath: (root as NSString).deletingLastPathComponent) }
        #expect(result.status == 0, "\(result.standardOutput)\(result.standardError)")
        #expect(result.standardOutput.contains("全手順完了"))
        let path = String(try #require(result.standardOutput.split(separator: "\n").last).dropFirst("報告書: ".count))
        let html = try String(contentsOfFile: path, encoding: .utf8)
        #expect(html.contains("画面の値を入力・照合"), "③④⑧⑨⑩⑫ typed and checked")
        #expect(html.contains("作業者の確認"), "②⑪ confirmed by a person")
        #expect(html.contains("実端末"))
        #expect(html.contains("デモ内科クリニック"), "補足② facility name")
        #expect(html.contains("マイナンバーカード: 確認済み"), "⑭ parts")
    }

    @Test("A wrong 拇印 in ⑧ is asked again; typed again the same it is a finding naming the verified file's")
    func wrongThumbprint() throws {
        let script =
            #"{"8.thumbprint": ["de ad be ef", "de ad be ef"]}"#
        let (result, root) = try demo(script)
        defer { try? FileManager.default.removeItem(atPath: (root as NSString).deletingLastPathComponent) }
        #expect(result.status == 1)
        let status = try #require(
            try CLIProcess.run(["job", "status", "--terminal", root, "--json"]).jsonLines().first
        )
        let steps = try #require(status["steps"] as? [[String: Any]])
        let s6 = try #require(steps.first { $0["number"] as? String == "6" }?["evidence"] as? [String: Any])
        let sha1 = try #require(s6["certificateSHA1"] as? String)
        let expected = Thumbprint.display(sha1, digits: 8)
        #expect(result.standardOutput.contains("de ad be ef"))
        #expect(result.standardOutput.contains(expected), "the verified file's 拇印 \(expected) is named")
        #expect(steps.first { $0["number"] as? String == "8" }?["state"] as? String == "failed")
    }

    @Test("⑨ showing the OLD code is a finding: the job stops, naming both codes")
    func wrongInstitutionCode() throws {
        let (result, root) = try demo(#"{"9.code": "0110113719"}"#)
        defer { try? FileManager.default.removeItem(atPath: (root as NSString).deletingLastPathComponent) }
        #expect(result.status == 1)
        #expect(result.standardOutput.contains("0110113719") && result.standardOutput.contains("1310110049"))
        #expect(result.standardOutput.contains("停止: ⑨"))
    }

    @Test("A wrong ⑩ value typed back is refused, naming it and ⑨'s 機関コード")
    func wrongCredentialValue() throws {
        let (result, root) = try demo(#"{"10.after": ["0110113719", "0110113719"]}"#)
        defer { try? FileManager.default.removeItem(atPath: (root as NSString).deletingLastPathComponent) }
        #expect(result.status == 1)
        #expect(result.standardOutput.contains("一致しません"), "asked again first, the expected value not shown")
        #expect(result.standardOutput.contains("⑨でコピーした機関コード 1310110049"))
    }

    @Test(
        "job init refuses a notice that is not for the new code (exit 1) and creates nothing",
        arguments: ["発行先\t0110113719\n", "", "発行先\t1310110057\n"]
    )
    func initRefuses(_ notice: String) throws {
        let folder = try CLIProcess.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let file = folder.appendingPathComponent("notice.txt")
        try Data(notice.utf8).write(to: file)
        let root = folder.appendingPathComponent("terminal").path
        let arguments = [
            "job", "init", "--terminal", root, "--old-code", "0110113719", "--new-code", "1310110049", "--notice",
            file.path, "--json",
        ]
        let result = try CLIProcess.run(arguments)
        #expect(result.status == 1)
        #expect(result.standardOutput.contains("job.cannotStart"))
        #expect(!FileManager.default.fileExists(atPath: root + "/.succession/job.json"))
    }

    @Test(
        "12: job init with the codes swapped suggests exchanging --old-code and --new-code (exit 1), creating nothing"
    )
    func initCodesSwapped() throws {
        let folder = try CLIProcess.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let file = folder.appendingPathComponent("notice.txt")
        try Data("発行先\t1310110049\n".utf8).write(to: file)
        let root = folder.appendingPathComponent("terminal").path
        let arguments = [
            "job", "init", "--terminal", root, "--old-code", "1310110049", "--new-code", "0110113719", "--notice",
            file.path,
        ]
        let text = try CLIProcess.run(arguments + ["--lang", "ja"])
        #expect(text.status == 1)
        let said = text.standardOutput + text.standardError
        #expect(said.contains("逆に入力していませんか"), "\(said)")
        #expect(said.contains("旧コード 0110113719・新コード 1310110049"))
        #expect(said.contains("`--old-code` と `--new-code` の値を入れ替えて"))
        let json = try CLIProcess.run(arguments + ["--json"])
        #expect(json.status == 1)
        let problems = try #require(try json.jsonLines().first?["problems"] as? [[String: Any]])
        let swapped = try #require(problems.first { $0["code"] as? String == "job.codesSwapped" })
        #expect(swapped["values"] as? [String: String] == ["found": "1310110049", "expected": "0110113719"])
        #expect(!FileManager.default.fileExists(atPath: root + "/.succession/job.json"))
    }

    @Test(
        "6: on a real terminal ④ cannot be undone by hand (the certificate is gone): job undo says so, changes nothing"
    )
    func undoByHand() throws {
        let (_, root) = try demo(nil)
        defer { try? FileManager.default.removeItem(atPath: (root as NSString).deletingLastPathComponent) }
        for extra in [[], ["--done-by-hand", "--yes"]] {
            let result = try CLIProcess.run(["job", "undo", "4", "--terminal", root, "--json"] + extra)
            #expect(result.status == 1)
            #expect(result.standardOutput.contains("attended.notUndoableByHand"), "\(extra)")
        }
        let status = try #require(
            try CLIProcess.run(["job", "status", "--terminal", root, "--json"]).jsonLines().first
        )
        let steps = try #require(status["steps"] as? [[String: Any]])
        #expect(
            steps.first { $0["number"] as? String == "4" }?["state"] as? String == "done",
            "the record is unchanged"
        )
    }

    @Test(
        "6: attended undo of a GUI step: the way back first, then --done-by-hand reopens it and, asked first, what depends on it"
    )
    func undoDoneByHand() throws {
        let (_, root) = try demo(nil)
        defer { try? FileManager.default.removeItem(atPath: (root as NSString).deletingLastPathComponent) }
        // The job is finished: reopening its later steps is asked first (--yes answers it).
        let asked = try CLIProcess.run(["job", "undo", "3", "--done-by-hand", "--terminal", root, "--json"])
        #expect(asked.status == 1)
        #expect(asked.standardOutput.contains("job.reopensLaterSteps"))
        let result = try CLIProcess.run(["job", "undo", "3", "--done-by-hand", "--yes", "--terminal", root, "--json"])
        #expect(result.status == 0, "\(result.standardOutput)")
        let status = try #require(
            try CLIProcess.run(["job", "status", "--terminal", root, "--json"]).jsonLines().first
        )
        let steps = try #require(status["steps"] as? [[String: Any]])
        #expect(steps.first { $0["number"] as? String == "3" }?["state"] as? String == "pending")
        #expect(steps.first { $0["number"] as? String == "12" }?["state"] as? String == "pending", "⑫ depends on ③")
    }

    @Test("job confirm of a step that is not next names the step that comes first, and changes nothing")
    func confirmNotNext() throws {
        let (paused, root) = try demo(#"{"2.done": ""}"#)
        defer { try? FileManager.default.removeItem(atPath: (root as NSString).deletingLastPathComponent) }
        #expect(paused.status == 1)
        let result = try CLIProcess.run([
            "job", "confirm", "9", "--institution-code", "1310110049", "--terminal", root, "--json",
        ])
        #expect(result.status == 1)
        #expect(result.standardOutput.contains("job.precondition"), "\(result.standardOutput)")
    }

    @Test("job report --lang en gives the same report in English; without it the customer's report is Japanese")
    func reportInEnglish() throws {
        let (_, root) = try demo(nil)
        defer { try? FileManager.default.removeItem(atPath: (root as NSString).deletingLastPathComponent) }
        let english = try CLIProcess.run(["job", "report", "--terminal", root, "--format", "md", "--lang", "en"])
        #expect(english.status == 0)
        #expect(english.standardOutput.contains("## Steps") && english.standardOutput.contains("All steps done"))
        #expect(english.standardOutput.contains("Unbind the face-auth account from each reader"))
        let japanese = try CLIProcess.run(["job", "report", "--terminal", root, "--format", "md"])
        #expect(japanese.standardOutput.contains("## 作業手順") && japanese.standardOutput.contains("全手順完了"))
    }

    @Test("A second job init on a folder with a job names the folder")
    func secondInitNamesFolder() throws {
        let (_, root) = try demo(nil)
        defer { try? FileManager.default.removeItem(atPath: (root as NSString).deletingLastPathComponent) }
        let result = try CLIProcess.run([
            "job", "init", "--terminal", root, "--old-code", "0110113719", "--new-code", "1310110049", "--notice",
            root + "/Users/OqsComApp/Desktop/通知書.txt", "--lang", "ja",
        ])
        #expect(result.status == 1)
        #expect(result.standardError.contains("「\(root)」には既にジョブがあります") || result.standardOutput.contains(root))
    }
}
