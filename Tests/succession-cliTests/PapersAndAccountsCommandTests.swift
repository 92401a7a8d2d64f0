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
}
