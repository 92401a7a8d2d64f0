import Foundation

#if canImport(Glibc)
import Glibc
#endif

/// One HTTP/1.1 request written by hand on a TCP socket to 127.0.0.1, so that a test can send
/// any Host header (a client library sets its own).
enum RawHTTP {
    struct Failure: Error {}

    /// The status code of `GET /` with `Host: host` (no Host line when empty).
    static func status(port: Int, host: String, cookie: String) throws -> Int {
        let reply = try response(port: port, host: host, cookie: cookie)
        let line = reply.components(separatedBy: "\r\n").first ?? ""
        guard let code = line.split(separator: " ").dropFirst().first.flatMap({ Int($0) }) else { throw Failure() }
        return code
    }

    /// The whole reply to `GET /` with `Host: host` (no Host line when empty), as text.
    static func response(port: Int, host: String, cookie: String = "") throws -> String {
        let socket = Glibc.socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard socket >= 0 else { throw Failure() }
        defer { close(socket) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = in_port_t(UInt16(port).bigEndian)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        let connected = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                connect(socket, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
            }
        }
        guard connected == 0 else { throw Failure() }
        var request = "GET / HTTP/1.1\r\n"
        if !host.isEmpty { request += "Host: \(host)\r\n" }
        if !cookie.isEmpty { request += "Cookie: \(cookie)\r\n" }
        request += "Connection: close\r\n\r\n"
        let bytes = Array(request.utf8)
        guard write(socket, bytes, bytes.count) == bytes.count else { throw Failure() }
        var reply: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 4096)
        while true {
            let count = read(socket, &buffer, buffer.count)
            if count <= 0 { break }
            reply += buffer[0..<count]
        }
        return String(decoding: reply, as: UTF8.self)
    }
}
