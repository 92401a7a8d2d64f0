import Foundation
import SuccessionKit
import SystemPackage
import Testing

/// The PKCS#12 files made by `Fixtures/make-fixtures.sh` (PIN 1357 unless noted).
enum Fixture {
    static let pin = CertificatePIN("1357")
    static let newCode = MedicalInstitutionCode("1310110049")
    static let oldCode = MedicalInstitutionCode("0110113719")
    /// A day inside every non-expired fixture's validity.
    static let workDay = Date(timeIntervalSince1970: 1_795_000_000)  // 2026-11-18

    static var folder: URL {
        Bundle.module.resourceURL?.appendingPathComponent("Fixtures") ?? URL(fileURLWithPath: "/nonexistent")
    }

    static func path(_ name: String) -> String {
        folder.appendingPathComponent(name).path
    }

    /// The fixtures' root CA, trusted as the real Online Billing NW Common Root CA.
    static func anchor() throws -> TrustAnchor {
        try TrustAnchor(contentsOf: FilePath(path("ca.pem")))
    }

    static func bytes(_ name: String) throws -> [UInt8] {
        Array(try Data(contentsOf: folder.appendingPathComponent(name)))
    }

    static func open(_ name: String, pin: CertificatePIN = Fixture.pin) throws -> PKCS12Bundle {
        try PKCS12Bundle(bytes: bytes(name), pin: pin)
    }
}
