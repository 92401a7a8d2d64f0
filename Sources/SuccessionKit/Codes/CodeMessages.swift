extension MessageCatalog.Family {
    static let codes = Self(
        name: "codes",
        entries: [
            .codeListEmpty: Entry(
                ja: { "「\($0[.path] ?? "")」にコードがありません（空、または見出し行だけ）。ファイルを確認してください。" },
                en: { "'\($0[.path] ?? "")' holds no codes (empty, or a header alone). Check the file." }
            ),
            .codeEmpty: Entry(
                ja: { _ in "医療機関等コードが入力されていません。10桁の数字を入力してください。" },
                en: { _ in "No code was entered. Enter the 10-digit medical institution code." }
            ),
            .codeLength: Entry(
                ja: { problem in
                    let count = problem[.count] ?? "?"
                    if problem.value(.sevenDigitCode) == true {
                        return "医療機関等コードは10桁です（入力は7桁）。先頭に都道府県番号2桁と点数表番号1桁を付けてください。"
                    }
                    return "医療機関等コードは10桁です（入力は\(count)桁）。書類の10桁をそのまま入力してください。"
                },
                en: { problem in
                    let count = problem[.count] ?? "?"
                    if problem.value(.sevenDigitCode) == true {
                        return
                            "A medical institution code has 10 digits, not 7: put the 2-digit prefecture and the 1-digit kind in front."
                    }
                    return
                        "A medical institution code has 10 digits, not \(count). Enter all ten digits from the paper."
                }
            ),
            .codeCharacter: Entry(
                ja: { problem in
                    let position = problem[.position] ?? "?"
                    let character = problem[.character] ?? "?"
                    if let suggestion = problem[.suggestion] {
                        return "\(position)文字目の「\(character)」は数字ではありません。数字の「\(suggestion)」ではありませんか。"
                    }
                    return "\(position)文字目の「\(character)」は数字ではありません。数字だけを入力してください。"
                },
                en: { problem in
                    let position = problem[.position] ?? "?"
                    let character = problem[.character] ?? "?"
                    if let suggestion = problem[.suggestion] {
                        return
                            "Character \(position) is '\(character)', not a digit; did you mean the digit \(suggestion)?"
                    }
                    return "Character \(position) is '\(character)', not a digit. Enter digits only."
                }
            ),
            .codePrefecture: Entry(
                ja: { "先頭2桁「\($0[.found] ?? "")」は都道府県番号（01〜47）ではありません。先頭2桁を確認してください。" },
                en: { "The first two digits '\($0[.found] ?? "")' are not a prefecture number (01–47). Check them." }
            ),
            .codeKind: Entry(
                ja: {
                    "3桁目「\($0[.found] ?? "")」は点数表番号（1 医科、3 歯科、4 調剤、6 訪問看護）ではありません。3桁目を確認してください。"
                },
                en: {
                    "The third digit '\($0[.found] ?? "")' is not a fee-schedule number (1 medical, 3 dental, 4 pharmacy, 6 home nursing). Check it."
                }
            ),
            .codeCheckDigit: Entry(
                ja: { problem in
                    let expected = problem[.expected] ?? "?"
                    let found = problem[.found] ?? "?"
                    var text =
                        "検証番号（10桁目）が合いません: この都道府県の規則では「\(expected)」のはずです（入力は「\(found)」）。打ち間違いがないか、書類の10桁と見比べてください。"
                    if problem.value(.otherRuleAccepts) == true {
                        text += "（別の都道府県の計算方法なら合うため、手で計算した番号かもしれません。）"
                    }
                    return text
                },
                en: { problem in
                    let expected = problem[.expected] ?? "?"
                    let found = problem[.found] ?? "?"
                    var text =
                        "The check digit (10th digit) is wrong: under this prefecture's rule it would be \(expected), not \(found). Compare every digit with the paper for a typo."
                    if problem.value(.otherRuleAccepts) == true {
                        text += " (Another prefecture's rule would accept it: the code may have been computed by hand.)"
                    }
                    return text
                }
            ),
            .codeSample: Entry(
                ja: { _ in "「1234567890」はマニュアルの見本の番号で、実在のコードではありません。書類に書かれた実際のコードを入力してください。" },
                en: { _ in
                    "1234567890 is the manual's sample, not a real code. Enter the facility's actual code from its papers."
                }
            ),
            .codeNoTerminalProcedure: Entry(
                ja: { _ in "訪問看護のコードです。承継マニュアルには訪問看護の顔認証カードリーダー手順がありません。手順を確認してから進めてください。" },
                en: { _ in
                    "This is a home-nursing code; the succession manual has no card-reader procedure for it. Confirm the procedure before going on."
                }
            ),
        ]
    )
}
