import Foundation
import SystemPackage

/// Where the Windows backend keeps, on the machine that runs the job, what it takes off the
/// terminal: `.succession/archive/windows/` under the job's root, beside the file archive.
///
/// - `certificates/<thumbprint>.pfx`: ④'s archive, the certificate **with** its private key, as
///   the agent exported and verified it; `<thumbprint>.pfx.password` beside it (mode 0600) holds
///   the random password that protects it, so that undo can import it again in another process.
///   The folder is 0700: the archive is as sensitive as a `.p12` with its PIN, and the handover
///   removes both with the rest of the job's key material.
/// - `certificates/<thumbprint>.cer`: ④'s archive without the key, when a person chose that.
/// - `files/ReaderInfo-<sha256>.ini`: ⑤'s copy of ReaderInfo.ini, named by its content.
/// - `installed.json`: the thumbprints and codes ⑦ installed, put on every later removal's
///   keep list.
/// - `initialized.json`: the initializations ⑤ made and undo has not undone, so that an attempt
///   resumed after a kill does not run InitializeFace.bat a second time.
///
/// Names are fixed by what they hold (a thumbprint, a digest), so a resumed attempt finds the
/// copy an earlier attempt made instead of making another. Records name these files relative to
/// the root, as the journal does.
struct AgentArchiveFolder: Sendable {
    let layout: TerminalLayout

    var folder: FilePath { layout.stateFolder.appending("archive").appending("windows") }
    private var certificates: FilePath { folder.appending("certificates") }
    private var files: FilePath { folder.appending("files") }
    private var ledger: FilePath { folder.appending("installed.json") }
    private var initializations: FilePath { folder.appending("initialized.json") }

    func pfx(_ thumbprint: String) -> FilePath { certificates.appending("\(thumbprint).pfx") }
    func password(_ thumbprint: String) -> FilePath { certificates.appending("\(thumbprint).pfx.password") }
    func cer(_ thumbprint: String) -> FilePath { certificates.appending("\(thumbprint).cer") }
    func readerInfo(sha256: String) -> FilePath { files.appending("ReaderInfo-\(sha256.prefix(16)).ini") }

    /// The folders, made when missing: real folders inside the root, mode 0700.
    /// - Throws: `file.symbolicLink` when one of them is a link; `file.unwritable`.
    func create() throws(SuccessionError) {
        for path in [certificates, files] {
            try FileSystem.requireRealFolder(path.string, under: layout.root.string)
            try AtomicFile.createFolder(path.string)
        }
    }

    /// `path` as a record names it: relative to the root.
    func recorded(_ path: FilePath) -> String { layout.relative(path) }

    /// A path a record names, inside the root (a journal is a file a person can edit).
    /// - Throws: `archive.outsideRoot`.
    func resolve(_ recorded: String) throws(SuccessionError) -> FilePath {
        guard let path = FileSystem.confined(recorded, under: layout.root) else {
            throw SuccessionError(.archiveOutsideRoot, values: [.path: recorded])
        }
        return path
    }

    /// The bytes of an archive copy, or `nil` when there is none (a link is never read).
    func bytes(_ path: FilePath) throws(SuccessionError) -> [UInt8]? {
        guard FileSystem.exists(path.string) || FileSystem.isSymbolicLink(path.string) else { return nil }
        return try FileBytes.read(path.string, limit: FileBytes.Limit.certificate, followLinks: false)
    }

    // MARK: What ⑦ installed

    /// One certificate ⑦ installed (or was about to).
    struct Installed: Codable, Hashable {
        var thumbprint: String
        var code: String
    }

    /// What ⑦ installed on this terminal, per the ledger.
    func installed() throws(SuccessionError) -> [Installed] {
        try JSONFile.read([Installed].self, from: ledger.string, damaged: .terminalStateDamaged, followLinks: false)
            ?? []
    }

    /// Adds `entry` to the ledger (once).
    func noteInstalled(_ entry: Installed) throws(SuccessionError) {
        var all = try installed()
        guard !all.contains(entry) else { return }
        all.append(entry)
        try FileSystem.requireRealFolder(folder.string, under: layout.root.string)
        try JSONFile.write(all, to: ledger.string)
    }
}

extension AgentArchiveFolder {
    /// One initialization ⑤ made (its record's id, and how).
    struct Initialization: Codable, Hashable {
        var id: String
        var method: String
    }

    /// The initializations in effect, oldest first.
    func initialized() throws(SuccessionError) -> [Initialization] {
        try JSONFile.read(
            [Initialization].self,
            from: initializations.string,
            damaged: .terminalStateDamaged,
            followLinks: false
        ) ?? []
    }

    /// Notes an initialization made (once).
    func noteInitialized(_ entry: Initialization) throws(SuccessionError) {
        var all = try initialized()
        guard !all.contains(where: { $0.id == entry.id }) else { return }
        all.append(entry)
        try FileSystem.requireRealFolder(folder.string, under: layout.root.string)
        try JSONFile.write(all, to: initializations.string)
    }

    /// Forgets an initialization undone.
    func forgetInitialized(_ id: String) throws(SuccessionError) {
        let all = try initialized()
        guard all.contains(where: { $0.id == id }) else { return }
        try JSONFile.write(all.filter { $0.id != id }, to: initializations.string)
    }
}
