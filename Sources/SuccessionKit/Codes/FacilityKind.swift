/// The kind of facility, from the 点数表番号 (third digit) of a ``MedicalInstitutionCode``.
public enum FacilityKind: Int, Sendable, Hashable, Codable, CaseIterable, CustomStringConvertible {
    /// 医科 — a hospital or clinic (digit 1).
    case medical = 1
    /// 歯科 — a dental clinic (digit 3).
    case dental = 3
    /// 調剤 — a pharmacy, 薬局 (digit 4).
    case pharmacy = 4
    /// 訪問看護 — a home-nursing station (digit 6).
    case homeNursing = 6

    /// The kind whose 点数表番号 is `digit`, or `nil` when no facility of this system has it.
    public init?(digit: Int) {
        self.init(rawValue: digit)
    }

    /// The 点数表番号, the third digit of the code.
    public var digit: Int { rawValue }

    /// A stable identifier for tools: `medical`, `dental`, `pharmacy`, `homeNursing`.
    public var identifier: String {
        switch self {
        case .medical: "medical"
        case .dental: "dental"
        case .pharmacy: "pharmacy"
        case .homeNursing: "homeNursing"
        }
    }

    /// The Japanese name: 医科, 歯科, 調剤（薬局）, 訪問看護.
    public var japaneseName: String {
        switch self {
        case .medical: "医科"
        case .dental: "歯科"
        case .pharmacy: "調剤（薬局）"
        case .homeNursing: "訪問看護"
        }
    }

    /// The English name.
    public var englishName: String {
        switch self {
        case .medical: "medical"
        case .dental: "dental"
        case .pharmacy: "pharmacy"
        case .homeNursing: "home nursing"
        }
    }

    /// The name in `language`.
    public func name(in language: Language) -> String {
        language == .japanese ? japaneseName : englishName
    }

    /// The kind of オン資 terminal such a facility runs, or `nil` for 訪問看護, which has
    /// no face-authentication card-reader procedure in the succession manual.
    public var terminalKind: TerminalKind? {
        switch self {
        case .medical, .dental: .medicalDental
        case .pharmacy: .pharmacy
        case .homeNursing: nil
        }
    }

    public var description: String { japaneseName }
}
