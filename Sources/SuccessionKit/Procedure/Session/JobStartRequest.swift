public import SystemPackage

/// What a new job is made of, as a front end received it: the codes and the notice as typed or
/// read from a file (the session parses them, once), the backend, the folders and the trust
/// anchors. `job init`, `demo` and the page's start form each fill one in.
public struct JobStartRequest: Sendable {
    /// How the notice was given.
    public enum Notice: Sendable {
        /// Text as typed or pasted: the paper's rows, or a JSON object.
        case text(String)
        /// A file's bytes (UTF-8 or Shift-JIS text, or JSON), as uploaded.
        case bytes([UInt8])
        /// A file to read.
        case file(FilePath)
        /// A notice read already (a demo's, a program's own).
        case notice(CertificateIssueNotice)
    }

    /// The 医療機関等コード before the succession, read from what was typed.
    public var oldCode: CodeReading
    /// The code after it.
    public var newCode: CodeReading
    /// The 電子証明書発行通知書 of the new code 【工事手順①】.
    public var notice: Notice
    /// Which backend works the terminal.
    public var backend: TerminalDescription.Backend
    /// Where the new `.p12` is looked for: required for an attended job (USB memory, or the
    /// terminal's Downloads), the terminal's Downloads otherwise.
    public var downloads: FilePath?
    /// Where ⑥'s verified backup goes, when not the terminal's desktop folder.
    public var backupFolder: FilePath?
    /// The real root CA certificates ⑥ verifies the new certificate's chain against.
    public var trustAnchors: [TrustAnchor]
    /// How to start the Windows agent (backend ``TerminalDescription/Backend/windowsAgent``).
    public var agentCommand: [String]?
    /// Whether an existing job is archived (never deleted) and a new one begun.
    public var restart: Bool

    /// A request from what a person typed: each code is read here (full-width digits, hyphens,
    /// `O` for `0` explained) and nowhere else.
    public init(
        oldCode: String,
        newCode: String,
        notice: Notice,
        backend: TerminalDescription.Backend,
        downloads: FilePath? = nil,
        backupFolder: FilePath? = nil,
        trustAnchors: [TrustAnchor] = [],
        agentCommand: [String]? = nil,
        restart: Bool = false
    ) {
        self.init(
            oldCode: MedicalInstitutionCode.read(oldCode),
            newCode: MedicalInstitutionCode.read(newCode),
            notice: notice,
            backend: backend,
            downloads: downloads,
            backupFolder: backupFolder,
            trustAnchors: trustAnchors,
            agentCommand: agentCommand,
            restart: restart
        )
    }

    /// A request from codes read already (a command's typed arguments).
    public init(
        oldCode: CodeReading,
        newCode: CodeReading,
        notice: Notice,
        backend: TerminalDescription.Backend,
        downloads: FilePath? = nil,
        backupFolder: FilePath? = nil,
        trustAnchors: [TrustAnchor] = [],
        agentCommand: [String]? = nil,
        restart: Bool = false
    ) {
        self.oldCode = oldCode
        self.newCode = newCode
        self.notice = notice
        self.backend = backend
        self.downloads = downloads
        self.backupFolder = backupFolder
        self.trustAnchors = trustAnchors
        self.agentCommand = agentCommand
        self.restart = restart
    }
}
