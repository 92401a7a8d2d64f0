import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import NIOCore
import SuccessionKit
import SuccessionKitSandbox
import SuccessionWeb
import Testing

#if canImport(Glibc)
import Glibc
#endif

/// The page's connections and requests: idle connections closed, a bounded number open at once,
/// a body too large answered 413, `HEAD` answered as `GET` without its body.
@Suite("The page's connections: idle time, limits, body size, HEAD")
struct PageConnectionTests {
    @Test("14: connections that send nothing are closed after the idle time; the page still answers")
    func idleConnectionsClosed() async throws {
        let site = try PageSite()
        let endpoint = PageEndpoint.privateLoopback()
        let address = endpoint.bind
        let token = site.keys.token
        let limits = PageLimits(idleTimeout: .seconds(1), connections: 64)
        try await serving(site, endpoint: endpoint, limits: limits) { port in
            let (closed, page) = try await offPool {
                // Silent, and one that stops half-way through its request head.
                var sockets = try (0..<20).map { _ in try RawSocket.open(address: address, port: port) }
                let partial = try RawSocket.open(address: address, port: port)
                RawSocket.send(partial, "GET / HTTP/1.1\r\nHost: ")
                sockets.append(partial)
                let closed = sockets.map { socket in
                    defer { close(socket) }
                    return RawSocket.waitForClose(socket)
                }
                let page = try RawSocket.exchange(
                    address: address,
                    port: port,
                    "GET / HTTP/1.1\r\nHost: \(address):\(port)\r\nCookie: succession-token=\(token)\r\n"
                        + "Connection: close\r\n\r\n"
                )
                return (closed, page)
            }
            #expect(closed == Array(repeating: true, count: 21), "each closed by the server, not left open")
            #expect(page.status == 200)
        }
    }

    @Test(
        "14: past the connection limit the longest idle connection is closed: a flood cannot keep the page from answering"
    )
    func connectionLimit() async throws {
        let site = try PageSite()
        let endpoint = PageEndpoint.privateLoopback()
        let address = endpoint.bind
        let token = site.keys.token
        // An idle time far longer than the test: only the limit closes connections here.
        let limits = PageLimits(idleTimeout: .seconds(600), connections: 4)
        try await serving(site, endpoint: endpoint, limits: limits) { port in
            let (keptFour, pages, oneMore) = try await offPool {
                let sockets = try (0..<12).map { _ in try RawSocket.open(address: address, port: port) }
                defer { for socket in sockets { close(socket) } }
                let keptFour = RawSocket.waitUntil { sockets.filter(RawSocket.isClosed).count >= 8 }
                let pages = try (0..<3).map { _ in
                    try RawSocket.exchange(
                        address: address,
                        port: port,
                        "GET / HTTP/1.1\r\nHost: \(address):\(port)\r\nCookie: succession-token=\(token)\r\n"
                            + "Connection: close\r\n\r\n"
                    ).status
                }
                let oneMore = RawSocket.waitUntil { sockets.filter(RawSocket.isClosed).count >= 9 }
                return (keptFour, pages, oneMore)
            }
            #expect(keptFour, "12 opened, 4 kept")
            #expect(pages == [200, 200, 200], "a real request is answered, the flood notwithstanding")
            #expect(oneMore, "each new one closes an idle one")
        }
    }

    @Test("14: the default limits: 30 s, and connections well under the descriptor limit")
    func defaultLimits() {
        let limits = PageLimits.standard
        #expect(limits.idleTimeout == .seconds(30))
        var descriptors = rlimit()
        _ = getrlimit(Int32(RLIMIT_NOFILE.rawValue), &descriptors)
        #expect(limits.connections >= 4 && limits.connections <= 64)
        #expect(UInt64(limits.connections) * 2 < UInt64(descriptors.rlim_cur))
    }

    @Test("24: a post body over 256 KiB is answered 413, not 500")
    func oversizedPost() async throws {
        let site = try PageSite()
        try await site.application().test(.router) { client in
            let page = PageClient(client: client, site: site)
            _ = try await page.post("/start", site.startFields(attended: false))
            let filler = String(repeating: "x", count: 300 * 1024)
            for path in ["/answer", "/redo", "/undo", "/again"] {
                let response = try await page.post(
                    path,
                    [("csrf", site.keys.csrf), ("q", "2.done"), ("answer", filler)]
                )
                #expect(response.status == .contentTooLarge, "\(path)")
            }
            #expect(try await page.get("/job").status == .ok, "the page goes on")
        }
    }

    @Test("24: HEAD answers as GET does, without the body", arguments: ["/", "/job", "/report", "/style.css"])
    func head(_ path: String) async throws {
        let site = try PageSite()
        try await site.application().test(.router) { client in
            let page = PageClient(client: client, site: site)
            _ = try await page.post("/start", site.startFields(attended: false))
            let get = try await page.get(path)
            let head = try await client.execute(uri: path, method: .head, headers: [.cookie: page.cookie])
            #expect(head.status == get.status, "\(path)")
            #expect(head.headers[.contentType] == get.headers[.contentType])
            #expect(head.headers[.contentSecurityPolicy] == get.headers[.contentSecurityPolicy])
            #expect(head.body.readableBytes == 0)
            if get.body.readableBytes > 0 {
                #expect(head.headers[.contentLength] == String(get.body.readableBytes), "the length GET would send")
            }
            let withoutToken = try await client.execute(uri: path, method: .head)
            #expect(withoutToken.status == .forbidden)
        }
    }
}
