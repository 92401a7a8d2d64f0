import Foundation
import SuccessionKit
import Testing

@testable import succession_cli

/// One exit-status policy for every command: 2 for bad usage or an input that cannot be read
/// or written, 1 for a check that failed.
@Suite("Exit statuses")
struct ExitStatusTests {
    /// Every code the library declares: its catalog holds exactly those (the library's
    /// ProblemTests read the declarations from the sources and compare both ways).
    static let declaredCodes = MessageCatalog.library.entries.keys.sorted { $0.rawValue < $1.rawValue }

    @Test(
        "Every code has one status: every file.* code, a damaged state file and a bad answer script exit 2, the rest 1"
    )
    func everyCode() {
        #expect(Self.declaredCodes.count > 100)
        for code in Self.declaredCodes {
            let input =
                code.rawValue.hasPrefix("file.") || code == .terminalStateDamaged || code == .attendedScript
            #expect(ExitStatus.of(code) == (input ? 2 : 1), "\(code)")
        }
        #expect(ExitStatus.of(SuccessionError([Problem(.fileExists), Problem(.codeLength)])) == 2)
    }

    @Test("file.exists exits 2 from every command that writes a new file")
    func fileExistsEverywhere() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("exit-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let existing = folder.appendingPathComponent("existing").path
        try "keep me\n".write(toFile: existing, atomically: true, encoding: .utf8)
        let passphrase = folder.appendingPathComponent("passphrase").path
        try "a long new passphrase 42\n".write(toFile: passphrase, atomically: true, encoding: .utf8)
        let commands: [[String]] = [
            ["cert", "rewrap", CertCommandTests.fixture("new-modern.p12"), "--out", existing]
                + ["--new-pin-file", passphrase],
            ["accounts", "csv", "--code", "1340110049", "--out", existing],
            ["password", "generate", "--out", existing],
        ]
        for arguments in commands {
            let result = try CLIProcess.run(arguments, environment: CertCommandTests.pinEnvironment)
            #expect(result.status == 2, "\(arguments.prefix(2))")
            #expect(try String(contentsOfFile: existing, encoding: .utf8) == "keep me\n")
        }
    }

    @Test(
        "A mistyped code is refused while the command line is checked: before any PIN is asked, in the person's language, status 2"
    )
    func codeShapeInValidate() throws {
        for arguments in [
            ["cert", "verify", "/nonexistent.p12", "--new-code", "131011004O"],
            ["cert", "pick", "/nonexistent", "--new-code", "131011004O"],
            ["job", "init", "--terminal", "/nonexistent", "--old-code", "0110113719", "--new-code", "131011004O"]
                + ["--notice", "/nonexistent.txt"],
            ["accounts", "check", "--code", "131011004O"],
        ] {
            // No PIN in the environment and no terminal: reaching the prompt would fail otherwise.
            let result = try CLIProcess.run(arguments + ["--lang", "ja"], environment: ["LANG": "C"])
            #expect(result.status == 2, "\(arguments.prefix(2))")
            #expect(result.standardError.contains("数字の「0」"), "\(result.standardError)")
            #expect(!result.standardError.contains("Error"), "no English frame around a Japanese message")
            #expect(!result.standardError.contains("証明書パスワード"), "no PIN was asked")
        }
    }
}
