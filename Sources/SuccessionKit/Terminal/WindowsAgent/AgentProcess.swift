import Foundation
import Synchronization

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// One running agent process and its three pipes: a request line written, one reply line read,
/// with a deadline; its standard error drained as it comes (only its last bytes kept, for a
/// start that fails).
///
/// Blocking I/O on non-blocking descriptors with `poll`, run off the Swift concurrency pool by
/// ``AgentConnection``. Started with `posix_spawnp` rather than Foundation's `Process`: the
/// child must get exactly three descriptors (a job's lock or a journal inherited by the agent —
/// and by the wineserver Wine may start — would outlive the job), and the parent must close
/// its copies of the child's ends.
final class AgentProcess: Sendable {
    /// Why an exchange failed.
    enum Failure: Error {
        /// The process ended, or closed its standard output (status when known).
        case exited(Int32?)
        /// No reply line before the deadline.
        case timedOut
        /// Writing or reading failed otherwise.
        case io(Int32)
    }

    let pid: pid_t
    private let input: Int32
    private let output: Int32
    private let errors: Int32
    private struct State {
        var pending: [UInt8] = []
        var errorTail: [UInt8] = []
        var status: Int32?
        var reaped = false
        var closed = false
    }
    private let state = Mutex(State())

    /// How much of standard error is kept: enough for Wine's reason of a failed start.
    private static let errorTailLimit = 2048

    /// Starts `command` (a program found on `PATH` unless it names a path, and its arguments).
    /// - Throws: `agent.notStarted` (path, reason, errno).
    init(command: [String], environment: [String: String]?) throws(SuccessionError) {
        guard let program = command.first, !program.isEmpty else {
            throw SuccessionError(.agentNotStarted, values: [.path: "", .reason: "empty command"])
        }
        var pipes: [[Int32]] = []
        for _ in 0..<3 {
            var ends: [Int32] = [-1, -1]
            guard Self.makePipe(&ends) == 0 else {
                let error = errno
                for pair in pipes { pair.forEach { close($0) } }
                throw SuccessionError(
                    .agentNotStarted,
                    values: SystemReason.values(errno: error).merging([.path: program]) { $1 }
                )
            }
            pipes.append(ends)
        }
        // Child: stdin from pipes[0][0], stdout to pipes[1][1], stderr to pipes[2][1].
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_adddup2(&actions, pipes[0][0], 0)
        posix_spawn_file_actions_adddup2(&actions, pipes[1][1], 1)
        posix_spawn_file_actions_adddup2(&actions, pipes[2][1], 2)
        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        // Nothing else of this process reaches the agent (or the wineserver it may start).
        #if canImport(Darwin)
        let closeOthers = Int16(POSIX_SPAWN_CLOEXEC_DEFAULT)
        #else
        Self.closeOthers(in: &actions)
        let closeOthers: Int16 = 0
        #endif
        // A host that ignores SIGPIPE or blocks signals does not hand that to the agent.
        var defaults = sigset_t()
        sigemptyset(&defaults)
        sigaddset(&defaults, SIGPIPE)
        var noneBlocked = sigset_t()
        sigemptyset(&noneBlocked)
        posix_spawnattr_setsigdefault(&attributes, &defaults)
        posix_spawnattr_setsigmask(&attributes, &noneBlocked)
        posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETSIGDEF | POSIX_SPAWN_SETSIGMASK) | closeOthers)

        let environment = environment ?? ProcessInfo.processInfo.environment
        let argv = command.map { strdup($0) } + [nil]
        let envp = environment.map { strdup("\($0.key)=\($0.value)") } + [nil]
        defer {
            argv.forEach { free($0) }
            envp.forEach { free($0) }
        }
        var child = pid_t()
        let spawned = posix_spawnp(&child, program, &actions, &attributes, argv, envp)
        // The parent keeps only its own ends.
        close(pipes[0][0])
        close(pipes[1][1])
        close(pipes[2][1])
        guard spawned == 0 else {
            close(pipes[0][1])
            close(pipes[1][0])
            close(pipes[2][0])
            throw SuccessionError(
                .agentNotStarted,
                values: SystemReason.values(errno: spawned).merging([.path: program]) { $1 }
            )
        }
        pid = child
        input = pipes[0][1]
        output = pipes[1][0]
        errors = pipes[2][0]
        for descriptor in [input, output, errors] {
            _ = fcntl(descriptor, F_SETFL, fcntl(descriptor, F_GETFL) | O_NONBLOCK)
        }
    }

    deinit {
        stop()
    }

    /// What the process wrote on standard error so far (its last bytes), as text.
    var errorTail: String {
        drainErrors()
        return state.withLock { String(decoding: $0.errorTail, as: UTF8.self) }
    }

    /// Whether the process has ended (reaping it when it has). A process reaped elsewhere (a
    /// host that sets SIGCHLD to SIG_IGN reaps every child itself) has ended, status unknown.
    var hasExited: Bool { exitStatus() != nil || state.withLock { $0.reaped } }

    /// Writes `line` whole, then reads one line back (without its `\n`), by `deadline`.
    func exchange(_ line: SecretBytes, deadline: ContinuousClock.Instant) throws(Failure) -> [UInt8] {
        if state.withLock({ $0.closed }) { throw .exited(state.withLock { $0.status }) }
        try write(line, deadline: deadline)
        return try readLine(deadline: deadline)
    }

    private func write(_ line: SecretBytes, deadline: ContinuousClock.Instant) throws(Failure) {
        var written = 0
        while written < line.count {
            try wait(for: input, events: Int16(POLLOUT), deadline: deadline)
            let count = line.withUnsafeBytes { bytes in
                Self.writeIgnoringSIGPIPE(input, UnsafeRawBufferPointer(rebasing: bytes[written...]))
            }
            if count < 0 {
                let error = errno
                if error == EAGAIN || error == EINTR { continue }
                if error == EPIPE { throw .exited(exitStatus()) }
                throw .io(error)
            }
            written += count
        }
    }

    private func readLine(deadline: ContinuousClock.Instant) throws(Failure) -> [UInt8] {
        while true {
            if let line = state.withLock({ state -> [UInt8]? in
                guard let end = state.pending.firstIndex(of: UInt8(ascii: "\n")) else { return nil }
                let line = Array(state.pending[..<end])
                state.pending.removeSubrange(...end)
                return line
            }) {
                return line
            }
            try wait(for: output, events: Int16(POLLIN), deadline: deadline)
            var chunk = [UInt8](repeating: 0, count: 1 << 16)
            let count = chunk.withUnsafeMutableBytes { read(output, $0.baseAddress, $0.count) }
            if count > 0 {
                state.withLock { $0.pending += chunk[..<count] }
            } else if count == 0 {
                throw .exited(waitForExit(within: .seconds(2)))
            } else if errno != EAGAIN && errno != EINTR {
                throw .io(errno)
            }
        }
    }

    /// Waits until `descriptor` is ready for `events`, draining standard error meanwhile; the
    /// process's end is noticed even when its output stays open (a wineserver that inherited the
    /// pipe keeps it open after the agent is gone).
    private func wait(for descriptor: Int32, events: Int16, deadline: ContinuousClock.Instant) throws(Failure) {
        while true {
            let remaining = ContinuousClock.now.duration(to: deadline)
            guard remaining > .zero else { throw .timedOut }
            let slice = min(remaining, .milliseconds(250))
            var fds = [
                pollfd(fd: descriptor, events: events, revents: 0),
                pollfd(fd: errors, events: Int16(POLLIN), revents: 0),
            ]
            let milliseconds = Int32(
                slice.components.seconds * 1000 + slice.components.attoseconds / 1_000_000_000_000_000
            )
            let ready = poll(&fds, 2, max(milliseconds, 1))
            if ready < 0 {
                if errno == EINTR { continue }
                throw .io(errno)
            }
            if fds[1].revents != 0 { drainErrors() }
            if fds[0].revents & events != 0 { return }
            if fds[0].revents & Int16(POLLHUP | POLLERR) != 0 {
                // Output: end of file is read as such; input: the reader is gone.
                if events == Int16(POLLIN) { return }
                throw .exited(waitForExit(within: .seconds(2)))
            }
            if hasExited {
                // Ended: a reply it wrote before it ended is still in the pipe.
                if events == Int16(POLLIN), pendingOutput() { return }
                throw .exited(state.withLock { $0.status })
            }
        }
    }

    /// Whether standard output has bytes to read now.
    private func pendingOutput() -> Bool {
        var fds = [pollfd(fd: output, events: Int16(POLLIN), revents: 0)]
        return poll(&fds, 1, 0) > 0 && fds[0].revents & Int16(POLLIN) != 0
    }

    private func drainErrors() {
        var chunk = [UInt8](repeating: 0, count: 4096)
        while true {
            let count = chunk.withUnsafeMutableBytes { read(errors, $0.baseAddress, $0.count) }
            guard count > 0 else { return }
            state.withLock { state in
                state.errorTail += chunk[..<count]
                if state.errorTail.count > Self.errorTailLimit {
                    state.errorTail.removeFirst(state.errorTail.count - Self.errorTailLimit)
                }
            }
        }
    }

    /// The exit status once the process has ended (reaped here, once); `nil` while it runs.
    func exitStatus() -> Int32? {
        state.withLock { state in
            if state.reaped { return state.status }
            var status: Int32 = 0
            let result = waitpid(pid, &status, WNOHANG)
            guard result == pid else {
                // Reaped by someone else (ECHILD): gone, status unknown.
                if result < 0 && errno == ECHILD { state.reaped = true }
                return nil
            }
            state.reaped = true
            // WIFEXITED / WEXITSTATUS, or 128 + the signal, as a shell says it.
            state.status = status & 0x7F == 0 ? (status >> 8) & 0xFF : 128 + (status & 0x7F)
            return state.status
        }
    }

    /// Waits up to `limit` for the process to end; its status, or `nil` when it still runs.
    @discardableResult
    func waitForExit(within limit: Duration) -> Int32? {
        let deadline = ContinuousClock.now + limit
        while ContinuousClock.now < deadline {
            if let status = exitStatus() { return status }
            if state.withLock({ $0.reaped }) { return nil }
            usleep(20_000)
        }
        return exitStatus()
    }

    /// Ends the conversation: standard input closed (the agent then exits 0), a short wait, then
    /// SIGKILL if it still runs; every descriptor closed, the process reaped.
    func finish(grace: Duration = .seconds(5)) {
        guard
            state.withLock({ state in
                defer { state.closed = true }
                return !state.closed
            })
        else { return }
        close(input)
        if waitForExit(within: grace) == nil, !state.withLock({ $0.reaped }) {
            kill(pid, SIGKILL)
            waitForExit(within: .seconds(5))
        }
        close(output)
        close(errors)
    }

    /// Stops the process at once (a timeout, a reply out of step): SIGKILL, reaped, closed.
    func stop() {
        guard
            state.withLock({ state in
                defer { state.closed = true }
                return !state.closed
            })
        else { return }
        if exitStatus() == nil, !state.withLock({ $0.reaped }) {
            kill(pid, SIGKILL)
            waitForExit(within: .seconds(5))
        }
        close(input)
        close(output)
        close(errors)
    }

    /// `write(2)` with SIGPIPE blocked in this thread, so that a reader gone away is `EPIPE`
    /// rather than a signal that ends the whole program; a SIGPIPE raised meanwhile is consumed.
    private static func writeIgnoringSIGPIPE(_ descriptor: Int32, _ bytes: UnsafeRawBufferPointer) -> Int {
        var pipeOnly = sigset_t()
        sigemptyset(&pipeOnly)
        sigaddset(&pipeOnly, SIGPIPE)
        var previous = sigset_t()
        pthread_sigmask(SIG_BLOCK, &pipeOnly, &previous)
        #if canImport(Darwin)
        let count = Darwin.write(descriptor, bytes.baseAddress, bytes.count)
        #else
        let count = Glibc.write(descriptor, bytes.baseAddress, bytes.count)
        #endif
        let error = errno
        if count < 0 && error == EPIPE {
            var pending = sigset_t()
            sigpending(&pending)
            if sigismember(&pending, SIGPIPE) == 1 {
                var none = timespec(tv_sec: 0, tv_nsec: 0)
                sigtimedwait(&pipeOnly, nil, &none)
            }
        }
        pthread_sigmask(SIG_SETMASK, &previous, nil)
        errno = error
        return count
    }

    /// A pipe whose two ends close on exec (the child gets its ends by `dup2` only).
    private static func makePipe(_ ends: inout [Int32]) -> Int32 {
        #if canImport(Darwin)
        guard pipe(&ends) == 0 else { return -1 }
        for end in ends { _ = fcntl(end, F_SETFD, FD_CLOEXEC) }
        return 0
        #else
        // pipe2 is glibc's but not in Swift's Glibc module (it needs _GNU_SOURCE).
        typealias Pipe2 = @convention(c) (UnsafeMutablePointer<Int32>, Int32) -> Int32
        if let symbol = dlsym(nil, "pipe2") {
            return ends.withUnsafeMutableBufferPointer { buffer in
                guard let base = buffer.baseAddress else { return -1 }
                return unsafeBitCast(symbol, to: Pipe2.self)(base, O_CLOEXEC)
            }
        }
        guard pipe(&ends) == 0 else { return -1 }
        for end in ends { _ = fcntl(end, F_SETFD, FD_CLOEXEC) }
        return 0
        #endif
    }

    #if !canImport(Darwin)
    /// Closes every descriptor above 2 in the child: glibc's `addclosefrom_np` (2.34 and later,
    /// not in Swift's Glibc module), else one close action per descriptor open now that would
    /// survive the exec.
    private static func closeOthers(in actions: inout posix_spawn_file_actions_t) {
        typealias AddCloseFrom = @convention(c) (UnsafeMutablePointer<posix_spawn_file_actions_t>, Int32) -> Int32
        if let symbol = dlsym(nil, "posix_spawn_file_actions_addclosefrom_np"),
            unsafeBitCast(symbol, to: AddCloseFrom.self)(&actions, 3) == 0
        {
            return
        }
        let open = (try? FileManager.default.contentsOfDirectory(atPath: "/proc/self/fd")) ?? []
        for descriptor in open.compactMap(Int32.init) where descriptor > 2 {
            let flags = fcntl(descriptor, F_GETFD)
            if flags >= 0 && flags & FD_CLOEXEC == 0 {
                posix_spawn_file_actions_addclose(&actions, descriptor)
            }
        }
    }
    #endif
}
