/// What a store is about to change, decided before it changes anything: the value before, what
/// the change is about, and the change record itself — the exact archive entries (where each
/// file will go), the files it will create, the store's own records. The job journals it first,
/// then asks the store to make it, then journals what the store returned.
///
/// A process killed between the store's change and the journal leaves the intent behind. The
/// next attempt asks the store what of it is in effect (`reconcile(_:)`), so the record never
/// loses a change and undo always finds what was archived: see
/// <doc:WritingATerminalBackend#The-contract>.
///
/// Never holds a secret: it is written to the journal as it is.
public struct StoreIntent: Sendable, Hashable, Codable {
    /// The value the store holds before the change, as the store reads it (a code; a file's
    /// SHA-256), when it has one.
    public var before: String?
    /// What the change is about: serial numbers, a certificate's fingerprint.
    public var subjects: [String]
    /// The change the store will make, in the form `revert(_:)` takes.
    public var change: TerminalChange

    /// An intent, as a store's `prepare…` returns it.
    public init(before: String? = nil, subjects: [String] = [], change: TerminalChange) {
        self.before = before
        self.subjects = subjects
        self.change = change
    }
}
