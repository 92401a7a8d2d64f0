// The bulk-registration layout JSON on any bytes, and a file written and read back with it.
import Foundation
import FuzzDriver
import SuccessionKit

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ start: UnsafePointer<UInt8>, _ count: Int) -> CInt {
    let data = Data(bytes: start, count: count)
    guard let layout = try? BulkRegistrationLayout.decode(json: data) else { return 0 }
    if let code = try? MedicalInstitutionCode(parsing: "1340110049") {
        let rows = BulkRegistrationFile.rows(for: code, start: Date(timeIntervalSince1970: 1_795_000_000))
        if let bytes = try? BulkRegistrationFile.encode(rows, layout: layout) {
            let decoded = BulkRegistrationFile.decode(bytes, layout: layout)
            for problem in decoded.problems { _ = problem.message(in: .english) }
        }
    }
    return 0
}

/// The entry point SwiftPM links (see FuzzDriver).
@_cdecl("fuzz_layout_main")
public func entry(_ argc: Int32, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> Int32 {
    runLibFuzzer(argc, argv) { data, size in
        guard let data else { return 0 }
        return fuzz(data, size)
    }
}
