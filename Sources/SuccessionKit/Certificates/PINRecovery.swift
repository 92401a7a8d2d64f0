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

    /// Which loop iterates the digest of a MAC search: not API (the fastest is measured and
    /// taken); the CLI's `--json`, the tests and the benchmarks name them.
    package enum Kernel: String, Sendable, Hashable, Codable, CaseIterable {
        /// The fastest here: once per process, for the file's MAC digest, every available kernel
        /// first proves itself (its digests equal OpenSSL's for the same inputs; one that
        /// disagrees is dropped), then each is timed on a short batch and the fastest is taken.
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
        /// always are. A search asked for a kernel that is not available, or that failed its
        /// proof, uses the fastest that passed.
        package var isAvailable: Bool {
            guard let implementation else { return true }
            return csha_is_available(implementation) != 0
        }

        /// The kernels this CPU runs, ``automatic`` aside.
        package static var available: [Kernel] { allCases.filter { $0 != .automatic && $0.isAvailable } }

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

    /// The speed for `digest` of every available kernel that proved itself, fastest first.
    /// Decided once per process, the first time it is asked for (by this or by the first search
    /// of a file with that digest): each kernel's digests are first compared with OpenSSL's for
    /// the same inputs (a kernel that disagrees is dropped: ``droppedKernels(for:)``), then each
    /// rehashes one batch of candidates a few times, round-robin, the best time kept. A few
    /// milliseconds of work in a release build, most of it the portable kernel's.
    package static func kernelSpeeds(for digest: MACDigest) -> [KernelSpeed] {
        // A static `let` is initialized once, thread-safely, on first use.
        MeasuredSpeeds.choice(for: digest).speeds
    }

    /// The available kernels whose digests for `digest` differed from OpenSSL's on this CPU:
    /// never used, and said in every MAC search's ``Outcome/droppedKernels``.
    package static func droppedKernels(for digest: MACDigest) -> [Kernel] {
        MeasuredSpeeds.choice(for: digest).dropped
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
        package let kernel: Kernel?
        /// The MAC's digest, for a MAC search.
        public let digest: MACDigest?
        /// The measured speed of `kernel` on this machine, for a MAC search.
        package let nanosecondsPerCompression: Double?
        /// Whether the search gave up at its time limit before finishing (``pin`` is `nil`).
        public let timedOut: Bool
        /// Whether the task that ran the search was cancelled before it finished (``pin`` is
        /// `nil`): the async ``recover(_:threads:timeLimit:progress:)-3vf2b`` honours it.
        public var cancelled: Bool = false
        /// For a MAC search, the kernels this CPU has whose digests differed from OpenSSL's when
        /// they proved themselves: they were not used (normally none).
        package var droppedKernels: [Kernel] = []
    }

    /// Searches `0000`–`9999` as the blocking ``recover(_:threads:timeLimit:progress:)-7n1cv``
    /// does, on its own threads, and stops within a batch when the calling task is cancelled
    /// (``Outcome/cancelled``). The digest is iterated by the loop measured fastest on this CPU.
    ///
    /// - Parameters:
    ///   - bytes: the `.p12` file's bytes (your own file: the PIN of a file you hold).
    ///   - threads: how many threads (default: one per active core).
    ///   - timeLimit: give up cleanly after this long (``Outcome/timedOut``).
    ///   - progress: called now and then with (tried, 10000), from a worker thread.
    /// - Throws: ``SuccessionError`` with `pkcs12.malformed` or `pkcs12.unsupportedAlgorithm` when
    ///   the file cannot be searched.
    public static func recover(
        _ bytes: [UInt8],
        threads: Int? = nil,
        timeLimit: Duration? = nil,
        progress: (@Sendable (Int, Int) -> Void)? = nil
    ) async throws(SuccessionError) -> Outcome {
        try await recover(bytes, threads: threads, kernel: .automatic, timeLimit: timeLimit, progress: progress)
    }

    /// The async search with a chosen kernel (the tests and the benchmarks compare them).
    package static func recover(
        _ bytes: [UInt8],
        threads: Int? = nil,
        kernel: Kernel,
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
                                deadline: timeLimit.map(SearchDeadline.after),
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
    ///   - timeLimit: give up cleanly after this long (``Outcome/timedOut``).
    ///   - progress: called now and then with (tried, 10000), from a worker thread.
    /// - Throws: ``SuccessionError`` with `pkcs12.malformed` or `pkcs12.unsupportedAlgorithm` when
    ///   the file cannot be searched.
    public static func recover(
        _ bytes: [UInt8],
        threads: Int? = nil,
        timeLimit: Duration? = nil,
        progress: (@Sendable (Int, Int) -> Void)? = nil
    ) throws(SuccessionError) -> Outcome {
        try recover(bytes, threads: threads, kernel: .automatic, timeLimit: timeLimit, progress: progress)
    }

    /// The blocking search with a chosen kernel (the tests and the benchmarks compare them).
    package static func recover(
        _ bytes: [UInt8],
        threads: Int? = nil,
        kernel: Kernel,
        timeLimit: Duration? = nil,
        progress: (@Sendable (Int, Int) -> Void)? = nil
    ) throws(SuccessionError) -> Outcome {
        try recover(
            bytes,
            candidates: 0..<10_000,
            threads: threads,
            kernel: kernel,
            deadline: timeLimit.map(SearchDeadline.after),
            progress: progress
        )
    }

    /// The search over part of the space, batch for batch as the whole search runs it when the
    /// part starts at a multiple of ``batchSize``: the test of a deep iteration count does not
    /// pay for every candidate before the PIN it looks for. `deadline` is asked between batches
    /// and within a batch, between slices of its derivations (a test passes one of its own).
    package static func recover(
        _ bytes: [UInt8],
        candidates: Range<Int>,
        threads: Int? = nil,
        kernel: Kernel = .automatic,
        deadline: SearchDeadline? = nil,
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
        DispatchQueue.concurrentPerform(iterations: workers) { worker in
            // Whether this worker gives up now: the deadline passed (said in the outcome), the
            // task was cancelled, or another worker found the PIN.
            func shouldStop() -> Bool {
                if found.load(ordering: .relaxed) >= 0 || cancelled?.isCancelled == true { return true }
                guard let deadline, deadline.isPast() else { return false }
                stopped.store(true, ordering: .relaxed)
                return true
            }
            var start = space.lowerBound + worker * step
            while start < space.upperBound, !shouldStop() {
                let range = start..<min(start + step, space.upperBound)
                switch search.check(range, shouldStop) {
                case .stopped: return  // a batch left half-way is not counted as tried
                case .match(let match):
                    _ = found.compareExchange(expected: -1, desired: match, ordering: .relaxed)
                case .noMatch: break
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
            outcome.droppedKernels = search.dropped
            return outcome
        }
        let pin = CertificatePIN(Self.pin(match))
        _ = try PKCS12Bundle(bytes: bytes, pin: pin)  // confirmed by a full open
        var outcome = Outcome(
            pin: pin,
            tried: count,
            method: search.method,
            kernel: search.kernel,
            digest: search.digest,
            nanosecondsPerCompression: search.speed,
            timedOut: false
        )
        outcome.droppedKernels = search.dropped
        return outcome
    }

    /// How long searching the whole space would take here, on `threads` threads — told before a
    /// long search starts. For a MAC search, the file's compressions per candidate at the
    /// kernel's measured speed (nothing of the file is derived: a deep count costs no wait); for
    /// the others, one candidate timed.
    public static func estimate(_ bytes: [UInt8], threads: Int? = nil) throws(SuccessionError) -> Duration {
        try estimate(bytes, threads: threads, kernel: .automatic)
    }

    /// The estimate for a chosen kernel.
    package static func estimate(
        _ bytes: [UInt8],
        threads: Int? = nil,
        kernel: Kernel
    ) throws(SuccessionError) -> Duration {
        let search = try Search(bytes, kernel: kernel)
        let workers = max(1, threads ?? ProcessInfo.processInfo.activeProcessorCount)
        if let speed = search.speed, let compressions = search.compressionsPerCandidate {
            let nanoseconds = speed * Double(compressions) * 10_000 / Double(workers)
            return .nanoseconds(Int64(min(nanoseconds, 1e18)))
        }
        let sample = 4_992..<(4_992 + search.batch)
        let elapsed = ContinuousClock().measure { _ = search.check(sample) { false } }
        return elapsed * (10_000 / Double(sample.count) / Double(workers))
    }

    /// Candidates per batch of a MAC search: a whole number of passes of every kernel (3, 8 and
    /// 16 lanes), small enough that a match elsewhere stops a worker promptly.
    package static let batchSize = 48

    /// Compressions a batch does between two looks at its deadline (all its candidates
    /// together): a few milliseconds in a release build, so a time limit holds within a batch
    /// whatever the file's iteration count (8,388,608 is allowed: minutes per batch).
    package static let compressionsPerCheck = 1 << 19

    /// How one batch of a search ended.
    package enum BatchResult: Sendable, Equatable {
        /// This candidate's check passed.
        case match(Int)
        /// Every candidate was checked; none passed.
        case noMatch
        /// Told to stop (deadline, cancellation, a match elsewhere) before the batch ended.
        case stopped
    }

    /// How the candidates of one file are checked, a batch at a time.
    private struct Search: Sendable {
        let method: Method
        let kernel: Kernel?
        let digest: MACDigest?
        let speed: Double?
        /// Candidates per call.
        let batch: Int
        /// For a MAC search, the compressions of one candidate.
        let compressionsPerCandidate: Int?
        /// For a MAC search, the kernels that failed their proof.
        let dropped: [Kernel]
        /// Checks a batch, asking the closure now and then whether to stop.
        let check: @Sendable (Range<Int>, () -> Bool) -> BatchResult

        init(_ bytes: [UInt8], kernel: Kernel) throws(SuccessionError) {
            if let parameters = PKCS12MACParameters(bytes) {
                try PKCS12Reader.checkIterations(parameters.iterations)
            }
            // Only a kernel that proved itself searches; if none did (OpenSSL's own compression
            // disagreeing with its own digest), OpenSSL's MAC check does.
            if let parameters = PKCS12MACParameters(bytes),
                let fastest = PINRecovery.kernelSpeeds(for: parameters.digest).first?.kernel
            {
                method = .mac
                let speeds = PINRecovery.kernelSpeeds(for: parameters.digest)
                let chosen = kernel != .automatic && speeds.contains { $0.kernel == kernel } ? kernel : fastest
                dropped = PINRecovery.droppedKernels(for: parameters.digest)
                self.kernel = chosen
                digest = parameters.digest
                speed = speeds.first { $0.kernel == chosen }?.nanosecondsPerCompression
                batch = PINRecovery.batchSize
                let search = MACSearch(parameters)
                compressionsPerCandidate = search.compressionsPerCandidate
                check = { range, shouldStop in search.firstMatch(in: range, kernel: chosen, shouldStop: shouldStop) }
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
            compressionsPerCandidate = nil
            dropped = PKCS12MACParameters(bytes).map { PINRecovery.droppedKernels(for: $0.digest) } ?? []
            // One candidate per batch: one OpenSSL call each, which cannot be stopped half-way
            // (bounded all the same: a file's total iterations are capped before any derivation).
            let matches: @Sendable (Int) -> Bool
            if let hasMAC = OpenSSLMACSearch(bytes) {
                method = .openSSLMAC
                matches = { hasMAC.matches(candidate: $0) }
            } else {
                method = .decryption
                matches = { (try? PKCS12Bundle(bytes: bytes, pin: CertificatePIN(PINRecovery.pin($0)))) != nil }
            }
            check = { range, shouldStop in
                for candidate in range {
                    if shouldStop() { return .stopped }
                    if matches(candidate) { return .match(candidate) }
                }
                return .noMatch
            }
        }
    }

    static func pin(_ number: Int) -> String {
        let digits = String(number)
        return String(repeating: "0", count: 4 - digits.count) + digits
    }
}

/// When a search gives up: asked between batches and, within a batch, between slices of its
/// derivations. A time limit is ``after(_:)``; a test passes its own, which counts the looks.
package struct SearchDeadline: Sendable {
    /// Whether the deadline has passed.
    package let isPast: @Sendable () -> Bool

    package init(isPast: @escaping @Sendable () -> Bool) {
        self.isPast = isPast
    }

    /// `duration` from now, on the continuous clock.
    package static func after(_ duration: Duration) -> SearchDeadline {
        let clock = ContinuousClock()
        let end = clock.now + duration
        return SearchDeadline { clock.now > end }
    }
}

/// A flag a cancelled task sets and a search's workers read between batches and within one.
package final class SearchCancellation: Sendable {
    private let flag = Atomic<Bool>(false)

    package init() {}

    package func cancel() { flag.store(true, ordering: .relaxed) }

    package var isCancelled: Bool { flag.load(ordering: .relaxed) }
}
