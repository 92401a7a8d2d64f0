public import SystemPackage

/// Everything a succession changes on one terminal, behind protocols, so that the procedure runs
/// the same against a sandbox, an attended real terminal, or a backend written outside the module.
///
/// See <doc:WritingATerminalBackend>.
public struct Terminal: Sendable {
    /// Where the terminal's files and the job's state folder are.
    public let layout: TerminalLayout
    /// `OQS_MEDICAL_INSTITUTION_CODE` and `OQS_LOGIN_KEY` 【工事手順⑩】.
    public let credentials: any CredentialStore
    /// The personal store and the trusted roots 【工事手順④⑦⑧】.
    public let certificates: any TerminalCertificateStore
    /// The card readers' bindings: the login-name management tool and ReaderInfo.ini
    /// 【工事手順③⑤⑫】.
    public let readers: any ReaderBindingStore
    /// Where replaced and removed things are kept, for undo.
    public let archive: any TerminalArchiving
    /// The folder that holds the downloaded `.p12` files 【工事手順⑥】.
    public let downloads: FilePath
    /// The backup folder 【工事手順⑥】 (the manual's: 「NTT東オン資端末_電子証明書」 on the desktop).
    public let backupFolder: FilePath
    /// How the stores know what they report: software, or a person typing what the screen shows.
    public let observation: TerminalObservation
    /// The parts a person works although software works the rest (a Windows agent cannot click
    /// the login-name management tool): a step that works such a part asks the person, as on an
    /// attended terminal. Empty when ``observation`` says it for every part.
    public let personParts: Set<TerminalPart>
    /// Which backend works it, as a job's record and report say it: a terminal made with
    /// this initializer is `.custom`; ``sandbox(root:creatingFolders:)`` and
    /// ``attended(root:downloads:backupFolder:)`` say their own.
    public let backend: TerminalDescription.Backend

    /// The description a job keeps of this terminal: its backend and its folders, from the
    /// terminal itself, so that they are never given twice (or wrongly).
    public func description(trustAnchors: [TrustAnchor] = []) -> TerminalDescription {
        TerminalDescription(
            backend: backend,
            downloads: downloads.string,
            backupFolder: backupFolder.string,
            trustAnchors: trustAnchors.map(\.der)
        )
    }

    /// A terminal of an integrator's own (backend ``TerminalDescription/Backend/custom``).
    ///
    /// - Parameters:
    ///   - layout: where the job keeps its state (journal, lock, archive) for this terminal.
    ///   - credentials: the backend's credential store.
    ///   - certificates: the backend's certificate store.
    ///   - readers: the backend's reader bindings.
    ///   - archive: where replaced files go; by default a ``TerminalArchive`` under `layout`.
    ///   - downloads: the folder holding the downloaded `.p12` files; by default the layout's.
    ///   - backupFolder: where ⑥'s verified backup goes; by default the layout's desktop folder.
    ///   - observation: how the stores know what they report.
    ///   - personParts: the parts a person works although the stores are software's.
    public init(
        layout: TerminalLayout,
        credentials: any CredentialStore,
        certificates: any TerminalCertificateStore,
        readers: any ReaderBindingStore,
        archive: (any TerminalArchiving)? = nil,
        downloads: FilePath? = nil,
        backupFolder: FilePath? = nil,
        observation: TerminalObservation = .software,
        personParts: Set<TerminalPart> = []
    ) {
        self.init(
            layout: layout,
            credentials: credentials,
            certificates: certificates,
            readers: readers,
            archive: archive,
            downloads: downloads,
            backupFolder: backupFolder,
            observation: observation,
            personParts: personParts,
            backend: .custom
        )
    }

    init(
        layout: TerminalLayout,
        credentials: any CredentialStore,
        certificates: any TerminalCertificateStore,
        readers: any ReaderBindingStore,
        archive: (any TerminalArchiving)? = nil,
        downloads: FilePath? = nil,
        backupFolder: FilePath? = nil,
        observation: TerminalObservation = .software,
        personParts: Set<TerminalPart> = [],
        backend: TerminalDescription.Backend
    ) {
        self.backend = backend
        self.layout = layout
        self.credentials = credentials
        self.certificates = certificates
        self.readers = readers
        self.archive = archive ?? TerminalArchive(layout: layout)
        self.downloads = downloads ?? layout.path(.downloads)
        self.backupFolder = backupFolder ?? layout.backupFolder
        self.observation = observation
        self.personParts = personParts
    }

    /// How what `part` holds is known and changed: by a person on an attended terminal, or on
    /// a part in ``personParts``; else by software. `nil` (work that touches no one part) is
    /// the terminal's ``observation``.
    public func observation(of part: TerminalPart?) -> TerminalObservation {
        guard let part, observation == .software else { return observation }
        return personParts.contains(part) ? .person : .software
    }

    /// A sandbox terminal under `root` (plain files; Linux, macOS, tests, the demo).
    ///
    /// - Parameter root: the folder that stands for the terminal's disk.
    /// - Parameter creatingFolders: whether its folders are created when missing; `false` for
    ///   a command that only reads (reading never creates).
    /// - Throws: `file.symbolicLink` when one of its folders (the desktop, Downloads, the state
    ///   folder…) is a symbolic link: key material and backups are written only into real
    ///   folders inside the root.
    public static func sandbox(root: FilePath, creatingFolders: Bool = true) throws(SuccessionError) -> Terminal {
        let layout = TerminalLayout(root: root)
        let folders =
            [TerminalLayout.Location.downloads, .desktop, .work, .tools].map { layout.path($0) } + [layout.stateFolder]
        // ReaderInfo.ini's folder too: the readers' bindings are written there.
        let readerFolder = layout.path(.readerInfo).removingLastComponent()
        for folder in folders + [layout.backupFolder, layout.certificatesFolder, readerFolder] {
            try FileSystem.requireRealFolder(folder.string, under: layout.root.string)
        }
        if creatingFolders {
            for folder in folders { try AtomicFile.createFolder(folder.string) }
        }
        return Terminal(
            layout: layout,
            credentials: SandboxCredentialStore(layout: layout),
            certificates: SandboxCertificateStore(layout: layout),
            readers: SandboxReaderBindingStore(layout: layout),
            backend: .sandbox
        )
    }
}
