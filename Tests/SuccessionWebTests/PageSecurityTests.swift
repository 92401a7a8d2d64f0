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

    @Test("13: the page is served on a loopback address of its own (127.X.Y.Z, X ≠ 0), never 127.0.0.1 or localhost")
    func loopbackOfItsOwn() throws {
        let endpoint = PageEndpoint.privateLoopback()
        let parts = endpoint.bind.split(separator: ".").compactMap { Int($0) }
        #expect(parts.count == 4 && parts[0] == 127 && parts[1] != 0, "\(endpoint.bind)")
        #expect(endpoint.names == [endpoint.bind] && endpoint.shown == [endpoint.bind], "no 127.0.0.1, no localhost")
        #expect(endpoint.identity == nil && endpoint.scheme == "http")
        #expect(endpoint.url(port: 8080, token: "t") == "http://\(endpoint.bind):8080/?t=t")
        let others = Set((0..<8).map { _ in PageEndpoint.privateLoopback().bind })
        #expect(others.count > 1, "drawn anew at each start")
        #expect(try PageEndpoint.listening(on: "localhost").bind.hasPrefix("127."))
        #expect(try PageEndpoint.listening(on: "localhost").bind != "127.0.0.1")

        // A wildcard is reached from this machine by an address of its own as well.
        let any = try PageEndpoint.listening(on: "0.0.0.0")
        #expect(!any.names.contains("127.0.0.1") && !any.names.contains("localhost"))
        let own = try #require(any.shown.last)
        #expect(own.hasPrefix("127.") && own != "127.0.0.1" && any.names.contains(own))
    }

    @Test("13: the token's cookie is for the page's own address only (no Domain): 127.0.0.1 neither serves nor gets it")
    func cookieScopedToItsOwnHost() async throws {
        let site = try PageSite()
        let endpoint = PageEndpoint.privateLoopback()
        let address = endpoint.bind
        let token = site.keys.token
        try await serving(site, endpoint: endpoint) { port in
            let (first, page, wrongHost, onSharedLoopback) = try await offPool {
                let first = try RawSocket.exchange(
                    address: address,
                    port: port,
                    "GET /?t=\(token) HTTP/1.1\r\nHost: \(address):\(port)\r\nConnection: close\r\n\r\n"
                )
                let page = try RawSocket.exchange(
                    address: address,
                    port: port,
                    "GET / HTTP/1.1\r\nHost: \(address):\(port)\r\nCookie: succession-token=\(token)\r\n"
                        + "Connection: close\r\n\r\n"
                )
                let wrongHost = try RawSocket.exchange(
                    address: address,
                    port: port,
                    "GET /?t=\(token) HTTP/1.1\r\nHost: 127.0.0.1:\(port)\r\nConnection: close\r\n\r\n"
                )
                let refused: Bool
                do {
                    try RawSocket.exchange(address: "127.0.0.1", port: port, "GET / HTTP/1.1\r\n\r\n")
                    refused = false
                } catch {
                    refused = error as? RawSocket.Failure == .refused
                }
                return (first, page, wrongHost, refused)
            }
            #expect(first.status == 303)
            let cookie = try #require(first.header("Set-Cookie"))
            #expect(cookie.hasPrefix("succession-token=\(token)"))
            #expect(!cookie.lowercased().contains("domain="), "host-only: the browser keeps it for \(address) alone")
            #expect(page.status == 200)
            // The browser's cookie for 127.0.0.1 (which every local service receives) is never
            // set: nothing of the page answers there, and 127.0.0.1 as the Host is refused.
            #expect(onSharedLoopback, "connection refused on 127.0.0.1")
            #expect(wrongHost.status == 421)
            #expect(wrongHost.header("Set-Cookie") == nil)
        }
    }
}
