public import Foundation

/// An answer the job accepted, typed: what a step's checks and its record are made of. Never a
/// secret (those stay in ``JobInputs``).
public enum Answer: Sendable, Hashable {
    /// The key of the chosen ``Choice``.
    case choice(String)
    /// A 医療機関等コード, read and validated.
    case code(MedicalInstitutionCode)
    /// 「非表示」: the screen does not show the value.
    case hidden
    /// Readers as the login-name tool lists them (an empty list is 「なし」, typed).
    case readers([ReaderSighting])
    /// Serial numbers only.
    case serials([ReaderSerialNumber])
    /// Certificates as 個人 lists them (an empty list is 「なし」, typed).
    case certificates([CertificateSighting])
    /// Lower-case hex digits.
    case thumbprint(String)
    /// A day (`2027/02/25`, Japan time).
    case date(Date)
    /// ⑬'s `Status=` line, read.
    case status(DistributionStatus)
    /// A number of things (補足①'s 処理件数).
    case count(Int)
    /// Free text (a facility name, user IDs), trimmed.
    case text(String)

    /// Reads `typed` as an answer of `kind`: normalized (full-width forms, case where the screen's
    /// case does not matter, separators, a pasted `Status=`), then checked. An empty answer is
    /// never an answer: 「なし」 is typed for none.
    /// - Returns: the answer, or what is wrong with the text (its `found` cut to 40 characters).
    static func read(_ typed: String, as kind: AnswerKind) -> Reading {
        let text = TypedInput.halfWidth(typed).trimmingCharacters(in: .whitespacesAndNewlines)
        guard !text.isEmpty else { return .rejected(Problem(.answerEmpty, values: [.expected: kind.hint])) }
        // Asking for help, or for a way back, is never "not one of the options".
        if Self.asksForHelp(text), !kind.isSecret, !Self.isChoiceWord(text, of: kind) {
            return .rejected(Problem(.answerHelp, values: [.expected: kind.hint]))
        }
        switch kind {
        case .choice(let choices):
            let key = text.lowercased().filter { !$0.isWhitespace }
            for choice in choices
            where ([choice.key, choice.label.japanese, choice.label.english] + choice.words).contains(where: {
                $0.lowercased().filter { !$0.isWhitespace } == key
            }) {
                return .accepted(.choice(choice.key))
            }
            return .rejected(Problem(.answerChoice, values: [.found: Self.shown(text), .expected: kind.hint]))
        case .code, .codeOrHidden:
            if kind == .codeOrHidden, ["非表示", "hidden", "見えない", "表示されない"].contains(text.lowercased()) {
                return .accepted(.hidden)
            }
            let reading = MedicalInstitutionCode.read(text)
            if let code = reading.code { return .accepted(.code(code)) }
            return .rejected(reading.problems.first { $0.severity == .error } ?? Problem(.answerUnreadable))
        case .readerList: return Self.readers(text)
        case .serialList:
            if Self.isNone(text) { return .accepted(.serials([])) }
            let serials = Self.lines(text).map { ReaderSerialNumber(rawValue: $0.uppercased()) }
            if let repeated = Self.repeated(serials.map(\.rawValue)) {
                return .rejected(Problem(.answerRepeated, values: [.found: repeated]))
            }
            return .accepted(.serials(serials))
        case .certificateList: return Self.certificates(text)
        case .thumbprint:
            guard Thumbprint.isWellFormed(text) else {
                return .rejected(Problem(.jobThumbprintMalformed, values: [.found: Self.shown(text)]))
            }
            return .accepted(.thumbprint(Thumbprint.normalized(text)))
        case .date:
            guard let date = TypedDate.parse(text) else {
                return .rejected(Problem(.answerDate, values: [.found: Self.shown(text)]))
            }
            return .accepted(.date(date))
        case .statusLine:
            let status = DistributionStatus(line: text)
            // The manual's own placeholder 「[再開予定時刻：日時]」 is not a time the app showed.
            if let resume = status.resumeAt, resume.contains("日時") {
                return .rejected(Problem(.answerResumeTime, values: [.found: Self.shown(resume)]))
            }
            if let problem = status.problem { return .rejected(problem) }
            return .accepted(.status(status))
        case .count:
            var digits = text.filter { !$0.isWhitespace }
            if digits.hasSuffix("件") { digits.removeLast() }
            guard digits.allSatisfy(\.isASCII), let count = Int(digits), (0...100_000).contains(count) else {
                return .rejected(Problem(.answerCount, values: [.found: Self.shown(text)]))
            }
            return .accepted(.count(count))
        case .text: return .accepted(.text(text))
        case .secret: return .rejected(Problem(.answerUnreadable))
        }
    }

    private static func asksForHelp(_ text: String) -> Bool {
        ["?", "？", "help", "ヘルプ", "戻る", "back", "もどる"].contains(text.lowercased())
    }

    private static func isChoiceWord(_ text: String, of kind: AnswerKind) -> Bool {
        guard case .choice(let choices) = kind else { return false }
        let key = text.lowercased()
        return choices.contains { choice in
            ([choice.key, choice.label.japanese, choice.label.english] + choice.words).contains {
                $0.lowercased() == key
            }
        }
    }

    /// Rejected text shortened, for the message beside the question.
    static func shown(_ text: String) -> String {
        TypedInput.quoted(text)
    }

    private static func isNone(_ text: String) -> Bool {
        ["なし", "無し", "ない", "none", "no", "0台", "0"].contains(text.lowercased())
    }

    private static func lines(_ text: String) -> [String] {
        text.split(whereSeparator: { $0.isNewline || $0 == "," || $0 == "、" || $0 == ";" })
            .map { $0.trimmingCharacters(in: .whitespaces) }
            .filter { !$0.isEmpty }
    }

    private static func repeated(_ values: [String]) -> String? {
        var seen: Set<String> = []
        return values.first { !seen.insert($0).inserted }
    }

    private static func readers(_ text: String) -> Reading {
        if isNone(text) { return .accepted(.readers([])) }
        var readers: [ReaderSighting] = []
        for line in lines(text) {
            let parts = line.split(whereSeparator: \.isWhitespace).map(String.init)
            let state = parts.count >= 2 ? ReaderSighting.state(parts.dropFirst().joined()) : nil
            guard let state else {
                return .rejected(
                    Problem(.answerLine, values: [.found: shown(line), .expected: "CAORA-000101 未接続"])
                )
            }
            readers.append(ReaderSighting(serial: ReaderSerialNumber(rawValue: parts[0].uppercased()), state: state))
        }
        if let repeated = repeated(readers.map(\.serial.rawValue)) {
            return .rejected(Problem(.answerRepeated, values: [.found: repeated]))
        }
        return .accepted(.readers(readers))
    }

    private static func certificates(_ text: String) -> Reading {
        if isNone(text) { return .accepted(.certificates([])) }
        var result: [CertificateSighting] = []
        for line in lines(text) {
            let parts = line.split(whereSeparator: \.isWhitespace).map(String.init)
            let thumbprint = parts.count > 2 ? parts.dropFirst(2).joined() : nil
            guard parts.count >= 2, let code = MedicalInstitutionCode.read(parts[0]).code,
                let notAfter = TypedDate.parse(parts[1]), thumbprint.map(Thumbprint.isWellFormed) ?? true
            else {
                return .rejected(
                    Problem(.answerLine, values: [.found: shown(line), .expected: "1310110049 2030/02/27 1a2b3c4d"])
                )
            }
            result.append(
                CertificateSighting(
                    issuedTo: code.digits,
                    notAfter: notAfter,
                    thumbprint: thumbprint.map(Thumbprint.normalized)
                )
            )
        }
        return .accepted(.certificates(result))
    }
}

/// An answer read, or what is wrong with the text.
enum Reading {
    case accepted(Answer)
    case rejected(Problem)
}

/// A reader as the login-name management tool lists it: its シリアルNo. and its state.
public struct ReaderSighting: Sendable, Hashable, Codable {
    /// The serial as typed (SER. No. / DEV. ID).
    public let serial: ReaderSerialNumber
    /// The state the tool shows (接続中, 未接続).
    public let state: CardReaderBinding.State

    package init(serial: ReaderSerialNumber, state: CardReaderBinding.State) {
        self.serial = serial
        self.state = state
    }

    /// 接続中 / 未接続 as typed.
    static func state(_ text: String) -> CardReaderBinding.State? {
        switch text.lowercased().filter({ !$0.isWhitespace }) {
        case "接続中", "connected": .connected
        case "未接続", "notconnected", "disconnected": .notConnected
        default: nil
        }
    }
}

extension AnswerKind {
    /// What to type, for the message of a rejected answer.
    var hint: String {
        switch self {
        case .choice(let choices): choices.map(\.label.japanese).joined(separator: " / ")
        case .code: "1310110049"
        case .codeOrHidden: "1310110049 / 非表示"
        case .readerList: "CAORA-000101 未接続 / なし"
        case .serialList: "CAORA-000101 / なし"
        case .certificateList: "1310110049 2030/02/27 1a2b3c4d / なし"
        case .thumbprint: "1a 2b 3c 4d"
        case .date: "2030/02/28"
        case .statusLine: "Status=サーバー接続の定期実行待ち [再開予定時刻：2026/12/02 03:00]"
        case .count: "2"
        case .text, .secret: ""
        }
    }
}

extension ProblemCode {
    /// An empty answer: it is never taken as 「なし」 or as yes. Values: expected.
    public static let answerEmpty = ProblemCode(rawValue: "answer.empty")
    /// Not one of the options. Values: found, expected.
    public static let answerChoice = ProblemCode(rawValue: "answer.choice")
    /// A line of a list that cannot be read. Values: found, expected.
    public static let answerLine = ProblemCode(rawValue: "answer.line")
    /// The same serial (or item) twice in one list. Values: found.
    public static let answerRepeated = ProblemCode(rawValue: "answer.repeated")
    /// Not a date. Values: found.
    public static let answerDate = ProblemCode(rawValue: "answer.date")
    /// Not a count. Values: found.
    public static let answerCount = ProblemCode(rawValue: "answer.count")
    /// ⑬'s 再開予定時刻 is not a time (the manual's placeholder 「日時」). Values: found.
    public static let answerResumeTime = ProblemCode(rawValue: "answer.resumeTime")
    /// `?`, `help` or `戻る` typed at a question: its help and the ways out are shown. Values:
    /// expected (an example).
    public static let answerHelp = ProblemCode(rawValue: "answer.help")
    /// An answer that cannot be read at all.
    public static let answerUnreadable = ProblemCode(rawValue: "answer.unreadable")
    /// The person has not done the operation yet. Values: field (what to do).
    public static let answerNotYet = ProblemCode(rawValue: "answer.notYet")
    /// A value that differs from what the job expects, and may be a typo: typed again the same,
    /// it is taken as what the screen shows. Values: field.
    public static let answerMismatch = ProblemCode(rawValue: "answer.mismatch")
    /// A value that a step's own record says is the OLD one (the old code at ⑨, the 拇印 of the
    /// certificate ④ removed, at ⑧): asked again, saying what it is; typed again the same, it is
    /// recorded as the finding the screen shows. Values: field, found, detail (what it is).
    public static let answerOldValue = ProblemCode(rawValue: "answer.oldValue")
}
