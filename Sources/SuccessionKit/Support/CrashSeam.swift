import Foundation

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The crash tests' seam: with `SUCCESSION_KILL_AFTER_CHANGE=N` in the environment, the process
/// kills itself (SIGKILL: no handler, no flush, as a power cut) right after the Nth change of a
/// file on disk — a rename, a link or an unlink made by ``AtomicFile`` or the archive — that is
/// not the job's journal. The kill matrix runs a whole job once for every N.
///
/// `SUCCESSION_COUNT_CHANGES=FILE` appends one line per change to FILE instead (how many N
/// there are, and which file each is).
package enum CrashSeam {
    private struct Settings: Sendable {
        var killAfter: Int?
        var countFile: String?
    }

    private static let settings: Settings = {
        let environment = ProcessInfo.processInfo.environment
        return Settings(
            killAfter: environment["SUCCESSION_KILL_AFTER_CHANGE"].flatMap { Int($0) },
            countFile: environment["SUCCESSION_COUNT_CHANGES"]
        )
    }()

    nonisolated(unsafe) private static var changes = 0

    /// Called after each change of a file on disk at `path`.
    package static func changed(_ path: String) {
        guard settings.killAfter != nil || settings.countFile != nil else { return }
        // The journal's own saves are the job's record, not a store's change.
        if path.hasSuffix("/job.json") { return }
        changes += 1
        if let file = settings.countFile, let handle = FileHandle(forWritingAtPath: file) {
            handle.seekToEndOfFile()
            handle.write(Data("\(changes) \(path)\n".utf8))
            try? handle.close()
        }
        if changes == settings.killAfter {
            kill(getpid(), SIGKILL)
        }
    }
}
