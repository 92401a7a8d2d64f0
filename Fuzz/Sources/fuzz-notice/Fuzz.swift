// The notice reader (text and JSON) and its checks, on any bytes.
import Foundation
import FuzzDriver
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

/// The entry point SwiftPM links (see FuzzDriver).
@_cdecl("fuzz_notice_main")
public func entry(_ argc: Int32, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> Int32 {
    runLibFuzzer(argc, argv) { data, size in
        guard let data else { return 0 }
        return fuzz(data, size)
    }
}
