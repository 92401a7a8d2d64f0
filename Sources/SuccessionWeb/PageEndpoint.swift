public import Foundation
public import SuccessionKit
import NIOSSL

#if canImport(Glibc)
import Glibc
#endif

/// Where the guided page listens and how a browser reaches it: plain HTTP on loopback, TLS with
/// a certificate made at start everywhere else (no secret crosses a network in clear).
public struct PageEndpoint: Sendable {
    /// The address the socket binds to (an address, a wildcard, or a host name to resolve).
    public let bind: String
    /// The names a browser may reach the page by, as a Host header carries them without the
    /// port (lower case; IPv6 in brackets). Any other Host is refused (DNS rebinding).
    public let names: [String]
    /// The names printed as the page's address, the first one first: the addresses a person on
    /// another device can type (a wildcard's loopback names are left out unless there is no other).
    public let shown: [String]
    /// The certificate when served over TLS; `nil` for plain HTTP (loopback only).
    public let identity: PageIdentity?

    /// `http` or `https`.
    public var scheme: String { identity == nil ? "http" : "https" }

    /// The page's address on `port` with the access token, by `name` (default: the first shown).
    public func url(port: Int, token: String, name: String? = nil) -> String {
        "\(scheme)://\(name ?? shown.first ?? "127.0.0.1"):\(port)/?t=\(token)"
    }

    /// Plain HTTP on 127.0.0.1, the loopback address every local service shares: a browser's
    /// cookie for it (the page's token) goes to all of them, whatever their port. `serve` uses
    /// it only when asked by name (`--listen 127.0.0.1`); see ``privateLoopback()``.
    public static let loopback = PageEndpoint(
        bind: "127.0.0.1",
        names: ["127.0.0.1", "localhost"],
        shown: ["127.0.0.1"],
        identity: nil
    )

    /// Plain HTTP on a loopback address of the page's own, `127.X.Y.Z` drawn at random at each
    /// start (Linux routes all of 127.0.0.0/8 to the loopback interface). Cookies are per host,
    /// not per port: a cookie for 127.0.0.1 reaches every local service, one for this address
    /// reaches only a service that listens on every address *and* is asked for by this address,
    /// which nothing but the printed URL names. X is never 0 (127.0.0.x holds the system's own
    /// resolvers). Elsewhere than Linux, where 127.0.0.1 alone is configured: ``loopback``.
    public static func privateLoopback() -> PageEndpoint {
        #if os(Linux)
        let address = randomLoopbackAddress()
        return PageEndpoint(bind: address, names: [address], shown: [address], identity: nil)
        #else
        return .loopback
        #endif
    }

    /// `127.X.Y.Z` with X in 1…254, Z in 1…254 (no network or broadcast-looking address).
    static func randomLoopbackAddress() -> String {
        var generator = SystemRandomNumberGenerator()
        let x = UInt8.random(in: 1...254, using: &generator)
        let y = UInt8.random(in: 0...255, using: &generator)
        let z = UInt8.random(in: 1...254, using: &generator)
        return "127.\(x).\(y).\(z)"
    }

    /// TLS on `bind`, reached by `names` (a test serves it on loopback), with a certificate
    /// made now for those names.
    /// - Throws: `cert.servingCertificateFailed` when the certificate cannot be made.
    public static func tls(bind: String, names: [String], now: Date = Date()) throws(SuccessionError) -> PageEndpoint {
        let hosts = names.map { $0.lowercased() }
        return PageEndpoint(
            bind: bind,
            names: hosts.map(Self.hostForm),
            shown: hosts.map(Self.hostForm),
            identity: try PageIdentity(names: hosts, now: now)
        )
    }

    /// The endpoint for `--listen TEXT`: an address (IPv4, IPv6), a host name, `0.0.0.0` or
    /// `::` (every address of this machine), optionally `https://` before it. Loopback
    /// (`127.0.0.0/8`, `::1`, `localhost`) is plain HTTP unless `https://` asks for TLS;
    /// `localhost` is ``privateLoopback()``, `127.0.0.1` itself is ``loopback`` (asked for by
    /// name). Anything else is TLS, and `http://` before it is refused. A wildcard is reached
    /// from this machine by a private loopback address (shown last), not by 127.0.0.1. A short
    /// form the system would read as another address (`0` for 0.0.0.0, `127.1`) is refused.
    public static func listening(on text: String, now: Date = Date()) throws(ListenRefusal) -> PageEndpoint {
        var address = text.trimmingCharacters(in: .whitespaces)
        var scheme: String?
        for prefix in ["http://", "https://"] where address.lowercased().hasPrefix(prefix) {
            scheme = String(prefix.dropLast(3))
            address = String(address.dropFirst(prefix.count))
        }
        if address.hasSuffix("/") { address.removeLast() }
        if address.hasPrefix("["), address.hasSuffix("]") { address = String(address.dropFirst().dropLast()) }
        address = address.lowercased()
        let isAddress = ServingCertificate.isAddress(address)
        guard isAddress || ServingCertificate.isHostName(address) else { throw .notAnAddress(text) }
        // `0`, `127.1`, `0x7f.1`: not a host name to the system but an address in the short
        // forms of inet_aton; a browser and the Host check would see the short form.
        if !isAddress, let meaning = Self.shortFormMeaning(address) { throw .shortForm(text, meaning: meaning) }
        let loopback = address == "localhost" || address == "::1" || (isAddress && address.hasPrefix("127."))
        if loopback && scheme != "https" {
            if address == "localhost" { return .privateLoopback() }
            if address == "127.0.0.1" { return .loopback }
            return PageEndpoint(bind: address, names: [hostForm(address)], shown: [hostForm(address)], identity: nil)
        }
        if !loopback && scheme == "http" { throw .plainOffLoopback(text) }
        var names: [String]
        var shown: [String]
        if address == "0.0.0.0" || address == "::" {
            // A wildcard is reached by every address of this machine (IPv4 only for 0.0.0.0)
            // and by its host name; from this machine by a loopback address of its own (not
            // 127.0.0.1 or localhost, whose cookies every local service receives).
            let addresses = Self.machineAddresses(includingIPv6: address == "::").filter { !Self.isLoopback($0) }
            let ownLoopback = Self.randomLoopbackAddress()
            shown = addresses
            names = addresses + [ownLoopback]
            if let host = Self.hostName(), ServingCertificate.isHostName(host), host.lowercased() != "localhost" {
                names.append(host.lowercased())
                shown.append(host.lowercased())
            }
            shown.append(ownLoopback)
        } else {
            names = [address]
            shown = [address]
        }
        let identity: PageIdentity
        do {
            identity = try PageIdentity(names: Array(Set(names)).sorted(), now: now)
        } catch {
            throw .certificate(error)
        }
        return PageEndpoint(
            bind: address,
            names: names.map(hostForm),
            shown: shown.map(hostForm),
            identity: identity
        )
    }

    /// The dotted address the system reads `text` as, when `text` is one of inet_aton's short
    /// forms (`0`, `127.1`, `10.1.2`, `0x7f.1`, `0177.0.0.1`) rather than a host name; `nil`
    /// for a host name or a dotted quad in full.
    static func shortFormMeaning(_ text: String) -> String? {
        var address = in_addr()
        guard inet_aton(text, &address) != 0 else { return nil }
        var buffer = [CChar](repeating: 0, count: Int(INET_ADDRSTRLEN))
        guard inet_ntop(AF_INET, &address, &buffer, socklen_t(buffer.count)) != nil else { return nil }
        let meaning = String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
        return meaning == text ? nil : meaning
    }

    /// A name as a Host header carries it: an IPv6 address in brackets.
    static func hostForm(_ name: String) -> String {
        name.contains(":") ? "[\(name)]" : name
    }

    static func isLoopback(_ address: String) -> Bool {
        address.hasPrefix("127.") || address == "::1"
    }

    /// The addresses of this machine's interfaces that are up: IPv4, and with `includingIPv6`
    /// the IPv6 ones a browser can name without a zone (link-local ones need `%eth0`).
    static func machineAddresses(includingIPv6: Bool) -> [String] {
        var list: UnsafeMutablePointer<ifaddrs>?
        guard getifaddrs(&list) == 0, let first = list else { return ["127.0.0.1"] }
        defer { freeifaddrs(list) }
        var addresses: [String] = []
        var cursor: UnsafeMutablePointer<ifaddrs>? = first
        while let entry = cursor {
            defer { cursor = entry.pointee.ifa_next }
            guard let socketAddress = entry.pointee.ifa_addr, (entry.pointee.ifa_flags & UInt32(IFF_UP)) != 0 else {
                continue
            }
            var text = [CChar](repeating: 0, count: Int(INET6_ADDRSTRLEN))
            switch Int32(socketAddress.pointee.sa_family) {
            case AF_INET:
                socketAddress.withMemoryRebound(to: sockaddr_in.self, capacity: 1) {
                    var address = $0.pointee.sin_addr
                    _ = inet_ntop(AF_INET, &address, &text, socklen_t(text.count))
                }
            case AF_INET6 where includingIPv6:
                let linkLocal = socketAddress.withMemoryRebound(to: sockaddr_in6.self, capacity: 1) {
                    var address = $0.pointee.sin6_addr
                    _ = inet_ntop(AF_INET6, &address, &text, socklen_t(text.count))
                    return $0.pointee.sin6_scope_id != 0
                }
                if linkLocal { continue }
            default:
                continue
            }
            let address = String(decoding: text.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
            if !address.isEmpty, !addresses.contains(address) { addresses.append(address) }
        }
        return addresses.isEmpty ? ["127.0.0.1"] : addresses
    }

    private static func hostName() -> String? {
        var buffer = [CChar](repeating: 0, count: 256)
        guard gethostname(&buffer, buffer.count) == 0 else { return nil }
        let name = String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
        return name.isEmpty ? nil : name
    }
}

/// Why `--listen` was refused.
public enum ListenRefusal: Error, Sendable {
    /// Neither an address nor a host name.
    case notAnAddress(String)
    /// `http://` off loopback: the token and the secrets would cross the network in clear.
    case plainOffLoopback(String)
    /// A short form of an IPv4 address (`0`, `127.1`) that the system would read as `meaning`
    /// (`0.0.0.0`, `127.0.0.1`) while the page would print and check the short form: the
    /// address is to be written in full.
    case shortForm(String, meaning: String)
    /// The TLS certificate could not be made (nothing is served in clear instead).
    case certificate(SuccessionError)
}

/// The TLS identity of one server's life: a self-signed certificate for the names the page is
/// reached by, and its key, both made at start and held in memory only.
public struct PageIdentity: Sendable {
    /// The certificate's SHA-256 fingerprint as browsers show it: upper-case hex pairs joined by
    /// colons. A person compares it with the one the browser shows before trusting the page.
    public let fingerprint: String
    /// The certificate's DER.
    public let der: [UInt8]
    public let notBefore: Date
    public let notAfter: Date
    let configuration: TLSConfiguration

    init(names: [String], now: Date) throws(SuccessionError) {
        let addresses = names.filter(ServingCertificate.isAddress)
        let made = try ServingCertificate.make(
            dnsNames: names.filter { !ServingCertificate.isAddress($0) },
            ipAddresses: addresses,
            start: now
        )
        do {
            let certificate = try NIOSSLCertificate(bytes: made.der, format: .der)
            let key = try made.privateKey.withArray { try NIOSSLPrivateKey(bytes: $0, format: .der) }
            var configuration = TLSConfiguration.makeServerConfiguration(
                certificateChain: [.certificate(certificate)],
                privateKey: .privateKey(key)
            )
            configuration.minimumTLSVersion = .tlsv12
            configuration.applicationProtocols = ["http/1.1"]
            self.configuration = configuration
        } catch {
            throw SuccessionError(.certServingCertificateFailed, values: [.reason: "BoringSSL: \(error)"])
        }
        der = made.der
        notBefore = made.notBefore
        notAfter = made.notAfter
        fingerprint = Self.fingerprint(hex: made.sha256)
    }

    /// `ab12…` as `AB:12:…`.
    static func fingerprint(hex: String) -> String {
        var pairs: [String] = []
        var rest = Substring(hex.uppercased())
        while !rest.isEmpty {
            pairs.append(String(rest.prefix(2)))
            rest = rest.dropFirst(2)
        }
        return pairs.joined(separator: ":")
    }
}
