import Foundation
import SuccessionKit
import Testing

/// The system's password policy (補足資料① 2-①).
@Suite("PasswordPolicy")
struct PasswordPolicyTests {
    private func codes(_ password: String, account: AccountKind = .admin, history: [String] = []) -> [ProblemCode] {
        PasswordPolicy.check(AccountPassword(password), account: account, history: history.map(AccountPassword.init))
            .map(\.code)
    }

    @Test("A strong 13+ character password passes with nothing to say")
    func strong() {
        #expect(codes("Clinic#Tokyo2026") == [])
    }

    @Test("password.length: 8 to 20 characters", arguments: ["Ab1!xyz", "Abcdefgh1!Abcdefgh1!X"])
    func length(_ password: String) {
        #expect(codes(password).contains(.passwordLength))
    }

    @Test(
        "password.missingClass: a digit, a small and a capital letter and a special are each needed",
        arguments: [
            ("abcdefgh1!", "upper"), ("ABCDEFGH1!", "lower"), ("Abcdefghi!", "digit"), ("Abcdefgh12", "special"),
        ]
    )
    func classes(_ password: String, missing: String) throws {
        let problem = try #require(PasswordPolicy.check(AccountPassword(password), account: .faceAuth).first)
        #expect(problem.code == .passwordMissingClass)
        #expect(problem[.missing] == missing)
    }

    @Test(
        "password.character: a character outside the allowed set is refused",
        arguments: ["Abcd 123!", "Abcd123!＠", "Abcd123+x", "Abcd123=x"]
    )
    func character(_ password: String) {
        #expect(codes(password, account: .faceAuth).contains(.passwordCharacter))
    }

    @Test(
        "10: a refused character is told by its position and kind, never shown: not in the values, a message or the JSON",
        arguments: [
            ("Ｏns#Kanri2026", 1, "fullWidth", "Ｏ"), ("Ons Kanri#2026", 4, "space", " "),
            ("Ons\u{3000}Kanri#26", 4, "fullWidthSpace", "\u{3000}"), ("Ons=Kanri#2026", 4, "symbol", "="),
            ("Onsかnri#2026", 4, "nonASCII", "か"), ("Ons\tKanri#2026", 4, "control", "\t"),
        ]
    )
    func refusedCharacterNeverShown(_ password: String, position: Int, kind: String, refused: String) throws {
        let problems = PasswordPolicy.check(AccountPassword(password), account: .admin)
        let problem = try #require(problems.first { $0.code == .passwordCharacter })
        #expect(problem[.position] == String(position))
        #expect(problem[.characterKind] == kind)
        #expect(problem[.character] == nil, "the character itself is never carried")
        let codePoint = refused.unicodeScalars.map { String(format: "U+%04X", $0.value) }.joined()
        let encoder = JSONEncoder()
        encoder.userInfo[Problem.messageLanguage] = Language.japanese
        let json = String(decoding: try encoder.encode(problems), as: UTF8.self)
        for text in [problem.message(in: .japanese), problem.message(in: .english), json] {
            #expect(!text.contains("「\(refused)」") && !text.contains("(\(refused))") && !text.contains("'\(refused)'"))
            #expect(!text.contains(codePoint), "no code point derived from the secret")
            #expect(!text.contains(password))
        }
        #expect(problem.message(in: .japanese).hasPrefix("\(position)文字目が"), "the position is said")
    }

    @Test("Every allowed special is accepted")
    func everySpecial() {
        for special in "~!@#$%^&*_{}[]|;'<>,.?-()/" {
            #expect(!codes("Abcdefg1\(special)", account: .faceAuth).contains(.passwordCharacter), "\(special)")
        }
    }

    @Test("password.reused: a 12-character password from the last 5 is refused")
    func reused() {
        let history = ["Staff2026!ab", "Older#Pass01", "Clinic#2025x"]
        #expect(codes("Clinic#2025x", history: history).first == .passwordReused)
    }

    @Test("password.similar: staff123 → staff456 (first 5 characters) is refused below 13 characters")
    func similar() {
        #expect(codes("Staff456!", history: ["Staff123!"]).first == .passwordSimilar)
    }

    @Test("Only the last 5 passwords count, and 13+ characters are exempt from history")
    func historyLimits() {
        let history = ["Aa1!aaaa01", "Aa1!bbbb02", "Aa1!cccc03", "Aa1!dddd04", "Aa1!eeee05", "Zz9!Target1"]
        #expect(!codes("Zz9!Target1", history: history).contains(.passwordReused))
        #expect(!codes("Clinic#2025xyz", history: ["Clinic#2025xyz"]).contains(.passwordReused))
    }

    @Test("The manual's default passwords still in use are warned about")
    func defaults() {
        #expect(codes("OnsAdmin@00369").contains(.passwordDefault))
        #expect(
            PasswordPolicy.check(AccountPassword("JPons@00369"), account: .admin).contains {
                $0.code == .passwordDefault && $0.severity == .warning
            }
        )
    }

    @Test("Expiry: 60 days below 13 characters; none from 13; the 2021-05-28 rule; face and linkage never")
    func expiry() throws {
        let now = try #require(TypedDate.parse("2026-11-25"))
        #expect(PasswordPolicy.expiry(length: 12, account: .admin, setOn: now) == now.addingTimeInterval(60 * 86_400))
        #expect(PasswordPolicy.expiry(length: 13, account: .admin, setOn: now) == nil)
        let old = try #require(TypedDate.parse("2021-05-28"))
        #expect(PasswordPolicy.expiry(length: 16, account: .admin, setOn: old) != nil)
        let after = try #require(TypedDate.parse("2021-05-29"))
        #expect(PasswordPolicy.expiry(length: 16, account: .admin, setOn: after) == nil)
        #expect(PasswordPolicy.expiry(length: 8, account: .faceAuth, setOn: now) == nil)
        #expect(PasswordPolicy.expiry(length: 8, account: .linkage, setOn: now) == nil)
        #expect(codes("Short#12ab").contains(.passwordExpires))
        #expect(!codes("Short#12ab", account: .linkage).contains(.passwordExpires))
    }

    @Test("Generated passwords pass the policy, never expire and avoid look-alikes")
    func generator() {
        var generator = SeededGenerator(seed: 42)
        for _ in 0..<200 {
            let password = PasswordPolicy.generate(length: 16, using: &generator)
            #expect(password.count == 16)
            #expect(PasswordPolicy.check(password, account: .admin).isEmpty)
            #expect(!password.revealed().contains { "O0Il1".contains($0) })
        }
        #expect(PasswordPolicy.generate(length: 4).count == 13, "never shorter than the non-expiring length")
    }

    @Test("A password never shows itself")
    func secret() {
        #expect("\(AccountPassword("Secret#123"))" == "••••")
        #expect(
            !PasswordPolicy.check(AccountPassword("Secret#123"), account: .admin).description.contains("Secret#123")
        )
    }
}

/// A deterministic generator for repeatable tests (SplitMix64).
struct SeededGenerator: RandomNumberGenerator {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
