import Foundation
import SuccessionKit
import SystemPackage
import Testing

/// Is this the certificate to install? 【工事手順④⑥⑦⑧】
@Suite("PKCS12Bundle: verify")
struct CertificateVerificationTests {
    private func problems(
        _ name: String,
        pin: CertificatePIN = Fixture.pin,
        at date: Date = Fixture.workDay
    ) throws -> [ProblemCode] {
        let newCode = try #require(Fixture.newCode)
        return try Fixture.open(name, pin: pin).verify(
            newCode: newCode,
            oldCode: Fixture.oldCode,
            at: date,
            pin: pin,
            trustAnchors: [Fixture.anchor()]
        )
        .map(\.code)
    }

    @Test("The new certificate passes every rule", arguments: ["new-modern.p12", "new-legacy.p12"])
    func newPasses(_ name: String) throws {
        #expect(try problems(name) == [])
    }

    @Test("A trust anchor is read from a PEM file; a file with no certificate is cert.notACertificate, naming it")
    func anchorFiles() async throws {
        let anchor = try Fixture.anchor()
        #expect(anchor.summary.isCA)
        #expect(TrustAnchor(encoded: anchor.der)?.summary == anchor.summary, "the DER kept in a job reads back")
        let notice = Fixture.path("new-modern.p12")
        #expect(throws: SuccessionError(.certNotACertificate)) { try TrustAnchor(contentsOf: FilePath(notice)) }
        do {
            _ = try TrustAnchor(contentsOf: FilePath(notice))
        } catch {
            #expect(error.problems.first?.value(.path) == FilePath(notice))
        }
        #expect(throws: SuccessionError(.fileUnreadable)) { try TrustAnchor(contentsOf: "/nonexistent/ca.pem") }
    }

    @Test("cert.oldCode: the old code's certificate (the other file in Downloads)")
    func oldCode() throws {
        #expect(try problems("old.p12") == [.certOldCode])
    }

    @Test("cert.codeMismatch: a code that is neither new nor old")
    func otherCode() throws {
        let bundle = try Fixture.open("old.p12")
        let newCode = try #require(Fixture.newCode)
        #expect(
            try bundle.verify(newCode: newCode, at: Fixture.workDay, trustAnchors: [Fixture.anchor()]).map(\.code)
                == [.certCodeMismatch]
        )
    }

    @Test("cert.expired and cert.notYetValid: validity on the given date")
    func validity() throws {
        #expect(try problems("expired.p12") == [.certExpired])
        #expect(try problems("new-modern.p12", at: Date(timeIntervalSince1970: 1_700_000_000)) == [.certNotYetValid])
        #expect(try problems("new-modern.p12", at: Date(timeIntervalSince1970: 2_100_000_000)) == [.certExpired])
    }

    @Test("cert.issuer: another CA's certificate for the new code")
    func otherIssuer() throws {
        #expect(try problems("other-issuer.p12") == [.certIssuer, .certUntrusted])
    }

    @Test("A self-made CA that borrows the root's name: refused against the real root; without one, said plainly")
    func forgedIssuer() throws {
        #expect(try problems("forged-issuer.p12") == [.certUntrusted])
        let bundle = try Fixture.open("forged-issuer.p12")
        let newCode = try #require(Fixture.newCode)
        let alone = bundle.verify(newCode: newCode, at: Fixture.workDay)
        #expect(alone.map(\.code) == [.certIssuerNotVerified], "only the name could be compared")
        #expect(alone.first?.severity == .warning)
        #expect(alone.first?.message(in: .english).contains("not verified against the real root") == true)
    }

    @Test("cert.ambiguousCode: a subject with both the old and the new code (two CNs) is read whole, and refused")
    func twoCodes() throws {
        #expect(try problems("two-codes.p12").contains(.certAmbiguousCode))
    }

    @Test("cert.signature: the real root's certificate in the file does not sign the forged certificate")
    func forgedChain() throws {
        #expect(try problems("forged-chain.p12").contains(.certSignature))
        let bundle = try Fixture.open("forged-chain.p12")
        let newCode = try #require(Fixture.newCode)
        #expect(bundle.verify(newCode: newCode, at: Fixture.workDay).map(\.code).first == .certSignature)
    }

    @Test("pkcs12.noPrivateKey and pkcs12.keyMismatch fail verification")
    func keyRules() throws {
        #expect(try problems("cert-only.p12") == [.pkcs12NoPrivateKey])
        #expect(try problems("key-mismatch.p12").first == .pkcs12KeyMismatch)
    }

    @Test("Each failed rule is its own problem, all reported at once")
    func allAtOnce() throws {
        // The expired file, checked as if 0110113719 were the new code and 1310110049 the old one.
        let bundle = try Fixture.open("expired.p12")
        let newCode = try #require(Fixture.oldCode)
        let codes = bundle.verify(newCode: newCode, oldCode: Fixture.newCode, at: Fixture.workDay).map(\.code)
        #expect(codes == [.certOldCode, .certExpired, .certIssuerNotVerified])
    }

    @Test("cert.pinFormat: a warning when the PIN is not the download site's 4 digits")
    func pinFormat() throws {
        let bundle = try Fixture.open("ec-empty-pass.p12", pin: .empty)
        let newCode = try #require(Fixture.newCode)
        let found = bundle.verify(newCode: newCode, at: Fixture.workDay, pin: .empty)
        #expect(found.map(\.code) == [.certIssuer, .certPINFormat], "no \"name matches\" beside cert.issuer")
        #expect(found.last?.severity == .warning)
    }

    @Test("The issuer name is compared ignoring spaces and case, as the manual writes it")
    func issuerLenient() {
        #expect(KnownIssuer.isOnlineBillingRoot("Online Billing NWCommon Root CA"))
        #expect(KnownIssuer.isOnlineBillingRoot("online billing nw common root ca"))
        #expect(!KnownIssuer.isOnlineBillingRoot("Onlien Billing NW Common Root OO-OC"))
    }

    @Test("Errors decide, warnings inform: without trust anchors the new file is acceptable with its one warning")
    func acceptableWithoutAnchors() throws {
        let bundle = try PKCS12Bundle(bytes: Fixture.bytes("new-modern.p12"), pin: CertificatePIN("1357"))
        let newCode = try MedicalInstitutionCode(parsing: "1310110049")
        let problems = bundle.verify(newCode: newCode, at: Fixture.workDay)
        #expect(problems.map(\.code) == [.certIssuerNotVerified])
        #expect(problems.isAcceptable)
    }

    @Test("Another issuer's file is not acceptable, and no warning beside it says the issuer's name matches")
    func decoyHasNoContradictingWarning() throws {
        let bundle = try PKCS12Bundle(bytes: Fixture.bytes("other-issuer.p12"), pin: CertificatePIN("1357"))
        let problems = bundle.verify(newCode: try MedicalInstitutionCode(parsing: "1310110049"), at: Fixture.workDay)
        #expect(!problems.isAcceptable)
        #expect(problems.map(\.code).contains(.certIssuer))
        #expect(!problems.map(\.code).contains(.certIssuerNotVerified))
    }
}
