/// The parts of a `.p12` that its MAC covers, read straight from the DER: the digest, salt,
/// iteration count and MAC value, and the authenticated-safe bytes the HMAC runs over.
///
/// OpenSSL 3 keeps its `PKCS12` structure opaque; this small reader gives PIN recovery what it
/// needs without re-encoding anything. BER (indefinite lengths) is not read: such files take
/// OpenSSL's own `PKCS12_verify_mac` path instead.
struct PKCS12MACParameters {
    typealias DigestKind = PINRecovery.MACDigest

    let digest: DigestKind
    let salt: [UInt8]
    let iterations: Int
    let mac: [UInt8]
    let content: ArraySlice<UInt8>

    private static let sha1OID: [UInt8] = [0x2B, 0x0E, 0x03, 0x02, 0x1A]
    private static let sha256OID: [UInt8] = [0x60, 0x86, 0x48, 0x01, 0x65, 0x03, 0x04, 0x02, 0x01]

    init?(_ der: [UInt8]) {
        var reader = DERReader(der[...])
        guard var pfx = reader.read(tag: 0x30) else { return nil }
        guard pfx.read(tag: 0x02) != nil, var contentInfo = pfx.read(tag: 0x30) else { return nil }
        guard contentInfo.read(tag: 0x06) != nil, var explicit = contentInfo.read(tag: 0xA0),
            let content = explicit.read(tag: 0x04)?.bytes
        else { return nil }
        guard var macData = pfx.read(tag: 0x30), var digestInfo = macData.read(tag: 0x30),
            var algorithm = digestInfo.read(tag: 0x30), let oid = algorithm.read(tag: 0x06)?.bytes,
            let mac = digestInfo.read(tag: 0x04)?.bytes, let salt = macData.read(tag: 0x04)?.bytes
        else { return nil }
        var iterations = 1
        if let integer = macData.read(tag: 0x02)?.bytes {
            guard integer.count <= 4 else { return nil }
            iterations = integer.reduce(0) { $0 << 8 | Int($1) }
        }
        switch Array(oid) {
        case Self.sha1OID: digest = .sha1
        case Self.sha256OID: digest = .sha256
        default: return nil
        }
        guard iterations >= 1, mac.count == digest.outputSize else { return nil }
        self.salt = Array(salt)
        self.iterations = iterations
        self.mac = Array(mac)
        self.content = content
    }
}

/// A minimal DER reader: definite lengths only.
struct DERReader {
    private(set) var bytes: ArraySlice<UInt8>

    init(_ bytes: ArraySlice<UInt8>) {
        self.bytes = bytes
    }

    /// The contents of the next element if it has `tag`.
    mutating func read(tag: UInt8) -> DERReader? {
        guard let first = bytes.first, first == tag, bytes.count >= 2 else { return nil }
        var index = bytes.index(after: bytes.startIndex)
        let lengthByte = bytes[index]
        index = bytes.index(after: index)
        var length = 0
        if lengthByte < 0x80 {
            length = Int(lengthByte)
        } else {
            let count = Int(lengthByte & 0x7F)
            guard count >= 1, count <= 4, bytes.distance(from: index, to: bytes.endIndex) >= count else { return nil }
            for _ in 0..<count {
                length = length << 8 | Int(bytes[index])
                index = bytes.index(after: index)
            }
        }
        guard bytes.distance(from: index, to: bytes.endIndex) >= length else { return nil }
        let end = bytes.index(index, offsetBy: length)
        let contents = bytes[index..<end]
        bytes = bytes[end...]
        return DERReader(contents)
    }
}

extension PINRecovery.MACDigest {
    /// The digest's size in bytes.
    var outputSize: Int { self == .sha1 ? 20 : 32 }
}
