import Foundation
import SystemPackage
import SuccessionKit
import Testing

/// 電子証明書取得に関する情報 【工事手順①】.
@Suite("CertificateIssueNotice")
struct CertificateIssueNoticeTests {
    static let newCode = MedicalInstitutionCode("1310110049")
    static let oldCode = MedicalInstitutionCode("0110113719")
    static let day = TypedDate.parse("2026-11-20")

    /// The manual's sample, with real-looking values and the new code.
    static let paper = """
        2026/11/11
        電子証明書取得に関する情報
        発行者\tOnline Billing NW Common Root CA
        発行先\t1310110049
        端末名称\t総合受付
        電子証明書ダウンロードサイトリクエストID\t123456789012345
        電子証明書ダウンロードサイトリファレンスID\tAB12CD34EF
        電子証明書有効期間\t2026/11/10~2030/02/10
        電子証明書ダウンロードサイト有効期限\t2027/05/09
        """

    private func check(_ text: String, at date: Date? = Self.day) throws -> [Problem] {
        let reading = CertificateIssueNotice.read(text: text)
        let newCode = try #require(Self.newCode)
        let date = try #require(date)
        return reading.problems + reading.notice.check(newCode: newCode, oldCode: Self.oldCode, at: date)
    }

    @Test("The paper as typed passes, every row read")
    func paperPasses() throws {
        let reading = CertificateIssueNotice.read(text: Self.paper)
        #expect(reading.rows.map(\.field) == NoticeField.allCases)
        #expect(reading.notice.code == Self.newCode)
        #expect(reading.notice.terminalName == "総合受付")
        #expect(try check(Self.paper).isEmpty)
    }

    @Test("Full-width digits, spaces instead of tabs, and 年月日 and ～ date forms are accepted")
    func typedForms() throws {
        let typed = """
            発行先　１３１０１１００４９
            電子証明書ダウンロードサイトリクエストID  １２３４５６７８９０１２３４５
            電子証明書ダウンロードサイトリファレンスID  AB12CD34EF
            電子証明書有効期間  2026年11月10日～2030年2月10日
            電子証明書ダウンロードサイト有効期限  ２０２７－０５－０９
            """
        let reading = CertificateIssueNotice.read(text: typed)
        #expect(reading.notice.validityEnd == TypedDate.parse("2030-02-10"))
        #expect(reading.notice.downloadExpiry == TypedDate.parse("2027-05-09"))
        #expect(try check(typed).map(\.code) == [])
    }

    @Test(
        "Validity separators: ~ ～ 〜 - – between two dates",
        arguments: [
            "2021/03/10~2024/06/10", "2021/03/10～2024/06/10", "2021/03/10 〜 2024/06/10", "2021/03/10 - 2024/06/10",
            "2021-03-10 – 2024-06-10",
        ]
    )
    func validitySeparators(_ value: String) {
        let reading = CertificateIssueNotice.read(text: "電子証明書有効期間\t\(value)")
        #expect(reading.notice.validityStart == TypedDate.parse("2021-03-10"))
        #expect(reading.notice.validityEnd == TypedDate.parse("2024-06-10"))
    }

    @Test("The manual's typo …サイトファレンスID is understood as the reference ID, and said so")
    func typoRow() {
        let reading = CertificateIssueNotice.read(text: "電子証明書ダウンロードサイトファレンスID\tAB12CD34EF")
        #expect(reading.notice.referenceID == "AB12CD34EF")
        #expect(reading.rows.first?.field == .referenceID)
        #expect(reading.rows.first?.differsFromPaper == true)
    }

    @Test("English keys are accepted")
    func englishKeys() throws {
        let text = """
            issuer: Online Billing NW Common Root CA
            issued to: 1310110049
            request id: 123456789012345
            reference id: AB12CD34EF
            validity: 2026-11-10 ~ 2030-02-10
            download expiry: 2027-05-09
            """
        let problems = try check(text)
        #expect(problems.map(\.code) == [], "\(problems)")
    }

    @Test("JSON with English keys, validity in one or two keys")
    func json() async throws {
        let object =
            #"{"issuer":"Online Billing NW Common Root CA","issuedTo":"1310110049","requestID":"123456789012345","referenceID":"AB12CD34EF","validityStart":"2026/11/10","validityEnd":"2030/02/10","downloadExpiry":"2027/05/09"}"#
        let reading = try CertificateIssueNotice.read(json: Data(object.utf8))
        let newCode = try #require(Self.newCode)
        #expect(reading.notice.check(newCode: newCode, at: try #require(Self.day)).isEmpty)
        #expect(throws: SuccessionError(.noticeJSON)) { try CertificateIssueNotice.read(json: Data("[1,2]".utf8)) }
    }

    @Test("notice.codeMismatch: 発行先 is not the new code — the work cannot proceed")
    func codeMismatch() throws {
        let problems = try check(Self.paper.replacingOccurrences(of: "発行先\t1310110049", with: "発行先\t2310100736"))
        #expect(problems.map(\.code) == [.noticeCodeMismatch])
        #expect(problems.first?[.row] == "発行先")
        #expect(problems.first?.message(in: .japanese).hasPrefix("【発行先】") == true)
    }

    @Test("notice.oldCode: the notice of the old code")
    func oldCode() throws {
        #expect(
            try check(Self.paper.replacingOccurrences(of: "1310110049", with: "0110113719")).map(\.code) == [
                .noticeOldCode
            ]
        )
    }

    @Test("The manual's sample 発行先 1234567890 is refused with the code's own problems, in its row")
    func sampleCode() throws {
        let problems = try check(Self.paper.replacingOccurrences(of: "発行先\t1310110049", with: "発行先\t1234567890"))
        #expect(problems.map(\.code) == [.codeSample, .codeCheckDigit])
        #expect(problems.allSatisfy { $0[.row] == "発行先" })
    }

    @Test("notice.requestID: 15 digits", arguments: ["12345678901234", "1234567890123456", "12345678901234A"])
    func requestID(_ value: String) throws {
        let problems = try check(Self.paper.replacingOccurrences(of: "123456789012345", with: value))
        #expect(problems.map(\.code) == [.noticeRequestID])
    }

    @Test("notice.referenceID: 10 characters; the masked sample is a placeholder")
    func referenceID() throws {
        #expect(
            try check(Self.paper.replacingOccurrences(of: "AB12CD34EF", with: "AB12CD34E")).map(\.code) == [
                .noticeReferenceID
            ]
        )
        #expect(
            try check(Self.paper.replacingOccurrences(of: "AB12CD34EF", with: "〇〇〇〇〇〇〇〇〇〇")).map(\.code) == [
                .noticePlaceholder
            ]
        )
    }

    @Test("notice.validityOrder: the start after the end")
    func validityOrder() throws {
        let text = Self.paper.replacingOccurrences(of: "2026/11/10~2030/02/10", with: "2030/02/10~2026/11/10")
        #expect(try check(text).map(\.code) == [.noticeValidityOrder])
    }

    @Test(
        "notice.dateFormat: a date that cannot be read names its row",
        arguments: ["2026/13/10~2030/02/10", "いつか", "2021/02/30~2024/06/10"]
    )
    func dateFormat(_ value: String) throws {
        let problems = try check(Self.paper.replacingOccurrences(of: "2026/11/10~2030/02/10", with: value))
        #expect(problems.contains { $0.code == .noticeDateFormat && $0[.row] == "電子証明書有効期間" })
    }

    @Test("notice.downloadExpired after the last day; a warning within 7 days; fine on the last day")
    func downloadExpiry() throws {
        #expect(try check(Self.paper, at: TypedDate.parse("2027-05-10")).map(\.code) == [.noticeDownloadExpired])
        let soon = try check(Self.paper, at: TypedDate.parse("2027-05-04"))
        #expect(soon.map(\.code) == [.noticeDownloadExpiresSoon])
        #expect(soon.first?.severity == .warning)
        #expect(soon.first?[.count] == "6")
        #expect(try check(Self.paper, at: TypedDate.parse("2027-05-09")).map(\.code) == [.noticeDownloadExpiresSoon])
    }

    @Test("The sample's misspelt issuer is a warning; another issuer an error")
    func issuer() throws {
        let misspelt = try check(
            Self.paper.replacingOccurrences(
                of: "Online Billing NW Common Root CA",
                with: "Onlien Billing NW Common Root OO-OC"
            )
        )
        #expect(misspelt.map(\.code) == [.noticeIssuerSpelling])
        #expect(misspelt.first?.severity == .warning)
        let other = try check(
            Self.paper.replacingOccurrences(of: "Online Billing NW Common Root CA", with: "Example Corporate CA")
        )
        #expect(other.map(\.code) == [.noticeIssuer])
    }

    @Test("notice.missingRow for each required row")
    func missingRows() throws {
        let problems = try check("発行者\tOnline Billing NW Common Root CA")
        #expect(problems.filter { $0.code == .noticeMissingRow }.count == 5)
    }

    @Test("Unknown and repeated rows are warnings")
    func unknownAndDuplicate() throws {
        let problems = try check(Self.paper + "\n備考\tなし\n発行先\t1310110049")
        #expect(Set(problems.map(\.code)) == [.noticeUnknownRow, .noticeDuplicateRow])
        #expect(!problems.containsError)
    }

    @Test("A notice with two different 発行先 (the new code, then the old) is an error; the same one twice a warning")
    func twoIssuedTo() {
        let base = "発行者\tOnline Billing NW Common Root CA\n発行先\t1310110049\n"
        let conflicting = CertificateIssueNotice.read(text: base + "発行先\t0110113719\n")
        let problem = conflicting.problems.first { $0.code == .noticeConflictingRows }
        #expect(problem?.severity == .error)
        #expect(problem?[.found] == "0110113719" && problem?[.expected] == "1310110049")
        let repeated = CertificateIssueNotice.read(text: base + "発行先\t１３１０１１００４９\n")
        #expect(!repeated.problems.contains { $0.code == .noticeConflictingRows })
        #expect(repeated.problems.contains { $0.code == .noticeDuplicateRow && $0.severity == .warning })
    }

    /// The sandbox notice's rows as a JSON object, 発行先 given twice: `first`, then `second`
    /// (written with `\u` escapes, as another tool may save it: the same key all the same).
    static func noticeJSON(first: String, second: String) -> String {
        """
        {"発行者": "Online Billing NW Common Root CA", "発行先": "\(first)", "端末名称": "総合受付",
         "電子証明書有効期間": "2026/01/05~2029/04/05", "\\u767a\\u884c\\u5148": "\(second)"}
        """
    }

    @Test(
        "21: a JSON notice with 発行先 twice (old, then new) is refused with notice.duplicateKey, never read as the last"
    )
    func jsonDuplicateKey() throws {
        let reading = try CertificateIssueNotice.read(
            json: Data(Self.noticeJSON(first: "0110113719", second: "1310110049").utf8)
        )
        let problem = try #require(reading.problems.first { $0.code == .noticeDuplicateKey })
        #expect(problem.severity == .error)
        #expect(problem[.row] == "発行先")
        #expect(problem[.expected] == "0110113719" && problem[.found] == "1310110049", "both values, in file order")
        #expect(reading.notice.issuedTo != "1310110049", "the last key does not silently win")
        #expect(problem.message(in: .japanese).contains("2回"))
        #expect(problem.message(in: .english).contains("appears twice"))
        #expect(reading.problems.containsError, "notice check, job init and the page refuse a reading with an error")

        // Through the file reader too (a JSON file is detected by its first character).
        let bytes = Array(Self.noticeJSON(first: "1310110049", second: "1310110049").utf8)
        let same = try CertificateIssueNotice.read(bytes: bytes)
        #expect(
            same.problems.contains { $0.code == .noticeDuplicateKey && $0.severity == .error },
            "even the same value"
        )
    }

    @Test(
        "21: a JSON notice's members are read in file order; strings inside values and nested values do not confuse it"
    )
    func jsonMembersInOrder() throws {
        let json = #"""
            {"端末名称": "受付 {\"a\": 1}, [x]", "note": {"発行先": "0110113719", "list": ["}", 2]},
             "発行先": 1310110049, "発行者": "Online Billing NW Common Root CA"}
            """#
        let reading = try CertificateIssueNotice.read(json: Data(json.utf8))
        #expect(!reading.problems.contains { $0.code == .noticeDuplicateKey }, "a nested 発行先 is no second key")
        #expect(reading.rows.map(\.field) == [.terminalName, .issuedTo, .issuer])
        #expect(reading.notice.terminalName == #"受付 {"a": 1}, [x]"#)
        #expect(reading.notice.issuedTo == "1310110049")
        #expect(throws: SuccessionError(.noticeJSON)) {
            try CertificateIssueNotice.read(json: Data(#"{"a": 1,}"#.utf8))
        }
    }
}

/// The notice as a file: the bytes a terminal's editor saves.
@Suite("CertificateIssueNotice from a file")
struct NoticeFileTests {
    @Test("A Shift-JIS notice file reads as the paper typed; so do UTF-8 with a byte-order mark and JSON")
    func encodings() throws {
        let paper = CertificateIssueNoticeTests.paper
        let shiftJIS = try #require(paper.data(using: .shiftJIS))
        #expect(String(data: shiftJIS, encoding: .utf8) == nil, "the fixture is not UTF-8 by accident")
        let utf8BOM = [0xEF, 0xBB, 0xBF] + Array(paper.utf8)
        let json = Data(#"  {"発行先": "1310110049", "端末名称": "総合受付"}"#.utf8)
        for bytes in [Array(shiftJIS), utf8BOM] {
            let reading = try CertificateIssueNotice.read(bytes: bytes)
            #expect(reading.notice.code == CertificateIssueNoticeTests.newCode)
            #expect(reading.notice.terminalName == "総合受付")
            #expect(reading.rows.map(\.field) == NoticeField.allCases)
        }
        #expect(try CertificateIssueNotice.read(bytes: json).notice.terminalName == "総合受付")
    }

    @Test("A file that is neither UTF-8 nor Shift-JIS is file.encoding with its line and path; nothing read")
    func encodingRefused() async throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("notice-\(UUID())")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let file = folder.appendingPathComponent("通知.txt")
        // A valid first line, then bytes that are no text in either encoding.
        try Data("発行先\t1310110049\n".utf8 + [0x81, 0xFF, 0xFE, 0x0A]).write(to: file)
        do {
            _ = try CertificateIssueNotice.read(contentsOf: FilePath(file.path))
            Issue.record("an undecodable notice was read")
        } catch {
            #expect(error.code == .fileEncoding)
            #expect(error.problems.first?.value(.line) == 2)
            #expect(error.problems.first?.value(.path) == FilePath(file.path))
        }
        #expect(throws: SuccessionError(.fileUnreadable)) {
            try CertificateIssueNotice.read(contentsOf: FilePath(folder.appendingPathComponent("none.txt").path))
        }
    }
}
