public import Foundation
import SystemPackage

/// The customer's report of a succession: facility, codes, certificate, backup, readers, every
/// step with its result, and what the customer must keep 【工事手順⑭】. Japanese, printable on A4.
public struct JobReport: Sendable, Hashable, Codable {
    /// One row of the steps' table.
    public struct StepLine: Sendable, Hashable, Codable {
        /// The step's id, as the journal keeps it (`1`…`14`, `S1`, `S2`).
        public let number: String
        /// ① … ⑭, 補足①, 補足②.
        public let mark: String
        /// The manual's title, in the report's language.
        public let title: String
        /// The step's state at the time of the report.
        public let state: Job.StepState
        /// How the record was verified (done and skipped steps).
        public let verification: StepVerification?
        /// When the step's last event was recorded.
        public let time: Date?
        /// Problems and notes in Japanese.
        public let notes: [String]
    }

    /// The report's title.
    public let title: String
    /// 端末名称 from the notice.
    public let terminalName: String?
    /// How the terminal was worked: the practice sandbox, a real terminal attended by a person,
    /// or an integrator's backend.
    public let terminalKind: TerminalDescription.Kind
    /// The new code's prefecture, by name.
    public let prefecture: String
    /// The new code's facility kind (医科, 歯科, 薬局…), by name.
    public let facilityKind: String
    /// The code before the succession.
    public let oldCode: String
    /// The code after it.
    public let newCode: String
    /// The new certificate's subject (RFC 2253), as ⑥ verified it.
    public let certificateSubject: String?
    /// The new certificate's SHA-256 fingerprint.
    public let certificateSHA256: String?
    /// The certificate's 拇印 (SHA-1) as Windows shows it, and as the store showed it in ⑧.
    public let certificateThumbprint: String?
    /// The 拇印 the store showed in ⑧ (typed by a person, or read by software).
    public let thumbprintShown: String?
    /// The start of the new certificate's validity.
    public let certificateNotBefore: Date?
    /// The end of the new certificate's validity.
    public let certificateNotAfter: Date?
    /// Where the verified backup is (a sandbox's as the terminal's Windows path).
    public let backupLocation: String?
    /// The readers bound in ⑫, by serial.
    public let readersBound: [String]
    /// `OQS_MEDICAL_INSTITUTION_CODE` before ⑩.
    public let credentialBefore: String?
    /// `OQS_MEDICAL_INSTITUTION_CODE` after ⑩, or 「非表示」 when nothing was read back.
    public let credentialAfter: String?
    /// 補足② the facility name on the readers' waiting screen.
    public let facilityName: String?
    /// ⑬ the distribution Status= text.
    public let distributionStatus: String?
    /// ⑭ the customer's tests and the backup.
    public let handover: Handover?
    /// Every step, in the order worked.
    public let steps: [StepLine]
    /// Warnings and inferences for the technician, by step (not the customer's rows).
    public let technicianNotes: [String]
    /// 「全手順完了」 only when every step is done.
    public let completion: String
    /// Whether the job is ``Job/Completion/complete``.
    public let complete: Bool
    /// When the report was made.
    public let createdAt: Date
    /// What the customer must keep and why: the backup on external media 【工事手順⑭】.
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
            if id == .supplement1 && job.state(of: id) == .notNeeded {
                notes.append(t("⑨で各アカウントの引き継ぎを確認済み", "step ⑨ confirmed that every account carried over"))
            }
            return StepLine(
                number: id.rawValue,
                mark: step.mark,
                title: step.title(language),
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
        completion = job.completion.words(language)
        complete = job.completion == .complete
        self.createdAt = createdAt
        let folder = CertificateBackup.defaultFolderName
        let keepBackup: String
        switch (job.terminal.kind, backup.backupFolder) {
        case (.attended, let copy?):
            // The person made the desktop folder by hand as well 【工事手順⑥】.
            keepBackup = t(
                "電子証明書のバックアップ（検証済みのコピー: \(copy)、端末のデスクトップの「\(folder)」フォルダ）を、お客様の USB メモリ等の外部記録媒体で保管してください。",
                "Keep the certificate backup (the verified copy: \(copy), and the terminal's desktop folder 「\(folder)」) on the customer's USB memory or other external media."
            )
        case (.custom, let copy?):
            // An integrator's backend: the copy is where its terminal put it, nothing more is known.
            keepBackup = t(
                "電子証明書のバックアップ（検証済みのコピー: \(copy)）を、お客様の USB メモリ等の外部記録媒体で保管してください。",
                "Keep the certificate backup (the verified copy: \(copy)) on the customer's USB memory or other external media."
            )
        default:
            keepBackup = t(
                "デスクトップの「\(folder)」フォルダを、お客様の USB メモリ等の外部記録媒体に保管してください。",
                "Keep the desktop folder 「\(folder)」 on the customer's USB memory or other external media."
            )
        }
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
        let locations = TerminalLayout.Location.allCases.sorted {
            $0.sandboxPath.components.count > $1.sandboxPath.components.count
        }
        for location in locations {
            let base = location.sandboxPath.string
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
                    root.map { FilePath($0) == FilePath(prefix) }
                    ?? FileSystem.isDirectory(TerminalLayout(root: FilePath(prefix)).stateFolder.string)
                guard isRoot else { continue }
                return location.windowsPath + rest.replacingOccurrences(of: "/", with: #"\"#)
            }
        }
        return path
    }

    static func time(_ date: Date?) -> String {
        date.map(JapanTime.minute) ?? ""
    }

    /// `japanese` or `english`, in the report's language.
    func t(_ japanese: String, _ english: String) -> String {
        language == .japanese ? japanese : english
    }

    var facts: [(String, String)] {
        let validity =
            "\(certificateNotBefore.map(JapanTime.day) ?? "—") 〜 \(certificateNotAfter.map(JapanTime.day) ?? "—")"
        var handoverText = "—"
        if let handover {
            handoverText =
                t("マイナンバーカード: ", "My Number card: ") + handover.myNumberCard.words(language)
                + t("／保険証: ", " / insurance card: ") + handover.insuranceCard.words(language)
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
            (
                "OQS_MEDICAL_INSTITUTION_CODE",
                credentialBefore == nil && credentialAfter == nil
                    ? unrecorded(.step10) : "\(credentialBefore ?? "—") → \(credentialAfter ?? "—")"
            ),
            (t("電子証明書 発行先", "Certificate subject"), certificateSubject ?? unrecorded(.step6)),
            (
                t("電子証明書 拇印（SHA-1）", "Certificate thumbprint (SHA-1)"),
                certificateThumbprint.map { "\($0)（\(t("⑧の表示", "shown at ⑧")): \(thumbprintShown ?? "—")）" }
                    ?? unrecorded(.step6)
            ),
            (
                t("電子証明書 有効期間", "Certificate validity"),
                certificateNotBefore == nil && certificateNotAfter == nil ? unrecorded(.step6) : validity
            ),
            (t("バックアップの場所", "Backup location"), backupLocation ?? unrecorded(.step6)),
            (
                t("紐づけたカードリーダー", "Readers bound"),
                readersBound.isEmpty ? unrecorded(.step12) : readersBound.joined(separator: t("、", ", "))
            ),
            (t("カードリーダーの医療機関名表示", "Facility name on the readers"), facilityName ?? unrecorded(.supplement2)),
            (t("配信実績 Status", "Distribution record Status"), distributionStatus ?? unrecorded(.step13)),
            (
                t("動作確認とお客様説明（⑭）", "Tests and explanation to the customer (⑭)"),
                handover == nil ? unrecorded(.step14) : handoverText
            ),
        ]
    }

    /// What a row shows when its step recorded nothing: the step's state when it is not done (a
    /// pending, undone or skipped step never reads as "none"), else 「—」.
    private func unrecorded(_ step: SuccessionStep.ID) -> String {
        guard let line = steps.first(where: { $0.number == step.rawValue }), line.state != .done else { return "—" }
        return line.state.words(language) + t("（\(line.mark)）", " (\(line.mark))")
    }

    /// Warnings and inferences are the technician's: shown on screen, never printed for the customer.
    var technicianHeading: String {
        t("作業者向けメモ（お客様への報告には含みません）", "Technician's notes (not part of the customer's report)")
    }

    var stepHeadings: [String] {
        language == .japanese
            ? ["手順", "内容", "結果", "確認方法", "日時", "備考"] : ["Step", "What", "Result", "How checked", "When", "Notes"]
    }

    var keepHeading: String {
        t("お客様に保管していただくもの【工事手順⑭】", "What the customer keeps (step ⑭)")
    }
}
