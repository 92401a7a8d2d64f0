import Foundation
public import SystemPackage

/// A conversation with `succession-agent.exe`, the program that does on a Windows terminal what
/// the manual's ④⑤⑦⑧⑩ have a person do by hand, through the logged-in user's Win32 stores.
///
/// The agent is started from a command line — `["wine", "/abs/succession-agent.exe"]` under
/// Wine, `["succession-agent.exe"]` on the terminal itself — and spoken to in its protocol 1
/// (`Windows/Agent/PROTOCOL.md`): one JSON request line on its standard input, one reply line
/// on its standard output. The first call starts it and checks its `hello`; calls are made one
/// at a time, each with a time limit. An agent that ended (or was stopped after a timeout) is
/// ``ProblemCode/agentExited`` or ``ProblemCode/agentTimeout`` for the call that found it, and
/// the next call starts a new one.
///
/// Secrets travel only in the request line ( ``AgentRequest/Value/pin(_:)`` ): never in argv,
/// and the agent's standard error, drained as it comes, is never shown once a secret was sent.
/// Every error the agent answers is a ``SuccessionError`` with the agent's own stable code
/// (`agent.cert.notFound`, …) and its Win32 error number (``ProblemValue/win32``).
public actor AgentConnection {
    /// How the agent is started: the program and its arguments.
    public nonisolated let command: [String]
    /// The environment it is started with (`nil`: this process's).
    public nonisolated let environment: [String: String]?
    /// How long a request may take, unless the request says otherwise.
    public nonisolated let timeout: Duration

    private var process: AgentProcess?
    private var greeting: AgentHello?
    private var lastID = 0
    private var busy = false
    private var waiting: [CheckedContinuation<Void, Never>] = []

    /// A connection that starts the agent with `command` on its first call.
    /// - Parameters:
    ///   - command: the program (found on `PATH` unless it is a path) and its arguments.
    ///   - environment: the agent's environment (`WINEPREFIX`, `WINEDEBUG`…); `nil` passes this
    ///     process's.
    ///   - timeout: how long a request may take (a run of InitializeFace.bat is given its own
    ///     time limit and this on top).
    public init(command: [String], environment: [String: String]? = nil, timeout: Duration = .seconds(60)) {
        self.command = command
        self.environment = environment
        self.timeout = timeout
    }

    /// The agent's `hello`, starting it when it is not running.
    /// - Throws: `agent.notStarted`, `agent.exited`, `agent.timeout`, `agent.protocolMismatch`.
    public func hello() async throws(SuccessionError) -> AgentHello {
        await acquire()
        defer { release() }
        _ = try await running(for: "hello")
        guard let greeting else { throw SuccessionError(.agentBadReply, values: [.field: "hello"]) }
        return greeting
    }

    /// Sends one request and returns its reply.
    /// - Parameters:
    ///   - request: the op and its fields.
    ///   - timeout: this request's time limit, when not the connection's.
    /// - Throws: the agent's error as its `agent.*` code, with the values `field` (the op),
    ///   `win32` and `detail` (the agent's message, for a log); `agent.exited`, `agent.timeout`,
    ///   `agent.badReply` when the process failed (it is then stopped; the next call starts a new
    ///   one).
    public func send(_ request: AgentRequest, timeout: Duration? = nil) async throws(SuccessionError) -> AgentReply {
        await acquire()
        defer { release() }
        return try await exchange(request, with: try await running(for: request.op), timeout: timeout ?? self.timeout)
    }

    /// Ends the conversation: the agent's standard input is closed (it exits at end of input),
    /// and it is stopped if it does not end within a few seconds. A later call starts a new one.
    public func close() async {
        await acquire()
        defer { release() }
        guard let process else { return }
        self.process = nil
        await Self.offPool { process.finish() }
    }

    /// The path the agent gives to a local file or folder: under Wine, its Linux path on drive
    /// `Z:` (`/tmp/job/x.pfx` is `Z:\tmp\job\x.pfx`); on Windows itself, the path as it is.
    /// - Throws: `agent.pathUnmappable` when `path` is relative, or the agent runs neither under
    ///   Wine nor on this machine's Windows; the errors of ``hello()``.
    public func agentPath(for path: FilePath) async throws(SuccessionError) -> String {
        let hello = try await hello()
        #if os(Windows)
        if hello.wine == nil { return path.string }
        #endif
        guard hello.wine != nil, path.isAbsolute, !path.string.contains("\\") else {
            throw SuccessionError(.agentPathUnmappable, values: [.path: path.string])
        }
        return "Z:" + path.components.map { "\\" + $0.string }.joined()
    }

    /// The process id of the running agent, if one runs (for tests that end it as a crash would).
    package var agentProcessID: Int32? { process?.pid }

    // MARK: The process

    /// The running agent, started (and greeted) when there is none.
    /// - Throws: `agent.exited` when the agent this connection had has ended since the last call
    ///   (it is dropped: the next call starts a new one); the errors of starting one.
    private func running(for op: String) async throws(SuccessionError) -> AgentProcess {
        if let process {
            guard process.hasExited else { return process }
            self.process = nil
            greeting = nil
            await Self.offPool { process.stop() }
            var values: [ProblemValueKey: String] = [.field: op]
            if let status = process.exitStatus() { values[.count] = String(status) }
            throw SuccessionError(.agentExited, values: values)
        }
        greeting = nil
        let started = try AgentProcess(command: command, environment: environment)
        process = started
        let reply: AgentReply
        do {
            reply = try await exchange(
                AgentRequest("hello", ["protocol": .integer(1)]),
                with: started,
                timeout: timeout
            )
        } catch {
            // Nothing secret was sent yet: what the process said on standard error (Wine's
            // reason for a program it cannot start) may be shown.
            let tail = started.errorTail.trimmingCharacters(in: .whitespacesAndNewlines)
            guard error.code == .agentExited, !tail.isEmpty else { throw error }
            var problem = error.problems[0]
            problem.values[.detail] = String(tail.suffix(400))
            throw SuccessionError([problem])
        }
        let hello = try AgentHello(reply)
        guard hello.protocolVersion == 1 else {
            process = nil
            await Self.offPool { started.stop() }
            throw SuccessionError(
                .agentProtocolMismatch,
                values: [.found: String(hello.protocolVersion), .expected: "1"]
            )
        }
        greeting = hello
        return started
    }

    private func exchange(
        _ request: AgentRequest,
        with process: AgentProcess,
        timeout: Duration
    ) async throws(SuccessionError) -> AgentReply {
        lastID += 1
        let id = lastID
        let line = request.line(id: id)
        let deadline = ContinuousClock.now + timeout
        let outcome = await Self.offPool { () -> Result<[UInt8], AgentProcess.Failure> in
            do throws(AgentProcess.Failure) {
                return .success(try process.exchange(line, deadline: deadline))
            } catch {
                return .failure(error)
            }
        }
        let bytes: [UInt8]
        switch outcome {
        case .success(let read): bytes = read
        case .failure(let failure):
            // Out of step, or gone: this process is never spoken to again.
            await drop(process)
            switch failure {
            case .timedOut:
                let seconds = timeout.components.seconds
                throw SuccessionError(.agentTimeout, values: [.field: request.op, .limit: String(seconds)])
            case .exited(let status):
                var values: [ProblemValueKey: String] = [.field: request.op]
                if let status { values[.count] = String(status) }
                throw SuccessionError(.agentExited, values: values)
            case .io(let error):
                throw SuccessionError(
                    .agentExited,
                    values: SystemReason.values(errno: error).merging([.field: request.op]) { $1 }
                )
            }
        }
        let reply: [String: JSONNode]
        do {
            guard case .object(let object) = try JSONDecoder().decode(JSONNode.self, from: Data(bytes)) else {
                throw AgentReplyNotAnObject()
            }
            reply = object
        } catch {
            await drop(process)
            throw SuccessionError(.agentBadReply, values: [.field: request.op, .detail: "not a JSON object"])
        }
        guard reply["id"] == .integer(id) else {
            await drop(process)
            throw SuccessionError(.agentBadReply, values: [.field: request.op, .detail: "reply to another request"])
        }
        guard reply["ok"] == .bool(true) else {
            throw Self.error(of: AgentReply(fields: reply), op: request.op)
        }
        return AgentReply(fields: reply)
    }

    private func drop(_ failed: AgentProcess) async {
        if process === failed { process = nil }
        greeting = nil
        await Self.offPool { failed.stop() }
    }

    /// The agent's error reply as a ``SuccessionError`` with the agent's own code.
    private static func error(of reply: AgentReply, op: String) -> SuccessionError {
        let error = reply.object("error")
        let raw = error?.string("code") ?? ""
        let code = ProblemCode(rawValue: raw)
        var values: [ProblemValueKey: String] = [.field: op]
        if let win32 = error?.integer("win32"), let number = UInt32(exactly: win32) {
            values[.win32] = String(number)
        }
        if let message = error?.string("message") { values[.detail] = String(message.prefix(400)) }
        guard ProblemCode.agentProtocolCodes.contains(code) else {
            values[.found] = raw
            return SuccessionError(.agentUnknownError, values: values)
        }
        return SuccessionError(code, values: values)
    }

    // MARK: One call at a time

    private func acquire() async {
        guard busy else {
            busy = true
            return
        }
        await withCheckedContinuation { waiting.append($0) }
    }

    private func release() {
        if waiting.isEmpty {
            busy = false
        } else {
            // Handed over: still busy, now for the next caller.
            waiting.removeFirst().resume()
        }
    }

    /// Runs blocking I/O on a thread of its own, never on the concurrency pool's few threads.
    /// A new thread, not Dispatch's global queue: that queue's threads are shared and may all be
    /// blocked by other work, and then a request's time limit would be kept late.
    private static func offPool<T: Sendable>(_ work: @escaping @Sendable () -> T) async -> T {
        await withCheckedContinuation { continuation in
            Thread.detachNewThread { continuation.resume(returning: work()) }
        }
    }

    deinit {
        process?.stop()
    }
}

private struct AgentReplyNotAnObject: Error {}

/// What the agent says of itself and its Windows (its `hello`).
public struct AgentHello: Sendable, Hashable {
    /// The agent's version (`0.2.0`).
    public let agentVersion: String
    /// The protocol it speaks (1).
    public let protocolVersion: Int
    /// The Windows user it runs as (the terminal's logged-in user).
    public let user: String
    /// The computer's name.
    public let computer: String
    /// "Windows 10", "Windows 11", …
    public let windowsName: String
    /// Windows' build number.
    public let windowsBuild: Int?
    /// Whether it runs elevated; `nil` when unknown.
    public let elevated: Bool?
    /// Wine's version under Wine, `nil` on Windows.
    public let wine: String?
    /// `C:\ProgramData\OQS-Auth` on every terminal, as this Windows names it.
    public let oqsAuthFolder: String

    init(_ reply: AgentReply) throws(SuccessionError) {
        agentVersion = try reply.required("agentVersion", of: "hello")
        guard let version = reply.integer("protocol") else { throw AgentReply.missing("protocol", of: "hello") }
        protocolVersion = version
        user = reply.string("user") ?? ""
        computer = reply.string("computer") ?? ""
        windowsName = reply.object("windows")?.string("name") ?? "Windows"
        windowsBuild = reply.object("windows")?.integer("build")
        elevated = reply.flag("elevated")
        wine = reply.string("wine")
        oqsAuthFolder = reply.string("oqsAuthFolder") ?? #"C:\ProgramData\OQS-Auth"#
    }

    /// A warning when the agent runs elevated on Windows (not under Wine, where every process
    /// is): it would see another account's stores than the logged-in user's.
    public var problems: [Problem] {
        elevated == true && wine == nil ? [Problem(.agentElevated, severity: .warning)] : []
    }
}
