import Foundation
import SuccessionKit
import SystemPackage
import SuccessionKitSandbox
import Testing

/// Every command, run with known secrets: none of them may appear in any output, error
/// message, file written, journal or report. (Only the stores whose job is to hold a secret —
/// the credential store, the files we hand in — are not searched.)
@Suite("Secrets audit")
struct SecretsAuditTests {
    static let pin = "7193"
    static let facePassword = "Zq#Audit-9x7Lp"
    static let newPassphrase = "Rewrap*Audit*Passphrase*42"
    static let adminPassword = "Admin#Audit77"

    /// The PIN as a token of its own: four digits not inside a longer number or hex string.
    static func containsPIN(_ text: String) -> Bool {
        text.range(of: "(?<![0-9A-Fa-f])\(pin)(?![0-9A-Fa-f])", options: .regularExpression) != nil
    }

    @Test("No command shows, logs, records or writes a PIN or a password")
    func audit() async throws {
        let folder = try CLIProcess.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let root = folder.appendingPathComponent("terminal")
        let scenario = try SandboxScenario.make(
            root: FilePath(root.path),
            oldCode: MedicalInstitutionCode(parsing: "0110113719"),
            newCode: MedicalInstitutionCode(parsing: "1310110049"),
            pin: CertificatePIN(Self.pin)
        )
        let loginKeyPassword = try #require(try await scenario.terminal.credentials.loginKey()).password.revealed()
        let inputs = folder.appendingPathComponent("inputs")
        try FileManager.default.createDirectory(at: inputs, withIntermediateDirectories: true)
        let pinFile = inputs.appendingPathComponent("pin.txt")
        let passphraseFile = inputs.appendingPathComponent("new.txt")
        let faceFile = inputs.appendingPathComponent("face.txt")
        try (Self.pin + "\n").write(to: pinFile, atomically: true, encoding: .utf8)
        try (Self.newPassphrase + "\n").write(to: passphraseFile, atomically: true, encoding: .utf8)
        try (Self.facePassword + "\n").write(to: faceFile, atomically: true, encoding: .utf8)
        let downloads = root.appendingPathComponent("Users/OqsComApp/Downloads")
        let newFile = try #require(
            try FileManager.default.contentsOfDirectory(atPath: downloads.path).sorted().last.map {
                downloads.appendingPathComponent($0).path
            }
        )
        let notice = root.appendingPathComponent("Users/OqsComApp/Desktop/通知書.txt").path
        let out = folder.appendingPathComponent("out")
        let env = [
            "SUCCESSION_PIN": Self.pin, "SUCCESSION_FACE_PASSWORD": Self.facePassword,
            "SUCCESSION_NEW_PIN": Self.newPassphrase,
        ]
        let terminal = ["--terminal", root.path]
        var runs: [[String]] = [
            ["cert", "inspect", newFile], ["cert", "inspect", newFile, "--json", "--pin-file", pinFile.path],
            ["cert", "inspect", newFile, "--json"], ["cert", "inspect", newFile, "--lang", "ja"],
            ["cert", "verify", newFile, "--new-code", "1310110049", "--json"],
            ["cert", "verify", newFile, "--new-code", "0110113719"],
            ["cert", "pick", downloads.path, "--new-code", "1310110049", "--json"],
            ["cert", "pick", downloads.path, "--new-code", "1310110049"],
            ["cert", "backup", newFile, "--to", out.appendingPathComponent("backup").path],
            [
                "cert", "backup", newFile, "--to", out.appendingPathComponent("backup2").path, "--rewrap",
                "--new-pin-file", passphraseFile.path, "--json",
            ],
            ["cert", "rewrap", newFile, "--out", out.appendingPathComponent("rewrapped.p12").path],
            ["cert", "inspect", newFile, "--pin-file", passphraseFile.path],
            ["cert", "recover-pin", newFile],
            ["terminal", "credentials", "show"] + terminal, ["terminal", "credentials", "show", "--json"] + terminal,
            ["terminal", "check", "--new-code", "1310110049", "--json"] + terminal,
            ["job", "init", "--old-code", "0110113719", "--new-code", "1310110049", "--notice", notice] + terminal,
        ]
        for serial in scenario.readerSerials {
            runs.append(["terminal", "readers", "plug", serial.rawValue, "--out"] + terminal)
        }
        runs += [
            ["job", "run", "--yes"] + terminal, ["job", "confirm", "2"] + terminal,
            ["job", "run", "--yes", "--json"] + terminal,
            ["job", "confirm", "9", "--institution-code", "1310110049"] + terminal, ["job", "run", "--yes"] + terminal,
        ]
        for serial in scenario.readerSerials {
            runs.append(["terminal", "readers", "plug", serial.rawValue] + terminal)
        }
        runs += [
            ["job", "confirm", "11"] + terminal,
            ["job", "run", "--yes", "--face-password-file", faceFile.path] + terminal,
            ["job", "status", "--json"] + terminal,
            ["job", "report", "--format", "html", "--out", out.appendingPathComponent("report.html").path] + terminal,
            ["job", "report", "--format", "md"] + terminal, ["job", "report", "--format", "json"] + terminal,
            ["terminal", "archive", "list", "--json"] + terminal,
        ]
        var outputs: [String] = []
        for arguments in runs {
            let result = try CLIProcess.run(arguments, environment: env)
            outputs.append(result.standardOutput + result.standardError)
        }
        for (arguments, input) in [
            (["password", "check", "--account", "admin", "--json"], Self.adminPassword),
            (["password", "check", "--account", "face"], Self.facePassword),
        ] {
            let result = try CLIProcess.run(arguments, standardInput: Data((input + "\n").utf8))
            outputs.append(result.standardOutput + result.standardError)
        }
        // The job went through ⑫ with the face password: it must have been used, not recorded.
        let status = try CLIProcess.run(["job", "status", "--json"] + terminal).standardOutput
        #expect(
            status.contains("\"boundSerials\":[\"CAORA-000101\",\"CAORA-000102\"],\"loginName\":\"F0FACE01\""),
            "the run reached ⑫"
        )

        let passwords = [Self.facePassword, Self.newPassphrase, Self.adminPassword, loginKeyPassword]
        for (index, text) in outputs.enumerated() {
            #expect(!Self.containsPIN(text), "the PIN appears in the output of \(runs[min(index, runs.count - 1)])")
            for password in passwords {
                #expect(
                    !text.contains(password),
                    "a password appears in the output of \(runs[min(index, runs.count - 1)])"
                )
            }
        }
        // Every file written, but the credential store (and its archived copies) and our inputs.
        let enumerator = FileManager.default.enumerator(atPath: folder.path)
        var scanned = 0
        while let path = enumerator?.nextObject() as? String {
            let url = folder.appendingPathComponent(path)
            var directory: ObjCBool = false
            guard FileManager.default.fileExists(atPath: url.path, isDirectory: &directory), !directory.boolValue else {
                continue
            }
            if path.hasPrefix("inputs/") || path.hasSuffix("credentials.json") { continue }
            let text = String(decoding: try Data(contentsOf: url), as: UTF8.self)
            scanned += 1
            #expect(!Self.containsPIN(text) || path.hasSuffix(".p12"), "the PIN appears in \(path)")
            for password in passwords { #expect(!text.contains(password), "a password appears in \(path)") }
        }
        #expect(scanned > 20, "the audit looked at the files the commands wrote")
    }
}
