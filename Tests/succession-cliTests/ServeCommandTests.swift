import Foundation
import SystemPackage
import Testing

@testable import SuccessionKit

#if canImport(Glibc)
import Glibc
#endif

/// `succession serve` as a built binary: it exits at once when its address cannot be printed,
/// refuses a short form of an address, and keeps answering under a flood of idle connections
/// with a low descriptor limit. Every run is under `timeout`: a hang fails.
@Suite("succession serve")
struct ServeCommandTests {
    @Test(
        "20: serve whose standard output cannot be written (full, closed) exits 2 at once and releases the lock",
        arguments: ["> /dev/full", ">&-"]
    )
    func serveUnwritableOutput(_ redirection: String) throws {
        let folder = try CLIProcess.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let root = try CLIProcess.sandbox(in: folder, job: true)
        // Before: the page went on serving an address nobody got until `timeout` killed it (124).
        let served = try CLIProcess.shell(
            #""$S" serve --lang en --terminal "$R" "# + redirection,
            environment: ["R": root]
        )
        #expect(served.status == 2, "\(served.standardError)")
        #expect(served.standardError.contains("file.unwritable"))
        #expect(served.standardError.contains("page was stopped"))
        #expect(throws: Never.self, "the lock went with the process") {
            _ = try JobStore(layout: TerminalLayout(root: FilePath(root)))
        }
    }

    @Test("24: serve --listen 0 is a usage error naming the address in full (0.0.0.0)")
    func listenZero() throws {
        let folder = try CLIProcess.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let root = try CLIProcess.sandbox(in: folder, job: false)
        let result = try CLIProcess.bounded(["serve", "--terminal", root, "--listen", "0"], seconds: 20)
        #expect(result.status == 2)
        #expect(result.standardError.contains("0.0.0.0"), "\(result.standardError)")
        #expect(result.standardOutput.isEmpty, "no address printed")
    }

    @Test("14: serve under ulimit -n 64 with 100 connections that send nothing still answers the person's browser")
    func floodUnderALowDescriptorLimit() throws {
        let folder = try CLIProcess.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let root = try CLIProcess.sandbox(in: folder, job: false)
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/sh")
        process.arguments = ["-c", #"ulimit -n 64 && exec "$S" serve --terminal "$R""#]
        process.environment = ["S": CLIProcess.executable.path, "R": root, "LANG": "C", "PATH": "/usr/bin:/bin"]
        let output = Pipe()
        process.standardOutput = output
        process.standardError = FileHandle.nullDevice
        try process.run()
        defer {
            process.terminate()
            process.waitUntilExit()
        }
        var printed = Data()
        while !printed.contains(UInt8(ascii: "\n")) {
            let chunk = output.fileHandleForReading.availableData
            if chunk.isEmpty { break }
            printed += chunk
        }
        let url = String(decoding: printed, as: UTF8.self).split(separator: "\n").first.map(String.init) ?? ""
        let match = try #require(url.wholeMatch(of: /http:\/\/(127\.[0-9.]+):([0-9]+)\/\?t=([0-9a-f]{32})/), "\(url)")
        let (address, port, token) = (String(match.output.1), Int(match.output.2) ?? 0, String(match.output.3))
        var idle: [Int32] = []
        defer { for socket in idle { close(socket) } }
        for _ in 0..<100 { idle.append(try Self.connect(address, port)) }
        // Before: accept() failed with EMFILE from about the 55th and the request below was never read.
        let reply = try Self.request(
            address,
            port,
            "GET /?t=\(token) HTTP/1.1\r\nHost: \(address):\(port)\r\nConnection: close\r\n\r\n"
        )
        #expect(reply.hasPrefix("HTTP/1.1 303"), "\(reply.prefix(80))")
    }

    static func connect(_ address: String, _ port: Int) throws -> Int32 {
        struct Refused: Error {}
        let socket = Glibc.socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        var guardTime = timeval(tv_sec: 20, tv_usec: 0)
        setsockopt(socket, SOL_SOCKET, SO_RCVTIMEO, &guardTime, socklen_t(MemoryLayout<timeval>.size))
        var target = sockaddr_in()
        target.sin_family = sa_family_t(AF_INET)
        target.sin_port = in_port_t(UInt16(port).bigEndian)
        target.sin_addr.s_addr = inet_addr(address)
        let connected = withUnsafePointer(to: &target) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                Glibc.connect(socket, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
            }
        }
        guard socket >= 0, connected == 0 else {
            close(socket)
            throw Refused()
        }
        return socket
    }

    /// The reply to `request` on a new connection, read to its end (or the 20 s guard).
    static func request(_ address: String, _ port: Int, _ request: String) throws -> String {
        let socket = try connect(address, port)
        defer { close(socket) }
        let bytes = Array(request.utf8)
        _ = write(socket, bytes, bytes.count)
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
