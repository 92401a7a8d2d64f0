extension MessageCatalog.Family {
    static let notices = Self(
        name: "notices",
        entries: [
            .noticeMissingRow: Entry(
                ja: { _ in "この行がありません。書類のとおりに入力してください。" },
                en: { _ in "This row is missing. Type it as it is on the paper." }
            ),
            .noticeCodeMismatch: Entry(
                ja: { "発行先 \($0[.found] ?? "") は新しい医療機関等コード \($0[.expected] ?? "") ではありません。新しいコードの通知書がなければ工事できません。" },
                en: {
                    "Issued to \($0[.found] ?? ""), not the new code \($0[.expected] ?? ""). Without a notice for the new code the work cannot proceed."
                }
            ),
            .noticeOldCode: Entry(
                ja: {
                    "発行先 \($0[.found] ?? "") は旧医療機関等コードです。新しいコード \($0[.expected] ?? "") で申請・発行された通知書（簡易書留）を用意してください。"
                },
                en: {
                    "Issued to the OLD code \($0[.found] ?? ""). Get the notice issued for the new code \($0[.expected] ?? "") (sent by registered mail)."
                }
            ),
            .noticeRequestID: Entry(
                ja: { problem in
                    if let position = problem[.position] {
                        return "\(position)文字目の「\(problem[.character] ?? "")」は数字ではありません。リクエストIDは数字15桁です。"
                    }
                    return "リクエストIDは数字15桁です（入力は\(problem[.count] ?? "?")桁）。書類と見比べてください。"
                },
                en: { problem in
                    if let position = problem[.position] {
                        return
                            "Character \(position) '\(problem[.character] ?? "")' is not a digit: the request ID is 15 digits."
                    }
                    return "The request ID has 15 digits, not \(problem[.count] ?? "?"). Compare it with the paper."
                }
            ),
            .noticeReferenceID: Entry(
                ja: { "リファレンスIDは10文字です（入力は\($0[.count] ?? "?")文字）。書類と見比べてください。" },
                en: { "The reference ID has 10 characters, not \($0[.count] ?? "?"). Compare it with the paper." }
            ),
            .noticeReferenceIDCharacter: Entry(
                ja: { "\($0[.position] ?? "?")文字目の「\($0[.character] ?? "")」は英数字ではありません。書類と見比べてください。" },
                en: {
                    "Character \($0[.position] ?? "?") '\($0[.character] ?? "")' is not a letter or digit. Compare it with the paper."
                }
            ),
            .noticePlaceholder: Entry(
                ja: { _ in "マニュアルの見本（〇〇〇…）のままです。実際の通知書の値を入力してください。" },
                en: { _ in "This is the manual's masked sample (〇〇〇…). Type the value from the actual notice." }
            ),
            .noticeValidityOrder: Entry(
                ja: {
                    "有効期間の開始 \(JapanTime.day(iso: $0[.notBefore] ?? "")) が終了 \(JapanTime.day(iso: $0[.notAfter] ?? "")) より後です。日付を確認してください。"
                },
                en: {
                    "The validity starts (\(JapanTime.day(iso: $0[.notBefore] ?? ""))) after it ends (\(JapanTime.day(iso: $0[.notAfter] ?? ""))). Check the dates."
                }
            ),
            .noticeDateFormat: Entry(
                ja: { "日付「\($0[.found] ?? "")」が読めません。「2021/03/10」「2021-03-10」「2021年3月10日」の形で入力してください。" },
                en: { "Cannot read the date '\($0[.found] ?? "")'. Write it as 2021/03/10, 2021-03-10 or 2021年3月10日." }
            ),
            .noticeDownloadExpired: Entry(
                ja: {
                    "ダウンロードサイトの有効期限 \(JapanTime.day(iso: $0[.notAfter] ?? "")) を過ぎています（\(JapanTime.day(iso: $0[.date] ?? "")) 時点）。証明書の再発行申請（手数料あり）が必要です。"
                },
                en: {
                    "The download site expired on \(JapanTime.day(iso: $0[.notAfter] ?? "")) (checked for \(JapanTime.day(iso: $0[.date] ?? ""))). A new issue must be applied for (with a fee)."
                }
            ),
            .noticeDownloadExpiresSoon: Entry(
                ja: {
                    "ダウンロードサイトの有効期限 \(JapanTime.day(iso: $0[.notAfter] ?? "")) まであと\($0[.count] ?? "?")日です。早めにダウンロードしてください。"
                },
                en: {
                    "The download site closes on \(JapanTime.day(iso: $0[.notAfter] ?? "")), in \($0[.count] ?? "?") days. Download the certificate soon."
                }
            ),
            .noticeIssuer: Entry(
                ja: { "発行者「\($0[.found] ?? "")」は「\($0[.expected] ?? "")」ではありません。オン資の電子証明書の通知書か確認してください。" },
                en: {
                    "The issuer '\($0[.found] ?? "")' is not '\($0[.expected] ?? "")'. Check that this is the オン資 certificate notice."
                }
            ),
            .noticeIssuerSpelling: Entry(
                ja: { "発行者「\($0[.found] ?? "")」は「\($0[.expected] ?? "")」の書き誤りと思われます（マニュアルの見本にもあります）。内容を確認してください。" },
                en: {
                    "The issuer '\($0[.found] ?? "")' looks like a misspelling of '\($0[.expected] ?? "")' (the manual's sample has one). Have a look."
                }
            ),
            .noticeUnknownRow: Entry(
                ja: { _ in "この行の名前は通知書の項目ではないため読み飛ばしました。" },
                en: { _ in "This row's name is not one of the notice's; it was skipped." }
            ),
            .noticeDuplicateRow: Entry(
                ja: { _ in "この項目が2回あります。最初の行を使いました。" },
                en: { _ in "This row appears twice; the first one was used." }
            ),
            .noticeConflictingRows: Entry(
                ja: {
                    "この項目が2回あり、値が違います（「\($0[.expected] ?? "")」と「\($0[.found] ?? "")」）。どちらが正しいか決められません。通知書の原本を確認してください。"
                },
                en: {
                    "This row appears twice with different values ('\($0[.expected] ?? "")', then '\($0[.found] ?? "")'): which one holds cannot be told. Check the paper notice."
                }
            ),
            .noticeDuplicateKey: Entry(
                ja: {
                    "JSON のキー「\($0[.row] ?? "")」が2回あります（「\($0[.expected] ?? "")」と「\($0[.found] ?? "")」）。JSON では片方が黙って使われるため、どちらが正しいか決められません。通知書の原本と見比べ、キーを1つにしてください。"
                },
                en: {
                    "The JSON key '\($0[.row] ?? "")' appears twice ('\($0[.expected] ?? "")', then '\($0[.found] ?? "")'): a JSON reader silently keeps one, so which holds cannot be told. Compare with the paper notice and leave one key."
                }
            ),
            .noticeJSON: Entry(
                ja: { _ in "JSON が「項目名: 文字列」のオブジェクトではありません。" },
                en: { _ in "The JSON is not an object of row names and strings." }
            ),
        ]
    )
}
