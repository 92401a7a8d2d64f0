import SuccessionKit

/// Shows ``CodeReading``s: one line of text, or one JSON object, per code.
struct CodeCheckRenderer {
    let language: Language
    let json: Bool
    private let lines = JSONLines()

    init(language: Language, json: Bool) {
        self.language = language
        self.json = json
    }

    /// Writes the reading; returns whether the code is valid.
    @discardableResult
    func render(_ reading: CodeReading) -> Bool {
        if json {
            Output.standard.write(lines.line(CodeCheckRecord(reading, language: language)))
        } else {
            Output.standard.write(text(for: reading))
        }
        return reading.isValid
    }

    /// Writes a line that could not be decoded as text.
    func render(unreadableLine problem: Problem) {
        if json {
            Output.standard.write(
                lines.line(
                    CodeCheckRecord(
                        input: "",
                        valid: false,
                        code: nil,
                        prefecture: nil,
                        kind: nil,
                        terminal: nil,
                        problems: [ProblemRecord(problem, language: language)]
                    )
                )
            )
        } else {
            Output.standard.write("NG  \(problem.cliMessage(in: language))")
        }
    }

    private func text(for reading: CodeReading) -> String {
        // Input is quoted shortened: a megabyte of digits is no code to echo.
        let input = TypedInput.quoted(reading.input)
        let shown = reading.digits ?? "「\(input)」"
        var parts: [String] = []
        if let prefecture = reading.prefecture, let kind = reading.kind {
            let separator = Phrase.listSeparator(language)
            parts.append(prefecture.name(in: language) + separator + kind.name(in: language))
        }
        if reading.isValid, let terminal = reading.kind?.terminalKind {
            parts.append(
                Phrase.terminalOfKind(terminal)(language)
            )
        }
        parts += reading.problems.map { $0.cliMessage(in: language) }
        let mark = reading.isValid ? "OK" : "NG"
        return "\(mark)  \(shown)  " + parts.joined(separator: Phrase.partSeparator(language))
    }
}

/// One line of `succession code check --json`.
struct CodeCheckRecord: Encodable {
    struct PrefectureRecord: Encodable {
        let number: Int
        let name: String
    }
    struct KindRecord: Encodable {
        let digit: Int
        let id: String
        let name: String
    }
    struct TerminalRecord: Encodable {
        let kind: String
        let linkageAccount: String
    }

    let input: String
    let valid: Bool
    let code: String?
    let prefecture: PrefectureRecord?
    let kind: KindRecord?
    let terminal: TerminalRecord?
    let problems: [ProblemRecord]

    init(
        input: String,
        valid: Bool,
        code: String?,
        prefecture: PrefectureRecord?,
        kind: KindRecord?,
        terminal: TerminalRecord?,
        problems: [ProblemRecord]
    ) {
        self.input = input
        self.valid = valid
        self.code = code
        self.prefecture = prefecture
        self.kind = kind
        self.terminal = terminal
        self.problems = problems
    }

    init(_ reading: CodeReading, language: Language) {
        self.init(
            input: reading.input,
            valid: reading.isValid,
            code: reading.digits,
            prefecture: reading.prefecture.map { PrefectureRecord(number: $0.number, name: $0.japaneseName) },
            kind: reading.kind.map { KindRecord(digit: $0.digit, id: $0.identifier, name: $0.japaneseName) },
            terminal: reading.kind?.terminalKind.map {
                TerminalRecord(kind: $0.rawValue, linkageAccount: $0.linkageAccountID)
            },
            problems: reading.problems.map { ProblemRecord($0, language: language) }
        )
    }

    // Absent values are written as null, so every line has the same keys.
    func encode(to encoder: any Encoder) throws {
        enum Key: String, CodingKey { case input, valid, code, prefecture, kind, terminal, problems }
        var container = encoder.container(keyedBy: Key.self)
        try container.encode(input, forKey: .input)
        try container.encode(valid, forKey: .valid)
        try container.encode(code, forKey: .code)
        try container.encode(prefecture, forKey: .prefecture)
        try container.encode(kind, forKey: .kind)
        try container.encode(terminal, forKey: .terminal)
        try container.encode(problems, forKey: .problems)
    }
}
