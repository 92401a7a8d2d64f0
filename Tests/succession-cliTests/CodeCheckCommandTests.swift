import Foundation
import Testing

/// `succession code check`, run as a built binary: output, JSON shape and exit statuses.
@Suite("succession code check")
struct CodeCheckCommandTests {
    @Test("Exit 0 when every code is valid; one line per code")
    func allValid() throws {
        let result = try CLIProcess.run(["code", "check", "1310110049", "１３-１-０１１００４９", "0110113719"])
        #expect(result.status == 0)
        let lines = result.standardOutput.split(separator: "\n")
        #expect(lines.count == 3)
        #expect(lines.allSatisfy { $0.hasPrefix("OK") })
        #expect(lines[0].contains("R0RENK01"))
    }

    @Test("Exit 1 when any code is invalid")
    func anyInvalid() throws {
        let result = try CLIProcess.run(["code", "check", "1310110049", "1310110042"])
        #expect(result.status == 1)
        #expect(result.standardOutput.split(separator: "\n").last?.hasPrefix("NG") == true)
    }

    @Test(
        "Exit 2 on a usage error (no codes), not ArgumentParser's 64",
        arguments: [["code", "check"], ["code", "check", "--lang", "fr", "1310110049"], ["code", "nope"]]
    )
    func usageError(_ arguments: [String]) throws {
        let result = try CLIProcess.run(arguments)
        #expect(result.status == 2)
        #expect(!result.standardError.isEmpty)
    }

    @Test("Exit 2 on an unreadable file, with the reason in the person's language")
    func unreadableFile() throws {
        let english = try CLIProcess.run(["code", "check", "--file", "/nonexistent/list.csv"])
        #expect(english.status == 2)
        #expect(english.standardError.contains("Cannot read the file '/nonexistent/list.csv'"))
        let japanese = try CLIProcess.run(["code", "check", "--file", "/nonexistent/list.csv", "--lang", "ja"])
        #expect(japanese.standardError.contains("を読めません"))
    }

    @Test("--help exits 0 and says nothing of what is missing")
    func help() throws {
        for flag in ["--help", "-h"] {
            let result = try CLIProcess.run(["code", "check", flag])
            #expect(result.status == 0)
            #expect(result.standardOutput.contains("--file"))
            #expect(result.standardError.isEmpty, "asking for help is no usage error: \(result.standardError)")
        }
    }

    @Test(
        "Every error kind is reachable from the CLI, in Japanese and English",
        arguments: [
            ("", "code.empty", "入力されていません", "No code was entered"),
            ("131011004", "code.length", "10桁です", "has 10 digits"),
            ("13101100O9", "code.character", "数字の「0」ではありませんか", "did you mean the digit 0"),
            ("4810110365", "code.prefecture", "都道府県番号", "prefecture number"),
            ("0150113719", "code.kind", "点数表番号", "fee-schedule number"),
            ("1310110042", "code.checkDigit", "「9」のはず", "would be 9"),
            ("1234567890", "code.sample", "見本", "manual's sample"),
        ]
    )
    func errorKinds(_ input: String, code: String, japanese: String, english: String) throws {
        let ja = try CLIProcess.run(["code", "check", "--json", "--lang", "ja", "--", input])
        #expect(ja.status == 1)
        let record = try #require(try ja.jsonLines().first)
        let problems = try #require(record["problems"] as? [[String: Any]])
        let problem = try #require(problems.first { $0["code"] as? String == code })
        #expect((problem["message"] as? String)?.contains(japanese) == true)

        let en = try CLIProcess.run(["code", "check", "--lang", "en", "--", input])
        #expect(en.standardOutput.contains(english))
        let textJa = try CLIProcess.run(["code", "check", "--", input], environment: ["LANG": "ja_JP.UTF-8"])
        #expect(textJa.standardOutput.contains(japanese), "LANG=ja* chooses Japanese")
    }

    @Test("--json prints one object per input with the documented keys")
    func jsonShape() throws {
        let result = try CLIProcess.run(["code", "check", "--json", "1340110049", "131011004"])
        let records = try result.jsonLines()
        #expect(records.count == 2)
        let valid = records[0]
        #expect(valid["input"] as? String == "1340110049")
        #expect(valid["valid"] as? Bool == true)
        #expect(valid["code"] as? String == "1340110049")
        let prefecture = try #require(valid["prefecture"] as? [String: Any])
        #expect(prefecture["number"] as? Int == 13)
        #expect(prefecture["name"] as? String == "東京都")
        let kind = try #require(valid["kind"] as? [String: Any])
        #expect(kind["id"] as? String == "pharmacy")
        #expect(kind["digit"] as? Int == 4)
        let terminal = try #require(valid["terminal"] as? [String: Any])
        #expect(terminal["linkageAccount"] as? String == "R1RENK01")
        #expect((valid["problems"] as? [Any])?.isEmpty == true)

        let invalid = records[1]
        #expect(invalid["valid"] as? Bool == false)
        #expect(invalid["code"] is NSNull, "no code when ten digits could not be read")
        let problem = try #require((invalid["problems"] as? [[String: Any]])?.first)
        #expect(Set(problem.keys) == ["code", "severity", "message", "values"])
    }

    @Test("--file reads one code per line or a CSV's first column, skipping a header and blank lines")
    func fileInput() throws {
        let folder = try CLIProcess.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let csv = folder.appendingPathComponent("customers.csv")
        try "医療機関コード,名称\r\n1310110049,東京クリニック\r\n\r\n\"0110113719\",札幌医院\r\n1310110042,誤り\r\n".write(
            to: csv,
            atomically: true,
            encoding: .utf8
        )
        let result = try CLIProcess.run(["code", "check", "--json", "--file", csv.path])
        #expect(result.status == 1)
        let records = try result.jsonLines()
        #expect(records.map { $0["code"] as? String } == ["1310110049", "0110113719", "1310110042"])
        #expect(records.map { $0["valid"] as? Bool } == [true, true, false])
    }

    @Test("--file - reads standard input; a Shift-JIS CSV is read too")
    func standardInputShiftJIS() throws {
        let text = "1310110049,東京クリニック\r\n"
        let data = try #require(text.data(using: .shiftJIS))
        let result = try CLIProcess.run(["code", "check", "--file", "-"], standardInput: data)
        #expect(result.status == 0)
        #expect(result.standardOutput.hasPrefix("OK  1310110049"))
    }

    @Test("A large list is checked in constant memory: 20× more lines, about the same peak memory")
    func constantMemory() throws {
        let folder = try CLIProcess.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        func peakKilobytes(lines: Int) throws -> Int {
            let url = folder.appendingPathComponent("codes-\(lines).txt")
            var text = ""
            text.reserveCapacity(lines * 11)
            for index in 0..<lines { text += index % 2 == 0 ? "1310110049\n" : "0110113719\n" }
            try text.write(to: url, atomically: true, encoding: .utf8)
            // Python's getrusage reports the peak resident size of its one child, in KiB.
            let script = """
                import resource, subprocess, sys
                status = subprocess.run(sys.argv[1:], stdout=subprocess.DEVNULL).returncode
                print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss if status == 0 else -1)
                """
            let result = try CLIProcess.run(
                [
                    "/usr/bin/env", "python3", "-c", script, CLIProcess.executable.path, "code", "check", "--file",
                    url.path,
                ],
                viaShell: true
            )
            return Int(result.standardOutput.trimmingCharacters(in: .whitespacesAndNewlines)) ?? 0
        }
        let small = try peakKilobytes(lines: 10_000)
        let large = try peakKilobytes(lines: 200_000)
        #expect(small > 0 && large > 0)
        #expect(large - small < 8 * 1024, "peak memory grew by \(large - small) KiB")
    }
}
