public import SystemPackage
/// A list of codes as vendors keep them: one code per line, or a CSV whose first column is
/// the code.
public enum CodeList {
    /// The code field of one line: the whole line, or its first CSV column (quotes removed).
    /// `nil` for a blank line. How ``read(path:each:)`` splits a line; not API.
    package static func codeField(of line: String) -> String? {
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
    package static func isHeader(_ line: String) -> Bool {
        guard let field = codeField(of: line), !field.isEmpty else { return false }
        return !field.contains { TypedInput.digitValue($0) != nil }
    }
}

extension CodeList {
    /// One line of a list, as ``read(path:each:)`` reports it.
    public enum Entry: Sendable {
        /// A line with a code field, read (valid or not).
        case code(line: Int, CodeReading)
        /// A line or a list that could not be checked: `file.lineTooLong`, `file.encoding`, or
        /// `code.listEmpty` for a list with no code at all (an empty file, a header alone).
        case unreadable(Problem)
    }

    /// A code is 10 digits; a CSV row with one is short. A longer line is reported, not read.
    static let maximumLineLength = 4096

    /// Reads the list at `path` (UTF-8 or Shift-JIS, one code per line or a CSV whose first
    /// column is the code), skipping a header and blank lines, and reports every line to `each`.
    /// - Throws: the file errors of opening and reading it (`file.unreadable`, `file.notRegular`).
    public static func read(path: FilePath, each: (Entry) -> Void) throws(SuccessionError) {
        try read(TextLineReader(path: path.string), path: path.string, each: each)
    }

    /// Reads a list from standard input, as ``read(path:each:)``.
    public static func readStandardInput(each: (Entry) -> Void) throws(SuccessionError) {
        try read(TextLineReader(standardInput: ()), path: "-", each: each)
    }

    private static func read(_ reader: TextLineReader, path: String, each: (Entry) -> Void) throws(SuccessionError) {
        defer { reader.close() }
        reader.maximumLineLength = maximumLineLength
        var found = 0
        while let line = try reader.nextLine() {
            if let length = line.tooLong {
                each(
                    .unreadable(
                        Problem(
                            .fileLineTooLong,
                            values: [.path: path, .line: String(line.number), .count: String(length)]
                        )
                    )
                )
                continue
            }
            guard let text = line.text else {
                each(.unreadable(Problem(.fileEncoding, values: [.path: path, .line: String(line.number)])))
                continue
            }
            if line.number == 1 && isHeader(text) { continue }
            guard let field = codeField(of: text) else { continue }
            found += 1
            each(.code(line: line.number, MedicalInstitutionCode.read(field)))
        }
        // An empty list, /dev/null's worth or a header alone, checked nothing: not "all valid".
        if found == 0 { each(.unreadable(Problem(.codeListEmpty, values: [.path: path]))) }
    }
}
