import COpenSSL
import Foundation
import SuccessionKit
import SystemPackage
import Testing

/// Opening `.p12` files over the system OpenSSL 【工事手順⑥⑦】.
@Suite("PKCS12Bundle: open")
struct PKCS12BundleTests {
    @Test("A modern file (AES-256-CBC, PBKDF2, SHA-256 MAC) opens and is summarized")
    func modern() throws {
        let bundle = try Fixture.open("new-modern.p12")
        #expect(bundle.certificate.institutionCode == Fixture.newCode)
        #expect(bundle.certificate.institutionCodeAttribute == "CN")
        #expect(bundle.certificate.subject.rfc2253.contains("OU=総合受付"), "Japanese names stay UTF-8")
        #expect(bundle.certificate.subject.oneLine.contains("CN = 1310110049"))
        #expect(bundle.certificate.issuer.rfc2253.hasPrefix("CN=Online Billing NW Common Root CA"))
        #expect(bundle.certificate.sha256.count == 64)
        #expect(bundle.certificate.sha256 == bundle.certificate.sha256.lowercased())
        #expect(!bundle.certificate.serial.isEmpty)
        #expect(bundle.key?.type == "RSA")
        #expect(bundle.key?.bits == 2048)
        #expect(bundle.keyMatchesCertificate)
        #expect(bundle.problems.isEmpty)
        #expect(bundle.chain.count == 1)
        #expect(bundle.chain.first?.isCA == true)
        #expect(bundle.certificate.friendlyName == "1310110049")
        #expect(bundle.algorithms.macDigest == "sha256")
        #expect(bundle.algorithms.macIterations == 2048)
        #expect(bundle.algorithms.keyEncryption?.contains("AES-256-CBC") == true)
        #expect(bundle.algorithms.certificateEncryption?.contains("hmacWithSHA256") == true)
        #expect(!bundle.algorithms.isLegacy)
    }

    @Test("Validity dates are read in UTC")
    func dates() throws {
        let certificate = try Fixture.open("new-modern.p12").certificate
        #expect(ISO8601.string(certificate.notBefore) == "2025-01-01T00:00:00Z")
        #expect(ISO8601.string(certificate.notAfter) == "2035-01-01T00:00:00Z")
    }

    @Test("A legacy file (RC2-40 + 3DES, SHA-1 MAC) opens through the legacy provider")
    func legacy() throws {
        let bundle = try Fixture.open("new-legacy.p12")
        #expect(bundle.certificate.institutionCode == Fixture.newCode)
        #expect(bundle.algorithms.macDigest == "sha1")
        #expect(bundle.algorithms.certificateEncryption?.contains("RC2") == true)
        #expect(bundle.algorithms.keyEncryption?.contains("3-Key") == true)
        #expect(bundle.algorithms.isLegacy)
        #expect(bundle.keyMatchesCertificate)
    }

    @Test("Legacy and modern files of the same certificate have the same fingerprint")
    func sameCertificate() throws {
        #expect(
            try Fixture.open("new-legacy.p12").certificate.sha256 == Fixture.open("new-modern.p12").certificate.sha256
        )
    }

    @Test("Files from other tools: EC key, empty passphrase, friendly names, a chain of two")
    func otherTools() throws {
        let bundle = try Fixture.open("ec-empty-pass.p12", pin: .empty)
        #expect(bundle.key?.type == "EC")
        #expect(bundle.key?.bits == 256)
        #expect(bundle.keyMatchesCertificate)
        #expect(bundle.chain.count == 2)
        #expect(bundle.certificate.friendlyName == "受付端末 EC")
        // The code is found inside a longer CN, by content, not position.
        #expect(bundle.certificate.institutionCode == Fixture.newCode)
    }

    @Test("pkcs12.wrongPIN: the MAC does not match", arguments: ["0000", "1358", "", "１３５８"])
    func wrongPIN(_ pin: String) async throws {
        #expect(throws: SuccessionError(.pkcs12WrongPIN)) {
            try Fixture.open("new-modern.p12", pin: CertificatePIN(pin))
        }
        #expect(throws: SuccessionError(.pkcs12WrongPIN)) {
            try Fixture.open("new-legacy.p12", pin: CertificatePIN(pin))
        }
    }

    @Test("A full-width PIN is read as ASCII digits")
    func fullWidthPIN() throws {
        #expect(try Fixture.open("new-modern.p12", pin: CertificatePIN("１３５７")).keyMatchesCertificate)
    }

    @Test(
        "pkcs12.malformed: not DER, truncated, empty, or damaged (MAC broken, PIN right)",
        arguments: ["not-pkcs12.p12", "truncated.p12", "damaged.p12"]
    )
    func malformed(_ name: String) async throws {
        #expect(throws: SuccessionError(.pkcs12Malformed)) { try Fixture.open(name) }
        #expect(throws: SuccessionError(.pkcs12Malformed)) { try PKCS12Bundle(bytes: [], pin: Fixture.pin) }
    }

    @Test(
        "OpenSSL's error queue is kept, not dropped: a truncated file is told from one that is not PKCS#12 by reason codes"
    )
    func openSSLErrorsAreKept() throws {
        func problem(_ name: String, pin: CertificatePIN = Fixture.pin) -> Problem? {
            do {
                _ = try Fixture.open(name, pin: pin)
                return nil
            } catch let error as SuccessionError {
                return error.problems.first
            } catch {
                return nil
            }
        }
        let truncated = try #require(problem("truncated.p12"))
        #expect(truncated[.reason] == "the file is truncated")
        #expect(truncated[.openSSL]?.isEmpty == false, "OpenSSL's words go into the values")
        let notPKCS12 = try #require(problem("not-pkcs12.p12"))
        #expect(notPKCS12[.reason] == "the file is not PKCS#12 (DER)")
        let wrongPIN = try #require(problem("new-modern.p12", pin: CertificatePIN("0000")))
        #expect(wrongPIN.code == .pkcs12WrongPIN)
        // Nothing is left on the thread's queue for the next caller (an embedding app's own
        // OpenSSL calls would read it as theirs).
        #expect(ERR_peek_error() == 0)
        // The Japanese sentence carries none of it.
        #expect(!truncated.message(in: .japanese).contains("asn1"))
        #expect(!wrongPIN.message(in: .japanese).contains("mac"))
    }

    @Test("A damaged file is not blamed on the PIN, and a wrong PIN on it is still a wrong PIN")
    func damagedVersusWrongPIN() async throws {
        do {
            _ = try Fixture.open("damaged.p12")
            Issue.record("a damaged file opened")
        } catch let error as SuccessionError {
            #expect(error.code == .pkcs12Malformed)
        }
        #expect(throws: SuccessionError(.pkcs12WrongPIN)) {
            try Fixture.open("damaged.p12", pin: CertificatePIN("9999"))
        }
    }

    @Test("pkcs12.unsupportedAlgorithm is reported before any PIN is blamed")
    func unsupported() async throws {
        do {
            _ = try Fixture.open("unsupported.p12")
            Issue.record("an unknown algorithm opened")
        } catch let error as SuccessionError {
            #expect(error.code == .pkcs12UnsupportedAlgorithm)
            #expect(error.problems.first?[.algorithm]?.contains("1.2.840.113549.1.12.1.99") == true)
        }
        #expect(throws: SuccessionError(.pkcs12UnsupportedAlgorithm)) {
            try Fixture.open("unsupported.p12", pin: CertificatePIN("0000"))
        }
    }

    @Test("pkcs12.noCertificate: a file with only a key")
    func noCertificate() async throws {
        #expect(throws: SuccessionError(.pkcs12NoCertificate)) { try Fixture.open("key-only.p12") }
    }

    @Test("pkcs12.noPrivateKey: certificates only, still summarized")
    func noPrivateKey() throws {
        let bundle = try Fixture.open("cert-only.p12")
        #expect(bundle.key == nil)
        #expect(!bundle.keyMatchesCertificate)
        #expect(bundle.problems.map(\.code) == [.pkcs12NoPrivateKey])
        #expect(bundle.certificate.institutionCode == Fixture.newCode, "the leaf, not the CA, is summarized")
    }

    @Test("pkcs12.keyMismatch: a key of another certificate")
    func keyMismatch() throws {
        let bundle = try Fixture.open("key-mismatch.p12")
        #expect(!bundle.keyMatchesCertificate)
        #expect(bundle.problems.map(\.code) == [.pkcs12KeyMismatch])
    }

    @Test("A file without MAC opens with the right PIN (with a warning) and refuses a wrong one")
    func noMAC() async throws {
        let bundle = try Fixture.open("nomac.p12")
        #expect(bundle.algorithms.macDigest == nil)
        #expect(bundle.problems.map(\.code) == [.pkcs12NoMAC])
        #expect(throws: SuccessionError(.pkcs12WrongPIN)) { try Fixture.open("nomac.p12", pin: CertificatePIN("0000")) }
    }

    @Test("file.unreadable: a missing file")
    func missingFile() async {
        #expect(throws: SuccessionError(.fileUnreadable)) {
            try PKCS12Bundle(contentsOf: "/nonexistent/new.p12", pin: Fixture.pin)
        }
    }

    @Test("A PIN never shows its digits")
    func pinIsSecret() {
        let pin = CertificatePIN("1357")
        #expect("\(pin)" == "••••")
        #expect(String(reflecting: pin) == "CertificatePIN(••••)")
        #expect(pin.isDownloadSitePIN)
        #expect(!CertificatePIN("12345").isDownloadSitePIN)
        #expect(!CertificatePIN("abcd").isDownloadSitePIN)
    }

    @Test(
        "No MAC and 2³¹−1 PBKDF2 or PKCS#12-PBE iterations, or two bags whose sum is too high: refused before any derivation",
        arguments: [
            ("nomac-huge-pbkdf2.p12", "2147483647"), ("nomac-huge-pbe.p12", "2147483647"),
            ("nomac-sum-iterations.p12", "10000002"),
        ]
    )
    func boundedBagIterations(_ name: String, count: String) throws {
        let start = Date()
        for pin in ["1357", "0000"] {
            let error = try #require(throws: SuccessionError.self) {
                try Fixture.open(name, pin: CertificatePIN(pin))
            }
            #expect(error.code == .pkcs12IterationsTooHigh)
            #expect(error.problems.first?[.count] == count)
        }
        #expect(Date().timeIntervalSince(start) < 2, "no key derivation ran")
    }
}
