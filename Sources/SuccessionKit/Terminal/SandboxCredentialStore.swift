/// The credential entries of a sandbox terminal: one JSON file, written atomically with
/// mode 0600 (it holds the linkage password, as Windows' credential store does).
public struct SandboxCredentialStore: CredentialStore {
    struct State: Codable {
        var institutionCode: String?
        var loginKeyUser: String?
        var loginKeyPassword: String?
    }

    let layout: TerminalLayout

    public init(layout: TerminalLayout) {
        self.layout = layout
    }

    public func institutionCode() throws(SuccessionError) -> String? {
        try state()?.institutionCode
    }

    public func setInstitutionCode(_ code: MedicalInstitutionCode) throws(SuccessionError) -> CredentialChange {
        var current = try state() ?? State()
        let before = current.institutionCode
        var archived: String?
        if FileManagerShim.exists(layout.credentialsFile) {
            archived = try TerminalArchive(layout: layout).archive(
                layout.credentialsFile,
                reason: "credential.setInstitutionCode",
                remove: false
            ).id
        }
        current.institutionCode = code.digits
        try SandboxFiles.write(current, to: layout.credentialsFile)
        return CredentialChange(before: before, after: code.digits, archiveEntry: archived)
    }

    public func loginKey() throws(SuccessionError) -> LoginKey? {
        guard let state = try state(), let user = state.loginKeyUser else { return nil }
        return LoginKey(userName: user, password: AccountPassword(state.loginKeyPassword ?? ""))
    }

    /// Sets up the entries of a sandbox terminal (for the demo and tests): the code as stored
    /// on the old terminal and the login key.
    public func seed(institutionCode: String?, loginKey: LoginKey?) throws(SuccessionError) {
        let state = State(
            institutionCode: institutionCode,
            loginKeyUser: loginKey?.userName,
            loginKeyPassword: loginKey?.password.revealed()
        )
        try SandboxFiles.write(state, to: layout.credentialsFile)
    }

    private func state() throws(SuccessionError) -> State? {
        try SandboxFiles.read(State.self, from: layout.credentialsFile)
    }
}
