import COpenSSL
import Foundation
import SuccessionKit
import SystemPackage
import Testing

/// Choosing the file to install from Downloads by content, never by guess.
@Suite("CertificatePicker")
struct CertificatePickerTests {
    private func folder(with names: [String: String]) throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("pick-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        for (target, source) in names {
            try FileManager.default.copyItem(
                at: Fixture.folder.appendingPathComponent(source),
                to: url.appendingPathComponent(target)
            )
        }
        return url
    }

    private func pick(_ url: URL) throws -> CertificatePicker.Pick {
        try CertificatePicker.pick(
            in: FilePath(url.path),
            newCode: #require(Fixture.newCode),
            oldCode: Fixture.oldCode,
            pin: Fixture.pin,
            at: Fixture.workDay,
            trustAnchors: [Fixture.anchor()]
        )
    }

    @Test("Downloads with the old and the new file: the new one is chosen, the old one explained")
    func oldAndNew() throws {
        let url = try folder(with: [
            "20240101.p12": "old.p12", "20261120.p12": "new-modern.p12", "notes.txt": "README.md",
        ])
        defer { try? FileManager.default.removeItem(at: url) }
        let result = try pick(url)
        #expect(result.chosen?.string.hasSuffix("20261120.p12") == true)
        #expect(result.candidates.count == 2, "only .p12/.pfx files are candidates")
        #expect(
            result.candidates.first { $0.path.string.hasSuffix("20240101.p12") }?.problems.map(\.code) == [.certOldCode]
        )
    }

    @Test("Every other file says why not: expired, other issuer, wrong PIN, damaged")
    func reasons() throws {
        let url = try folder(with: [
            "a.p12": "expired.p12", "b.p12": "other-issuer.p12", "c.pfx": "ec-empty-pass.p12", "d.p12": "truncated.p12",
            "e.p12": "new-legacy.p12",
        ])
        defer { try? FileManager.default.removeItem(at: url) }
        let result = try pick(url)
        #expect(result.chosen?.string.hasSuffix("e.p12") == true)
        let reasons = result.candidates.map { $0.problems.first?.code }
        #expect(reasons == [.certExpired, .certIssuer, .pkcs12WrongPIN, .pkcs12Malformed, nil])
    }

    @Test("Two distinct valid certificates for the new code are a tie: explained, never guessed")
    func tie() throws {
        let url = try folder(with: ["x.p12": "new-modern.p12", "y.p12": "reissued.p12"])
        defer { try? FileManager.default.removeItem(at: url) }
        let result = try pick(url)
        #expect(result.chosen == nil)
        #expect(result.candidates.map { $0.problems.first?.code } == [.certAmbiguous, .certAmbiguous])
        #expect(result.candidates.first?.problems.first?[.found] == "x.p12, y.p12")
    }

    @Test("The same certificate in two files (legacy and modern copies) is one choice, the other a copy")
    func duplicate() throws {
        let url = try folder(with: ["x.p12": "new-modern.p12", "y.p12": "new-legacy.p12"])
        defer { try? FileManager.default.removeItem(at: url) }
        let result = try pick(url)
        #expect(result.chosen?.string.hasSuffix("x.p12") == true)
        #expect(result.candidates.last?.problems.map(\.code) == [.certDuplicate])
    }

    @Test("No file qualifies: nothing is chosen")
    func noneQualifies() throws {
        let url = try folder(with: ["old.p12": "old.p12"])
        defer { try? FileManager.default.removeItem(at: url) }
        #expect(try pick(url).chosen == nil)
    }

    @Test("A missing folder is file.unreadable")
    func missingFolder() async throws {
        #expect(throws: SuccessionError(.fileUnreadable)) {
            try CertificatePicker.pick(
                in: "/nonexistent",
                newCode: #require(Fixture.newCode),
                pin: Fixture.pin,
                at: Fixture.workDay
            )
        }
    }

    @Test("The pick hands back the chosen file opened: its path, its bytes' SHA-256 and its bundle")
    func pickedFileIsOpened() throws {
        let url = try folder(with: ["20240101.p12": "old.p12", "20261120.p12": "new-modern.p12"])
        defer { try? FileManager.default.removeItem(at: url) }
        let result = try pick(url)
        let picked = try #require(result.picked)
        #expect(picked.path == result.chosen)
        #expect(picked.sha256 == sha256Hex(try Fixture.bytes("new-modern.p12")))
        #expect(picked.bundle.certificate == result.candidates.first { $0.path == result.chosen }?.certificate)
        #expect(picked.bundle.certificate.institutionCode == Fixture.newCode)
    }

    @Test("Nothing chosen, nothing opened: a tie or no qualifying file has no picked file")
    func nothingPicked() throws {
        let url = try folder(with: ["x.p12": "new-modern.p12", "y.p12": "reissued.p12"])
        defer { try? FileManager.default.removeItem(at: url) }
        #expect(try pick(url).picked == nil)
    }

    @Test("A pick travels through JSON without its bundle, and is still the same pick")
    func pickCoding() throws {
        let url = try folder(with: ["20240101.p12": "old.p12", "20261120.p12": "new-modern.p12"])
        defer { try? FileManager.default.removeItem(at: url) }
        let result = try pick(url)
        let data = try JSONEncoder().encode(result)
        #expect(!String(decoding: data, as: UTF8.self).contains("bundle"))
        let decoded = try JSONDecoder().decode(CertificatePicker.Pick.self, from: data)
        #expect(decoded == result)
        #expect(decoded.picked == nil)
    }

    @Test("A file opened by hand is the picker's kind of opened file; a wrong PIN is pkcs12.wrongPIN")
    func pickedFileByHand() throws {
        let path = FilePath(Fixture.path("new-legacy.p12"))
        let file = try CertificatePicker.PickedFile(contentsOf: path, pin: Fixture.pin)
        #expect(file.sha256 == sha256Hex(try Fixture.bytes("new-legacy.p12")))
        #expect(file == (try CertificatePicker.PickedFile(contentsOf: path, pin: Fixture.pin)))
        #expect(throws: SuccessionError(.pkcs12WrongPIN)) {
            try CertificatePicker.PickedFile(contentsOf: path, pin: CertificatePIN("0000"))
        }
    }
}

/// SHA-256 of `bytes` by OpenSSL's one-shot digest, lower-case hex: the tests' own reference.
func sha256Hex(_ bytes: [UInt8]) -> String {
    var digest = [UInt8](repeating: 0, count: Int(EVP_MAX_MD_SIZE))
    var length: UInt32 = 0
    let ok = bytes.withUnsafeBytes { EVP_Digest($0.baseAddress, $0.count, &digest, &length, EVP_sha256(), nil) }
    precondition(ok == 1)
    return digest.prefix(Int(length)).map { String(format: "%02x", $0) }.joined()
}
