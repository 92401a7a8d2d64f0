/// The operating system's reason for a failed file operation, for a Japanese sentence.
///
/// `strerror` and `Errno` speak English; a Japanese message never carries English, so it
/// names the common reasons in Japanese and leaves others out. The English text stays in the
/// problem's `reason` value (shown by `--json`).
enum SystemReason {
    private static let japanese: [String: String] = [
        "No such file or directory": "ありません",
        "Permission denied": "権限がありません",
        "Operation not permitted": "許可されていません",
        "No space left on device": "空き容量がありません",
        "Disk quota exceeded": "容量の上限です",
        "Read-only file system": "読み取り専用の媒体です",
        "Is a directory": "フォルダです",
        "Not a directory": "途中の名前がフォルダではありません",
        "Input/output error": "入出力エラー・媒体の故障の可能性",
        "File name too long": "名前が長すぎます",
        "Too many levels of symbolic links": "リンクが循環しています",
        "File exists": "既にあります",
    ]

    /// `（理由）` for a reason we can say in Japanese, otherwise nothing.
    static func inJapanese(_ problem: Problem) -> String {
        guard let reason = problem[.reason], let text = japanese[reason] else { return "" }
        return "（\(text)）"
    }
}
