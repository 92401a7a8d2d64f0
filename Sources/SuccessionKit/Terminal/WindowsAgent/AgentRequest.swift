/// One request of the Windows agent's protocol 1 (`Windows/Agent/PROTOCOL.md`): an op and its
/// fields, in order. The connection adds the `id`.
///
/// A secret (a 証明書パスワード, an archive's password, a credential's password) is a field of its
/// own kind, so that it travels only inside the request line on the agent's standard input —
/// never in argv, an error, a log — and the line that held it is wiped once it is written.
///
/// ```swift
/// let reply = try await connection.send(AgentRequest("cred.read", ["target": .text("OQS_LOGIN_KEY")]))
/// let user = reply.string("userName")
/// ```
public struct AgentRequest: Sendable {
    /// A field's value.
    public enum Value: Sendable {
        /// A JSON string.
        case text(String)
        /// A JSON integer.
        case integer(Int)
        /// A JSON `true` or `false`.
        case flag(Bool)
        /// A JSON array of strings (a `keep` list).
        case texts([String])
        /// A secret string: a 証明書パスワード or a PFX's password.
        case pin(CertificatePIN)
        /// A secret string: a credential's password.
        case password(AccountPassword)

        var isSecret: Bool {
            switch self {
            case .pin, .password: true
            case .text, .integer, .flag, .texts: false
            }
        }
    }

    /// The op (`cert.list`, `cred.write`, …).
    public let op: String
    /// The fields, in the order they are written.
    public let fields: [(name: String, value: Value)]

    /// A request of `op` with `fields`, written in the order given.
    public init(_ op: String, _ fields: KeyValuePairs<String, Value> = [:]) {
        self.op = op
        self.fields = fields.map { (name: $0.key, value: $0.value) }
    }

    /// Whether a field is a secret: such a request is never kept or shown anywhere.
    public var holdsSecret: Bool { fields.contains { $0.value.isSecret } }

    /// The request line, `\n` included, in storage that is wiped when it goes away.
    func line(id: Int) -> SecretBytes {
        var bytes: [UInt8] = []
        // Room for the whole line at once: a growing array would leave copies of a secret behind.
        bytes.reserveCapacity(64 + fields.reduce(0) { $0 + $1.name.utf8.count + 6 * Self.size(of: $1.value) })
        bytes += Array(#"{"id":\#(id),"op":"#.utf8)
        Self.appendString(op.utf8, to: &bytes)
        for (name, value) in fields {
            bytes.append(UInt8(ascii: ","))
            Self.appendString(name.utf8, to: &bytes)
            bytes.append(UInt8(ascii: ":"))
            switch value {
            case .text(let text): Self.appendString(text.utf8, to: &bytes)
            case .integer(let number): bytes += Array(String(number).utf8)
            case .flag(let flag): bytes += Array((flag ? "true" : "false").utf8)
            case .texts(let texts):
                bytes.append(UInt8(ascii: "["))
                for (index, text) in texts.enumerated() {
                    if index > 0 { bytes.append(UInt8(ascii: ",")) }
                    Self.appendString(text.utf8, to: &bytes)
                }
                bytes.append(UInt8(ascii: "]"))
            case .pin(let pin):
                pin.withCString { pointer, count in
                    Self.appendString(UnsafeRawBufferPointer(start: pointer, count: Int(count)), to: &bytes)
                }
            case .password(let password):
                var text = Array(password.revealed().utf8)
                Self.appendString(text, to: &bytes)
                text.withUnsafeMutableBytes { SecretBytes.cleanse($0) }
            }
        }
        bytes += Array("}\n".utf8)
        return SecretBytes(wiping: &bytes)
    }

    /// An upper bound of a value's length before escaping.
    private static func size(of value: Value) -> Int {
        switch value {
        case .text(let text): text.utf8.count
        case .integer: 20
        case .flag: 5
        case .texts(let texts): texts.reduce(2) { $0 + $1.utf8.count + 3 }
        case .pin: 64
        case .password(let password): password.revealed().utf8.count
        }
    }

    /// A JSON string of UTF-8 bytes (RFC 8259): `"` and `\` escaped, control characters as
    /// `\u00XX`; everything else as it is (the agent reads UTF-8).
    private static func appendString(_ text: some Sequence<UInt8>, to bytes: inout [UInt8]) {
        let hex = Array("0123456789abcdef".utf8)
        bytes.append(UInt8(ascii: "\""))
        for byte in text {
            switch byte {
            case UInt8(ascii: "\""), UInt8(ascii: "\\"):
                bytes += [UInt8(ascii: "\\"), byte]
            case 0..<0x20:
                bytes += Array(#"\u00"#.utf8) + [hex[Int(byte >> 4)], hex[Int(byte & 0xF)]]
            default:
                bytes.append(byte)
            }
        }
        bytes.append(UInt8(ascii: "\""))
    }
}

/// A successful reply of the Windows agent: the op's fields, read by name. Fields the program
/// does not know are kept (a later agent may add some) and never an error.
public struct AgentReply: Sendable {
    let fields: [String: JSONNode]

    init(fields: [String: JSONNode]) {
        self.fields = fields
    }

    /// The names of the reply's fields.
    public var names: [String] { fields.keys.sorted() }

    /// The string field `name`, or `nil` when it is absent, `null` or not a string.
    public func string(_ name: String) -> String? { fields[name]?.string }

    /// The integer field `name`.
    public func integer(_ name: String) -> Int? {
        if case .integer(let value) = fields[name] { return value }
        return nil
    }

    /// The boolean field `name` (`nil` for `null`, as the agent says "unknown").
    public func flag(_ name: String) -> Bool? {
        if case .bool(let value) = fields[name] { return value }
        return nil
    }

    /// Whether field `name` is there and `null`.
    public func isNull(_ name: String) -> Bool { fields[name] == .null }

    /// The object field `name`.
    public func object(_ name: String) -> AgentReply? {
        if case .object(let value) = fields[name] { return AgentReply(fields: value) }
        return nil
    }

    /// The array-of-objects field `name` (`certificates`, `caCertificates`).
    public func objects(_ name: String) -> [AgentReply]? {
        guard case .array(let values) = fields[name] else { return nil }
        return values.compactMap { value in
            if case .object(let fields) = value { return AgentReply(fields: fields) }
            return nil
        }
    }

    /// The string field `name`, or `agent.badReply` naming what is missing.
    func required(_ name: String, of op: String) throws(SuccessionError) -> String {
        guard let value = string(name) else { throw AgentReply.missing(name, of: op) }
        return value
    }

    /// The boolean field `name`, or `agent.badReply`.
    func requiredFlag(_ name: String, of op: String) throws(SuccessionError) -> Bool {
        guard let value = flag(name) else { throw AgentReply.missing(name, of: op) }
        return value
    }

    static func missing(_ name: String, of op: String) -> SuccessionError {
        SuccessionError(.agentBadReply, values: [.field: op, .detail: "no field \(name)"])
    }
}
