/// One thing a check found wrong (or worth a warning), with a stable ``code`` and the
/// values that explain it.
///
/// Every check in SuccessionKit reports all of its problems at once, never only the first.
/// A tool decides on ``code`` (stable across releases) and shows ``message(in:)`` to people.
public struct Problem: Sendable, Hashable, Codable, CustomStringConvertible {
    /// What kind of problem this is; stable across releases.
    public var code: ProblemCode
    /// Whether the problem stops the work (``Severity/error``) or only deserves attention.
    public var severity: Severity
    /// The values that explain the problem (a position, the expected digit, a row name, …),
    /// keyed by ``ProblemValueKey``. Never holds a secret.
    public var values: [ProblemValueKey: String]

    /// Creates a problem.
    public init(_ code: ProblemCode, severity: Severity = .error, values: [ProblemValueKey: String] = [:]) {
        self.code = code
        self.severity = severity
        self.values = values
    }

    /// The value for `key`, if the problem has one.
    public subscript(key: ProblemValueKey) -> String? {
        values[key]
    }

    public var description: String {
        "\(code): \(message(in: .english))"
    }

    private enum CodingKeys: String, CodingKey {
        case code, severity, values, message
    }

    /// The key of an encoder's `userInfo` that asks for each problem's message: its value is a
    /// ``Language``, and every ``Problem`` the encoder writes carries `"message"` in it (a
    /// decoder ignores it: the code and values are the problem).
    ///
    /// ```swift
    /// let encoder = JSONEncoder()
    /// encoder.userInfo[Problem.messageLanguage] = Language.japanese
    /// let json = try encoder.encode(error.problems)   // [{"code": …, "message": "…", …}]
    /// ```
    public static let messageLanguage: CodingUserInfoKey = {
        guard let key = CodingUserInfoKey(rawValue: "SuccessionKit.Problem.messageLanguage") else {
            preconditionFailure("a constant key")
        }
        return key
    }()

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        self.code = try container.decode(ProblemCode.self, forKey: .code)
        self.severity = try container.decode(Severity.self, forKey: .severity)
        let raw = try container.decodeIfPresent([String: String].self, forKey: .values) ?? [:]
        self.values = Dictionary(uniqueKeysWithValues: raw.map { (ProblemValueKey(rawValue: $0.key), $0.value) })
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(code, forKey: .code)
        try container.encode(severity, forKey: .severity)
        try container.encode(
            Dictionary(uniqueKeysWithValues: values.map { ($0.key.rawValue, $0.value) }),
            forKey: .values
        )
        if let language = encoder.userInfo[Self.messageLanguage] as? Language {
            try container.encode(message(in: language), forKey: .message)
        }
    }
}

/// How much a ``Problem`` matters.
public enum Severity: String, Sendable, Hashable, Codable, Comparable {
    /// The work cannot go on until this is fixed.
    case error
    /// The work can go on, but someone should look.
    case warning

    public static func < (lhs: Severity, rhs: Severity) -> Bool {
        // Errors sort first.
        lhs == .error && rhs == .warning
    }
}

extension Array where Element == Problem {
    /// Whether any problem is an ``Severity/error``.
    public var containsError: Bool {
        contains { $0.severity == .error }
    }

    /// The contract of every check: errors decide, warnings inform. `true` when no problem is
    /// an error — the certificate may be installed, the code used — whatever warnings say.
    public var isAcceptable: Bool { !containsError }
}
