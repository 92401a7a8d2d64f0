/// One thing the job needs from a person before a step can go on: the manual's question for a
/// screen, a paper or a secret, the kind of answer it takes, and what was wrong with the last
/// answer. A front end (a prompt, a script, a page) shows it and hands back text through
/// ``JobRunner/answer(_:_:)``; the library normalizes and checks that text.
public struct JobQuestion: Sendable, Hashable, Identifiable {
    /// Which question, stable across releases: a script answers by it (`3.readers`, `9.code`,
    /// `12.state.CAORA-000101`).
    public struct ID: RawRepresentable, Sendable, Hashable, Codable, CustomStringConvertible, Comparable {
        public let rawValue: String
        public init(rawValue: String) { self.rawValue = rawValue }
        public var description: String { rawValue }

        /// The question of `step` named `name`, about `subject` when it repeats per reader or
        /// certificate.
        package init(_ step: SuccessionStep.ID, _ name: String, subject: String? = nil) {
            rawValue = [step.rawValue, name, subject].compactMap { $0 }.joined(separator: ".")
        }

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
    let notYet: LocalizedText?

    package init(
        id: ID,
        step: SuccessionStep.ID,
        subject: String? = nil,
        prompt: LocalizedText,
        kind: AnswerKind,
        problem: Problem? = nil
    ) {
        self.id = id
        self.step = step
        self.subject = subject
        self.prompt = prompt
        self.kind = kind
        self.problem = problem
        self.notYet = nil
    }

    init(
        id: ID,
        step: SuccessionStep.ID,
        subject: String?,
        prompt: LocalizedText,
        kind: AnswerKind,
        notYet: LocalizedText?,
        problem: Problem? = nil
    ) {
        self.id = id
        self.step = step
        self.subject = subject
        self.prompt = prompt
        self.kind = kind
        self.problem = problem
        self.notYet = notYet
    }

    /// The same question, with what was wrong with the last answer.
    func rejecting(_ problem: Problem?) -> JobQuestion {
        JobQuestion(id: id, step: step, subject: subject, prompt: prompt, kind: kind, notYet: notYet, problem: problem)
    }
}

/// The kinds of answers a question takes.
public enum AnswerKind: Sendable, Hashable {
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
}

/// One option of a choice: its key (what a script answers), the words a person may type, and
/// its label.
public struct Choice: Sendable, Hashable {
    /// What a script or a form answers for this option (`yes`, `notConnected`, …).
    public let key: String
    /// What a person reads.
    public let label: LocalizedText
    /// Other words that mean this option (`はい`, `y`, `yes`).
    public let words: [String]

    package init(_ key: String, _ label: LocalizedText, words: [String] = []) {
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
public enum JobSecret: String, Sendable, Hashable, CaseIterable {
    /// The 4-digit 証明書パスワード chosen on the download site (⑥⑦).
    case certificatePassword
    /// The face-auth account's password (⑫).
    case facePassword

    /// The secret's name as the manual and the screens say it.
    public func name(in language: Language) -> String {
        switch (self, language) {
        case (.certificatePassword, .japanese): "証明書パスワード"
        case (.certificatePassword, .english): "certificate password (PIN)"
        case (.facePassword, .japanese): "顔認証アカウントのパスワード"
        case (.facePassword, .english): "face-auth account's password"
        }
    }
}
