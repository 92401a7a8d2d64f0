/// A list of codes as vendors keep them: one code per line, or a CSV whose first column is
/// the code.
public enum CodeList {
    /// The code field of one line: the whole line, or its first CSV column (quotes removed).
    /// `nil` for a blank line.
    public static func codeField(of line: String) -> String? {
        var field = Substring(line)
        if let comma = field.firstIndex(where: { $0 == "," || $0 == "\t" }) {
            field = field[..<comma]
        }
        field = field.drop(while: { $0 == " " || $0 == "\u{3000}" })
        while let last = field.last, last == " " || last == "\u{3000}" { field = field.dropLast() }
        if field.count >= 2, field.first == "\"", field.last == "\"" {
            field = field.dropFirst().dropLast()
        }
        guard !field.isEmpty || line.contains(",") else { return nil }
        return String(field)
    }

    /// Whether the first line of a list is a header (`医療機関コード,名称`): its code field
    /// holds no digit at all.
    public static func isHeader(_ line: String) -> Bool {
        guard let field = codeField(of: line), !field.isEmpty else { return false }
        return !field.contains { TypedInput.digitValue($0) != nil }
    }
}
