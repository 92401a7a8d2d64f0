import Foundation
internal import COpenSSL

/// The kernels of each digest that proved themselves on this CPU, timed; chosen on first use.
enum MeasuredSpeeds {
    static let sha1 = KernelChoice(.sha1, trials: PINRecovery.Kernel.available.map { KernelTrial($0, .sha1) })
    static let sha256 = KernelChoice(.sha256, trials: PINRecovery.Kernel.available.map { KernelTrial($0, .sha256) })

    static func choice(for digest: PINRecovery.MACDigest) -> KernelChoice {
        switch digest {
        case .sha1: sha1
        case .sha256: sha256
        }
    }
}

/// One kernel as its proof and its timing call it: `rehash(digests, lanes, rounds)` replaces each
/// of `lanes` digests (consecutive words) by the digest hashed `rounds` more times.
package struct KernelTrial: Sendable {
    /// The kernel this loop stands for.
    package let kernel: PINRecovery.Kernel
    package let rehash: @Sendable (_ digests: inout [UInt32], _ lanes: Int, _ rounds: UInt32) -> Void

    /// A trial of any loop, named `kernel` (a test passes a wrong one).
    package init(
        kernel: PINRecovery.Kernel,
        rehash: @escaping @Sendable (_ digests: inout [UInt32], _ lanes: Int, _ rounds: UInt32) -> Void
    ) {
        self.kernel = kernel
        self.rehash = rehash
    }

    /// The kernel's own loop, as a search runs it.
    package init(_ kernel: PINRecovery.Kernel, _ digest: PINRecovery.MACDigest) {
        self.kernel = kernel
        rehash = { digests, lanes, rounds in
            var block = [UInt8](repeating: 0, count: 64)
            MACSearch.rehash(digest, &digests, lanes: lanes, rounds: rounds, kernel: kernel, block: &block)
        }
    }
}

/// The kernels one digest may use here: each offered kernel first proves itself — its digests
/// equal OpenSSL's `SHA256()` / `SHA1()` for the same inputs — and a kernel that disagrees is
/// dropped (never used: it would report "no PIN" for a file whose PIN it missed); the others are
/// timed, fastest first.
package struct KernelChoice: Sendable {
    /// The kernels that proved themselves, fastest first.
    package let speeds: [PINRecovery.KernelSpeed]
    /// The kernels that gave a digest other than OpenSSL's, in the order offered.
    package let dropped: [PINRecovery.Kernel]

    package init(_ digest: PINRecovery.MACDigest, trials: [KernelTrial]) {
        let proven = trials.filter { Self.proves($0, digest) }
        dropped = trials.filter { trial in !proven.contains { $0.kernel == trial.kernel } }.map(\.kernel)
        speeds = Self.measure(digest, proven)
    }

    /// Lane counts and iteration counts of the proof: a whole batch, and 17 lanes (a tail after
    /// whole passes of 3, 8 and 16 lanes); one iteration and several (a loop that carries a
    /// digest into the next iteration wrongly shows only there).
    static let proofLanes = [PINRecovery.batchSize, 17]
    static let proofRounds: [UInt32] = [1, 5]

    /// Whether `trial` gives, for every lane, OpenSSL's digest iterated as often.
    package static func proves(_ trial: KernelTrial, _ digest: PINRecovery.MACDigest) -> Bool {
        let words = digest.outputSize / 4
        var seed: UInt32 = 0x2545_F491
        for lanes in proofLanes {
            for rounds in proofRounds {
                // Inputs that differ in every word and lane (xorshift), the same on every run.
                let input = (0..<(lanes * words)).map { _ in
                    seed ^= seed << 13
                    seed ^= seed >> 17
                    seed ^= seed << 5
                    return seed
                }
                var digests = input
                trial.rehash(&digests, lanes, rounds)
                guard digests.count == input.count else { return false }
                for lane in 0..<lanes {
                    let range = (lane * words)..<((lane + 1) * words)
                    guard Array(digests[range]) == reference(digest, Array(input[range]), rounds: rounds) else {
                        return false
                    }
                }
            }
        }
        return true
    }

    /// `rounds` times OpenSSL's one-shot digest of the digest's bytes (big-endian words).
    static func reference(_ digest: PINRecovery.MACDigest, _ words: [UInt32], rounds: UInt32) -> [UInt32] {
        var bytes = words.flatMap { word in (0..<4).map { UInt8(truncatingIfNeeded: word >> (24 - 8 * $0)) } }
        var out = [UInt8](repeating: 0, count: bytes.count)
        for _ in 0..<rounds {
            switch digest {
            case .sha1: _ = SHA1(bytes, bytes.count, &out)
            case .sha256: _ = SHA256(bytes, bytes.count, &out)
            }
            swap(&bytes, &out)
        }
        return (0..<words.count).map { index in
            (0..<4).reduce(UInt32(0)) { $0 << 8 | UInt32(bytes[4 * index + $1]) }
        }
    }

    /// Each kernel rehashes one batch of digests 32 times, four rounds over all kernels (the first
    /// a warm-up: clocks ramp up, wide vector units power on), the best time per kernel kept:
    /// round-robin, so that a moment of load elsewhere does not fall on one kernel only.
    private static func measure(
        _ digest: PINRecovery.MACDigest,
        _ trials: [KernelTrial]
    ) -> [PINRecovery.KernelSpeed] {
        let lanes = PINRecovery.batchSize
        let iterations: UInt32 = 32
        let words = digest.outputSize / 4
        var best = [Duration](repeating: .seconds(1_000), count: trials.count)
        var digests = [UInt32](repeating: 0, count: lanes * words)
        let clock = ContinuousClock()
        for round in 0..<4 {
            for (index, trial) in trials.enumerated() {
                for word in digests.indices { digests[word] = UInt32(truncatingIfNeeded: word &* 0x9E37_79B9) }
                let elapsed = clock.measure { trial.rehash(&digests, lanes, iterations) }
                if round > 0 { best[index] = min(best[index], elapsed) }
            }
        }
        let compressions = Double(lanes) * Double(iterations)
        return zip(trials, best)
            .map { trial, time in
                let nanoseconds = Double(time.components.seconds) * 1e9 + Double(time.components.attoseconds) / 1e9
                return PINRecovery.KernelSpeed(
                    kernel: trial.kernel,
                    nanosecondsPerCompression: nanoseconds / compressions
                )
            }
            .sorted { $0.nanosecondsPerCompression < $1.nanosecondsPerCompression }
    }
}
