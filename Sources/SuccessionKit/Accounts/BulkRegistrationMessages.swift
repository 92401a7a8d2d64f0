extension MessageCatalog.Family {
    static let bulkRegistration = Self(
        name: "bulkRegistration",
        entries: [
            .csvHeader: Entry(
                ja: { "1行目が見出し行ではありません（「\($0[.found] ?? "")」）。見出しは「\($0[.expected] ?? "")」です。一括登録用ファイルか確認してください。" },
                en: {
                    "The first line is not the header ('\($0[.found] ?? "")'); it should be '\($0[.expected] ?? "")'. Check that this is the bulk-registration file."
                }
            ),
            .csvNoRows: Entry(
                ja: { _ in "登録する行がありません（空のファイル、または見出しだけ）。" },
                en: { _ in "The file holds no row to register (empty, or a header alone)." }
            ),
            .csvLayoutAssumed: Entry(
                ja: { _ in
                    "列の並びは想定です（システムの列定義は公開されていません。管理アカウント登録画面の項目に合わせています）。業者提供の一括登録用ファイルと見比べ、違えば列定義を指定してください。"
                },
                en: { _ in
                    "The column layout is assumed (the system's is not published; this follows the admin-account form). Compare with the vendor's ready file and give its layout if they differ."
                }
            ),
            .csvEncoding: Entry(
                ja: { problem in
                    let base =
                        "\(problem[.line] ?? "?")行目の\(problem[.position] ?? "?")文字目「\(problem[.character] ?? "")」(\(problem[.codePoint] ?? "")) は Shift-JIS で書けません。"
                    return base + (problem[.suggestion].map { "「\($0)」に置き換えてください。" } ?? "別の文字にしてください。")
                },
                en: { problem in
                    let base =
                        "Line \(problem[.line] ?? "?"), character \(problem[.position] ?? "?") '\(problem[.character] ?? "")' (\(problem[.codePoint] ?? "")) cannot be written in Shift-JIS."
                    return base + (problem[.suggestion].map { " Use '\($0)' instead." } ?? " Use another character.")
                }
            ),
            .csvNotShiftJIS: Entry(
                ja: { _ in
                    "ファイルが Shift-JIS ではありません（UTF-8 で保存された可能性があります）。システムは Shift-JIS しか受け付けません。Shift-JIS で保存し直してください。"
                },
                en: { _ in
                    "The file is not Shift-JIS (probably saved as UTF-8); the system takes Shift-JIS only. Save it as Shift-JIS."
                }
            ),
            .csvLineEnding: Entry(
                ja: { _ in "改行が LF です。Windows の CRLF で保存することをお勧めします。" },
                en: { _ in "Lines end with LF; save with Windows CRLF line endings." }
            ),
            .csvColumnCount: Entry(
                ja: { "\($0[.line] ?? "?")行目の列数が \($0[.count] ?? "?") です（\($0[.expected] ?? "?") 列のはずです）。" },
                en: { "Line \($0[.line] ?? "?") has \($0[.count] ?? "?") columns, not \($0[.expected] ?? "?")." }
            ),
            .csvCode: Entry(
                ja: { "医療機関コード \($0[.found] ?? "") がこの施設のコード \($0[.expected] ?? "") と違います。" },
                en: { "Institution code \($0[.found] ?? "") is not this facility's code \($0[.expected] ?? "")." }
            ),
            .csvEmpty: Entry(
                ja: { "必須の項目（\($0[.field] ?? "")）が空です。" },
                en: { "The required value (\($0[.field] ?? "")) is empty." }
            ),
            .csvDate: Entry(
                ja: { "日付「\($0[.found] ?? "")」が読めません（\($0[.field] ?? "")）。yyyy/MM/dd で書いてください。" },
                en: { "Cannot read the date '\($0[.found] ?? "")' (\($0[.field] ?? "")); write yyyy/MM/dd." }
            ),
            .csvDateOrder: Entry(
                ja: { "利用終了年月日 \($0[.found] ?? "") が利用開始年月日より前です。" },
                en: { "The end date \($0[.found] ?? "") is before the start date." }
            ),
            .csvDuplicateID: Entry(
                ja: { "ユーザID「\($0[.found] ?? "")」が\($0[.firstLine] ?? "?")行目と重複しています。" },
                en: { "User ID '\($0[.found] ?? "")' repeats line \($0[.firstLine] ?? "?")." }
            ),
            .csvLayout: Entry(
                ja: { _ in
                    "列レイアウトの JSON が読めません。{\"hasHeader\": true, \"columns\": [{\"field\": \"userID\", \"title\": \"ユーザID\"}, …]} の形にしてください。"
                },
                en: { _ in
                    "The layout JSON cannot be read; use {\"hasHeader\": true, \"columns\": [{\"field\": \"userID\", \"title\": \"ユーザID\"}, …]}."
                }
            ),
        ]
    )
}
