extension MessageCatalog.Family {
    private static func describe(_ kind: String?, _ character: String, japanese: Bool) -> String {
        switch kind {
        case "digit": japanese ? "数字の「\(character)」" : "the digit \(character)"
        case "upperLetter": japanese ? "英大文字の「\(character)」" : "the capital letter \(character)"
        case "lowerLetter": japanese ? "英小文字の「\(character)」" : "the small letter \(character)"
        default: japanese ? "「\(character)」" : "'\(character)'"
        }
    }

    static let accounts = Self(
        name: "accounts",
        entries: [
            .accountFaceAuthInferred: Entry(
                ja: {
                    "顔認証アカウントのユーザIDを「\($0[.found] ?? "")」としています。マニュアルには「FOFACE01」と印刷されており、2文字目が数字の 0 であることは R0RENK01 からの推定です（マニュアルの記載ではありません）。ユーザ設定情報の用紙で確認してください。"
                },
                en: {
                    "The face-auth user ID is taken as '\($0[.found] ?? "")'. The manual prints 'FOFACE01'; that its second character is the digit 0 is our inference from R0RENK01, not the manual's statement. Check the ユーザ設定情報 paper."
                }
            ),
            .accountSeveralFaceAuth: Entry(
                ja: { "顔認証アカウントが \($0[.count] ?? "?") 件あります。【受託】の施設では複数あることがあります。意図したものか確認してください。" },
                en: {
                    "There are \($0[.count] ?? "?") face-auth accounts. 【受託】 sites may have several; check that this is intended."
                }
            ),
            .accountLookalike: Entry(
                ja: { problem in
                    let found = describe(problem[.characterKind], problem[.character] ?? "", japanese: true)
                    let expected = describe(problem[.expectedKind], problem[.expectedCharacter] ?? "", japanese: true)
                    return
                        "「\(problem[.found] ?? "")」の\(problem[.position] ?? "?")文字目は\(found)です。\(expected)の「\(problem[.expected] ?? "")」ではありませんか。"
                },
                en: { problem in
                    let found = describe(problem[.characterKind], problem[.character] ?? "", japanese: false)
                    let expected = describe(problem[.expectedKind], problem[.expectedCharacter] ?? "", japanese: false)
                    return
                        "In '\(problem[.found] ?? "")' character \(problem[.position] ?? "?") is \(found); did you mean \(problem[.expected] ?? "") (with \(expected))?"
                }
            ),
            .accountUnknownID: Entry(
                ja: { "「\($0[.found] ?? "")」は承継で使うアカウント（OnsKANRI、F0FACE01、R0RENK01/R1RENK01、H+数字7桁）のどれでもありません。" },
                en: {
                    "'\($0[.found] ?? "")' is none of the succession's accounts (OnsKANRI, F0FACE01, R0RENK01/R1RENK01, H + 7 digits)."
                }
            ),
            .accountKindMismatch: Entry(
                ja: { problem in
                    let terminal = problem[.kind] == TerminalKind.pharmacy.rawValue ? "薬局" : "医科歯科"
                    return
                        "このコードは\(terminal)なので連携アカウントは \(problem[.expected] ?? "") です。\(problem[.found] ?? "") は別の種別の端末用です。"
                },
                en: { problem in
                    let terminal =
                        problem[.kind] == TerminalKind.pharmacy.rawValue ? "a pharmacy" : "a medical/dental facility"
                    return
                        "This code is \(terminal): its linkage account is \(problem[.expected] ?? ""), not \(problem[.found] ?? "")."
                }
            ),
            .accountLoginKeyUser: Entry(
                ja: { "OQS_LOGIN_KEY のユーザー名「\($0[.found] ?? "")」は連携アカウント（R0RENK01 か R1RENK01）ではありません。" },
                en: {
                    "OQS_LOGIN_KEY's user name '\($0[.found] ?? "")' is not a linkage account (R0RENK01 or R1RENK01)."
                }
            ),
            .accountResetID: Entry(
                ja: { "リセット用ユーザIDはマスタアカウントのIDの末尾に R を付けたもの（\($0[.expected] ?? "")）です。" },
                en: { "The reset ID is the master ID followed by R (\($0[.expected] ?? ""))." }
            ),
        ]
    )
}
