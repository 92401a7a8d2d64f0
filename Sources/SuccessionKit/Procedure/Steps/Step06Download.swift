public import Foundation
import SystemPackage

/// 【工事手順⑥】 新しい電子証明書のダウンロードとバックアップ: the new `.p12` is chosen by content
/// (subject code, issuer, validity — never by modified time) and backed up, read back and
/// verified. Its verified bundle is handed to ⑦ in memory.
public struct DownloadAndBackUpStep: ProcedureStep {
    /// What ⑥ recorded: the chosen file, its certificate, and the verified backup.
    public struct Evidence: Codable, Sendable, Hashable {
        /// The chosen file.
        public var certificateFile: String?
        /// The other `.p12` files looked at, and not chosen.
        public var notChosen: [String]?
        /// The verified certificate's SHA-256 fingerprint.
        public var certificateSHA256: String?
        /// The certificate's SHA-1: Windows' 拇印.
        public var certificateSHA1: String?
        /// The verified certificate's subject (RFC 2253).
        public var certificateSubject: String?
        /// The start of its validity.
        public var certificateNotBefore: Date?
        /// The end of its validity.
        public var certificateNotAfter: Date?
        /// The SHA-256 of the `.p12` file as backed up.
        public var fileSHA256: String?
        /// The backup folder.
        public var backupFolder: String?
        /// The verified copy in ``backupFolder``, read back and verified.
        public var backupFile: String?
        /// Attended: the person made the desktop folder 「NTT東オン資端末_電子証明書」 on the
        /// terminal and pasted the file (the verified copy is at ``backupFile``).
        public var desktopFolderConfirmed: Bool?
        /// Whether the issuer was verified against a trust anchor (`false`: only its name matched).
        public var issuerVerified: Bool?
    }

    /// The part of the terminal it works: the browser's download.
    public static let terminalPart: TerminalPart? = .downloads

    public static let step = SuccessionStep(
        id: .step6,
        mark: "⑥",
        title: LocalizedText(ja: "新しい電子証明書のダウンロードとバックアップ", en: "Download and back up the new certificate"),
        kind: .automatic,
        preconditions: [.step1, .step2],
        operations: LocalizedLines(
            ja: [
                "エクスプローラーで PC > ローカルディスク(C:) > Work > SOバッチ_v●.● を開き、「電子証明書のダウンロードサイト」をダブルクリックして DL サイトに接続します。",
                "「証明書の取得画面」で、通知書に記載のリクエストIDとリファレンスIDを入力します（下に表示）。",
                "証明書パスワードは任意の 4 桁の半角数字を決めて入力し、確認用にも同じものを入力して「ダウンロード」。",
                "ダウンロード後、画面下の「・・・」→「フォルダに表示」。「ダウンロード」フォルダに拡張子 .p12 のファイルが 2 つあります（旧と新）。",
                "デスクトップで右クリック → 新規作成 → フォルダ、名前「NTT東オン資端末_電子証明書」を作成し、新しい .p12 をコピーして貼り付けます。",
                "新しい .p12 を USB メモリ等にもコピーし、下に表示した「.p12 を読むフォルダ」として作業PCに挿します（このツールが内容でどちらが新しいかを確かめ、検証済みのコピーをバックアップ先に作ります）。",
            ],
            en: [
                "In Explorer open PC > Local Disk (C:) > Work > SOバッチ_v●.● and double-click 電子証明書のダウンロードサイト (the download site).",
                "On 証明書の取得画面 enter the request ID and the reference ID from the notice (shown below).",
                "Choose a 4-digit 証明書パスワード (half-width digits), type it twice, click ダウンロード.",
                "After the download: ··· → フォルダに表示. Downloads now holds TWO .p12 files (the old one and the new one).",
                "On the desktop: right-click → New → Folder named 「NTT東オン資端末_電子証明書」, copy the new .p12 and paste it there.",
                "Copy the new .p12 onto USB memory too and plug it in here as the folder the .p12 is read from (shown below): this tool tells the new file by its content and makes a verified copy in the backup folder.",
            ]
        ),
        cautions: LocalizedLines(
            ja: [
                "証明書パスワードは⑦のインストールで必要です。このツールは記録しません。",
                "忘れた場合は、再発行（手数料）の前に、作業PCの succession cert recover-pin でお客様のファイルの 4 桁を探せます。",
                "証明書をインストールした端末が分かるように、端末にラベル等で明記しておきます（注2）。",
            ],
            en: [
                "The certificate password is needed to install in step 7; this tool never records it.",
                "If it is forgotten, before a paid re-issue, succession cert recover-pin on the work PC finds the 4 digits of the customer's file.",
                "Label the terminal that holds the certificate, so that it is known which one it is (note 2).",
            ]
        )
    )

    /// The backup's name in the journal.
    static let backup = "files.backup"

    public func details(_ job: Job) -> LocalizedLines {
        let notice = job.notice
        var ja = ["リクエストID: \(notice.requestID ?? "—")", "リファレンスID: \(notice.referenceID ?? "—")"]
        var en = ["Request ID: \(notice.requestID ?? "—")", "Reference ID: \(notice.referenceID ?? "—")"]
        if job.terminal.backend == .attended {
            if let downloads = job.terminal.downloads {
                ja.append(".p12 を読むフォルダ: \(downloads)")
                en.append("The folder the .p12 is read from: \(downloads)")
            }
            if let backup = job.terminal.backupFolder {
                ja.append("検証済みコピーのバックアップ先: \(backup)")
                en.append("Where the verified copy goes: \(backup)")
            }
        }
        return LocalizedLines(ja: ja, en: en)
    }

    public func nextQuestion(_ context: StepContext, _ answers: StepAnswers) -> JobQuestion? {
        if context.attended {
            if !answers.has(.downloaded) {
                return Confirmation(
                    id: .downloaded,
                    step: Self.id,
                    prompt: LocalizedText(
                        ja: "新しい証明書をダウンロードし、その .p12 を「.p12 を読むフォルダ」（USB メモリ等）にコピーしましたか？",
                        en:
                            "Did you download the new certificate and copy its .p12 into the folder it is read from (USB memory)?"
                    ),
                    notYet: LocalizedText(
                        ja: "ダウンロードサイトで新しい証明書をダウンロードし、.p12 を「.p12 を読むフォルダ」にコピーしてから「はい」",
                        en:
                            "download the new certificate and copy the .p12 into the folder it is read from, then answer yes"
                    )
                ).question
            }
            if !answers.has(.desktopFolder) {
                return Confirmation(
                    id: .desktopFolder,
                    step: Self.id,
                    prompt: LocalizedText(
                        ja: "端末のデスクトップに「NTT東オン資端末_電子証明書」フォルダを作り、新しい .p12 を貼り付けましたか？",
                        en:
                            "Did you make the folder 「NTT東オン資端末_電子証明書」 on the terminal's desktop and paste the new .p12 into it?"
                    ),
                    notYet: LocalizedText(
                        ja: "デスクトップにフォルダ「NTT東オン資端末_電子証明書」を作成して新しい .p12 を貼り付けてから「はい」",
                        en: "make the desktop folder 「NTT東オン資端末_電子証明書」 and paste the new .p12, then answer yes"
                    )
                ).question
            }
        }
        guard context.inputs.pin == nil else { return nil }
        return JobQuestion(
            id: .downloadPIN,
            step: Self.id,
            prompt: LocalizedText(
                ja: "ダウンロードサイトで決めた証明書パスワード（4 桁）を入力してください（表示されません）。",
                en: "Type the 4-digit certificate password chosen on the download site (not shown)."
            ),
            kind: .secret(.certificatePassword)
        )
    }

    public func perform(
        _ context: StepContext,
        _ answers: StepAnswers,
        into outcome: inout StepOutcome<Evidence>
    ) async throws(SuccessionError) {
        guard let pin = context.inputs.pin else {
            outcome.problems.append(Problem(.jobInputMissing, values: [.field: JobSecret.certificatePassword.rawValue]))
            return
        }
        let job = context.job
        let anchors = try job.terminal.decodedTrustAnchors()
        let report = context.progress
        let metadata = Self.step
        let pick = try CertificatePicker.pick(
            in: context.terminal.downloads,
            newCode: job.newCode,
            oldCode: job.oldCode,
            pin: pin,
            at: context.now,
            trustAnchors: anchors,
            progress: report.map { report in
                { @Sendable done, total in report(.working(metadata, done: done, total: total)) }
            }
        )
        let notChosen = pick.candidates.filter { $0.path != pick.chosen }.map(\.path.string)
        guard let chosen = pick.chosen?.string else {
            // A PIN no file opens with is a typo until shown otherwise: ask for it again.
            if !pick.candidates.isEmpty,
                pick.candidates.allSatisfy({ $0.problems.contains { $0.code == .pkcs12WrongPIN } })
            {
                outcome.askAgain(
                    .downloadPIN,
                    forgetting: .certificatePassword,
                    because: Problem(.jobWrongPIN, values: [.path: pick.candidates.last?.path.string ?? ""])
                )
                return
            }
            let problems = pick.candidates.flatMap { candidate in
                candidate.problems.map { $0.inRow(candidate.path.lastComponent?.string ?? "") }
            }
            outcome.problems += problems.isEmpty ? [Problem(.jobNoCertificateFile)] : problems
            return
        }
        let bytes = try FileBytes.read(chosen, limit: FileBytes.Limit.certificate)
        let bundle = try PKCS12Bundle(bytes: bytes, pin: pin)
        let copy = try await backUp(bytes, of: bundle, named: FilePath(chosen).lastComponent?.string ?? chosen, context)
        context.memory.verified = SessionMemory.VerifiedFile(path: chosen, bytes: bytes, bundle: bundle)
        let certificate = bundle.certificate
        let warnings = bundle.verify(
            newCode: job.newCode,
            oldCode: job.oldCode,
            at: context.now,
            pin: pin,
            trustAnchors: anchors
        ).filter { $0.severity == .warning }
        outcome.evidence = Evidence(
            certificateFile: chosen,
            notChosen: notChosen,
            certificateSHA256: certificate.sha256,
            certificateSHA1: certificate.sha1,
            certificateSubject: certificate.subject.rfc2253,
            certificateNotBefore: certificate.notBefore,
            certificateNotAfter: certificate.notAfter,
            fileSHA256: copy.record.fileSHA256,
            backupFolder: context.terminal.backupFolder.string,
            backupFile: copy.path.string,
            desktopFolderConfirmed: context.attended ? answers.has(.desktopFolder) : nil,
            // Without a trust anchor only the issuer's name was compared: the record says so.
            issuerVerified: !warnings.contains { $0.code == .certIssuerNotVerified }
        )
        outcome.problems += warnings
        // Where the verified copy is, said where the step ends.
        outcome.notes.append(Problem(.jobBackedUp, severity: .warning, values: [.path: copy.path.string]))
    }

    /// The verified backup, journaled as the job's own change of files: the exact copy it creates
    /// and what happens to the folder's manifest are decided first. In the terminal's root the
    /// manifest is archived before it is replaced; in a folder the person gave (the customer's USB
    /// memory) nothing of theirs is archived or, later, undone.
    private func backUp(
        _ bytes: [UInt8],
        of bundle: PKCS12Bundle,
        named name: String,
        _ context: StepContext
    ) async throws(SuccessionError) -> CertificateBackup.Copy {
        let folder = context.terminal.backupFolder
        let root = context.terminal.layout.root
        func recorded(_ path: FilePath) -> String {
            FileSystem.confined(path.string, under: root) != nil
                ? TerminalLayout(root: root).relative(path) : path.string
        }
        let inRoot = FileSystem.confined(folder.string, under: root) != nil
        let (fileName, present) = try CertificateBackup.destination(
            for: name,
            digest: try Digest.sha256(bytes),
            in: folder
        )
        var planned = TerminalChange()
        if !present { planned.created.append(recorded(folder.appending(fileName))) }
        let manifest = folder.appending(CertificateBackup.manifestName)
        if !FileSystem.exists(manifest.string) {
            planned.created.append(recorded(manifest))
        } else if inRoot {
            planned.archived.append(
                try context.terminal.archive.plan(manifest, reason: "backup.manifest", remove: false, date: context.now)
            )
        }
        let archive = context.terminal.archive
        let now = context.now
        return try await context.change(.files, Self.backup, intent: StoreIntent(change: planned)) {
            intent async throws(SuccessionError) in
            var made = intent.change
            made.archived = []
            for entry in intent.change.archived { made.archived.append(try archive.archive(entry)) }
            let copy = try CertificateBackup.backup(bytes: bytes, fileName: name, bundle: bundle, to: folder, date: now)
            return (copy, made)
        }
    }

    public static let messages: [ProblemCode: ProblemMessage] = [
        .jobWrongPIN: ProblemMessage(
            ja: { problem in
                let times = problem[.count].map { "（\($0) 回目）" } ?? ""
                return
                    "この証明書パスワードで開ける .p12 がありません\(times)。4 桁を入力し直してください。忘れた場合は、再発行（手数料）の前に、作業PCで succession cert recover-pin「\(problem[.path] ?? "FILE")」を実行すると 4 桁を探せます（数秒〜数十秒）。"
            },
            en: { problem in
                let times = problem[.count].map { " (attempt \($0))" } ?? ""
                return
                    "No .p12 opens with this certificate password\(times). Type the 4 digits again. If it is forgotten, before a paid re-issue, run succession cert recover-pin '\(problem[.path] ?? "FILE")' on the work PC: it finds the 4 digits (seconds to a minute)."
            }
        ),
        .jobNoCertificateFile: ProblemMessage(
            ja: { _ in "ダウンロードフォルダに .p12 がありません。ダウンロードサイトから新しい証明書を取得してください。" },
            en: { _ in "Downloads holds no .p12. Download the new certificate from the download site." }
        ),
        .jobTrustAnchor: ProblemMessage(
            ja: { _ in "ジョブに記録されたルート証明書が読めません。記録が改変されていないか確認し、ルート証明書を指定してジョブを作り直してください。" },
            en: { _ in
                "A root certificate kept in the job cannot be read. Check the record, then start the job over with the root certificate."
            }
        ),
        .jobBackedUp: ProblemMessage(
            ja: { "検証済みのバックアップ: \($0[.path] ?? "")" },
            en: { "The verified backup: \($0[.path] ?? "")" }
        ),
    ]

    public func reportFacts(_ evidence: Evidence?, in job: Job) -> [ReportFact] {
        let validity = evidence.map {
            "\($0.certificateNotBefore.map(JapanTime.day) ?? "—") 〜 \($0.certificateNotAfter.map(JapanTime.day) ?? "—")"
        }
        return [
            ReportFact(LocalizedText(ja: "電子証明書 発行先", en: "Certificate subject"), evidence?.certificateSubject),
            ReportFact(LocalizedText(ja: "電子証明書 有効期間", en: "Certificate validity"), validity),
            ReportFact(
                LocalizedText(ja: "バックアップの場所", en: "Backup location"),
                evidence.flatMap { backupLocation($0, job) }
            ),
        ]
    }

    /// Where the customer finds the backup: on a sandbox, the terminal's Windows path; on a real
    /// terminal, the backup folder by its name on the customer's USB memory (the path the work
    /// PC mounts it at means nothing to them).
    private func backupLocation(_ evidence: Evidence, _ job: Job) -> LocalizedText? {
        guard let folder = evidence.backupFolder else { return nil }
        switch job.terminal.backend {
        case .sandbox:
            let path = JobReport.windowsPath(folder, root: nil)
            return LocalizedText(ja: path, en: path)
        case .attended, .windowsAgent, .custom:
            let name = FilePath(folder).lastComponent?.string ?? folder
            return LocalizedText(
                ja: "お客様の USB メモリ等の「\(name)」フォルダ（端末のデスクトップの「\(CertificateBackup.defaultFolderName)」も）",
                en:
                    "the folder 「\(name)」 on the customer's USB memory (and 「\(CertificateBackup.defaultFolderName)」 on the terminal's desktop)"
            )
        }
    }
}

extension TerminalDescription {
    /// The trust anchors kept in the journal; one that does not parse is an error, never a
    /// silent downgrade to "issuer name compared only".
    func decodedTrustAnchors() throws(SuccessionError) -> [TrustAnchor] {
        var anchors: [TrustAnchor] = []
        for der in trustAnchors {
            guard let anchor = TrustAnchor(encoded: der) else { throw SuccessionError(.jobTrustAnchor) }
            anchors.append(anchor)
        }
        return anchors
    }
}

extension ProblemCode {
    /// ⑥ found no `.p12` at all in Downloads.
    public static let jobNoCertificateFile = ProblemCode(rawValue: "job.noCertificateFile")
    /// A trust anchor kept in the journal does not parse.
    public static let jobTrustAnchor = ProblemCode(rawValue: "job.trustAnchor")
    /// ⑥⑦ no `.p12` opens with the PIN typed: asked again, naming PIN recovery before any
    /// re-issue. Values: path (a candidate file), count (how many times).
    public static let jobWrongPIN = ProblemCode(rawValue: "job.wrongPIN")
    /// ⑥ where the verified backup was written (a note for the technician). Values: path.
    public static let jobBackedUp = ProblemCode(rawValue: "job.backedUp")
}
