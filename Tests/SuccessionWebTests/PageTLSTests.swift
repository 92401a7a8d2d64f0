import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import NIOCore
import NIOSSL
import SuccessionKit
import SuccessionWeb
import Testing

/// Off loopback the page is served over TLS only, with a certificate made at start: its names,
/// its short life, its fingerprint as printed, the Host check and the Secure cookie.
@Suite("Off loopback the guided page is served over TLS only")
struct PageTLSTests {
    /// `openssl` reading `der` with `arguments` (`x509 -inform der …`): an independent reader.
    static func openssl(_ arguments: [String], der: [UInt8]) throws -> String {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["openssl"] + arguments
        let input = Pipe()
        let output = Pipe()
        process.standardInput = input
        process.standardOutput = output
        try process.run()
        input.fileHandleForWriting.write(Data(der))
        try input.fileHandleForWriting.close()
        let text = String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        return text
    }

    @Test("The certificate: the names served in subjectAltName, a day's validity, a server certificate, no CA")
    func certificate() throws {
        let now = Date()
        let endpoint = try PageEndpoint.tls(bind: "127.0.0.1", names: ["127.0.0.1", "localhost", "fd00::5"], now: now)
        let identity = try #require(endpoint.identity)
        #expect(endpoint.scheme == "https")
        let text = try Self.openssl(["x509", "-inform", "der", "-noout", "-text"], der: identity.der)
        #expect(text.contains("DNS:localhost"))
        #expect(text.contains("IP Address:127.0.0.1"))
        #expect(text.contains("IP Address:FD00:0:0:0:0:0:0:5"), "\(text)")
        #expect(text.contains("CA:FALSE"))
        #expect(text.contains("TLS Web Server Authentication"))
        #expect(text.contains("prime256v1") || text.contains("P-256"), "an EC P-256 key")
        #expect(!text.contains("PRIVATE KEY"))
        let parsed = try NIOSSLCertificate(bytes: identity.der, format: .der)
        let notBefore = Date(timeIntervalSince1970: TimeInterval(parsed.notValidBefore))
        let notAfter = Date(timeIntervalSince1970: TimeInterval(parsed.notValidAfter))
        #expect(notBefore <= now && notBefore > now.addingTimeInterval(-2 * 3600), "valid from a little before now")
        #expect(notAfter > now.addingTimeInterval(23 * 3600) && notAfter <= now.addingTimeInterval(24 * 3600 + 1))
        #expect(identity.notAfter.timeIntervalSince1970.rounded() == TimeInterval(parsed.notValidAfter))
    }

    @Test("The fingerprint printed is the SHA-256 of the certificate's DER, as browsers show it")
    func fingerprint() throws {
        let identity = try #require(try PageEndpoint.tls(bind: "127.0.0.1", names: ["127.0.0.1"]).identity)
        #expect(identity.fingerprint.wholeMatch(of: /([0-9A-F]{2}:){31}[0-9A-F]{2}/) != nil, "\(identity.fingerprint)")
        let openssl = try Self.openssl(
            ["x509", "-inform", "der", "-noout", "-fingerprint", "-sha256"],
            der: identity.der
        )
        #expect(
            openssl.trimmingCharacters(in: .whitespacesAndNewlines).hasSuffix("=" + identity.fingerprint),
            "\(openssl)"
        )
        let other = try #require(try PageEndpoint.tls(bind: "127.0.0.1", names: ["127.0.0.1"]).identity)
        #expect(other.fingerprint != identity.fingerprint, "a new key and certificate at every start")
    }

    @Test(
        "--listen: loopback stays plain HTTP; another address is TLS; http:// off loopback and non-addresses are refused"
    )
    func listenAddresses() throws {
        for loopback in ["127.0.0.1", "localhost", "LOCALHOST", "127.0.0.2", "::1", "[::1]"] {
            let endpoint = try PageEndpoint.listening(on: loopback)
            #expect(endpoint.identity == nil, "\(loopback)")
            #expect(endpoint.scheme == "http")
        }
        #expect(try PageEndpoint.listening(on: "127.0.0.1").names == ["127.0.0.1", "localhost"])
        #expect(try PageEndpoint.listening(on: "::1").names == ["[::1]"])
        #expect(try PageEndpoint.listening(on: "https://127.0.0.1").identity != nil, "TLS when asked, on loopback too")

        let lan = try PageEndpoint.listening(on: "192.0.2.10")
        #expect(lan.identity != nil)
        #expect(lan.names == ["192.0.2.10"])
        #expect(lan.url(port: 8443, token: "abc") == "https://192.0.2.10:8443/?t=abc")
        let text = try Self.openssl(
            ["x509", "-inform", "der", "-noout", "-ext", "subjectAltName"],
            der: lan.identity!.der
        )
        #expect(text.contains("IP Address:192.0.2.10"))
        let named = try PageEndpoint.listening(on: "Terminal-PC.local")
        #expect(named.names == ["terminal-pc.local"])
        #expect(try PageEndpoint.listening(on: "fd00::5").url(port: 1, token: "t") == "https://[fd00::5]:1/?t=t")

        let any = try PageEndpoint.listening(on: "0.0.0.0")
        #expect(any.bind == "0.0.0.0")
        #expect(any.identity != nil)
        #expect(
            any.names.contains { $0.hasPrefix("127.") },
            "a browser on this machine too, by a loopback address of its own"
        )
        #expect(!any.shown.isEmpty)

        for (text, plain) in [
            ("http://0.0.0.0", true), ("http://192.0.2.10/", true), ("0.0.0.0:8080", false), ("<script>", false),
            ("", false), ("a b", false),
        ] {
            #expect(throws: ListenRefusal.self, "\(text)") { try PageEndpoint.listening(on: text) }
            do {
                _ = try PageEndpoint.listening(on: text)
            } catch {
                switch error {
                case .plainOffLoopback: #expect(plain, "\(text)")
                case .notAnAddress: #expect(!plain, "\(text)")
                case .certificate, .shortForm: Issue.record("\(text)")
                }
            }
        }
    }

    @Test("The Host check accepts the address served, with its port (alone on 443), and nothing else")
    func hostsOfAnAddress() {
        let hosts = AllowedHosts()
        hosts.serve(port: 8443, names: ["192.0.2.10", "[fd00::5]", "terminal-pc"], defaultPort: 443)
        #expect(hosts.allows("192.0.2.10:8443") && hosts.allows("[FD00::5]:8443") && hosts.allows("Terminal-PC:8443"))
        for refused in ["192.0.2.10", "192.0.2.10:8080", "127.0.0.1:8443", "localhost:8443", "evil.example:8443", ""] {
            #expect(!hosts.allows(refused), "\(refused)")
        }
        hosts.serve(port: 443, names: ["192.0.2.10"], defaultPort: 443)
        #expect(hosts.allows("192.0.2.10") && hosts.allows("192.0.2.10:443"))
        hosts.serve(port: 8080)
        #expect(hosts.allows("127.0.0.1:8080") && hosts.allows("localhost:8080") && !hosts.allows("127.0.0.1"))
    }

    @Test(
        "Over TLS on a real socket: the certificate verifies for its names, the cookie is Secure, the Host is checked, plain HTTP is refused"
    )
    func servedOverTLS() async throws {
        let site = try PageSite()
        let endpoint = try PageEndpoint.tls(bind: "127.0.0.1", names: ["127.0.0.1", "localhost"])
        let identity = try #require(endpoint.identity)
        let app = guidedPageApplication(
            job: site.job,
            keys: site.keys,
            endpoint: endpoint,
            port: 0,
            language: .japanese
        ) {
            _ in
        }
        try await app.test(.live) { live in
            let port = try #require(live.port)
            var tls = TLSConfiguration.makeClientConfiguration()
            tls.trustRoots = .certificates([try NIOSSLCertificate(bytes: identity.der, format: .der)])
            tls.certificateVerification = .fullVerification
            let client = TestClient(
                host: "127.0.0.1",
                port: port,
                configuration: .init(tlsConfiguration: tls, serverName: "localhost")
            )
            client.connect()
            func get(_ path: String, host: String, cookie: Bool = true) async throws -> TestClient.Response {
                var headers: HTTPFields = [:]
                if cookie { headers[.cookie] = "succession-token=\(site.keys.token)" }
                return try await client.execute(
                    TestClient.Request(path, method: .get, authority: host, headers: headers)
                )
            }
            let first = try await get("/?t=\(site.keys.token)", host: "127.0.0.1:\(port)", cookie: false)
            #expect(first.status == .seeOther)
            let cookie = try #require(first.headers[.setCookie])
            #expect(cookie.contains("Secure") && cookie.contains("HttpOnly") && cookie.contains("SameSite=Strict"))
            let start = try await get("/", host: "127.0.0.1:\(port)")
            #expect(start.status == .ok)
            #expect(String(buffer: start.body ?? ByteBuffer()).contains("承継工事を始める"))
            let english = try await get("/?lang=en", host: "localhost:\(port)")
            #expect(english.headers[.setCookie]?.contains("Secure") == true, "the language cookie too")
            #expect(try await get("/", host: "evil.example:\(port)").status.code == 421)
            try await client.shutdown()

            // A browser that speaks plain HTTP to the TLS port is told so; nothing of the page.
            #expect(
                try RawHTTP.status(port: port, host: "127.0.0.1:\(port)", cookie: "succession-token=\(site.keys.token)")
                    == 400
            )
            let refusal = try RawHTTP.response(port: port, host: "127.0.0.1:\(port)")
            #expect(refusal.contains("https://") && !refusal.contains("承継工事を始める"))

            // A client that does not trust this certificate gets no page.
            let untrusting = TestClient(
                host: "127.0.0.1",
                port: port,
                configuration: .init(tlsConfiguration: .makeClientConfiguration(), serverName: "localhost")
            )
            untrusting.connect()
            await #expect(throws: (any Error).self) {
                _ = try await untrusting.execute(TestClient.Request("/", method: .get, authority: "localhost:\(port)"))
            }
            try? await untrusting.shutdown()
        }
    }

    @Test("24: --listen 0 (and other short forms) is refused, naming the address in full; 0.0.0.0 itself is taken")
    func listenShortForms() throws {
        for (text, meaning) in [
            ("0", "0.0.0.0"), ("127.1", "127.0.0.1"), ("10.1.2", "10.1.0.2"), ("0x7f.1", "127.0.0.1"),
        ] {
            do {
                _ = try PageEndpoint.listening(on: text)
                Issue.record("\(text) was taken")
            } catch {
                guard case .shortForm(let typed, let read) = error else {
                    Issue.record("\(text): \(error)")
                    continue
                }
                #expect(typed == text && read == meaning)
            }
        }
        #expect(try PageEndpoint.listening(on: "0.0.0.0").bind == "0.0.0.0")
        #expect(try PageEndpoint.listening(on: "terminal-pc").names == ["terminal-pc"], "a host name is no short form")
    }
}
