/// The setting of an オン資 terminal — 医科歯科 or 薬局 — which decides its linkage account.
///
/// A terminal's kind follows from the facility's code (``FacilityKind/terminalKind``) and
/// shows in the user name of its `OQS_LOGIN_KEY` credential. How a job works a terminal
/// (sandbox, attended, an integrator's backend) is ``TerminalDescription/Backend``, another thing.
public enum TerminalKind: String, Sendable, Hashable, Codable, CaseIterable, CustomStringConvertible {
    /// 医科歯科 — hospitals, clinics and dental clinics.
    case medicalDental
    /// 薬局 — pharmacies.
    case pharmacy

    /// The linkage account (連携アカウント) of this kind of terminal: `R0RENK01` or `R1RENK01`
    /// (the second character is the digit zero or one, never a letter).
    public var linkageAccountID: String {
        switch self {
        case .medicalDental: "R0RENK01"
        case .pharmacy: "R1RENK01"
        }
    }

    /// The Japanese name: 医科歯科 or 薬局.
    public var japaneseName: String {
        switch self {
        case .medicalDental: "医科歯科"
        case .pharmacy: "薬局"
        }
    }

    /// The English name.
    public var englishName: String {
        switch self {
        case .medicalDental: "medical/dental"
        case .pharmacy: "pharmacy"
        }
    }

    /// The name in `language`.
    public func name(in language: Language) -> String {
        language == .japanese ? japaneseName : englishName
    }

    public var description: String { japaneseName }
}
