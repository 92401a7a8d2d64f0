import Foundation
import SuccessionKit
import Testing

/// The 医療機関等コード (<doc:CheckingACode>): 2 prefecture + 1 kind + 6 + 1 check digit.
@Suite("MedicalInstitutionCode")
struct MedicalInstitutionCodeTests {
    // MARK: Check digit

    @Test(
        "Rule A: 43 prefectures cover the first nine digits (published examples)",
        arguments: ["0110113719", "0410210017", "2310100736", "2739400105", "4610110365"]
    )
    func ruleANineDigits(_ digits: String) throws {
        let code = try MedicalInstitutionCode(parsing: digits)
        #expect(code.digits == digits)
        #expect(code.prefecture.checkDigitRule == .nineDigits)
    }

    @Test(
        "Rule B: 埼玉・千葉・東京・神奈川 cover only digits 4–9",
        arguments: ["1310110049", "1110301762", "1210110163", "1410100065"]
    )
    func ruleBSixDigits(_ digits: String) throws {
        let code = try MedicalInstitutionCode(parsing: digits)
        #expect(code.prefecture.checkDigitRule == .sixDigits)
        #expect(code.digits == digits)
    }

    @Test("Rule A's published example: 0110113719 sums to 21, so the check digit is 9")
    func publishedExampleArithmetic() {
        #expect(CheckDigitRule.nineDigits.checkDigit([0, 1, 1, 0, 1, 1, 3, 7, 1] as [UInt8]) == 9)
    }

    @Test("A Tokyo code is not checked by rule A (it would want 2, the code says 9)")
    func tokyoIsNotRuleA() {
        #expect(CheckDigitRule.nineDigits.checkDigit([1, 3, 1, 0, 1, 1, 0, 0, 4] as [UInt8]) == 2)
        #expect(MedicalInstitutionCode.isValid("1310110049"))
        #expect(!MedicalInstitutionCode.isValid("1310110042"))
    }

    @Test("A wrong check digit names the digit that would be right")
    func wrongCheckDigitNamesExpected() throws {
        let reading = MedicalInstitutionCode.read("0110113710")
        let problem = try #require(reading.problems.first)
        #expect(problem.code == .codeCheckDigit)
        #expect(problem[.expected] == "9")
        #expect(problem[.found] == "0")
        #expect(problem[.rule] == "nineDigits")
        #expect(problem[.otherRuleAccepts] == "false")
        #expect(reading.digits == "0110113710")
        #expect(reading.prefecture == .hokkaido)
    }

    @Test("A code the other prefecture rule would accept is flagged as hand-computed")
    func otherRuleAcceptsIsReported() throws {
        // 1310110042: Tokyo (rule B) wants 9; rule A would give 2.
        let problem = try #require(MedicalInstitutionCode.read("1310110042").problems.first)
        #expect(problem.code == .codeCheckDigit)
        #expect(problem[.expected] == "9")
        #expect(problem[.otherRuleAccepts] == "true")
    }

    @Test("The manual's sample 1234567890 is refused: check digit 7, and it is a placeholder")
    func manualSampleIsRefused() {
        let reading = MedicalInstitutionCode.read("1234567890")
        #expect(!reading.isValid)
        #expect(reading.problems.map(\.code) == [.codeSample, .codeCheckDigit])
        #expect(reading.problems.last?[.expected] == "7")
        #expect(throws: SuccessionError([Problem(.codeSample), Problem(.codeCheckDigit)])) {
            try MedicalInstitutionCode(parsing: "1234567890")
        }
    }

    @Test("Every kind digit is checked with the prefecture's rule (pharmacy and dental included)")
    func everyKindUsesPrefectureRule() throws {
        // Same six digits, different kinds: in Tokyo (rule B) the check digit does not change.
        for kind in FacilityKind.allCases {
            let code = try MedicalInstitutionCode(prefecture: .tokyo, kind: kind, sevenDigitCode: "0110049")
            #expect(code.kind == kind)
        }
    }

    // MARK: Typed input

    @Test(
        "What a person types is read as ten ASCII digits",
        arguments: [
            "１３１０１１００４９",  // full-width digits
            "13-1-0110049",  // 2+1+7 with hyphens
            "13 1 0110049",  // spaces
            "１３－１－０１１００４９",  // full-width hyphens
            "13ー1ー0110049",  // katakana long-vowel mark typed for a hyphen
            "\u{3000}1310110049\u{3000}",  // ideographic spaces
            "13\t1\t0110049",
        ]
    )
    func normalizesTypedInput(_ typed: String) throws {
        #expect(try MedicalInstitutionCode(parsing: typed).digits == "1310110049")
    }

    @Test("Circled and kanji digits are not digits: ① is reported, not silently read as 1")
    func circledDigitIsNotADigit() throws {
        let reading = MedicalInstitutionCode.read("①310110049")
        let problem = try #require(reading.problems.first { $0.code == .codeCharacter })
        #expect(problem[.position] == "1")
        #expect(problem[.character] == "①")
    }

    // MARK: Errors

    @Test("code.empty: nothing typed", arguments: ["", "   ", "-"])
    func empty(_ typed: String) {
        #expect(MedicalInstitutionCode.read(typed).problems.map(\.code) == [.codeEmpty])
    }

    @Test("code.length: not ten digits, with the count", arguments: [("131011004", 9), ("13101100490", 11)])
    func length(_ typed: String, count: Int) throws {
        let problem = try #require(MedicalInstitutionCode.read(typed).problems.first)
        #expect(problem.code == .codeLength)
        #expect(problem[.count] == String(count))
        #expect(problem[.sevenDigitCode] == nil)
    }

    @Test("code.length: seven digits alone are recognised as the part after prefecture and kind")
    func sevenDigitsAlone() throws {
        let reading = MedicalInstitutionCode.read("0110049")
        let problem = try #require(reading.problems.first)
        #expect(problem.code == .codeLength)
        #expect(problem[.sevenDigitCode] == "true")
        #expect(reading.prefecture == nil)
        #expect(
            try MedicalInstitutionCode(prefecture: .tokyo, kind: .medical, sevenDigitCode: "0110049").digits
                == "1310110049"
        )
    }

    @Test(
        "code.character: a non-digit is named with its position and the digit it looks like",
        arguments: [
            ("13101100O9", "9", "O", "0"),
            ("1310II0049", "5", "I", "1"),
            ("131011004l", "10", "l", "1"),
            ("13101〇0049", "6", "〇", "0"),
            ("1310110#49", "8", "#", nil),
        ] as [(String, String, String, String?)]
    )
    func character(_ typed: String, position: String, character: String, suggestion: String?) throws {
        let problem = try #require(MedicalInstitutionCode.read(typed).problems.first)
        #expect(problem.code == .codeCharacter)
        #expect(problem[.position] == position)
        #expect(problem[.character] == character)
        #expect(problem[.suggestion] == suggestion)
    }

    @Test("Every bad character is reported, not only the first")
    func everyCharacterReported() {
        let positions = MedicalInstitutionCode.read("O3lO110049").problems.filter { $0.code == .codeCharacter }
            .compactMap { $0[.position] }
        #expect(positions == ["1", "3", "4"])
    }

    @Test("code.prefecture: the first two digits must be 01–47", arguments: ["0010110049", "4810110365", "9910110049"])
    func prefecture(_ typed: String) throws {
        let problem = try #require(MedicalInstitutionCode.read(typed).problems.first)
        #expect(problem.code == .codePrefecture)
        #expect(problem[.found] == String(typed.prefix(2)))
    }

    @Test("code.kind: the third digit must be 1, 3, 4 or 6", arguments: [0, 2, 5, 7, 8, 9])
    func kind(_ digit: Int) throws {
        let reading = MedicalInstitutionCode.read("01\(digit)0113719")
        #expect(reading.problems.contains { $0.code == .codeKind && $0[.found] == String(digit) })
        #expect(reading.kind == nil)
        #expect(!reading.isValid)
    }

    @Test("Several problems are reported together")
    func severalProblems() {
        let codes = MedicalInstitutionCode.read("485011037").problems.map(\.code)
        #expect(Set(codes) == [.codeLength, .codePrefecture, .codeKind])
    }

    @Test("A 訪問看護 code is valid but warned about: the manual has no card-reader procedure")
    func homeNursingWarns() throws {
        let code = try MedicalInstitutionCode(prefecture: .tokyo, kind: .homeNursing, sevenDigitCode: "0110049")
        let reading = MedicalInstitutionCode.read(code.digits)
        #expect(reading.isValid)
        #expect(reading.problems.map(\.code) == [.codeNoTerminalProcedure])
        #expect(reading.problems.first?.severity == .warning)
        #expect(code.terminalKind == nil)
    }

    // MARK: Parts

    @Test("The parts of a code: prefecture, kind, terminal, 7-digit code, check digit")
    func parts() throws {
        let code = try MedicalInstitutionCode(parsing: "2739400105")
        #expect(code.prefecture == .osaka)
        #expect(code.prefecture.japaneseName == "大阪府")
        #expect(code.kind == .dental)
        #expect(code.terminalKind == .medicalDental)
        #expect(code.terminalKind?.linkageAccountID == "R0RENK01")
        #expect(code.sevenDigitCode == "9400105")
        #expect(code.checkDigit == 5)
        #expect(code.description == "2739400105")
    }

    @Test("A pharmacy code means a 薬局 terminal and the linkage account R1RENK01")
    func pharmacyTerminal() throws {
        let code = try MedicalInstitutionCode(prefecture: .tokyo, kind: .pharmacy, sevenDigitCode: "0110049")
        #expect(code.digits == "1340110049")
        #expect(code.terminalKind == .pharmacy)
        #expect(code.terminalKind?.linkageAccountID == "R1RENK01")
    }

    @Test("A code keeps its leading zero (北海道 is 01)")
    func leadingZero() throws {
        #expect(try MedicalInstitutionCode(parsing: "0110113719").digits == "0110113719")
    }

    // MARK: Conformances

    @Test("Codable as its 10-digit string, validated when decoded")
    func codable() async throws {
        let code = try MedicalInstitutionCode(parsing: "0110113719")
        let data = try JSONEncoder().encode([code])
        #expect(String(decoding: data, as: UTF8.self) == #"["0110113719"]"#)
        #expect(try JSONDecoder().decode([MedicalInstitutionCode].self, from: data) == [code])
        #expect(throws: DecodingError.self) {
            try JSONDecoder().decode([MedicalInstitutionCode].self, from: Data(#"["0110113710"]"#.utf8))
        }
    }

    @Test("LosslessStringConvertible, Hashable and Comparable follow the digits")
    func conformances() throws {
        #expect(MedicalInstitutionCode("0110113719")?.digits == "0110113719")
        #expect(MedicalInstitutionCode("0110113710") == nil)
        let a = try MedicalInstitutionCode(parsing: "0110113719")
        let b = try MedicalInstitutionCode(parsing: "１３１０１１００４９")
        #expect(Set([a, b, a]).count == 2)
        #expect(a < b)
    }

    @Test(
        "The fast path (ASCII) and the detailed reader (full-width) agree for every prefecture and kind digit",
        arguments: 0...48
    )
    func fastAndDetailedAgree(prefecture: Int) {
        // A difference between the two paths would make the CLI and the library disagree. Every
        // prefecture number (00 and 48 are none), every third digit, and ten check digits of a
        // few bodies: exactly one check digit is right where prefecture and kind exist.
        for kind in 0...9 {
            for body in ["011004", "999999", "000000", "123456"] {
                var valid = 0
                for check in 0...9 {
                    let ascii = String(format: "%02d%d%@%d", prefecture, kind, body, check)
                    let fullWidth = String(
                        ascii.unicodeScalars.map { Character(UnicodeScalar($0.value + 0xFEE0) ?? $0) }
                    )
                    let fast = MedicalInstitutionCode.isValid(ascii)
                    #expect(fast == MedicalInstitutionCode.read(fullWidth).isValid, "\(ascii)")
                    #expect(
                        MedicalInstitutionCode.read(ascii).problems.map(\.code)
                            == MedicalInstitutionCode.read(fullWidth).problems.map(\.code),
                        "\(ascii)"
                    )
                    if fast { valid += 1 }
                }
                let exists = Prefecture(number: prefecture) != nil && FacilityKind(digit: kind) != nil
                #expect(valid == (exists ? 1 : 0), "\(prefecture) \(kind) \(body)")
            }
        }
    }

    @Test("A line ending read with the code is not part of it", arguments: ["1310110049\n", "1310110049\r\n"])
    func lineEnding(_ typed: String) {
        #expect(MedicalInstitutionCode.read(typed).code?.digits == "1310110049")
    }

    @Test("The manual's sample is said to be a sample first, before its check digit")
    func sampleFirst() {
        #expect(MedicalInstitutionCode.read("1234567890").problems.first?.code == .codeSample)
    }

    @Test("An error's localizedDescription is its message, not an error number")
    func localizedDescription() {
        let error: any Error = SuccessionError(.codeEmpty)
        #expect(!error.localizedDescription.contains("error 1"))
        #expect(
            error.localizedDescription
                == SuccessionError(.codeEmpty).message(in: .preferred(environment: ProcessInfo.processInfo.environment))
        )
    }
}
