import Foundation
import SystemPackage

/// The card readers of a sandbox terminal. `readers.json` is the login-name tool's list and the
/// readers' physical connection; `ReaderInfo.ini` is the bindings file, treated as opaque bytes
/// (its real format is not public) and never holding a password.
public struct SandboxReaderBindingStore: ReaderBindingStore {
    struct Device: Codable, Hashable {
        var serial: ReaderSerialNumber
        var loginName: String?
        /// Whether the USB cable is plugged in (what the technician changes by hand).
        var pluggedIn: Bool
    }

    let layout: TerminalLayout

    /// The store of the sandbox terminal laid out by `layout` (its files under `layout.root`).
    public init(layout: TerminalLayout) {
        self.layout = layout
    }

    public func readers() throws(SuccessionError) -> [CardReaderBinding] {
        try devices().map { device in
            CardReaderBinding(
                serial: device.serial,
                loginName: device.loginName,
                state: !device.pluggedIn ? .notConnected : device.loginName == nil ? .unregistered : .connected
            )
        }
    }

    public func remove(_ serial: ReaderSerialNumber) throws(SuccessionError) -> TerminalChange {
        var list = try devices()
        guard let index = list.firstIndex(where: { $0.serial == serial }) else {
            throw SuccessionError(.readerUnknown, values: [.found: serial.rawValue])
        }
        guard !list[index].pluggedIn else {
            throw SuccessionError(.readerConnected, values: [.found: serial.rawValue])
        }
        let entry = try TerminalArchive(layout: layout).archive(
            layout.readersFile,
            reason: "reader.remove",
            remove: false
        )
        list.remove(at: index)
        try JSONFile.write(list, to: layout.readersFile.string)
        return TerminalChange(archived: [entry])
    }

    public func add(
        _ serial: ReaderSerialNumber,
        loginName: String,
        password: AccountPassword
    ) throws(SuccessionError)
        -> ReaderAddition
    {
        let identified = AccountID.identify(loginName)
        if identified.problems.containsError || identified.kind != .faceAuth {
            throw SuccessionError(
                identified.problems.isEmpty
                    ? [Problem(.readerLoginName, values: [.found: loginName])] : identified.problems
            )
        }
        guard !password.revealed().isEmpty else { throw SuccessionError(.readerPassword) }
        var list = try devices()
        guard let index = list.firstIndex(where: { $0.serial == serial }), list[index].pluggedIn else {
            throw SuccessionError(.readerNotPluggedIn, values: [.found: serial.rawValue])
        }
        var change = TerminalChange()
        if FileSystem.exists(layout.readersFile.string) {
            change.archived.append(
                try TerminalArchive(layout: layout).archive(layout.readersFile, reason: "reader.add", remove: false)
            )
        }
        list[index].loginName = loginName
        try JSONFile.write(list, to: layout.readersFile.string)
        change = change.merged(with: try writeReaderInfo(list))
        // Confirm as the manual does: the tool must now show the reader 接続中.
        guard let binding = try readers().first(where: { $0.serial == serial }), binding.state == .connected else {
            throw SuccessionError(.readerNotConnectedAfterAdd, values: [.found: serial.rawValue])
        }
        return ReaderAddition(binding: binding, change: change)
    }

    public func initializationImpact() throws(SuccessionError) -> ReaderInitializationImpact {
        ReaderInitializationImpact(
            readersToUnbind: try devices().filter { $0.loginName != nil }.map(\.serial),
            readerInfoExists: FileSystem.exists(layout.path(.readerInfo).string)
        )
    }

    public func initialize() throws(SuccessionError) -> ReaderInitialization {
        let impact = try initializationImpact()
        let archive = TerminalArchive(layout: layout)
        // The sandbox's InitializeFace.bat and deleting ReaderInfo.ini have the same effect; which
        // one the manual would use depends on whether the tool is there.
        let method: ReaderInitialization.Method =
            FileSystem.exists(layout.path(.work).appending("InitializeFace.bat").string)
            ? .initializeTool : .readerInfoDeleted
        var entries: [TerminalArchive.Entry] = []
        if impact.readerInfoExists {
            entries.append(try archive.archive(layout.path(.readerInfo), reason: "reader.initialize", remove: true))
        }
        var list = try devices()
        if !impact.readersToUnbind.isEmpty {
            entries.append(try archive.archive(layout.readersFile, reason: "reader.initialize", remove: false))
            for index in list.indices { list[index].loginName = nil }
            try JSONFile.write(list, to: layout.readersFile.string)
        }
        return ReaderInitialization(
            unbound: impact.readersToUnbind,
            method: method,
            change: TerminalChange(archived: entries)
        )
    }

    public func revert(_ change: TerminalChange) throws(SuccessionError) {
        try TerminalArchive(layout: layout).revertFiles(change, root: layout.root)
    }

    // MARK: What the technician does by hand, in a sandbox

    /// Plugs a reader in or out (the USB cable of 【工事手順③①】 and 【工事手順⑫①】); a new
    /// serial is a new reader.
    package func setPluggedIn(_ serial: ReaderSerialNumber, _ pluggedIn: Bool) throws(SuccessionError) {
        var list = try devices()
        if let index = list.firstIndex(where: { $0.serial == serial }) {
            list[index].pluggedIn = pluggedIn
        } else {
            list.append(Device(serial: serial, loginName: nil, pluggedIn: pluggedIn))
        }
        try JSONFile.write(list, to: layout.readersFile.string)
    }

    /// Sets up readers already bound, with their ReaderInfo.ini (for the demo and tests).
    package func seed(
        bound serials: [ReaderSerialNumber],
        loginName: String = AccountID.faceAuth.rawValue
    ) throws(SuccessionError) {
        let list = serials.map { Device(serial: $0, loginName: loginName, pluggedIn: true) }
        try JSONFile.write(list, to: layout.readersFile.string)
        try writeReaderInfo(list)
    }

    private func devices() throws(SuccessionError) -> [Device] {
        try JSONFile.read(
            [Device].self,
            from: layout.readersFile.string,
            damaged: .terminalStateDamaged,
            followLinks: false
        )
            ?? []
    }

    /// The sandbox's stand-in for ReaderInfo.ini: opaque bytes naming bound serials, no secret.
    @discardableResult
    private func writeReaderInfo(_ list: [Device]) throws(SuccessionError) -> TerminalChange {
        let path = layout.path(.readerInfo)
        var change = TerminalChange()
        if FileSystem.exists(path.string) {
            change.archived.append(
                try TerminalArchive(layout: layout).archive(path, reason: "reader.bind", remove: false)
            )
        } else {
            change.created.append(layout.relative(path))
        }
        var text = "; sandbox ReaderInfo.ini (the real format is not public)\r\n"
        for device in list where device.loginName != nil {
            text += "[Reader]\r\nSerial=\(device.serial.rawValue)\r\n"
        }
        try AtomicFile.createFolder(path.removingLastComponent().string)
        try AtomicFile.write(Array(text.utf8), to: path.string, replace: true)
        return change
    }
}
