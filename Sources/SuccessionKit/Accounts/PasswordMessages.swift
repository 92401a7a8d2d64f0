extension MessageCatalog.Family {
    private static func classes(_ list: String?, japanese: Bool) -> String {
        let names: [String: (String, String)] = [
            "digit": ("数字", "a digit"), "lower": ("英小文字", "a small letter"), "upper": ("英大文字", "a capital letter"),
            "special": ("記号", "a special character"),
        ]
        let parts = (list ?? "").split(separator: ",").compactMap { names[String($0)] }
        return parts.map { japanese ? $0.0 : $0.1 }.joined(separator: japanese ? "・" : ", ")
    }

    static let passwords = Self(
        name: "passwords",
        entries: [
            .passwordLength: Entry(
                ja: { "パスワードは8文字以上20文字以下です（入力は\($0[.count] ?? "?")文字）。" },
                en: { "A password has 8 to 20 characters, not \($0[.count] ?? "?")." }
            ),
            .passwordCharacter: Entry(
                ja: {
                    "\($0[.position] ?? "?")文字目が\(refusedKind($0[.characterKind], japanese: true))です。パスワードに使えるのは半角英数字と記号 ~!@#$%^&*_{}[]|;'<>,.?-()/ だけです。"
                },
                en: {
                    "Character \($0[.position] ?? "?") is \(refusedKind($0[.characterKind], japanese: false)): a password takes ASCII letters, digits and ~!@#$%^&*_{}[]|;'<>,.?-()/ only."
                }
            ),
            .passwordMissingClass: Entry(
                ja: { "\(classes($0[.missing], japanese: true))が入っていません。数字・英小文字・英大文字・記号をそれぞれ1文字以上入れてください。" },
                en: {
                    "It lacks \(classes($0[.missing], japanese: false)): use at least one digit, small letter, capital letter and special character."
                }
            ),
            .passwordReused: Entry(
                ja: { "\($0[.generation] ?? "?")世代前のパスワードと同じです。13文字未満では過去5世代と同じパスワードは使えません。" },
                en: {
                    "It is the password of \($0[.generation] ?? "?") change(s) ago: below 13 characters the last 5 cannot be reused."
                }
            ),
            .passwordSimilar: Entry(
                ja: { "\($0[.generation] ?? "?")世代前のパスワードと先頭5文字が同じです（例: staff123→staff456 は不可）。13文字以上にするか先頭を変えてください。" },
                en: {
                    "Its first 5 characters equal those of the password of \($0[.generation] ?? "?") change(s) ago (like staff123 → staff456). Change the start or use 13+ characters."
                }
            ),
            .passwordDefault: Entry(
                ja: { _ in "マニュアルの初期パスワードのままです。お客様と相談して変更してください。" },
                en: { _ in "This is the manual's default password. Change it with the customer." }
            ),
            .passwordExpires: Entry(
                ja: { "13文字未満のパスワードは\($0[.count] ?? "60")日で期限切れになります。13文字以上にすると無期限です。" },
                en: {
                    "A password under 13 characters expires after \($0[.count] ?? "60") days; 13 or more never expire."
                }
            ),
        ]
    )
}

extension MessageCatalog.Family {
    /// A refused character told by its kind, as `PasswordPolicy` names it (`space`, `fullWidth`,
    /// …): the character itself is part of a secret and never shown.
    fileprivate static func refusedKind(_ kind: String?, japanese: Bool) -> String {
        switch kind {
        case "space": japanese ? "半角スペース" : "a space"
        case "fullWidthSpace": japanese ? "全角スペース" : "a full-width space"
        case "fullWidth":
            japanese ? "全角の英数字・記号（IME をオフにして半角で入力します）" : "a full-width letter, digit or sign (type it with the IME off)"
        case "nonASCII": japanese ? "かな・漢字など半角英数字以外の文字" : "a character outside ASCII (kana, kanji, an accented letter)"
        case "control": japanese ? "タブなどの制御文字" : "a tab or another control character"
        case "symbol":
            japanese ? "使えない記号（+ = : \" \\ ` のどれか）" : "a sign the system does not accept (one of + = : \" \\ `)"
        default: japanese ? "使えない文字" : "a character outside the allowed set"
        }
    }
}
