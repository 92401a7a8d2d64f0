import Foundation
import Testing

/// `succession notice|accounts|password|status`, run as a built binary.
@Suite("succession notice, accounts, password, status")
struct PapersAndAccountsCommandTests {
    static let notice = """
        発行者\tOnline Billing NW Common Root CA
        発行先\t１３４０１１００４９
        電子証明書ダウンロードサイトリクエストID\t１２３４５６７８９０１２３４５
        電子証明書ダウンロードサイトリファレンスID\tAB12CD34EF
        電子証明書有効期間\t2026/11/10～2030/02/10
        電子証明書ダウンロードサイト有効期限\t2027/05/09
        """

    private func write(
        _ text: String,
        name: String = "notice.txt",
        encoding: String.Encoding = .utf8
    ) throws -> (URL, URL) {
        let folder = try CLIProcess.temporaryFolder()
        let file = folder.appendingPathComponent(name)
        try #require(text.data(using: encoding)).write(to: file)
        return (folder, file)
    }

    @Test("notice check: a notice typed with full-width digits passes (exit 0)")
    func noticeFullWidth() throws {
        let (folder, file) = try write(Self.notice)
        defer { try? FileManager.default.removeItem(at: folder) }
        let result = try CLIProcess.run([
            "notice", "check", file.path, "--new-code", "1340110049", "--at", "2026-11-25", "--json",
        ])
        #expect(result.status == 0)
        let object = try #require(try result.jsonLines().first)
        #expect(object["code"] as? String == "1340110049")
        #expect(object["valid"] as? Bool == true)
    }

    @Test("notice check: an expired download site is caught with what to do (exit 1)")
    func noticeExpired() throws {
        let (folder, file) = try write(Self.notice, encoding: .shiftJIS)
        defer { try? FileManager.default.removeItem(at: folder) }
        let result = try CLIProcess.run([
            "notice", "check", file.path, "--new-code", "1340110049", "--at", "2027-05-10", "--lang", "ja",
        ])
        #expect(result.status == 1)
        #expect(result.standardOutput.contains("【電子証明書ダウンロードサイト有効期限】"))
        #expect(result.standardOutput.contains("再発行申請"))
    }

    @Test("notice check: the old code's notice stops the work (exit 1); a missing file is exit 2")
    func noticeOldCode() throws {
        let (folder, file) = try write(Self.notice)
        defer { try? FileManager.default.removeItem(at: folder) }
        let result = try CLIProcess.run([
            "notice", "check", file.path, "--new-code", "1310110049", "--old-code", "1340110049", "--json",
        ])
        #expect(result.status == 1)
        let problems = try #require(try result.jsonLines().first?["problems"] as? [[String: Any]])
        #expect(problems.first?["code"] as? String == "notice.oldCode")
        #expect(try CLIProcess.run(["notice", "check", "/nonexistent", "--new-code", "1310110049"]).status == 2)
    }

    @Test("accounts check: a pharmacy code with R0RENK01, and RORENK01, are caught (exit 1)")
    func accounts() throws {
        let result = try CLIProcess.run([
            "accounts", "check", "--code", "1340110049", "--id", "R0RENK01", "--id", "RORENK01", "--json",
        ])
        #expect(result.status == 1)
        let object = try #require(try result.jsonLines().first)
        let codes = (object["problems"] as? [[String: Any]])?.compactMap { $0["code"] as? String } ?? []
        #expect(codes.contains("account.kindMismatch"))
        #expect(codes.contains("account.lookalike"))
        #expect((object["accounts"] as? [String: Any])?["linkage"] as? String == "R1RENK01")
        let english = try CLIProcess.run([
            "accounts", "check", "--code", "1310110049", "--id", "RORENK01", "--lang", "en",
        ])
        #expect(english.standardOutput.contains("character 2 is the capital letter O; did you mean R0RENK01"))
        #expect(try CLIProcess.run(["accounts", "check", "--code", "1310110049", "--id", "R0RENK01"]).status == 0)
    }

    @Test("password check: a 12-character password reused from history is refused, never echoed (exit 1)")
    func passwordReused() throws {
        let (folder, history) = try write("Clinic#2026x\nOlder#Pass01\n", name: "history.txt")
        defer { try? FileManager.default.removeItem(at: folder) }
        let result = try CLIProcess.run(
            ["password", "check", "--account", "admin", "--history-file", history.path, "--json"],
            standardInput: Data("Clinic#2026x\n".utf8)
        )
        #expect(result.status == 1)
        let problems = try #require(try result.jsonLines().first?["problems"] as? [[String: Any]])
        #expect(problems.first?["code"] as? String == "password.reused")
        #expect(!result.standardOutput.contains("Clinic#2026x"))
        #expect(!result.standardError.contains("Clinic#2026x"))
    }

    @Test("10: password check names a refused character by its position and kind, never the character (text, --json)")
    func passwordCharacterNeverShown() throws {
        let typed = "Ｏns#Kanri2026x\n"
        let text = try CLIProcess.run(
            ["password", "check", "--account", "admin", "--lang", "ja"],
            standardInput: Data(typed.utf8)
        )
        let json = try CLIProcess.run(
            ["password", "check", "--account", "admin", "--json"],
            standardInput: Data(typed.utf8)
        )
        #expect(text.status == 1 && json.status == 1)
        #expect(text.standardOutput.contains("1文字目が全角の英数字・記号"), "\(text.standardOutput)")
        let problems = try #require(try json.jsonLines().first?["problems"] as? [[String: Any]])
        let refused = try #require(problems.first { $0["code"] as? String == "password.character" })
        let values = try #require(refused["values"] as? [String: String])
        #expect(values == ["position": "1", "characterKind": "fullWidth"])
        for output in [text.standardOutput, text.standardError, json.standardOutput, json.standardError] {
            #expect(!output.contains("Ｏ") && !output.contains("U+FF2F"), "\(output)")
        }
    }

    @Test("password check: no password on the command line (argv) is accepted")
    func passwordNotFromArgv() throws {
        #expect(
            try CLIProcess.run(["password", "check", "--account", "admin", "--password", "Clinic#2026x"]).status == 2
        )
    }

    @Test("password generate writes a compliant password to a 0600 file, not to the screen")
    func generate() throws {
        let folder = try CLIProcess.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let out = folder.appendingPathComponent("pw.txt")
        let result = try CLIProcess.run(["password", "generate", "--out", out.path])
        #expect(result.status == 0)
        let password = try String(contentsOf: out, encoding: .utf8).trimmingCharacters(in: .newlines)
        #expect(password.count == 16)
        #expect(!result.standardOutput.contains(password))
        let check = try CLIProcess.run(["password", "check", "--account", "admin"], standardInput: Data(password.utf8))
        #expect(check.status == 0)
        #expect(try FileManager.default.attributesOfItem(atPath: out.path)[.posixPermissions] as? Int == 0o600)
    }

    @Test("accounts csv writes Shift-JIS with CRLF, never overwrites, and --check reads it back")
    func csv() throws {
        let folder = try CLIProcess.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let out = folder.appendingPathComponent("pharmacy.csv").path
        let write = try CLIProcess.run([
            "accounts", "csv", "--code", "1340110049", "--out", out, "--start", "2026-11-25",
        ])
        #expect(write.status == 0)
        #expect(write.standardOutput.contains("Note") || write.standardOutput.contains("注意"))
        #expect(
            write.standardOutput.contains("assumed") || write.standardOutput.contains("想定"),
            "without --layout the columns are said to be our assumption"
        )
        let bytes = try Data(contentsOf: URL(fileURLWithPath: out))
        let text = try #require(String(data: bytes, encoding: .shiftJIS))
        #expect(text.hasPrefix("医療機関コード,"))
        #expect(text.contains("1340110049,連携,R1RENK01,連携アカウント,レンケイアカウント,2026/11/25,\r\n"))
        #expect(String(data: bytes, encoding: .utf8) == nil, "not UTF-8")
        #expect(try CLIProcess.run(["accounts", "csv", "--code", "1340110049", "--out", out]).status == 2)
        #expect(try CLIProcess.run(["accounts", "csv", "--check", out, "--code", "1340110049"]).status == 0)

        let utf8 = folder.appendingPathComponent("utf8.csv")
        try text.write(to: utf8, atomically: true, encoding: .utf8)
        let refused = try CLIProcess.run(["accounts", "csv", "--check", utf8.path, "--json"])
        #expect(refused.status == 1)
        let problems = try #require(try refused.jsonLines().first?["problems"] as? [[String: Any]])
        #expect(problems.first?["code"] as? String == "csv.notShiftJIS")
    }

    @Test("status: registration labels and the distribution Status= line")
    func status() throws {
        #expect(try CLIProcess.run(["status", "registration", "登録完了"]).status == 0)
        #expect(try CLIProcess.run(["status", "registration", "登録失敗(システムエラー)"]).status == 1)
        #expect(try CLIProcess.run(["status", "registration", "不明"]).status == 2)
        let waiting = try CLIProcess.run(["status", "registration", "登録待ち", "--lang", "en"])
        #expect(waiting.status == 1)
        #expect(!waiting.standardOutput.contains("OK"), "not yet done is not OK: \(waiting.standardOutput)")
        #expect(waiting.standardOutput.contains("NG"))
        // The next scheduled run lies ahead of the work: tomorrow, Japan time.
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(secondsFromGMT: 9 * 3600)
        formatter.dateFormat = "yyyy/MM/dd HH:mm"
        let tomorrow = formatter.string(from: Date().addingTimeInterval(86_400))
        let done = try CLIProcess.run([
            "status", "distribution", "Status=サーバー接続の定期実行待ち [再開予定時刻：\(tomorrow)]", "--json",
        ])
        #expect(done.status == 0)
        #expect(try done.jsonLines().first?["resumeAt"] as? String == tomorrow)
        #expect(try CLIProcess.run(["status", "distribution", "Status=ダウンロード中"]).status == 1)
    }

    @Test("notice check and job init of a notice with two different 発行先: refused (exit 1)")
    func twoIssuedTo() throws {
        let folder = try CLIProcess.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let root = folder.appendingPathComponent("t").path
        #expect(try CLIProcess.bounded(["terminal", "sandbox", root]).status == 0)
        let notice = root + "/Users/OqsComApp/Desktop/通知書.txt"
        let text = try String(contentsOfFile: notice, encoding: .utf8) + "発行先\t0110113719\n"
        try Data(text.utf8).write(to: URL(fileURLWithPath: notice))
        let checked = try CLIProcess.bounded(["notice", "check", notice, "--new-code", "1310110049", "--json"])
        #expect(checked.status == 1)
        #expect(checked.standardOutput.contains("notice.conflictingRows"))
        let created = try CLIProcess.bounded([
            "job", "init", "--terminal", root, "--old-code", "0110113719", "--new-code", "1310110049", "--notice",
            notice,
        ])
        #expect(created.status == 1)
        #expect(!FileManager.default.fileExists(atPath: root + "/.succession/job.json"))
    }

    @Test("notice check of a UTF-8 notice with one Shift-JIS line names that line")
    func mixedEncodingNotice() throws {
        let folder = try CLIProcess.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let file = folder.appendingPathComponent("notice.txt")
        var bytes = Array("電子証明書取得に関する情報\n発行先\t1310110049\n".utf8)
        bytes += try #require("端末名称\t総合受付\n".data(using: .shiftJIS))
        try Data(bytes).write(to: file)
        let result = try CLIProcess.bounded(["notice", "check", file.path, "--new-code", "1310110049", "--lang", "en"])
        #expect(result.status == 2)
        #expect(result.standardError.contains("Line 3"), "\(result.standardError)")
    }

    @Test(
        "status distribution refuses an impossible or past 再開予定時刻",
        arguments: ["2026/13/45 99:99", "2020/01/01 09:00"]
    )
    func resumeTimes(_ time: String) throws {
        let result = try CLIProcess.bounded([
            "status", "distribution", "Status=サーバー接続の定期実行待ち [再開予定時刻：\(time)]", "--json",
        ])
        #expect(result.status == 1)
        #expect(result.standardOutput.contains("distribution.resumeTime"))
    }

    /// The sandbox notice's rows as JSON, 発行先 twice: the old code, then the new.
    private func duplicateKeyNotice(_ root: String) throws -> String {
        let text = try String(contentsOfFile: root + "/Users/OqsComApp/Desktop/通知書.txt", encoding: .utf8)
        var members: [String] = []
        for line in text.split(separator: "\n") {
            let cells = line.split(separator: "\t", maxSplits: 1)
            guard cells.count == 2 else { continue }
            if cells[0] == "発行先" { members.append(#""発行先": "0110113719""#) }
            members.append("\"\(cells[0])\": \"\(cells[1])\"")
        }
        let path = root + "/notice.json"
        try Data(("{" + members.joined(separator: ",\n") + "}\n").utf8).write(to: URL(fileURLWithPath: path))
        return path
    }

    @Test("21: notice check and job init refuse a JSON notice with 発行先 twice (old, then new): exit 1, nothing created")
    func duplicateKeyRefused() throws {
        let folder = try CLIProcess.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let root = try CLIProcess.sandbox(in: folder, job: false)
        let notice = try duplicateKeyNotice(root)
        let checked = try CLIProcess.bounded(
            ["notice", "check", notice, "--new-code", "1310110049", "--json"],
            seconds: 60
        )
        #expect(checked.status == 1)
        #expect(checked.standardOutput.contains("notice.duplicateKey"))
        let japanese = try CLIProcess.run(
            ["notice", "check", notice, "--new-code", "1310110049"],
            environment: ["LANG": "ja_JP.UTF-8"]
        )
        #expect(japanese.status == 1)
        #expect((japanese.standardOutput + japanese.standardError).contains("2回あります"))
        let created = try CLIProcess.bounded(
            [
                "job", "init", "--terminal", root, "--old-code", "0110113719", "--new-code", "1310110049", "--notice",
                notice,
            ],
            seconds: 60
        )
        #expect(created.status == 1)
        #expect(!FileManager.default.fileExists(atPath: root + "/.succession/job.json"))
    }
}
