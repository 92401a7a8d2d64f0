import Foundation
import SuccessionKit
import SuccessionKitSandbox
import Testing

/// Recovering the forgotten 4-digit PIN of one's own file (【工事手順⑥】: a forgotten 証明書パスワード means a paid re-issue).
@Suite("PINRecovery")
struct PINRecoveryTests {
    static let factory = Result { try CertificateFactory() }

    private func file(pin: String, legacy: Bool) throws -> [UInt8] {
        let code = try MedicalInstitutionCode(parsing: "1310110049")
        let now = Date()
        return try Self.factory.get().makePKCS12(
            code: code,
            pin: CertificatePIN(pin),
            start: now,
            end: now.addingTimeInterval(86_400),
            legacy: legacy
        )
    }

    @Test("The MAC path finds the PIN of a SHA-256 file and a SHA-1 (legacy) file", arguments: [false, true])
    func macPath(_ legacy: Bool) throws {
        let result = try PINRecovery.recover(file(pin: "0042", legacy: legacy))
        #expect(result.pin?.revealedDigits == "0042")
        #expect(result.method == .mac)
        #expect(result.tried < 10_000, "the search stops at the first match")
    }

    @Test(
        "The kernel finds 0000, 0001, 5000 and 9999 in SHA-256 and SHA-1 MAC files of 1, 2,048 and 10,000 iterations",
        arguments: ["sha256", "sha1"],
        [1, 2048, 10000]
    )
    func pinMatrix(_ digest: String, _ iterations: Int) throws {
        for pin in ["0000", "0001", "5000", "9999"] {
            let bytes = try Fixture.bytes("pin/\(digest)-\(iterations)-\(pin).p12")
            let result = try PINRecovery.recover(bytes)
            #expect(result.pin?.revealedDigits == pin, "\(digest), \(iterations) iterations")
            #expect(result.method == .mac)
            #expect(result.kernel == PINRecovery.Kernel.best)
        }
    }

    @Test(
        "Every kernel — SHA extensions, portable C, OpenSSL — finds the worst case, 9999",
        arguments: ["sha256", "sha1"],
        PINRecovery.Kernel.allCases
    )
    func everyKernel(_ digest: String, _ kernel: PINRecovery.Kernel) throws {
        // Two iterations: the search's shape (prefix, P, padding, then one kernel round) for every
        // candidate, cheaply.
        let bytes = try Fixture.bytes("pin/\(digest)-2-9999.p12")
        let result = try PINRecovery.recover(bytes, kernel: kernel)
        #expect(result.pin?.revealedDigits == "9999")
        #expect(result.kernel == (kernel == .automatic ? PINRecovery.Kernel.best : kernel))
    }

    @Test("Any iteration count: a re-wrapped file with a 4-digit passphrase and 10,000 iterations")
    func iterations() throws {
        let bundle = try Fixture.open("new-modern.p12")
        let bytes = try bundle.rewrapped(passphrase: CertificatePIN("0007"), iterations: 10_000)
        #expect(try PINRecovery.recover(bytes).pin?.revealedDigits == "0007")
    }

    @Test("Another MAC digest (SHA-512) goes through OpenSSL's own check")
    func otherDigest() throws {
        let result = try PINRecovery.recover(Fixture.bytes("sha512mac-0042.p12"))
        #expect(result.pin?.revealedDigits == "0042")
        #expect(result.method == .openSSLMAC)
    }

    @Test("A file without a MAC is searched by decryption")
    func noMAC() throws {
        let result = try PINRecovery.recover(Fixture.bytes("nomac.p12"), threads: 2)
        #expect(result.pin?.revealedDigits == "1357")
        #expect(result.method == .decryption)
    }

    @Test("A passphrase that is not 4 digits is not found after the whole space")
    func notFound() throws {
        let bytes = try Fixture.open("new-modern.p12").rewrapped(passphrase: CertificatePIN("not a pin"), iterations: 1)
        let result = try PINRecovery.recover(bytes)
        #expect(result.pin == nil)
        #expect(result.tried == 10_000)
    }

    @Test("A MAC iteration count of 2³¹−1 is refused before any derivation, by the opener and by the search")
    func hugeIterations() throws {
        let bytes = try Fixture.bytes("huge-iterations.p12")
        #expect(throws: SuccessionError(.pkcs12IterationsTooHigh)) {
            try PKCS12Bundle(bytes: bytes, pin: CertificatePIN("0000"))
        }
        #expect(throws: SuccessionError(.pkcs12IterationsTooHigh)) { try PINRecovery.recover(bytes) }
    }

    @Test("A long search tells its estimate first and gives up cleanly at its time limit")
    func estimateAndTimeLimit() throws {
        let bytes = try Fixture.bytes("pin/sha256-10000-9999.p12")
        let estimate = try PINRecovery.estimate(bytes)
        #expect(estimate > .milliseconds(100), "10,000 × 10,000 compressions are not instant: \(estimate)")
        let result = try PINRecovery.recover(bytes, timeLimit: .milliseconds(200))
        #expect(result.timedOut)
        #expect(result.pin == nil)
        #expect(result.tried < 10_000)
    }

    @Test("A damaged file is reported, not searched")
    func damaged() throws {
        #expect(throws: SuccessionError(.pkcs12Malformed)) { try PINRecovery.recover(Fixture.bytes("truncated.p12")) }
    }
}
