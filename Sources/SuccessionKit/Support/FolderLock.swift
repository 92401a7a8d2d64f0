import SystemPackage

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A `flock` on a folder itself (its descriptor) or on a lock file: nothing else is created, and
/// the kernel releases it when the process dies, even by kill -9. A backup takes the backup
/// folder's in turn (waiting); a job session takes its job folder's, and the journal its
/// `job.lock`, and neither waits (another front end works it). The Unix-only seam of locking
/// (`flock`, `O_NOFOLLOW`): a Windows build ports this file (`LockFileEx`).
struct FolderLock: Sendable {
    private let descriptor: Int32

    /// Takes the lock of `folder`.
    /// - Parameters:
    ///   - exclusive: an exclusive lock (a shared one otherwise).
    ///   - waiting: wait for another holder; when `false`, `busy` is thrown instead.
    ///   - busy: the code thrown when the folder is locked and `waiting` is false (values: path).
    init(
        _ folder: FilePath,
        exclusive: Bool = true,
        waiting: Bool = true,
        busy: ProblemCode = .jobLocked
    ) throws(SuccessionError) {
        let descriptor = open(folder.string, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        guard descriptor >= 0 else {
            throw SuccessionError(.fileUnwritable, path: folder.string, system: SystemReason.values(errno: errno))
        }
        let operation = (exclusive ? LOCK_EX : LOCK_SH) | (waiting ? 0 : LOCK_NB)
        while flock(descriptor, operation) != 0 {
            if errno == EINTR { continue }
            if errno == EWOULDBLOCK {
                close(descriptor)
                throw SuccessionError(busy, values: [.path: folder.string])
            }
            // A file system that keeps no locks (some network shares): the work goes on unlocked,
            // as it must on a customer's USB memory.
            if [ENOLCK, EOPNOTSUPP, ENOTSUP, EINVAL, EBADF].contains(errno) { break }
            let reason = SystemReason.values(errno: errno)
            close(descriptor)
            throw SuccessionError(.fileUnwritable, path: folder.string, system: reason)
        }
        self.descriptor = descriptor
    }

    /// Takes the lock of the file at `path` (created, mode 0600, never through a symbolic link)
    /// without waiting: the journal's `job.lock`.
    /// - Throws: `file.symbolicLink` or `file.notRegular` for a lock file that is not a plain
    ///   file; `busy` with `busyPath` when another process holds it.
    init(file path: String, busy: ProblemCode, busyPath: String) throws(SuccessionError) {
        let descriptor = open(path, O_RDWR | O_CREAT | O_NOFOLLOW | O_CLOEXEC | O_NONBLOCK, 0o600)
        guard descriptor >= 0 else {
            if errno == ELOOP { throw SuccessionError(.fileSymbolicLink, values: [.path: path]) }
            throw SuccessionError(.fileUnwritable, path: path, system: SystemReason.values(errno: errno))
        }
        var status = stat()
        guard fstat(descriptor, &status) == 0, (status.st_mode & S_IFMT) == S_IFREG else {
            close(descriptor)
            throw SuccessionError(.fileNotRegular, values: [.path: path])
        }
        guard flock(descriptor, LOCK_EX | LOCK_NB) == 0 else {
            close(descriptor)
            throw SuccessionError(busy, values: [.path: busyPath])
        }
        self.descriptor = descriptor
    }

    /// Releases the lock.
    func release() {
        flock(descriptor, LOCK_UN)
        close(descriptor)
    }
}
