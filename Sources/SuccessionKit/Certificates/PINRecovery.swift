import Dispatch
import Foundation
import Synchronization
internal import COpenSSL

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

    /// The outcome of a search.
    public struct Result: Sendable {
        /// The PIN, confirmed by opening the file; `nil` when no 4-digit PIN opens it.
        public let pin: CertificatePIN?
        /// How many candidates were tried.
        public let tried: Int
        public let method: Method
    }

    /// Searches `0000`–`9999`.
    ///
    /// - Parameters:
    ///   - threads: how many threads (default: one per active core).
    ///   - progress: called now and then with (tried, 10000), from a worker thread.
    /// - Throws: ``SuccessionError`` with `pkcs12.malformed` or `pkcs12.unsupportedAlgorithm` when
    ///   the file cannot be searched.
    public static func recover(
        _ bytes: [UInt8],
        threads: Int? = nil,
        progress: (@Sendable (Int, Int) -> Void)? = nil
    ) throws(SuccessionError) -> Result {
        let total = 10_000
        let method: Method
        let check: @Sendable (Int) -> Bool
        if let parameters = PKCS12MACParameters(bytes) {
            method = .mac
            let search = MACSearch(parameters)
            check = { search.matches(candidate: $0) }
        } else {
            // Opening with an arbitrary PIN tells whether the file can be searched at all.
            do {
                _ = try PKCS12Bundle(bytes: bytes, pin: CertificatePIN("0000"))
                return Result(pin: CertificatePIN("0000"), tried: 1, method: .decryption)
            } catch  where error.code == .pkcs12WrongPIN {
                // Expected: search on.
            }
            let hasMAC = OpenSSLMACSearch(bytes)
            if let hasMAC {
                method = .openSSLMAC
                check = { hasMAC.matches(candidate: $0) }
            } else {
                method = .decryption
                check = { (try? PKCS12Bundle(bytes: bytes, pin: CertificatePIN(Self.pin($0)))) != nil }
            }
        }
        let found = Atomic<Int>(-1)
        let tried = Atomic<Int>(0)
        let workers = max(1, threads ?? ProcessInfo.processInfo.activeProcessorCount)
        DispatchQueue.concurrentPerform(iterations: workers) { worker in
            var candidate = worker
            while candidate < total, found.load(ordering: .relaxed) < 0 {
                if check(candidate) {
                    _ = found.compareExchange(expected: -1, desired: candidate, ordering: .relaxed)
                }
                let done = tried.add(1, ordering: .relaxed).newValue
                if done % 250 == 0 { progress?(done, total) }
                candidate += workers
            }
        }
        let match = found.load(ordering: .relaxed)
        guard match >= 0 else { return Result(pin: nil, tried: tried.load(ordering: .relaxed), method: method) }
        let pin = CertificatePIN(Self.pin(match))
        _ = try PKCS12Bundle(bytes: bytes, pin: pin)  // confirmed by a full open
        return Result(pin: pin, tried: tried.load(ordering: .relaxed), method: method)
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
    }

    func matches(candidate: Int) -> Bool {
        let digest = parameters.digest
        let size = digest.outputSize
        let wordCount = size / 4
        // P: the PIN as a BMPString with its two-byte terminator, repeated to 64 bytes.
        var bmp: [UInt8] = []
        for byte in PINRecovery.pin(candidate).utf8 { bmp += [0, byte] }
        bmp += [0, 0]
        let block = UnsafeMutableRawPointer.allocate(byteCount: 64, alignment: 16)
        defer { block.deallocate() }
        let bytes = block.assumingMemoryBound(to: UInt8.self)
        for index in 0..<64 { bytes[index] = bmp[index % bmp.count] }
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
        var mac = [UInt8](repeating: 0, count: 64)
        var length: UInt32 = 0
        let md = digest == .sha1 ? EVP_sha1() : EVP_sha256()
        parameters.content.withUnsafeBufferPointer { content in
            _ = HMAC(md, key, Int32(size), content.baseAddress, content.count, &mac, &length)
        }
        return mac.prefix(Int(length)).elementsEqual(parameters.mac)
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

    /// The state as the digest's big-endian bytes, at the start of `block`.
    private static func store(_ state: [UInt32], into block: UnsafeMutablePointer<UInt8>) {
        for (index, word) in state.enumerated() {
            block[4 * index] = UInt8(word >> 24)
            block[4 * index + 1] = UInt8(truncatingIfNeeded: word >> 16)
            block[4 * index + 2] = UInt8(truncatingIfNeeded: word >> 8)
            block[4 * index + 3] = UInt8(truncatingIfNeeded: word)
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
        bytes.withUnsafeBufferPointer { buffer in
            var cursor = buffer.baseAddress
            guard let p12 = d2i_PKCS12(nil, &cursor, buffer.count) else { return nil }
            defer { PKCS12_free(p12) }
            defer { ERR_clear_error() }
            return body(p12)
        }
    }
}
