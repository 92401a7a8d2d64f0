public import SystemPackage

/// The operating system's reason for a failed file operation, kept as its number.
///
/// A problem of a file operation holds ``ProblemValueKey/errno`` (the number, read back as an
/// `Errno` with ``ProblemValue/errno``) and ``ProblemValueKey/reason`` (the system's English
/// words, for `--json` and support). A Japanese message says the common reasons in Japanese by
/// their number, never by matching English text, and leaves others out.
package enum SystemReason {
    private static let japanese: [Errno: String] = [
        .noSuchFileOrDirectory: "ありません",
        .permissionDenied: "権限がありません",
        .notPermitted: "許可されていません",
        .noSpace: "空き容量がありません",
        .diskQuotaExceeded: "容量の上限です",
        .readOnlyFileSystem: "読み取り専用の媒体です",
        .isDirectory: "フォルダです",
        .notDirectory: "途中の名前がフォルダではありません",
        .ioError: "入出力エラー・媒体の故障の可能性",
        .fileNameTooLong: "名前が長すぎます",
        .tooManySymbolicLinkLevels: "リンクが循環しています",
        .fileExists: "既にあります",
    ]

    /// `（理由）` for a reason we can say in Japanese, otherwise nothing.
    static func inJapanese(_ problem: Problem) -> String {
        guard let number = problem.value(.errno), let text = japanese[number] else { return "" }
        return "（\(text)）"
    }

    /// The values that say why the system refused: its number and its words.
    package static func values(_ error: Errno) -> [ProblemValueKey: String] {
        [.errno: String(error.rawValue), .reason: error.description]
    }

    /// The values for the C library's `errno` now.
    package static func values(errno number: Int32) -> [ProblemValueKey: String] {
        values(Errno(rawValue: number))
    }

    /// The values for an error a swift-system call threw (an `Errno`), or its description.
    package static func values(_ error: any Error) -> [ProblemValueKey: String] {
        if let errno = error as? Errno { return values(errno) }
        return [.reason: "\(error)"]
    }
}

extension SuccessionError {
    /// A file operation on `path` the system refused, with its reason.
    package init(_ code: ProblemCode, path: String, system values: [ProblemValueKey: String]) {
        self.init(code, values: values.merging([.path: path]) { _, path in path })
    }
}

extension ProblemValue where Value == Errno {
    /// ``ProblemValueKey/errno``: why the system refused a file operation, as swift-system's
    /// `Errno` (compare it with `.noSpace`, `.permissionDenied`, …).
    public static var errno: Self {
        Self(.errno, read: { Int32($0).map(Errno.init(rawValue:)) }, write: { String($0.rawValue) })
    }
}
