import SystemPackage

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Reads a whole (small) file: regular files only, never more than a limit, with typed errors.
package enum FileBytes {
    /// How large a file of each kind may be before it is refused unread.
    package enum Limit {
        /// A `.p12` is a few kilobytes; a megabyte is generous.
        package static let certificate = 1 << 20
        /// A notice, a layout, a CSV, a journal, a state file, a manifest, a PIN or password file:
        /// kilobytes in practice.
        package static let document = 4 << 20
    }

    /// The bytes of the regular file at `path`, at most `limit` of them.
    /// - Throws: ``SuccessionError`` with `file.unreadable`, `file.notRegular` (a FIFO, a device,
    ///   a folder: refused before any read, so nothing blocks) or `file.tooLarge`.
    ///
    /// - Parameter followLinks: `false` for a file the tool relies on (a backup, its manifest,
    ///   what it archives): a symbolic link there is refused with `file.symbolicLink`, never read.
    package static func read(
        _ path: String,
        limit: Int = Limit.document,
        followLinks: Bool = true
    ) throws(SuccessionError) -> [UInt8] {
        let descriptor = try openRegular(path, limit: limit, followLinks: followLinks)
        do {
            return try descriptor.closeAfter {
                var bytes: [UInt8] = []
                var chunk = [UInt8](repeating: 0, count: 1 << 16)
                while true {
                    let count = try chunk.withUnsafeMutableBytes { try descriptor.read(into: $0) }
                    if count == 0 { break }
                    bytes.append(contentsOf: chunk.prefix(count))
                    // The file may grow while it is read: the limit holds all the same.
                    if bytes.count > limit { throw Errno.fileTooLarge }
                }
                return bytes
            }
        } catch Errno.fileTooLarge {
            throw SuccessionError(.fileTooLarge, values: [.path: path, .limit: String(limit)])
        } catch {
            throw SuccessionError(.fileUnreadable, path: path, system: SystemReason.values(error))
        }
    }

    /// Opens `path` for reading without blocking (a FIFO with no writer would), and keeps it
    /// only when it is a regular file within `limit` bytes.
    static func openRegular(
        _ path: String,
        limit: Int?,
        followLinks: Bool = true
    ) throws(SuccessionError)
        -> FileDescriptor
    {
        let descriptor: FileDescriptor
        do {
            descriptor = try FileDescriptor.open(
                FilePath(path),
                .readOnly,
                options: followLinks ? [.closeOnExec, .nonBlocking] : [.closeOnExec, .nonBlocking, .noFollow]
            )
        } catch Errno.tooManySymbolicLinkLevels where !followLinks {
            throw SuccessionError(.fileSymbolicLink, values: [.path: path])
        } catch {
            throw SuccessionError(.fileUnreadable, path: path, system: SystemReason.values(error))
        }
        var status = stat()
        guard fstat(descriptor.rawValue, &status) == 0 else {
            try? descriptor.close()
            throw SuccessionError(.fileUnreadable, path: path, system: SystemReason.values(errno: errno))
        }
        // /dev/null is the one device read as it is: it never blocks and means "nothing".
        let isNull = (status.st_mode & S_IFMT) == S_IFCHR && path == "/dev/null"
        guard (status.st_mode & S_IFMT) == S_IFREG || isNull else {
            try? descriptor.close()
            throw SuccessionError(.fileNotRegular, values: [.path: path])
        }
        if let limit, Int(status.st_size) > limit {
            try? descriptor.close()
            throw SuccessionError(
                .fileTooLarge,
                values: [.path: path, .limit: String(limit), .count: String(status.st_size)]
            )
        }
        // Blocking reads again: a regular file never blocks, and the reader expects whole reads.
        _ = fcntl(descriptor.rawValue, F_SETFL, fcntl(descriptor.rawValue, F_GETFL) & ~O_NONBLOCK)
        return descriptor
    }
}

extension ProblemCode {
    /// Not a regular file (a FIFO, a device, a folder): refused unread. Values: path.
    public static let fileNotRegular = ProblemCode(rawValue: "file.notRegular")
    /// A symbolic link where the tool writes, deletes, moves or relies on a file (a backup, its
    /// manifest, the job's lock, a sandbox's folder): never followed. Values: path.
    public static let fileSymbolicLink = ProblemCode(rawValue: "file.symbolicLink")
    /// A file name that is not UTF-8 text (a Latin-1 or Shift-JIS name from another system):
    /// it cannot be named again, so it is not read. Values: path (other bytes shown as U+FFFD).
    public static let fileNameNotText = ProblemCode(rawValue: "file.nameNotText")
    /// Larger than a file of its kind can be. Values: path, limit, count (its size).
    public static let fileTooLarge = ProblemCode(rawValue: "file.tooLarge")
    /// A line far longer than its file's lines can be: skipped unread. Values: path, line, count.
    public static let fileLineTooLong = ProblemCode(rawValue: "file.lineTooLong")
}
