import Foundation

/// The card readers of a terminal and their bindings 【工事手順③⑤⑫, 補足資料②】.
///
/// A store keeps the contract of <doc:WritingATerminalBackend#The-contract>: synchronous calls,
/// one at a time, that may block; `Sendable` through a `Mutex`; only what happened reported;
/// an idempotent `revert(_:)`; nothing deleted; no secret in a change.
///
/// The readers' cables are the person's: before ③ the technician unplugs every reader
/// (the manual's 「未接続」 is what ``remove(_:)`` requires) and plugs them in again before ⑫;
/// a store reports the state it reads and never assumes it.
///
/// See <doc:WritingATerminalBackend> for implementing this outside the module.
public protocol ReaderBindingStore: Sendable {
    /// The readers as the login-name management tool lists them.
    /// - Throws: `terminal.stateDamaged` (values: path) when the store's state cannot be read.
    func readers() throws(SuccessionError) -> [CardReaderBinding]
    /// Removes (撤去) a reader from the tool; refused unless it is 未接続.
    /// - Throws: `reader.connected` when it is still plugged in, `reader.unknown` when there is
    ///   no such reader; each with the serial as `found`. The job shows their messages (「USB
    ///   ケーブルを外して…」) and stops at ③ with ``WayForward/runAgain(_:)``.
    func remove(_ serial: ReaderSerialNumber) throws(SuccessionError) -> TerminalChange
    /// Binds a connected reader to a login name (the face-auth account) and confirms it is
    /// 接続中 afterwards. The password is passed on, never stored in a record.
    /// - Throws: `reader.notPluggedIn` when it is not plugged in, `reader.notConnectedAfterAdd`
    ///   when it does not read back 接続中 (each with the serial as `found`), `reader.loginName`
    ///   (found: the name) or `reader.password` when the account is not the face-auth one.
    func add(
        _ serial: ReaderSerialNumber,
        loginName: String,
        password: AccountPassword
    ) throws(SuccessionError) -> ReaderAddition
    /// How many readers an initialization would unbind (every bound reader), before doing it.
    func initializationImpact() throws(SuccessionError) -> ReaderInitializationImpact
    /// The initialization: InitializeFace.bat first, deleting ReaderInfo.ini only when the tool
    /// is missing or fails. ReaderInfo.ini is archived, never deleted; every reader is unbound.
    func initialize() throws(SuccessionError) -> ReaderInitialization
    /// Undoes a change this store made.
    func revert(_ change: TerminalChange) throws(SuccessionError)
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
