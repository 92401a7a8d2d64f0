/// The issuer of every オン資 client certificate, and a lenient comparison for what people and
/// papers write.
public enum KnownIssuer {
    /// `Online Billing NW Common Root CA`, as the certificate store shows it.
    public static let onlineBillingNWCommonRootCA = "Online Billing NW Common Root CA"

    /// Whether `name` is the Online Billing NW Common Root CA, ignoring spaces and case (the
    /// manual itself writes "Online Billing NWCommon Root CA").
    public static func isOnlineBillingRoot(_ name: String) -> Bool {
        squeezed(name) == squeezed(onlineBillingNWCommonRootCA)
    }

    /// The common name (CN) in an RFC 2253 name, e.g. `CN=Online Billing NW Common Root CA,O=…`.
    static func commonName(inRFC2253 name: String) -> String? {
        // RFC 2253 escapes a comma inside a value as "\,"; split only on unescaped commas.
        var parts: [String] = []
        var current = ""
        var escaped = false
        for character in name {
            if escaped {
                current.append(character)
                escaped = false
            } else if character == "\\" {
                escaped = true
            } else if character == "," {
                parts.append(current)
                current = ""
            } else {
                current.append(character)
            }
        }
        parts.append(current)
        return parts.first { $0.hasPrefix("CN=") }.map { String($0.dropFirst(3)) }
    }

    static func squeezed(_ text: String) -> String {
        String(TypedInput.halfWidth(text).lowercased().filter { !$0.isWhitespace })
    }
}
