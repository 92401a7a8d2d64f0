/// A password of an オン資 account.
///
/// A secret: `description`, `debugDescription`, `dump` and `Mirror` show `••••`; it is not
/// `Codable`; and its bytes live in storage of their own, wiped with `OPENSSL_cleanse` when the
/// last copy of the value goes away (the `String`s handed out by ``revealed()`` are the
/// caller's to keep short-lived).
public struct AccountPassword: Sendable, Hashable, CustomStringConvertible, CustomDebugStringConvertible,
    CustomReflectable
{
    private let secret: SecretBytes

    /// Creates a password from what was typed (a trailing line ending is dropped).
    public init(_ text: String) {
        var text = Substring(text)
        while let last = text.last, last.isNewline { text = text.dropLast() }
        var bytes = Array(text.utf8)
        self.secret = SecretBytes(wiping: &bytes)
    }

    /// The password's characters, for the policy's checks.
    var text: String { secret.withUnsafeBytes { String(decoding: $0, as: UTF8.self) } }

    /// The number of characters.
    public var count: Int { text.count }

    public static func == (lhs: AccountPassword, rhs: AccountPassword) -> Bool {
        lhs.secret.equals(rhs.secret)
    }

    public func hash(into hasher: inout Hasher) {
        secret.withUnsafeBytes { hasher.combine(bytes: $0) }
    }

    public var description: String { "••••" }
    public var debugDescription: String { "AccountPassword(••••)" }
    public var customMirror: Mirror { Mirror(self, children: ["value": "••••"], displayStyle: .struct) }

    /// Reveals the password, for the one place that must show or send it (a generator's output
    /// file, the system's form). Never pass the result to a log or a renderer.
    public func revealed() -> String { text }
}
