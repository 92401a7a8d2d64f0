// The PKCS#12 opener and its checks, on any bytes: never a crash, a leak or an invalid access.
import Foundation
import FuzzDriver
import SuccessionKit

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ start: UnsafePointer<UInt8>, _ count: Int) -> CInt {
    let bytes = Array(UnsafeBufferPointer(start: start, count: count))
    for pin in [CertificatePIN("1357"), CertificatePIN.empty] {
        if let bundle = try? PKCS12Bundle(bytes: bytes, pin: pin),
            let code = try? MedicalInstitutionCode(parsing: "1310110049")
        {
            _ = bundle.verify(newCode: code, at: Date(timeIntervalSince1970: 1_795_000_000), pin: pin)
            _ = bundle.certificateDER
        }
    }
    return 0
}

/// The entry point SwiftPM links (see FuzzDriver).
@_cdecl("fuzz_pkcs12_main")
public func entry(_ argc: Int32, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> Int32 {
    runLibFuzzer(argc, argv) { data, size in
        guard let data else { return 0 }
        return fuzz(data, size)
    }
}
