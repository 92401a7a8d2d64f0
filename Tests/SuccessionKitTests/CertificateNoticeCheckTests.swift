import Foundation
import SuccessionKit
import SystemPackage
import Testing

/// A certificate checked against its paper, 電子証明書取得に関する情報 【工事手順①⑥】, in one call.
@Suite("A certificate against its notice")
struct CertificateNoticeCheckTests {
    /// The paper the fixture script wrote for new-modern.p12, read as a technician's file.
    private func notice() throws -> CertificateIssueNotice {
        let reading = try CertificateIssueNotice.read(contentsOf: FilePath(Fixture.path("notice-new.txt")))
        #expect(reading.problems.isEmpty)
        return reading.notice
    }

    private func check(
        _ file: String,
        against notice: CertificateIssueNotice,
        at date: Date = Fixture.workDay
    ) throws -> [Problem] {
        try Fixture.open(file).verify(
            against: notice,
            newCode: #require(Fixture.newCode),
            oldCode: Fixture.oldCode,
            at: date,
            pin: Fixture.pin,
            trustAnchors: [Fixture.anchor()]
        )
    }

    @Test(
        "The file the notice was issued for passes every rule: code, validity day for day, issuer",
        arguments: [
            "new-modern.p12", "new-legacy.p12",
        ]
    )
    func matchingFile(_ file: String) throws {
        #expect(try check(file, against: notice()) == [])
    }

    @Test("Another issue's certificate for the same code does not match the paper's validity")
    func reissuedCertificate() throws {
        let problems = try check("reissued.p12", against: notice())
        #expect(problems.map(\.code) == [.certNoticeValidity])
        let problem = try #require(problems.first)
        #expect(problem[.found] == "2026/01/01~2036/01/01")
        #expect(problem[.expected] == "2025/01/01~2035/01/01")
        #expect(problem[.field] == "validity")
        #expect(problem.message(in: .japanese).hasPrefix("【電子証明書有効期間】"))
        #expect(problem.message(in: .english).contains("2026/01/01~2036/01/01"))
    }

    @Test("The old code's certificate is named as the old one, and its validity is not the paper's")
    func oldCertificate() throws {
        let codes = try check("old.p12", against: notice()).map(\.code)
        #expect(codes.contains(.certOldCode))
        #expect(codes.contains(.certNoticeValidity))
    }

    @Test("A notice whose 発行先 is the old code is the previous certificate's paper")
    func noticeOfTheOldCode() throws {
        var notice = try notice()
        notice.issuedTo = "０１１０１１３７１９"
        let problems = try check("new-modern.p12", against: notice)
        #expect(problems.map(\.code) == [.noticeOldCode])
        #expect(problems.first?[.row] == "発行先")
    }

    @Test("A 発行先 that is no code reports the code's own problem on the row")
    func noticeWithTypo() throws {
        var notice = try notice()
        notice.issuedTo = "13101100O9"
        let problems = try check("new-modern.p12", against: notice)
        #expect(problems.map(\.code) == [.codeCharacter])
        #expect(problems.first?[.row] == "発行先")
    }

    @Test("Without 発行先 or validity rows nothing is assumed: each missing row is named")
    func missingRows() throws {
        var notice = try notice()
        notice.issuedTo = nil
        notice.validityEnd = nil
        let problems = try check("new-modern.p12", against: notice)
        #expect(problems.map(\.code) == [.noticeMissingRow, .noticeMissingRow])
        #expect(Set(problems.compactMap { $0[.field] }) == ["issuedTo", "validity"])
    }

    @Test("The paper's days are Japan's: valid from 2026/11/28 00:00 JST matches 2026/11/28, not 11/27")
    func japanDays() throws {
        let lateNovember = Date(timeIntervalSince1970: 1_796_000_000)  // 2026/11/30 in Japan
        let paper = CertificateIssueNotice(
            issuer: "Online Billing NW Common Root CA",
            issuedTo: "1310110049",
            validityStart: Date(timeIntervalSince1970: 1_795_791_600),  // 2026/11/28 00:00 JST
            validityEnd: Date(timeIntervalSince1970: 2_111_410_800)  // 2036/11/28 00:00 JST
        )
        #expect(try check("midnight-jst.p12", against: paper, at: lateNovember) == [])
        var utcDays = paper
        utcDays.validityStart = Date(timeIntervalSince1970: 1_795_705_200)  // 2026/11/27
        #expect(try check("midnight-jst.p12", against: utcDays, at: lateNovember).map(\.code) == [.certNoticeValidity])
    }

    @Test("The certificate's own rules still hold: on a day before it is valid it is not yet valid")
    func dateGiven() throws {
        let before = Date(timeIntervalSince1970: 1_700_000_000)  // 2023/11/15 in Japan
        #expect(try check("new-modern.p12", against: notice(), at: before).map(\.code) == [.certNotYetValid])
    }

    @Test("The manual's misspelt 発行者 is a warning; another CA on the paper is an error")
    func issuerRow() throws {
        var notice = try notice()
        notice.issuer = "Onlien Billing NW Common Root OO-OC"
        let spelled = try check("new-modern.p12", against: notice)
        #expect(spelled.map(\.code) == [.noticeIssuerSpelling])
        #expect(spelled.isAcceptable)
        notice.issuer = "Example Corporate Issuing CA 7"
        #expect(try check("new-modern.p12", against: notice).map(\.code) == [.noticeIssuer])
    }

    @Test("Without a trust anchor the file the notice was issued for is acceptable, with the warning that says so")
    func withoutAnchor() throws {
        let problems = try Fixture.open("new-modern.p12").verify(
            against: notice(),
            newCode: #require(Fixture.newCode),
            at: Fixture.workDay
        )
        #expect(problems.map(\.code) == [.certIssuerNotVerified])
        #expect(problems.isAcceptable)
    }
}
