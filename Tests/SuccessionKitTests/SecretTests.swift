import SuccessionKit
import Testing

/// Secrets never show themselves: not in a description, a debug description, `dump`, a mirror
/// or string interpolation; and their bytes are kept in storage of their own.
@Suite("Secrets")
struct SecretTests {
    /// Everything a careless log line could print of `value`.
    static func everyRendering(of value: some Any) -> [String] {
        var dumped = ""
        dump(value, to: &dumped)
        let children = Mirror(reflecting: value).children.map { "\($0.label ?? ""): \($0.value)" }
        return [
            String(describing: value), String(reflecting: value), "\(value)", dumped,
            children.joined(separator: ","),
        ]
    }

    @Test("A 証明書パスワード prints no digit of itself, however it is printed")
    func pinShowsNothing() {
        let pin = CertificatePIN("1357")
        for rendering in Self.everyRendering(of: pin) {
            #expect(!rendering.contains { $0.isNumber }, "\(rendering)")
            #expect(rendering.contains("••••"))
        }
        // Inside a value that holds it, too.
        for rendering in Self.everyRendering(of: JobInputs(pin: pin, facePassword: AccountPassword("Face2468!"))) {
            #expect(!rendering.contains("1357") && !rendering.contains("2468"), "\(rendering)")
        }
    }

    @Test("An account password prints none of itself, however it is printed")
    func passwordShowsNothing() {
        let password = AccountPassword("Kanri2026!x")
        for rendering in Self.everyRendering(of: password) {
            #expect(!rendering.contains("2026") && !rendering.contains("Kanri"), "\(rendering)")
            #expect(rendering.contains("••••"))
        }
    }

    @Test("Equal secrets compare and hash equal; the bytes still read back for their one use")
    func equality() {
        #expect(CertificatePIN("1357") == CertificatePIN("１３５７\r\n"), "a file saved on Windows ends in CRLF")
        #expect(CertificatePIN("1357") != CertificatePIN("1358"))
        #expect(Set([CertificatePIN("1357"), CertificatePIN("1357")]).count == 1)
        #expect(CertificatePIN("1357").revealedDigits == "1357")
        #expect(AccountPassword("Kanri2026!x\r\n") == AccountPassword("Kanri2026!x"))
        #expect(AccountPassword("Kanri2026!x").revealed() == "Kanri2026!x")
        #expect(AccountPassword("Kanri2026!x").count == 11)
    }

    @Test("The secret's storage takes its bytes and wipes the array they came from")
    func storageWipesTheSource() {
        var bytes = Array("1357".utf8)
        let secret = SecretBytes(wiping: &bytes)
        #expect(bytes == [0, 0, 0, 0])
        #expect(secret.withUnsafeBytes { Array($0) } == Array("1357".utf8))
        #expect(secret.count == 4)
    }
}
