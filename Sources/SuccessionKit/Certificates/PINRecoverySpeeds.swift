import Foundation

/// The kernels' speeds, one table per digest, measured on first use.
enum MeasuredSpeeds {
    static let sha1 = measure(.sha1)
    static let sha256 = measure(.sha256)

    /// Each available kernel rehashes one batch of digests 32 times, four rounds over all kernels
    /// (the first a warm-up: clocks ramp up, wide vector units power on), the best time per kernel
    /// kept: round-robin, so that a moment of load elsewhere does not fall on one kernel only.
    private static func measure(_ digest: PINRecovery.MACDigest) -> [PINRecovery.KernelSpeed] {
        let lanes = PINRecovery.batchSize
        let iterations: UInt32 = 32
        let words = digest.outputSize / 4
        let kernels = PINRecovery.Kernel.available
        var best = [Duration](repeating: .seconds(1_000), count: kernels.count)
        var digests = [UInt32](repeating: 0, count: lanes * words)
        var block = [UInt8](repeating: 0, count: 64)
        let clock = ContinuousClock()
        for round in 0..<4 {
            for (index, kernel) in kernels.enumerated() {
                for word in digests.indices { digests[word] = UInt32(truncatingIfNeeded: word &* 0x9E37_79B9) }
                let elapsed = clock.measure {
                    MACSearch.rehash(digest, &digests, lanes: lanes, rounds: iterations, kernel: kernel, block: &block)
                }
                if round > 0 { best[index] = min(best[index], elapsed) }
            }
        }
        let compressions = Double(lanes) * Double(iterations)
        return zip(kernels, best)
            .map { kernel, time in
                let nanoseconds = Double(time.components.seconds) * 1e9 + Double(time.components.attoseconds) / 1e9
                return PINRecovery.KernelSpeed(kernel: kernel, nanosecondsPerCompression: nanoseconds / compressions)
            }
            .sorted { $0.nanosecondsPerCompression < $1.nanosecondsPerCompression }
    }
}
