// succession-bench: measures one thing per invocation and prints "<name> <value> <unit>".
//   make DIR                   write the benchmark files (PIN 1357) into DIR
//   open FILE N                SuccessionKit open + verify, per file (ns)
//   raw FILE N                 raw OpenSSL calls (d2i + PKCS12_parse + key check), per file (ns)
//   pick DIR                   CertificatePicker over every file of DIR (ns total)
//   codes FILE                 MedicalInstitutionCode over every line of FILE, one core (codes/s)
//   recover FILE               PINRecovery over the whole space (ns total)
//   compress N                 raw OpenSSL SHA-256 compressions, one core (ns per compression)
//   kernels sha256|sha1 N      every rehash kernel this CPU runs, one core, a batch of 48
//                              candidates N times, best of 3: "<kernel> <ns per compression> ns"
//                              per line (OpenSSL's SHA*_Transform loop as openSSL)
import CBenchOpenSSL
import Foundation
@_spi(Benchmarks) import SuccessionKit
import SystemPackage
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
    let bytes = try PKCS12Bundle.fileBytes(at: FilePath(arguments[1]))
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
    let bytes = try PKCS12Bundle.fileBytes(at: FilePath(arguments[1]))
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
        let pick = try CertificatePicker.pick(in: FilePath(arguments[1]), newCode: newCode, pin: pin, at: Date())
        precondition(pick.chosen?.string.hasSuffix("new.p12") == true)
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
    let bytes = try PKCS12Bundle.fileBytes(at: FilePath(arguments[1]))
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

case "kernels":
    let sha1 = arguments[1] == "sha1"
    let count = UInt32(arguments.count > 2 ? Int(arguments[2]) ?? 20_000 : 20_000)
    let lanes = 48
    let words = sha1 ? 5 : 8
    for name in PINRecovery.benchmarkKernelNames {
        // The portable loop is ~15× slower: fewer iterations keep the run short.
        let iterations = name == "portable" ? max(count / 16, 1) : count
        var best = Double.infinity
        for _ in 0..<3 {
            var digests = (0..<(lanes * words)).map { UInt32(truncatingIfNeeded: $0 &* 0x9E37_79B9) }
            var ran = false
            let elapsed = clock.measure {
                ran = PINRecovery.benchmarkRehash(
                    kernel: name,
                    sha1: sha1,
                    digests: &digests,
                    lanes: lanes,
                    iterations: iterations
                )
            }
            precondition(ran && digests[0] != 0)
            best = min(best, nanoseconds(elapsed) / (Double(iterations) * Double(lanes)))
        }
        report(name, best, "ns")
    }
    report("openSSL", openSSLRehash(sha1: sha1, count: Int(count) * 4), "ns")

default:
    print("usage: succession-bench make|open|raw|pick|codes|recover|compress|kernels …")
    exit(2)
}

/// OpenSSL's raw compression called once per iteration on one digest, as PINRecovery's openSSL
/// kernel does: the digest's bytes into the block, the state back to the IV, one transform.
/// Best of 3, ns per compression.
func openSSLRehash(sha1: Bool, count: Int) -> Double {
    let size = sha1 ? 20 : 32
    var block = [UInt8](repeating: 0, count: 64)
    block[size] = 0x80
    block[62] = UInt8((size * 8) >> 8)
    block[63] = UInt8((size * 8) & 0xFF)
    var best = Double.infinity
    for _ in 0..<3 {
        var sha256 = SHA256_CTX()
        var sha1Context = SHA_CTX()
        SHA256_Init(&sha256)
        SHA1_Init(&sha1Context)
        let iv256 = sha256
        let iv1 = sha1Context
        let elapsed = clock.measure {
            block.withUnsafeMutableBufferPointer { bytes in
                guard let message = bytes.baseAddress else { return }
                for _ in 0..<count {
                    if sha1 {
                        store(sha1Context.h0, message)
                        store(sha1Context.h1, message + 4)
                        store(sha1Context.h2, message + 8)
                        store(sha1Context.h3, message + 12)
                        store(sha1Context.h4, message + 16)
                        sha1Context = iv1
                        SHA1_Transform(&sha1Context, message)
                    } else {
                        withUnsafeBytes(of: sha256.h) { words in
                            for index in 0..<8 {
                                store(words.load(fromByteOffset: 4 * index, as: UInt32.self), message + 4 * index)
                            }
                        }
                        sha256 = iv256
                        SHA256_Transform(&sha256, message)
                    }
                }
            }
        }
        precondition(sha256.h.0 != 0 && sha1Context.h0 != 0)
        best = min(best, nanoseconds(elapsed) / Double(count))
    }
    return best
}

func store(_ word: UInt32, _ bytes: UnsafeMutablePointer<UInt8>) {
    for byte in 0..<4 { bytes[byte] = UInt8(truncatingIfNeeded: word >> (24 - 8 * byte)) }
}
