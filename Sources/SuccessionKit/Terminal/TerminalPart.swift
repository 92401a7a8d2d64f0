/// A part of the terminal that one kind of work touches, so that a terminal can say which parts
/// software works and which a person works (``Terminal/observation(of:)``).
///
/// Most terminals are all one or the other (the sandbox: software; the attended terminal: a
/// person). A terminal worked through the Windows agent is both: the agent changes the
/// certificates, the credentials and ReaderInfo.ini, but cannot click the login-name management
/// tool or download from the browser, so those stay with the person.
public enum TerminalPart: String, Sendable, Hashable, Codable, CaseIterable {
    /// Credential Manager's generic credentials 【工事手順⑩】.
    case credentials
    /// The personal certificate store and the trusted roots 【工事手順④⑦⑧】.
    case certificates
    /// The login-name management tool: listing, removing and binding readers 【工事手順③⑫】.
    case readerBindings
    /// The readers' initialization: InitializeFace.bat, or ReaderInfo.ini by hand 【工事手順⑤】.
    case readerInitialization
    /// The browser and its Downloads folder: the new `.p12` downloaded 【工事手順⑥】.
    case downloads
}
