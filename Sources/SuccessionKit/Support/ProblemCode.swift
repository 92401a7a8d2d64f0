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

/// The name of a value that explains a ``Problem`` (`position`, `expected`, …).
public struct ProblemValueKey: RawRepresentable, Sendable, Hashable, Codable, CustomStringConvertible {
    /// The key's stable name.
    public let rawValue: String

    /// Creates a key from its stable name.
    public init(rawValue: String) {
        self.rawValue = rawValue
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

extension ProblemValueKey {
    /// A file path.
    public static let path = ProblemValueKey(rawValue: "path")
    /// The operating system's reason, as text.
    public static let reason = ProblemValueKey(rawValue: "reason")
    /// A 1-based line number in a file.
    public static let line = ProblemValueKey(rawValue: "line")
    /// The name of the row of a paper or file the problem is in (shown before the message).
    public static let row = ProblemValueKey(rawValue: "row")
    /// How many were found.
    public static let count = ProblemValueKey(rawValue: "count")
    /// The value that would be right (shown whole, never shortened).
    public static let expected = ProblemValueKey(rawValue: "expected")
    /// What to do, in the library's own words (never typed input, so shown whole).
    public static let instruction = ProblemValueKey(rawValue: "instruction")
}
