// succession-bench: measures one thing per invocation and prints "<name> <value> <unit>".
//   make DIR                   write the benchmark files (PIN 1357) into DIR
//   open FILE N                SuccessionKit open + verify, per file (ns)
//   raw FILE N                 raw OpenSSL calls (d2i + PKCS12_parse + key check), per file (ns)
//   pick DIR                   CertificatePicker over every file of DIR (ns total)
//   codes FILE                 MedicalInstitutionCode over every line of FILE, one core (codes/s)
//   recover FILE               PINRecovery over the whole space (ns total)
//   compress N                 raw OpenSSL SHA-256 compressions, one core (ns per compression)
//   kernel sha256|sha1 N       the interleaved rehash kernel, one core, best of 2 and 3 lanes
//                              (ns per compression): the bound of PIN recovery
import CBenchOpenSSL
import CSHAKernels
import Foundation
import SuccessionKit
import SuccessionKitSandbox

let arguments = Array(CommandLine.arguments.dropFirst())
let clock = ContinuousClock()
let pin = CertificatePIN("1357")
let newCode = try MedicalInstitutionCode(parsing: "1310110049")

func nanoseconds(_ duration: Duration) -> Double {
    Double(duration.components.seconds) * 1e9 + Double(duration.components.attoseconds) / 1e9
}

func report(_ name: String, _ value: Double, _ unit: String) {
    print("\(name) \(String(format: "%.1f", value)) \(unit)")
}

switch arguments.first {
case "make":
    let folder = arguments[1]
    let factory = try CertificateFactory()
    let now = Date()
    let old = try MedicalInstitutionCode(parsing: "0110113719")
    let year: TimeInterval = 365 * 86_400
    let modern = try factory.makePKCS12(
        code: newCode,
        pin: pin,
        start: now.addingTimeInterval(-86_400),
        end: now.addingTimeInterval(3 * year)
    )
    let legacy = try factory.makePKCS12(
        code: newCode,
        pin: pin,
        start: now.addingTimeInterval(-86_400),
        end: now.addingTimeInterval(3 * year),
        legacy: true
    )
    try Data(modern).write(to: URL(fileURLWithPath: folder + "/modern.p12"))
    try Data(legacy).write(to: URL(fileURLWithPath: folder + "/legacy.p12"))
    // The whole PIN space: a file whose passphrase is 9999, the last candidate.
    let last = try factory.makePKCS12(
        code: newCode,
        pin: CertificatePIN("9999"),
        start: now,
        end: now.addingTimeInterval(year)
    )
    try Data(last).write(to: URL(fileURLWithPath: folder + "/pin-9999.p12"))
    // A Downloads folder of 1,000 files: 999 old-code files and the new one.
    try FileManager.default.createDirectory(atPath: folder + "/downloads", withIntermediateDirectories: true)
    let oldFile = try factory.makePKCS12(
        code: old,
        pin: pin,
        start: now.addingTimeInterval(-year),
        end: now.addingTimeInterval(year),
        legacy: true
    )
    for index in 0..<999 { try Data(oldFile).write(to: URL(fileURLWithPath: folder + "/downloads/old-\(index).p12")) }
    try Data(modern).write(to: URL(fileURLWithPath: folder + "/downloads/new.p12"))
    // 1,000,000 codes, valid and not, as a vendor list would hold them.
    var text = ""
    text.reserveCapacity(11_000_000)
    let samples = [
        "1310110049", "0110113719", "1340110049", "2739400105", "1310110042", "4610110365", "1210110163", "0410210017",
    ]
    for index in 0..<1_000_000 { text += samples[index % samples.count] + "\n" }
    try text.write(toFile: folder + "/codes.txt", atomically: true, encoding: .utf8)

case "open":
    let bytes = try PKCS12Bundle.fileBytes(at: arguments[1])
    let count = Int(arguments[2]) ?? 100
    _ = try PKCS12Bundle(bytes: bytes, pin: pin)
    let elapsed = try clock.measure {
        for _ in 0..<count {
            let bundle = try PKCS12Bundle(bytes: bytes, pin: pin)
            precondition(bundle.verify(newCode: newCode, at: Date()).isEmpty)
        }
    }
    report("open", nanoseconds(elapsed) / Double(count), "ns")

case "raw":
    let bytes = try PKCS12Bundle.fileBytes(at: arguments[1])
    let count = Int(arguments[2]) ?? 100
    let context = OSSL_LIB_CTX_new()
    _ = OSSL_PROVIDER_load(context, "default")
    _ = OSSL_PROVIDER_load(context, "legacy")
    let elapsed = clock.measure {
        for _ in 0..<count {
            bytes.withUnsafeBufferPointer { buffer in
                var p12 = PKCS12_init_ex(NID_pkcs7_data, context, nil)
                var cursor = buffer.baseAddress
                guard let parsed = d2i_PKCS12(&p12, &cursor, buffer.count) else { fatalError("parse") }
                var key: OpaquePointer?
                var certificate: OpaquePointer?
                var chain: OpaquePointer?
                guard PKCS12_parse(parsed, "1357", &key, &certificate, &chain) == 1 else { fatalError("open") }
                precondition(X509_check_private_key(certificate, key) == 1)
                EVP_PKEY_free(key)
                X509_free(certificate)
                bench_sk_X509_pop_free(chain)
                PKCS12_free(parsed)
            }
        }
    }
    report("raw", nanoseconds(elapsed) / Double(count), "ns")

case "pick":
    let elapsed = try clock.measure {
        let pick = try CertificatePicker.pick(in: arguments[1], newCode: newCode, pin: pin, at: Date())
        precondition(pick.chosen?.hasSuffix("new.p12") == true)
    }
    report("pick", nanoseconds(elapsed), "ns")

case "codes":
    let lines = try String(contentsOfFile: arguments[1], encoding: .utf8).split(separator: "\n").map(String.init)
    var valid = 0
    let elapsed = clock.measure {
        for line in lines where MedicalInstitutionCode.isValid(line) { valid += 1 }
    }
    precondition(valid > 0)
    report("codes", Double(lines.count) / (nanoseconds(elapsed) / 1e9), "codes/s")

case "recover":
    let bytes = try PKCS12Bundle.fileBytes(at: arguments[1])
    var found: String?
    let elapsed = try clock.measure {
        found = try PINRecovery.recover(bytes).pin?.revealedDigits
    }
    precondition(found == "9999")
    report("recover", nanoseconds(elapsed), "ns")

case "compress":
    let count = Int(arguments[1]) ?? 10_000_000
    var context = SHA256_CTX()
    SHA256_Init(&context)
    var block = [UInt8](repeating: 0x5A, count: 64)
    let elapsed = clock.measure {
        block.withUnsafeMutableBufferPointer { buffer in
            for _ in 0..<count { bench_sha256_compress(&context, buffer.baseAddress) }
        }
    }
    precondition(context.h.0 != 0)
    report("compress", nanoseconds(elapsed) / Double(count), "ns")

case "kernel":
    let sha1 = arguments[1] == "sha1"
    let count = UInt32(arguments.count > 2 ? Int(arguments[2]) ?? 200_000 : 200_000)
    var best = Double.infinity
    for lanes in [2, 3] {
        for _ in 0..<3 {
            var digests = [UInt32](repeating: 0x0123_4567, count: lanes * 8)
            let elapsed = clock.measure {
                digests.withUnsafeMutableBufferPointer { buffer in
                    if sha1 {
                        _ = csha1_rehash(buffer.baseAddress, Int32(lanes), count, CSHA_AUTOMATIC)
                    } else {
                        _ = csha256_rehash(buffer.baseAddress, Int32(lanes), count, CSHA_AUTOMATIC)
                    }
                }
            }
            precondition(digests[0] != 0x0123_4567)
            best = min(best, nanoseconds(elapsed) / Double(Int(count) * lanes))
        }
    }
    report("kernel", best, "ns")

default:
    print("usage: succession-bench make|open|raw|pick|codes|recover|compress|kernel …")
    exit(2)
}
