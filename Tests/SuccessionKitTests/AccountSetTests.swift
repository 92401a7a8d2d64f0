import SuccessionKit
import Testing

/// The accounts and their IDs (補足資料①; <doc:AccountsAndPasswords>).
@Suite("AccountSet and AccountID")
struct AccountSetTests {
    @Test("A 医科 code means R0RENK01, a 薬局 code R1RENK01; admin and face-auth IDs are fixed")
    func derived() throws {
        let clinicCode = try #require(MedicalInstitutionCode("1310110049"))
        let clinic = try #require(AccountSet(code: clinicCode))
        #expect(clinic.linkage.rawValue == "R0RENK01")
        #expect(clinic.admin.rawValue == "OnsKANRI")
        #expect(clinic.faceAuth.rawValue == "F0FACE01")
        let pharmacyCode = try #require(MedicalInstitutionCode("1340110049"))
        let pharmacy = try #require(AccountSet(code: pharmacyCode))
        #expect(pharmacy.linkage.rawValue == "R1RENK01")
    }

    @Test("The master reset ID is the master ID + R")
    func resetID() {
        let accounts = AccountSet(terminalKind: .medicalDental, master: AccountID(rawValue: "H0123456"))
        #expect(accounts.masterReset?.rawValue == "H0123456R")
        #expect(accounts.check(ids: ["H0123457R"]).map(\.code) == [.accountResetID])
    }

    @Test(
        "Look-alikes the manual itself prints are named with the character and the right ID",
        arguments: [
            ("RORENK01", "R0RENK01", "2", "O"), ("F0FACEO1", "F0FACE01", "7", "O"), ("OnskANRI", "OnsKANRI", "4", "k"),
            ("HO123456", "H0123456", "2", "O"), ("R1RENKOl", "R1RENK01", "7", "O"), ("RlRENK01", "R1RENK01", "2", "l"),
        ]
    )
    func lookalikes(_ typed: String, canonical: String, position: String, character: String) throws {
        let identified = AccountID.identify(typed)
        #expect(identified.id?.rawValue == canonical)
        let problem = try #require(identified.problems.first)
        #expect(problem.code == .accountLookalike)
        #expect(problem[.position] == position)
        #expect(problem[.character] == character)
    }

    @Test("FOFACE01 is what the manual prints: that the ID has a zero is our inference, a warning that says so")
    func faceAuthInference() throws {
        let identified = AccountID.identify("FOFACE01")
        #expect(identified.kind == .faceAuth)
        #expect(identified.id == .faceAuth)
        let problem = try #require(identified.problems.first)
        #expect(problem.code == .accountFaceAuthInferred)
        #expect(problem.severity == .warning)
        #expect(problem.message(in: .japanese).contains("推定"))
        #expect(AccountID.identify("F0FACE01").problems.isEmpty)
    }

    @Test("A 【受託】 site with more face-auth accounts is accepted with a warning")
    func severalFaceAuth() {
        let accounts = AccountSet(terminalKind: .medicalDental, master: nil)
        #expect(AccountID.identify("F0FACE02").kind == .faceAuth)
        let problems = accounts.check(ids: ["F0FACE01", "F0FACE02"])
        #expect(problems.map(\.code) == [.accountSeveralFaceAuth])
        #expect(!problems.containsError)
    }

    @Test("RORENK01: the second character is the letter O; did you mean R0RENK01?")
    func lookalikeMessage() throws {
        let problem = try #require(AccountID.identify("RORENK01").problems.first)
        #expect(
            problem.message(in: .english)
                == "In 'RORENK01' character 2 is the capital letter O; did you mean R0RENK01 (with the digit 0)?"
        )
        #expect(problem.message(in: .japanese).contains("2文字目は英大文字の「O」です"))
    }

    @Test(
        "Correct IDs pass, full-width typing included",
        arguments: ["OnsKANRI", "F0FACE01", "R0RENK01", "R1RENK01", "H0123456", "Ｆ０ＦＡＣＥ０１"]
    )
    func correct(_ typed: String) {
        #expect(AccountID.identify(typed).problems.isEmpty)
    }

    @Test("An unknown ID is said to be none of the succession's accounts")
    func unknown() {
        #expect(AccountID.identify("admin").problems.map(\.code) == [.accountUnknownID])
    }

    @Test("A pharmacy code with R0RENK01 is an error, from an ID or from OQS_LOGIN_KEY")
    func kindMismatch() throws {
        let pharmacyCode = try #require(MedicalInstitutionCode("1340110049"))
        let pharmacy = try #require(AccountSet(code: pharmacyCode))
        #expect(pharmacy.check(ids: ["R0RENK01"]).map(\.code) == [.accountKindMismatch])
        #expect(pharmacy.check(ids: [], loginKeyUser: "R0RENK01").map(\.code) == [.accountKindMismatch])
        #expect(pharmacy.check(ids: [], loginKeyUser: "R1RENK01").isEmpty)
    }

    @Test("OQS_LOGIN_KEY's user name tells the terminal kind, look-alikes named")
    func loginKey() {
        #expect(AccountSet.terminalKind(loginKeyUser: "R1RENK01").kind == .pharmacy)
        let typo = AccountSet.terminalKind(loginKeyUser: "RORENK01")
        #expect(typo.kind == .medicalDental)
        #expect(typo.problems.map(\.code) == [.accountLookalike])
        #expect(AccountSet.terminalKind(loginKeyUser: "OnsKANRI").problems.map(\.code) == [.accountLoginKeyUser])
    }

    @Test("A 訪問看護 code has no account set in this manual")
    func homeNursing() throws {
        let code = try MedicalInstitutionCode(prefecture: .tokyo, kind: .homeNursing, sevenDigitCode: "0110049")
        #expect(AccountSet(code: code) == nil)
    }
}
