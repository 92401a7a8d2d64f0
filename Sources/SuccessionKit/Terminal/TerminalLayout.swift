/// Where things are on an オン資 terminal, as values: the Windows path a technician sees, and
/// where a sandbox keeps the same thing under its root folder.
public struct TerminalLayout: Sendable, Hashable {
    /// A place on the terminal.
    public enum Location: String, Sendable, Hashable, CaseIterable, Codable {
        /// `C:\Users\OqsComApp\Downloads` — the downloaded `.p12` files.
        case downloads
        /// `C:\Users\OqsComApp\Desktop` — where the backup folder is made.
        case desktop
        /// `C:\Work` — InitializeFace.bat and the SO batch folder.
        case work
        /// `C:\ProgramData\OQS-Auth\ReaderInfo.ini` — the card readers' bindings (opaque).
        case readerInfo
        /// `C:\Program Files\OQS\OQSComApp\tools` — OQSComAppRestart.
        case tools

        /// The path on a real terminal.
        public var windowsPath: String {
            switch self {
            case .downloads: #"C:\Users\OqsComApp\Downloads"#
            case .desktop: #"C:\Users\OqsComApp\Desktop"#
            case .work: #"C:\Work"#
            case .readerInfo: #"C:\ProgramData\OQS-Auth\ReaderInfo.ini"#
            case .tools: #"C:\Program Files\OQS\OQSComApp\tools"#
            }
        }

        /// The same place relative to a sandbox root.
        public var sandboxPath: String {
            switch self {
            case .downloads: "Users/OqsComApp/Downloads"
            case .desktop: "Users/OqsComApp/Desktop"
            case .work: "Work"
            case .readerInfo: "ProgramData/OQS-Auth/ReaderInfo.ini"
            case .tools: "Program Files/OQS/OQSComApp/tools"
            }
        }
    }

    /// The sandbox's root folder.
    public let root: String

    /// A layout of a sandbox terminal under `root`.
    public init(root: String) {
        self.root = root.hasSuffix("/") && root.count > 1 ? String(root.dropLast()) : root
    }

    /// The sandbox path of `location`.
    public func path(_ location: Location) -> String {
        root + "/" + location.sandboxPath
    }

    /// The backup folder the manual names, on the desktop.
    public var backupFolder: String {
        CertificateBackup.defaultFolder(onDesktop: path(.desktop))
    }

    /// Where the sandbox keeps what Windows keeps in its own stores.
    var stateFolder: String { root + "/.succession" }
    var credentialsFile: String { stateFolder + "/credentials.json" }
    var certificatesFolder: String { stateFolder + "/certificates" }
    var readersFile: String { stateFolder + "/readers.json" }
    var archiveFolder: String { stateFolder + "/archive" }

    /// A recorded path made absolute again (a path outside the root was recorded as it was).
    func absolute(_ recorded: String) -> String {
        recorded.hasPrefix("/") ? recorded : root + "/" + recorded
    }

    /// `path` relative to the root, for records that must survive moving the sandbox.
    func relative(_ path: String) -> String {
        path.hasPrefix(root + "/") ? String(path.dropFirst(root.count + 1)) : path
    }
}
