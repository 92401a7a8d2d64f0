public import SuccessionKit

/// Card readers and their bindings kept in memory 【工事手順③⑤⑫】, as an actor.
///
/// Whether the readers are plugged in is the person's doing (``plug(_:)``): they are unplugged
/// before ③ and plugged in again before ⑫.
public actor MemoryReaders: ReaderBindingStore {
    /// The bindings before an operation and after it: undo puts the first back; reconcile
    /// compares the second with what the store holds.
    struct Change: Codable {
        var before: [String: String?]
        var after: [String: String?]
    }

    /// serial → the bound login name (`nil`: listed but unbound).
    private var bound: [String: String?]
    private var plugged = false

    /// Readers with these serials, each bound to `loginName`, unplugged.
    public init(serials: [String], loginName: String) {
        bound = Dictionary(uniqueKeysWithValues: serials.map { ($0, loginName) })
    }

    /// Plugs every reader in, or out.
    public func plug(_ pluggedIn: Bool) { plugged = pluggedIn }

    /// serial → bound login name, now.
    public var bindings: [String: String?] { bound }

    public func readers() throws(SuccessionError) -> [CardReaderBinding] {
        bound.keys.sorted().map { serial in
            let login = bound[serial] ?? nil
            let shown: CardReaderBinding.State = !plugged ? .notConnected : login == nil ? .unregistered : .connected
            return CardReaderBinding(serial: ReaderSerialNumber(rawValue: serial), loginName: login, state: shown)
        }
    }

    private func intent(_ after: [String: String?], subjects: [String]) throws(SuccessionError) -> StoreIntent {
        StoreIntent(subjects: subjects, change: try TerminalChange(record: Change(before: bound, after: after)))
    }

    private func apply(_ intent: StoreIntent) throws(SuccessionError) -> TerminalChange {
        // Idempotent: the bindings the change leaves, whatever an earlier attempt did.
        if let change = try intent.change.records(as: Change.self).last { bound = change.after }
        return intent.change
    }

    public func prepareRemove(_ serial: ReaderSerialNumber) throws(SuccessionError) -> StoreIntent {
        guard bound[serial.rawValue] != nil else {
            throw SuccessionError(.readerUnknown, values: [.found: serial.rawValue])
        }
        guard !plugged else { throw SuccessionError(.readerConnected, values: [.found: serial.rawValue]) }
        var after = bound
        after.removeValue(forKey: serial.rawValue)
        return try intent(after, subjects: [serial.rawValue])
    }

    public func remove(_ serial: ReaderSerialNumber, as intent: StoreIntent) throws(SuccessionError) -> TerminalChange {
        try apply(intent)
    }

    public func prepareAdd(_ serial: ReaderSerialNumber, loginName: String) throws(SuccessionError) -> StoreIntent {
        guard plugged else { throw SuccessionError(.readerNotPluggedIn, values: [.found: serial.rawValue]) }
        var after = bound
        after[serial.rawValue] = .some(loginName)
        return try intent(after, subjects: [serial.rawValue])
    }

    public func add(
        _ serial: ReaderSerialNumber,
        loginName: String,
        password: AccountPassword,
        as intent: StoreIntent
    ) throws(SuccessionError) -> ReaderAddition {
        // A real store passes the password to the tool and keeps nothing of it.
        let change = try apply(intent)
        return ReaderAddition(
            binding: CardReaderBinding(serial: serial, loginName: loginName, state: .connected),
            change: change
        )
    }

    public func initializationImpact() throws(SuccessionError) -> ReaderInitializationImpact {
        ReaderInitializationImpact(
            readersToUnbind: try readers().filter { $0.loginName != nil }.map(\.serial),
            readerInfoExists: true
        )
    }

    public func prepareInitialize() throws(SuccessionError) -> StoreIntent {
        let unbound = try initializationImpact().readersToUnbind.map(\.rawValue)
        return try intent(bound.mapValues { _ in String?.none }, subjects: unbound)
    }

    public func initialize(as intent: StoreIntent) throws(SuccessionError) -> ReaderInitialization {
        let change = try apply(intent)
        return ReaderInitialization(
            unbound: intent.subjects.map(ReaderSerialNumber.init(rawValue:)),
            method: .initializeTool,
            change: change
        )
    }

    public func reconcile(_ intent: StoreIntent) throws(SuccessionError) -> TerminalChange {
        // In effect when the store holds the bindings the change leaves.
        let planned = try intent.change.records(as: Change.self)
        return planned.last?.after == bound ? intent.change : TerminalChange()
    }

    public func revert(_ change: TerminalChange) throws(SuccessionError) {
        // The oldest record's bindings are the state before the whole change.
        guard let first = try change.records(as: Change.self).first else { return }
        bound = first.before
    }
}
