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

/// Who may use the page: the token printed at start (then a cookie), the Host served, a CSRF
/// token in every post, and the headers that keep other sites and the browser out.
@Suite("The guided page answers only its own browser")
struct PageSecurityTests {
    @Test("Without the token every page is 403, a wrong token too")
    func tokenRequired() async throws {
        let site = try PageSite()
        try await site.application().test(.router) { client in
            let page = PageClient(client: client, site: site)
            for path in ["/", "/job", "/report", "/style.css", "/?t=wrong", "/?t="] {
                let response = try await page.get(path, cookie: false)
                #expect(response.status == .forbidden, "\(path)")
            }
            let wrongCookie = try await client.execute(
                uri: "/job",
                method: .get,
                headers: [.cookie: "succession-token=00000000000000000000000000000000"]
            )
            #expect(wrongCookie.status == .forbidden)
            let post = try await page.post("/answer", [("csrf", site.keys.csrf), ("q", "2.done")], cookie: false)
            #expect(post.status == .forbidden)
        }
    }

    @Test("The first visit with ?t= sets an HttpOnly SameSite=Strict cookie and drops the token from the URL")
    func cookieAfterFirstVisit() async throws {
        let site = try PageSite()
        try await site.application().test(.router) { client in
            let first = try await client.execute(uri: "/?t=\(site.keys.token)", method: .get)
            #expect(first.status == .seeOther)
            #expect(first.headers[.location] == "/")
            let cookie = try #require(first.headers[.setCookie])
            #expect(cookie.contains("succession-token=\(site.keys.token)"))
            #expect(cookie.contains("HttpOnly"))
            #expect(cookie.contains("SameSite=Strict"))
            let next = try await PageClient(client: client, site: site).get("/")
            #expect(next.status == .ok)
            #expect(String(buffer: next.body).contains("承継工事を始める"))
        }
    }

    @Test("A Host other than the address served is refused (DNS rebinding), on a real socket")
    func wrongHostRefused() async throws {
        let site = try PageSite()
        let hosts = AllowedHosts()
        let app = Application(
            router: guidedPageRouter(job: site.job, keys: site.keys, hosts: hosts),
            configuration: ApplicationConfiguration(address: .hostname("127.0.0.1", port: 0))
        )
        try await app.test(.live) { client in
            let port = try #require(client.port)
            hosts.serve(port: port)
            let cookie = "succession-token=\(site.keys.token)"
            for host in ["evil.example:\(port)", "127.0.0.1:1", "attacker.localhost:\(port)", "127.0.0.1", ""] {
                #expect(try RawHTTP.status(port: port, host: host, cookie: cookie) == 421, "Host: \(host)")
            }
            for host in ["127.0.0.1:\(port)", "localhost:\(port)"] {
                #expect(try RawHTTP.status(port: port, host: host, cookie: cookie) == 200, "Host: \(host)")
            }
        }
    }

    @Test("Every response has the CSP, nosniff and no-referrer headers, and no CORS header")
    func securityHeaders() async throws {
        let site = try PageSite()
        try await site.application().test(.router) { client in
            let page = PageClient(client: client, site: site)
            for response in [
                try await page.get("/"), try await page.get("/style.css"), try await page.get("/x", cookie: false),
            ] {
                #expect(response.headers[.contentSecurityPolicy]?.hasPrefix("default-src 'self'") == true)
                #expect(response.headers[try #require(HTTPField.Name("X-Content-Type-Options"))] == "nosniff")
                #expect(response.headers[try #require(HTTPField.Name("Referrer-Policy"))] == "no-referrer")
                #expect(response.headers[.accessControlAllowOrigin] == nil)
            }
            let css = try await page.get("/style.css")
            #expect(css.headers[.contentType]?.hasPrefix("text/css") == true)
            #expect(!String(buffer: css.body).contains("@import"), "no web font, no CDN")
            #expect(!String(buffer: css.body).contains("url("))
        }
    }

    @Test("A post without the page's CSRF token is refused and changes nothing")
    func csrfRefused() async throws {
        let site = try PageSite()
        try await site.application().test(.router) { client in
            let page = PageClient(client: client, site: site)
            var fields = site.startFields(attended: false)
            fields[0] = ("csrf", "0000")
            let forged = try await page.post("/start", fields)
            #expect(forged.status == .forbidden)
            let missing = try await page.post("/start", Array(fields.dropFirst()))
            #expect(missing.status == .forbidden)
            #expect(!FileManager.default.fileExists(atPath: site.journalPath), "nothing created")
        }
    }

    @Test("While the page serves, the job's lock is held: a second store on the folder is refused")
    func lockHeld() async throws {
        let site = try PageSite()
        try await site.application().test(.router) { client in
            let page = PageClient(client: client, site: site)
            let created = try await page.post("/start", site.startFields(attended: false))
            #expect(created.status == .seeOther)
            #expect(throws: SuccessionError(.jobLocked)) {
                _ = try JobStore(layout: TerminalLayout(root: FilePath(site.root)))
            }
            // Reading takes no lock (`job status` works meanwhile).
            #expect(JobStore(readingAt: TerminalLayout(root: FilePath(site.root))).exists)
        }
    }
}
