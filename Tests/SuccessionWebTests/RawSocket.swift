import Foundation
import Hummingbird
import SuccessionKit
import SuccessionWeb
import Testing

#if canImport(Glibc)
import Glibc
#endif

/// Runs the page's server on `endpoint` until `body` returns; `body` gets the port.
func serving<T>(
    _ site: PageSite,
    endpoint: PageEndpoint,
    limits: PageLimits = .standard,
    _ body: (Int) async throws -> T
) async throws -> T {
    let (ports, continuation) = AsyncStream.makeStream(of: Int.self)
    let app = guidedPageApplication(
        job: site.job,
        keys: site.keys,
        endpoint: endpoint,
        port: 0,
        language: .japanese,
        limits: limits
    ) { port in continuation.yield(port) }
    let server = Task { try await app.runService() }
    defer { server.cancel() }
    var iterator = ports.makeAsyncIterator()
    let port = try #require(await iterator.next())
    return try await body(port)
}

/// `work` on a thread of its own: a blocking socket call on the cooperative pool would starve
/// the server's own tasks (two threads on two cores) until its guard expires.
func offPool<T: Sendable>(_ work: @escaping @Sendable () throws -> T) async throws -> T {
    try await withCheckedThrowingContinuation { continuation in
        Thread.detachNewThread { continuation.resume(with: Result { try work() }) }
    }
}

/// Requests written by hand on TCP sockets to any loopback address.
enum RawSocket {
    enum Failure: Error, Equatable {
        case refused
        case failed(Int32)
    }

    struct Reply {
        let text: String

        var status: Int? { text.split(separator: " ", maxSplits: 2).dropFirst().first.flatMap { Int($0) } }

        func header(_ name: String) -> String? {
            let head = text.components(separatedBy: "\r\n\r\n").first ?? ""
            for line in head.components(separatedBy: "\r\n").dropFirst() {
                let parts = line.split(separator: ":", maxSplits: 1)
                if parts.count == 2, parts[0].lowercased() == name.lowercased() {
                    return parts[1].trimmingCharacters(in: .whitespaces)
                }
            }
            return nil
        }
    }

    /// A connected socket whose reads give up after 20 s (a guard against a hang, no timing).
    static func open(address: String, port: Int) throws -> Int32 {
        let socket = Glibc.socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard socket >= 0 else { throw Failure.failed(errno) }
        var guardTime = timeval(tv_sec: 20, tv_usec: 0)
        setsockopt(socket, SOL_SOCKET, SO_RCVTIMEO, &guardTime, socklen_t(MemoryLayout<timeval>.size))
        var target = sockaddr_in()
        target.sin_family = sa_family_t(AF_INET)
        target.sin_port = in_port_t(UInt16(port).bigEndian)
        target.sin_addr.s_addr = inet_addr(address)
        let connected = withUnsafePointer(to: &target) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                connect(socket, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
            }
        }
        guard connected == 0 else {
            let reason = errno
            close(socket)
            throw reason == ECONNREFUSED ? Failure.refused : Failure.failed(reason)
        }
        return socket
    }

    static func send(_ socket: Int32, _ text: String) {
        let bytes = Array(text.utf8)
        _ = write(socket, bytes, bytes.count)
    }

    /// Sends `request` on a new connection and reads the reply to its end.
    @discardableResult
    static func exchange(address: String, port: Int, _ request: String) throws -> Reply {
        let socket = try open(address: address, port: port)
        defer { close(socket) }
        send(socket, request)
        var reply: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 4096)
        while true {
            let count = read(socket, &buffer, buffer.count)
            if count <= 0 { break }
            reply += buffer[0..<count]
        }
        return Reply(text: String(decoding: reply, as: UTF8.self))
    }

    /// Whether the server has closed `socket` (end of file waiting), without waiting.
    static func isClosed(_ socket: Int32) -> Bool {
        var entry = pollfd(fd: socket, events: Int16(POLLIN), revents: 0)
        guard poll(&entry, 1, 0) == 1 else { return false }
        var byte: UInt8 = 0
        return recv(socket, &byte, 1, Int32(MSG_PEEK)) <= 0
    }

    /// Blocks until the server closes `socket`; `false` if it stayed open for the 20 s guard.
    static func waitForClose(_ socket: Int32) -> Bool {
        var byte: UInt8 = 0
        while true {
            let count = read(socket, &byte, 1)
            if count == 0 { return true }
            if count < 0 { return errno == ECONNRESET }
        }
    }

    /// Polls `condition` every 10 ms until it holds; `false` after 20 s (a guard, not a measure).
    static func waitUntil(_ condition: () -> Bool) -> Bool {
        for _ in 0..<2_000 {
            if condition() { return true }
            usleep(10_000)
        }
        return condition()
    }
}
