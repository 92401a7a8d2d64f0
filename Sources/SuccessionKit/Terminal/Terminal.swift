/// Everything a succession changes on one terminal, behind protocols, so the procedure runs the
/// same against a sandbox today and a real terminal backend later.
public struct Terminal: Sendable {
    public let layout: TerminalLayout
    public let credentials: any CredentialStore
    public let certificates: any CertificateStore
    public let readers: any ReaderBindingStore
    public let archive: TerminalArchive

    public init(
        layout: TerminalLayout,
        credentials: any CredentialStore,
        certificates: any CertificateStore,
        readers: any ReaderBindingStore
    ) {
        self.layout = layout
        self.credentials = credentials
        self.certificates = certificates
        self.readers = readers
        self.archive = TerminalArchive(layout: layout)
    }

    /// A sandbox terminal under `root` (plain files; Linux, macOS, tests, the demo). Its
    /// folders are created when missing.
    public static func sandbox(root: String) throws(SuccessionError) -> Terminal {
        let layout = TerminalLayout(root: root)
        for location in [TerminalLayout.Location.downloads, .desktop, .work, .tools] {
            try AtomicFile.createFolder(layout.path(location))
        }
        try AtomicFile.createFolder(layout.stateFolder)
        return Terminal(
            layout: layout,
            credentials: SandboxCredentialStore(layout: layout),
            certificates: SandboxCertificateStore(layout: layout),
            readers: SandboxReaderBindingStore(layout: layout)
        )
    }
}
