import Foundation
import Testing

@testable import SuccessionKit
@testable import succession_cli

/// `succession cert …` run as a built binary, on the fixtures of make-fixtures.sh.
@Suite("succession cert")
struct CertCommandTests {
    /// The fixtures folder, found from this source file (the CLI tests have no resources).
    static let fixtures = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("SuccessionKitTests/Fixtures")

    static func fixture(_ name: String) -> String { fixtures.appendingPathComponent(name).path }

    static let pinEnvironment = ["SUCCESSION_PIN": "1357"]

    @Test("inspect --json prints one object with the documented keys; exit 0")
    func inspectJSON() throws {
        let result = try CLIProcess.run(
            ["cert", "inspect", Self.fixture("new-legacy.p12"), "--json"],
            environment: Self.pinEnvironment
        )
        #expect(result.status == 0)
        let object = try #require(try result.jsonLines().first)
        for key in [
            "subject", "issuer", "serial", "notBefore", "notAfter", "sha256", "institutionCode",
            "keyMatchesCertificate",
            "algorithms", "problems",
        ] {
            #expect(object.keys.contains(key), "missing \(key)")
        }
        #expect(object["institutionCode"] as? String == "1310110049")
        #expect(object["notBefore"] as? String == "2025-01-01T00:00:00Z")
        #expect((object["sha256"] as? String)?.count == 64)
        #expect((object["subject"] as? String)?.contains("総合受付") == true)
        let algorithms = try #require(object["algorithms"] as? [String: Any])
        #expect(algorithms["macDigest"] as? String == "sha1")
        #expect(algorithms["legacy"] as? Bool == true)
    }

    @Test(
        "Failed checks exit 1 with the stable code",
        arguments: [
            ("new-modern.p12", "0000", "pkcs12.wrongPIN"),
            ("truncated.p12", "1357", "pkcs12.malformed"),
            ("unsupported.p12", "1357", "pkcs12.unsupportedAlgorithm"),
            ("key-only.p12", "1357", "pkcs12.noCertificate"),
            ("cert-only.p12", "1357", "pkcs12.noPrivateKey"),
            ("key-mismatch.p12", "1357", "pkcs12.keyMismatch"),
        ]
    )
    func inspectFailures(_ name: String, pin: String, code: String) throws {
        let result = try CLIProcess.run(
            ["cert", "inspect", Self.fixture(name), "--json"],
            environment: ["SUCCESSION_PIN": pin]
        )
        #expect(result.status == 1)
        let problems = try #require(try result.jsonLines().first?["problems"] as? [[String: Any]])
        #expect(problems.first?["code"] as? String == code)
    }

    @Test("A certificate valid from 2026/11/28 00:00 JST reads as 2026/11/28 to people, 2026-11-27T15:00:00Z in JSON")
    func midnightInJapan() throws {
        let text = try CLIProcess.run(
            ["cert", "inspect", Self.fixture("midnight-jst.p12"), "--lang", "ja"],
            environment: Self.pinEnvironment
        )
        #expect(text.status == 0)
        #expect(text.standardOutput.contains("2026/11/28 00:00 〜 2036/11/28 00:00"))
        #expect(!text.standardOutput.contains("2026-11-27"))
        let early = try CLIProcess.run(
            ["cert", "verify", Self.fixture("midnight-jst.p12"), "--new-code", "1310110049", "--at", "2026/11/27"]
                + ["--lang", "ja"],
            environment: Self.pinEnvironment
        )
        #expect(early.status == 1)
        #expect(early.standardOutput.contains("有効期間は 2026/11/28 から"), "\(early.standardOutput)")
        #expect(early.standardOutput.contains("2026/11/27 にはまだ"))
        #expect(!early.standardOutput.contains("T15:00"))
        let onTheDay = try CLIProcess.run(
            ["cert", "verify", Self.fixture("midnight-jst.p12"), "--new-code", "1310110049", "--at", "2026/11/28"],
            environment: Self.pinEnvironment
        )
        #expect(onTheDay.status == 0, "valid from the first moment of 2026/11/28 in Japan")
        let json = try CLIProcess.run(
            ["cert", "inspect", Self.fixture("midnight-jst.p12"), "--json"],
            environment: Self.pinEnvironment
        )
        #expect(try json.jsonLines().first?["notBefore"] as? String == "2026-11-27T15:00:00Z")
    }

    @Test("An unreadable file exits 2 with file.unreadable's message")
    func unreadable() throws {
        let result = try CLIProcess.run(["cert", "inspect", "/nonexistent/x.p12"], environment: Self.pinEnvironment)
        #expect(result.status == 2)
        #expect(result.standardError.contains("Cannot read the file"))
    }

    @Test(
        "verify: each rule from the CLI",
        arguments: [
            ("new-modern.p12", 0, nil),
            ("old.p12", 1, "cert.oldCode"),
            ("expired.p12", 1, "cert.expired"),
            ("other-issuer.p12", 1, "cert.issuer"),
        ] as [(String, Int32, String?)]
    )
    func verify(_ name: String, status: Int32, code: String?) throws {
        let result = try CLIProcess.run(
            [
                "cert", "verify", Self.fixture(name), "--new-code", "1310110049", "--old-code", "0110113719", "--at",
                "2026-11-25", "--ca", Self.fixture("ca.pem"), "--json",
            ],
            environment: Self.pinEnvironment
        )
        #expect(result.status == status)
        let problems = try #require(try result.jsonLines().first?["problems"] as? [[String: Any]])
        #expect(problems.first?["code"] as? String == code)
    }

    @Test("verify without --ca says plainly that only the issuer's name was compared; with a forged root, --ca refuses")
    func trustAnchor() throws {
        let arguments = ["cert", "verify", "--new-code", "1310110049", "--at", "2026-11-25", "--lang", "en"]
        let plain = try CLIProcess.run(arguments + [Self.fixture("new-modern.p12")], environment: Self.pinEnvironment)
        #expect(plain.status == 0)
        #expect(plain.standardOutput.contains("not verified against the real root"))
        let forged = try CLIProcess.run(
            arguments + [Self.fixture("forged-issuer.p12"), "--ca", Self.fixture("ca.pem"), "--json"],
            environment: Self.pinEnvironment
        )
        #expect(forged.status == 1)
        #expect(forged.standardOutput.contains("cert.untrusted"))
        let notAnchor = try CLIProcess.run(
            arguments + [Self.fixture("new-modern.p12"), "--ca", Self.fixture("old.p12")],
            environment: Self.pinEnvironment
        )
        #expect(notAnchor.status == 2, "a --ca file with no certificate is bad input")
        #expect(notAnchor.standardError.contains("holds no certificate (PEM or DER)"))
        let swapped = try CLIProcess.run(
            arguments + [Self.fixture("forged-chain.p12"), "--json"],
            environment: Self.pinEnvironment
        )
        #expect(swapped.status == 1)
        #expect(swapped.standardOutput.contains("cert.signature"))
    }

    @Test("verify: an invalid --new-code is a usage error (2) explained by the code's own message")
    func invalidNewCode() throws {
        let result = try CLIProcess.run(
            ["cert", "verify", Self.fixture("new-modern.p12"), "--new-code", "131011004O", "--lang", "en"],
            environment: Self.pinEnvironment
        )
        #expect(result.status == 2)
        #expect(result.standardError.contains("did you mean the digit 0"))
    }

    @Test("The PIN is never taken from argv: --pin is a usage error")
    func noPINInArgv() throws {
        let result = try CLIProcess.run(["cert", "inspect", Self.fixture("new-modern.p12"), "--pin", "1357"])
        #expect(result.status == 2)
    }

    @Test("The PIN comes from --pin-file (with a line ending) and never appears in any output")
    func pinFile() throws {
        let folder = try CLIProcess.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let file = folder.appendingPathComponent("pin.txt")
        try "1357\r\n".write(to: file, atomically: true, encoding: .utf8)
        for json in [false, true] {
            let result = try CLIProcess.run(
                ["cert", "inspect", Self.fixture("new-modern.p12"), "--pin-file", file.path] + (json ? ["--json"] : [])
            )
            #expect(result.status == 0)
            #expect(!result.standardOutput.contains("1357"))
            #expect(!result.standardError.contains("1357"))
        }
    }

    @Test("Without a PIN source and without a terminal, the command says how to give one (exit 2)")
    func noPINSource() throws {
        let result = try CLIProcess.run(["cert", "inspect", Self.fixture("new-modern.p12"), "--lang", "en"])
        #expect(result.status == 2)
        #expect(result.standardError.contains("--pin-file"))
    }

    @Test(
        "recover-pin --json names the kernel that searched, the MAC digest and the kernel's ns per compression",
        arguments: ["sha1-2-0001.p12", "sha256-2-0001.p12"]
    )
    func recoverPINJSON(_ name: String) throws {
        let result = try CLIProcess.run(["cert", "recover-pin", Self.fixture("pin/" + name), "--json"])
        #expect(result.status == 0)
        let object = try #require(try result.jsonLines().first)
        #expect(object["found"] as? Bool == true)
        #expect(object["pin"] as? String == "0001")
        #expect(object["method"] as? String == "mac")
        #expect(object["digest"] as? String == String(name.prefix { $0 != "-" }))
        let kernels = ["shaExtensions", "avx2", "avx512", "openSSL", "portable"]
        #expect(kernels.contains(object["kernel"] as? String ?? ""), "\(object["kernel"] ?? "none")")
        #expect((object["nsPerCompression"] as? Double ?? 0) > 0)
    }

    @Test("pick --json: {chosen, candidates: [{path, problems}]}; exit 0 when one is chosen, 1 when none")
    func pick() throws {
        let folder = try CLIProcess.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        try FileManager.default.copyItem(
            atPath: Self.fixture("old.p12"),
            toPath: folder.appendingPathComponent("1.p12").path
        )
        try FileManager.default.copyItem(
            atPath: Self.fixture("new-modern.p12"),
            toPath: folder.appendingPathComponent("2.p12").path
        )
        let arguments = ["cert", "pick", folder.path, "--new-code", "1310110049", "--old-code", "0110113719", "--json"]
        let result = try CLIProcess.run(arguments, environment: Self.pinEnvironment)
        #expect(result.status == 0)
        let object = try #require(try result.jsonLines().first)
        #expect((object["chosen"] as? String)?.hasSuffix("2.p12") == true)
        let candidates = try #require(object["candidates"] as? [[String: Any]])
        #expect(candidates.count == 2)
        let reasons = (candidates[0]["problems"] as? [[String: Any]])?.compactMap { $0["code"] as? String }
        #expect(
            reasons == ["cert.oldCode", "cert.issuerNotVerified"],
            "without --ca only the issuer's name is compared"
        )

        try FileManager.default.removeItem(at: folder.appendingPathComponent("2.p12"))
        let none = try CLIProcess.run(arguments, environment: Self.pinEnvironment)
        #expect(none.status == 1)
        #expect(try none.jsonLines().first?["chosen"] is NSNull)
    }

    @Test("backup then rewrap from the CLI: verified copies, never overwritten, passphrases never printed")
    func backupAndRewrap() throws {
        let folder = try CLIProcess.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let passphraseFile = folder.appendingPathComponent("new.txt")
        try "a long new passphrase 42\n".write(to: passphraseFile, atomically: true, encoding: .utf8)
        let target = folder.appendingPathComponent("usb").path

        let backup = try CLIProcess.run(
            ["cert", "backup", Self.fixture("new-modern.p12"), "--to", target, "--json"],
            environment: Self.pinEnvironment
        )
        #expect(backup.status == 0)
        #expect(try backup.jsonLines().first?["alreadyPresent"] as? Bool == false)

        let out = folder.appendingPathComponent("rewrapped.p12").path
        let arguments = [
            "cert", "rewrap", Self.fixture("new-modern.p12"), "--out", out, "--new-pin-file", passphraseFile.path,
        ]
        let rewrap = try CLIProcess.run(arguments, environment: Self.pinEnvironment)
        #expect(rewrap.status == 0)
        #expect(rewrap.standardOutput.contains("sha256, 200000 iterations"))
        #expect(!rewrap.standardOutput.contains("passphrase 42"))
        let again = try CLIProcess.run(arguments, environment: Self.pinEnvironment)
        #expect(again.status == 2, "an existing --out is never overwritten")

        let reopened = try CLIProcess.run(
            ["cert", "inspect", out],
            environment: ["SUCCESSION_PIN": "a long new passphrase 42"]
        )
        #expect(reopened.status == 0)
    }

    @Test("cert inspect and cert pick of MAC-less files with 2³¹−1 bag iterations: refused at once, no hang")
    func boundedBagIterations() throws {
        for name in ["nomac-huge-pbkdf2.p12", "nomac-huge-pbe.p12", "nomac-sum-iterations.p12"] {
            let result = try CLIProcess.bounded(
                ["cert", "inspect", CertCommandTests.fixture(name), "--json"],
                environment: ["SUCCESSION_PIN": "1357"]
            )
            #expect(result.status == 1, "\(name): \(result.status)")
            #expect(result.standardOutput.contains("pkcs12.iterationsTooHigh"), "\(name)")
        }
        let folder = try CLIProcess.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        try FileManager.default.copyItem(
            atPath: CertCommandTests.fixture("nomac-huge-pbkdf2.p12"),
            toPath: folder.path + "/a.p12"
        )
        try FileManager.default.copyItem(
            atPath: CertCommandTests.fixture("new-modern.p12"),
            toPath: folder.path + "/b.p12"
        )
        let pick = try CLIProcess.bounded(
            ["cert", "pick", folder.path, "--new-code", "1310110049", "--json"],
            environment: ["SUCCESSION_PIN": "1357"]
        )
        #expect(pick.status == 0)
        #expect(pick.standardOutput.contains("pkcs12.iterationsTooHigh"))
    }

    @Test(
        "cert recover-pin --max-seconds inf, nan, 1e308, 1e16: our message, exit 2, no trap",
        arguments: ["inf", "nan", "1e308", "1e16", "-inf"]
    )
    func maxSecondsOutOfRange(_ value: String) throws {
        let result = try CLIProcess.bounded([
            "cert", "recover-pin", CertCommandTests.fixture("pin/sha256-2048-0000.p12"), "--max-seconds", value,
        ])
        #expect(result.status == 2, "\(value): \(result.status) \(result.standardError)")
        #expect(result.standardError.contains("--max-seconds"))
    }

    @Test(
        "22: recover-pin --max-seconds on a MAC of 8,388,608 iterations gives up at its limit, within the first batch"
    )
    func maxSecondsOnADeepMAC() throws {
        let file = CertCommandTests.fixture("mac-8388608.p12")
        // A batch of this file is minutes of work: only a look within the batch ends this run.
        let result = try CLIProcess.bounded(
            ["cert", "recover-pin", file, "--max-seconds", "0.5", "--json", "--threads", "1"],
            seconds: 120
        )
        #expect(result.status == 1)
        let line = try #require(try result.jsonLines().first)
        #expect(line["timedOut"] as? Bool == true)
        #expect(line["found"] as? Bool == false)
        #expect(result.standardOutput.contains("pkcs12.pinTimeLimit"))
    }

    @Test("25: recover-pin --json says which kernels were dropped: none when every one proved itself")
    func droppedKernelsInJSON() throws {
        let result = try CLIProcess.run([
            "cert", "recover-pin", CertCommandTests.fixture("pin/sha256-2-0001.p12"), "--json",
        ])
        #expect(result.status == 0)
        let line = try #require(try result.jsonLines().first)
        #expect((line["droppedKernels"] as? [Any])?.isEmpty == true, "\(result.standardOutput)")
    }

    @Test("25: a kernel that failed its proof is named in recover-pin's --json fields")
    func droppedKernelNamed() {
        var outcome = PINRecovery.Outcome(
            pin: nil,
            tried: 10_000,
            method: .mac,
            kernel: .shaExtensions,
            digest: .sha256,
            nanosecondsPerCompression: 20,
            timedOut: false
        )
        outcome.droppedKernels = [.avx512]
        let fields = CertRecoverPINCommand.searchFields(outcome)
        guard case .array(let dropped) = fields["droppedKernels"], dropped.count == 1,
            case .string(let name) = dropped[0]
        else {
            Issue.record("\(String(describing: fields["droppedKernels"]))")
            return
        }
        #expect(name == "avx512")
    }
}
