// The code parser: the fast path and the detailed reader must agree on every input.
import FuzzDriver
@_spi(Fuzzing) import SuccessionKit

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ start: UnsafePointer<UInt8>, _ count: Int) -> CInt {
    let text = String(decoding: UnsafeBufferPointer(start: start, count: count), as: UTF8.self)
    let reading = MedicalInstitutionCode.read(text)
    precondition(MedicalInstitutionCode.isValid(text) == reading.isValid, "fast and detailed readers disagree")
    if let code = reading.code {
        precondition(code.digits.count == 10)
        precondition((try? MedicalInstitutionCode(parsing: code.digits)) == code)
    }
    for problem in reading.problems { _ = problem.message(in: .japanese) }
    // A code list's line helpers (not API: reached through @_spi(Fuzzing)).
    let line = CodeList.fuzzLine(text)
    precondition(!line.isHeader || line.field != nil, "a header has a code field")
    _ = AccountID.identify(text)
    return 0
}

/// The entry point SwiftPM links (see FuzzDriver).
@_cdecl("fuzz_code_main")
public func entry(_ argc: Int32, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> Int32 {
    runLibFuzzer(argc, argv) { data, size in
        guard let data else { return 0 }
        return fuzz(data, size)
    }
}
