import SuccessionKit

/// What to type next, for problems whose fix is a command or an option of this CLI.
///
/// The library says what is wrong in domain words; only the CLI knows its own commands.
enum ProblemHint {
    static let hints: [ProblemCode: Phrase] = [
        .jobLocked: Phrase(
            "ガイドページ（`succession serve`）が開いているなら、ページで続けるか、serve を Ctrl-C で終了してから実行します。",
            "If the guided page (`succession serve`) holds it, go on in the page, or stop serve with Ctrl-C first."
        ),
        .jobNone: Phrase("`succession job init` で作成します。", "Create it with `succession job init`."),
        .jobExists: Phrase(
            "`succession job status` で確認し、やり直すなら `job init --restart` です（今のジョブはアーカイブされます）。",
            "See `succession job status`; `job init --restart` starts over (the current job is archived)."
        ),
        .jobCodesSwapped: Phrase(
            "逆に入力していたなら、`--old-code` と `--new-code` の値を入れ替えて `job init` をやり直します。",
            "If they were swapped, run `job init` again with the values of `--old-code` and `--new-code` exchanged."
        ),
        .jobSkipReason: Phrase("`--reason` で理由を指定してください。", "Give it with `--reason`."),
        .readerConfirmationNeeded: Phrase("確認できたら `--yes` を付けて実行します。", "Then run again with `--yes`."),
        .archiveUnknownEntry: Phrase(
            "一覧: `succession terminal archive list`",
            "List: `succession terminal archive list`"
        ),
        .certIssuerNotVerified: Phrase("`--ca ルート証明書` で照合できます。", "`--ca ROOT-CERTIFICATE` verifies it."),
        .attendedUndoByHand: Phrase(
            "元に戻したら `--done-by-hand` を付けて実行します。",
            "When it is undone, run again with `--done-by-hand`."
        ),
        .jobAnswerMissing: Phrase(
            "`succession job run` で入力するか、`job confirm` に `--answer 質問ID=値` を付けます。",
            "Type it at `succession job run`, or give `job confirm` `--answer ID=VALUE`."
        ),
        .jobOldCertificateInstalled: Phrase(
            "削除したら `succession job run` で⑧を確認し直します（新しい証明書が一覧にないなら `job redo 7`）。",
            "When it is removed, `succession job run` checks step 8 again (if the new one is not listed, `job redo 7`)."
        ),
        .jobAccountsNotCarriedOver: Phrase(
            "⑨に戻るには `succession job redo 9` です。",
            "`succession job redo 9` goes back to step 9."
        ),
        .jobChangedBeforeFailing: Phrase(
            "やり直しは `succession job run`、取り消しは `job undo 手順番号` です。",
            "`succession job run` runs it again; `job undo STEP` restores it."
        ),
        .attendedNotUndoableByHand: Phrase(
            "ジョブの作り直しは `succession job init --restart` です（今のジョブはアーカイブされます）。",
            "`succession job init --restart` starts the job over (the current one is archived)."
        ),
        .agentKeyNotArchived: Phrase(
            "`succession job run --archive-without-key \"理由\"` で④をやり直します。",
            "Run step 4 again with `succession job run --archive-without-key \"REASON\"`."
        ),
        .jobExpiryMismatch: Phrase(
            "`succession job redo 7` のあと `job run` です。",
            "`succession job redo 7`, then `job run`."
        ),
        .jobThumbprintMismatch: Phrase(
            "`succession job redo 7` のあと `job run` です。",
            "`succession job redo 7`, then `job run`."
        ),
        .answerHelp: Phrase(
            "手順のやり直しは `succession job redo 手順番号` です。",
            "`succession job redo STEP` does a step over."
        ),
        .jobReportEncoding: Phrase("`--format html` か `--format md` を付けます。", "Add `--format html` or `--format md`."),
        .jobNothingToRedo: Phrase("`succession job run` で実施します。", "`succession job run` does it."),
        .csvLayoutAssumed: Phrase("列定義は `--layout` で指定します。", "Give the layout with `--layout`."),
    ]
}

extension Problem {
    /// The library's message and, when there is one, the CLI's hint.
    func cliMessage(in language: Language) -> String {
        let message = message(in: language)
        guard let hint = ProblemHint.hints[code] else { return message }
        return message + " " + hint(language)
    }
}

extension SuccessionError {
    /// Every problem's ``Problem/cliMessage(in:)``, one per line.
    func cliMessage(in language: Language) -> String {
        problems.map { $0.cliMessage(in: language) }.joined(separator: "\n")
    }
}
