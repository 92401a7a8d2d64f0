// The typed values of the codes' problems: Support knows only text, numbers, dates and paths.

extension ProblemValue where Value == CheckDigitRule {
    /// ``ProblemValueKey/rule``: the check-digit rule the code was checked with.
    public static var rule: Self {
        Self(.rule, read: { CheckDigitRule(rawValue: $0) }, write: { $0.rawValue })
    }
}

extension ProblemValue where Value == Prefecture {
    /// ``ProblemValueKey/prefecture``: the prefecture the code's first two digits name.
    public static var prefecture: Self {
        Self(.prefecture, read: { Int($0).flatMap(Prefecture.init(number:)) }, write: { $0.digits })
    }
}

extension ProblemValue where Value == FacilityKind {
    /// ``ProblemValueKey/kind`` as a facility kind (`code.noTerminalProcedure`).
    public static var facilityKind: Self {
        Self(
            .kind,
            read: { text in FacilityKind.allCases.first { $0.identifier == text } },
            write: { $0.identifier }
        )
    }
}

extension ProblemValue where Value == TerminalKind {
    /// ``ProblemValueKey/kind`` as a terminal kind (the account and registration-file checks).
    public static var terminalKind: Self {
        Self(.kind, read: { TerminalKind(rawValue: $0) }, write: { $0.rawValue })
    }
}
