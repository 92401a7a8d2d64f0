/// The members of a JSON object as the file gives them: every key, in order, repeated keys
/// included — what `JSONSerialization` cannot tell (it keeps one value of a repeated key).
///
/// Only called on bytes `JSONSerialization` has accepted as an object, but written to stop
/// (`nil`) rather than trap on anything else.
enum JSONMembers {
    /// The top-level object's members: a string value decoded, any other value as its JSON text.
    static func topLevel(_ bytes: [UInt8]) -> [(key: String, value: String)]? {
        var scanner = Scanner(bytes: bytes)
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { scanner.offset = 3 }
        scanner.skipWhitespace()
        guard scanner.take(UInt8(ascii: "{")) else { return nil }
        var members: [(key: String, value: String)] = []
        scanner.skipWhitespace()
        if scanner.take(UInt8(ascii: "}")) { return members }
        while true {
            scanner.skipWhitespace()
            guard let key = scanner.string() else { return nil }
            scanner.skipWhitespace()
            guard scanner.take(UInt8(ascii: ":")) else { return nil }
            scanner.skipWhitespace()
            let value: String
            if scanner.peek == UInt8(ascii: "\"") {
                guard let text = scanner.string() else { return nil }
                value = text
            } else {
                let start = scanner.offset
                guard scanner.skipValue() else { return nil }
                var end = scanner.offset
                while end > start, [0x20, 0x09, 0x0A, 0x0D].contains(bytes[end - 1]) { end -= 1 }
                value = String(decoding: bytes[start..<end], as: UTF8.self)
            }
            members.append((key, value))
            scanner.skipWhitespace()
            if scanner.take(UInt8(ascii: ",")) { continue }
            return scanner.take(UInt8(ascii: "}")) ? members : nil
        }
    }

    private struct Scanner {
        let bytes: [UInt8]
        var offset = 0

        var peek: UInt8? { offset < bytes.count ? bytes[offset] : nil }

        mutating func take(_ byte: UInt8) -> Bool {
            guard peek == byte else { return false }
            offset += 1
            return true
        }

        mutating func skipWhitespace() {
            while let byte = peek, byte == 0x20 || byte == 0x09 || byte == 0x0A || byte == 0x0D { offset += 1 }
        }

        /// A string at the cursor, its escapes decoded (a lone surrogate becomes U+FFFD).
        mutating func string() -> String? {
            guard take(UInt8(ascii: "\"")) else { return nil }
            var utf8: [UInt8] = []
            var pendingHigh: UInt32?
            func flushHigh(_ utf8: inout [UInt8]) {
                if pendingHigh != nil { utf8 += Array("\u{FFFD}".utf8) }
                pendingHigh = nil
            }
            while let byte = peek {
                offset += 1
                switch byte {
                case UInt8(ascii: "\""):
                    flushHigh(&utf8)
                    return String(decoding: utf8, as: UTF8.self)
                case UInt8(ascii: "\\"):
                    guard let escaped = peek else { return nil }
                    offset += 1
                    if escaped == UInt8(ascii: "u") {
                        guard let unit = hex4() else { return nil }
                        if (0xD800...0xDBFF).contains(unit) {
                            flushHigh(&utf8)
                            pendingHigh = unit
                            continue
                        }
                        var scalarValue = unit
                        if (0xDC00...0xDFFF).contains(unit) {
                            guard let high = pendingHigh else {
                                utf8 += Array("\u{FFFD}".utf8)
                                continue
                            }
                            scalarValue = 0x10000 + ((high - 0xD800) << 10) + (unit - 0xDC00)
                            pendingHigh = nil
                        } else {
                            flushHigh(&utf8)
                        }
                        utf8 += Array(String(Unicode.Scalar(scalarValue) ?? "\u{FFFD}").utf8)
                        continue
                    }
                    flushHigh(&utf8)
                    switch escaped {
                    case UInt8(ascii: "b"): utf8.append(0x08)
                    case UInt8(ascii: "f"): utf8.append(0x0C)
                    case UInt8(ascii: "n"): utf8.append(0x0A)
                    case UInt8(ascii: "r"): utf8.append(0x0D)
                    case UInt8(ascii: "t"): utf8.append(0x09)
                    default: utf8.append(escaped)  // \" \\ \/
                    }
                default:
                    flushHigh(&utf8)
                    utf8.append(byte)
                }
            }
            return nil
        }

        private mutating func hex4() -> UInt32? {
            guard offset + 4 <= bytes.count else { return nil }
            var value: UInt32 = 0
            for byte in bytes[offset..<(offset + 4)] {
                let digit: UInt8
                switch byte {
                case UInt8(ascii: "0")...UInt8(ascii: "9"): digit = byte - UInt8(ascii: "0")
                case UInt8(ascii: "a")...UInt8(ascii: "f"): digit = byte - UInt8(ascii: "a") + 10
                case UInt8(ascii: "A")...UInt8(ascii: "F"): digit = byte - UInt8(ascii: "A") + 10
                default: return nil
                }
                value = value << 4 | UInt32(digit)
            }
            offset += 4
            return value
        }

        /// Past one value that is not a string: a number, `true`, `false`, `null`, or an object
        /// or array (whose strings may hold brackets).
        mutating func skipValue() -> Bool {
            var depth = 0
            let start = offset
            while let byte = peek {
                switch byte {
                case UInt8(ascii: "\""):
                    guard string() != nil else { return false }
                    continue
                case UInt8(ascii: "{"), UInt8(ascii: "["):
                    depth += 1
                case UInt8(ascii: "}"), UInt8(ascii: "]"):
                    if depth == 0 { return offset > start }
                    depth -= 1
                case UInt8(ascii: ","):
                    if depth == 0 { return offset > start }
                default:
                    break
                }
                offset += 1
            }
            return false
        }
    }
}
