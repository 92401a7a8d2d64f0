import SystemPackage

/// The credential entries of a sandbox terminal: one JSON file, written atomically with
/// mode 0600 (it holds the linkage password, as Windows' credential store does).
package struct SandboxCredentialStore: CredentialStore {
    struct State: Codable {
        var institutionCode: String?
        var loginKeyUser: String?
        var loginKeyPassword: String?
    }

    let layout: TerminalLayout
    private var archive: TerminalArchive { TerminalArchive(layout: layout) }

    /// The store of the sandbox terminal laid out by `layout` (its files under `layout.root`).
    package init(layout: TerminalLayout) {
        self.layout = layout
    }

    package func institutionCode() throws(SuccessionError) -> String? {
        try state()?.institutionCode
    }

    package func prepareInstitutionCode(_ code: MedicalInstitutionCode) throws(SuccessionError) -> StoreIntent {
        let before = try state()?.institutionCode
        var change = TerminalChange()
        if FileSystem.exists(layout.credentialsFile.string) {
            // A copy is archived before the file is rewritten: undo puts the bytes back.
            change.archived.append(
                try archive.plan(layout.credentialsFile, reason: "credential.setInstitutionCode", remove: false)
            )
        } else {
            change.created.append(layout.relative(layout.credentialsFile))
        }
        return StoreIntent(before: before, change: change)
    }

    package func setInstitutionCode(
        _ code: MedicalInstitutionCode,
        as intent: StoreIntent
    ) throws(SuccessionError) -> CredentialChange {
        var change = intent.change
        change.archived = []
        for planned in intent.change.archived { change.archived.append(try archive.archive(planned)) }
        var current = try state() ?? State()
        // Written already by an attempt killed before its record: not written twice.
        if current.institutionCode != code.digits {
            current.institutionCode = code.digits
            try JSONFile.write(current, to: layout.credentialsFile.string)
        }
        // Read back, as a person looks at the entry after 保存.
        let after = try state()?.institutionCode ?? ""
        return CredentialChange(before: intent.before, after: after, readBack: true, change: change)
    }

    package func reconcile(_ intent: StoreIntent) throws(SuccessionError) -> TerminalChange {
        try archive.reconcile(intent.change)
    }

    package func revert(_ change: TerminalChange) throws(SuccessionError) {
        try archive.revertFiles(change, root: layout.root)
    }

    package func loginKey() throws(SuccessionError) -> LoginKey? {
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
