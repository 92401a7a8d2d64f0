/// The one HTML escaper of the project: the guided page's builder and the report's Markdown (which
/// a viewer may render as HTML) both escape text with it.
package enum HTMLText {
    /// `&`, `<`, `>`, `"` and `'` as character references: safe in text and in a quoted
    /// attribute value.
    package static func escaped(_ text: String) -> String {
        var escaped = ""
        escaped.reserveCapacity(text.utf8.count)
        for scalar in text.unicodeScalars {
            switch scalar {
            case "&": escaped += "&amp;"
            case "<": escaped += "&lt;"
            case ">": escaped += "&gt;"
            case "\"": escaped += "&quot;"
            case "'": escaped += "&#39;"
            default: escaped.unicodeScalars.append(scalar)
            }
        }
        return escaped
    }
}
