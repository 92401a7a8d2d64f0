public import Foundation

/// The account bulk-registration CSV: Shift-JIS (the system takes nothing else) with CRLF.
public enum BulkRegistrationFile {
    /// The role written for the face-authentication account. The system's values are not in our
    /// references: this and ``linkageRole`` are the account names the manual uses.
    public static let faceAuthRole = "顔認証"
    /// The role written for the linkage account (an assumption, as ``faceAuthRole``).
    public static let linkageRole = "連携"

    /// The two accounts a succession registers (処理件数 2): face-authentication and linkage.
    public static func rows(for code: MedicalInstitutionCode, start: Date) -> [BulkRegistrationRow] {
        guard let accounts = AccountSet(code: code) else { return [] }
        let day = JapanTime.day(start)
        return [
            BulkRegistrationRow(
                institutionCode: code.digits,
                role: faceAuthRole,
                userID: accounts.faceAuth.rawValue,
                userName: "顔認証アカウント",
                userNameKana: "カオニンショウアカウント",
                startDate: day
            ),
            BulkRegistrationRow(
                institutionCode: code.digits,
                role: linkageRole,
                userID: accounts.linkage.rawValue,
                userName: "連携アカウント",
                userNameKana: "レンケイアカウント",
                startDate: day
            ),
        ]
    }

    /// The file's bytes: Shift-JIS, CRLF, fields quoted when they hold a comma or a quote.
    /// - Throws: ``SuccessionError`` with `csv.encoding` for every character Shift-JIS cannot
    ///   carry, named with its row, column and a replacement when there is one. Nothing is
    ///   replaced silently.
    public static func encode(
        _ rows: [BulkRegistrationRow],
        layout: BulkRegistrationLayout = .adminFields
    ) throws(SuccessionError)
        -> [UInt8]
    {
        var lines: [[String]] = []
        if layout.hasHeader { lines.append(layout.columns.map(\.title)) }
        lines += rows.map { row in layout.columns.map { row.value($0.field) } }
        var problems: [Problem] = []
        var bytes: [UInt8] = []
        for (lineIndex, fields) in lines.enumerated() {
            let text = fields.map(quote).joined(separator: ",")
            if let data = text.data(using: .shiftJIS) {
                bytes += data
            } else {
                for (column, field) in fields.enumerated() {
                    problems += unencodable(field, line: lineIndex + 1, column: layout.columns[column].title)
                }
            }
            bytes += [0x0D, 0x0A]
        }
        guard problems.isEmpty else { throw SuccessionError(problems) }
        return bytes
    }

    /// Reads a bulk-registration file. A file that is not Shift-JIS (a UTF-8 save, say) is
    /// reported, not guessed.
    public static func decode(
        _ bytes: [UInt8],
        layout: BulkRegistrationLayout = .adminFields
    ) -> (
        rows: [BulkRegistrationRow], problems: [Problem]
    ) {
        // Japanese text in Shift-JIS is practically never valid UTF-8: a non-ASCII file that
        // is, was saved as UTF-8 — which the system refuses.
        let isASCII = bytes.allSatisfy { $0 < 0x80 }
        if !isASCII && String(validating: bytes, as: UTF8.self) != nil {
            return ([], [Problem(.csvNotShiftJIS)])
        }
        guard let text = String(data: Data(bytes), encoding: .shiftJIS) else {
            return ([], [Problem(.csvNotShiftJIS)])
        }
        var problems: [Problem] = []
        if bytes.contains(0x0A) && !containsCRLF(bytes) {
            problems.append(Problem(.csvLineEnding, severity: .warning))
        }
        // "\r\n" is one Character in Swift: split on it as a whole.
        var lines = text.split(
            omittingEmptySubsequences: false,
            whereSeparator: { $0 == "\r\n" || $0 == "\n" || $0 == "\r" }
        )
        .map(String.init)
        if lines.last == "" { lines.removeLast() }
        // The file must have the layout's header (when it has one) and at least one row.
        let titles = layout.columns.map(\.title)
        if layout.hasHeader && lines.first.map(split) != titles {
            let found = lines.first.map(TypedInput.quoted) ?? ""
            problems.append(Problem(.csvHeader, values: [.found: found, .expected: titles.joined(separator: ",")]))
        }
        if lines.count <= (layout.hasHeader ? 1 : 0) {
            problems.append(Problem(.csvNoRows))
        }
        var rows: [BulkRegistrationRow] = []
        for (index, line) in lines.enumerated() {
            if index == 0 && layout.hasHeader { continue }
            let fields = split(line)
            if fields.count != layout.columns.count {
                problems.append(
                    Problem(
                        .csvColumnCount,
                        values: [
                            .line: String(index + 1), .count: String(fields.count),
                            .expected: String(layout.columns.count),
                        ]
                    )
                )
                continue
            }
            var row = BulkRegistrationRow(
                institutionCode: "",
                role: "",
                userID: "",
                userName: "",
                userNameKana: "",
                startDate: ""
            )
            for (column, value) in zip(layout.columns, fields) { row.set(column.field, value) }
            rows.append(row)
        }
        return (rows, problems)
    }

    /// Checks rows before upload: IDs (look-alikes included), kinds of account, dates,
    /// duplicate IDs, and the institution code (equal to `code` when given).
    public static func check(
        _ rows: [BulkRegistrationRow],
        code: MedicalInstitutionCode? = nil,
        firstLine: Int = 2
    ) -> [Problem] {
        var problems: [Problem] = []
        var seen: [String: Int] = [:]
        let terminalKind = code?.terminalKind
        for (index, row) in rows.enumerated() {
            let line = String(firstLine + index)
            func add(_ problem: Problem) { problems.append(problem.inRow(line).with(.line, line)) }
            let reading = MedicalInstitutionCode.read(row.institutionCode)
            if reading.code == nil {
                reading.problems.forEach(add)
            } else if let code, reading.code != code {
                add(Problem(.csvCode, values: [.found: row.institutionCode, .expected: code.digits]))
            }
            let identified = AccountID.identify(row.userID)
            identified.problems.forEach(add)
            if let terminalKind, identified.kind == .linkage, let id = identified.id, id != .linkage(terminalKind) {
                add(
                    Problem(
                        .accountKindMismatch,
                        values: [
                            .found: id.rawValue, .expected: AccountID.linkage(terminalKind).rawValue,
                            .kind: terminalKind.rawValue,
                        ]
                    )
                )
            }
            if row.role.trimmingCharacters(in: .whitespaces).isEmpty {
                add(Problem(.csvEmpty, values: [.field: "role"]))
            }
            if row.userName.trimmingCharacters(in: .whitespaces).isEmpty {
                add(Problem(.csvEmpty, values: [.field: "userName"]))
            }
            let start = TypedDate.parse(row.startDate)
            if start == nil { add(Problem(.csvDate, values: [.field: "startDate", .found: row.startDate])) }
            if !row.endDate.isEmpty {
                if let end = TypedDate.parse(row.endDate) {
                    if let start, end < start { add(Problem(.csvDateOrder, values: [.found: row.endDate])) }
                } else {
                    add(Problem(.csvDate, values: [.field: "endDate", .found: row.endDate]))
                }
            }
            let key = TypedInput.halfWidth(row.userID)
            if let first = seen[key] {
                add(Problem(.csvDuplicateID, values: [.found: row.userID, .firstLine: String(first)]))
            } else {
                seen[key] = firstLine + index
            }
        }
        return problems
    }

    // MARK: CSV details

    private static func quote(_ field: String) -> String {
        guard field.contains(where: { $0 == "," || $0 == "\"" || $0 == "\r" || $0 == "\n" }) else { return field }
        return "\"" + field.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }

    static func split(_ line: String) -> [String] {
        var fields: [String] = []
        var current = ""
        var quoted = false
        var iterator = Array(line).makeIterator()
        var pending: Character? = nil
        while let character = pending ?? iterator.next() {
            pending = nil
            if quoted {
                if character == "\"" {
                    if let next = iterator.next() {
                        if next == "\"" {
                            current.append("\"")
                        } else {
                            quoted = false
                            pending = next
                        }
                    } else {
                        quoted = false
                    }
                } else {
                    current.append(character)
                }
            } else if character == "\"" && current.isEmpty {
                quoted = true
            } else if character == "," {
                fields.append(current)
                current = ""
            } else {
                current.append(character)
            }
        }
        fields.append(current)
        return fields
    }

    private static func containsCRLF(_ bytes: [UInt8]) -> Bool {
        zip(bytes, bytes.dropFirst()).contains { $0 == 0x0D && $1 == 0x0A }
    }

    /// The characters of `field` that Shift-JIS (CP932) cannot carry.
    private static func unencodable(_ field: String, line: Int, column: String) -> [Problem] {
        let replacements: [Character: String] = [
            "〜": "～", "−": "－", "¥": "￥", "‖": "∥", "—": "―", "¢": "￠", "£": "￡", "¬": "￢",
        ]
        var problems: [Problem] = []
        for (offset, character) in field.enumerated() where String(character).data(using: .shiftJIS) == nil {
            var values: [ProblemValueKey: String] = [
                .line: String(line), .row: column, .position: String(offset + 1), .character: String(character),
                .codePoint: character.unicodeScalars.map { String(format: "U+%04X", $0.value) }.joined(separator: " "),
            ]
            values[.suggestion] = replacements[character]
            problems.append(Problem(.csvEncoding, values: values))
        }
        return problems
    }
}

extension Problem {
    func with(_ key: ProblemValueKey, _ value: String) -> Problem {
        var copy = self
        copy.values[key] = value
        return copy
    }
}

extension ProblemCode {
    /// A character Shift-JIS cannot carry. Values: line, row (column), position, character, codePoint, suggestion.
    public static let csvEncoding = ProblemCode(rawValue: "csv.encoding")
    /// The first line is not the layout's header. Values: found (at most 40 characters), expected.
    public static let csvHeader = ProblemCode(rawValue: "csv.header")
    /// The file holds no row to register.
    public static let csvNoRows = ProblemCode(rawValue: "csv.noRows")
    /// The file was written with the default column layout, which is our assumption (the
    /// system's layout is not published): compare it with the vendor's ready file.
    public static let csvLayoutAssumed = ProblemCode(rawValue: "csv.layoutAssumed")
    /// The file is not Shift-JIS (e.g. saved as UTF-8).
    public static let csvNotShiftJIS = ProblemCode(rawValue: "csv.notShiftJIS")
    /// A warning: LF line endings where CRLF is expected.
    public static let csvLineEnding = ProblemCode(rawValue: "csv.lineEnding")
    /// A line with another number of columns than the layout.
    public static let csvColumnCount = ProblemCode(rawValue: "csv.columnCount")
    /// A row's institution code is not the facility's.
    public static let csvCode = ProblemCode(rawValue: "csv.code")
    /// A required value is empty. Values: ``ProblemValueKey/field``.
    public static let csvEmpty = ProblemCode(rawValue: "csv.empty")
    /// A date that cannot be read.
    public static let csvDate = ProblemCode(rawValue: "csv.date")
    /// The end date is before the start date.
    public static let csvDateOrder = ProblemCode(rawValue: "csv.dateOrder")
    /// A user ID repeats an earlier row. Values: found (the ID), line (this row), firstLine (the
    /// first row with it).
    public static let csvDuplicateID = ProblemCode(rawValue: "csv.duplicateID")
    /// A layout JSON that is not a layout.
    public static let csvLayout = ProblemCode(rawValue: "csv.layout")
}
