// The notice reader (text and JSON) and its checks, on any bytes.
import Foundation
import SuccessionKit

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ start: UnsafePointer<UInt8>, _ count: Int) -> CInt {
    let data = Data(bytes: start, count: count)
    let code = try? MedicalInstitutionCode(parsing: "1310110049")
    let text = String(decoding: data, as: UTF8.self)
    var readings = [CertificateIssueNotice.read(text: text)]
    if let json = try? CertificateIssueNotice.read(json: data) { readings.append(json) }
    for reading in readings {
        if let code { _ = reading.notice.check(newCode: code, at: Date(timeIntervalSince1970: 1_795_000_000)) }
        for problem in reading.problems { _ = problem.message(in: .japanese) }
    }
    return 0
}

/// SwiftPM links an executable's entry point under this name; with -parse-as-library there is
/// none, so it hands over to libFuzzer's driver here.
@_cdecl("fuzz_notice_main")
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
