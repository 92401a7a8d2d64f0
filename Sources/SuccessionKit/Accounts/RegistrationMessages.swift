extension MessageCatalog.Family {
    static let registrations = Self(
        name: "registrations",
        entries: [
            .registrationWaiting: Entry(
                ja: { "「\($0[.found] ?? "")」: まだ登録されていません。一覧は1分ごとに更新されます。「更新」を押して待ってください。" },
                en: { "'\($0[.found] ?? "")': not registered yet. The list refreshes every minute; press 更新 and wait." }
            ),
            .registrationDuplicates: Entry(
                ja: { _ in "IDが重複したアカウント以外は登録されました。重複したIDが既に登録済みのものか確認してください。" },
                en: { _ in
                    "Everything but the duplicate IDs was registered. Check that the duplicates are already registered."
                }
            ),
            .registrationInputError: Entry(
                ja: { _ in
                    "入力内容にエラーがあり、エラーのない行も登録されていません。「結果」の《ダウンロード》で登録結果を開き、【入力チェックエラーなし:未登録】以外の行を直して、1分以上空けて再登録してください。"
                },
                en: { _ in
                    "Input errors: nothing was registered, not even valid rows. Download the result, fix the rows not marked 【入力チェックエラーなし:未登録】, and upload again after a minute."
                }
            ),
            .registrationFileError: Entry(
                ja: { _ in "ファイルの構造が正しくありません。アカウント一括登録用ファイル（Shift-JIS の CSV）を確認し、1分以上空けて再登録してください。" },
                en: { _ in
                    "The file's structure is wrong. Check the bulk-registration CSV (Shift-JIS) and upload again after a minute."
                }
            ),
            .registrationSystemError: Entry(
                ja: { _ in "システムエラーで登録に失敗しました。時間をおいて再登録し、続く場合はヘルプデスクに問い合わせてください。" },
                en: { _ in
                    "A system error stopped the registration. Try again later; if it persists, call the help desk."
                }
            ),
            .distributionNotDone: Entry(
                ja: { _ in
                    "配信実績の Status が「サーバー接続の定期実行待ち」ではありません。「今すぐダウンロード」と再起動を、更新の通知が出なくなるまで（最大3回）繰り返してください。ノートPCは電源ケーブルを接続してください。"
                },
                en: { _ in
                    "The distribution Status is not 'waiting for the scheduled server connection'. Repeat 'download now' and a reboot until no update popup appears (at most 3 times); plug in a notebook's power cable."
                }
            ),
            .distributionResumeTimeMissing: Entry(
                ja: {
                    "「\($0[.found] ?? "")」には「[再開予定時刻：日時]」がありません。配信実績の Status= 行を、括弧の中の再開予定時刻まで表示のとおり入力してください。"
                },
                en: {
                    "'\($0[.found] ?? "")' lacks its '[再開予定時刻：<date time>]'. Type the record's Status= line as shown, including the bracket."
                }
            ),
            .distributionResumeTimeInvalid: Entry(
                ja: {
                    "再開予定時刻「\($0[.found] ?? "")」は日時として読めません（年/月/日 時:分）。配信実績の表示のとおり入力してください。"
                },
                en: {
                    "The 再開予定時刻 '\($0[.found] ?? "")' is not a date and time (year/month/day hour:minute). Type it as the record shows."
                }
            ),
            .distributionResumeTimePast: Entry(
                ja: {
                    "再開予定時刻「\($0[.found] ?? "")」は作業時刻（\($0[.expected] ?? "")）より前です。再起動後の配信実績を表示し直して入力してください。"
                },
                en: {
                    "The 再開予定時刻 '\($0[.found] ?? "")' lies before the work (\($0[.expected] ?? "")). Show the distribution record again after the reboot and type it."
                }
            ),
            .registrationUnknown: Entry(
                ja: { "登録状況「\($0[.found] ?? "")」はシステムの表示にありません。登録完了・登録待ち等、画面の表示のとおり入力してください。" },
                en: { "'\($0[.found] ?? "")' is not a 登録状況 the system shows. Type it as shown (e.g. 登録完了)." }
            ),
        ]
    )
}
