/// The stable identifier of a kind of ``Problem``, such as `file.unreadable`.
///
/// A struct rather than an enum, so that new codes can be added without breaking
/// callers that switch over them. Each layer declares its family next to the concept it
/// checks (the `file.` codes here; the others in their own folders).
public struct ProblemCode: RawRepresentable, Sendable, Hashable, Codable, CustomStringConvertible {
    /// The dotted stable name, e.g. `file.unreadable`.
    public let rawValue: String

    /// Creates a code from its stable name.
    public init(rawValue: String) {
        self.rawValue = rawValue
    }

    public init(from decoder: any Decoder) throws {
        self.rawValue = try decoder.singleValueContainer().decode(String.self)
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(rawValue)
    }

    public var description: String { rawValue }
}

extension ProblemCode {
    /// A file could not be read (missing, a folder, no permission).
    public static let fileUnreadable = ProblemCode(rawValue: "file.unreadable")
    /// A file could not be written (full disk, read-only folder, no permission).
    public static let fileUnwritable = ProblemCode(rawValue: "file.unwritable")
    /// A file's text is neither UTF-8 nor Shift-JIS.
    public static let fileEncoding = ProblemCode(rawValue: "file.encoding")
}
