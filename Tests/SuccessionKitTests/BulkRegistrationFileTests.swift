import Foundation
import SuccessionKit
import Testing

/// The bulk-registration CSV: Shift-JIS, CRLF, layout as data (補足資料① 3-②).
@Suite("BulkRegistrationFile")
struct BulkRegistrationFileTests {
    static let day = TypedDate.parse("2026-11-25")

    private func rows(_ code: String) throws -> [BulkRegistrationRow] {
        BulkRegistrationFile.rows(for: try #require(MedicalInstitutionCode(code)), start: try #require(Self.day))
    }

    @Test("The bytes: Shift-JIS header and rows, CRLF, for a 薬局 (R1RENK01)")
    func bytes() throws {
        let bytes = try BulkRegistrationFile.encode(rows("1340110049"))
        let expected = """
            医療機関コード,権限区分,ユーザID,ユーザ名,ユーザ名(カナ),利用開始年月日,利用終了年月日\r
            1340110049,顔認証,F0FACE01,顔認証アカウント,カオニンショウアカウント,2026/11/25,\r
            1340110049,連携,R1RENK01,連携アカウント,レンケイアカウント,2026/11/25,\r

            """
        #expect(bytes == Array(try #require(expected.data(using: .shiftJIS))))
        // 医 in Shift-JIS is 88 E3; the file starts with it, not with UTF-8's E5 8C BB.
        #expect(Array(bytes.prefix(2)) == [0x88, 0xE3])
        #expect(bytes.suffix(2) == [0x0D, 0x0A])
        #expect(
            !bytes.contains(0x0A) || zip(bytes, bytes.dropFirst()).filter { $1 == 0x0A }.allSatisfy { $0.0 == 0x0D }
        )
    }

    @Test("Written and read back, the rows are the same and pass the checks")
    func roundTrip() throws {
        let original = try rows("1310110049")
        let decoded = BulkRegistrationFile.decode(try BulkRegistrationFile.encode(original))
        #expect(decoded.problems.isEmpty)
        #expect(decoded.rows == original)
        #expect(BulkRegistrationFile.check(decoded.rows, code: MedicalInstitutionCode("1310110049")).isEmpty)
    }

    @Test("A value Shift-JIS cannot carry is refused with the character, its place and a replacement")
    func unencodable() throws {
        var list = try rows("1310110049")
        list[0].userName = "顔認証〜アカウント"
        do {
            _ = try BulkRegistrationFile.encode(list)
            Issue.record("an unencodable value was written")
        } catch {
            let problem = try #require(error.problems.first)
            #expect(problem.code == .csvEncoding)
            #expect(problem[.character] == "〜")
            #expect(problem[.suggestion] == "～")
            #expect(problem[.line] == "2")
            #expect(problem[.row] == "ユーザ名")
            #expect(problem[.position] == "4")
        }
    }

    @Test("A file saved as UTF-8 is reported, not guessed")
    func utf8() throws {
        let text = "医療機関コード,権限区分,ユーザID,ユーザ名,ユーザ名(カナ),利用開始年月日,利用終了年月日\r\n"
        #expect(BulkRegistrationFile.decode(Array(text.utf8)).problems.map(\.code) == [.csvNotShiftJIS])
    }

    @Test("Checks before upload: look-alike IDs, wrong kind, dates, duplicates, code")
    func checks() throws {
        var list = try rows("1340110049")
        list[0].userID = "F0FACEO1"
        list[1].userID = "R0RENK01"
        list.append(list[1])
        list[2].startDate = "2026/13/01"
        list[2].institutionCode = "1310110049"
        let codes = BulkRegistrationFile.check(list, code: MedicalInstitutionCode("1340110049")).map(\.code)
        #expect(codes.contains(.accountLookalike))
        #expect(codes.contains(.accountKindMismatch))
        #expect(codes.contains(.csvDate))
        #expect(codes.contains(.csvDuplicateID))
        #expect(codes.contains(.csvCode))
    }

    @Test("A vendor's layout is data: other columns, other order, no header")
    func vendorLayout() async throws {
        let json =
            #"{"hasHeader": false, "columns": [{"field": "userID", "title": "ID"}, {"field": "other", "title": "備考"}, {"field": "institutionCode", "title": "コード"}]}"#
        let layout = try BulkRegistrationLayout.decode(json: Data(json.utf8))
        let bytes = try BulkRegistrationFile.encode(rows("1310110049"), layout: layout)
        #expect(bytes == Array("F0FACE01,,1310110049\r\nR0RENK01,,1310110049\r\n".utf8))
        #expect(throws: SuccessionError(.csvLayout)) { try BulkRegistrationLayout.decode(json: Data("{}".utf8)) }
    }

    @Test("Quoted fields with commas and quotes survive")
    func quoting() throws {
        var list = try rows("1310110049")
        list[0].userName = "顔認証,\"A\""
        let decoded = BulkRegistrationFile.decode(try BulkRegistrationFile.encode(list))
        #expect(decoded.rows.first?.userName == "顔認証,\"A\"")
    }

    @Test("The CSV duplicate check names the first line that has the ID, and the row that repeats it")
    func csvDuplicateNamesFirstLine() throws {
        let row = { (id: String) in
            BulkRegistrationRow(
                institutionCode: "1310110049",
                role: "1",
                userID: id,
                userName: "山田",
                userNameKana: "ヤマダ",
                startDate: "2026/12/01"
            )
        }
        let problems = BulkRegistrationFile.check([row("user01"), row("user02"), row("user01")])
        let duplicate = try #require(problems.first { $0.code == .csvDuplicateID })
        #expect(duplicate[.line] == "4")
        #expect(duplicate.message(in: .english).contains("repeats line 2"), "\(duplicate.message(in: .english))")
    }
}
