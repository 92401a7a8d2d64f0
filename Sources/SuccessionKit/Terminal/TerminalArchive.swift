public import Foundation
public import SystemPackage

/// The one folder where every destructive change on a terminal puts what it replaces or
/// removes — an old certificate, ReaderInfo.ini, the old credential value — with a manifest,
/// so that each can be restored, byte for byte, by one call.
///
/// Nothing is deleted: a removal is a `rename` into the archive (within the terminal's root,
/// so it is atomic); a replacement archives a copy first.
public struct TerminalArchive: TerminalArchiving {
    /// One archived file.
    public struct Entry: Sendable, Hashable, Codable, Identifiable {
        /// A stable identifier, e.g. `20261125T091500Z-1-3f9a-ReaderInfo.ini`.
        public let id: String
        /// Where the file was, relative to the terminal root.
        public let originalPath: String
        /// Where it is now, relative to the terminal root.
        public let archivedPath: String
        /// The SHA-256 of its bytes, to prove a restore.
        public let sha256: String
        /// Why it was archived (e.g. `reader.initialize`, `certificate.remove`).
        public let reason: String
        /// When.
        public let archivedAt: Date
        /// Whether the original was moved away (a removal) rather than copied (a replacement).
        public let moved: Bool

        /// An entry whose ``sha256`` is already known (read back from an archive's index).
        public init(
            id: String,
            originalPath: String,
            archivedPath: String,
            sha256: String,
            reason: String,
            archivedAt: Date,
            moved: Bool
        ) {
            self.id = id
            self.originalPath = originalPath
            self.archivedPath = archivedPath
            self.sha256 = sha256
            self.reason = reason
            self.archivedAt = archivedAt
            self.moved = moved
        }

        /// An entry for `bytes` a store archived, with ``sha256`` computed from them.
        /// - Throws: ``SuccessionError`` with `openssl.unavailable` when the digest cannot be made.
        public init(
            id: String,
            originalPath: String,
            archivedPath: String,
            bytes: some Collection<UInt8>,
            reason: String,
            archivedAt: Date,
            moved: Bool
        ) throws(SuccessionError) {
            self.init(
                id: id,
                originalPath: originalPath,
                archivedPath: archivedPath,
                sha256: try Self.sha256(of: bytes),
                reason: reason,
                archivedAt: archivedAt,
                moved: moved
            )
        }

        /// The same entry with another digest: what was archived when the file changed after the
        /// plan.
        func with(sha256: String) -> Entry {
            Entry(
                id: id,
                originalPath: originalPath,
                archivedPath: archivedPath,
                sha256: sha256,
                reason: reason,
                archivedAt: archivedAt,
                moved: moved
            )
        }

        /// The SHA-256 of `bytes` in lower-case hex, the form ``sha256`` holds and a restore is
        /// proved with.
        /// - Throws: ``SuccessionError`` with `openssl.unavailable` when the digest cannot be made.
        public static func sha256(of bytes: some Collection<UInt8>) throws(SuccessionError) -> String {
            try Digest.sha256(Array(bytes))
        }
    }

    let layout: TerminalLayout

    /// The archive in `layout`'s state folder.
    public init(layout: TerminalLayout) {
        self.layout = layout
    }

    /// Every entry, oldest first.
    public func entries() throws(SuccessionError) -> [Entry] {
        try JSONFile.read([Entry].self, from: manifestPath, damaged: .terminalStateDamaged, followLinks: false) ?? []
    }

    /// Decides where the file at `path` (inside the terminal root) will be archived, before
    /// anything moves: its entry, with the archive's exact name and the file's SHA-256 now.
    /// Nothing is written; ``archive(_:)`` makes it so. A store journals this entry as part of
    /// its intent, so a process killed half-way leaves a record of exactly where the file went.
    /// - Throws: what reading the file throws (`file.*`), `archive.outsideRoot` when the archive
    ///   is not a real folder.
    public func plan(
        _ path: FilePath,
        reason: String,
        remove: Bool,
        date: Date = Date()
    ) throws(SuccessionError) -> Entry {
        try checkRealFolders()
        // What is archived is the file itself: a symbolic link's target (a key elsewhere) is
        // never copied in.
        let bytes = try FileBytes.read(path.string, followLinks: false)
        let count = try entries().count
        let name = path.lastComponent?.string ?? path.string
        // A random part: two plans of one second never collide, nor an orphan left by a kill.
        let prefix = "\(ISO8601.compact(date))-\(count + 1)-\(String(UInt32.random(in: 0x1000...0xFFFF), radix: 16))-"
        // The id is a file name: the original's name is shortened to keep it within 255 bytes.
        var shortened = name
        while prefix.utf8.count + shortened.utf8.count > 255 { shortened.removeLast() }
        let id = prefix + shortened
        return Entry(
            id: id,
            originalPath: layout.relative(path),
            archivedPath: layout.relative(filesFolder.appending(id)),
            sha256: try Digest.sha256(bytes),
            reason: reason,
            archivedAt: date,
            moved: remove
        )
    }

    /// Archives a planned entry: a verified copy under the entry's name, the manifest, then —
    /// for a move — the original removed. Idempotent: an entry archived already, wholly or by a
    /// process killed half-way, is completed, never copied twice, and the original is removed
    /// only while it still holds the archived bytes.
    /// - Returns: the entry as archived (its SHA-256 is the file's when the file changed since
    ///   the plan: what is archived is what was there).
    @discardableResult
    public func archive(_ planned: Entry) throws(SuccessionError) -> Entry {
        try checkRealFolders()
        guard !planned.id.contains("/"), !planned.id.hasPrefix("."), !planned.id.isEmpty else {
            throw SuccessionError(.archiveOutsideRoot, values: [.path: planned.id])
        }
        let original = try resolveInside(planned.originalPath)
        let target = filesFolder.appending(planned.id)
        var entry = planned
        if let copied = try? FileBytes.read(target.string, followLinks: false) {
            // Made by an earlier attempt (the copy is written whole or not at all).
            entry = planned.with(sha256: try Digest.sha256(copied))
        } else {
            let bytes = try FileBytes.read(original.string, followLinks: false)
            entry = planned.with(sha256: try Digest.sha256(bytes))
            try AtomicFile.createFolder(filesFolder.string)
            // A copy first, verified, so the manifest never names a file that is not there.
            try AtomicFile.write(bytes, to: target.string, replace: false)
        }
        var all = try entries()
        if !all.contains(where: { $0.id == entry.id }) {
            all.append(entry)
            try JSONFile.write(all, to: manifestPath)
        }
        if entry.moved, let current = try? FileBytes.read(original.string, followLinks: false),
            try Digest.sha256(current) == entry.sha256
        {
            guard unlink(original.string) == 0 else {
                throw SuccessionError(
                    .fileUnwritable,
                    values: SystemReason.values(errno: errno).merging([.path: original.string]) { _, path in path }
                )
            }
            AtomicFile.syncFolder(original.removingLastComponent().string)
            CrashSeam.changed(original.string)
        }
        return entry
    }

    /// What of `change` is in effect on disk, after a process was killed while making it: each
    /// archive entry whose copy was made (completed into the manifest, so that it restores), and
    /// each created file that exists. The store records stay as they are.
    public func reconcile(_ change: TerminalChange) throws(SuccessionError) -> TerminalChange {
        var done = change
        done.archived = []
        for entry in change.archived {
            let target = filesFolder.appending(entry.id)
            guard !entry.id.contains("/"), FileSystem.exists(target.string) else { continue }
            done.archived.append(try archive(entry))
        }
        done.created = change.created.filter { created in
            guard
                let path = created.hasPrefix("/") ? FilePath(created) : FileSystem.confined(created, under: layout.root)
            else { return false }
            return FileSystem.exists(path.string) || FileSystem.isSymbolicLink(path.string)
        }
        return done
    }

    /// Puts the archived bytes of `id` back where they were. A different file now at that
    /// place is archived first, so a restore loses nothing either.
    public func restore(_ id: String, date: Date = Date()) throws(SuccessionError) {
        guard let entry = try entries().first(where: { $0.id == id }) else {
            throw SuccessionError(.archiveUnknownEntry, values: [.found: id])
        }
        // The manifest is a file on the terminal: every path in it must stay inside the root.
        try checkRealFolders()
        guard entry.archivedPath.hasPrefix(".succession/archive/files/") else {
            throw SuccessionError(.archiveOutsideRoot, values: [.path: entry.archivedPath])
        }
        let original = try resolveInside(entry.originalPath)
        let bytes = try FileBytes.read(try resolveInside(entry.archivedPath).string)
        guard try Digest.sha256(bytes) == entry.sha256 else {
            throw SuccessionError(.archiveDamaged, values: [.found: id])
        }
        if FileSystem.exists(original.string) {
            let current = try FileBytes.read(original.string)
            if current == bytes { return }
            try archive(original, reason: "archive.restore(\(id))", remove: false, date: date)
        }
        try AtomicFile.createFolder(original.removingLastComponent().string)
        try AtomicFile.write(bytes, to: original.string, replace: true)
    }

    private var manifestPath: String { layout.archiveFolder.appending("manifest.json").string }
    private var filesFolder: FilePath { layout.archiveFolder.appending("files") }

    /// The state folder and the archive are real folders inside the root: a symbolic link there
    /// would send the old certificate, private key included, somewhere else.
    private func checkRealFolders() throws(SuccessionError) {
        for folder in [layout.stateFolder, layout.archiveFolder, filesFolder]
        where FileSystem.isSymbolicLink(folder.string) {
            throw SuccessionError(.archiveOutsideRoot, values: [.path: layout.relative(folder)])
        }
    }

    /// A recorded path as a path inside the root: relative, no `..`, no symbolic link on the way.
    private func resolveInside(_ recorded: String) throws(SuccessionError) -> FilePath {
        let components = recorded.split(separator: "/", omittingEmptySubsequences: false)
        guard !recorded.hasPrefix("/"), !recorded.isEmpty,
            !components.contains(where: { $0 == ".." || $0 == "." || $0.isEmpty })
        else { throw SuccessionError(.archiveOutsideRoot, values: [.path: recorded]) }
        var current = layout.root
        for component in components {
            current.append(String(component))
            if FileSystem.isSymbolicLink(current.string) {
                throw SuccessionError(.archiveOutsideRoot, values: [.path: recorded])
            }
        }
        return current
    }
}

extension ProblemCode {
    /// No archive entry with that identifier.
    public static let archiveUnknownEntry = ProblemCode(rawValue: "archive.unknownEntry")
    /// A path of the archive's manifest, or the archive itself, leads outside the terminal's
    /// root (`..`, an absolute path, a symbolic link): nothing is written. Values: path.
    public static let archiveOutsideRoot = ProblemCode(rawValue: "archive.outsideRoot")
    /// An archived file no longer matches its recorded SHA-256.
    public static let archiveDamaged = ProblemCode(rawValue: "archive.damaged")
}
