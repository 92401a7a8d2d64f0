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
    /// Warnings and inferences for the technician, by step (not the customer's rows).
    public let technicianNotes: [String]
    /// 「全手順完了」 only when every step is done.
    public let completion: String
    public let complete: Bool
    public let createdAt: Date
    public let customerMustKeep: [String]
    /// The language of the report's words (Japanese unless asked otherwise).
    public let language: Language

    /// The report of `job`, in `language`.
    public init(job: Job, language: Language = .japanese, createdAt: Date = Date()) {
        let backup = job.evidence(of: .step6)
        let credential = job.evidence(of: .step10)
        let t = { (ja: String, en: String) in language == .japanese ? ja : en }
        self.language = language
        title = t("オンライン資格確認端末 承継工事 報告書", "Online eligibility terminal: succession work report")
        terminalName = job.notice.terminalName
        terminalKind = job.terminal.kind
        prefecture = t(job.newCode.prefecture.japaneseName, job.newCode.prefecture.englishName)
        facilityKind = t(job.newCode.kind.japaneseName, job.newCode.kind.englishName)
        oldCode = job.oldCode.digits
        newCode = job.newCode.digits
        certificateSubject = backup.certificateSubject
        certificateSHA256 = backup.certificateSHA256
        certificateThumbprint = backup.certificateSHA1.map { Thumbprint.display($0) }
        thumbprintShown = job.evidence(of: .step8).thumbprintShown.map { Thumbprint.display($0) }
        certificateNotBefore = backup.certificateNotBefore
        certificateNotAfter = backup.certificateNotAfter
        // A sandbox's folders stand for the terminal's Windows paths; elsewhere the path is where
        // the verified copy is.
        backupLocation = backup.backupFolder.map {
            job.terminal.kind == .sandbox ? Self.windowsPath($0, root: nil) : $0
        }
        readersBound = (job.evidence(of: .step12).boundSerials ?? []).map(\.rawValue)
        credentialBefore = credential.credentialBefore
        // Not shown on the screen: nothing was read back, and the report says so.
        credentialAfter =
            credential.credentialReadBack == false
            ? t("非表示（作業者の確認）", "not shown (confirmed by a person)") : credential.credentialAfter
        facilityName = job.evidence(of: .supplement2).facilityName
        distributionStatus = job.evidence(of: .step13).distributionStatus
        handover = job.evidence(of: .step14).handover
        steps = job.order.map { id in
            let step = SuccessionProcedure.step(id)
            let last = job.lastEvent(of: id)
            // The customer's rows carry what went wrong and a skip's reason; warnings and
            // inferences are the technician's (``technicianNotes``).
            var notes = last?.problems.filter { $0.severity == .error }.map { $0.message(in: language) } ?? []
            if let note = last?.note, last?.kind == .skipped || last?.kind == .done { notes.append(note) }
            return StepLine(
                number: id.rawValue,
                mark: step.mark,
                title: step.title(in: language),
                state: job.state(of: id),
                verification: job.verification(of: id),
                time: last?.time,
                notes: notes
            )
        }
        technicianNotes = job.order.flatMap { id -> [String] in
            let last = job.lastEvent(of: id)
            let warnings = (last?.problems ?? []).filter { $0.severity == .warning } + (last?.technicianNotes ?? [])
            return warnings.map { "\(SuccessionProcedure.step(id).mark) \($0.message(in: language))" }
        }
        completion = job.completion.text(in: language)
        complete = job.completion == .complete
        self.createdAt = createdAt
        let folder = CertificateBackup.defaultFolderName
        let keepBackup =
            job.terminal.kind == .attended && backup.backupFolder != nil
            ? t(
                "電子証明書のバックアップ（検証済みのコピー: \(backup.backupFolder ?? "")、端末のデスクトップの「\(folder)」フォルダ）を、お客様の USB メモリ等の外部記録媒体で保管してください。",
                "Keep the certificate backup (the verified copy: \(backup.backupFolder ?? ""), and the terminal's desktop folder 「\(folder)」) on the customer's USB memory or other external media."
            )
            : t(
                "デスクトップの「\(folder)」フォルダを、お客様の USB メモリ等の外部記録媒体に保管してください。",
                "Keep the desktop folder 「\(folder)」 on the customer's USB memory or other external media."
            )
        customerMustKeep = [
            keepBackup,
            t(
                "パソコンが故障した際など、新しいパソコンにこの証明書をインストールしてセットアップする必要があります。",
                "When the PC fails, this certificate is installed on the new PC to set it up."
            ),
            t(
                "バックアップを無くした場合は、電子証明書の発行申請をやり直す必要があり、発行手数料が発生します。",
                "A lost backup means applying for the certificate again, with an issue fee."
            ),
            t(
                "電子証明書取得に関する情報（通知書）と証明書パスワードは、取扱いに注意して大切に保管してください。",
                "Keep the certificate notice (電子証明書取得に関する情報) and the certificate password safe."
            ),
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

    /// `japanese` or `english`, in the report's language.
    private func t(_ japanese: String, _ english: String) -> String {
        language == .japanese ? japanese : english
    }

    private var facts: [(String, String)] {
        let validity =
            "\(certificateNotBefore.map(JapanTime.day) ?? "—") 〜 \(certificateNotAfter.map(JapanTime.day) ?? "—")"
        var handoverText = "—"
        if let handover {
            handoverText =
                t("マイナンバーカード: ", "My Number card: ") + handover.myNumberCard.text(in: language)
                + t("／保険証: ", " / insurance card: ") + handover.insuranceCard.text(in: language)
                + t("／バックアップ引渡し: ", " / backup handed over: ")
                + (handover.backupHandedOver ? t("済", "yes") : t("未", "no"))
        }
        let kind: String
        switch terminalKind {
        case .sandbox: kind = t("練習用サンドボックス", "practice sandbox")
        case .attended:
            kind = t("実端末（作業者が画面の値を入力し照合）", "real terminal (a person typed what the screens showed; checked)")
        case .custom: kind = t("連携システム", "integrated system")
        }
        return [
            (t("端末名称・作業方式", "Terminal, how it was worked"), "\(terminalName ?? "—")（\(kind)）"),
            (t("都道府県・種別", "Prefecture, kind"), "\(prefecture)・\(facilityKind)"),
            (t("医療機関等コード", "Medical institution code"), "\(oldCode) → \(newCode)"),
            ("OQS_MEDICAL_INSTITUTION_CODE", "\(credentialBefore ?? "—") → \(credentialAfter ?? "—")"),
            (t("電子証明書 発行先", "Certificate subject"), certificateSubject ?? "—"),
            (
                t("電子証明書 拇印（SHA-1）", "Certificate thumbprint (SHA-1)"),
                certificateThumbprint.map { "\($0)（\(t("⑧の表示", "shown at ⑧")): \(thumbprintShown ?? "—")）" } ?? "—"
            ),
            (t("電子証明書 有効期間", "Certificate validity"), validity),
            (t("バックアップの場所", "Backup location"), backupLocation ?? "—"),
            (
                t("紐づけたカードリーダー", "Readers bound"),
                readersBound.isEmpty ? "—" : readersBound.joined(separator: t("、", ", "))
            ),
            (t("カードリーダーの医療機関名表示", "Facility name on the readers"), facilityName ?? "—"),
            (t("配信実績 Status", "Distribution record Status"), distributionStatus ?? "—"),
            (t("動作確認とお客様説明（⑭）", "Tests and explanation to the customer (⑭)"), handoverText),
        ]
    }

    /// The report as Markdown.
    public var markdown: String {
        var text = "# \(title)\n\n"
        text += "\(t("作成日時", "Made")): \(Self.time(createdAt))　\(t("状態", "State")): \(completion)\n\n"
        text += "| \(t("項目", "Item")) | \(t("内容", "Value")) |\n|---|---|\n"
        for (label, value) in facts { text += "| \(label) | \(Self.markdownCell(value)) |\n" }
        text +=
            "\n## \(t("作業手順", "Steps"))\n\n| \(stepHeadings.joined(separator: " | ")) |\n|---|---|---|---|---|---|\n"
        for step in steps {
            text +=
                "| \(step.mark) | \(step.title) | \(step.state.text(in: language)) | \(step.verification?.text(in: language) ?? "") | \(Self.time(step.time)) | \(Self.markdownCell(step.notes.joined(separator: " "))) |\n"
        }
        text += "\n## \(keepHeading)\n\n"
        for line in customerMustKeep { text += "- \(line)\n" }
        if !technicianNotes.isEmpty {
            text += "\n## \(technicianHeading)\n\n"
            for note in technicianNotes { text += "- \(Self.escape(note))\n" }
        }
        return text
    }

    /// Warnings and inferences are the technician's: shown on screen, never printed for the customer.
    private var technicianHeading: String {
        t("作業者向けメモ（お客様への報告には含みません）", "Technician's notes (not part of the customer's report)")
    }

    private var stepHeadings: [String] {
        language == .japanese
            ? ["手順", "内容", "結果", "確認方法", "日時", "備考"] : ["Step", "What", "Result", "How checked", "When", "Notes"]
    }

    private var keepHeading: String {
        t("お客様に保管していただくもの【工事手順⑭】", "What the customer keeps (step ⑭)")
    }

    /// The technician's notes as an HTML section that is not printed.
    private var technicianSection: String {
        guard !technicianNotes.isEmpty else { return "" }
        let items = technicianNotes.map { "<li>\(Self.escape($0))</li>" }.joined(separator: "\n")
        return "<section class=\"technician\"><h2>\(Self.escape(technicianHeading))</h2><ul>\n\(items)\n</ul></section>"
    }

    /// The report as a self-contained HTML page, laid out for A4 printing (its style sheet inline).
    public var html: String {
        page(head: "<style>\n" + Self.styleSheet + "\n</style>")
    }

    /// The report as an HTML page that links its style sheet (``styleSheet``, served at `href`)
    /// instead of holding it: for a server whose Content-Security-Policy allows no inline style.
    public func html(styleSheetAt href: String) -> String {
        page(head: "<link rel=\"stylesheet\" href=\"\(Self.escape(href))\">")
    }

    /// The report's style sheet: A4 print, a screen, a 360-pixel phone.
    public static let styleSheet = """
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
        .technician { margin-top: 6mm; border-top: 1px dashed #999; color: #444; }
        @media print { .technician { display: none; } }
        @media screen and (max-width: 640px) {
          body { font-size: 10.5pt; line-height: 1.45; margin: 3mm; }
          h1 { font-size: 13pt; }
          table, tbody, tr, th, td { display: block; width: auto; }
          tr { border-bottom: 1px solid #ccc; padding: 1mm 0; }
          th, td { border: none; padding: 0.4mm 1mm; }
          th { background: none; font-weight: bold; }
          .steps tr:first-child { display: none; }
          td.mark, td.state, td.time, td.how, td.title { display: inline-block; width: auto; text-align: left; }
          .sign { flex-direction: column; gap: 2mm; }
        }
        """

    private func page(head: String) -> String {
        var rows = ""
        for (label, value) in facts {
            rows += "<tr><th>\(Self.escape(label))</th><td>\(Self.escape(value))</td></tr>\n"
        }
        var stepRows = ""
        for step in steps {
            let notes = step.notes.map(Self.escape).joined(separator: "<br>")
            stepRows +=
                "<tr class=\"\(step.state.rawValue)\"><td class=\"mark\">\(Self.escape(step.mark))</td><td class=\"title\">\(Self.escape(step.title))</td>"
                + "<td class=\"state\">\(step.state.text(in: language))</td><td class=\"how\">\(step.verification?.text(in: language) ?? "")</td>"
                + "<td class=\"time\">\(Self.time(step.time))</td><td class=\"notes\">\(notes)</td></tr>\n"
        }
        let keep = customerMustKeep.map { "<li>\(Self.escape($0))</li>" }.joined(separator: "\n")
        return """
            <!DOCTYPE html>
            <html lang="\(language.rawValue)">
            <head>
            <meta charset="utf-8">
            <meta name="viewport" content="width=device-width, initial-scale=1">
            <title>\(Self.escape(title))</title>
            \(head)
            </head>
            <body>
            <h1>\(Self.escape(title))</h1>
            <p class="meta">\(t("作成日時", "Made")): \(Self.time(createdAt))　<span class="status \(complete ? "complete" : "incomplete")">\(Self.escape(completion))</span></p>
            <table>
            \(rows)</table>
            <h2>\(t("作業手順", "Steps"))</h2>
            <table class="steps">
            <tr>\(stepHeadings.map { "<th>\($0)</th>" }.joined())</tr>
            \(stepRows)</table>
            <h2>\(Self.escape(keepHeading))</h2>
            <ul class="keep">
            \(keep)
            </ul>
            <div class="sign"><span>\(t("作業者", "Technician"))</span><div></div><span>\(t("お客様確認", "Customer"))</span><div></div></div>
            \(technicianSection)
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
