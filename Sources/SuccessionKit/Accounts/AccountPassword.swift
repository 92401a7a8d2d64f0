/// A password of an オン資 account. A secret: it shows as `••••` and is not `Codable`.
public struct AccountPassword: Sendable, Hashable, CustomStringConvertible, CustomDebugStringConvertible {
    /// The password's characters.
    let text: String

    /// Creates a password from what was typed (a trailing line ending is dropped).
    public init(_ text: String) {
        var text = Substring(text)
        while let last = text.last, last == "\n" || last == "\r" { text = text.dropLast() }
        self.text = String(text)
    }

    /// The number of characters.
    public var count: Int { text.count }

    public var description: String { "••••" }
    public var debugDescription: String { "AccountPassword(••••)" }

    /// Reveals the password, for the one place that must show or send it (a generator's output
    /// file, the system's form). Never pass the result to a log or a renderer.
    public func revealed() -> String { text }
}
