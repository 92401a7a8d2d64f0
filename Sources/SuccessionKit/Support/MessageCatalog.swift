import Synchronization

/// How one ``ProblemCode`` is explained: a sentence in Japanese and one in English, each made
/// from the problem's values, saying what is wrong and what to do next.
///
/// ```swift
/// let message = ProblemMessage(
///     ja: { "エージェント「\($0[.field] ?? "")」が応答しません。" },
///     en: { "The agent '\($0[.field] ?? "")' does not answer." }
/// )
/// ```
public struct ProblemMessage: Sendable {
    /// Makes one language's sentence from a problem.
    public typealias Render = @Sendable (Problem) -> String

    let japanese: Render
    let english: Render

    /// A message in both languages.
    public init(ja: @escaping Render, en: @escaping Render) {
        self.japanese = ja
        self.english = en
    }
}

/// The messages of problem codes that are not the library's own: a backend's, a step's of an
/// integrator's procedure. ``Problem/message(in:)`` finds them as it finds the library's.
public enum ProblemMessages {
    private static let table = Mutex<[ProblemCode: ProblemMessage]>([:])

    /// Registers the messages of codes of one's own. A code the library already explains keeps
    /// the library's message (a stable code means one thing); registering a code again replaces
    /// what was registered before.
    public static func register(_ messages: [ProblemCode: ProblemMessage]) {
        table.withLock { $0.merge(messages) { _, new in new } }
    }

    static func registered(_ code: ProblemCode) -> ProblemMessage? {
        table.withLock { $0[code] }
    }
}

/// Explains ``Problem``s in Japanese and English.
///
/// Each layer keeps its messages next to its checks and registers them as a ``Family``
/// (`Codes/CodeMessages.swift`, …); the catalog only joins the families it is given and
/// remembers any code two families both claim, which a test requires to be none.
package struct MessageCatalog: Sendable {
    /// Renders one problem from its values.
    package typealias Render = @Sendable (Problem) -> String

    /// The two renderings of one ``ProblemCode``.
    package typealias Entry = ProblemMessage

    /// The messages of one layer or concept.
    package struct Family: Sendable {
        /// A name for test failures (`codes`, `certificates`, …).
        package let name: String
        package let entries: [ProblemCode: Entry]

        package init(name: String, entries: [ProblemCode: Entry]) {
            self.name = name
            self.entries = entries
        }
    }

    /// Every registered message, by code.
    package let entries: [ProblemCode: Entry]
    /// Codes registered by more than one family, with the families' names.
    package let duplicates: [ProblemCode: [String]]

    /// Joins `families`; a code in two families keeps the first message and is listed in
    /// ``duplicates``.
    package init(families: [Family]) {
        var entries: [ProblemCode: Entry] = [:]
        var owners: [ProblemCode: [String]] = [:]
        for family in families {
            for (code, entry) in family.entries {
                owners[code, default: []].append(family.name)
                if entries[code] == nil { entries[code] = entry }
            }
        }
        self.entries = entries
        self.duplicates = owners.filter { $0.value.count > 1 }
    }

    func message(for problem: Problem, in language: Language) -> String {
        // A message quotes input shortened (a 10 MB line is not repeated); the paths and the
        // expected values are ours to show whole.
        var problem = problem
        for (key, value) in problem.values where key != .path && key != .expected && key != .instruction {
            problem.values[key] = TypedInput.quoted(value)
        }
        guard let entry = entries[problem.code] ?? ProblemMessages.registered(problem.code) else {
            // A code without a message still says everything it knows.
            let values = problem.values.sorted { $0.key.rawValue < $1.key.rawValue }
                .map { "\($0.key)=\($0.value)" }.joined(separator: ", ")
            return values.isEmpty ? problem.code.rawValue : "\(problem.code) (\(values))"
        }
        // A problem found in a row of a paper or file says which row first.
        switch language {
        case .japanese:
            return problem[.row].map { "【\($0)】" }.map { $0 + entry.japanese(problem) } ?? entry.japanese(problem)
        case .english: return problem[.row].map { "[\($0)] " + entry.english(problem) } ?? entry.english(problem)
        }
    }
}

extension MessageCatalog.Family {
    package typealias Entry = MessageCatalog.Entry

    static let files = Self(
        name: "files",
        entries: [
            .fileUnreadable: Entry(
                ja: { "ファイル「\($0[.path] ?? "")」を読めません\(SystemReason.inJapanese($0))。パスと権限を確認してください。" },
                en: {
                    "Cannot read the file '\($0[.path] ?? "")' (\($0[.reason] ?? "")). Check the path and its permissions."
                }
            ),
            .fileUnwritable: Entry(
                ja: {
                    "ファイル「\($0[.path] ?? "")」を書き込めません\(SystemReason.inJapanese($0))。元のファイルはそのままです。空き容量と権限を確認してください。"
                },
                en: {
                    "Cannot write the file '\($0[.path] ?? "")' (\($0[.reason] ?? "")). Nothing was changed; check free space and permissions."
                }
            ),
            .fileExists: Entry(
                ja: { "「\($0[.path] ?? "")」は既にあります。上書きしません。別の名前を指定してください。" },
                en: { "'\($0[.path] ?? "")' already exists and is not overwritten. Choose another name." }
            ),
            .fileNotRegular: Entry(
                ja: { "「\($0[.path] ?? "")」は通常のファイルではありません（FIFO・デバイス・フォルダ）。読まずに止めました。ファイルを指定してください。" },
                en: {
                    "'\($0[.path] ?? "")' is not a regular file (a FIFO, a device, a folder); it was not read. Name a file."
                }
            ),
            .fileSymbolicLink: Entry(
                ja: {
                    "「\($0[.path] ?? "")」はシンボリックリンクです。リンク先には書き込まず、読み取りも信頼もしません。リンクを外し、実際のファイルかフォルダを置いてください。"
                },
                en: {
                    "'\($0[.path] ?? "")' is a symbolic link: the tool never writes, moves or trusts anything through a link. Replace it with a real file or folder."
                }
            ),
            .fileNameNotText: Entry(
                ja: {
                    "「\($0[.path] ?? "")」の名前は UTF-8 の文字列ではありません（別のシステムの文字コード）。読まずに止めました。UTF-8 の名前に変えてください。"
                },
                en: {
                    "The name of '\($0[.path] ?? "")' is not UTF-8 text (another system's encoding); it was not read. Rename it to a UTF-8 name."
                }
            ),
            .fileTooLarge: Entry(
                ja: { "「\($0[.path] ?? "")」は大きすぎます（上限 \($0[.limit] ?? "?") バイト）。この種類のファイルではありません。ファイルを確認してください。" },
                en: {
                    "'\($0[.path] ?? "")' is too large (the limit is \($0[.limit] ?? "?") bytes): not a file of this kind. Check the file."
                }
            ),
            .fileLineTooLong: Entry(
                ja: { "「\($0[.path] ?? "")」の\($0[.line] ?? "?")行目は \($0[.count] ?? "?") バイトあり、長すぎるため読み飛ばしました。" },
                en: {
                    "Line \($0[.line] ?? "?") of '\($0[.path] ?? "")' is \($0[.count] ?? "?") bytes long, far too long: skipped unread."
                }
            ),
            .fileReadBackMismatch: Entry(
                ja: {
                    "「\($0[.path] ?? "")」に書いた内容を読み戻すと一致しませんでした。書きかけのファイルは消し、元のファイルはそのままです。保存先の媒体（空き容量・故障）を確認してください。"
                },
                en: {
                    "What was written for '\($0[.path] ?? "")' did not read back identical; the partial file was removed and the original is unchanged. Check the target medium (space, faults)."
                }
            ),
            .fileEncoding: Entry(
                ja: { "ファイル「\($0[.path] ?? "")」の\($0[.line] ?? "?")行目が UTF-8 でも Shift-JIS でもありません。文字コードを確認してください。" },
                en: {
                    "Line \($0[.line] ?? "?") of '\($0[.path] ?? "")' is neither UTF-8 nor Shift-JIS text. Save the file as UTF-8 or Shift-JIS."
                }
            ),
        ]
    )
}
