import Foundation

/// The person at a real terminal: does each GUI operation of the manual and types back what the
/// screen shows. The attended stores ask through this; software checks every answer.
public protocol AttendedPerson: Sendable {
    /// Shows `question` (the manual's instructions and a prompt) and returns what the person
    /// typed, or `nil` when there is no answer yet (the job stops there and resumes later).
    func answer(_ question: AttendedQuestion) -> String?
}

/// One thing the attended terminal asks a person: the manual's instructions for the operation,
/// step by step, and what to type back.
public struct AttendedQuestion: Sendable, Hashable {
    /// Which question, stable across releases (a script answers by it).
    public struct ID: RawRepresentable, Sendable, Hashable, Codable, CustomStringConvertible {
        public let rawValue: String
        public init(rawValue: String) { self.rawValue = rawValue }
        public var description: String { rawValue }

        /// ③ the readers the login-name tool lists: serial and state, one per line.
        public static let readersList = ID(rawValue: "readers.list")
        /// ③ before 撤去: the reader's state (must be 未接続).
        public static let readerRemove = ID(rawValue: "readers.remove")
        /// ⑤ which initialization was done: 1 = InitializeFace.bat, 2 = ReaderInfo.ini deleted.
        public static let readersInitialize = ID(rawValue: "readers.initialize")
        /// ⑫ after 登録: the reader's state (must be 接続中).
        public static let readerAdd = ID(rawValue: "readers.add")
        /// ④⑧ the Online Billing certificates in 個人: 発行先, 有効期限, 拇印, one per line.
        public static let certificatesList = ID(rawValue: "certificates.list")
        /// ④ a certificate deleted and gone from the list (はい).
        public static let certificateRemove = ID(rawValue: "certificates.remove")
        /// ⑦ the import wizard done with the listed options (はい).
        public static let certificateInstall = ID(rawValue: "certificates.install")
        /// ⑩ after 保存: the value OQS_MEDICAL_INSTITUTION_CODE now shows (or 非表示).
        public static let credentialCode = ID(rawValue: "credentials.code")
        /// The value OQS_MEDICAL_INSTITUTION_CODE shows now, before any change.
        public static let credentialCurrent = ID(rawValue: "credentials.current")
        /// OQS_LOGIN_KEY's ユーザー名 (R0RENK01 / R1RENK01).
        public static let loginKeyUser = ID(rawValue: "credentials.loginKeyUser")
    }

    public let id: ID
    /// The manual's step, e.g. `③`.
    public let step: String
    /// What the question is about (a serial, a certificate's 発行先, a code), when it repeats.
    public let subject: String?
    /// The manual's instructions, in order.
    public let instructions: LocalizedLines
    /// What to type back.
    public let prompt: LocalizedLines

    public init(id: ID, step: String, subject: String?, instructions: LocalizedLines, prompt: LocalizedLines) {
        self.id = id
        self.step = step
        self.subject = subject
        self.instructions = instructions
        self.prompt = prompt
    }
}

/// Lines of text in Japanese and English.
public struct LocalizedLines: Sendable, Hashable {
    public let japanese: [String]
    public let english: [String]

    public init(ja: [String], en: [String]) {
        japanese = ja
        english = en
    }

    public func lines(in language: Language) -> [String] {
        language == .japanese ? japanese : english
    }
}

/// A person whose answers come from a script (tests, `demo --attended`, rehearsals): a JSON
/// object from question id to an answer, a list of answers given in turn, or an object from
/// subject (a serial, a 発行先) to answer.
///
/// ```json
/// { "readers.list": "CAORA-000101 未接続\nCAORA-000102 未接続",
///   "certificates.list": ["0110113719 2027/02/25", "1310110049 2030/02/27 1a2b3c4d"],
///   "readers.add": { "CAORA-000101": "接続中", "CAORA-000102": "接続中" } }
/// ```
public final class ScriptedPerson: AttendedPerson, @unchecked Sendable {
    // @unchecked: `turns` is guarded by `lock`.
    /// One scripted answer.
    public enum Answer: Sendable, Hashable, Decodable {
        case text(String)
        case turns([String])
        case bySubject([String: String])

        public init(from decoder: any Decoder) throws {
            let container = try decoder.singleValueContainer()
            if let text = try? container.decode(String.self) {
                self = .text(text)
            } else if let list = try? container.decode([String].self) {
                self = .turns(list)
            } else {
                self = .bySubject(try container.decode([String: String].self))
            }
        }
    }

    private var answers: [String: Answer]
    private var turns: [String: Int] = [:]
    private let lock = NSLock()
    /// Told of every question and its answer (the demo prints them).
    public let echo: (@Sendable (AttendedQuestion, String?) -> Void)?

    public init(answers: [String: Answer], echo: (@Sendable (AttendedQuestion, String?) -> Void)? = nil) {
        self.answers = answers
        self.echo = echo
    }

    /// Reads a script from JSON.
    /// - Throws: `attended.script` when it is not such an object.
    public convenience init(
        json: [UInt8],
        echo: (@Sendable (AttendedQuestion, String?) -> Void)? = nil
    ) throws(SuccessionError) {
        do {
            self.init(answers: try JSONCoding.decoder().decode([String: Answer].self, from: Data(json)), echo: echo)
        } catch {
            throw SuccessionError(.attendedScript, values: [.reason: String(describing: error).prefix(120).description])
        }
    }

    /// Answers of `other` replace these where both have one.
    public func overriding(with other: [String: Answer]) -> ScriptedPerson {
        ScriptedPerson(answers: answers.merging(other) { _, new in new }, echo: echo)
    }

    public func answer(_ question: AttendedQuestion) -> String? {
        let text: String? = lock.withLock {
            switch answers[question.id.rawValue] {
            case .text(let text): return text
            case .turns(let list):
                let turn = turns[question.id.rawValue, default: 0]
                turns[question.id.rawValue] = turn + 1
                return turn < list.count ? list[turn] : list.last
            case .bySubject(let table): return question.subject.flatMap { table[$0] } ?? table["*"]
            case nil: return nil
            }
        }
        echo?(question, text)
        return text
    }
}

extension ProblemCode {
    /// No answer from the person yet: the job stops here and resumes later. Values: field.
    public static let attendedNoAnswer = ProblemCode(rawValue: "attended.noAnswer")
    /// An answer that cannot be read. Values: field, found, expected.
    public static let attendedAnswer = ProblemCode(rawValue: "attended.answer")
    /// A script that is not a JSON object of answers. Values: reason.
    public static let attendedScript = ProblemCode(rawValue: "attended.script")
    /// On a real terminal this change is undone by hand. Values: field (what to undo).
    public static let attendedUndoByHand = ProblemCode(rawValue: "attended.undoByHand")
}
