/// The credential entries of a sandbox terminal: one JSON file, written atomically with
import SystemPackage
/// mode 0600 (it holds the linkage password, as Windows' credential store does).
public struct SandboxCredentialStore: CredentialStore {
    struct State: Codable {
        var institutionCode: String?
        var loginKeyUser: String?
        var loginKeyPassword: String?
    }

    let layout: TerminalLayout

    /// The store of the sandbox terminal laid out by `layout` (its files under `layout.root`).
    public init(layout: TerminalLayout) {
        self.layout = layout
    }

    public func institutionCode() throws(SuccessionError) -> String? {
        try state()?.institutionCode
    }

    public func setInstitutionCode(_ code: MedicalInstitutionCode) throws(SuccessionError) -> CredentialChange {
        var current = try state() ?? State()
        let before = current.institutionCode
        var change = TerminalChange()
        if FileSystem.exists(layout.credentialsFile.string) {
            change.archived.append(
                try TerminalArchive(layout: layout).archive(
                    layout.credentialsFile,
                    reason: "credential.setInstitutionCode",
                    remove: false
                )
            )
        } else {
            change.created.append(layout.relative(layout.credentialsFile))
        }
        current.institutionCode = code.digits
        try JSONFile.write(current, to: layout.credentialsFile.string)
        // Read back, as a person looks at the entry after 保存.
        let after = try state()?.institutionCode ?? ""
        return CredentialChange(before: before, after: after, readBack: true, change: change)
    }

    public func revert(_ change: TerminalChange) throws(SuccessionError) {
        try TerminalArchive(layout: layout).revertFiles(change, root: layout.root)
    }

    public func loginKey() throws(SuccessionError) -> LoginKey? {
        guard let state = try state(), let user = state.loginKeyUser else { return nil }
        return LoginKey(userName: user, password: AccountPassword(state.loginKeyPassword ?? ""))
    }

    /// Sets up the entries of a sandbox terminal (for the demo and tests): the code as stored
    /// on the old terminal and the login key.
    package func seed(institutionCode: String?, loginKey: LoginKey?) throws(SuccessionError) {
        let state = State(
            institutionCode: institutionCode,
            loginKeyUser: loginKey?.userName,
            loginKeyPassword: loginKey?.password.revealed()
        )
        try JSONFile.write(state, to: layout.credentialsFile.string)
    }

    private func state() throws(SuccessionError) -> State? {
        try JSONFile.read(
            State.self,
            from: layout.credentialsFile.string,
            damaged: .terminalStateDamaged,
            followLinks: false
        )
    }
}
