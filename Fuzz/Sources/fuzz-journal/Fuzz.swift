// The job journal reader on any bytes: a damaged job.json is a clear error, never a crash, and
// the journal is never overwritten by a half-read one.
import Foundation
import FuzzDriver
import SuccessionKit

let folder = FileManager.default.temporaryDirectory.appendingPathComponent("fuzz-journal-\(getpid())")

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ start: UnsafePointer<UInt8>, _ count: Int) -> CInt {
    let data = Data(bytes: start, count: count)
    let state = folder.appendingPathComponent(".succession")
    try? FileManager.default.createDirectory(at: state, withIntermediateDirectories: true)
    let path = state.appendingPathComponent("job.json")
    try? data.write(to: path)
    guard let store = try? JobStore(layout: TerminalLayout(root: folder.path)) else { return 0 }
    do {
        let job = try store.load()
        _ = JobReport(job: job).markdown
        _ = job.completion
    } catch {
        _ = error.message(in: .japanese)
        // A journal that cannot be read stays as it was.
        precondition((try? Data(contentsOf: path)) == data, "a damaged journal was changed")
    }
    return 0
}

/// The entry point SwiftPM links (see FuzzDriver).
@_cdecl("fuzz_journal_main")
public func entry(_ argc: Int32, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> Int32 {
    runLibFuzzer(argc, argv) { data, size in
        guard let data else { return 0 }
        return fuzz(data, size)
    }
}
