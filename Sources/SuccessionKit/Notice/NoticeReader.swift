public import Foundation
public import SystemPackage

/// What was read from a notice file: the notice, how each row was understood, and the
/// problems of reading (unknown rows, repeated rows, dates that could not be read).
public struct NoticeReading: Sendable, Hashable, Codable {
    /// One row and the field it was understood as.
    public struct Row: Sendable, Hashable, Codable {
        /// The row's name as written.
        public let name: String
        /// The field it was understood as.
        public let field: NoticeField
        /// Whether the name differs from the paper's (a short form, the manual's typo, English).
        public let differsFromPaper: Bool
    }

    /// The notice, with `nil` for rows that are missing or could not be read.
    public let notice: CertificateIssueNotice
    /// Every row that was recognised, in file order.
    public let rows: [Row]
    /// Problems of reading; ``CertificateIssueNotice/check(newCode:oldCode:at:)`` adds the rules.
    public let problems: [Problem]
}

extension CertificateIssueNotice {
    /// Reads a notice typed as the paper is laid out: `項目<TAB or spaces>値` rows, with the
    /// paper's row names (or short or English ones); full-width digits and the date forms
    /// `2021/03/10`, `2021-03-10`, `2021年3月10日` with `~`, `～` or `-` between two dates.
    public static func read(text: String) -> NoticeReading {
        var pairs: [(String, String)] = []
        for rawLine in text.split(omittingEmptySubsequences: true, whereSeparator: \.isNewline) {
            let line = rawLine.trimmingCharacters(
                in: .whitespaces.union(CharacterSet(charactersIn: "\u{3000}\u{FEFF}"))
            )
            guard !line.isEmpty, let pair = splitRow(line) else { continue }
            pairs.append(pair)
        }
        return read(pairs: pairs)
    }

    /// Reads a notice from a file's bytes, as a terminal's editor or a scanner's software saves
    /// it: a JSON object when the first character is `{`, else the paper's rows (see
    /// ``read(text:)``), in UTF-8 (with or without a byte-order mark) or Shift-JIS (CP932).
    /// - Throws: ``SuccessionError`` with `file.encoding` (and the first line to blame in
    ///   ``ProblemValueKey/line``) when the text is neither, or `notice.json` for JSON that is
    ///   not an object.
    public static func read(bytes: some Collection<UInt8>) throws(SuccessionError) -> NoticeReading {
        let bytes = Array(bytes)
        let start = bytes.starts(with: [0xEF, 0xBB, 0xBF]) ? 3 : 0
        let whitespace: Set<UInt8> = [0x20, 0x09, 0x0A, 0x0D]
        if bytes[start...].first(where: { !whitespace.contains($0) }) == UInt8(ascii: "{") {
            return try read(json: Data(bytes[start...]))
        }
        switch TextDecoding.decode(bytes) {
        case .success(let text):
            return read(text: text)
        case .failure(let error):
            throw SuccessionError(.fileEncoding, values: [.line: String(error.line)])
        }
    }

    /// Reads the notice file at `path` (at most 4 MiB; see ``read(bytes:)`` for its forms).
    /// - Throws: ``SuccessionError`` with `file.unreadable`, `file.notRegular`, `file.tooLarge`,
    ///   `file.encoding` or `notice.json`; each names the path.
    public static func read(contentsOf path: FilePath) throws(SuccessionError) -> NoticeReading {
        let bytes = try FileBytes.read(path.string)
        do {
            return try read(bytes: bytes)
        } catch {
            // The file's name, in what the reading of its bytes could not know.
            throw SuccessionError(error.problems.map { $0.values[.path] == nil ? $0.with(.path, path) : $0 })
        }
    }

    /// Reads a notice from a JSON object whose keys are row names (English or Japanese) and
    /// whose values are strings, in the order the file gives them. A key given twice is an error
    /// (`notice.duplicateKey`), never "the last one": JSON readers keep one of the two silently.
    /// - Throws: ``SuccessionError`` with `notice.json` when the data is not such an object.
    public static func read(json data: Data) throws(SuccessionError) -> NoticeReading {
        // JSONSerialization says whether it is JSON at all; it keeps one value of a repeated key,
        // so the members are then read in order by a scanner that sees every one.
        guard (try? JSONSerialization.jsonObject(with: data)) is [String: Any],
            let members = JSONMembers.topLevel(Array(data))
        else {
            throw SuccessionError(.noticeJSON)
        }
        var pairs: [(String, String)] = []
        var problems: [Problem] = []
        var firstValues: [String: String] = [:]
        for (key, value) in members {
            if let first = firstValues[key] {
                problems.append(
                    Problem(.noticeDuplicateKey, values: [.row: key, .found: value, .expected: first])
                )
                continue
            }
            firstValues[key] = value
            pairs.append((key, value))
        }
        // JSON may split the validity in two keys.
        var merged: [(String, String)] = []
        var start: String?
        var end: String?
        for (key, value) in pairs {
            switch NoticeField.squeeze(key) {
            case "validitystart": start = value
            case "validityend": end = value
            default: merged.append((key, value))
            }
        }
        if let start, let end { merged.append(("validity", "\(start)~\(end)")) }
        let reading = read(pairs: merged)
        return NoticeReading(notice: reading.notice, rows: reading.rows, problems: problems + reading.problems)
    }

    private static func read(pairs: [(String, String)]) -> NoticeReading {
        var notice = CertificateIssueNotice()
        var rows: [NoticeReading.Row] = []
        var problems: [Problem] = []
        var seen: [NoticeField: String] = [:]
        for (name, rawValue) in pairs {
            let value = rawValue.trimmingCharacters(in: .whitespaces.union(CharacterSet(charactersIn: "\u{3000}:：")))
            guard let field = NoticeField.match(name) else {
                if !value.isEmpty, TypedDate.parse(name) == nil {
                    problems.append(Problem(.noticeUnknownRow, severity: .warning, values: [.row: name]))
                }
                continue
            }
            if let first = seen[field] {
                // The same row twice says nothing new; two different values (the new code, then
                // the old) leave the paper's meaning open: an error, never "the first one".
                if Self.comparable(first, field) == Self.comparable(value, field) {
                    problems.append(
                        Problem(.noticeDuplicateRow, severity: .warning, values: [.row: name, .field: field.rawValue])
                    )
                } else {
                    problems.append(
                        Problem(
                            .noticeConflictingRows,
                            values: [.row: name, .field: field.rawValue, .found: value, .expected: first]
                        )
                    )
                }
                continue
            }
            seen[field] = value
            rows.append(.init(name: name, field: field, differsFromPaper: name != field.japaneseName))
            switch field {
            case .issuer: notice.issuer = value
            case .issuedTo: notice.issuedTo = value
            case .terminalName: notice.terminalName = value
            case .requestID: notice.requestID = value
            case .referenceID: notice.referenceID = value
            case .validity:
                let dates = dates(in: value)
                if dates.count == 2 {
                    notice.validityStart = dates[0]
                    notice.validityEnd = dates[1]
                } else {
                    problems.append(problem(.noticeDateFormat, field, [.found: value]))
                }
            case .downloadExpiry:
                let dates = dates(in: value)
                if dates.count == 1 {
                    notice.downloadExpiry = dates[0]
                } else {
                    problems.append(problem(.noticeDateFormat, field, [.found: value]))
                }
            }
        }
        return NoticeReading(notice: notice, rows: rows, problems: problems)
    }

    /// A row's value as compared with a repeated row: half-width, without spaces; a code by
    /// its digits.
    private static func comparable(_ value: String, _ field: NoticeField) -> String {
        if field == .issuedTo, let code = MedicalInstitutionCode.read(value).code { return code.digits }
        return TypedInput.halfWidth(value).filter { !$0.isWhitespace }
    }

    /// `名前<TAB>値`, `名前  値` (two or more spaces), `名前: 値`, or `名前 値` when the name is
    /// one of the paper's (which have no spaces).
    static func splitRow(_ line: String) -> (String, String)? {
        if let tab = line.firstIndex(of: "\t") {
            return (String(line[..<tab]).trimmingCharacters(in: .whitespaces), String(line[line.index(after: tab)...]))
        }
        if let match = NoticeField.prefixMatch(line) {
            return (match.name, String(match.rest))
        }
        if let range = line.range(of: #"[ \u3000]{2,}|[:：]"#, options: .regularExpression) {
            return (String(line[..<range.lowerBound]), String(line[range.upperBound...]))
        }
        if let space = line.firstIndex(where: { $0 == " " || $0 == "\u{3000}" }) {
            return (String(line[..<space]), String(line[line.index(after: space)...]))
        }
        return (line, "")
    }

    /// Every date written in `text`, in order (`2021/03/10~2024/06/10` gives two).
    static func dates(in text: String) -> [Date] {
        let typed = TypedInput.halfWidth(text)
        let pattern = #"[0-9]{4}\s*[/.年-]\s*[0-9]{1,2}\s*[/.月-]\s*[0-9]{1,2}\s*日?"#
        var found: [Date] = []
        var searchRange = typed.startIndex..<typed.endIndex
        while let range = typed.range(of: pattern, options: .regularExpression, range: searchRange) {
            guard let date = TypedDate.parse(String(typed[range]).replacingOccurrences(of: " ", with: "")) else {
                return []  // 2021/02/30: say the row cannot be read rather than skip a date
            }
            found.append(date)
            searchRange = range.upperBound..<typed.endIndex
        }
        return found
    }
}
