public import SuccessionKit
import Synchronization

/// Card readers and their bindings kept in memory 【工事手順③⑤⑫】.
///
/// Whether the readers are plugged in is the person's doing (``plug(_:)``): they are unplugged
/// before ③ and plugged in again before ⑫.
public final class MemoryReaders: ReaderBindingStore {
    struct State: Codable, Equatable {
        /// serial → the bound login name (`nil`: listed but unbound).
        var bindings: [String: String?]
        var plugged: Bool
    }

    /// The bindings before an operation: undoing it puts them back.
    struct Before: Codable {
        var bindings: [String: String?]
    }

    private let state: Mutex<State>

    /// Readers with these serials, each bound to `loginName`, unplugged.
    public init(serials: [String], loginName: String) {
        state = Mutex(
            State(bindings: Dictionary(uniqueKeysWithValues: serials.map { ($0, loginName) }), plugged: false)
        )
    }

    /// Plugs every reader in, or out.
    public func plug(_ pluggedIn: Bool) { state.withLock { $0.plugged = pluggedIn } }

    /// serial → bound login name, now.
    public var bindings: [String: String?] { state.withLock { $0.bindings } }

    public func readers() throws(SuccessionError) -> [CardReaderBinding] {
        state.withLock { state in
            state.bindings.keys.sorted().map { serial in
                let login = state.bindings[serial] ?? nil
                let shown: CardReaderBinding.State =
                    !state.plugged ? .notConnected : login == nil ? .unregistered : .connected
                return CardReaderBinding(serial: ReaderSerialNumber(rawValue: serial), loginName: login, state: shown)
            }
        }
    }

    public func remove(_ serial: ReaderSerialNumber) throws(SuccessionError) -> TerminalChange {
        let before = bindings
        guard before[serial.rawValue] != nil else {
            throw SuccessionError(.readerUnknown, values: [.found: serial.rawValue])
        }
        _ = state.withLock { $0.bindings.removeValue(forKey: serial.rawValue) }
        return try TerminalChange(record: Before(bindings: before))
    }

    public func add(
        _ serial: ReaderSerialNumber,
        loginName: String,
        password: AccountPassword
    ) throws(SuccessionError) -> ReaderAddition {
        // A real store passes the password to the tool and keeps nothing of it.
        let before = bindings
        state.withLock { $0.bindings[serial.rawValue] = .some(loginName) }
        return ReaderAddition(
            binding: CardReaderBinding(serial: serial, loginName: loginName, state: .connected),
            change: try TerminalChange(record: Before(bindings: before))
        )
    }

    public func initializationImpact() throws(SuccessionError) -> ReaderInitializationImpact {
        ReaderInitializationImpact(
            readersToUnbind: try readers().filter { $0.loginName != nil }.map(\.serial),
            readerInfoExists: true
        )
    }

    public func initialize() throws(SuccessionError) -> ReaderInitialization {
        let before = bindings
        let unbound = try initializationImpact().readersToUnbind
        state.withLock { state in
            for key in state.bindings.keys { state.bindings[key] = .some(nil) }
        }
        return ReaderInitialization(
            unbound: unbound,
            method: .initializeTool,
            change: try TerminalChange(record: Before(bindings: before))
        )
    }

    public func revert(_ change: TerminalChange) throws(SuccessionError) {
        // The oldest record's bindings are the state before the whole change.
        guard let first = try change.records(as: Before.self).first else { return }
        state.withLock { $0.bindings = first.bindings }
    }
}
