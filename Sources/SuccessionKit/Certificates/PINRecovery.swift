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
        /// The fastest on this CPU: the SHA-extension kernel where CPUID reports SHA-NI, else
        /// OpenSSL's compression function.
        case automatic
        /// Several candidates interleaved on the x86 SHA extensions (portable C where missing).
        case shaExtensions
        /// OpenSSL's `SHA256_Transform` / `SHA1_Transform`, one candidate at a time.
        case openSSL
        /// Portable C, several candidates per call (the reference of the kernel tests).
        case portable

        /// What ``automatic`` is on this CPU.
        public static var best: Kernel {
            csha_best_implementation() == CSHA_SHA_EXTENSIONS ? .shaExtensions : .openSSL
        }
    }

    /// What a search found (or why it stopped).
    public struct Outcome: Sendable {
        /// The PIN, confirmed by opening the file; `nil` when no 4-digit PIN opens it.
        public let pin: CertificatePIN?
        /// How many candidates were tried.
        public let tried: Int
        public let method: Method
        /// The loop used, for a MAC search (``Method/mac``).
        public let kernel: Kernel?
        /// Whether the search gave up at its time limit before finishing (``pin`` is `nil`).
        public let timedOut: Bool
    }

    /// Searches `0000`–`9999`.
    ///
    /// - Parameters:
    ///   - threads: how many threads (default: one per active core).
    ///   - kernel: which loop iterates the digest (default: the fastest on this CPU).
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
        let total = 10_000
        let search = try Search(bytes, kernel: kernel)
        let found = Atomic<Int>(-1)
        let tried = Atomic<Int>(0)
        let stopped = Atomic<Bool>(false)
        let workers = max(1, threads ?? ProcessInfo.processInfo.activeProcessorCount)
        let step = search.batch
        let clock = ContinuousClock()
        let deadline = timeLimit.map { clock.now + $0 }
        DispatchQueue.concurrentPerform(iterations: workers) { worker in
            var start = worker * step
            while start < total, found.load(ordering: .relaxed) < 0 {
                if let deadline, clock.now > deadline {
                    stopped.store(true, ordering: .relaxed)
                    break
                }
                let range = start..<min(start + step, total)
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
            return Outcome(
                pin: nil,
                tried: count,
                method: search.method,
                kernel: search.kernel,
                timedOut: stopped.load(ordering: .relaxed)
            )
        }
        let pin = CertificatePIN(Self.pin(match))
        _ = try PKCS12Bundle(bytes: bytes, pin: pin)  // confirmed by a full open
        return Outcome(pin: pin, tried: count, method: search.method, kernel: search.kernel, timedOut: false)
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
        let sample = 5_000..<(5_000 + search.batch)
        let elapsed = ContinuousClock().measure { _ = search.check(sample) }
        return elapsed * (10_000 / Double(sample.count) / Double(workers))
    }

    /// How the candidates of one file are checked, a batch at a time.
    private struct Search: Sendable {
        let method: Method
        let kernel: Kernel?
        /// Candidates per call: six for the interleaved kernels (whole calls of two or three lanes).
        let batch: Int
        /// The candidate of a batch whose check passes.
        let check: @Sendable (Range<Int>) -> Int?

        init(_ bytes: [UInt8], kernel: Kernel) throws(SuccessionError) {
            if let parameters = PKCS12MACParameters(bytes) {
                try PKCS12Reader.checkIterations(parameters.iterations)
                method = .mac
                let chosen = kernel == .automatic ? Kernel.best : kernel
                self.kernel = chosen
                let search = MACSearch(parameters)
                if chosen == .openSSL {
                    batch = 1
                    check = { range in range.first { search.matches(candidate: $0) } }
                } else {
                    batch = 6
                    let implementation = chosen == .portable ? CSHA_PORTABLE : CSHA_AUTOMATIC
                    check = { range in search.firstMatch(in: range, implementation: implementation) }
                }
                return
            }
            // Opening with an arbitrary PIN tells whether the file can be searched at all.
            do {
                _ = try PKCS12Bundle(bytes: bytes, pin: CertificatePIN("0000"))
            } catch  where error.code == .pkcs12WrongPIN {
                // Expected: search on.
            }
            self.kernel = nil
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

/// The MAC check of one candidate: key = H^c(D ‖ S ‖ P) (RFC 7292 B.2, ID 3), then HMAC over
/// the authenticated safe. D ‖ S is the same for every candidate and compressed once.
private final class MACSearch: Sendable {
    private let parameters: PKCS12MACParameters
    /// The hash state after D ‖ S.
    private let prefixState: [UInt32]
    private let prefixBlocks: Int
    /// The digest's initial state.
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

    /// The candidate of `range` whose MAC matches: the first two compressions per candidate
    /// (P, then the padding), then every candidate's remaining `iterations − 1` compressions in
    /// one interleaved kernel call, then each HMAC.
    func firstMatch(in range: Range<Int>, implementation: csha_implementation) -> Int? {
        let digest = parameters.digest
        let wordCount = digest.outputSize / 4
        var digests = [UInt32](repeating: 0, count: wordCount * range.count)
        var block = [UInt8](repeating: 0, count: 64)
        for (lane, candidate) in range.enumerated() {
            var state = prefixState
            Self.fillPassword(candidate, into: &block)
            Self.compress(digest, &state, block)
            // The final padding block: the message is a whole number of blocks.
            let bits = UInt64((prefixBlocks + 1) * 512)
            for index in 0..<64 { block[index] = 0 }
            block[0] = 0x80
            for index in 0..<8 { block[56 + index] = UInt8(truncatingIfNeeded: bits >> (56 - 8 * index)) }
            Self.compress(digest, &state, block)
            for index in 0..<wordCount { digests[lane * wordCount + index] = state[index] }
        }
        let rounds = UInt32(max(parameters.iterations - 1, 0))
        digests.withUnsafeMutableBufferPointer { buffer in
            guard let base = buffer.baseAddress, rounds > 0 else { return }
            switch digest {
            case .sha256: _ = csha256_rehash(base, Int32(range.count), rounds, implementation)
            case .sha1: _ = csha1_rehash(base, Int32(range.count), rounds, implementation)
            }
        }
        var key = [UInt8](repeating: 0, count: digest.outputSize)
        var pad = [UInt8](repeating: 0, count: 64)
        for (lane, candidate) in range.enumerated() {
            for index in 0..<wordCount {
                let word = digests[lane * wordCount + index]
                for byte in 0..<4 { key[4 * index + byte] = UInt8(truncatingIfNeeded: word >> (24 - 8 * byte)) }
            }
            if macMatches(key: key, pad: &pad, block: &block) { return candidate }
        }
        return nil
    }

    /// P: the PIN as a BMPString with its two-byte terminator, repeated to 64 bytes.
    private static func fillPassword(_ candidate: Int, into block: inout [UInt8]) {
        // 00 d0 00 d1 00 d2 00 d3 00 00, repeated: the four ASCII digits, most significant first.
        let digits = [candidate / 1000 % 10, candidate / 100 % 10, candidate / 10 % 10, candidate % 10]
        for index in 0..<64 {
            let position = index % 10
            block[index] = position % 2 == 1 && position < 8 ? UInt8(48 + digits[position / 2]) : 0
        }
    }

    /// Whether the HMAC of the authenticated safe under `key` is the file's MAC. Computed on the
    /// raw compression function (RFC 2104): no per-candidate EVP lookup or allocation of OpenSSL's.
    private func macMatches(key: [UInt8]) -> Bool {
        var pad = [UInt8](repeating: 0, count: 64)
        var block = [UInt8](repeating: 0, count: 64)
        return macMatches(key: key, pad: &pad, block: &block)
    }

    /// The same, with the caller's scratch blocks (no allocation per candidate).
    private func macMatches(key: [UInt8], pad: inout [UInt8], block: inout [UInt8]) -> Bool {
        let digest = parameters.digest
        let size = digest.outputSize
        for index in 0..<64 { pad[index] = 0x36 ^ (index < key.count ? key[index] : 0) }
        var inner = initial
        Self.compress(digest, &inner, pad)
        contentBlocks.withUnsafeBufferPointer { buffer in
            guard let base = buffer.baseAddress else { return }
            for block in 0..<(buffer.count / 64) { Self.compress(digest, &inner, base + 64 * block) }
        }
        for index in 0..<64 { pad[index] = 0x5C ^ (index < key.count ? key[index] : 0) }
        var outer = initial
        Self.compress(digest, &outer, pad)
        for index in 0..<64 { block[index] = 0 }
        Self.store(inner, into: &block)
        block[size] = 0x80
        let bits = UInt64(64 + size) * 8
        for index in 0..<8 { block[56 + index] = UInt8(truncatingIfNeeded: bits >> (56 - 8 * index)) }
        Self.compress(digest, &outer, block)
        Self.store(outer, into: &block)
        return block.prefix(size).elementsEqual(parameters.mac)
    }

    /// The state words as the digest's big-endian bytes, at the start of `block`.
    private static func store(_ state: [UInt32], into block: inout [UInt8]) {
        for (index, word) in state.enumerated() {
            for byte in 0..<4 { block[4 * index + byte] = UInt8(truncatingIfNeeded: word >> (24 - 8 * byte)) }
        }
    }

    func matches(candidate: Int) -> Bool {
        let digest = parameters.digest
        let size = digest.outputSize
        let wordCount = size / 4
        var password = [UInt8](repeating: 0, count: 64)
        Self.fillPassword(candidate, into: &password)
        let block = UnsafeMutableRawPointer.allocate(byteCount: 64, alignment: 16)
        defer { block.deallocate() }
        let bytes = block.assumingMemoryBound(to: UInt8.self)
        for index in 0..<64 { bytes[index] = password[index] }
        var key = [UInt8](repeating: 0, count: size)
        // The OpenSSL context's first fields are the hash state words (h[8] / h0…h4): the
        // loop writes them directly and calls the raw compression, nothing else.
        var sha256 = SHA256_CTX()
        var sha1 = SHA_CTX()
        withUnsafeMutablePointer(to: &sha256) { sha256Context in
            withUnsafeMutablePointer(to: &sha1) { sha1Context in
                let state =
                    digest == .sha1
                    ? UnsafeMutableRawPointer(sha1Context).assumingMemoryBound(to: UInt32.self)
                    : UnsafeMutableRawPointer(sha256Context).assumingMemoryBound(to: UInt32.self)
                let compress: () -> Void =
                    digest == .sha1
                    ? { SHA1_Transform(sha1Context, bytes) } : { SHA256_Transform(sha256Context, bytes) }
                for index in 0..<wordCount { state[index] = prefixState[index] }
                compress()
                // The final padding block: the message is a whole number of blocks.
                let bits = UInt64((prefixBlocks + 1) * 512)
                block.initializeMemory(as: UInt8.self, repeating: 0, count: 64)
                bytes[0] = 0x80
                block.storeBytes(of: bits.bigEndian, toByteOffset: 56, as: UInt64.self)
                compress()
                // Every further iteration hashes the previous digest: one block each.
                block.initializeMemory(as: UInt8.self, repeating: 0, count: 64)
                bytes[size] = 0x80
                block.storeBytes(of: UInt64(size * 8).bigEndian, toByteOffset: 56, as: UInt64.self)
                initial.withUnsafeBufferPointer { iv in
                    guard let iv = iv.baseAddress else { return }
                    for _ in 1..<parameters.iterations {
                        for index in 0..<wordCount {
                            block.storeBytes(of: state[index].bigEndian, toByteOffset: 4 * index, as: UInt32.self)
                            state[index] = iv[index]
                        }
                        compress()
                    }
                }
                for index in 0..<wordCount {
                    block.storeBytes(of: state[index].bigEndian, toByteOffset: 4 * index, as: UInt32.self)
                }
                for index in 0..<size { key[index] = bytes[index] }
            }
        }
        return macMatches(key: key)
    }

    private static func initialState(_ digest: PKCS12MACParameters.DigestKind) -> [UInt32] {
        switch digest {
        case .sha1: [0x6745_2301, 0xEFCD_AB89, 0x98BA_DCFE, 0x1032_5476, 0xC3D2_E1F0]
        case .sha256:
            [0x6A09_E667, 0xBB67_AE85, 0x3C6E_F372, 0xA54F_F53A, 0x510E_527F, 0x9B05_688C, 0x1F83_D9AB, 0x5BE0_CD19]
        }
    }

    private static func compress(
        _ digest: PKCS12MACParameters.DigestKind,
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

    private static func compress(_ digest: PKCS12MACParameters.DigestKind, _ state: inout [UInt32], _ block: [UInt8]) {
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
