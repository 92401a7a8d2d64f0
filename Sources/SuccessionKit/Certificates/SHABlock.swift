internal import COpenSSL

/// SHA-1 and SHA-256 one 64-byte block at a time (FIPS 180-4), over OpenSSL's raw compression
/// functions: the parts PIN recovery's MAC check is built from, so that no candidate allocates.
enum SHABlock {
    static func initialState(_ digest: PINRecovery.MACDigest) -> [UInt32] {
        switch digest {
        case .sha1: [0x6745_2301, 0xEFCD_AB89, 0x98BA_DCFE, 0x1032_5476, 0xC3D2_E1F0]
        case .sha256:
            [0x6A09_E667, 0xBB67_AE85, 0x3C6E_F372, 0xA54F_F53A, 0x510E_527F, 0x9B05_688C, 0x1F83_D9AB, 0x5BE0_CD19]
        }
    }

    static func compress(
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

    static func compress(_ digest: PINRecovery.MACDigest, _ state: inout [UInt32], _ block: [UInt8]) {
        block.withUnsafeBufferPointer { buffer in
            guard let base = buffer.baseAddress else { return }
            compress(digest, &state, base)
        }
    }

    /// The state words as the digest's big-endian bytes, at the start of `block`.
    static func store(_ state: [UInt32], into block: inout [UInt8]) {
        for (index, word) in state.enumerated() {
            for byte in 0..<4 { block[4 * index + byte] = UInt8(truncatingIfNeeded: word >> (24 - 8 * byte)) }
        }
    }

    /// The padding of a message of `messageLength` bytes: 0x80, zeros, and the length in bits
    /// (big-endian), to the end of a block.
    static func padding(messageLength: Int) -> [UInt8] {
        var padding: [UInt8] = [0x80]
        while (messageLength + padding.count) % 64 != 56 { padding.append(0) }
        let bits = UInt64(messageLength) * 8
        for index in 0..<8 { padding.append(UInt8(truncatingIfNeeded: bits >> (56 - 8 * index))) }
        return padding
    }

    /// Writes the padding in place in the last block of a message of `messageLength` bytes whose
    /// last `offset` bytes are already at the start of `block` (`offset` < 56).
    static func pad(_ block: inout [UInt8], after offset: Int, messageLength: Int) {
        for index in offset..<64 { block[index] = 0 }
        block[offset] = 0x80
        let bits = UInt64(messageLength) * 8
        for index in 0..<8 { block[56 + index] = UInt8(truncatingIfNeeded: bits >> (56 - 8 * index)) }
    }
}
