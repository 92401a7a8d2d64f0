import Foundation

/// Where a job lives on a terminal (`ROOT/.succession/job.json`), written atomically after every
/// event, and locked so that a second process on the same job is refused.
public final class JobStore: @unchecked Sendable {
    // @unchecked: one process holds the lock; the file descriptor is only closed in deinit.
    public let layout: TerminalLayout
    private let lockDescriptor: Int32

    /// Opens the job store of the terminal at `layout`, taking its lock.
    /// - Throws: ``SuccessionError`` with `job.locked` when another process holds it.
    public init(layout: TerminalLayout) throws(SuccessionError) {
        self.layout = layout
        try AtomicFile.createFolder(layout.stateFolder)
        let path = layout.stateFolder + "/job.lock"
        let descriptor = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0o600)
        guard descriptor >= 0 else {
            throw SuccessionError(.fileUnwritable, values: [.path: path, .reason: String(cString: strerror(errno))])
        }
        // flock is released by the kernel when the process dies, even by kill -9.
        guard flock(descriptor, LOCK_EX | LOCK_NB) == 0 else {
            close(descriptor)
            throw SuccessionError(.jobLocked, values: [.path: layout.root])
        }
        lockDescriptor = descriptor
    }

    deinit {
        flock(lockDescriptor, LOCK_UN)
        close(lockDescriptor)
    }

    var path: String { layout.stateFolder + "/job.json" }

    /// Whether a job exists.
    public var exists: Bool { FileManagerShim.exists(path) }

    /// The job.
    /// - Throws: `job.none` when there is no job, `terminal.stateDamaged` when it cannot be read.
    public func load() throws(SuccessionError) -> Job {
        guard let job = try SandboxFiles.read(Job.self, from: path) else {
            throw SuccessionError(.jobNone, values: [.path: layout.root])
        }
        return job
    }

    /// Writes the job: a temporary file, fsync, rename — a kill leaves the old or the new one.
    public func save(_ job: Job) throws(SuccessionError) {
        try SandboxFiles.write(job, to: path)
    }
}

extension ProblemCode {
    /// Another process is working on this job.
    public static let jobLocked = ProblemCode(rawValue: "job.locked")
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
}
