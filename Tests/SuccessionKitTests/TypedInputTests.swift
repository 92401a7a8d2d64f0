import SuccessionKit
import Testing

/// The one normalization of typed text (decided on purpose: NFKC alone would also read ① as 1).
@Suite("TypedInput")
struct TypedInputTests {
    @Test(
        "Full-width forms, ideographic space and dash look-alikes become ASCII",
        arguments: [
            ("１２３", "123"), ("ＡＢｃ", "ABc"), ("\u{3000}", " "), ("－", "-"), ("エラー", "エラー"), ("−", "-"), ("―", "-"),
            ("～", "~"), ("〜", "~"), ("／", "/"), ("abc", "abc"),
        ]
    )
    func halfWidth(_ typed: String, expected: String) {
        #expect(TypedInput.halfWidth(typed) == expected)
    }

    @Test(
        "Digits are ASCII or full-width digits only",
        arguments: [("7", 7), ("７", 7), ("0", 0)] as [(Character, UInt8)]
    )
    func digits(_ character: Character, value: UInt8) {
        #expect(TypedInput.digitValue(character) == value)
    }

    @Test("Not digits: circled, kanji, superscript, letters", arguments: ["①", "一", "²", "O", "a"] as [Character])
    func notDigits(_ character: Character) {
        #expect(TypedInput.digitValue(character) == nil)
    }

    @Test(
        "Look-alikes of 0 and 1 are suggested",
        arguments: [("O", "0"), ("o", "0"), ("〇", "0"), ("Ｏ", "0"), ("I", "1"), ("l", "1"), ("|", "1")]
            as [(Character, Character)]
    )
    func lookalikes(_ character: Character, digit: Character) {
        #expect(TypedInput.digitLookalike(character) == digit)
    }
}
