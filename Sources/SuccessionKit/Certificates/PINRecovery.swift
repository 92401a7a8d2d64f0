import Dispatch
import Foundation
import Synchronization
internal import COpenSSL
internal import CSHAKernels

/// Finds the forgotten 4-digit PIN (証明書パスワード) of a `.p12` you own — the alternative being
/// a new issue application with a fee.
///
/// Each candidate costs what the file's MAC costs: one PKCS#12 key derivation (RFC 7292 B.2,
/// iterated over the raw compression function) and one HMAC — no decryption. Candidates are
/// spread over every core; the search stops at the first match, which is then confirmed by
/// opening the file. A file without a MAC is searched by trying to open it with each candidate.
public enum PINRecovery {
    /// How the candidates were checked.
    public enum Method: String, Sendable, Hashable, Codable {
        /// The MAC alone, with SuccessionKit's own key-derivation loop.
        case mac
        /// The MAC through OpenSSL's `PKCS12_verify_mac` (other digests, BER files).
        case openSSLMAC
        /// A full open per candidate (files without a MAC).
        case decryption
    }

    /// Which loop iterates the digest of a MAC search.
    public enum Kernel: String, Sendable, Hashable, Codable, CaseIterable {
        /// The fastest here: every available kernel is timed on a short batch once per process, for
        /// the file's MAC digest, and the fastest is taken.
        case automatic
        /// Three candidates interleaved on the x86 SHA extensions (SHA-NI).
        case shaExtensions
        /// One candidate per 32-bit lane of an AVX2 vector: 8 at once.
        case avx2
        /// One candidate per 32-bit lane of an AVX-512 vector: 16 at once.
        case avx512
        /// OpenSSL's `SHA256_Transform` / `SHA1_Transform`, one candidate at a time.
        case openSSL
        /// Portable C, one candidate at a time (the reference of the kernel tests).
        case portable

        /// Whether this CPU runs the kernel: its instructions are reported by CPUID and their
        /// registers enabled by the operating system. ``automatic``, ``openSSL`` and ``portable``
        /// always are. A search asked for a kernel that is not available uses the fastest that is.
        public var isAvailable: Bool {
            guard let implementation else { return true }
            return csha_is_available(implementation) != 0
        }

        /// The kernels this CPU runs, ``automatic`` aside.
        public static var available: [Kernel] { allCases.filter { $0 != .automatic && $0.isAvailable } }

        /// The C kernel's code path; `nil` for ``openSSL``. (A search never passes ``automatic``
        /// down: it has already put the measured fastest in its place.)
        var implementation: csha_implementation? {
            switch self {
            case .automatic: CSHA_AUTOMATIC
            case .openSSL: nil
            case .shaExtensions: CSHA_SHA_EXTENSIONS
            case .avx2: CSHA_AVX2
            case .avx512: CSHA_AVX512
            case .portable: CSHA_PORTABLE
            }
        }
    }

    /// The digest of a file's MAC, as far as the fast search goes (others take OpenSSL's check).
    public enum MACDigest: String, Sendable, Hashable, Codable, CaseIterable {
        /// HMAC-SHA-1 (files exported with legacy algorithms, `-legacy -macalg sha1`).
        case sha1
        /// HMAC-SHA-256 (OpenSSL 3's default).
        case sha256
    }

    /// How fast one kernel iterates one digest on this machine, on one core.
    package struct KernelSpeed: Sendable, Hashable, Codable {
        /// The kernel timed.
        package let kernel: Kernel
        /// Nanoseconds per compression, per candidate: a candidate of a file with `n` iterations
        /// costs about `n` compressions.
        package let nanosecondsPerCompression: Double
    }

    /// Every available kernel's speed for `digest`, fastest first. Measured once per process, the
    /// first time it is asked for (by this or by the first search of a file with that digest):
    /// each kernel rehashes one batch of candidates a few times, round-robin, the best time kept.
    /// A few milliseconds of work in a release build, most of it the portable kernel's.
    package static func kernelSpeeds(for digest: MACDigest) -> [KernelSpeed] {
        // A static `let` is initialized once, thread-safely, on first use.
        switch digest {
        case .sha1: MeasuredSpeeds.sha1
        case .sha256: MeasuredSpeeds.sha256
        }
    }

    /// What ``Kernel/automatic`` is for `digest` on this machine: the fastest of ``kernelSpeeds(for:)``.
    package static func fastestKernel(for digest: MACDigest) -> Kernel {
        kernelSpeeds(for: digest).first?.kernel ?? .portable
    }

    /// What a search found (or why it stopped).
    public struct Outcome: Sendable {
        /// The PIN, confirmed by opening the file; `nil` when no 4-digit PIN opens it.
        public let pin: CertificatePIN?
        /// How many candidates were tried.
        public let tried: Int
        /// How the candidates were checked.
        public let method: Method
        /// The loop used, for a MAC search (``Method/mac``).
        public let kernel: Kernel?
        /// The MAC's digest, for a MAC search.
        public let digest: MACDigest?
        /// The measured speed of ``kernel`` on this machine, for a MAC search.
        public let nanosecondsPerCompression: Double?
        /// Whether the search gave up at its time limit before finishing (``pin`` is `nil`).
        public let timedOut: Bool
        /// Whether the task that ran the search was cancelled before it finished (``pin`` is
        /// `nil`): the async ``recover(_:threads:kernel:timeLimit:progress:)-4a9y8`` honours it.
        public var cancelled: Bool = false
    }

    /// Searches `0000`–`9999` as the blocking ``recover(_:threads:kernel:timeLimit:progress:)-9jnam``
    /// does, on its own threads, and stops within a batch when the calling task is cancelled
    /// (``Outcome/cancelled``).
    ///
    /// - Parameters:
    ///   - bytes: the `.p12` file's bytes (your own file: the PIN of a file you hold).
    ///   - threads: how many threads (default: one per active core).
    ///   - kernel: which loop iterates the digest (default: the fastest on this CPU, measured).
    ///   - timeLimit: give up cleanly after this long (``Outcome/timedOut``).
    ///   - progress: called now and then with (tried, 10000), from a worker thread.
    /// - Throws: ``SuccessionError`` with `pkcs12.malformed` or `pkcs12.unsupportedAlgorithm` when
    ///   the file cannot be searched.
    public static func recover(
        _ bytes: [UInt8],
        threads: Int? = nil,
        kernel: Kernel = .automatic,
        timeLimit: Duration? = nil,
        progress: (@Sendable (Int, Int) -> Void)? = nil
    ) async throws(SuccessionError) -> Outcome {
        let cancelled = SearchCancellation()
        let result: Result<Outcome, SuccessionError> = await withTaskCancellationHandler {
            await withCheckedContinuation { continuation in
                // The search blocks its threads: it runs beside the cooperative pool, not on it.
                Thread.detachNewThread {
                    continuation.resume(
                        returning: Result { () throws(SuccessionError) -> Outcome in
                            try recover(
                                bytes,
                                candidates: 0..<10_000,
                                threads: threads,
                                kernel: kernel,
                                timeLimit: timeLimit,
                                progress: progress,
                                cancelled: cancelled
                            )
                        }
                    )
                }
            }
        } onCancel: {
            cancelled.cancel()
        }
        return try result.get()
    }

    /// Searches `0000`–`9999`. It blocks the calling thread until the search ends (a few hundred
    /// milliseconds at 2,048 iterations on two cores; longer for deeper counts): call the async
    /// overload from a task.
    ///
    /// - Parameters:
    ///   - bytes: the `.p12` file's bytes (your own file: the PIN of a file you hold).
    ///   - threads: how many threads (default: one per active core).
    ///   - kernel: which loop iterates the digest (default: the fastest on this CPU, measured).
    ///   - timeLimit: give up cleanly after this long (``Outcome/timedOut``).
    ///   - progress: called now and then with (tried, 10000), from a worker thread.
    /// - Throws: ``SuccessionError`` with `pkcs12.malformed` or `pkcs12.unsupportedAlgorithm` when
    ///   the file cannot be searched.
    public static func recover(
        _ bytes: [UInt8],
        threads: Int? = nil,
        kernel: Kernel = .automatic,
        timeLimit: Duration? = nil,
        progress: (@Sendable (Int, Int) -> Void)? = nil
    ) throws(SuccessionError) -> Outcome {
        try recover(
            bytes,
            candidates: 0..<10_000,
            threads: threads,
            kernel: kernel,
            timeLimit: timeLimit,
            progress: progress
        )
    }

    /// The search over part of the space, batch for batch as the whole search runs it when the
    /// part starts at a multiple of ``batchSize``: the test of a deep iteration count does not
    /// pay for every candidate before the PIN it looks for.
    package static func recover(
        _ bytes: [UInt8],
        candidates: Range<Int>,
        threads: Int? = nil,
        kernel: Kernel = .automatic,
        timeLimit: Duration? = nil,
        progress: (@Sendable (Int, Int) -> Void)? = nil,
        cancelled: SearchCancellation? = nil
    ) throws(SuccessionError) -> Outcome {
        let space = candidates.clamped(to: 0..<10_000)
        let total = space.count
        let search = try Search(bytes, kernel: kernel)
        let found = Atomic<Int>(-1)
        let tried = Atomic<Int>(0)
        let stopped = Atomic<Bool>(false)
        let workers = max(1, threads ?? ProcessInfo.processInfo.activeProcessorCount)
        let step = search.batch
        let clock = ContinuousClock()
        let deadline = timeLimit.map { clock.now + $0 }
        DispatchQueue.concurrentPerform(iterations: workers) { worker in
            var start = space.lowerBound + worker * step
            while start < space.upperBound, found.load(ordering: .relaxed) < 0 {
                if let deadline, clock.now > deadline {
                    stopped.store(true, ordering: .relaxed)
                    break
                }
                if cancelled?.isCancelled == true { break }
                let range = start..<min(start + step, space.upperBound)
                if let match = search.check(range) {
                    _ = found.compareExchange(expected: -1, desired: match, ordering: .relaxed)
                }
                let done = tried.add(range.count, ordering: .relaxed).newValue
                if done % 240 < range.count { progress?(done, total) }
                start += workers * step
            }
        }
        let match = found.load(ordering: .relaxed)
        let count = tried.load(ordering: .relaxed)
        guard match >= 0 else {
            var outcome = Outcome(
                pin: nil,
                tried: count,
                method: search.method,
                kernel: search.kernel,
                digest: search.digest,
                nanosecondsPerCompression: search.speed,
                timedOut: stopped.load(ordering: .relaxed)
            )
            outcome.cancelled = cancelled?.isCancelled == true && count < total
            return outcome
        }
        let pin = CertificatePIN(Self.pin(match))
        _ = try PKCS12Bundle(bytes: bytes, pin: pin)  // confirmed by a full open
        return Outcome(
            pin: pin,
            tried: count,
            method: search.method,
            kernel: search.kernel,
            digest: search.digest,
            nanosecondsPerCompression: search.speed,
            timedOut: false
        )
    }

    /// How long searching the whole space would take here: one batch of candidates timed, scaled
    /// to 10,000 on `threads` threads — told before a long search starts.
    public static func estimate(
        _ bytes: [UInt8],
        threads: Int? = nil,
        kernel: Kernel = .automatic
    ) throws(SuccessionError) -> Duration {
        let search = try Search(bytes, kernel: kernel)
        let workers = max(1, threads ?? ProcessInfo.processInfo.activeProcessorCount)
        let sample = 4_992..<(4_992 + search.batch)
        let elapsed = ContinuousClock().measure { _ = search.check(sample) }
        return elapsed * (10_000 / Double(sample.count) / Double(workers))
    }

    /// Candidates per batch of a MAC search: a whole number of passes of every kernel (3, 8 and
    /// 16 lanes), small enough that a time limit or a match elsewhere stops a worker promptly.
    package static let batchSize = 48

    /// How the candidates of one file are checked, a batch at a time.
    private struct Search: Sendable {
        let method: Method
        let kernel: Kernel?
        let digest: MACDigest?
        let speed: Double?
        /// Candidates per call.
        let batch: Int
        /// The candidate of a batch whose check passes.
        let check: @Sendable (Range<Int>) -> Int?

        init(_ bytes: [UInt8], kernel: Kernel) throws(SuccessionError) {
            if let parameters = PKCS12MACParameters(bytes) {
                try PKCS12Reader.checkIterations(parameters.iterations)
                method = .mac
                let speeds = PINRecovery.kernelSpeeds(for: parameters.digest)
                let chosen =
                    kernel != .automatic && kernel.isAvailable
                    ? kernel : PINRecovery.fastestKernel(for: parameters.digest)
                self.kernel = chosen
                digest = parameters.digest
                speed = speeds.first { $0.kernel == chosen }?.nanosecondsPerCompression
                batch = PINRecovery.batchSize
                let search = MACSearch(parameters)
                check = { range in search.firstMatch(in: range, kernel: chosen) }
                return
            }
            // Opening with an arbitrary PIN tells whether the file can be searched at all.
            do {
                _ = try PKCS12Bundle(bytes: bytes, pin: CertificatePIN("0000"))
            } catch  where error.code == .pkcs12WrongPIN {
                // Expected: search on.
            }
            self.kernel = nil
            digest = nil
            speed = nil
            batch = 1
            if let hasMAC = OpenSSLMACSearch(bytes) {
                method = .openSSLMAC
                check = { range in range.first { hasMAC.matches(candidate: $0) } }
            } else {
                method = .decryption
                check = { range in
                    range.first { (try? PKCS12Bundle(bytes: bytes, pin: CertificatePIN(PINRecovery.pin($0)))) != nil }
                }
            }
        }
    }

    static func pin(_ number: Int) -> String {
        let digits = String(number)
        return String(repeating: "0", count: 4 - digits.count) + digits
    }
}

/// A flag a cancelled task sets and a search's workers read between batches.
package final class SearchCancellation: Sendable {
    private let flag = Atomic<Bool>(false)

    package init() {}

    package func cancel() { flag.store(true, ordering: .relaxed) }

    package var isCancelled: Bool { flag.load(ordering: .relaxed) }
}
