import CSHAKernels
import COpenSSL
import Foundation
import SuccessionKit
import Testing

/// Whether this CPU runs a kernel path (CPUID, and XGETBV for the vector registers).
private func cpuHas(_ implementation: csha_implementation) -> Bool { csha_is_available(implementation) != 0 }

/// The iterated-digest kernels of PIN recovery against OpenSSL's SHA-256 and SHA-1, on random
/// digests and iteration counts, each lane of a call on its own, on every path this CPU has. A
/// path it lacks is skipped with a message, never run.
@Suite("SHA kernels")
struct SHAKernelTests {
    enum Digest: CaseIterable {
        case sha256, sha1

        var words: Int { self == .sha256 ? 8 : 5 }

        /// `count` times the digest of the digest, by OpenSSL.
        func reference(_ digest: [UInt32], count: UInt32) -> [UInt32] {
            var bytes = digest.flatMap { word in (0..<4).map { UInt8(truncatingIfNeeded: word >> (24 - 8 * $0)) } }
            for _ in 0..<count {
                var out = [UInt8](repeating: 0, count: bytes.count)
                switch self {
                case .sha256: _ = SHA256(bytes, bytes.count, &out)
                case .sha1: _ = SHA1(bytes, bytes.count, &out)
                }
                bytes = out
            }
            return (0..<words).map { index in
                (0..<4).reduce(UInt32(0)) { $0 << 8 | UInt32(bytes[4 * index + $1]) }
            }
        }

        func rehash(
            _ digests: inout [UInt32],
            lanes: Int,
            count: UInt32,
            _ implementation: csha_implementation
        )
            -> csha_implementation
        {
            digests.withUnsafeMutableBufferPointer { buffer in
                switch self {
                case .sha256: csha256_rehash(buffer.baseAddress, Int32(lanes), count, implementation)
                case .sha1: csha1_rehash(buffer.baseAddress, Int32(lanes), count, implementation)
                }
            }
        }
    }

    /// Lane counts of one call: fewer than one vector, not multiples of 3, 8 or 16 (7, 13, 17),
    /// exactly 16, and several vectors with a tail.
    static let laneCounts = [1, 2, 3, 5, 7, 8, 13, 16, 17, 33]

    static func available(_ implementation: csha_implementation) -> Bool { cpuHas(implementation) }

    /// Every lane of calls of 1 to 33 lanes equals OpenSSL's digest iterated as often, the call
    /// reports the path it was asked for, and the word after the last lane is left alone.
    static func expectMatchesOpenSSL(_ digest: Digest, _ implementation: csha_implementation) {
        var generator = SystemRandomNumberGenerator()
        for count: UInt32 in [1, 2, 3, 7, 2048] {
            for lanes in laneCounts {
                let input = (0..<(lanes * digest.words)).map { _ in UInt32.random(in: .min ... .max, using: &generator)
                }
                let sentinel: UInt32 = 0xDEAD_BEEF
                var digests = input + [sentinel]
                let used = digest.rehash(&digests, lanes: lanes, count: count, implementation)
                #expect(used == implementation)
                #expect(digests.last == sentinel, "\(lanes) lanes: nothing written past the last lane")
                for lane in 0..<lanes {
                    let range = (lane * digest.words)..<((lane + 1) * digest.words)
                    #expect(
                        Array(digests[range]) == digest.reference(Array(input[range]), count: count),
                        "\(digest) path \(implementation.rawValue), lane \(lane) of \(lanes), \(count) times"
                    )
                }
            }
        }
    }

    /// One lane's input changed changes that lane's output and no other, wherever the lane sits:
    /// first, last of a vector, first of the next, in the tail.
    static func expectLanesIndependent(_ digest: Digest, _ implementation: csha_implementation) {
        let width = Int(csha_lane_width(implementation))
        let lanes = 2 * width + 1
        let input = (0..<(lanes * digest.words)).map { UInt32(truncatingIfNeeded: $0 &* 0x9E37_79B9) }
        var before = input
        _ = digest.rehash(&before, lanes: lanes, count: 3, implementation)
        for changed in Set([0, width - 1, width, lanes - 1]) {
            var after = input
            after[changed * digest.words] ^= 1
            _ = digest.rehash(&after, lanes: lanes, count: 3, implementation)
            for lane in 0..<lanes {
                let range = (lane * digest.words)..<((lane + 1) * digest.words)
                if lane == changed {
                    #expect(Array(after[range]) != Array(before[range]), "lane \(lane) changed")
                } else {
                    #expect(Array(after[range]) == Array(before[range]), "lane \(lane), lane \(changed) changed")
                }
            }
        }
    }

    @Test(
        "Portable C: each lane equals OpenSSL's iterated digest (1, 2, 3, 7, 2,048 times; 1 to 33 lanes)",
        arguments: Digest.allCases
    )
    func portableMatchesOpenSSL(_ digest: Digest) {
        Self.expectMatchesOpenSSL(digest, CSHA_PORTABLE)
    }

    @Test("Portable C: one lane's input changes only that lane's output", arguments: Digest.allCases)
    func portableLanesIndependent(_ digest: Digest) {
        Self.expectLanesIndependent(digest, CSHA_PORTABLE)
    }

    @Test(
        "SHA extensions, 3 interleaved: each lane equals OpenSSL's iterated digest",
        .enabled(if: cpuHas(CSHA_SHA_EXTENSIONS), "SHA-NI not available on this CPU"),
        arguments: Digest.allCases
    )
    func shaExtensionsMatchOpenSSL(_ digest: Digest) {
        Self.expectMatchesOpenSSL(digest, CSHA_SHA_EXTENSIONS)
    }

    @Test(
        "SHA extensions: one lane's input changes only that lane's output",
        .enabled(if: cpuHas(CSHA_SHA_EXTENSIONS), "SHA-NI not available on this CPU"),
        arguments: Digest.allCases
    )
    func shaExtensionsLanesIndependent(_ digest: Digest) {
        Self.expectLanesIndependent(digest, CSHA_SHA_EXTENSIONS)
    }

    @Test(
        "AVX2, 8 lanes: each lane equals OpenSSL's iterated digest, tails of 7, 13, 17 lanes too",
        .enabled(if: cpuHas(CSHA_AVX2), "AVX2 not available on this CPU"),
        arguments: Digest.allCases
    )
    func avx2MatchesOpenSSL(_ digest: Digest) {
        Self.expectMatchesOpenSSL(digest, CSHA_AVX2)
    }

    @Test(
        "AVX2: one lane's input changes only that lane's output",
        .enabled(if: cpuHas(CSHA_AVX2), "AVX2 not available on this CPU"),
        arguments: Digest.allCases
    )
    func avx2LanesIndependent(_ digest: Digest) {
        Self.expectLanesIndependent(digest, CSHA_AVX2)
    }

    @Test(
        "AVX-512, 16 lanes: each lane equals OpenSSL's iterated digest, tails of 7, 13, 17 lanes too",
        .enabled(if: cpuHas(CSHA_AVX512), "AVX-512 not available on this CPU"),
        arguments: Digest.allCases
    )
    func avx512MatchesOpenSSL(_ digest: Digest) {
        Self.expectMatchesOpenSSL(digest, CSHA_AVX512)
    }

    @Test(
        "AVX-512: one lane's input changes only that lane's output",
        .enabled(if: cpuHas(CSHA_AVX512), "AVX-512 not available on this CPU"),
        arguments: Digest.allCases
    )
    func avx512LanesIndependent(_ digest: Digest) {
        Self.expectLanesIndependent(digest, CSHA_AVX512)
    }

    @Test(
        "Automatic is the SHA extensions where CPUID reports them, else portable C; a path the CPU lacks is never run"
    )
    func pathChoice() {
        var digests = [UInt32](repeating: 1, count: 8)
        #expect(Digest.sha256.rehash(&digests, lanes: 1, count: 1, CSHA_PORTABLE) == CSHA_PORTABLE)
        let best = csha_best_implementation()
        #expect(best == (Self.available(CSHA_SHA_EXTENSIONS) ? CSHA_SHA_EXTENSIONS : CSHA_PORTABLE))
        #expect(Digest.sha256.rehash(&digests, lanes: 1, count: 1, CSHA_AUTOMATIC) == best)
        for path in [CSHA_SHA_EXTENSIONS, CSHA_AVX2, CSHA_AVX512] where !Self.available(path) {
            #expect(Digest.sha256.rehash(&digests, lanes: 1, count: 1, path) == best, "path \(path.rawValue)")
            #expect(Digest.sha1.rehash(&digests, lanes: 1, count: 1, path) == best, "path \(path.rawValue)")
        }
        #expect([1, 3, 8, 16] == [CSHA_PORTABLE, CSHA_SHA_EXTENSIONS, CSHA_AVX2, CSHA_AVX512].map(csha_lane_width))
        #if !(arch(x86_64) || arch(i386))
        #expect(best == CSHA_PORTABLE, "no SHA-NI off x86")
        #expect(!Self.available(CSHA_AVX2) && !Self.available(CSHA_AVX512), "no AVX off x86")
        #endif
    }

    #if os(Linux) && (arch(x86_64) || arch(i386))
    @Test("What CPUID and XGETBV report agrees with the kernel's flags in /proc/cpuinfo (sha_ni, avx2, avx512f+bw)")
    func availabilityAgreesWithLinux() throws {
        let cpuinfo = try String(contentsOfFile: "/proc/cpuinfo", encoding: .utf8)
        let line = try #require(cpuinfo.split(separator: "\n").first { $0.hasPrefix("flags") })
        let flags = Set(line.split(separator: " ").map(String.init))
        #expect(Self.available(CSHA_SHA_EXTENSIONS) == flags.contains("sha_ni"))
        #expect(Self.available(CSHA_AVX2) == flags.contains("avx2"))
        #expect(Self.available(CSHA_AVX512) == (flags.contains("avx512f") && flags.contains("avx512bw")))
    }
    #endif

    @Test(
        "25: every kernel this CPU has proves itself against OpenSSL; none is dropped, every one is timed",
        arguments: PINRecovery.MACDigest.allCases
    )
    func everyKernelProvesItself(_ digest: PINRecovery.MACDigest) {
        for kernel in PINRecovery.Kernel.available {
            #expect(KernelChoice.proves(KernelTrial(kernel, digest), digest), "\(kernel), \(digest)")
        }
        let choice = KernelChoice(digest, trials: PINRecovery.Kernel.available.map { KernelTrial($0, digest) })
        #expect(choice.dropped.isEmpty)
        #expect(Set(choice.speeds.map(\.kernel)) == Set(PINRecovery.Kernel.available))
        #expect(PINRecovery.droppedKernels(for: digest).isEmpty, "the process's own choice dropped none")
    }

    /// The portable loop, wrong in one way: the last lane of a call that is no whole number of
    /// vectors, or every lane after the first iteration (a digest carried wrongly into the next).
    static func wrong(_ digest: PINRecovery.MACDigest, tail: Bool) -> KernelTrial {
        let portable = KernelTrial(.portable, digest).rehash
        let words = digest == .sha256 ? 8 : 5
        return KernelTrial(kernel: .avx512) { digests, lanes, rounds in
            if tail {
                portable(&digests, lanes, rounds)
                if lanes % 16 != 0 { digests[(lanes - 1) * words] ^= 1 }
            } else {
                portable(&digests, lanes, 1)
                if rounds > 1 {
                    for index in digests.indices where index % words == words - 1 { digests[index] ^= 0x8000_0000 }
                    portable(&digests, lanes, rounds - 1)
                }
            }
        }
    }

    @Test(
        "25: a deliberately wrong kernel (wrong in a tail lane, or after one iteration) is dropped and never chosen",
        arguments: PINRecovery.MACDigest.allCases,
        [true, false]
    )
    func wrongKernelDropped(_ digest: PINRecovery.MACDigest, tail: Bool) {
        let wrong = Self.wrong(digest, tail: tail)
        #expect(!KernelChoice.proves(wrong, digest))
        let choice = KernelChoice(
            digest,
            trials: [KernelTrial(.portable, digest), wrong, KernelTrial(.openSSL, digest)]
        )
        #expect(choice.dropped == [.avx512])
        #expect(Set(choice.speeds.map(\.kernel)) == [.portable, .openSSL], "only the kernels that proved themselves")
    }
}
