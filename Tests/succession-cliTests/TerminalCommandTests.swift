import Foundation
import SuccessionKit
import SystemPackage
import Testing

/// `succession terminal …` on a sandbox set up through the library, as a technician would see it.
@Suite("succession terminal")
struct TerminalCommandTests {
    /// A sandbox before the succession 0110113719 → 1310110049: old certificate, old code, two readers.
    private func sandbox() throws -> URL {
        let root = try CLIProcess.temporaryFolder()
        let terminal = try Terminal.sandbox(root: FilePath(root.path))
        try SandboxCredentialStore(layout: terminal.layout).seed(
            institutionCode: "0110113719",
            loginKey: LoginKey(userName: "R0RENK01", password: AccountPassword("Link#Secret2026"))
        )
        let old = try FileBytes.read(CertCommandTests.fixture("old.p12"))
        try SandboxCertificateStore(layout: terminal.layout).seed(
            PKCS12Bundle(bytes: old, pin: CertificatePIN("1357")),
            bytes: old,
            at: Date()
        )
        try SandboxReaderBindingStore(layout: terminal.layout).seed(bound: [
            ReaderSerialNumber(rawValue: "CA0001"), ReaderSerialNumber(rawValue: "CA0002"),
        ])
        return root
    }

    private func run(
        _ arguments: [String],
        _ root: URL,
        environment: [String: String] = [:]
    ) throws -> CLIProcess.Result {
        try CLIProcess.run(arguments + ["--terminal", root.path], environment: environment)
    }

    @Test("A whole succession through the CLI: check fails with every inconsistency, then passes")
    func succession() throws {
        let root = try sandbox()
        defer { try? FileManager.default.removeItem(at: root) }
        let first = try run(["terminal", "check", "--new-code", "1310110049", "--json"], root)
        #expect(first.status == 1)
        let codes = try first.jsonLines().first?["problems"] as? [[String: Any]]
        #expect(
            Set(codes?.compactMap { $0["code"] as? String } ?? []) == [
                "terminal.noNewCertificate", "terminal.leftoverCertificate", "terminal.credentialCode",
            ]
        )

        #expect(try run(["terminal", "certs", "remove-old", "--new-code", "1310110049"], root).status == 0)
        let initialize = try run(["terminal", "readers", "initialize"], root)
        #expect(initialize.status == 1, "two readers need --yes")
        #expect(initialize.standardOutput.contains("2"))
        #expect(try run(["terminal", "readers", "initialize", "--yes"], root).status == 0)
        let install = try run(
            [
                "terminal", "certs", "install", CertCommandTests.fixture("new-modern.p12"), "--new-code", "1310110049",
                "--old-code", "0110113719",
            ],
            root,
            environment: ["SUCCESSION_PIN": "1357"]
        )
        #expect(install.status == 0)
        #expect(try run(["terminal", "credentials", "set-code", "1310110049"], root).status == 0)
        for serial in ["CA0001", "CA0002"] {
            let add = try run(
                ["terminal", "readers", "add", serial],
                root,
                environment: ["SUCCESSION_FACE_PASSWORD": "Face#2026abcd"]
            )
            #expect(add.status == 0)
            #expect(add.standardOutput.contains("接続中"))
        }
        #expect(try run(["terminal", "check", "--new-code", "1310110049"], root).status == 0)
        let show = try run(["terminal", "credentials", "show"], root)
        #expect(show.standardOutput.contains("1310110049"))
        #expect(!show.standardOutput.contains("Link#Secret2026"), "the login key's password is never shown")
    }

    @Test("Refusals: an invalid code (NG, 1), a connected reader (1), a certificate that fails verification (1)")
    func refusals() throws {
        let root = try sandbox()
        defer { try? FileManager.default.removeItem(at: root) }
        let setCode = try run(["terminal", "credentials", "set-code", "13101100O9", "--lang", "en"], root)
        #expect(setCode.status == 1)
        #expect(setCode.standardOutput.contains("NG"), "a bad code is told as NG: \(setCode.standardOutput)")
        let remove = try run(["terminal", "readers", "remove", "CA0001", "--json"], root)
        #expect(remove.status == 1)
        #expect(
            (try remove.jsonLines().first?["problems"] as? [[String: Any]])?.first?["code"] as? String
                == "reader.connected"
        )
        let install = try run(
            ["terminal", "certs", "install", CertCommandTests.fixture("expired.p12"), "--new-code", "1310110049"],
            root,
            environment: ["SUCCESSION_PIN": "1357"]
        )
        #expect(install.status == 1)
        #expect(try run(["terminal", "readers", "plug", "CA0001", "--out"], root).status == 0)
        #expect(try run(["terminal", "readers", "remove", "CA0001"], root).status == 0)
    }

    @Test("archive list and restore bring back ReaderInfo.ini byte for byte")
    func archiveRestore() throws {
        let root = try sandbox()
        defer { try? FileManager.default.removeItem(at: root) }
        let readerInfo = root.appendingPathComponent("ProgramData/OQS-Auth/ReaderInfo.ini")
        let original = try Data(contentsOf: readerInfo)
        #expect(try run(["terminal", "readers", "initialize", "--yes"], root).status == 0)
        let list = try run(["terminal", "archive", "list", "--json"], root)
        let entries = try #require(try list.jsonLines().first?["entries"] as? [[String: Any]])
        let id = try #require(
            entries.first { ($0["originalPath"] as? String)?.hasSuffix("ReaderInfo.ini") == true }?["id"] as? String
        )
        #expect(try run(["terminal", "archive", "restore", id], root).status == 0)
        #expect(try Data(contentsOf: readerInfo) == original)
        #expect(try run(["terminal", "archive", "restore", "nope"], root).status == 1)
    }

    @Test("Two concurrent terminal sandbox DIR, four rounds: one succeeds, the other is refused; one old certificate")
    func concurrentSandboxes() throws {
        let folder = try CLIProcess.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        for round in 0..<4 {
            let root = folder.appendingPathComponent("t\(round)").path
            let out = folder.appendingPathComponent("out\(round)").path
            _ = try CLIProcess.shell(
                "(\"$S\" terminal sandbox '\(root)' > /dev/null 2>&1; echo $? > '\(out).a') & "
                    + "(\"$S\" terminal sandbox '\(root)' > /dev/null 2>&1; echo $? > '\(out).b') & wait"
            )
            let statuses = try ["a", "b"].map {
                try String(contentsOfFile: out + "." + $0, encoding: .utf8).trimmingCharacters(
                    in: .whitespacesAndNewlines
                )
            }
            #expect(statuses.sorted() == ["0", "2"], "round \(round): \(statuses)")
            let personal = try FileManager.default.contentsOfDirectory(
                atPath: root + "/.succession/certificates/personal"
            )
            #expect(personal.filter { $0.hasSuffix(".p12") }.count == 1, "round \(round)")
        }
    }
}
