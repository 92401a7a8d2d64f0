// The bulk-registration CSV reader and checker, on any bytes.
import Foundation
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

/// SwiftPM links an executable's entry point under this name; with -parse-as-library there is
/// none, so it hands over to libFuzzer's driver here.
@_cdecl("fuzz_csv_main")
public func entry(_ argc: Int32, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> Int32 {
    var count = argc
    var arguments = argv
    return LLVMFuzzerRunDriver(&count, &arguments) { data, size in
        guard let data else { return 0 }
        return fuzz(data, size)
    }
}

@_silgen_name("LLVMFuzzerRunDriver")
func LLVMFuzzerRunDriver(
    _ argc: UnsafeMutablePointer<Int32>,
    _ argv: UnsafeMutablePointer<UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?>,
    _ callback: @convention(c) (UnsafePointer<UInt8>?, Int) -> Int32
) -> Int32
