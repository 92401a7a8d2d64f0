import Foundation
import SuccessionKit
import SystemPackage
import Testing

/// A problem's values read as their Swift types: what an integrator compares is a number, a
/// date or a kind, never a string.
@Suite("ProblemValue")
struct ProblemValueTests {
    @Test("code.checkDigit: the digits, the rule and the prefecture read as their types")
    func checkDigit() throws {
        // 1310110049 is valid; its last digit typed 8 is a Tokyo code of the six-digit rule.
        let problem = try #require(MedicalInstitutionCode.read("1310110048").problems.first)
        #expect(problem.code == .codeCheckDigit)
        #expect(problem.value(.expectedDigit) == 9)
        #expect(problem.value(.foundDigit) == 8)
        #expect(problem.value(.rule) == .sixDigits)
        #expect(problem.value(.prefecture) == .tokyo)
        #expect(problem.value(.otherRuleAccepts) == false)
    }

    @Test("code.character: the position is an Int, the character text")
    func characterPosition() throws {
        let problem = try #require(
            MedicalInstitutionCode.read("13101100x9").problems.first { $0.code == .codeCharacter }
        )
        #expect(problem.value(.position) == 9)
        #expect(problem.value(.character) == "x")
    }

    @Test("notice.downloadExpired: the dates are Dates, the day the check was made for among them")
    func dates() throws {
        let paper = CertificateIssueNoticeTests.paper
        let checkedOn = try #require(TypedDate.parse("2027-05-10"))
        let newCode = try #require(CertificateIssueNoticeTests.newCode)
        let reading = CertificateIssueNotice.read(text: paper)
        let problem = try #require(
            reading.notice.check(newCode: newCode, oldCode: CertificateIssueNoticeTests.oldCode, at: checkedOn).first
        )
        #expect(problem.code == .noticeDownloadExpired)
        let notAfter = try #require(problem.value(.notAfter))
        #expect(JapanTime.day(notAfter) == "2027/05/09")
        #expect(try #require(problem.value(.date)) > notAfter)
    }

    @Test("password.default names the account as an AccountKind")
    func accountKind() throws {
        let problems = PasswordPolicy.check(AccountPassword("OnsAdmin@00369"), account: .admin)
        let problem = try #require(problems.first { $0.code == .passwordDefault })
        #expect(problem.value(.accountKind) == .admin)
        #expect(problem.value(.terminalKind) == nil, "the same key read as another kind does not read")
    }

    @Test("A value that is not of its key's type reads as nil; a missing one too")
    func notOfItsType() {
        let problem = Problem(.codeCharacter, values: [.position: "nine", .otherRuleAccepts: "yes"])
        #expect(problem.value(.position) == nil)
        #expect(problem.value(.otherRuleAccepts) == nil)
        #expect(problem.value(.count) == nil)
        #expect(problem[.position] == "nine", "the text is still there, as --json prints it")
    }

    @Test("Written through a typed key, a value reads back as itself and encodes as text")
    func roundTrip() throws {
        let day = try #require(TypedDate.parse("2026-11-28"))
        let problem = Problem(.fileUnreadable)
            .with(.path, FilePath("/work/証明書.p12"))
            .with(.line, 12)
            .with(.notAfter, day)
            .with(.sevenDigitCode, true)
        #expect(problem.value(.path) == FilePath("/work/証明書.p12"))
        #expect(problem.value(.line) == 12)
        #expect(problem.value(.notAfter) == day)
        #expect(problem.value(.sevenDigitCode) == true)
        let json = try JSONSerialization.jsonObject(with: JSONEncoder().encode(problem)) as? [String: Any]
        let values = try #require(json?["values"] as? [String: String])
        #expect(values["line"] == "12")
        #expect(values["sevenDigitCode"] == "true")
        #expect(values["path"] == "/work/証明書.p12")
    }

    @Test("A file the system refuses keeps the reason's number: read back as an Errno, said in Japanese by it")
    func systemReason() throws {
        func failure(_ path: String) throws -> Problem {
            do {
                _ = try CertificateIssueNotice.read(contentsOf: FilePath(path))
            } catch {
                return try #require(error.problems.first)
            }
            throw SuccessionError(.fileUnreadable)
        }
        let missing = try failure("/nonexistent/notice.txt")
        #expect(missing.value(.errno) == .noSuchFileOrDirectory)
        #expect(missing.message(in: .japanese).contains("（ありません）"))
        #expect(missing[.reason]?.isEmpty == false, "the system's own words stay for --json")
        // A file used as a folder: the system says ENOTDIR.
        let throughFile = try failure("/etc/passwd/notice.txt")
        #expect(throughFile.value(.errno) == .notDirectory)
        #expect(throughFile.message(in: .japanese).contains("途中の名前がフォルダではありません"))
        // The picker's missing folder says its reason too.
        do {
            _ = try CertificatePicker.pick(
                in: "/nonexistent",
                newCode: MedicalInstitutionCode(parsing: "1310110049"),
                pin: CertificatePIN("1357"),
                at: Date()
            )
            Issue.record("a missing folder was read")
        } catch {
            #expect(error.problems.first?.value(.errno) == .noSuchFileOrDirectory)
            #expect(error.message(in: .japanese).contains("（ありません）"))
        }
    }
}
