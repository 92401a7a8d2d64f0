import Foundation

/// What one store operation changed on a terminal, so that it can be undone through the same
/// store: what it archived (replaced or removed), what files it created, and — for a store that
/// is not made of files — a record of its own type.
///
/// The job keeps these changes per step in its journal; `job undo` hands them back, newest
/// first, to the store that made them (``CredentialStore/revert(_:)`` and its siblings) and never
/// looks at the terminal itself. A file-based store names the files it created in ``created``
/// (undone by ``TerminalArchiving/revertFiles(_:root:date:)``); a Windows or in-memory store
/// keeps what it needs in ``records(as:)`` of its own `Codable` type:
///
/// ```swift
/// struct Installed: Codable { var thumbprint: String; var store: String }
/// let change = try TerminalChange(record: Installed(thumbprint: sha1, store: "My"))
/// // … later, in revert(_:):
/// for installed in try change.records(as: Installed.self).reversed() { try remove(installed) }
/// ```
///
/// A change is written to the journal as JSON: it never holds a secret.
public struct TerminalChange: Sendable, Hashable, Codable {
    /// The archive entries of what was replaced or removed, oldest first.
    public var archived: [TerminalArchive.Entry]
    /// The files the operation created, oldest first: absolute paths, or paths relative to the
    /// terminal's root (see ``TerminalArchiving/revertFiles(_:root:date:)``).
    public var created: [String]
    /// The stores' own records of the change, as JSON text, oldest first; read them with
    /// ``records(as:)``.
    public private(set) var storeRecords: [String] = []

    /// A change of files: what was archived and what was created.
    public init(archived: [TerminalArchive.Entry] = [], created: [String] = []) {
        self.archived = archived
        self.created = created
    }

    /// A change a store describes in its own type, beside what it archived.
    /// - Throws: ``SuccessionError`` with `terminal.changeRecord` when `record` does not encode.
    public init(archived: [TerminalArchive.Entry] = [], record: some Encodable) throws(SuccessionError) {
        self.archived = archived
        self.created = []
        let encoder = JSONEncoder()
        // Foundation's own date form: a record reads back exactly as it was written.
        encoder.outputFormatting = [.sortedKeys]
        do {
            self.storeRecords = [String(decoding: try encoder.encode(record), as: UTF8.self)]
        } catch {
            throw SuccessionError(.terminalChangeRecord, values: [.detail: "\(error)"])
        }
    }

    /// The store's records as `type`, oldest first; empty for a change of files only.
    /// - Throws: ``SuccessionError`` with `terminal.changeRecord` when a record is not a `type`
    ///   (a journal edited, or written by another backend).
    public func records<Record: Decodable>(as type: Record.Type) throws(SuccessionError) -> [Record] {
        let decoder = JSONDecoder()
        do {
            return try storeRecords.map { try decoder.decode(type, from: Data($0.utf8)) }
        } catch {
            throw SuccessionError(.terminalChangeRecord, values: [.detail: "\(error)"])
        }
    }

    /// Whether the operation changed nothing.
    public var isEmpty: Bool { archived.isEmpty && created.isEmpty && storeRecords.isEmpty }

    /// Both changes, this one first.
    public func merged(with other: TerminalChange) -> TerminalChange {
        var merged = TerminalChange(archived: archived + other.archived, created: created + other.created)
        merged.storeRecords = storeRecords + other.storeRecords
        return merged
    }

    private enum CodingKeys: String, CodingKey { case archived, created, storeRecords }

    /// Decodes a change; journals written before store records existed have none.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        archived = try container.decode([TerminalArchive.Entry].self, forKey: .archived)
        created = try container.decode([String].self, forKey: .created)
        storeRecords = try container.decodeIfPresent([String].self, forKey: .storeRecords) ?? []
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(archived, forKey: .archived)
        try container.encode(created, forKey: .created)
        if !storeRecords.isEmpty { try container.encode(storeRecords, forKey: .storeRecords) }
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
