import Foundation
import SuccessionKit
import SuccessionKitSandbox
import Synchronization
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

    static let pins = ["0000", "0001", "5000", "7777", "9999"]

    /// `recover` with `kernel` finds each of ``pins`` in the `digest` MAC files of `iterations`
    /// iterations. Two iterations: over the whole space, through the public API. Deeper counts:
    /// over the batch holding the PIN and the one before it, aligned as the whole search aligns
    /// them, so the PIN sits in the same lane of the same kernel pass — at 10,000 iterations a
    /// whole-space search per PIN and kernel would take minutes in a debug build.
    static func expectFindsEveryPIN(_ kernel: PINRecovery.Kernel, _ digest: String, _ iterations: Int) throws {
        let batch = PINRecovery.batchSize
        for pin in pins {
            let bytes = try Fixture.bytes("pin/\(digest)-\(iterations)-\(pin).p12")
            let result: PINRecovery.Outcome
            if iterations == 2 {
                result = try PINRecovery.recover(bytes, kernel: kernel)
            } else {
                let start = max(0, (Int(pin) ?? 0) / batch * batch - batch)
                result = try PINRecovery.recover(
                    bytes,
                    candidates: start..<min(start + 2 * batch, 10_000),
                    kernel: kernel
                )
            }
            #expect(result.pin?.revealedDigits == pin, "\(kernel), \(digest), \(iterations) iterations")
            #expect(result.method == .mac)
            let macDigest = try #require(PINRecovery.MACDigest(rawValue: digest))
            #expect(result.kernel == (kernel == .automatic ? PINRecovery.fastestKernel(for: macDigest) : kernel))
            #expect(result.digest == macDigest)
            #expect((result.nanosecondsPerCompression ?? 0) > 0)
        }
    }

    @Test(
        "Portable C finds 0000, 0001, 5000, 7777 and 9999 in SHA-256 and SHA-1 MAC files of 1, 2, 2,048 and 10,000 iterations",
        arguments: ["sha256", "sha1"],
        [1, 2, 2048, 10000]
    )
    func portableFindsEveryPIN(_ digest: String, _ iterations: Int) throws {
        try Self.expectFindsEveryPIN(.portable, digest, iterations)
    }

    @Test(
        "OpenSSL's compression loop finds every PIN of the matrix",
        arguments: ["sha256", "sha1"],
        [1, 2, 2048, 10000]
    )
    func openSSLFindsEveryPIN(_ digest: String, _ iterations: Int) throws {
        try Self.expectFindsEveryPIN(.openSSL, digest, iterations)
    }

    @Test(
        "The SHA extensions find every PIN of the matrix",
        .enabled(if: PINRecovery.Kernel.shaExtensions.isAvailable, "SHA-NI not available on this CPU"),
        arguments: ["sha256", "sha1"],
        [1, 2, 2048, 10000]
    )
    func shaExtensionsFindEveryPIN(_ digest: String, _ iterations: Int) throws {
        try Self.expectFindsEveryPIN(.shaExtensions, digest, iterations)
    }

    @Test(
        "AVX2 (8 lanes) finds every PIN of the matrix",
        .enabled(if: PINRecovery.Kernel.avx2.isAvailable, "AVX2 not available on this CPU"),
        arguments: ["sha256", "sha1"],
        [1, 2, 2048, 10000]
    )
    func avx2FindsEveryPIN(_ digest: String, _ iterations: Int) throws {
        try Self.expectFindsEveryPIN(.avx2, digest, iterations)
    }

    @Test(
        "AVX-512 (16 lanes) finds every PIN of the matrix",
        .enabled(if: PINRecovery.Kernel.avx512.isAvailable, "AVX-512 not available on this CPU"),
        arguments: ["sha256", "sha1"],
        [1, 2, 2048, 10000]
    )
    func avx512FindsEveryPIN(_ digest: String, _ iterations: Int) throws {
        try Self.expectFindsEveryPIN(.avx512, digest, iterations)
    }

    @Test(
        "The measured fastest (automatic) finds every PIN of the matrix",
        arguments: ["sha256", "sha1"],
        [1, 2, 2048, 10000]
    )
    func automaticFindsEveryPIN(_ digest: String, _ iterations: Int) throws {
        try Self.expectFindsEveryPIN(.automatic, digest, iterations)
    }

    @Test(
        "Kernels are timed once per process: every kernel this CPU runs, fastest first; automatic is the fastest",
        arguments: PINRecovery.MACDigest.allCases
    )
    func measuredOnce(_ digest: PINRecovery.MACDigest) throws {
        let speeds = PINRecovery.kernelSpeeds(for: digest)
        #expect(Set(speeds.map(\.kernel)) == Set(PINRecovery.Kernel.available))
        #expect(speeds.map(\.nanosecondsPerCompression) == speeds.map(\.nanosecondsPerCompression).sorted())
        #expect(speeds.allSatisfy { $0.nanosecondsPerCompression > 0 })
        #expect(PINRecovery.kernelSpeeds(for: digest) == speeds, "measured once, not again")
        #expect(PINRecovery.fastestKernel(for: digest) == speeds.first?.kernel)
        let result = try PINRecovery.recover(Fixture.bytes("pin/\(digest.rawValue)-2-0001.p12"))
        #expect(result.kernel == speeds.first?.kernel)
        #expect(result.nanosecondsPerCompression == speeds.first?.nanosecondsPerCompression)
    }

    @Test(
        "Candidate counts that are no multiple of a kernel's lanes (7, 13, 16, 17, 9,999) are searched whole",
        arguments: [7761..<7778, 7765..<7778, 7762..<7778, 7771..<7778, 1..<10_000]
    )
    func oddCandidateCounts(_ candidates: Range<Int>) throws {
        let bytes = try Fixture.bytes("pin/sha1-2-7777.p12")
        for kernel in PINRecovery.Kernel.available {
            let result = try PINRecovery.recover(bytes, candidates: candidates, kernel: kernel)
            #expect(result.pin?.revealedDigits == "7777", "\(kernel), \(candidates.count) candidates")
        }
        let none = try PINRecovery.recover(bytes, candidates: candidates.lowerBound..<7777, threads: 1)
        #expect(none.pin == nil && none.tried == 7777 - candidates.lowerBound, "every candidate tried once")
    }

    @Test("A kernel this CPU lacks is never run: the search takes the measured fastest and says so")
    func missingKernel() throws {
        let missing = PINRecovery.Kernel.allCases.filter { !$0.isAvailable }
        #expect(!missing.contains(.automatic) && !missing.contains(.openSSL) && !missing.contains(.portable))
        for kernel in missing {
            let result = try PINRecovery.recover(Fixture.bytes("pin/sha256-2-0001.p12"), kernel: kernel)
            #expect(result.pin?.revealedDigits == "0001")
            #expect(result.kernel == PINRecovery.fastestKernel(for: .sha256), "\(kernel) asked for")
        }
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
    func hugeIterations() async throws {
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
    func damaged() async throws {
        #expect(throws: SuccessionError(.pkcs12Malformed)) { try PINRecovery.recover(Fixture.bytes("truncated.p12")) }
    }

    @Test("A cancelled task's search stops within a batch and says it was cancelled")
    func cancellation() async throws {
        // 10,000 iterations and the PIN near the end: the whole search would take long here.
        let bytes = try Fixture.bytes("pin/sha256-10000-9999.p12")
        let search = Task { try await PINRecovery.recover(bytes, threads: 1, kernel: .portable) }
        try await Task.sleep(for: .milliseconds(300))
        search.cancel()
        let outcome = try await search.value
        #expect(outcome.cancelled)
        #expect(outcome.pin == nil)
        #expect(outcome.tried < 10_000)
    }

    /// A deadline that has passed from its `passedFrom`-th look on, and counts the looks: a
    /// search is stopped by looks, never by a clock the test would have to wait for.
    final class CountingDeadline: Sendable {
        let looks = Mutex(0)
        let passedFrom: Int

        init(passedFrom: Int) { self.passedFrom = passedFrom }

        var deadline: SearchDeadline {
            SearchDeadline { [self] in
                looks.withLock { count in
                    count += 1
                    return count >= passedFrom
                }
            }
        }
    }

    @Test(
        "22: the deadline is looked at within a batch: a MAC of 8,388,608 iterations stops after one slice, no batch finished"
    )
    func deadlineWithinBatch() throws {
        let bytes = try Fixture.bytes("mac-8388608.p12")
        // Look 1: before the first batch; look 2: before its first slice; look 3: past.
        let counter = CountingDeadline(passedFrom: 3)
        let outcome = try PINRecovery.recover(bytes, candidates: 0..<10_000, threads: 1, deadline: counter.deadline)
        #expect(outcome.timedOut)
        #expect(outcome.pin == nil)
        #expect(outcome.tried == 0, "no batch of 48 derivations of 8,388,608 iterations was run to its end first")
        let looks = counter.looks.withLock { $0 }
        #expect(looks == 3, "stopped at the first look after the deadline passed")
        // What ran before the stop: one slice, against the batch's 48 × 8,388,608 compressions.
        let done = PINRecovery.compressionsPerCheck * (looks - 2)
        #expect(done * 100 < 8_388_608 * PINRecovery.batchSize, "\(done) compressions")
    }

    @Test("22: the estimate of a deep MAC derives nothing: it is the measured speed times the file's compressions")
    func estimateOfADeepMAC() throws {
        let bytes = try Fixture.bytes("mac-8388608.p12")
        let estimate = try PINRecovery.estimate(bytes, threads: 1)
        let speed = try #require(PINRecovery.kernelSpeeds(for: .sha256).first?.nanosecondsPerCompression)
        let seconds = Double(estimate.components.seconds) + Double(estimate.components.attoseconds) / 1e18
        let expected = speed * 8_388_608 * 10_000 / 1e9
        #expect(seconds >= expected && seconds < expected * 1.01, "\(seconds) s for \(expected) s")
    }
}
