import Foundation
import SystemPackage

/// Where a job's journal is kept: loaded whole, saved whole after every event.
///
/// ``JobStore`` (a locked JSON file in the terminal's state folder) is the default; an integrator
/// may keep journals elsewhere (a database, a server) behind this protocol.
public protocol JobJournal: AnyObject, Sendable {
    /// Whether a job exists.
    var exists: Bool { get }
    /// The job.
    /// - Throws: `job.none` when there is none, `job.version` when it was written by another
    ///   format version, `terminal.stateDamaged` when it cannot be read.
    func load() throws(SuccessionError) -> Job
    /// Saves the job: a crash leaves the old journal or the new one, never a mix.
    func save(_ job: Job) throws(SuccessionError)
    /// Starts over: the current job is kept where it can still be read (archived, never
    /// deleted), and ``exists`` becomes false.
    func startOver() throws(SuccessionError)
}

/// Where a job lives on a terminal (`ROOT/.succession/job.json`), written atomically after every
/// event, and locked so that a second process on the same job is refused.
public final class JobStore: JobJournal, Sendable {
    /// The terminal whose state folder holds the journal.
    public let layout: TerminalLayout
    /// The journal's lock; `nil` for a store opened only to read.
    private let lock: FolderLock?

    /// Opens the job store of the terminal at `layout`, taking its lock. Temporary journals
    /// left by a process killed while it saved (`.job.json.tmp-*`) are removed: only a
    /// holder of the lock could be writing one.
    /// - Throws: ``SuccessionError`` with `job.locked` when another process holds it,
    ///   `file.symbolicLink` when the lock or the state folder is a symbolic link (never
    ///   followed: a link would make the tool create its target).
    public init(layout: TerminalLayout) throws(SuccessionError) {
        self.layout = layout
        try FileSystem.requireRealFolder(layout.stateFolder.string, under: layout.root.string)
        try AtomicFile.createFolder(layout.stateFolder.string)
        lock = try FolderLock(
            file: layout.stateFolder.appending("job.lock").string,
            busy: .jobLocked,
            busyPath: layout.root.string
        )
        Self.removeTemporaryJournals(in: layout.stateFolder)
    }

    /// Opens the job store of the terminal at `layout` to read it: no lock is taken and no file
    /// or folder is created (the journal is always replaced atomically, so a reader sees a
    /// whole one). ``save(_:)`` and ``startOver()`` on it throw `file.unwritable`.
    public init(readingAt layout: TerminalLayout) {
        self.layout = layout
        lock = nil
    }

    deinit {
        lock?.release()
    }

    /// Removes `.job.json.tmp-*` regular files (never a link's target) from `folder`.
    private static func removeTemporaryJournals(in folder: FilePath) {
        guard let names = try? FileManager.default.contentsOfDirectory(atPath: folder.string) else { return }
        for name in names where name.hasPrefix(".job.json.tmp-") {
            var status = stat()
            let path = folder.appending(name).string
            if lstat(path, &status) == 0, (status.st_mode & S_IFMT) == S_IFREG { unlink(path) }
        }
    }

    private func requireLock() throws(SuccessionError) {
        guard lock != nil else {
            throw SuccessionError(.fileUnwritable, values: [.path: path, .reason: "opened for reading only"])
        }
    }

    var path: String { layout.stateFolder.appending("job.json").string }

    /// Whether a job exists.
    public var exists: Bool { FileSystem.exists(path) }

    /// The job.
    /// - Throws: `job.none` when there is no job, `terminal.stateDamaged` when it cannot be read.
    public func load() throws(SuccessionError) -> Job {
        struct Version: Decodable { var version: Int }
        guard
            let version = try JSONFile.read(
                Version.self,
                from: path,
                damaged: .terminalStateDamaged,
                followLinks: false
            )
        else {
            throw SuccessionError(.jobNone, values: [.path: layout.root.string])
        }
        guard Job.readableVersions.contains(version.version) else {
            throw SuccessionError(
                .jobVersion,
                values: [.found: String(version.version), .expected: String(Job.formatVersion), .path: path]
            )
        }
        guard let job = try JSONFile.read(Job.self, from: path, damaged: .terminalStateDamaged, followLinks: false)
        else {
            throw SuccessionError(.jobNone, values: [.path: layout.root.string])
        }
        return job.migrated(root: FilePath.typed(layout.root.string).string)
    }

    /// Writes the job: a temporary file, fsync, rename — a kill leaves the old or the new one.
    public func save(_ job: Job) throws(SuccessionError) {
        try requireLock()
        try JSONFile.write(job, to: path)
    }

    /// Moves `job.json` into the terminal's archive (reason `job.restart`).
    public func startOver() throws(SuccessionError) {
        try requireLock()
        guard exists else { return }
        try TerminalArchive(layout: layout).archive(FilePath(path), reason: "job.restart", remove: true, date: Date())
    }
}

extension ProblemCode {
    /// Another process is working on this job.
    public static let jobLocked = ProblemCode(rawValue: "job.locked")
    /// The report could not be encoded as JSON. Values: ``ProblemValueKey/detail``.
    public static let jobReportEncoding = ProblemCode(rawValue: "job.reportEncoding")
    /// No job on this terminal.
    public static let jobNone = ProblemCode(rawValue: "job.none")
    /// A job exists already.
    public static let jobExists = ProblemCode(rawValue: "job.exists")
    /// A step's preconditions are not finished. Values: found (the step), missing (the steps).
    public static let jobPrecondition = ProblemCode(rawValue: "job.precondition")
    /// A skip without a reason is refused.
    public static let jobSkipReason = ProblemCode(rawValue: "job.skipReason")
    /// The step changed nothing that can be restored. Values: found.
    public static let jobNothingToUndo = ProblemCode(rawValue: "job.nothingToUndo")
    /// A person answered no. Values: found.
    public static let jobDeclined = ProblemCode(rawValue: "job.declined")
    /// A needed secret (PIN, password) was not given. Values: field.
    public static let jobInputMissing = ProblemCode(rawValue: "job.inputMissing")
    /// The journal was written by another format version. Values: found, expected, path.
    public static let jobVersion = ProblemCode(rawValue: "job.version")
    /// The job cannot start: no notice for the new code, or the codes are the same. The
    /// problems that refuse it follow.
    public static let jobCannotStart = ProblemCode(rawValue: "job.cannotStart")
    /// A step that software performs cannot be confirmed by hand. Values: found.
    public static let jobSoftwareStep = ProblemCode(rawValue: "job.softwareStep")
    /// A done step cannot be skipped; undo it first. Values: found.
    public static let jobAlreadyDone = ProblemCode(rawValue: "job.alreadyDone")
    /// The old and the new code are the same. Values: found.
    public static let jobSameCode = ProblemCode(rawValue: "job.sameCode")
    /// The notice is issued to the code given as the old one: the codes were probably typed the
    /// wrong way round (otherwise it is the old code's notice). Values: found (the code given as
    /// old, which the notice names), expected (the code given as new).
    public static let jobCodesSwapped = ProblemCode(rawValue: "job.codesSwapped")
    /// ⑧ the 拇印 typed is not 8 to 40 hex digits. Values: found.
    public static let jobThumbprintMalformed = ProblemCode(rawValue: "job.thumbprintMalformed")
    /// A manual step's answer lacks a value the manual records. Values: field, found (step).
    public static let jobAnswerMissing = ProblemCode(rawValue: "job.answerMissing")
    /// A step that depends on the undone one is pending again. Values: found (the step), steps.
    public static let jobReopened = ProblemCode(rawValue: "job.reopened")
}
