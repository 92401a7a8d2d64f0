import Foundation
import SystemPackage

/// The card readers of a Windows terminal, through the agent: the initialization 【工事手順⑤】 by
/// software, the login-name management tool 【工事手順③⑫】 by the person.
///
/// ⑤ first copies `C:\ProgramData\OQS-Auth\ReaderInfo.ini` into the job's archive
/// (`.succession/archive/windows/files/`, verified by its SHA-256), then runs
/// `C:\Work\InitializeFace.bat` answering 「1」 as the manual says; only when the tool is missing
/// or does not say 初期化完了 is ReaderInfo.ini deleted, as the manual's way by hand (the agent
/// deletes it only while the archive holds the same bytes). Undo puts ReaderInfo.ini back —
/// what else InitializeFace.bat clears is not known here, and is not undone.
///
/// The login-name management tool is a window the agent cannot work: ``readers()`` and the
/// removals and bindings of ③⑫ are `attended.byPerson`, and the terminal made by
/// ``Terminal/windowsAgent(root:connection:downloads:backupFolder:certificateArchive:)`` has the
/// person do those steps (``TerminalPart/readerBindings``). For the same reason the store cannot
/// tell which readers ⑤ unbinds: ③'s record of what the person saw says it.
public struct AgentReaderBindingStore: ReaderBindingStore {
    /// What ⑤ records: where ReaderInfo.ini was and what it held, where its copy is, and how
    /// the readers were initialized.
    struct Record: Codable, Hashable {
        /// This initialization, among the ones in effect (``AgentArchiveFolder/initialized()``).
        var id: String
        /// The Windows path of ReaderInfo.ini.
        var readerInfo: String
        /// Its SHA-256 before, `nil` when there was none.
        var sha256: String?
        /// The copy, relative to the root; `nil` when there was nothing to copy.
        var archive: String?
        /// ``ReaderInitialization/Method``'s raw value.
        var method: String
    }

    private static let tool = "ログイン名管理ツール"

    let connection: AgentConnection
    let archive: AgentArchiveFolder
    /// How long InitializeFace.bat may run.
    let initializationTimeout: Duration

    /// The readers of the Windows terminal the agent of `connection` runs on; ⑤'s copy of
    /// ReaderInfo.ini goes under `layout`'s state folder, in `archive/windows/`.
    public init(connection: AgentConnection, layout: TerminalLayout, initializationTimeout: Duration = .seconds(120)) {
        self.connection = connection
        self.archive = AgentArchiveFolder(layout: layout)
        self.initializationTimeout = initializationTimeout
    }

    // MARK: ③⑫: the person's

    /// The login-name management tool's list: the person reads it (③).
    /// - Throws: `attended.byPerson`: the login-name management tool is the person's.
    public func readers() async throws(SuccessionError) -> [CardReaderBinding] { throw Self.byPerson() }

    /// Removing a reader (撤去) is the person's, in the login-name management tool (③).
    /// - Throws: `attended.byPerson`.
    public func prepareRemove(_ serial: ReaderSerialNumber) async throws(SuccessionError) -> StoreIntent {
        throw Self.byPerson()
    }

    /// Removing a reader (撤去) is the person's (③).
    /// - Throws: `attended.byPerson`.
    public func remove(
        _ serial: ReaderSerialNumber,
        as intent: StoreIntent
    ) async throws(SuccessionError) -> TerminalChange { throw Self.byPerson() }

    /// Binding a reader is the person's, in the login-name management tool (⑫).
    /// - Throws: `attended.byPerson`.
    public func prepareAdd(
        _ serial: ReaderSerialNumber,
        loginName: String
    ) async throws(SuccessionError) -> StoreIntent { throw Self.byPerson() }

    /// Binding a reader is the person's (⑫).
    /// - Throws: `attended.byPerson`.
    public func add(
        _ serial: ReaderSerialNumber,
        loginName: String,
        password: AccountPassword,
        as intent: StoreIntent
    ) async throws(SuccessionError) -> ReaderAddition { throw Self.byPerson() }

    private static func byPerson() -> SuccessionError {
        SuccessionError(.attendedByPerson, values: [.field: tool])
    }

    // MARK: ⑤

    /// Whether ReaderInfo.ini exists; which readers lose their binding is the person's to say
    /// (③), so the list is empty.
    public func initializationImpact() async throws(SuccessionError) -> ReaderInitializationImpact {
        let exists = try await connection.digest(of: try await connection.readerInfoPath()) != nil
        return ReaderInitializationImpact(readersToUnbind: [], readerInfoExists: exists)
    }

    /// Plans the initialization, changing nothing: where ReaderInfo.ini's copy goes, and whether
    /// InitializeFace.bat is there to run. An initialization this job made and has not undone (an
    /// attempt resumed after a kill) leaves nothing to do: an empty change.
    public func prepareInitialize() async throws(SuccessionError) -> StoreIntent {
        if let made = try archive.initialized().last {
            return StoreIntent(before: made.method, change: TerminalChange())
        }
        let path = try await connection.readerInfoPath()
        let sha256 = try await connection.digest(of: path)
        let status = try await connection.send(AgentRequest("status"))
        let tool = status.object("initializeFace")?.flag("exists") == true
        let method: ReaderInitialization.Method = tool ? .initializeTool : .readerInfoDeleted
        let record = Record(
            id: UUID().uuidString,
            readerInfo: path,
            sha256: sha256,
            archive: sha256.map { archive.recorded(archive.readerInfo(sha256: $0)) },
            method: method.rawValue
        )
        return StoreIntent(before: method.rawValue, change: try TerminalChange(record: record))
    }

    /// Copies ReaderInfo.ini into the archive, then runs InitializeFace.bat (or deletes
    /// ReaderInfo.ini when the tool is missing or fails), as `intent` says; idempotent.
    /// - Throws: `agent.initializationFailed` (count: the exit code) when InitializeFace.bat
    ///   fails and there is no ReaderInfo.ini to delete instead; the agent's errors.
    public func initialize(as intent: StoreIntent) async throws(SuccessionError) -> ReaderInitialization {
        guard !intent.change.isEmpty else {
            // Made already (see prepareInitialize()).
            let method = intent.before.flatMap(ReaderInitialization.Method.init(rawValue:)) ?? .initializeTool
            return ReaderInitialization(unbound: [], method: method, change: TerminalChange())
        }
        var record = try Self.record(of: intent.change)
        try archive.create()
        var stillThere = true
        if let planned = record.archive, let sha256 = record.sha256 {
            let now = try await connection.digest(of: record.readerInfo)
            if let now {
                // Changed since the plan: what is archived is what is there, under its own name.
                let copy = archive.readerInfo(sha256: now)
                _ = try await copyReaderInfo(record.readerInfo, to: copy)
                record.sha256 = now
                record.archive = archive.recorded(copy)
            } else {
                // Gone already: removed by an attempt killed before its record, once copied.
                guard try archive.bytes(try archive.resolve(planned)).map(Digest.sha256) == sha256 else {
                    throw SuccessionError(.agentArchiveMissing, values: [.path: planned])
                }
                stillThere = false
            }
        }
        var method = ReaderInitialization.Method(rawValue: record.method) ?? .initializeTool
        // ReaderInfo.ini gone after its copy means the initialization was made: not run twice.
        if stillThere {
            if method == .initializeTool {
                do {
                    try await runInitializeFace()
                } catch {
                    // The manual: only when the tool is missing or fails, ReaderInfo.ini by hand.
                    guard record.archive != nil, try await connection.digest(of: record.readerInfo) != nil else {
                        throw error
                    }
                    method = .readerInfoDeleted
                }
            }
            if method == .readerInfoDeleted, let planned = record.archive {
                do {
                    _ = try await connection.send(
                        AgentRequest(
                            "file.remove",
                            [
                                "path": .text(record.readerInfo),
                                "archive": .text(try await connection.agentPath(for: try archive.resolve(planned))),
                            ]
                        )
                    )
                } catch  where error.code == .agentFileNotFound {
                    // Gone already.
                }
            }
        }
        record.method = method.rawValue
        // Noted once made, so that a later attempt does not run the tool again; a kill between the
        // tool's end and this note is the one window where it could.
        try archive.noteInitialized(.init(id: record.id, method: record.method))
        return ReaderInitialization(unbound: [], method: method, change: try TerminalChange(record: record))
    }

    /// `file.archive` of ReaderInfo.ini to `copy`: the SHA-256 copied, or `nil` when there is
    /// no ReaderInfo.ini.
    private func copyReaderInfo(_ path: String, to copy: FilePath) async throws(SuccessionError) -> String? {
        do throws(SuccessionError) {
            let reply = try await connection.send(
                AgentRequest(
                    "file.archive",
                    ["path": .text(path), "destination": .text(try await connection.agentPath(for: copy))]
                )
            )
            let sha256 = try reply.required("sha256", of: "file.archive")
            guard try archive.bytes(copy).map(Digest.sha256) == sha256 else {
                throw SuccessionError(.agentArchiveDamaged, values: [.path: archive.recorded(copy), .detail: "sha256"])
            }
            return sha256
        } catch  where error.code == .agentFileNotFound {
            return nil
        } catch  where error.code == .agentFileDestinationExists {
            // A copy of other bytes under this content's name cannot be ours.
            throw SuccessionError(
                .agentArchiveDamaged,
                values: [.path: archive.recorded(copy), .detail: "other bytes"]
            )
        }
    }

    /// InitializeFace.bat, answered 「1」; it must end with exit code 0 having said 初期化完了.
    private func runInitializeFace() async throws(SuccessionError) {
        let milliseconds = Int(initializationTimeout.components.seconds) * 1000
        let reply = try await connection.send(
            AgentRequest("run.initializeFace", ["timeoutMs": .integer(milliseconds)]),
            timeout: initializationTimeout + .seconds(30)
        )
        let exitCode = reply.integer("exitCode") ?? -1
        guard exitCode == 0, reply.string("output")?.contains("初期化完了") == true else {
            throw SuccessionError(
                .agentInitializationFailed,
                values: [.field: "run.initializeFace", .count: String(exitCode)]
            )
        }
    }

    // MARK: Resuming and undo

    /// In effect once ReaderInfo.ini's copy is made (everything else follows it); with no
    /// ReaderInfo.ini before, the record as planned (its undo changes nothing).
    public func reconcile(_ intent: StoreIntent) async throws(SuccessionError) -> TerminalChange {
        guard !intent.change.isEmpty else { return TerminalChange() }
        let record = try Self.record(of: intent.change)
        guard let planned = record.archive else { return intent.change }
        return try archive.bytes(try archive.resolve(planned)) != nil ? intent.change : TerminalChange()
    }

    /// Puts ReaderInfo.ini back from its copy; a different ReaderInfo.ini there now is copied into
    /// the archive first, so nothing is lost. Idempotent.
    /// - Throws: `agent.archiveMissing` when the copy is gone; the agent's errors.
    public func revert(_ change: TerminalChange) async throws(SuccessionError) {
        for record in try change.records(as: Record.self).reversed() {
            try await restore(record)
            // Undone: a later ⑤ initializes again.
            try archive.forgetInitialized(record.id)
        }
    }

    private func restore(_ record: Record) async throws(SuccessionError) {
        guard let planned = record.archive, let sha256 = record.sha256 else { return }
        let copy = try archive.resolve(planned)
        guard try archive.bytes(copy).map(Digest.sha256) == sha256 else {
            throw SuccessionError(.agentArchiveMissing, values: [.path: planned])
        }
        let now = try await connection.digest(of: record.readerInfo)
        if now == sha256 { return }
        if let now {
            _ = try await copyReaderInfo(record.readerInfo, to: archive.readerInfo(sha256: now))
        }
        _ = try await connection.send(
            AgentRequest(
                "file.restore",
                [
                    "archive": .text(try await connection.agentPath(for: copy)),
                    "path": .text(record.readerInfo),
                    "sha256": .text(sha256),
                    "overwrite": .flag(now != nil),
                ]
            )
        )
    }

    private static func record(of change: TerminalChange) throws(SuccessionError) -> Record {
        guard let record = try change.records(as: Record.self).first else {
            throw SuccessionError(.terminalChangeRecord, values: [.detail: "no readers record"])
        }
        return record
    }
}
