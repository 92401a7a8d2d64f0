public import Foundation

/// The customer's report of a succession: facility, codes, certificate, backup, readers, every
/// step with its result, and what the customer must keep 【工事手順⑭】. Japanese, printable on A4.
public struct JobReport: Sendable, Hashable, Codable {
    public struct StepLine: Sendable, Hashable, Codable {
        public let number: String
        public let mark: String
        public let title: String
        public let state: Job.StepState
        public let time: Date?
        /// Problems and notes in Japanese.
        public let notes: [String]
    }

    public let title: String
    public let terminalName: String?
    public let prefecture: String
    public let facilityKind: String
    public let oldCode: String
    public let newCode: String
    public let certificateSubject: String?
    public let certificateSHA256: String?
    public let certificateNotBefore: String?
    public let certificateNotAfter: String?
    public let backupLocation: String?
    public let readersBound: [String]
    public let credentialBefore: String?
    public let credentialAfter: String?
    public let steps: [StepLine]
    public let complete: Bool
    public let createdAt: Date
    public let customerMustKeep: [String]

    /// The report of `job`.
    public init(job: Job, createdAt: Date = Date()) {
        let backup = job.evidence(of: .s6)
        let credential = job.evidence(of: .s10)
        title = "オンライン資格確認端末 承継工事 報告書"
        terminalName = job.notice.terminalName
        prefecture = job.newCode.prefecture.japaneseName
        facilityKind = job.newCode.kind.japaneseName
        oldCode = job.oldCode.digits
        newCode = job.newCode.digits
        certificateSubject = backup["subject"]
        certificateSHA256 = backup["certificateSHA256"]
        certificateNotBefore = backup["notBefore"]
        certificateNotAfter = backup["notAfter"]
        backupLocation = backup["backupPath"].map(Self.windowsPath)
        readersBound = job.evidence(of: .s12)["bound"].map { $0.split(separator: ",").map(String.init) } ?? []
        credentialBefore = credential["before"]
        credentialAfter = credential["after"]
        steps = job.order.map { id in
            let step = SuccessionProcedure.step(id)
            let last = job.lastEvent(of: id)
            var notes = last?.problems.map { $0.message(in: .japanese) } ?? []
            if let note = last?.note { notes.append(note) }
            return StepLine(
                number: id.rawValue,
                mark: step.mark,
                title: step.japaneseTitle,
                state: job.state(of: id),
                time: last?.time,
                notes: notes
            )
        }
        complete = job.isComplete
        self.createdAt = createdAt
        customerMustKeep = [
            "デスクトップの「\(CertificateBackup.defaultFolderName)」フォルダを、お客様の USB メモリ等の外部記録媒体に保管してください。",
            "パソコンが故障した際など、新しいパソコンにこの証明書をインストールしてセットアップする必要があります。",
            "バックアップを無くした場合は、電子証明書の発行申請をやり直す必要があり、発行手数料が発生します。",
            "電子証明書取得に関する情報（通知書）と証明書パスワードは、取扱いに注意して大切に保管してください。",
        ]
    }

    /// A sandbox path shown as the terminal's Windows path.
    static func windowsPath(_ relative: String) -> String {
        for location in TerminalLayout.Location.allCases where relative.hasPrefix(location.sandboxPath) {
            let rest = relative.dropFirst(location.sandboxPath.count).replacingOccurrences(of: "/", with: #"\"#)
            return location.windowsPath + rest
        }
        return relative
    }

    private static func stateName(_ state: Job.StepState) -> String {
        switch state {
        case .done: "完了"
        case .failed: "失敗"
        case .skipped: "省略"
        case .pending: "未実施"
        }
    }

    private static func time(_ date: Date?) -> String {
        guard let date else { return "" }
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TypedDate.japan
        let c = calendar.dateComponents([.year, .month, .day, .hour, .minute], from: date)
        return String(
            format: "%04d/%02d/%02d %02d:%02d",
            c.year ?? 0,
            c.month ?? 0,
            c.day ?? 0,
            c.hour ?? 0,
            c.minute ?? 0
        )
    }

    private var facts: [(String, String)] {
        [
            ("端末名称", terminalName ?? "—"),
            ("都道府県・種別", "\(prefecture)・\(facilityKind)"),
            ("医療機関等コード", "\(oldCode) → \(newCode)"),
            ("OQS_MEDICAL_INSTITUTION_CODE", "\(credentialBefore ?? "—") → \(credentialAfter ?? "—")"),
            ("電子証明書 発行先", certificateSubject ?? "—"),
            ("電子証明書 SHA-256", certificateSHA256 ?? "—"),
            (
                "電子証明書 有効期間",
                "\(certificateNotBefore.map { String($0.prefix(10)) } ?? "—") 〜 \(certificateNotAfter.map { String($0.prefix(10)) } ?? "—")"
            ),
            ("バックアップの場所", backupLocation ?? "—"),
            ("紐づけたカードリーダー", readersBound.isEmpty ? "—" : readersBound.joined(separator: "、")),
        ]
    }

    /// The report as Markdown.
    public var markdown: String {
        var text = "# \(title)\n\n"
        text += "作成日時: \(Self.time(createdAt))　状態: \(complete ? "全手順完了" : "未完了")\n\n"
        text += "| 項目 | 内容 |\n|---|---|\n"
        for (label, value) in facts { text += "| \(label) | \(Self.markdownCell(value)) |\n" }
        text += "\n## 作業手順\n\n| 手順 | 内容 | 結果 | 日時 | 備考 |\n|---|---|---|---|---|\n"
        for step in steps {
            text +=
                "| \(step.mark) | \(step.title) | \(Self.stateName(step.state)) | \(Self.time(step.time)) | \(Self.markdownCell(step.notes.joined(separator: " "))) |\n"
        }
        text += "\n## お客様に保管していただくもの【工事手順⑭】\n\n"
        for line in customerMustKeep { text += "- \(line)\n" }
        return text
    }

    /// The report as a self-contained HTML page, laid out for A4 printing.
    public var html: String {
        var rows = ""
        for (label, value) in facts {
            rows += "<tr><th>\(Self.escape(label))</th><td>\(Self.escape(value))</td></tr>\n"
        }
        var stepRows = ""
        for step in steps {
            let notes = step.notes.map(Self.escape).joined(separator: "<br>")
            stepRows +=
                "<tr class=\"\(step.state.rawValue)\"><td class=\"mark\">\(Self.escape(step.mark))</td><td>\(Self.escape(step.title))</td>"
                + "<td class=\"state\">\(Self.stateName(step.state))</td><td class=\"time\">\(Self.time(step.time))</td><td>\(notes)</td></tr>\n"
        }
        let keep = customerMustKeep.map { "<li>\(Self.escape($0))</li>" }.joined(separator: "\n")
        return """
            <!DOCTYPE html>
            <html lang="ja">
            <head>
            <meta charset="utf-8">
            <title>\(Self.escape(title))</title>
            <style>
            @page { size: A4; margin: 12mm; }
            body { font-family: "Noto Sans CJK JP", "IPAexGothic", "Hiragino Sans", "Yu Gothic", sans-serif; font-size: 9pt; line-height: 1.35; color: #111; margin: 0; }
            h1 { font-size: 14pt; margin: 0 0 3mm; border-bottom: 2px solid #1a4d8f; padding-bottom: 2mm; }
            h2 { font-size: 11pt; margin: 4mm 0 1.5mm; color: #1a4d8f; }
            .meta { margin-bottom: 4mm; }
            .status { font-weight: bold; padding: 0.5mm 2mm; border-radius: 1mm; }
            .status.complete { background: #dff3e2; color: #11602a; }
            .status.incomplete { background: #fde2e1; color: #8a1c17; }
            table { border-collapse: collapse; width: 100%; }
            th, td { border: 1px solid #999; padding: 0.7mm 1.6mm; vertical-align: top; text-align: left; }
            th { background: #eef2f8; width: 42mm; font-weight: normal; }
            .steps th { width: auto; }
            @media screen { body { margin: 10mm auto; max-width: 182mm; } }
            td.mark { width: 14mm; text-align: center; white-space: nowrap; }
            td.state { width: 13mm; text-align: center; }
            td.time { width: 30mm; white-space: nowrap; }
            tr.failed td.state { color: #8a1c17; font-weight: bold; }
            tr.skipped td.state, tr.pending td.state { color: #666; }
            td { word-break: break-all; }
            .keep { border: 2px solid #1a4d8f; padding: 2mm 4mm; margin-top: 2mm; }
            .keep li { margin: 1mm 0; }
            .sign { margin-top: 5mm; display: flex; gap: 10mm; }
            .sign div { flex: 1; border-bottom: 1px solid #333; height: 10mm; }
            </style>
            </head>
            <body>
            <h1>\(Self.escape(title))</h1>
            <p class="meta">作成日時: \(Self.time(createdAt))　<span class="status \(complete ? "complete" : "incomplete")">\(complete ? "全手順完了" : "未完了")</span></p>
            <table>
            \(rows)</table>
            <h2>作業手順</h2>
            <table class="steps">
            <tr><th>手順</th><th>内容</th><th>結果</th><th>日時</th><th>備考</th></tr>
            \(stepRows)</table>
            <h2>お客様に保管していただくもの【工事手順⑭】</h2>
            <ul class="keep">
            \(keep)
            </ul>
            <div class="sign"><span>作業者</span><div></div><span>お客様確認</span><div></div></div>
            </body>
            </html>

            """
    }

    /// The report as JSON (ISO 8601 dates, sorted keys).
    public var json: String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        encoder.dateEncodingStrategy = .iso8601
        guard let data = try? encoder.encode(self) else { return "{}" }
        return String(decoding: data, as: UTF8.self)
    }

    static func escape(_ text: String) -> String {
        text.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;")
            .replacingOccurrences(of: ">", with: "&gt;").replacingOccurrences(of: "\"", with: "&quot;")
    }

    private static func markdownCell(_ text: String) -> String {
        text.replacingOccurrences(of: "|", with: #"\|"#).replacingOccurrences(of: "\n", with: " ")
    }
}
