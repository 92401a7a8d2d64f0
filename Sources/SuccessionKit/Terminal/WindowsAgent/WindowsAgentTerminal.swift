import Foundation
public import SystemPackage

extension Terminal {
    /// A real Windows terminal worked by software through `succession-agent.exe` (backend
    /// ``TerminalDescription/Backend/windowsAgent``): the agent changes the certificates ④⑦⑧,
    /// the credentials ⑩ and ReaderInfo.ini ⑤ through the logged-in user's Win32 stores; the
    /// steps it cannot do — the login-name management tool ③⑫ and the browser's download ⑥ —
    /// stay with the person, exactly as on an attended terminal (``personParts``).
    ///
    /// - Parameters:
    ///   - root: a local folder for the job's journal and archive (what ④ and ⑤ take off the
    ///     terminal goes to `.succession/archive/windows/` there).
    ///   - command: how to start the agent: `["wine", "/abs/succession-agent.exe"]` under Wine,
    ///     `["succession-agent.exe"]` on Windows.
    ///   - environment: the agent's environment (`WINEPREFIX`…); `nil` passes this process's.
    ///   - downloads: where the new `.p12` is looked for 【工事手順⑥】.
    ///   - backupFolder: where the verified backup goes; by default the desktop folder
    ///     「NTT東オン資端末_電子証明書」 under `root`.
    ///   - certificateArchive: how ④ may archive what it removes; by default only with the
    ///     private key.
    /// - Throws: `agent.archiveReasonMissing` for an archive without the key allowed with an
    ///   empty reason; `file.symbolicLink`, `file.unwritable` for the state folder.
    public static func windowsAgent(
        root: FilePath,
        command: [String],
        environment: [String: String]? = nil,
        downloads: FilePath,
        backupFolder: FilePath? = nil,
        certificateArchive: CertificateArchivePolicy = .withPrivateKey
    ) throws(SuccessionError) -> Terminal {
        try windowsAgent(
            root: root,
            connection: AgentConnection(command: command, environment: environment),
            downloads: downloads,
            backupFolder: backupFolder,
            certificateArchive: certificateArchive
        )
    }

    /// A Windows terminal worked through the agent of `connection` (one the caller also uses,
    /// say, to show the agent's `status`); see
    /// ``windowsAgent(root:command:environment:downloads:backupFolder:certificateArchive:)``.
    public static func windowsAgent(
        root: FilePath,
        connection: AgentConnection,
        downloads: FilePath,
        backupFolder: FilePath? = nil,
        certificateArchive: CertificateArchivePolicy = .withPrivateKey
    ) throws(SuccessionError) -> Terminal {
        if case .withoutPrivateKeyAllowed(let reason) = certificateArchive,
            reason.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty
        {
            throw SuccessionError(.agentArchiveReasonMissing)
        }
        // The agent is given absolute paths (drive Z: under Wine): the root is made absolute once.
        let absolute =
            root.isAbsolute ? root : FilePath(FileManager.default.currentDirectoryPath).pushing(root)
        let layout = TerminalLayout(root: absolute)
        try FileSystem.requireRealFolder(layout.stateFolder.string, under: absolute.string)
        try AtomicFile.createFolder(layout.stateFolder.string)
        return Terminal(
            layout: layout,
            credentials: AgentCredentialStore(connection: connection),
            certificates: AgentCertificateStore(connection: connection, layout: layout, policy: certificateArchive),
            readers: AgentReaderBindingStore(connection: connection, layout: layout),
            downloads: downloads,
            backupFolder: backupFolder ?? CertificateBackup.defaultFolder(onDesktop: absolute),
            observation: .software,
            personParts: [.readerBindings, .downloads],
            backend: .windowsAgent
        )
    }

    /// The Windows terminal a job's description names (``TerminalDescription/agentCommand``,
    /// ``TerminalDescription/downloads``, ``TerminalDescription/backupFolder``): how a later
    /// command, or the page after a restart, opens the same terminal again.
    /// - Throws: `agent.notStarted` when the description names no agent command; the errors of
    ///   ``windowsAgent(root:command:environment:downloads:backupFolder:certificateArchive:)``.
    public static func windowsAgent(
        root: FilePath,
        description: TerminalDescription,
        environment: [String: String]? = nil,
        certificateArchive: CertificateArchivePolicy = .withPrivateKey
    ) throws(SuccessionError) -> Terminal {
        guard let command = description.agentCommand, !command.isEmpty else {
            throw SuccessionError(.agentNotStarted, values: [.path: "", .reason: "the job names no agent command"])
        }
        let layout = TerminalLayout(root: root)
        return try windowsAgent(
            root: root,
            command: command,
            environment: environment,
            downloads: description.downloads.map { FilePath($0) } ?? layout.path(.downloads),
            backupFolder: description.backupFolder.map { FilePath($0) },
            certificateArchive: certificateArchive
        )
    }
}
