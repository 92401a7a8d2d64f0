// The bulk-registration CSV reader and checker, on any bytes.
import Foundation
import FuzzDriver
import SuccessionKit

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ start: UnsafePointer<UInt8>, _ count: Int) -> CInt {
    let bytes = Array(UnsafeBufferPointer(start: start, count: count))
    let decoded = BulkRegistrationFile.decode(bytes)
    let problems = BulkRegistrationFile.check(decoded.rows, code: try? MedicalInstitutionCode(parsing: "1340110049"))
    for problem in problems { _ = problem.message(in: .english) }
    // What was read must be writable again or refused with a named character.
    _ = try? BulkRegistrationFile.encode(decoded.rows)
    if let layout = try? BulkRegistrationLayout.decode(json: Data(bytes)) {
        _ = BulkRegistrationFile.decode(bytes, layout: layout)
    }
    return 0
}

/// The entry point SwiftPM links (see FuzzDriver).
@_cdecl("fuzz_csv_main")
public func entry(_ argc: Int32, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> Int32 {
    runLibFuzzer(argc, argv) { data, size in
        guard let data else { return 0 }
        return fuzz(data, size)
    }
}
