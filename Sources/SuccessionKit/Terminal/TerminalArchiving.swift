public import Foundation
public import SystemPackage

/// Where a terminal keeps what a succession replaced or removed, so that each can be restored.
///
/// ``TerminalArchive`` (files under the terminal's state folder, with a manifest) is the default;
/// a backend with its own notion of an archive implements this instead. An archive is planned
/// before it is made (``plan(_:reason:remove:date:)``), so that a store's intent names the exact
/// place a file will go before it moves.
public protocol TerminalArchiving: Sendable {
    /// Every entry, oldest first.
    func entries() throws(SuccessionError) -> [TerminalArchive.Entry]
    /// Decides where the local file at `path` will be archived (moved when `remove` is true,
    /// copied otherwise), changing nothing.
    func plan(
        _ path: FilePath,
        reason: String,
        remove: Bool,
        date: Date
    ) throws(SuccessionError)
        -> TerminalArchive.Entry
    /// Archives a planned entry; idempotent, so that a process killed half-way completes it.
    @discardableResult
    func archive(_ planned: TerminalArchive.Entry) throws(SuccessionError) -> TerminalArchive.Entry
    /// What of `change` is in effect: the archive entries whose copies were made (completed) and
    /// the created files that exist.
    func reconcile(_ change: TerminalChange) throws(SuccessionError) -> TerminalChange
    /// Puts the archived bytes of entry `id` back where they were; what is there now is
    /// archived first, so a restore loses nothing either.
    func restore(_ id: String, date: Date) throws(SuccessionError)
}

extension TerminalArchiving {
    /// Plans and makes an archive in one call, for work that keeps no journal (a command that
    /// changes one store once).
    @discardableResult
    public func archive(
        _ path: FilePath,
        reason: String,
        remove: Bool,
        date: Date = Date()
    ) throws(SuccessionError) -> TerminalArchive.Entry {
        try archive(try plan(path, reason: reason, remove: remove, date: date))
    }

    /// Undoes a change made to local files: what it created goes into the archive (moved, never
    /// deleted), what it archived comes back, newest first. A file the change created had no
    /// earlier version, so its intermediate copies stay archived.
    ///
    /// Calling it again with the same change leaves the terminal as the first call did (a file
    /// already archived is not there to archive; a restore archives what is there first), so a
    /// kill during `job undo` is repaired by running it again.
    ///
    /// Every path is checked before anything moves: a created path must lie inside `root` (or,
    /// when `root` is `nil`, be absolute), with no `..` and no symbolic link on the way — a
    /// journal is a file a person can edit.
    ///
    /// - Parameters:
    ///   - change: What a store's operation returned.
    ///   - root: The folder that the paths of ``TerminalChange/created`` lie in (a file store's
    ///     root); `nil` when they are absolute paths the caller has confined already.
    ///   - date: When, for the archive's manifest.
    /// - Throws: `archive.outsideRoot` naming a path that leaves `root`; nothing moved then.
    public func revertFiles(_ change: TerminalChange, root: FilePath?, date: Date = Date()) throws(SuccessionError) {
        var created: [FilePath] = []
        for path in change.created {
            if let root {
                guard let inside = FileSystem.confined(path, under: root) else {
                    throw SuccessionError(.archiveOutsideRoot, values: [.path: path])
                }
                created.append(inside)
            } else {
                guard path.hasPrefix("/") else { throw SuccessionError(.archiveOutsideRoot, values: [.path: path]) }
                created.append(FilePath(path))
            }
        }
        for path in created.reversed() where FileSystem.exists(path.string) {
            try archive(path, reason: "undo", remove: true, date: date)
        }
        let createdNames = Set(change.created)
        for entry in change.archived.reversed() where !createdNames.contains(entry.originalPath) {
            try restore(entry.id, date: date)
        }
    }
}
