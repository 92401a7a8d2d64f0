import CSHAKernels
import COpenSSL
import Foundation
import Testing

/// The iterated-digest kernels of PIN recovery against OpenSSL's SHA-256 and SHA-1, on random
/// digests and iteration counts, each lane of an interleaved call on its own, on every path.
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

    static let paths: [csha_implementation] = [CSHA_AUTOMATIC, CSHA_PORTABLE, CSHA_SHA_EXTENSIONS]

    @Test(
        "Each lane equals OpenSSL's digest iterated as often: 1, 2, 2,048 and odd counts, 1 to 5 lanes",
        arguments: Digest.allCases,
        [1, 2, 3, 7, 2048] as [UInt32]
    )
    func matchesOpenSSL(_ digest: Digest, _ count: UInt32) {
        var generator = SystemRandomNumberGenerator()
        for path in Self.paths {
            for lanes in 1...5 {
                let input = (0..<(lanes * digest.words)).map { _ in UInt32.random(in: .min ... .max, using: &generator)
                }
                var digests = input
                _ = digest.rehash(&digests, lanes: lanes, count: count, path)
                for lane in 0..<lanes {
                    let range = (lane * digest.words)..<((lane + 1) * digest.words)
                    #expect(
                        Array(digests[range]) == digest.reference(Array(input[range]), count: count),
                        "\(digest) path \(path.rawValue), lane \(lane) of \(lanes), \(count) times"
                    )
                }
            }
        }
    }

    @Test("Lanes are independent: one lane's digest does not depend on its neighbours'")
    func lanesIndependent() {
        for digest in Digest.allCases {
            let lone = (0..<digest.words).map { UInt32($0 * 0x0101_0101) }
            var alone = lone
            _ = digest.rehash(&alone, lanes: 1, count: 5, CSHA_AUTOMATIC)
            for neighbour: UInt32 in [0, 0xFFFF_FFFF] {
                var three =
                    Array(repeating: neighbour, count: digest.words) + lone
                    + Array(repeating: neighbour, count: digest.words)
                _ = digest.rehash(&three, lanes: 3, count: 5, CSHA_AUTOMATIC)
                #expect(Array(three[digest.words..<(2 * digest.words)]) == alone)
            }
        }
    }

    @Test("The portable path is taken when asked; the SHA extensions only where CPUID reports them")
    func pathChoice() {
        var digests = [UInt32](repeating: 1, count: 8)
        #expect(Digest.sha256.rehash(&digests, lanes: 1, count: 1, CSHA_PORTABLE) == CSHA_PORTABLE)
        let best = csha_best_implementation()
        #expect(Digest.sha256.rehash(&digests, lanes: 1, count: 1, CSHA_SHA_EXTENSIONS) == best)
        #if !(arch(x86_64) || arch(i386))
        #expect(best == CSHA_PORTABLE, "no SHA-NI off x86")
        #endif
    }
}
