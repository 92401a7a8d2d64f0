/// The language messages are shown in.
public enum Language: String, Sendable, Hashable, Codable, CaseIterable {
    /// 日本語 — the default for a Japanese locale.
    case japanese = "ja"
    /// English.
    case english = "en"

    /// The language a person's environment asks for: `LC_ALL`, then `LC_MESSAGES`, then `LANG`;
    /// a value starting with `ja` means Japanese, anything else English.
    public static func preferred(environment: [String: String]) -> Language {
        for name in ["LC_ALL", "LC_MESSAGES", "LANG"] {
            if let value = environment[name], !value.isEmpty {
                return value.lowercased().hasPrefix("ja") ? .japanese : .english
            }
        }
        return .english
    }
}
