public import Foundation
public import SystemPackage

/// Where a terminal keeps what a succession replaced or removed, so that each can be restored.
///
/// ``TerminalArchive`` (files under the terminal's state folder, with a manifest) is the default;
/// a backend with its own notion of an archive implements this instead.
public protocol TerminalArchiving: Sendable {
    /// Every entry, oldest first.
    func entries() throws(SuccessionError) -> [TerminalArchive.Entry]
    /// Archives the local file at `path`: moves it when `remove` is true, copies it otherwise.
    /// The record is written before the original goes away.
    @discardableResult
    func archive(
        _ path: FilePath,
        reason: String,
        remove: Bool,
        date: Date
    ) throws(SuccessionError)
        -> TerminalArchive.Entry
    /// Puts the archived bytes of entry `id` back where they were; what is there now is
    /// archived first, so a restore loses nothing either.
    func restore(_ id: String, date: Date) throws(SuccessionError)
}

extension TerminalArchiving {
    /// Undoes a change made to local files: what it created goes into the archive (moved, never
    /// deleted), what it archived comes back, newest first. A file the change created had no
    /// earlier version, so its intermediate copies stay archived.
    ///
    /// Calling it again with the same change leaves the terminal as the first call did (a file
    /// already archived is not there to archive; a restore archives what is there first), so a
    /// kill during `job undo` is repaired by running it again.
    ///
    /// - Parameters:
    ///   - change: What a store's operation returned.
    ///   - root: The folder that relative paths of ``TerminalChange/created`` are relative to
    ///     (a file store's root); `nil` when they are all absolute, as the job records them.
    ///   - date: When, for the archive's manifest.
    public func revertFiles(_ change: TerminalChange, root: FilePath?, date: Date = Date()) throws(SuccessionError) {
        func absolute(_ path: String) -> FilePath {
            root.map { $0.pushing(FilePath(path)) } ?? FilePath(path)
        }
        for path in change.created.reversed() where FileSystem.exists(absolute(path).string) {
            try archive(absolute(path), reason: "undo", remove: true, date: date)
        }
        let created = Set(change.created)
        for entry in change.archived.reversed() where !created.contains(entry.originalPath) {
            try restore(entry.id, date: date)
        }
    }
}
