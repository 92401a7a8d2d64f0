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

/// The kernels' speeds, one table per digest, measured on first use.
private enum MeasuredSpeeds {
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

/// The MAC check of one candidate: key = H^c(D ‖ S ‖ P) (RFC 7292 B.2, ID 3), then HMAC over
/// the authenticated safe. D ‖ S is the same for every candidate and compressed once.
private final class MACSearch: Sendable {
    private let parameters: PKCS12MACParameters
    /// The hash state after D ‖ S.
    private let prefixState: [UInt32]
    private let prefixBlocks: Int
    /// The digest's initial state (HMAC's inner and outer hashes start from it).
    private let initial: [UInt32]
    /// The authenticated safe with the inner hash's padding, as whole blocks: HMAC's inner hash
    /// is (key ⊕ ipad) ‖ content, and only its first block changes from candidate to candidate.
    private let contentBlocks: [UInt8]

    init(_ parameters: PKCS12MACParameters) {
        self.parameters = parameters
        var prefix = [UInt8](repeating: 3, count: 64)
        if !parameters.salt.isEmpty {
            let length = 64 * ((parameters.salt.count + 63) / 64)
            prefix += (0..<length).map { parameters.salt[$0 % parameters.salt.count] }
        }
        var state = Self.initialState(parameters.digest)
        prefix.withUnsafeBufferPointer { buffer in
            guard let base = buffer.baseAddress else { return }
            for block in 0..<(prefix.count / 64) {
                Self.compress(parameters.digest, &state, base + block * 64)
            }
        }
        prefixState = state
        prefixBlocks = prefix.count / 64
        initial = Self.initialState(parameters.digest)
        var padded = Array(parameters.content)
        let bits = UInt64(64 + padded.count) * 8
        padded.append(0x80)
        while padded.count % 64 != 56 { padded.append(0) }
        for index in 0..<8 { padded.append(UInt8(truncatingIfNeeded: bits >> (56 - 8 * index))) }
        contentBlocks = padded
    }

    /// Buffers one batch reuses for all its candidates: nothing is allocated per candidate.
    private struct Scratch {
        var state: [UInt32]
        var inner: [UInt32]
        var outer: [UInt32]
        var key: [UInt8]
        var block = [UInt8](repeating: 0, count: 64)
        var pad = [UInt8](repeating: 0, count: 64)

        init(_ digest: PINRecovery.MACDigest) {
            state = MACSearch.initialState(digest)
            inner = state
            outer = state
            key = [UInt8](repeating: 0, count: digest.outputSize)
        }
    }

    /// The candidate of `range` whose MAC matches: the first two compressions per candidate
    /// (P, then the padding), then every candidate's remaining `iterations − 1` compressions in
    /// one kernel call, then each HMAC.
    func firstMatch(in range: Range<Int>, kernel: PINRecovery.Kernel) -> Int? {
        let digest = parameters.digest
        let wordCount = digest.outputSize / 4
        var digests = [UInt32](repeating: 0, count: wordCount * range.count)
        var scratch = Scratch(digest)
        for (lane, candidate) in range.enumerated() {
            for index in 0..<wordCount { scratch.state[index] = prefixState[index] }
            Self.fillPassword(candidate, into: &scratch.block)
            Self.compress(digest, &scratch.state, scratch.block)
            // The final padding block: the message is a whole number of blocks.
            let bits = UInt64((prefixBlocks + 1) * 512)
            for index in 0..<64 { scratch.block[index] = 0 }
            scratch.block[0] = 0x80
            for index in 0..<8 { scratch.block[56 + index] = UInt8(truncatingIfNeeded: bits >> (56 - 8 * index)) }
            Self.compress(digest, &scratch.state, scratch.block)
            for index in 0..<wordCount { digests[lane * wordCount + index] = scratch.state[index] }
        }
        let rounds = UInt32(max(parameters.iterations - 1, 0))
        Self.rehash(digest, &digests, lanes: range.count, rounds: rounds, kernel: kernel, block: &scratch.block)
        for (lane, candidate) in range.enumerated() {
            for index in 0..<wordCount {
                let word = digests[lane * wordCount + index]
                for byte in 0..<4 {
                    scratch.key[4 * index + byte] = UInt8(truncatingIfNeeded: word >> (24 - 8 * byte))
                }
            }
            if macMatches(&scratch) { return candidate }
        }
        return nil
    }

    /// Each of `lanes` digests (consecutive words) hashed `rounds` more times by `kernel`.
    /// `block` is a 64-byte scratch block for the one-at-a-time OpenSSL loop.
    static func rehash(
        _ digest: PINRecovery.MACDigest,
        _ digests: inout [UInt32],
        lanes: Int,
        rounds: UInt32,
        kernel: PINRecovery.Kernel,
        block: inout [UInt8]
    ) {
        guard rounds > 0 else { return }
        guard let implementation = kernel.implementation else {
            openSSLRehash(digest, &digests, lanes: lanes, rounds: rounds, block: &block)
            return
        }
        digests.withUnsafeMutableBufferPointer { buffer in
            guard let base = buffer.baseAddress else { return }
            switch digest {
            case .sha256: _ = csha256_rehash(base, Int32(lanes), rounds, implementation)
            case .sha1: _ = csha1_rehash(base, Int32(lanes), rounds, implementation)
            }
        }
    }

    /// The ``PINRecovery/Kernel/openSSL`` loop: every iteration hashes the previous digest, one
    /// block each, through OpenSSL's raw compression function.
    private static func openSSLRehash(
        _ digest: PINRecovery.MACDigest,
        _ digests: inout [UInt32],
        lanes: Int,
        rounds: UInt32,
        block: inout [UInt8]
    ) {
        let size = digest.outputSize
        let wordCount = size / 4
        let iv = initialState(digest)
        for index in 0..<64 { block[index] = 0 }
        block[size] = 0x80
        let bits = UInt64(size * 8)
        for index in 0..<8 { block[56 + index] = UInt8(truncatingIfNeeded: bits >> (56 - 8 * index)) }
        digests.withUnsafeMutableBufferPointer { words in
            block.withUnsafeMutableBufferPointer { bytes in
                guard let state = words.baseAddress, let message = bytes.baseAddress else { return }
                for lane in 0..<lanes {
                    let lane = state + lane * wordCount
                    for _ in 0..<rounds {
                        for index in 0..<wordCount {
                            let word = lane[index]
                            for byte in 0..<4 {
                                message[4 * index + byte] = UInt8(truncatingIfNeeded: word >> (24 - 8 * byte))
                            }
                            lane[index] = iv[index]
                        }
                        switch digest {
                        case .sha1: shim_sha1_compress(lane, message)
                        case .sha256: shim_sha256_compress(lane, message)
                        }
                    }
                }
            }
        }
    }

    /// P: the PIN as a BMPString with its two-byte terminator, repeated to 64 bytes.
    private static func fillPassword(_ candidate: Int, into block: inout [UInt8]) {
        // 00 d0 00 d1 00 d2 00 d3 00 00, repeated: the four ASCII digits, most significant first.
        for index in 0..<64 {
            let position = index % 10
            guard position % 2 == 1, position < 8 else {
                block[index] = 0
                continue
            }
            let place = position == 1 ? 1000 : position == 3 ? 100 : position == 5 ? 10 : 1
            block[index] = UInt8(48 + candidate / place % 10)
        }
    }

    /// Whether the HMAC of the authenticated safe under `scratch.key` is the file's MAC. Computed
    /// on the raw compression function (RFC 2104): no per-candidate EVP lookup or allocation.
    private func macMatches(_ scratch: inout Scratch) -> Bool {
        let digest = parameters.digest
        let size = digest.outputSize
        let iv = initial
        for index in 0..<64 { scratch.pad[index] = 0x36 ^ (index < size ? scratch.key[index] : 0) }
        for index in 0..<size / 4 { scratch.inner[index] = iv[index] }
        Self.compress(digest, &scratch.inner, scratch.pad)
        contentBlocks.withUnsafeBufferPointer { buffer in
            guard let base = buffer.baseAddress else { return }
            for block in 0..<(buffer.count / 64) { Self.compress(digest, &scratch.inner, base + 64 * block) }
        }
        for index in 0..<64 { scratch.pad[index] = 0x5C ^ (index < size ? scratch.key[index] : 0) }
        for index in 0..<size / 4 { scratch.outer[index] = iv[index] }
        Self.compress(digest, &scratch.outer, scratch.pad)
        for index in 0..<64 { scratch.block[index] = 0 }
        Self.store(scratch.inner, into: &scratch.block)
        scratch.block[size] = 0x80
        let bits = UInt64(64 + size) * 8
        for index in 0..<8 { scratch.block[56 + index] = UInt8(truncatingIfNeeded: bits >> (56 - 8 * index)) }
        Self.compress(digest, &scratch.outer, scratch.block)
        Self.store(scratch.outer, into: &scratch.block)
        return scratch.block.prefix(size).elementsEqual(parameters.mac)
    }

    /// The state words as the digest's big-endian bytes, at the start of `block`.
    private static func store(_ state: [UInt32], into block: inout [UInt8]) {
        for (index, word) in state.enumerated() {
            for byte in 0..<4 { block[4 * index + byte] = UInt8(truncatingIfNeeded: word >> (24 - 8 * byte)) }
        }
    }

    static func initialState(_ digest: PINRecovery.MACDigest) -> [UInt32] {
        switch digest {
        case .sha1: [0x6745_2301, 0xEFCD_AB89, 0x98BA_DCFE, 0x1032_5476, 0xC3D2_E1F0]
        case .sha256:
            [0x6A09_E667, 0xBB67_AE85, 0x3C6E_F372, 0xA54F_F53A, 0x510E_527F, 0x9B05_688C, 0x1F83_D9AB, 0x5BE0_CD19]
        }
    }

    private static func compress(
        _ digest: PINRecovery.MACDigest,
        _ state: inout [UInt32],
        _ block: UnsafePointer<UInt8>
    ) {
        state.withUnsafeMutableBufferPointer { words in
            guard let base = words.baseAddress else { return }
            switch digest {
            case .sha1: shim_sha1_compress(base, block)
            case .sha256: shim_sha256_compress(base, block)
            }
        }
    }

    private static func compress(_ digest: PINRecovery.MACDigest, _ state: inout [UInt32], _ block: [UInt8]) {
        block.withUnsafeBufferPointer { buffer in
            guard let base = buffer.baseAddress else { return }
            compress(digest, &state, base)
        }
    }
}

/// OpenSSL's own MAC check per candidate, for files this reader does not take.
private final class OpenSSLMACSearch: Sendable {
    private let bytes: [UInt8]

    init?(_ bytes: [UInt8]) {
        guard Self.withPKCS12(bytes, { PKCS12_mac_present($0) == 1 }) == true else { return nil }
        self.bytes = bytes
    }

    func matches(candidate: Int) -> Bool {
        let pin = Array(PINRecovery.pin(candidate).utf8CString)
        return Self.withPKCS12(bytes) { p12 in
            pin.withUnsafeBufferPointer { PKCS12_verify_mac(p12, $0.baseAddress, 4) == 1 }
        } ?? false
    }

    private static func withPKCS12<T>(_ bytes: [UInt8], _ body: (OpaquePointer) -> T) -> T? {
        // In our private library context, as every other OpenSSL call of the library.
        guard let library = try? OpenSSLLibrary.loaded() else { return nil }
        return bytes.withUnsafeBufferPointer { buffer in
            var cursor = buffer.baseAddress
            var reused = PKCS12_init_ex(NID_pkcs7_data, library.context, nil)
            guard let p12 = d2i_PKCS12(&reused, &cursor, buffer.count) else {
                if let reused { PKCS12_free(reused) }
                ERR_clear_error()
                return nil
            }
            defer { PKCS12_free(p12) }
            defer { ERR_clear_error() }
            return body(p12)
        }
    }
}

/// A flag a cancelled task sets and a search's workers read between batches.
package final class SearchCancellation: Sendable {
    private let flag = Atomic<Bool>(false)

    package init() {}

    package func cancel() { flag.store(true, ordering: .relaxed) }

    package var isCancelled: Bool { flag.load(ordering: .relaxed) }
}
