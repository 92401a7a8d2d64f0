/// One thing the job needs from a person before a step can go on: the manual's question for a
/// screen, a paper or a secret, the kind of answer it takes, and what was wrong with the last
/// answer. A front end (a prompt, a script, a page, another process over JSON) shows it and
/// hands back text through ``JobRunner/answer(_:_:attempt:)``; the library normalizes and checks
/// that text.
public struct JobQuestion: Sendable, Hashable, Identifiable, Codable {
    /// Which question, stable across releases: a script answers by it (`3.readers`, `9.code`,
    /// `12.state.CAORA-000101`). The manual's questions are listed as constants
    /// (<doc:QuestionIDs>).
    public struct ID: RawRepresentable, Sendable, Hashable, Codable, CustomStringConvertible, Comparable {
        /// The id as a script writes it.
        public let rawValue: String

        /// An id as written (`9.code`).
        public init(rawValue: String) { self.rawValue = rawValue }

        public init(from decoder: any Decoder) throws {
            rawValue = try decoder.singleValueContainer().decode(String.self)
        }

        public func encode(to encoder: any Encoder) throws {
            var container = encoder.singleValueContainer()
            try container.encode(rawValue)
        }

        public var description: String { rawValue }

        /// The question of `step` named `name`, about `subject` when it repeats per reader or
        /// certificate.
        public init(_ step: SuccessionStep.ID, _ name: String, subject: String? = nil) {
            rawValue = [step.rawValue, name, subject].compactMap { $0 }.joined(separator: ".")
        }

        /// The same question about `subject` (`12.state` → `12.state.CAORA-000101`).
        public func about(_ subject: String) -> ID { ID(rawValue: rawValue + "." + subject) }

        /// The question id without its subject (`12.state` of `12.state.CAORA-000101`): a
        /// script may answer every subject at once by it.
        public var withoutSubject: ID {
            let parts = rawValue.split(separator: ".", maxSplits: 2)
            return parts.count > 2 ? ID(rawValue: parts[0...1].joined(separator: ".")) : self
        }

        public static func < (lhs: ID, rhs: ID) -> Bool { lhs.rawValue < rhs.rawValue }
    }

    public let id: ID
    /// The step the question belongs to.
    public let step: SuccessionStep.ID
    /// What it is about when it repeats (a serial, a certificate's 発行先).
    public let subject: String?
    /// What to type, in both languages; never the expected value of a check.
    public let prompt: LocalizedText
    /// What kind of answer it takes: a front end chooses its field by it.
    public let kind: AnswerKind
    /// What was wrong with the last answer to this question, to show beside it; `nil` the
    /// first time. Never holds the rejected text when the question is a secret.
    public let problem: Problem?
    /// For "did you do it?" questions: what to do before answering はい (「いいえ」 asks again
    /// with it, instead of failing the step).
    public let notYet: LocalizedText?
    /// Which asking of the question this is (it grows each time the job asks again): an answer
    /// that names an earlier attempt — a form sent twice — is not taken as typed again.
    public let attempt: Int

    /// A question, as a step asks it.
    public init(
        id: ID,
        step: SuccessionStep.ID,
        subject: String? = nil,
        prompt: LocalizedText,
        kind: AnswerKind,
        notYet: LocalizedText? = nil,
        problem: Problem? = nil,
        attempt: Int = 0
    ) {
        self.id = id
        self.step = step
        self.subject = subject
        self.prompt = prompt
        self.kind = kind
        self.problem = problem
        self.notYet = notYet
        self.attempt = attempt
    }

    /// The same question, with what was wrong with the last answer, as asking number `attempt`.
    func asked(problem: Problem?, attempt: Int) -> JobQuestion {
        JobQuestion(
            id: id,
            step: step,
            subject: subject,
            prompt: prompt,
            kind: kind,
            notYet: notYet,
            problem: problem,
            attempt: attempt
        )
    }
}

/// The kinds of answers a question takes. In JSON: `{"kind": "choice", "choices": […]}`,
/// `{"kind": "code"}`, `{"kind": "secret", "secret": "certificatePassword"}`.
public enum AnswerKind: Sendable, Hashable, Codable, CustomStringConvertible {
    /// One of a few options; each option is typed by its key or one of its words.
    case choice([Choice])
    /// A 10-digit 医療機関等コード.
    case code
    /// A 10-digit code, or 「非表示」 when the screen does not show the value.
    case codeOrHidden
    /// Card readers' serial numbers with their state, one per line; 「なし」 for none.
    case readerList
    /// Serial numbers only (the readers connected now), one per line.
    case serialList
    /// Certificates as 個人 shows them: 発行先, 有効期限 and (optionally) the 拇印's first digits,
    /// one per line; 「なし」 for none.
    case certificateList
    /// A certificate's 拇印 (SHA-1), or at least its first 8 hex digits.
    case thumbprint
    /// A date as a person reads it (`2030/02/28`), Japan time.
    case date
    /// The distribution record's `Status=` line, with or without `Status=`.
    case statusLine
    /// A number of things (処理件数): `2`, `２`, `2件`.
    case count
    /// Free text (a facility name, user IDs).
    case text
    /// A secret, never echoed, never stored.
    case secret(JobSecret)

    /// Whether the answer is a secret.
    public var isSecret: Bool {
        if case .secret = self { return true }
        return false
    }

    /// Whether the answer is a list, typed one item per line.
    public var isList: Bool {
        [.readerList, .serialList, .certificateList].contains(self)
    }

    /// The kind's name: `choice`, `code`, `codeOrHidden`, … as JSON writes it.
    public var name: String {
        switch self {
        case .choice: "choice"
        case .code: "code"
        case .codeOrHidden: "codeOrHidden"
        case .readerList: "readerList"
        case .serialList: "serialList"
        case .certificateList: "certificateList"
        case .thumbprint: "thumbprint"
        case .date: "date"
        case .statusLine: "statusLine"
        case .count: "count"
        case .text: "text"
        case .secret: "secret"
        }
    }

    /// `choice(yes|no)`, `code`, `secret(certificatePassword)`.
    public var description: String {
        switch self {
        case .choice(let choices): "choice(\(choices.map(\.key).joined(separator: "|")))"
        case .secret(let secret): "secret(\(secret.rawValue))"
        default: name
        }
    }

    private enum CodingKeys: String, CodingKey { case kind, choices, secret }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        let name = try container.decode(String.self, forKey: .kind)
        switch name {
        case "choice": self = .choice(try container.decode([Choice].self, forKey: .choices))
        case "secret": self = .secret(try container.decode(JobSecret.self, forKey: .secret))
        default:
            let plain: [AnswerKind] = [
                .code, .codeOrHidden, .readerList, .serialList, .certificateList, .thumbprint, .date, .statusLine,
                .count, .text,
            ]
            guard let kind = plain.first(where: { $0.name == name }) else {
                throw DecodingError.dataCorruptedError(
                    forKey: .kind,
                    in: container,
                    debugDescription: "no answer kind '\(name)'"
                )
            }
            self = kind
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(name, forKey: .kind)
        switch self {
        case .choice(let choices): try container.encode(choices, forKey: .choices)
        case .secret(let secret): try container.encode(secret, forKey: .secret)
        default: break
        }
    }
}

/// One option of a choice: its key (what a script answers), the words a person may type, and
/// its label.
public struct Choice: Sendable, Hashable, Codable {
    /// What a script or a form answers for this option (`yes`, `notConnected`, …).
    public let key: String
    /// What a person reads.
    public let label: LocalizedText
    /// Other words that mean this option (`はい`, `y`, `yes`).
    public let words: [String]

    /// An option.
    public init(_ key: String, _ label: LocalizedText, words: [String] = []) {
        self.key = key
        self.label = label
        self.words = words
    }

    /// はい.
    public static let yes = Choice(
        "yes",
        LocalizedText(ja: "はい", en: "yes"),
        words: ["y", "yes", "はい", "ok", "済", "できた", "完了"]
    )
    /// いいえ.
    public static let no = Choice("no", LocalizedText(ja: "いいえ", en: "no"), words: ["n", "no", "いいえ", "できない"])
}

/// The secrets of a job: asked at the step that needs them, kept in memory only.
public enum JobSecret: String, Sendable, Hashable, Codable, CaseIterable {
    /// The 4-digit 証明書パスワード chosen on the download site (⑥⑦).
    case certificatePassword
    /// The face-auth account's password (⑫).
    case facePassword

    /// The secret's name as the manual and the screens say it.
    public var name: LocalizedText {
        switch self {
        case .certificatePassword: LocalizedText(ja: "証明書パスワード", en: "certificate password (PIN)")
        case .facePassword: LocalizedText(ja: "顔認証アカウントのパスワード", en: "face-auth account's password")
        }
    }
}
