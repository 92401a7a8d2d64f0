extension MessageCatalog {
    static let jobs: [ProblemCode: Entry] = [
        .jobLocked: Entry(
            ja: { _ in "この端末のジョブは別のプロセスが実行中です。そちらが終わってから実行してください。" },
            en: { _ in "Another process is working on this terminal's job. Wait for it to finish." }
        ),
        .jobNone: Entry(
            ja: { "「\($0[.path] ?? "")」にジョブがありません。先に succession job init で作成してください。" },
            en: { "No job on '\($0[.path] ?? "")'. Create one with succession job init." }
        ),
        .jobExists: Entry(
            ja: { "「\($0[.path] ?? "")」には既にジョブがあります。succession job status で確認してください。" },
            en: { "'\($0[.path] ?? "")' already has a job. See succession job status." }
        ),
        .jobPrecondition: Entry(
            ja: { "手順 \($0[.found] ?? "") の前に、手順 \($0[.missing] ?? "") を終えてください。" },
            en: { "Finish step(s) \($0[.missing] ?? "") before step \($0[.found] ?? "")." }
        ),
        .jobSkipReason: Entry(
            ja: { _ in "手順を飛ばすには理由が必要です（--reason）。理由は記録と報告書に残ります。" },
            en: { _ in "Skipping a step needs a reason (--reason); it is kept in the journal and the report." }
        ),
        .jobNothingToUndo: Entry(
            ja: { "手順 \($0[.found] ?? "") は端末を変更していないため、元に戻すものがありません。" },
            en: { "Step \($0[.found] ?? "") changed nothing on the terminal that could be restored." }
        ),
        .jobDeclined: Entry(
            ja: { "手順 \($0[.found] ?? "") が「いいえ」で終わりました。マニュアルに戻って原因を確認し、もう一度実行してください。" },
            en: { "Step \($0[.found] ?? "") was answered no. Check the manual for the cause and run it again." }
        ),
        .jobInputMissing: Entry(
            ja: { "この手順には \($0[.field] ?? "") が必要です（ファイル、環境変数、または画面の入力で）。" },
            en: { "This step needs the \($0[.field] ?? "") (from a file, the environment, or a prompt)." }
        ),
        .jobNoCertificateFile: Entry(
            ja: { _ in "ダウンロードフォルダに .p12 がありません。ダウンロードサイトから新しい証明書を取得してください。" },
            en: { _ in "Downloads holds no .p12. Download the new certificate from the download site." }
        ),
        .jobFileChanged: Entry(
            ja: { "⑥で選んだファイル「\($0[.path] ?? "")」が変わっています。⑥をやり直してください。" },
            en: { "The file '\($0[.path] ?? "")' chosen in ⑥ has changed. Redo step ⑥." }
        ),
    ]
}
