/// Which terminal a job runs on, kept in the journal, so that every later command — the CLI's,
/// the page's, after a restart — opens the same one: its backend, its folders and the trust
/// anchors ⑥ verifies against.
public struct TerminalDescription: Sendable, Hashable, Codable {
    /// Which backend works the terminal's stores, as the report says it. (What the facility is —
    /// 医科・歯科 or 薬局, and so its linkage account — is ``TerminalKind``, another thing.)
    public enum Backend: String, Sendable, Hashable, Codable {
        /// The practice sandbox (plain files).
        case sandbox
        /// A real terminal: a person does each GUI step and types back what it shows.
        case attended
        /// A Windows terminal worked by software through `succession-agent.exe` (its stores are
        /// the agent's Win32 calls); the steps the agent cannot do stay with the person.
        case windowsAgent
        /// A backend of the integrator's own: only the program that has it can open the job.
        case custom
    }

    /// The terminal's backend.
    public var backend: Backend
    /// Where the new `.p12` is looked for (attended: USB memory or Downloads), when not the
    /// terminal's default: an absolute path, resolved once when the job was created.
    public var downloads: String?
    /// Where the backup goes, when not the terminal's default: an absolute path, resolved once.
    public var backupFolder: String?
    /// The real root CA certificates (DER) the new certificate's chain is verified against in
    /// ⑥; without one only the issuer's name can be compared, and the record says so.
    public var trustAnchors: [[UInt8]]
    /// How to start the Windows agent (``Backend/windowsAgent``): the program and its arguments,
    /// `["wine", "/path/succession-agent.exe"]` under Wine, `["succession-agent.exe"]` on Windows.
    public var agentCommand: [String]?

    /// A description, as a session or an integrator's own front end records it.
    public init(
        backend: Backend,
        downloads: String? = nil,
        backupFolder: String? = nil,
        trustAnchors: [[UInt8]] = [],
        agentCommand: [String]? = nil
    ) {
        self.backend = backend
        self.downloads = downloads
        self.backupFolder = backupFolder
        self.trustAnchors = trustAnchors
        self.agentCommand = agentCommand
    }

    // The journal's key is `kind`, as format 3 has always written it.
    private enum CodingKeys: String, CodingKey {
        case backend = "kind"
        case downloads, backupFolder, trustAnchors, agentCommand
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        backend = try container.decode(Backend.self, forKey: .backend)
        downloads = try container.decodeIfPresent(String.self, forKey: .downloads)
        backupFolder = try container.decodeIfPresent(String.self, forKey: .backupFolder)
        trustAnchors = try container.decodeIfPresent([[UInt8]].self, forKey: .trustAnchors) ?? []
        agentCommand = try container.decodeIfPresent([String].self, forKey: .agentCommand)
    }
}
