public import SystemPackage

extension Terminal {
    /// A real terminal worked by a person (`job init … --attended`): each GUI operation of the
    /// manual is shown, the person does it and types back what the screen shows, and the job
    /// checks every typed value. Its stores are the person: software never reads or changes the
    /// terminal through them (each call is `attended.byPerson`). Only the backup is software's: the
    /// new `.p12` is chosen from `downloads` (USB memory or the terminal's Downloads) and copied,
    /// verified, to `backupFolder`.
    ///
    /// - Parameters:
    ///   - root: a local folder for the job's journal and archive.
    ///   - downloads: where the new `.p12` is looked for: the USB memory it was copied to from
    ///     the terminal's Downloads, or that folder itself 【工事手順⑥】.
    ///   - backupFolder: where the verified backup goes (the customer's USB memory, say); by
    ///     default the desktop folder 「NTT東オン資端末_電子証明書」 under `root`.
    public static func attended(
        root: FilePath,
        downloads: FilePath,
        backupFolder: FilePath? = nil
    ) throws(SuccessionError) -> Terminal {
        let layout = TerminalLayout(root: root)
        try AtomicFile.createFolder(layout.stateFolder.string)
        return Terminal(
            layout: layout,
            credentials: PersonCredentialStore(),
            certificates: PersonCertificateStore(),
            readers: PersonReaderBindingStore(),
            downloads: downloads,
            backupFolder: backupFolder ?? CertificateBackup.defaultFolder(onDesktop: root),
            observation: .person,
            backend: .attended
        )
    }
}

/// What a person does on the terminal's screens; the job asks them instead of calling this.
private func byPerson(_ what: String) -> SuccessionError {
    SuccessionError(.attendedByPerson, values: [.field: what])
}

struct PersonReaderBindingStore: ReaderBindingStore {
    private static let tool = "ログイン名管理ツール"
    func readers() throws(SuccessionError) -> [CardReaderBinding] { throw byPerson(Self.tool) }
    func prepareRemove(_ serial: ReaderSerialNumber) throws(SuccessionError) -> StoreIntent {
        throw byPerson(Self.tool)
    }
    func remove(_ serial: ReaderSerialNumber, as intent: StoreIntent) throws(SuccessionError) -> TerminalChange {
        throw byPerson(Self.tool)
    }
    func prepareAdd(_ serial: ReaderSerialNumber, loginName: String) throws(SuccessionError) -> StoreIntent {
        throw byPerson(Self.tool)
    }
    func add(
        _ serial: ReaderSerialNumber,
        loginName: String,
        password: AccountPassword,
        as intent: StoreIntent
    ) throws(SuccessionError) -> ReaderAddition { throw byPerson(Self.tool) }
    func initializationImpact() throws(SuccessionError) -> ReaderInitializationImpact {
        throw byPerson("InitializeFace.bat")
    }
    func prepareInitialize() throws(SuccessionError) -> StoreIntent { throw byPerson("InitializeFace.bat") }
    func initialize(as intent: StoreIntent) throws(SuccessionError) -> ReaderInitialization {
        throw byPerson("InitializeFace.bat")
    }
    func reconcile(_ intent: StoreIntent) throws(SuccessionError) -> TerminalChange { TerminalChange() }
    func revert(_ change: TerminalChange) throws(SuccessionError) { throw byPerson(Self.tool) }
}

struct PersonCertificateStore: TerminalCertificateStore {
    private static let tool = "証明書の管理"
    func personal() throws(SuccessionError) -> [InstalledCertificate] { throw byPerson(Self.tool) }
    func trustedRoots() throws(SuccessionError) -> [CertificateSummary] { throw byPerson(Self.tool) }
    func prepareInstall(_ request: CertificateImport) throws(SuccessionError) -> StoreIntent {
        throw byPerson("証明書のインポートウィザード")
    }
    func install(
        _ request: CertificateImport,
        as intent: StoreIntent
    ) throws(SuccessionError) -> CertificateInstallation {
        throw byPerson("証明書のインポートウィザード")
    }
    func prepareRemove(_ certificate: InstalledCertificate) throws(SuccessionError) -> StoreIntent {
        throw byPerson(Self.tool)
    }
    func remove(_ certificate: InstalledCertificate, as intent: StoreIntent) throws(SuccessionError) -> TerminalChange {
        throw byPerson(Self.tool)
    }
    func reconcile(_ intent: StoreIntent) throws(SuccessionError) -> TerminalChange { TerminalChange() }
    func revert(_ change: TerminalChange) throws(SuccessionError) { throw byPerson(Self.tool) }
}

struct PersonCredentialStore: CredentialStore {
    private static let tool = "資格情報マネージャー"
    func institutionCode() throws(SuccessionError) -> String? { throw byPerson(Self.tool) }
    func loginKey() throws(SuccessionError) -> LoginKey? { throw byPerson(Self.tool) }
    func prepareInstitutionCode(_ code: MedicalInstitutionCode) throws(SuccessionError) -> StoreIntent {
        throw byPerson(Self.tool)
    }
    func setInstitutionCode(
        _ code: MedicalInstitutionCode,
        as intent: StoreIntent
    ) throws(SuccessionError)
        -> CredentialChange
    { throw byPerson(Self.tool) }
    func reconcile(_ intent: StoreIntent) throws(SuccessionError) -> TerminalChange { TerminalChange() }
    func revert(_ change: TerminalChange) throws(SuccessionError) { throw byPerson(Self.tool) }
}

extension ProblemCode {
    /// On an attended terminal a person does this on the screen; software does not. Values: field.
    public static let attendedByPerson = ProblemCode(rawValue: "attended.byPerson")
    /// On a real terminal this step cannot be undone by hand (④: the certificate is gone from the
    /// store). Values: field (the step).
    public static let attendedNotUndoableByHand = ProblemCode(rawValue: "attended.notUndoableByHand")
    /// On a real terminal this step is undone by hand first. Values: field (the step).
    public static let attendedUndoByHand = ProblemCode(rawValue: "attended.undoByHand")
    /// A script that is not a JSON object of answers. Values: reason.
    public static let attendedScript = ProblemCode(rawValue: "attended.script")
}
