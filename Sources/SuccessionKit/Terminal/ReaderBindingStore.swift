import Foundation

/// The card readers of a terminal and their bindings 【工事手順③⑤⑫, 補足資料②】.
///
/// A store keeps the contract of <doc:WritingATerminalBackend#The-contract>: calls the job
/// makes one at a time (each may suspend: an actor can be a store); a change prepared before it
/// is made, made idempotently, and reconciled after a kill; only what happened reported; an
/// idempotent `revert(_:)`; nothing deleted; no secret in an intent or a change.
///
/// The readers' cables are the person's: before ③ the technician unplugs every reader
/// (the manual's 「未接続」 is what ``remove(_:as:)`` requires) and plugs them in again before ⑫;
/// a store reports the state it reads and never assumes it.
///
/// See <doc:WritingATerminalBackend> for implementing this outside the module.
public protocol ReaderBindingStore: Sendable {
    /// The readers as the login-name management tool lists them.
    /// - Throws: `terminal.stateDamaged` (values: path) when the store's state cannot be read.
    func readers() async throws(SuccessionError) -> [CardReaderBinding]
    /// Decides, changing nothing, what removing (撤去) a reader will change.
    /// - Throws: `reader.connected` when it is still plugged in, `reader.unknown` when there is
    ///   no such reader; each with the serial as `found`. The job shows their messages (「USB
    ///   ケーブルを外して…」) and stops at ③ with ``WayForward/runAgain(_:)``.
    func prepareRemove(_ serial: ReaderSerialNumber) async throws(SuccessionError) -> StoreIntent
    /// Removes (撤去) a reader from the tool as `intent` says; idempotent (a reader removed
    /// already is not removed again).
    func remove(_ serial: ReaderSerialNumber, as intent: StoreIntent) async throws(SuccessionError) -> TerminalChange
    /// Decides, changing nothing, what binding a connected reader to `loginName` will change.
    /// - Throws: `reader.notPluggedIn` when it is not plugged in (found: the serial),
    ///   `reader.loginName` (found: the name) when the account is not the face-auth one.
    func prepareAdd(_ serial: ReaderSerialNumber, loginName: String) async throws(SuccessionError) -> StoreIntent
    /// Binds a connected reader to a login name (the face-auth account) as `intent` says, and
    /// confirms it is 接続中 afterwards. The password is passed on, never stored in a record.
    /// Idempotent: a reader bound already is not bound again.
    /// - Throws: `reader.notPluggedIn` when it is not plugged in, `reader.notConnectedAfterAdd`
    ///   when it does not read back 接続中 (each with the serial as `found`), `reader.loginName`
    ///   (found: the name) or `reader.password` when the account is not the face-auth one.
    func add(
        _ serial: ReaderSerialNumber,
        loginName: String,
        password: AccountPassword,
        as intent: StoreIntent
    ) async throws(SuccessionError) -> ReaderAddition
    /// How many readers an initialization would unbind (every bound reader), before doing it.
    func initializationImpact() async throws(SuccessionError) -> ReaderInitializationImpact
    /// Decides, changing nothing, what the initialization will change: its intent's subjects
    /// are the serials it will unbind.
    func prepareInitialize() async throws(SuccessionError) -> StoreIntent
    /// The initialization, as `intent` says: InitializeFace.bat first, deleting ReaderInfo.ini
    /// only when the tool is missing or fails. ReaderInfo.ini is archived, never deleted; every
    /// reader is unbound. Idempotent.
    func initialize(as intent: StoreIntent) async throws(SuccessionError) -> ReaderInitialization
    /// What of `intent` is in effect after a process was killed while it was made: the part of
    /// its change that `revert(_:)` must undo (empty when nothing happened).
    func reconcile(_ intent: StoreIntent) async throws(SuccessionError) -> TerminalChange
    /// Undoes a change this store made; idempotent.
    func revert(_ change: TerminalChange) async throws(SuccessionError)
}

extension ReaderBindingStore {
    /// Prepares and makes a removal in one call, for work that keeps no journal.
    public func remove(_ serial: ReaderSerialNumber) async throws(SuccessionError) -> TerminalChange {
        try await remove(serial, as: try await prepareRemove(serial))
    }

    /// Prepares and makes a binding in one call, for work that keeps no journal.
    public func add(
        _ serial: ReaderSerialNumber,
        loginName: String,
        password: AccountPassword
    ) async throws(SuccessionError) -> ReaderAddition {
        try await add(
            serial,
            loginName: loginName,
            password: password,
            as: try await prepareAdd(serial, loginName: loginName)
        )
    }

    /// Prepares and makes the initialization in one call, for work that keeps no journal.
    public func initialize() async throws(SuccessionError) -> ReaderInitialization {
        try await initialize(as: try await prepareInitialize())
    }
}

/// What an initialization would do, told before it is done.
public struct ReaderInitializationImpact: Sendable, Hashable, Codable {
    /// The readers that will lose their binding.
    public let readersToUnbind: [ReaderSerialNumber]
    /// Whether ReaderInfo.ini exists.
    public let readerInfoExists: Bool

    /// What a store's ``ReaderBindingStore/initializationImpact()`` returns.
    public init(readersToUnbind: [ReaderSerialNumber], readerInfoExists: Bool) {
        self.readersToUnbind = readersToUnbind
        self.readerInfoExists = readerInfoExists
    }

    /// The rule before ⑤ when several readers are bound: unbinding them all must be confirmed
    /// (every serial noted, so each can be bound again in ⑫). `nil` when nothing stands in
    /// the way: one reader or none, or `confirmed`.
    public func confirmationProblem(confirmed: Bool) -> Problem? {
        guard readersToUnbind.count > 1, !confirmed else { return nil }
        return Problem(.readerConfirmationNeeded, values: [.count: String(readersToUnbind.count)])
    }

    /// A warning when more than one reader will have to be bound again.
    public var problems: [Problem] {
        readersToUnbind.count > 1
            ? [Problem(.readerSeveralUnbound, severity: .warning, values: [.count: String(readersToUnbind.count)])] : []
    }
}

/// What an initialization did.
public struct ReaderInitialization: Sendable, Hashable, Codable {
    /// How the bindings were cleared 【工事手順⑤】.
    public enum Method: String, Sendable, Hashable, Codable {
        /// `C:\Work\InitializeFace.bat`, answered 「1」: the manual's first choice.
        case initializeTool
        /// `ReaderInfo.ini` deleted by hand, because the tool was missing or failed.
        case readerInfoDeleted
    }

    /// The readers that lost their binding (each bound again at ⑫).
    public let unbound: [ReaderSerialNumber]
    /// How the bindings were cleared.
    public let method: Method
    /// What to hand to ``ReaderBindingStore/revert(_:)``.
    public let change: TerminalChange

    /// What a store's ``ReaderBindingStore/initialize()`` returns.
    public init(unbound: [ReaderSerialNumber], method: Method, change: TerminalChange) {
        self.unbound = unbound
        self.method = method
        self.change = change
    }
}

/// What binding a reader did.
public struct ReaderAddition: Sendable, Hashable, Codable {
    /// The reader as the tool shows it afterwards (接続中 when it worked).
    public let binding: CardReaderBinding
    /// What to hand to ``ReaderBindingStore/revert(_:)``.
    public let change: TerminalChange

    /// What a store's ``ReaderBindingStore/add(_:loginName:password:)`` returns.
    public init(binding: CardReaderBinding, change: TerminalChange) {
        self.binding = binding
        self.change = change
    }
}
