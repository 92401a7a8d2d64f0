public import SystemPackage

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
        public var sandboxPath: FilePath {
            switch self {
            case .downloads: "Users/OqsComApp/Downloads"
            case .desktop: "Users/OqsComApp/Desktop"
            case .work: "Work"
            case .readerInfo: "ProgramData/OQS-Auth/ReaderInfo.ini"
            case .tools: "Program Files/OQS/OQSComApp/tools"
            }
        }
    }

    /// The sandbox's root folder (the job's state is in its `.succession` folder).
    public let root: FilePath

    /// A layout of a sandbox terminal under `root`; a trailing separator is dropped, as
    /// `FilePath` does.
    public init(root: FilePath) {
        self.root = root
    }

    /// The sandbox path of `location`.
    public func path(_ location: Location) -> FilePath {
        root.pushing(location.sandboxPath)
    }

    /// The backup folder the manual names, on the desktop 【工事手順⑥】.
    public var backupFolder: FilePath {
        CertificateBackup.defaultFolder(onDesktop: path(.desktop))
    }

    /// Where the sandbox keeps what Windows keeps in its own stores.
    package var stateFolder: FilePath { root.appending(".succession") }
    var credentialsFile: FilePath { stateFolder.appending("credentials.json") }
    var certificatesFolder: FilePath { stateFolder.appending("certificates") }
    var readersFile: FilePath { stateFolder.appending("readers.json") }
    var archiveFolder: FilePath { stateFolder.appending("archive") }

    /// `path` relative to the root, for records that must survive moving the sandbox; a path
    /// outside the root is recorded as it is.
    package func relative(_ path: FilePath) -> String {
        var inside = path
        return inside.removePrefix(root) && !inside.isEmpty ? inside.string : path.string
    }
}
