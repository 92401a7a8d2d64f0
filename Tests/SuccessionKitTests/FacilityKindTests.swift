import SuccessionKit
import Testing

/// The 点数表番号 (third digit) and the terminal it implies.
@Suite("FacilityKind")
struct FacilityKindTests {
    @Test(
        "Every kind digit of this system",
        arguments: [
            (1, FacilityKind.medical, "医科", TerminalKind?.some(.medicalDental)),
            (3, .dental, "歯科", .medicalDental),
            (4, .pharmacy, "調剤（薬局）", .pharmacy),
            (6, .homeNursing, "訪問看護", nil),
        ]
    )
    func kinds(_ digit: Int, kind: FacilityKind, name: String, terminal: TerminalKind?) {
        #expect(FacilityKind(digit: digit) == kind)
        #expect(kind.japaneseName == name)
        #expect(kind.terminalKind == terminal)
    }

    @Test("Other digits are not facility kinds", arguments: [0, 2, 5, 7, 8, 9])
    func notKinds(_ digit: Int) {
        #expect(FacilityKind(digit: digit) == nil)
    }

    @Test("The linkage account: 医科歯科 R0RENK01, 薬局 R1RENK01 — the digit zero or one, never a letter")
    func linkageAccounts() {
        #expect(TerminalKind.medicalDental.linkageAccountID == "R0RENK01")
        #expect(TerminalKind.pharmacy.linkageAccountID == "R1RENK01")
        #expect(TerminalKind.allCases.allSatisfy { $0.linkageAccountID.dropFirst().first?.isNumber == true })
    }
}
