/// A change a step made through one of the terminal's stores, kept for undo.
public struct RecordedChange: Sendable, Hashable, Codable {
    /// Which store made the change, and so which one undoes it.
    public enum Store: String, Sendable, Hashable, Codable {
        /// The terminal's ``Terminal/credentials``.
        case credentials
        /// The terminal's ``Terminal/certificates``.
        case certificates
        /// The terminal's ``Terminal/readers``.
        case readers
        /// Files the software itself wrote (the backup of ⑥), undone through the archive.
        case files
    }

    /// Which store made it.
    public let store: Store
    /// What that store returned, handed back to its `revert(_:)` on undo.
    public let change: TerminalChange
    /// The kind of change (`credentials.setInstitutionCode`), as the intent before it named it.
    public let operation: String?

    package init(store: Store, change: TerminalChange, operation: String? = nil) {
        self.store = store
        self.change = change
        self.operation = operation
    }
}

/// A store change journaled before it is made: which store, which kind of change, and the
/// store's intent (the value before, the exact archive places). A later event with its
/// ``RecordedChange`` closes it; one left open was cut short by a kill, and is reconciled with
/// what the store holds before anything else happens to the step.
public struct RecordedIntent: Sendable, Hashable, Codable {
    /// The store that will make the change.
    public let store: RecordedChange.Store
    /// The kind of change.
    public let operation: String
    /// What the store said it will change.
    public let intent: StoreIntent

    package init(_ store: RecordedChange.Store, _ operation: String, _ intent: StoreIntent) {
        self.store = store
        self.operation = operation
        self.intent = intent
    }
}
