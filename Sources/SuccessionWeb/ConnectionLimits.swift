import HummingbirdCore
import Logging
import NIOCore
import Synchronization

#if canImport(Glibc)
import Glibc
#endif

/// How long a connection may wait and how many may be open at once: without both, connections
/// that send nothing (no token is needed to open one) use up the process's descriptors and the
/// server spins on `accept()` failing with EMFILE.
public struct PageLimits: Sendable {
    /// A connection that has sent no whole request head within this time of opening, or no new
    /// one within this time of its last answer, is closed. Slow or silent senders alike.
    public var idleTimeout: Duration
    /// Connections open at once. A new one past it closes the one idle the longest (one with a
    /// request in progress only when all are): a flood of silent connections cannot keep the
    /// person's browser out, and never reaches the descriptor limit.
    public var connections: Int

    /// The given limits; `connections` at least 1.
    public init(idleTimeout: Duration = .seconds(30), connections: Int = PageLimits.defaultConnections) {
        self.idleTimeout = idleTimeout
        self.connections = max(1, connections)
    }

    /// The serving limits: 30 seconds, ``defaultConnections``.
    public static var standard: PageLimits { PageLimits() }

    /// 64 — a browser opens about 6 per page — or fewer when the descriptor limit is low: half of
    /// what is left after 48 for the process's own files, at least 4. 64 under the usual
    /// `ulimit -n 1024`.
    public static var defaultConnections: Int {
        var limit = rlimit()
        guard getrlimit(Int32(RLIMIT_NOFILE.rawValue), &limit) == 0 else { return 64 }
        let soft = Int(clamping: limit.rlim_cur)  // RLIM_INFINITY clamps to Int.max
        return min(64, max(4, (soft - 48) / 2))
    }
}

/// The open connections of one server, oldest activity first to go.
final class ConnectionRegistry: Sendable {
    private struct Entry {
        let channel: any Channel
        /// A request is being answered (its head has arrived, its response is not yet written).
        var busy: Bool
        /// The order of the last request's start or end (or of the opening).
        var lastActive: UInt64
    }

    private struct State {
        var entries: [ObjectIdentifier: Entry] = [:]
        var tick: UInt64 = 0
    }

    let limit: Int
    private let state = Mutex(State())

    init(limit: Int) {
        self.limit = limit
    }

    /// Registers a new connection; returns the ones to close to stay within the limit: idle
    /// ones first, the longest idle first, then busy ones, the oldest request first. Never the
    /// new one.
    func opened(_ channel: any Channel) -> [any Channel] {
        state.withLock { state in
            state.tick += 1
            state.entries[ObjectIdentifier(channel)] = Entry(channel: channel, busy: false, lastActive: state.tick)
            let excess = state.entries.count - limit
            guard excess > 0 else { return [] }
            let others = state.entries.values.filter { $0.channel !== channel }
                .sorted { ($0.busy ? 1 : 0, $0.lastActive) < ($1.busy ? 1 : 0, $1.lastActive) }
            let closing = others.prefix(excess)
            for entry in closing { state.entries[ObjectIdentifier(entry.channel)] = nil }
            return closing.map(\.channel)
        }
    }

    /// A request started (`true`) or its response was written (`false`).
    func mark(_ channel: any Channel, busy: Bool) {
        state.withLock { state in
            state.tick += 1
            let tick = state.tick
            state.entries[ObjectIdentifier(channel)]?.busy = busy
            state.entries[ObjectIdentifier(channel)]?.lastActive = tick
        }
    }

    func closed(_ channel: any Channel) {
        _ = state.withLock { $0.entries.removeValue(forKey: ObjectIdentifier(channel)) }
    }
}

/// A child channel registered with its server's ``ConnectionRegistry`` as it opens: past the
/// limit, older connections are closed to make room.
struct LimitedChannel<Base: ServerChildChannel>: ServerChildChannel {
    typealias Value = Base.Value
    let base: Base
    let registry: ConnectionRegistry

    func setup(channel: any Channel, logger: Logger) -> EventLoopFuture<Value> {
        for older in registry.opened(channel) { older.close(promise: nil) }
        let registry = self.registry
        channel.closeFuture.whenComplete { _ in registry.closed(channel) }
        return base.setup(channel: channel, logger: logger)
    }

    func handle(value: Value, logger: Logger) async {
        await base.handle(value: value, logger: logger)
    }
}

extension ConnectionRegistry {
    /// `responder`, marking its connection busy while it answers a request.
    func watching(_ responder: @escaping HTTPChannelHandler.Responder) -> HTTPChannelHandler.Responder {
        { request, writer, channel in
            self.mark(channel, busy: true)
            defer { self.mark(channel, busy: false) }
            try await responder(request, writer, channel)
        }
    }
}
