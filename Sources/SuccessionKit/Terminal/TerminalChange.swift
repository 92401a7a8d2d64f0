/// What one store operation changed on a terminal, so that it can be undone through the same
/// store: what it archived (replaced or removed) and what it created.
///
/// The job keeps these records per step; `job undo` hands them back to the store that made them
/// (``CredentialStore/revert(_:)`` and its siblings) and never looks at the terminal's files
/// itself. A backend names what it created in its own terms (a sandbox: paths relative to its
/// root; a Windows store: a thumbprint).
public struct TerminalChange: Sendable, Hashable, Codable {
    /// The archive entries of what was replaced or removed, oldest first.
    public var archived: [TerminalArchive.Entry]
    /// What the operation created, in the store's own terms, oldest first.
    public var created: [String]

    public init(archived: [TerminalArchive.Entry] = [], created: [String] = []) {
        self.archived = archived
        self.created = created
    }

    /// Whether the operation changed nothing.
    public var isEmpty: Bool { archived.isEmpty && created.isEmpty }

    /// Both changes, this one first.
    public func merged(with other: TerminalChange) -> TerminalChange {
        TerminalChange(archived: archived + other.archived, created: created + other.created)
    }
}

/// How a terminal's stores know what they report.
public enum TerminalObservation: String, Sendable, Hashable, Codable {
    /// Software reads and writes the stores itself (the sandbox; a Windows backend).
    case software
    /// A person does each operation on the terminal's screen and types back what it shows
    /// (the attended terminal); software checks every typed value.
    case person
}
