import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import NIOCore
import SuccessionKit
import SuccessionKitSandbox
import SuccessionWeb
import Testing

/// The notice pasted or chosen as a file: the start form is multipart, without script; a file is
/// read as UTF-8 or Shift-JIS (CP932) within 64 KiB, and its name is escaped wherever shown.
@Suite("The start form takes the notice as a file")
struct PageUploadTests {
    /// The start form's fields with no pasted notice.
    func fields(_ site: PageSite) -> [(String, String)] {
        site.startFields(attended: false).map { $0.0 == "notice" ? ("notice", "") : $0 }
    }

    @Test("The start form is multipart with a file field and still a plain form (no script)")
    func form() async throws {
        let site = try PageSite()
        try await site.application().test(.router) { client in
            let body = String(buffer: try await PageClient(client: client, site: site).get("/").body)
            #expect(body.contains(#"enctype="multipart/form-data""#))
            #expect(body.contains(#"<input type="file" name="noticeFile" id="noticeFile""#))
            #expect(body.contains(#"<textarea name="notice""#), "pasting still works")
            #expect(!body.contains("<script"))
        }
    }

    @Test("A notice saved as Shift-JIS starts the job as the pasted text does")
    func shiftJISFile() async throws {
        let site = try PageSite()
        let bytes = try #require(site.scenario.noticeText.data(using: .shiftJIS))
        #expect(String(data: bytes, encoding: .utf8) == nil, "the file is not UTF-8")
        try await site.application().test(.router) { client in
            let page = PageClient(client: client, site: site)
            let created = try await page.postMultipart(
                "/start",
                fields(site),
                files: [("noticeFile", "通知書.txt", Array(bytes))]
            )
            #expect(created.status == .seeOther, "\(String(buffer: created.body))")
            #expect(created.headers[.location] == "/job")
            let journal = try String(contentsOfFile: site.journalPath, encoding: .utf8)
            #expect(journal.contains("1310110049"))
            #expect(journal.contains("総合受付"), "the notice's 端末名称, read from Shift-JIS")
        }
    }

    @Test("A UTF-8 file with a BOM, and the pasted text with no file, both start the job")
    func utf8AndPasted() async throws {
        for withFile in [true, false] {
            let site = try PageSite()
            try await site.application().test(.router) { client in
                let page = PageClient(client: client, site: site)
                let created =
                    withFile
                    ? try await page.postMultipart(
                        "/start",
                        fields(site),
                        files: [
                            ("noticeFile", "notice.txt", [0xEF, 0xBB, 0xBF] + Array(site.scenario.noticeText.utf8))
                        ]
                    )
                    : try await page.postMultipart(
                        "/start",
                        site.startFields(attended: false),
                        files: [("noticeFile", "", [])]
                    )
                #expect(created.status == .seeOther, "\(withFile): \(String(buffer: created.body))")
                #expect(FileManager.default.fileExists(atPath: site.journalPath))
            }
        }
    }

    @Test("A file that is neither UTF-8 nor Shift-JIS, named <script>: refused by name, escaped, nothing created")
    func undecodableHostileName() async throws {
        let site = try PageSite()
        // A browser sends a base name: no `/` (a `\` folder path is cut off).
        let name = "<img src=x onerror=alert(1)><script>.txt"
        try await site.application().test(.router) { client in
            let page = PageClient(client: client, site: site)
            let refused = try await page.postMultipart(
                "/start",
                fields(site),
                files: [("noticeFile", name, Array("電子証明書\n".utf8) + [0x82, 0x0A, 0xFF, 0xFE, 0x0A])]
            )
            #expect(refused.status == .unprocessableContent)
            let body = String(buffer: refused.body)
            #expect(body.contains("開始できません。何も作成していません。"))
            #expect(body.contains("UTF-8 でも Shift-JIS でもありません"), "\(body)")
            #expect(body.contains("「&lt;img src=x onerror=alert(1)&gt;&lt;script&gt;.txt」"), "the name, escaped")
            #expect(!body.contains("<img"))
            #expect(!body.contains("<script>"))
            #expect(!FileManager.default.fileExists(atPath: site.journalPath))
        }
    }

    @Test("A file over 64 KiB is refused with its size; a body past the form's limit gets the same page")
    func tooLarge() async throws {
        let site = try PageSite()
        try await site.application().test(.router) { client in
            let page = PageClient(client: client, site: site)
            let large = try await page.postMultipart(
                "/start",
                fields(site),
                files: [("noticeFile", "big.txt", Array(repeating: 0x41, count: 70 * 1024))]
            )
            #expect(large.status == .unprocessableContent)
            #expect(String(buffer: large.body).contains("大きすぎます"))
            let huge = try await page.postMultipart(
                "/start",
                fields(site),
                files: [("noticeFile", "huge.bin", Array(repeating: 0x41, count: 600 * 1024))]
            )
            #expect(huge.status == .contentTooLarge)
            #expect(String(buffer: huge.body).contains("大きすぎます"), "a page, not a dropped connection")
            #expect(!FileManager.default.fileExists(atPath: site.journalPath))
        }
    }

    @Test("A refused start keeps what the file held in the text area and names the file, escaped")
    func refusedKeepsTheFile() async throws {
        let site = try PageSite()
        let other = site.scenario.noticeText.replacingOccurrences(of: "1310110049", with: "1310110056")
        try await site.application().test(.router) { client in
            let page = PageClient(client: client, site: site)
            let refused = try await page.postMultipart(
                "/start",
                fields(site),
                files: [("noticeFile", "C:\\fakepath\\a%22<b>.txt", Array(other.utf8))]
            )
            #expect(refused.status == .unprocessableContent)
            let body = String(buffer: refused.body)
            #expect(body.contains("1310110056"), "the file's text is in the text area")
            #expect(body.contains("「a&quot;&lt;b&gt;.txt」から読みました"), "its name without the folder, escaped")
            #expect(!FileManager.default.fileExists(atPath: site.journalPath))
        }
    }

    @Test("A multipart post without the CSRF token is refused; a broken body is a 400")
    func refusedPosts() async throws {
        let site = try PageSite()
        try await site.application().test(.router) { client in
            let page = PageClient(client: client, site: site)
            let forged = try await page.postMultipart(
                "/start",
                Array(fields(site).dropFirst()),
                files: [("noticeFile", "n.txt", Array(site.scenario.noticeText.utf8))]
            )
            #expect(forged.status == .forbidden)
            let broken = try await client.execute(
                uri: "/start",
                method: .post,
                headers: [.contentType: "multipart/form-data; boundary=xyz", .cookie: page.cookie],
                body: ByteBuffer(string: "--xyz\r\nno headers here")
            )
            #expect(broken.status == .badRequest)
            #expect(!FileManager.default.fileExists(atPath: site.journalPath))
        }
    }
}
