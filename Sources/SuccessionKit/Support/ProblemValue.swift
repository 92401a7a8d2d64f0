public import Foundation
public import SystemPackage

/// A ``ProblemValueKey`` together with the Swift type of its value.
///
/// A problem's values are text, the form `--json` prints; `ProblemValue` is the one place that
/// knows how each is written and read, so that a tool compares numbers, dates and kinds, not
/// strings:
///
/// ```swift
/// for problem in reading.problems where problem.code == .codeCheckDigit {
///     let position = problem.value(.position)       // Int?
///     let expected = problem.value(.expectedDigit)  // Int?
///     let rule = problem.value(.rule)               // CheckDigitRule?
/// }
/// ```
///
/// A value that is absent, or that does not read as the type, is `nil`.
public struct ProblemValue<Value: Sendable>: Sendable {
    /// The key the value is stored under.
    public let key: ProblemValueKey
    private let read: @Sendable (String) -> Value?
    private let write: @Sendable (Value) -> String

    /// A typed view of `key`, with how its text is read and written.
    public init(
        _ key: ProblemValueKey,
        read: @escaping @Sendable (String) -> Value?,
        write: @escaping @Sendable (Value) -> String
    ) {
        self.key = key
        self.read = read
        self.write = write
    }

    func value(in text: String) -> Value? { read(text) }
    func text(for value: Value) -> String { write(value) }
}

extension Problem {
    /// The value of `key`, read as its type; `nil` when the problem has none or it does not read.
    public func value<Value>(_ key: ProblemValue<Value>) -> Value? {
        values[key.key].flatMap(key.value(in:))
    }

    /// Stores `value` under `key`, written as the typed key writes it.
    public mutating func set<Value>(_ key: ProblemValue<Value>, _ value: Value) {
        values[key.key] = key.text(for: value)
    }

    /// A copy with `value` stored under `key`.
    public func with<Value>(_ key: ProblemValue<Value>, _ value: Value) -> Problem {
        var copy = self
        copy.set(key, value)
        return copy
    }
}

extension ProblemValue where Value == String {
    /// A key whose value is text, as it is.
    public init(text key: ProblemValueKey) {
        self.init(key, read: { $0 }, write: { $0 })
    }
}

extension ProblemValue where Value == Int {
    /// A key whose value is a decimal integer.
    public init(integer key: ProblemValueKey) {
        self.init(key, read: { Int($0) }, write: { String($0) })
    }

    /// ``ProblemValueKey/position``: a 1-based position in the typed text.
    public static var position: Self { Self(integer: .position) }
    /// ``ProblemValueKey/count``: how many were found.
    public static var count: Self { Self(integer: .count) }
    /// ``ProblemValueKey/line``: a 1-based line number.
    public static var line: Self { Self(integer: .line) }
    /// ``ProblemValueKey/firstLine``: the first line holding a value a later line repeats.
    public static var firstLine: Self { Self(integer: .firstLine) }
    /// ``ProblemValueKey/limit``: a limit in the unit its code says.
    public static var limit: Self { Self(integer: .limit) }
    /// ``ProblemValueKey/generation``: which earlier password (1 = the last one).
    public static var generation: Self { Self(integer: .generation) }
    /// ``ProblemValueKey/expected`` read as a digit: the check digit that would be right
    /// (`code.checkDigit`).
    public static var expectedDigit: Self { Self(integer: .expected) }
    /// ``ProblemValueKey/found`` read as a digit: the check digit typed (`code.checkDigit`).
    public static var foundDigit: Self { Self(integer: .found) }
}

extension ProblemValue where Value == Bool {
    /// A key whose value is `true` or `false`.
    public init(flag key: ProblemValueKey) {
        self.init(key, read: { Bool($0) }, write: { String($0) })
    }

    /// ``ProblemValueKey/otherRuleAccepts``: the other check-digit rule would accept the code.
    public static var otherRuleAccepts: Self { Self(flag: .otherRuleAccepts) }
    /// ``ProblemValueKey/sevenDigitCode``: only the 7-digit part of a code seems typed.
    public static var sevenDigitCode: Self { Self(flag: .sevenDigitCode) }
}

extension ProblemValue where Value == Date {
    /// A key whose value is a date in ISO 8601 (UTC).
    public init(date key: ProblemValueKey) {
        self.init(key, read: { ISO8601.date($0) }, write: { ISO8601.string($0) })
    }

    /// ``ProblemValueKey/date``: the date a check was made for.
    public static var date: Self { Self(date: .date) }
    /// ``ProblemValueKey/notBefore``: the start of a validity period.
    public static var notBefore: Self { Self(date: .notBefore) }
    /// ``ProblemValueKey/notAfter``: the end of a validity period.
    public static var notAfter: Self { Self(date: .notAfter) }
}

extension ProblemValue where Value == FilePath {
    /// ``ProblemValueKey/path``: the file the problem is about.
    public static var path: Self { Self(.path, read: { FilePath($0) }, write: { $0.string }) }
}

extension ProblemValue where Value == String {
    /// ``ProblemValueKey/found``: the value found.
    public static var found: Self { Self(text: .found) }
    /// ``ProblemValueKey/expected``: the value that would be right.
    public static var expected: Self { Self(text: .expected) }
    /// ``ProblemValueKey/character``: the character found at the problem's position.
    public static var character: Self { Self(text: .character) }
    /// ``ProblemValueKey/suggestion``: what was probably meant.
    public static var suggestion: Self { Self(text: .suggestion) }
    /// ``ProblemValueKey/field``: a stable field identifier.
    public static var field: Self { Self(text: .field) }
    /// ``ProblemValueKey/row``: the row of a paper or file the problem is in.
    public static var row: Self { Self(text: .row) }
    /// ``ProblemValueKey/reason``: the operating system's reason.
    public static var reason: Self { Self(text: .reason) }
    /// ``ProblemValueKey/instruction``: what to do, in the library's words.
    public static var instruction: Self { Self(text: .instruction) }
    /// ``ProblemValueKey/steps``: step marks, joined with 「・」.
    public static var steps: Self { Self(text: .steps) }
}
