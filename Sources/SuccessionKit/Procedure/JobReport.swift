public import Foundation

/// The customer's report of a succession: facility, codes, certificate, backup, readers, every
/// step with its result, and what the customer must keep 【工事手順⑭】. Japanese, printable on A4.
public struct JobReport: Sendable, Hashable, Codable {
    public struct StepLine: Sendable, Hashable, Codable {
        public let number: String
        public let mark: String
        public let title: String
        public let state: Job.StepState
        /// How the record was verified (done and skipped steps).
        public let verification: StepVerification?
        public let time: Date?
        /// Problems and notes in Japanese.
        public let notes: [String]
    }

    public let title: String
    public let terminalName: String?
    /// How the terminal was worked: the practice sandbox, a real terminal attended by a person,
    /// or an integrator's backend.
    public let terminalKind: TerminalDescription.Kind
    public let prefecture: String
    public let facilityKind: String
    public let oldCode: String
    public let newCode: String
    public let certificateSubject: String?
    public let certificateSHA256: String?
    /// The certificate's 拇印 (SHA-1) as Windows shows it, and as the store showed it in ⑧.
    public let certificateThumbprint: String?
    public let thumbprintShown: String?
    public let certificateNotBefore: Date?
    public let certificateNotAfter: Date?
    public let backupLocation: String?
    public let readersBound: [String]
    public let credentialBefore: String?
    public let credentialAfter: String?
    /// 補足② the facility name on the readers' waiting screen.
    public let facilityName: String?
    /// ⑬ the distribution Status= text.
    public let distributionStatus: String?
    /// ⑭ the customer's tests and the backup.
    public let handover: Handover?
    public let steps: [StepLine]
    /// 「全手順完了」 only when every step is done.
    public let completion: String
    public let complete: Bool
    public let createdAt: Date
    public let customerMustKeep: [String]

    /// The report of `job`.
    public init(job: Job, createdAt: Date = Date()) {
        let backup = job.evidence(of: .step6)
        let credential = job.evidence(of: .step10)
        title = "オンライン資格確認端末 承継工事 報告書"
        terminalName = job.notice.terminalName
        terminalKind = job.terminal.kind
        prefecture = job.newCode.prefecture.japaneseName
        facilityKind = job.newCode.kind.japaneseName
        oldCode = job.oldCode.digits
        newCode = job.newCode.digits
        certificateSubject = backup.certificateSubject
        certificateSHA256 = backup.certificateSHA256
        certificateThumbprint = backup.certificateSHA1.map { Thumbprint.display($0) }
        thumbprintShown = job.evidence(of: .step8).thumbprintShown.map { Thumbprint.display($0) }
        certificateNotBefore = backup.certificateNotBefore
        certificateNotAfter = backup.certificateNotAfter
        backupLocation = backup.backupFolder.map { Self.windowsPath($0, root: nil) }
        readersBound = job.evidence(of: .step12).readerSerials ?? []
        credentialBefore = credential.credentialBefore
        credentialAfter = credential.credentialAfter
        facilityName = job.evidence(of: .supplement2).facilityName
        distributionStatus = job.evidence(of: .step13).distributionStatus
        handover = job.evidence(of: .step14).handover
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
                verification: job.verification(of: id),
                time: last?.time,
                notes: notes
            )
        }
        completion = job.completion.text(in: .japanese)
        complete = job.completion == .complete
        self.createdAt = createdAt
        customerMustKeep = [
            "デスクトップの「\(CertificateBackup.defaultFolderName)」フォルダを、お客様の USB メモリ等の外部記録媒体に保管してください。",
            "パソコンが故障した際など、新しいパソコンにこの証明書をインストールしてセットアップする必要があります。",
            "バックアップを無くした場合は、電子証明書の発行申請をやり直す必要があり、発行手数料が発生します。",
            "電子証明書取得に関する情報（通知書）と証明書パスワードは、取扱いに注意して大切に保管してください。",
        ]
    }

    /// A sandbox path shown as the terminal's Windows path — only when it is one: a path
    /// relative to the root that starts with a location's sandbox path, or an absolute path
    /// whose part before the location's whole components is the sandbox root (`root`, or a
    /// folder holding the sandbox's `.succession`). Any other path (`/media/usb/Work/bk`, a
    /// folder the person gave) is shown as it is: the report shows where the backup is.
    static func windowsPath(_ path: String, root: String?) -> String {
        let locations = TerminalLayout.Location.allCases.sorted { $0.sandboxPath.count > $1.sandboxPath.count }
        for location in locations {
            let base = location.sandboxPath
            if !path.hasPrefix("/") {
                guard path == base || path.hasPrefix(base + "/") else { continue }
                return location.windowsPath + path.dropFirst(base.count).replacingOccurrences(of: "/", with: #"\"#)
            }
            var searchStart = path.startIndex
            while let range = path.range(of: "/" + base, range: searchStart..<path.endIndex) {
                searchStart = path.index(after: range.lowerBound)
                let rest = path[range.upperBound...]
                guard rest.isEmpty || rest.hasPrefix("/") else { continue }
                let prefix = String(path[..<range.lowerBound])
                let isRoot =
                    root.map { TerminalLayout(root: $0).root == prefix }
                    ?? FileSystem.isDirectory(prefix + "/.succession")
                guard isRoot else { continue }
                return location.windowsPath + rest.replacingOccurrences(of: "/", with: #"\"#)
            }
        }
        return path
    }

    private static func time(_ date: Date?) -> String {
        date.map(JapanTime.minute) ?? ""
    }

    private var facts: [(String, String)] {
        let validity =
            "\(certificateNotBefore.map(JapanTime.day) ?? "—") 〜 \(certificateNotAfter.map(JapanTime.day) ?? "—")"
        var handoverText = "—"
        if let handover {
            handoverText =
                "マイナンバーカード: \(handover.myNumberCard.text(in: .japanese))／保険証: \(handover.insuranceCard.text(in: .japanese))／バックアップ引渡し: \(handover.backupHandedOver ? "済" : "未")"
        }
        let kind: String
        switch terminalKind {
        case .sandbox: kind = "練習用サンドボックス"
        case .attended: kind = "実端末（作業者が画面の値を入力し照合）"
        case .custom: kind = "連携システム"
        }
        return [
            ("端末名称・作業方式", "\(terminalName ?? "—")（\(kind)）"),
            ("都道府県・種別", "\(prefecture)・\(facilityKind)"),
            ("医療機関等コード", "\(oldCode) → \(newCode)"),
            ("OQS_MEDICAL_INSTITUTION_CODE", "\(credentialBefore ?? "—") → \(credentialAfter ?? "—")"),
            ("電子証明書 発行先", certificateSubject ?? "—"),
            ("電子証明書 拇印（SHA-1）", certificateThumbprint.map { "\($0)（⑧の表示: \(thumbprintShown ?? "—")）" } ?? "—"),
            ("電子証明書 有効期間", validity),
            ("バックアップの場所", backupLocation ?? "—"),
            ("紐づけたカードリーダー", readersBound.isEmpty ? "—" : readersBound.joined(separator: "、")),
            ("カードリーダーの医療機関名表示", facilityName ?? "—"),
            ("配信実績 Status", distributionStatus ?? "—"),
            ("動作確認とお客様説明（⑭）", handoverText),
        ]
    }

    /// The report as Markdown.
    public var markdown: String {
        var text = "# \(title)\n\n"
        text += "作成日時: \(Self.time(createdAt))　状態: \(completion)\n\n"
        text += "| 項目 | 内容 |\n|---|---|\n"
        for (label, value) in facts { text += "| \(label) | \(Self.markdownCell(value)) |\n" }
        text += "\n## 作業手順\n\n| 手順 | 内容 | 結果 | 確認方法 | 日時 | 備考 |\n|---|---|---|---|---|---|\n"
        for step in steps {
            text +=
                "| \(step.mark) | \(step.title) | \(step.state.text(in: .japanese)) | \(step.verification?.text(in: .japanese) ?? "") | \(Self.time(step.time)) | \(Self.markdownCell(step.notes.joined(separator: " "))) |\n"
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
                "<tr class=\"\(step.state.rawValue)\"><td class=\"mark\">\(Self.escape(step.mark))</td><td class=\"title\">\(Self.escape(step.title))</td>"
                + "<td class=\"state\">\(step.state.text(in: .japanese))</td><td class=\"how\">\(step.verification?.text(in: .japanese) ?? "")</td>"
                + "<td class=\"time\">\(Self.time(step.time))</td><td class=\"notes\">\(notes)</td></tr>\n"
        }
        let keep = customerMustKeep.map { "<li>\(Self.escape($0))</li>" }.joined(separator: "\n")
        return """
            <!DOCTYPE html>
            <html lang="ja">
            <head>
            <meta charset="utf-8">
            <title>\(Self.escape(title))</title>
            <style>
            @page { size: A4; margin: 9mm; }
            body { font-family: "Noto Sans CJK JP", "IPAexGothic", "Hiragino Sans", "Yu Gothic", sans-serif; font-size: 7.6pt; line-height: 1.2; color: #111; margin: 0; }
            h1 { font-size: 14pt; margin: 0 0 3mm; border-bottom: 2px solid #1a4d8f; padding-bottom: 2mm; }
            h2 { font-size: 10pt; margin: 2.5mm 0 1mm; color: #1a4d8f; }
            .meta { margin-bottom: 4mm; }
            .status { font-weight: bold; padding: 0.5mm 2mm; border-radius: 1mm; }
            .status.complete { background: #dff3e2; color: #11602a; }
            .status.incomplete { background: #fde2e1; color: #8a1c17; }
            table { border-collapse: collapse; width: 100%; }
            th, td { border: 1px solid #999; padding: 0.35mm 1.2mm; vertical-align: top; text-align: left; }
            th { background: #eef2f8; width: 42mm; font-weight: normal; }
            .steps th { width: auto; }
            @media screen { body { margin: 10mm auto; max-width: 182mm; } }
            td.mark { width: 14mm; text-align: center; white-space: nowrap; }
            td.state { width: 10mm; text-align: center; }
            td.time { width: 22mm; white-space: nowrap; }
            td.how { width: 25mm; white-space: nowrap; }
            td.title { width: 44mm; }
            td.notes { font-size: 6.6pt; }
            tr.failed td.state { color: #8a1c17; font-weight: bold; }
            tr.skipped td.state, tr.pending td.state { color: #666; }
            td { word-break: break-all; }
            .keep { border: 2px solid #1a4d8f; padding: 2mm 4mm; margin-top: 2mm; }
            .keep li { margin: 0.3mm 0; }
            .sign { margin-top: 3mm; display: flex; gap: 10mm; }
            .sign div { flex: 1; border-bottom: 1px solid #333; height: 10mm; }
            </style>
            </head>
            <body>
            <h1>\(Self.escape(title))</h1>
            <p class="meta">作成日時: \(Self.time(createdAt))　<span class="status \(complete ? "complete" : "incomplete")">\(Self.escape(completion))</span></p>
            <table>
            \(rows)</table>
            <h2>作業手順</h2>
            <table class="steps">
            <tr><th>手順</th><th>内容</th><th>結果</th><th>確認方法</th><th>日時</th><th>備考</th></tr>
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
        guard let data = try? JSONCoding.encoder().encode(self) else { return "{}" }
        return String(decoding: data, as: UTF8.self)
    }

    static func escape(_ text: String) -> String {
        text.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;")
            .replacingOccurrences(of: ">", with: "&gt;").replacingOccurrences(of: "\"", with: "&quot;")
    }

    /// A table cell: raw HTML escaped as in the HTML report (a Markdown viewer renders
    /// `<img onerror>` from a facility name), `|` escaped, one line.
    private static func markdownCell(_ text: String) -> String {
        escape(text).replacingOccurrences(of: "|", with: #"\|"#).replacingOccurrences(of: "\r\n", with: " ")
            .replacingOccurrences(of: "\n", with: " ").replacingOccurrences(of: "\r", with: " ")
    }
}
