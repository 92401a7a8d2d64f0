internal import COpenSSL
internal import CSHAKernels

/// The MAC check of one candidate: key = H^c(D ‖ S ‖ P) (RFC 7292 B.2, ID 3), then HMAC over
/// the authenticated safe. D ‖ S is the same for every candidate and compressed once.
final class MACSearch: Sendable {
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
        var state = SHABlock.initialState(parameters.digest)
        prefix.withUnsafeBufferPointer { buffer in
            guard let base = buffer.baseAddress else { return }
            for block in 0..<(prefix.count / 64) {
                SHABlock.compress(parameters.digest, &state, base + block * 64)
            }
        }
        prefixState = state
        prefixBlocks = prefix.count / 64
        initial = SHABlock.initialState(parameters.digest)
        // The inner hash's message is the key block, then the content.
        contentBlocks = Array(parameters.content) + SHABlock.padding(messageLength: 64 + parameters.content.count)
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
            state = SHABlock.initialState(digest)
            inner = state
            outer = state
            key = [UInt8](repeating: 0, count: digest.outputSize)
        }
    }

    /// Compressions of the whole file's MAC check per candidate: the derivation's iterations, the
    /// two blocks of P and its padding, and the HMAC's (two key blocks, the content, the outer
    /// hash's last block).
    var compressionsPerCandidate: Int {
        max(parameters.iterations, 1) + 1 + 3 + contentBlocks.count / 64
    }

    /// The candidate of `range` whose MAC matches: the first two compressions per candidate
    /// (P, then the padding), then every candidate's remaining `iterations − 1` compressions in
    /// kernel calls of at most ``PINRecovery/compressionsPerCheck`` compressions in all, with
    /// `shouldStop` asked before each (a deep count is no longer one call of minutes), then each
    /// HMAC. ``PINRecovery/BatchResult/stopped`` when `shouldStop` said so: no candidate of the
    /// batch was checked.
    func firstMatch(
        in range: Range<Int>,
        kernel: PINRecovery.Kernel,
        shouldStop: () -> Bool = { false }
    ) -> PINRecovery.BatchResult {
        let digest = parameters.digest
        let wordCount = digest.outputSize / 4
        var digests = [UInt32](repeating: 0, count: wordCount * range.count)
        var scratch = Scratch(digest)
        for (lane, candidate) in range.enumerated() {
            for index in 0..<wordCount { scratch.state[index] = prefixState[index] }
            Self.fillPassword(candidate, into: &scratch.block)
            SHABlock.compress(digest, &scratch.state, scratch.block)
            // The final padding block: the message is a whole number of blocks.
            let bits = UInt64((prefixBlocks + 1) * 512)
            for index in 0..<64 { scratch.block[index] = 0 }
            scratch.block[0] = 0x80
            for index in 0..<8 { scratch.block[56 + index] = UInt8(truncatingIfNeeded: bits >> (56 - 8 * index)) }
            SHABlock.compress(digest, &scratch.state, scratch.block)
            for index in 0..<wordCount { digests[lane * wordCount + index] = scratch.state[index] }
        }
        var rounds = UInt32(max(parameters.iterations - 1, 0))
        // Each slice continues the same chains: rehashing r then s times is rehashing r + s times.
        let slice = UInt32(max(1, PINRecovery.compressionsPerCheck / max(range.count, 1)))
        while rounds > 0 {
            if shouldStop() { return .stopped }
            let now = min(rounds, slice)
            Self.rehash(digest, &digests, lanes: range.count, rounds: now, kernel: kernel, block: &scratch.block)
            rounds -= now
        }
        for (lane, candidate) in range.enumerated() {
            for index in 0..<wordCount {
                let word = digests[lane * wordCount + index]
                for byte in 0..<4 {
                    scratch.key[4 * index + byte] = UInt8(truncatingIfNeeded: word >> (24 - 8 * byte))
                }
            }
            if macMatches(&scratch) { return .match(candidate) }
        }
        return .noMatch
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
        let iv = SHABlock.initialState(digest)
        SHABlock.pad(&block, after: size, messageLength: size)
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
        SHABlock.compress(digest, &scratch.inner, scratch.pad)
        contentBlocks.withUnsafeBufferPointer { buffer in
            guard let base = buffer.baseAddress else { return }
            for block in 0..<(buffer.count / 64) { SHABlock.compress(digest, &scratch.inner, base + 64 * block) }
        }
        for index in 0..<64 { scratch.pad[index] = 0x5C ^ (index < size ? scratch.key[index] : 0) }
        for index in 0..<size / 4 { scratch.outer[index] = iv[index] }
        SHABlock.compress(digest, &scratch.outer, scratch.pad)
        SHABlock.store(scratch.inner, into: &scratch.block)
        SHABlock.pad(&scratch.block, after: size, messageLength: 64 + size)
        SHABlock.compress(digest, &scratch.outer, scratch.block)
        SHABlock.store(scratch.outer, into: &scratch.block)
        return scratch.block.prefix(size).elementsEqual(parameters.mac)
    }
}
