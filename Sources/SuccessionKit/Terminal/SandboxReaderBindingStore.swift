import Foundation
import SystemPackage

/// The card readers of a sandbox terminal. `readers.json` is the login-name tool's list and the
/// readers' physical connection; `ReaderInfo.ini` is the bindings file, treated as opaque bytes
/// (its real format is not public) and never holding a password.
package struct SandboxReaderBindingStore: ReaderBindingStore {
    struct Device: Codable, Hashable {
        var serial: ReaderSerialNumber
        var loginName: String?
        /// Whether the USB cable is plugged in (what the technician changes by hand).
        var pluggedIn: Bool
    }

    let layout: TerminalLayout

    /// The store of the sandbox terminal laid out by `layout` (its files under `layout.root`).
    package init(layout: TerminalLayout) {
        self.layout = layout
    }

    package func readers() throws(SuccessionError) -> [CardReaderBinding] {
        try devices().map { device in
            CardReaderBinding(
                serial: device.serial,
                loginName: device.loginName,
                state: !device.pluggedIn ? .notConnected : device.loginName == nil ? .unregistered : .connected
            )
        }
    }

    package func prepareRemove(_ serial: ReaderSerialNumber) throws(SuccessionError) -> StoreIntent {
        let list = try devices()
        guard let device = list.first(where: { $0.serial == serial }) else {
            throw SuccessionError(.readerUnknown, values: [.found: serial.rawValue])
        }
        guard !device.pluggedIn else { throw SuccessionError(.readerConnected, values: [.found: serial.rawValue]) }
        return StoreIntent(
            subjects: [serial.rawValue],
            change: TerminalChange(archived: [
                try archive.plan(layout.readersFile, reason: "reader.remove", remove: false)
            ])
        )
    }

    package func remove(_ serial: ReaderSerialNumber, as intent: StoreIntent) throws(SuccessionError) -> TerminalChange
    {
        let change = try archived(intent)
        var list = try devices()
        if let index = list.firstIndex(where: { $0.serial == serial }) {
            list.remove(at: index)
            try JSONFile.write(list, to: layout.readersFile.string)
        }
        return change
    }

    package func prepareAdd(_ serial: ReaderSerialNumber, loginName: String) throws(SuccessionError) -> StoreIntent {
        let identified = AccountID.identify(loginName)
        if identified.problems.containsError || identified.kind != .faceAuth {
            throw SuccessionError(
                identified.problems.isEmpty
                    ? [Problem(.readerLoginName, values: [.found: loginName])] : identified.problems
            )
        }
        guard let device = try devices().first(where: { $0.serial == serial }), device.pluggedIn else {
            throw SuccessionError(.readerNotPluggedIn, values: [.found: serial.rawValue])
        }
        var change = TerminalChange()
        if FileSystem.exists(layout.readersFile.string) {
            change.archived.append(try archive.plan(layout.readersFile, reason: "reader.add", remove: false))
        }
        let readerInfo = layout.path(.readerInfo)
        if FileSystem.exists(readerInfo.string) {
            change.archived.append(try archive.plan(readerInfo, reason: "reader.bind", remove: false))
        } else {
            change.created.append(layout.relative(readerInfo))
        }
        return StoreIntent(subjects: [serial.rawValue], change: change)
    }

    package func add(
        _ serial: ReaderSerialNumber,
        loginName: String,
        password: AccountPassword,
        as intent: StoreIntent
    ) throws(SuccessionError) -> ReaderAddition {
        guard !password.revealed().isEmpty else { throw SuccessionError(.readerPassword) }
        var list = try devices()
        guard let index = list.firstIndex(where: { $0.serial == serial }), list[index].pluggedIn else {
            throw SuccessionError(.readerNotPluggedIn, values: [.found: serial.rawValue])
        }
        let change = try archived(intent)
        if list[index].loginName != loginName {
            list[index].loginName = loginName
            try JSONFile.write(list, to: layout.readersFile.string)
        }
        try writeReaderInfo(list)
        // Confirm as the manual does: the tool must now show the reader 接続中.
        guard let binding = try readers().first(where: { $0.serial == serial }), binding.state == .connected else {
            throw SuccessionError(.readerNotConnectedAfterAdd, values: [.found: serial.rawValue])
        }
        return ReaderAddition(binding: binding, change: change)
    }

    package func initializationImpact() throws(SuccessionError) -> ReaderInitializationImpact {
        ReaderInitializationImpact(
            readersToUnbind: try devices().filter { $0.loginName != nil }.map(\.serial),
            readerInfoExists: FileSystem.exists(layout.path(.readerInfo).string)
        )
    }

    package func prepareInitialize() throws(SuccessionError) -> StoreIntent {
        let impact = try initializationImpact()
        // The sandbox's InitializeFace.bat and deleting ReaderInfo.ini have the same effect; which
        // one the manual would use depends on whether the tool is there.
        let method: ReaderInitialization.Method =
            FileSystem.exists(layout.path(.work).appending("InitializeFace.bat").string)
            ? .initializeTool : .readerInfoDeleted
        var change = TerminalChange()
        if impact.readerInfoExists {
            change.archived.append(
                try archive.plan(layout.path(.readerInfo), reason: "reader.initialize", remove: true)
            )
        }
        if !impact.readersToUnbind.isEmpty {
            change.archived.append(try archive.plan(layout.readersFile, reason: "reader.initialize", remove: false))
        }
        return StoreIntent(before: method.rawValue, subjects: impact.readersToUnbind.map(\.rawValue), change: change)
    }

    package func initialize(as intent: StoreIntent) throws(SuccessionError) -> ReaderInitialization {
        let change = try archived(intent)
        var list = try devices()
        if list.contains(where: { $0.loginName != nil }) {
            for index in list.indices { list[index].loginName = nil }
            try JSONFile.write(list, to: layout.readersFile.string)
        }
        return ReaderInitialization(
            unbound: intent.subjects.map(ReaderSerialNumber.init(rawValue:)),
            method: intent.before.flatMap(ReaderInitialization.Method.init(rawValue:)) ?? .initializeTool,
            change: change
        )
    }

    package func reconcile(_ intent: StoreIntent) throws(SuccessionError) -> TerminalChange {
        try archive.reconcile(intent.change)
    }

    package func revert(_ change: TerminalChange) throws(SuccessionError) {
        try archive.revertFiles(change, root: layout.root)
    }

    /// Makes the intent's archives (each idempotent), as the change they are.
    private func archived(_ intent: StoreIntent) throws(SuccessionError) -> TerminalChange {
        var change = intent.change
        change.archived = []
        for planned in intent.change.archived { change.archived.append(try archive.archive(planned)) }
        return change
    }

    private var archive: TerminalArchive { TerminalArchive(layout: layout) }

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

    /// The sandbox's stand-in for ReaderInfo.ini: opaque bytes naming bound serials, no secret;
    /// rewritten only when it would change.
    private func writeReaderInfo(_ list: [Device]) throws(SuccessionError) {
        let path = layout.path(.readerInfo)
        var text = "; sandbox ReaderInfo.ini (the real format is not public)\r\n"
        for device in list where device.loginName != nil {
            text += "[Reader]\r\nSerial=\(device.serial.rawValue)\r\n"
        }
        if (try? FileBytes.read(path.string, followLinks: false)) == Array(text.utf8) { return }
        try AtomicFile.createFolder(path.removingLastComponent().string)
        try AtomicFile.write(Array(text.utf8), to: path.string, replace: true)
    }
}
