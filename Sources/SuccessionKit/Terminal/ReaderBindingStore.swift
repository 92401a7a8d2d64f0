/// The card readers of a terminal and their bindings 【工事手順③⑤⑫, 補足資料②】.
public protocol ReaderBindingStore: Sendable {
    /// The readers as the login-name management tool lists them.
    func readers() throws(SuccessionError) -> [CardReaderBinding]
    /// Removes (撤去) a reader from the tool; refused unless it is 未接続.
    func remove(_ serial: ReaderSerialNumber) throws(SuccessionError) -> [TerminalArchive.Entry]
    /// Binds a connected reader to a login name (the face-auth account) and confirms it is
    /// 接続中 afterwards. The password is passed on, never stored in a record.
    func add(
        _ serial: ReaderSerialNumber,
        loginName: String,
        password: AccountPassword
    ) throws(SuccessionError) -> CardReaderBinding
    /// How many readers an initialization would unbind (every bound reader), before doing it.
    func initializationImpact() throws(SuccessionError) -> ReaderInitializationImpact
    /// The initialization (InitializeFace.bat / deleting ReaderInfo.ini): ReaderInfo.ini is moved
    /// to the archive, never deleted, and every reader is unbound.
    func initialize() throws(SuccessionError) -> ReaderInitialization
}

/// What an initialization would do, told before it is done.
public struct ReaderInitializationImpact: Sendable, Hashable, Codable {
    /// The readers that will lose their binding.
    public let readersToUnbind: [ReaderSerialNumber]
    /// Whether ReaderInfo.ini exists.
    public let readerInfoExists: Bool

    /// A warning when more than one reader will have to be bound again.
    public var problems: [Problem] {
        readersToUnbind.count > 1
            ? [Problem(.readerSeveralUnbound, severity: .warning, values: [.count: String(readersToUnbind.count)])] : []
    }
}

/// What an initialization did.
public struct ReaderInitialization: Sendable, Hashable, Codable {
    public let unbound: [ReaderSerialNumber]
    /// The archive entries of ReaderInfo.ini and of the tool's list.
    public let archiveEntries: [TerminalArchive.Entry]
}
