public import SuccessionKit
import Synchronization

/// A job's journal kept in memory (a database or a server in a real integration).
public final class MemoryJournal: JobJournal {
    private struct State {
        var job: Job?
        var retired: [Job] = []
    }

    private let state = Mutex(State())

    /// An empty journal.
    public init() {}

    /// The jobs started over, oldest first.
    public var retired: [Job] { state.withLock { $0.retired } }

    public var exists: Bool { state.withLock { $0.job != nil } }

    public func load() throws(SuccessionError) -> Job {
        guard let job = state.withLock({ $0.job }) else { throw SuccessionError(.jobNone) }
        return job
    }

    public func save(_ job: Job) throws(SuccessionError) { state.withLock { $0.job = job } }

    public func startOver() throws(SuccessionError) {
        state.withLock { state in
            if let job = state.job { state.retired.append(job) }
            state.job = nil
        }
    }
}
