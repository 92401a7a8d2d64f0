import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import NIOCore
import SuccessionKit
import SystemPackage
import SuccessionKitSandbox
import SuccessionWeb
import Testing

/// The job through the page: started with `job init`'s hard stop, each question a field, a
/// refused answer shown beside it, everything escaped, no secret ever sent back.
@Suite("The guided page works the job as the CLI does")
struct PageJobTests {
    @Test("A notice for another code is refused at the start form; nothing is created")
    func startHardStop() async throws {
        let site = try PageSite()
        try await site.application().test(.router) { client in
            let page = PageClient(client: client, site: site)
            let other = site.scenario.noticeText.replacingOccurrences(of: "1310110049", with: "1310110056")
            let refused = try await page.post("/start", site.startFields(attended: false, notice: other))
            #expect(refused.status == .unprocessableContent)
            let body = String(buffer: refused.body)
            #expect(body.contains("開始できません。何も作成していません。"))
            #expect(body.contains("1310110056"), "the typed notice is kept in its field")
            #expect(!FileManager.default.fileExists(atPath: site.journalPath))
            let same = try await page.post(
                "/start",
                site.startFields(attended: false).map { $0.0 == "newCode" ? ($0.0, "0110113719") : $0 }
            )
            #expect(same.status == .unprocessableContent)
            #expect(!FileManager.default.fileExists(atPath: site.journalPath))
            let home = try await page.get("/")
            #expect(String(buffer: home.body).contains("承継工事を始める"), "still no job")
        }
    }

    @Test("12: the start form with the codes swapped suggests the swap, naming both codes; nothing is created")
    func startCodesSwapped() async throws {
        let site = try PageSite()
        try await site.application().test(.router) { client in
            let page = PageClient(client: client, site: site)
            let swapped = site.startFields(attended: false).map { field -> (String, String) in
                switch field.0 {
                case "oldCode": ("oldCode", "1310110049")
                case "newCode": ("newCode", "0110113719")
                default: field
                }
            }
            let refused = try await page.post("/start", swapped)
            #expect(refused.status == .unprocessableContent)
            let body = String(buffer: refused.body)
            #expect(body.contains("逆に入力していませんか"), "\(body)")
            #expect(body.contains("旧コード 0110113719・新コード 1310110049"))
            #expect(!body.contains("--old-code"), "the page does not speak the CLI")
            #expect(!FileManager.default.fileExists(atPath: site.journalPath))
        }
    }

    @Test("What a notice, a file name or an answer holds is escaped: <script> never reaches a page as markup")
    func escaping() async throws {
        let site = try PageSite()
        // The .p12 files in Downloads named to inject markup: ⑦ names the one to install.
        let downloads = site.scenario.terminal.layout.path(.downloads).string
        for name in try FileManager.default.contentsOfDirectory(atPath: downloads) where name.hasSuffix(".p12") {
            try FileManager.default.moveItem(
                atPath: downloads + "/" + name,
                toPath: downloads + "/<script>alert(1)<script>" + name
            )
        }
        try await site.application().test(.router) { client in
            let page = PageClient(client: client, site: site)
            let hostile = site.scenario.noticeText.replacingOccurrences(
                of: "総合受付",
                with: "<script>alert(1)</script>\"'"
            )
            let created = try await page.post("/start", site.startFields(attended: true, notice: hostile))
            #expect(created.status == .seeOther)
            let first = String(buffer: try await page.get("/job").body)
            #expect(!first.contains("<script>"))
            // A refused answer's text comes back in its field and in the problem, escaped.
            let id = try #require(PageClient.questionID(first))
            #expect(id == "2.done")
            _ = try await page.post("/answer", [("csrf", site.keys.csrf), ("q", id), ("answer", "<script>x</script>")])
            let refused = String(buffer: try await page.get("/job").body)
            #expect(refused.contains("class=\"problem\""))
            #expect(!refused.contains("<script>"))
            let bodies = try await page.work(site.hurriedPlan, until: "8.thumbprint")
            let atEight = try #require(bodies.last)
            #expect(atEight.contains("&lt;script&gt;alert(1)&lt;script&gt;"), "⑦ names the file, escaped")
            #expect(atEight.contains("&lt;script&gt;alert(1)&lt;/script&gt;"), "①'s details: the notice's 端末名称")
            for body in bodies { #expect(!body.contains("<script>")) }
            let report = String(buffer: try await page.get("/report").body)
            #expect(!report.contains("<script>"))
        }
    }

    @Test("An answer posted moves the job on; a refused one is shown beside its field with the text kept")
    func answerMovesOn() async throws {
        let site = try PageSite()
        try await site.application().test(.router) { client in
            let page = PageClient(client: client, site: site)
            _ = try await page.post("/start", site.startFields(attended: true))
            let first = String(buffer: try await page.get("/job").body)
            #expect(PageClient.questionID(first) == "2.done")
            #expect(first.contains("id=\"current\""))
            #expect(first.contains("<ol class=\"operations\">"), "the step's operations are shown")
            // An empty answer is refused, the same question asked with the problem beside it.
            _ = try await page.post("/answer", [("csrf", site.keys.csrf), ("q", "2.done"), ("answer", "")])
            let empty = String(buffer: try await page.get("/job").body)
            #expect(PageClient.questionID(empty) == "2.done")
            #expect(empty.contains("<p class=\"problem\" id=\"problem\" role=\"alert\">"))
            let moved = try await page.post("/answer", [("csrf", site.keys.csrf), ("q", "2.done"), ("answer", "yes")])
            #expect(moved.status == .seeOther)
            #expect(moved.headers[.location] == "/job#current")
            let next = String(buffer: try await page.get("/job").body)
            #expect(PageClient.questionID(next) == "3.readers")
            #expect(next.contains("<textarea"), "a list is a textarea")
            // A typo: refused, and what was typed is still in the field.
            let typed = "CAORA-000101 未接続\nCAORA-00102 未接続"
            _ = try await page.post("/answer", [("csrf", site.keys.csrf), ("q", "3.readers"), ("answer", typed)])
            let typo = String(buffer: try await page.get("/job").body)
            #expect(typo.contains("桁数が違います"))
            #expect(typo.contains(">\(typed)</textarea>"))
            // A stale form (a question no longer asked) changes nothing.
            _ = try await page.post("/answer", [("csrf", site.keys.csrf), ("q", "2.done"), ("answer", "yes")])
            #expect(PageClient.questionID(String(buffer: try await page.get("/job").body)) == "3.readers")
            let journal = try String(contentsOfFile: site.journalPath, encoding: .utf8)
            #expect(!journal.contains("CAORA-00102 "), "a rejected answer is never written down")
        }
    }

    @Test("The whole attended job through the page: typos corrected, no secret in any page or the journal")
    func wholeAttendedJob() async throws {
        let site = try PageSite()
        try await site.application().test(.router) { client in
            let page = PageClient(client: client, site: site)
            _ = try await page.post("/start", site.startFields(attended: true))
            let bodies = try await page.work(site.hurriedPlan)
            let last = try #require(bodies.last)
            #expect(last.contains("全手順完了"), "\(last)")
            let all = bodies.joined()
            #expect(all.contains("type=\"password\""), "a secret is asked in a password field")
            #expect(all.contains("一致しません"), "the wrong 拇印 is refused")
            #expect(all.contains("数字の「0」ではありませんか"), "O for 0 is named")
            let reportPage = try await page.get("/report")
            let report = String(buffer: reportPage.body)
            #expect(report.contains("全手順完了"))
            // The A4 page of job report, its style sheet served beside it: no inline style, so
            // the page's one CSP (default-src 'self') needs no exception.
            #expect(report.contains(#"<link rel="stylesheet" href="/report.css">"#))
            #expect(!report.contains("<style") && !report.contains(" style="))
            let csp = try #require(reportPage.headers[.contentSecurityPolicy])
            #expect(csp.hasPrefix("default-src 'self'") && !csp.contains("unsafe-inline"))
            let sheet = try await page.get("/report.css")
            #expect(sheet.headers[.contentType]?.hasPrefix("text/css") == true)
            let css = ReportPage.styleSheet.description
            #expect(String(buffer: sheet.body) == css)
            #expect(css.contains("@page { size: A4"), "the A4 print is kept")
            #expect(css.contains("@media screen and (max-width: 640px)"), "and the phone's layout")
            let home = try await page.get("/")
            #expect(home.status == .seeOther)
            #expect(home.headers[.location] == "/job")
            let journal = try String(contentsOfFile: site.journalPath, encoding: .utf8)
            for secret in ["Kanri#Henkou2026", "Face#Secret2026"] {
                #expect(!all.contains(secret), "a page holds \(secret)")
                #expect(!report.contains(secret))
                #expect(!journal.contains(secret))
            }
            #expect(!all.contains("value=\"1357\""))
            for rejected in ["131011OO49", "CAORA-00102\""] { #expect(!journal.contains(rejected)) }
        }
    }

    @Test("12: the report keeps a 拇印 in groups of ten pairs that never break inside (a phone wraps between them)")
    func reportThumbprintGroups() async throws {
        let site = try PageSite()
        try await site.application().test(.router) { client in
            let page = PageClient(client: client, site: site)
            _ = try await page.post("/start", site.startFields(attended: true))
            let bodies = try await page.work(site.hurriedPlan)
            #expect(bodies.last?.contains("全手順完了") == true)
            let report = String(buffer: try await page.get("/report").body)
            let pairs = Thumbprint.display(site.scenario.newCertificate.sha1).split(separator: " ")
            let halves = [pairs[0..<10], pairs[10..<20]].map { $0.joined(separator: " ") }
            #expect(
                report.contains(#"<span class="hex">\#(halves[0])</span> <span class="hex">\#(halves[1])</span>"#),
                "\(report)"
            )
            let css = String(buffer: try await page.get("/report.css").body)
            #expect(css.contains(".hex { white-space: nowrap; }"))
        }
    }

    @Test("1: a tap on いいえ at ⑨ is confirmed first; while 補足① is in progress 「⑨に戻る」 takes the branch back")
    func wayBackFromTheBranch() async throws {
        let site = try PageSite()
        var typed = site.hurriedPlan
        typed["9.login"] = ["no", "no", "yes"]
        typed["9.loginConfirmed"] = ["back", "supplement"]
        let slips = typed
        try await site.application().test(.router) { client in
            let page = PageClient(client: client, site: site)
            _ = try await page.post("/start", site.startFields(attended: true))
            let bodies = try await page.work(slips, until: "S1.environment")
            let confirm = try #require(bodies.first { PageClient.questionID($0) == "9.loginConfirmed" })
            #expect(confirm.contains("戻る（もう一度ログインを試す）"), "the confirmation offers the way back")
            let inSupplement = try #require(bodies.last)
            #expect(PageClient.questionID(inSupplement) == "S1.environment")
            #expect(inSupplement.contains("⑨に戻る（ログインできた）"))
            let back = try await page.post("/redo", [("csrf", site.keys.csrf), ("step", "9")])
            #expect(back.status == .seeOther)
            #expect(PageClient.questionID(String(buffer: try await page.get("/job").body)) == "9.login")
            var plan = site.hurriedPlan
            plan["9.login"] = ["yes"]
            let finished = try await page.work(plan)
            #expect(finished.last?.contains("全手順完了") == true)
            let job = try JobSession.read(at: FilePath(site.root))
            #expect(job.state(of: .supplement1) == .notNeeded, "補足① never reads 完了")
        }
    }

    @Test("A certificate whose subject holds <script> is escaped on the page and in the report")
    func hostileCertificateSubject() async throws {
        let site = try PageSite()
        // The new .p12 in Downloads replaced by one whose OU (the terminal name) injects markup.
        let downloads = site.scenario.terminal.layout.path(.downloads).string
        let pin = CertificatePIN("1357")
        let new = site.scenario.newCertificate
        var replaced: CertificateSummary?
        for name in try FileManager.default.contentsOfDirectory(atPath: downloads) where name.hasSuffix(".p12") {
            let url = URL(fileURLWithPath: downloads + "/" + name)
            guard try PKCS12Bundle(bytes: Array(Data(contentsOf: url)), pin: pin).certificate.sha1 == new.sha1 else {
                continue
            }
            let bytes = try CertificateFactory(start: new.notBefore.addingTimeInterval(-86_400)).makePKCS12(
                code: site.scenario.newCode,
                terminalName: "<script>alert(2)</script>",
                pin: pin,
                start: new.notBefore,
                end: new.notAfter
            )
            try Data(bytes).write(to: url)
            replaced = try PKCS12Bundle(bytes: bytes, pin: pin).certificate
        }
        let hostile = try #require(replaced)
        let plan = site.hurriedPlan.merging([
            "8.thumbprint": [String(hostile.sha1.prefix(8))], "8.expiry": [JapanTime.day(hostile.notAfter)],
        ]) { _, new in new }
        try await site.application().test(.router) { client in
            let page = PageClient(client: client, site: site)
            _ = try await page.post("/start", site.startFields(attended: true))
            let bodies = try await page.work(plan)
            #expect(bodies.last?.contains("全手順完了") == true)
            for body in bodies { #expect(!body.contains("<script>")) }
            let report = String(buffer: try await page.get("/report").body)
            // RFC 2253 puts a backslash before < and >; the page's escaping does the rest.
            #expect(report.contains(#"OU=\&lt;script\&gt;alert(2)\&lt;/script\&gt;"#), "the subject, escaped")
            #expect(!report.contains("<script>"))
        }
    }

    @Test("A sandbox job: software steps run by themselves; a stop shows its problems and a way forward")
    func sandboxJob() async throws {
        let site = try PageSite()
        try await site.application().test(.router) { client in
            let page = PageClient(client: client, site: site)
            _ = try await page.post("/start", site.startFields(attended: false))
            var bodies = try await page.work(site.hurriedPlan)
            // ③ stops: the readers are still plugged in. The person unplugs them, then runs again.
            let stopped = try #require(bodies.last)
            #expect(stopped.contains("この手順で止まりました。"))
            #expect(stopped.contains("CAORA-000101"))
            #expect(stopped.contains("action=\"/again\""))
            let readers = SandboxReaderBindingStore(layout: site.scenario.terminal.layout)
            for serial in site.scenario.readerSerials { try readers.setPluggedIn(serial, false) }
            let again = try await page.post("/again", [("csrf", site.keys.csrf)])
            #expect(again.status == .seeOther)
            bodies = try await page.work(site.hurriedPlan)
            // ⑫ binds readers that are plugged in again.
            #expect(bodies.last?.contains("この手順で止まりました。") == true)
            for serial in site.scenario.readerSerials { try readers.setPluggedIn(serial, true) }
            _ = try await page.post("/again", [("csrf", site.keys.csrf)])
            bodies = try await page.work(site.hurriedPlan)
            #expect(bodies.last?.contains("全手順完了") == true)
            let english = String(buffer: try await page.get("/job?lang=en").body)
            #expect(english.contains("All steps done"))
            #expect(english.contains("<html lang=\"en\">"))
        }
    }

    @Test("Undo of an attended GUI step asks the person to undo it by hand, then reopens it")
    func undoByHand() async throws {
        let site = try PageSite()
        try await site.application().test(.router) { client in
            let page = PageClient(client: client, site: site)
            _ = try await page.post("/start", site.startFields(attended: true))
            _ = try await page.work(site.hurriedPlan, until: "4.certificates")
            let asked = try await page.post("/undo", [("csrf", site.keys.csrf), ("step", "3")])
            #expect(asked.headers[.location] == "/job#step-3")
            let notice = String(buffer: try await page.get("/job").body)
            #expect(notice.contains("作業者が画面で元に戻します"), "the way back by hand")
            #expect(notice.contains("name=\"doneByHand\" value=\"yes\""))
            #expect(PageClient.questionID(notice) == "4.certificates", "nothing reopened yet")
            _ = try await page.post("/undo", [("csrf", site.keys.csrf), ("step", "3"), ("doneByHand", "yes")])
            #expect(PageClient.questionID(String(buffer: try await page.get("/job").body)) == "3.readers")
            let forged = try await page.post("/undo", [("csrf", "0"), ("step", "2")])
            #expect(forged.status == .forbidden)
        }
    }

    @Test("A folder with no job is locked while the page serves it: job init elsewhere is refused, nothing created")
    func folderLockedBeforeTheJob() async throws {
        let site = try PageSite()
        let work = site.folder.appendingPathComponent("attended").path
        try FileManager.default.createDirectory(atPath: work, withIntermediateDirectories: true)
        let job = try GuidedJob(root: FilePath(work))
        #expect(!FileManager.default.fileExists(atPath: work + "/.succession"), "nothing created by serving")
        // `job init --attended` in another shell, while the page serves the folder: refused, and
        // nothing is created in the working folder.
        let request = JobStartRequest(
            oldCode: site.scenario.oldCode.digits,
            newCode: site.scenario.newCode.digits,
            notice: .notice(site.scenario.notice),
            backend: .attended,
            downloads: site.scenario.terminal.layout.path(.downloads)
        )
        #expect(throws: SuccessionError(.jobLocked)) { _ = try JobSession.start(request, at: FilePath(work)) }
        #expect(try FileManager.default.contentsOfDirectory(atPath: work).isEmpty)
        #expect(await !job.hasJob)
    }

    @Test("A finished step can be done over from the page; the steps after it reopen")
    func redoFromPage() async throws {
        let site = try PageSite()
        try await site.application().test(.router) { client in
            let page = PageClient(client: client, site: site)
            _ = try await page.post("/start", site.startFields(attended: true))
            _ = try await page.post("/answer", [("csrf", site.keys.csrf), ("q", "2.done"), ("answer", "yes")])
            #expect(PageClient.questionID(String(buffer: try await page.get("/job").body)) == "3.readers")
            let redo = try await page.post("/redo", [("csrf", site.keys.csrf), ("step", "2")])
            #expect(redo.status == .seeOther)
            #expect(PageClient.questionID(String(buffer: try await page.get("/job").body)) == "2.done")
            let forged = try await page.post("/redo", [("csrf", "x"), ("step", "2")])
            #expect(forged.status == .forbidden)
        }
    }

    @Test("21: the start form refuses a pasted JSON notice with 発行先 twice (old, then new); nothing is created")
    func startRefusesDuplicateKey() async throws {
        let site = try PageSite()
        var object: [String] = []
        for line in site.scenario.noticeText.split(separator: "\n") {
            let cells = line.split(separator: "\t", maxSplits: 1)
            guard cells.count == 2 else { continue }
            if cells[0] == "発行先" { object.append(#""発行先": "0110113719""#) }
            object.append("\"\(cells[0])\": \"\(cells[1])\"")
        }
        let json = "{" + object.joined(separator: ", ") + "}"
        try await site.application().test(.router) { client in
            let page = PageClient(client: client, site: site)
            let refused = try await page.post("/start", site.startFields(attended: false, notice: json))
            #expect(refused.status == .unprocessableContent)
            let body = String(buffer: refused.body)
            #expect(body.contains("開始できません。何も作成していません。"))
            #expect(body.contains("2回あります"), "the repeated key is named")
            #expect(!FileManager.default.fileExists(atPath: site.journalPath))
        }
    }
}
