/// The accounts of one facility's terminal, derived from its code (<doc:AccountsAndPasswords>): the admin
/// `OnsKANRI`, the face-authentication `F0FACE01`, the linkage account of the terminal's kind,
/// and the master account with its reset ID.
public struct AccountSet: Sendable, Hashable, Codable {
    /// The terminal's kind, which decides the linkage account.
    public let terminalKind: TerminalKind
    /// The master account, when known.
    public let master: AccountID?

    /// The accounts of a facility with `code`; `nil` for 訪問看護, which has no terminal
    /// procedure in the manual.
    public init?(code: MedicalInstitutionCode, master: AccountID? = nil) {
        guard let kind = code.terminalKind else { return nil }
        self.init(terminalKind: kind, master: master)
    }

    /// The accounts of a terminal of `kind` (its linkage account is `R0RENK01` or `R1RENK01`),
    /// with the master account's ID when the paper gives it.
    public init(terminalKind: TerminalKind, master: AccountID? = nil) {
        self.terminalKind = terminalKind
        self.master = master
    }

    /// `OnsKANRI`.
    public var admin: AccountID { .admin }
    /// `F0FACE01`.
    public var faceAuth: AccountID { .faceAuth }
    /// `R0RENK01` or `R1RENK01`.
    public var linkage: AccountID { .linkage(terminalKind) }
    /// The master account + `R`.
    public var masterReset: AccountID? { master?.masterResetID }

    /// The terminal kind that `OQS_LOGIN_KEY`'s user name shows, and any look-alike in it.
    public static func terminalKind(loginKeyUser: String) -> (kind: TerminalKind?, problems: [Problem]) {
        let identified = AccountID.identify(loginKeyUser)
        guard identified.kind == .linkage, let id = identified.id else {
            return (nil, [Problem(.accountLoginKeyUser, values: [.found: loginKeyUser])])
        }
        let kind: TerminalKind = id == .linkage(.pharmacy) ? .pharmacy : .medicalDental
        return (kind, identified.problems)
    }

    /// Checks typed IDs and the login key's user against this facility: look-alikes, unknown
    /// IDs, and a linkage ID of the other terminal kind (a pharmacy code with `R0RENK01`).
    public func check(ids: [String], loginKeyUser: String? = nil) -> [Problem] {
        var problems: [Problem] = []
        if let loginKeyUser {
            let found = Self.terminalKind(loginKeyUser: loginKeyUser)
            problems += found.problems.map { $0.inRow("OQS_LOGIN_KEY") }
            if let kind = found.kind, kind != terminalKind {
                problems.append(kindMismatch(found: kind).inRow("OQS_LOGIN_KEY"))
            }
        }
        for typed in ids {
            let identified = AccountID.identify(typed)
            problems += identified.problems
            if identified.kind == .linkage, let id = identified.id, id != linkage {
                problems.append(kindMismatch(found: id == .linkage(.pharmacy) ? .pharmacy : .medicalDental))
            }
            if identified.kind == .masterReset, let master, identified.id != master.masterResetID {
                problems.append(
                    Problem(.accountResetID, values: [.found: typed, .expected: master.masterResetID.rawValue])
                )
            }
        }
        let faceAuth = Set(
            ids.compactMap { typed in
                let identified = AccountID.identify(typed)
                return identified.kind == .faceAuth ? identified.id : nil
            }
        )
        if faceAuth.count > 1 {
            problems.append(
                Problem(.accountSeveralFaceAuth, severity: .warning, values: [.count: String(faceAuth.count)])
            )
        }
        return problems.isEmpty ? [] : SuccessionError(problems).problems
    }

    private func kindMismatch(found: TerminalKind) -> Problem {
        Problem(
            .accountKindMismatch,
            values: [
                .found: AccountID.linkage(found).rawValue, .expected: linkage.rawValue, .kind: terminalKind.rawValue,
            ]
        )
    }
}

extension Problem {
    /// The problem, told as a problem of the row (or entry) `row`.
    func inRow(_ row: String) -> Problem {
        var copy = self
        copy.values[.row] = row
        return copy
    }
}
