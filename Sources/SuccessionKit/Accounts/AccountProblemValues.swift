// The typed value of the accounts' problems: Support knows only text, numbers, dates and paths.

extension ProblemValue where Value == AccountKind {
    /// ``ProblemValueKey/kind`` as an account kind (`password.default`).
    public static var accountKind: Self {
        Self(.kind, read: { AccountKind(rawValue: $0) }, write: { $0.rawValue })
    }
}
