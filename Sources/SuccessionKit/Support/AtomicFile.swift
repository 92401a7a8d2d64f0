import SystemPackage

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Writes files so that a crash, a full disk or a kill at any moment leaves either the old
/// file or the new one — never half of one — and never replaces what it must not.
///
/// `Data.write(options: .atomic)` neither fsyncs the folder nor sets 0600, and
/// FileManager's replace-item call loses data on corelibs-foundation 6.3.1 (swift-corelibs-foundation issue 4655), so:
/// a temporary file in the same folder (`O_CREAT|O_EXCL|O_NOFOLLOW`, mode 0600), write,
/// `fsync`, read back and compare, then `rename` (or `link` when an existing file must be
/// kept), then `fsync` the folder.
package enum AtomicFile {
    /// A test seam: `link(2)` fails with `EPERM`, as on FAT/exFAT USB memory.
    nonisolated(unsafe) package static var hardLinksUnavailableForTesting = false

    /// The temporary file's name beside `name`: `.NAME.tmp-RANDOM`, with NAME shortened (on a
    /// character boundary) so that the whole stays within the 255 bytes a file name may have.
    static func temporaryName(for name: String) -> String {
        let suffix = ".tmp-\(UInt32.random(in: .min ... .max))"
        var stem = name
        while 1 + stem.utf8.count + suffix.utf8.count > 255 { stem.removeLast() }
        return "." + stem + suffix
    }

    /// Writes `bytes` to `path`.
    ///
    /// - Parameters:
    ///   - replace: when `false`, an existing file at `path` is never touched and
    ///     `file.exists` is thrown.
    ///   - mode: the new file's permissions; 0600 by default (secrets, backups, journals).
    /// - Throws: ``SuccessionError`` with `file.unwritable` (full disk, read-only folder, …),
    ///   `file.exists`, or `file.readBackMismatch` when the bytes do not read back identical
    ///   (the temporary file is removed; `path` is untouched).
    package static func write(
        _ bytes: [UInt8],
        to path: String,
        replace: Bool,
        mode: UInt16 = 0o600
    ) throws(SuccessionError) {
        let target = FilePath(path)
        let folder = target.removingLastComponent()
        let name = target.lastComponent?.string ?? "file"
        let temporary = folder.appending(temporaryName(for: name))
        do {
            let descriptor = try FileDescriptor.open(
                temporary,
                .writeOnly,
                options: [.create, .exclusiveCreate, .noFollow, .closeOnExec],
                permissions: FilePermissions(rawValue: mode_t(mode))
            )
            try descriptor.closeAfter {
                _ = try bytes.withUnsafeBytes { try descriptor.writeAll($0) }
                guard fsync(descriptor.rawValue) == 0 else { throw Errno(rawValue: errno) }
            }
        } catch {
            unlink(temporary.string)
            throw SuccessionError(.fileUnwritable, path: path, system: SystemReason.values(error))
        }
        // Read back what the disk holds before it takes the real name.
        guard (try? FileBytes.read(temporary.string)) == bytes else {
            unlink(temporary.string)
            throw SuccessionError(.fileReadBackMismatch, values: [.path: path])
        }
        if replace {
            guard rename(temporary.string, path) == 0 else {
                let reason = SystemReason.values(errno: errno)
                unlink(temporary.string)
                throw SuccessionError(.fileUnwritable, path: path, system: reason)
            }
        } else {
            // link(2) fails when the name exists: an atomic "create, never overwrite".
            var linked = hardLinksUnavailableForTesting ? -1 : link(temporary.string, path)
            var error = hardLinksUnavailableForTesting ? EPERM : errno
            if linked != 0 && [EPERM, EOPNOTSUPP, ENOTSUP, EMLINK].contains(error) {
                // FAT/exFAT USB memory has no hard links: check, then rename. The gap between the
                // two is closed by the caller's lock on the folder (a backup folder is written
                // under CertificateBackup's lock), never by luck.
                if access(path, F_OK) == 0 {
                    error = EEXIST
                } else {
                    linked = rename(temporary.string, path)
                    error = errno
                }
            }
            unlink(temporary.string)
            guard linked == 0 else {
                if error == EEXIST { throw SuccessionError(.fileExists, values: [.path: path]) }
                throw SuccessionError(.fileUnwritable, path: path, system: SystemReason.values(errno: error))
            }
        }
        syncFolder(folder.string.isEmpty ? "." : folder.string)
        CrashSeam.changed(path)
    }

    /// Creates `path` (and its parents) as folders with mode 0700 when missing.
    package static func createFolder(_ path: String) throws(SuccessionError) {
        var current = FilePath(path.hasPrefix("/") ? "/" : ".")
        for component in FilePath(path).components {
            current.append(component)
            if mkdir(current.string, 0o700) != 0 && errno != EEXIST {
                throw SuccessionError(.fileUnwritable, path: current.string, system: SystemReason.values(errno: errno))
            }
        }
    }

    /// Makes a rename in `folder` durable.
    static func syncFolder(_ folder: String) {
        let descriptor = open(folder, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        guard descriptor >= 0 else { return }
        fsync(descriptor)
        close(descriptor)
    }
}

extension ProblemCode {
    /// A file already exists where a new one would have replaced it. Values: ``ProblemValueKey/path``.
    public static let fileExists = ProblemCode(rawValue: "file.exists")
    /// What was written did not read back identical; nothing took the name. Values: ``ProblemValueKey/path``.
    public static let fileReadBackMismatch = ProblemCode(rawValue: "file.readBackMismatch")
}
