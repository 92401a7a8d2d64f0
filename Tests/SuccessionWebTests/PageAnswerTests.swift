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

/// What a person sends from the page's forms, and what the page says back: a form sent twice is
/// not typed twice, and a refused secret is told without any of its characters.
@Suite("Answers at the guided page")
struct PageAnswerTests {
    /// The attempt the page's question form carries (its hidden `attempt` field).
    static func attempt(_ body: String) -> String? {
        guard let range = body.range(of: #"name="attempt" value="[0-9]+""#, options: .regularExpression) else {
            return nil
        }
        return body[range].split(separator: "\"").last.map(String.init)
    }

    @Test("15: the same typo sent twice with one attempt (a double submit) is not a retype: ⑧ asks again, never fails")
    func doubleSubmitIsNotARetype() async throws {
        let site = try PageSite()
        let new = site.scenario.newCertificate
        var digits = Array(new.sha1.prefix(8))
        digits[0] = digits[0] == "0" ? "1" : "0"
        let wrong = String(digits)
        try await site.application().test(.router) { client in
            let page = PageClient(client: client, site: site)
            _ = try await page.post("/start", site.startFields(attended: true))
            _ = try await page.work(site.hurriedPlan, until: "8.thumbprint")
            let asked = String(buffer: try await page.get("/job").body)
            #expect(PageClient.questionID(asked) == "8.thumbprint")
            let attempt = try #require(Self.attempt(asked))
            let form = [("csrf", site.keys.csrf), ("q", "8.thumbprint"), ("attempt", attempt), ("answer", wrong)]
            let first = try await page.post("/answer", form)
            let second = try await page.post("/answer", form)
            #expect(first.headers[.location] == "/job#problem", "the typo is refused beside its field")
            #expect(second.headers[.location] == "/job#current", "the same form again is outdated, not a retype")
            let again = String(buffer: try await page.get("/job").body)
            #expect(PageClient.questionID(again) == "8.thumbprint", "⑧ asks again")
            #expect(again.contains("一致しません"), "saying the typo did not match")
            #expect(Self.attempt(again) != attempt, "a new asking carries a new attempt")
            let job = try JobSession.read(at: FilePath(site.root))
            #expect(job.state(of: .step8) != .failed, "the typo was never recorded as what the screen shows")
            #expect(!((try? String(contentsOfFile: site.journalPath, encoding: .utf8)) ?? "").contains(wrong))
            var plan = site.hurriedPlan
            plan["8.thumbprint"] = [Thumbprint.display(new.sha1, digits: 8)]
            let bodies = try await page.work(plan)
            #expect(bodies.last?.contains("全手順完了") == true)
        }
    }

    @Test("10: a refused face-auth password is told on the page by its position and kind, never by its character")
    func refusedPasswordCharacterNeverShown() async throws {
        let site = try PageSite()
        var typed = site.hurriedPlan
        typed["12.password"] = ["Face#Ｓecret26", "Face#Secret2026"]
        let plan = typed
        try await site.application().test(.router) { client in
            let page = PageClient(client: client, site: site)
            _ = try await page.post("/start", site.startFields(attended: true))
            let bodies = try await page.work(plan)
            #expect(bodies.last?.contains("全手順完了") == true)
            let all = bodies.joined()
            #expect(all.contains("6文字目が全角の英数字・記号"), "the position and the kind are said")
            let journal = try String(contentsOfFile: site.journalPath, encoding: .utf8)
            let report = String(buffer: try await page.get("/report").body)
            for derived in ["Ｓ", "U+FF33", "Face#Ｓecret26"] {
                #expect(!all.contains(derived) && !journal.contains(derived) && !report.contains(derived), "\(derived)")
            }
        }
    }

    @Test("2: the page takes the PIN with a space around it as the PIN: never 'wrong', never a re-issue")
    func pinWithSpace() async throws {
        let site = try PageSite()
        var typed = site.hurriedPlan
        typed["6.pin"] = ["1357 "]
        let plan = typed
        try await site.application().test(.router) { client in
            let page = PageClient(client: client, site: site)
            _ = try await page.post("/start", site.startFields(attended: true))
            let bodies = try await page.work(plan, until: "7.installed")
            #expect(PageClient.questionID(try #require(bodies.last)) == "7.installed")
            #expect(!bodies.joined().contains("開ける .p12 がありません"))
            #expect(try JobSession.read(at: FilePath(site.root)).state(of: .step6) == .done)
        }
    }

    @Test("9: a refused choice says 「…と答えて」, never 「入力」; the page opens at the refusal; ⑥ speaks no CLI option")
    func pageWords() async throws {
        let site = try PageSite()
        var typed = site.hurriedPlan
        typed["4.removed"] = ["no", "yes"]
        let plan = typed
        try await site.application().test(.router) { client in
            let page = PageClient(client: client, site: site)
            _ = try await page.post("/start", site.startFields(attended: true))
            let bodies = try await page.work(plan, until: "4.removed.0110113719")
            #expect(PageClient.questionID(try #require(bodies.last)) == "4.removed.0110113719")
            let refused = try await page.post(
                "/answer",
                [("csrf", site.keys.csrf), ("q", "4.removed.0110113719"), ("answer", "no")]
            )
            #expect(refused.headers[.location] == "/job#problem", "the page opens at the refusal")
            let body = String(buffer: try await page.get("/job").body)
            #expect(body.contains(#"id="problem""#) && body.contains("と答えてください"), "\(body)")
            #expect(!body.contains("と入力してください"))
            let six = try await page.work(plan, until: "6.pin")
            let pages = six.joined()
            for option in ["--downloads", "--backup-folder", "--terminal"] {
                #expect(!pages.contains(option), "the page speaks no CLI option: \(option)")
            }
        }
    }

    @Test("9: a PIN taken, then refused when ⑥ runs (no file opens with it), opens the page at the refusal")
    func wrongPINOpensAtRefusal() async throws {
        let site = try PageSite()
        try await site.application().test(.router) { client in
            let page = PageClient(client: client, site: site)
            _ = try await page.post("/start", site.startFields(attended: true))
            _ = try await page.work(site.hurriedPlan, until: "6.pin")
            let sent = try await page.post(
                "/answer",
                [("csrf", site.keys.csrf), ("q", "6.pin"), ("answer", "Kanri#Henkou2026")]
            )
            #expect(sent.headers[.location] == "/job#problem", "on a phone the refusal is in view after 送信")
            let body = String(buffer: try await page.get("/job").body)
            #expect(PageClient.questionID(body) == "6.pin" && body.contains(#"id="problem""#))
            #expect(body.contains("cert recover-pin") && !body.contains("Kanri#Henkou2026"))
        }
    }
}
