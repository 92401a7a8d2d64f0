import Foundation

/// The serial number on a card reader's sticker, "SER. No. (DEV. ID.)".
public struct ReaderSerialNumber: Sendable, Hashable, Codable, Comparable, CustomStringConvertible, RawRepresentable,
    ExpressibleByStringLiteral
{
    public let rawValue: String

    /// A serial as typed: full-width characters and surrounding spaces are normalized.
    public init(rawValue: String) {
        self.rawValue = TypedInput.halfWidth(rawValue).trimmingCharacters(in: .whitespaces)
    }

    /// A serial written in code: `"CAORA-000101"`.
    public init(stringLiteral value: String) {
        self.init(rawValue: value)
    }

    public var description: String { rawValue }

    public static func < (lhs: ReaderSerialNumber, rhs: ReaderSerialNumber) -> Bool {
        lhs.rawValue < rhs.rawValue
    }
}

/// A face-recognition card reader (e.g. Fujitsu Caora) as the login-name management tool shows
/// it: its serial, the login name bound to it, and its state 【工事手順③⑫】.
public struct CardReaderBinding: Sendable, Hashable, Codable {
    /// 接続中 or 未接続.
    public enum State: String, Sendable, Hashable, Codable {
        /// 接続中 — plugged in and bound.
        case connected = "接続中"
        /// 未接続 — registered in the tool, not plugged in.
        case notConnected = "未接続"
        /// Plugged in but bound to no login name: the tool does not list it, it says
        /// 「どのログイン名にも登録されていないCaoraがN台接続されています」 【工事手順⑫⑤】.
        case unregistered = "未登録"
    }

    /// The reader's serial number (SER. No. / DEV. ID on its sticker).
    public let serial: ReaderSerialNumber
    /// The login name bound to it (the face-auth account, `F0FACE01`), or `nil` when unbound.
    public let loginName: String?
    /// The state the login-name management tool shows for it.
    public let state: State

    /// A reader as a store reads it: a backend of its own builds its list with this.
    public init(serial: ReaderSerialNumber, loginName: String?, state: State) {
        self.serial = serial
        self.loginName = loginName
        self.state = state
    }

    /// Whether the reader is bound and working: 接続中 with a login name.
    public var isBound: Bool { state == .connected && loginName != nil }
}
