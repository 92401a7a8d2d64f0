import Foundation
import SystemPackage

/// 【工事手順⑥】 新しい電子証明書のダウンロードとバックアップ: the new `.p12` is chosen by content
/// (subject code, issuer, validity — never by modified time) and backed up, read back and
/// verified. Its verified bundle is handed to ⑦ in memory.
struct DownloadAndBackUpStep: ProcedureStep {
    let step = SuccessionStep(
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
                "新しい .p12 を USB メモリ等にもコピーし、ジョブの --downloads フォルダとしてこの PC に挿します（このツールが内容でどちらが新しいかを確かめ、--backup-folder に検証済みのコピーを作ります）。",
            ],
            en: [
                "In Explorer open PC > Local Disk (C:) > Work > SOバッチ_v●.● and double-click 電子証明書のダウンロードサイト (the download site).",
                "On 証明書の取得画面 enter the request ID and the reference ID from the notice (shown below).",
                "Choose a 4-digit 証明書パスワード (half-width digits), type it twice, click ダウンロード.",
                "After the download: ··· → フォルダに表示. Downloads now holds TWO .p12 files (the old one and the new one).",
                "On the desktop: right-click → New → Folder named 「NTT東オン資端末_電子証明書」, copy the new .p12 and paste it there.",
                "Copy the new .p12 onto USB memory too and plug it in here as the job's --downloads folder (this tool tells the new file by its content and makes a verified copy on --backup-folder).",
            ]
        ),
        cautions: LocalizedLines(
            ja: [
                "証明書パスワードは⑦のインストールで必要です。忘れると証明書の発行申請をやり直す必要があります（手数料）。このツールは記録しません。",
                "忘れた場合は、再発行の前に succession cert recover-pin で自分のファイルの 4 桁を探せます。",
            ],
            en: [
                "The certificate password is needed to install in step 7; forgotten, the certificate must be applied for again (a fee). This tool never records it.",
                "If it is forgotten, succession cert recover-pin finds the 4 digits of your own file before a re-issue.",
            ]
        )
    )

    static let downloaded = JobQuestion.ID(.step6, "downloaded")
    static let desktop = JobQuestion.ID(.step6, "desktopFolder")
    static let pin = JobQuestion.ID(.step6, "pin")

    func details(_ job: Job) -> LocalizedLines {
        let notice = job.notice
        return LocalizedLines(
            ja: ["リクエストID: \(notice.requestID ?? "—")", "リファレンスID: \(notice.referenceID ?? "—")"],
            en: ["Request ID: \(notice.requestID ?? "—")", "Reference ID: \(notice.referenceID ?? "—")"]
        )
    }

    func nextQuestion(_ context: StepContext, _ answers: StepAnswers) -> JobQuestion? {
        if context.attended {
            if !answers.has(Self.downloaded) {
                return Confirmation(
                    id: Self.downloaded,
                    prompt: LocalizedText(
                        ja: "新しい証明書をダウンロードし、その .p12 を --downloads のフォルダ（USB メモリ等）にコピーしましたか？",
                        en:
                            "Did you download the new certificate and copy its .p12 into the --downloads folder (USB memory)?"
                    ),
                    notYet: LocalizedText(
                        ja: "ダウンロードサイトで新しい証明書をダウンロードし、.p12 を --downloads のフォルダにコピーしてから「はい」",
                        en:
                            "download the new certificate and copy the .p12 into the --downloads folder, then answer yes"
                    )
                ).question
            }
            if !answers.has(Self.desktop) {
                return Confirmation(
                    id: Self.desktop,
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
            id: Self.pin,
            step: .step6,
            prompt: LocalizedText(
                ja: "ダウンロードサイトで決めた証明書パスワード（4 桁）を入力してください（表示されません）。",
                en: "Type the 4-digit certificate password chosen on the download site (not shown)."
            ),
            kind: .secret(.certificatePassword)
        )
    }

    func perform(
        _ context: StepContext,
        _ answers: StepAnswers,
        into outcome: inout StepOutcome
    ) throws(SuccessionError) {
        guard let pin = context.inputs.pin else {
            outcome.problems.append(Problem(.jobInputMissing, values: [.field: JobSecret.certificatePassword.rawValue]))
            return
        }
        let job = context.job
        let step = self.step
        let anchors = try job.terminal.decodedTrustAnchors()
        let report = context.progress
        let pick = try CertificatePicker.pick(
            in: context.terminal.downloads,
            newCode: job.newCode,
            oldCode: job.oldCode,
            pin: pin,
            at: context.now,
            trustAnchors: anchors,
            progress: report.map { report in
                { @Sendable done, total in report(.working(step, done: done, total: total)) }
            }
        )
        outcome.evidence.notChosen = pick.candidates.filter { $0.path != pick.chosen }.map(\.path.string)
        guard let chosen = pick.chosen?.string else {
            let problems = pick.candidates.flatMap { candidate in
                candidate.problems.map { $0.inRow(candidate.path.lastComponent?.string ?? "") }
            }
            // A PIN no file opens with is a typo until shown otherwise: ask for it again.
            if !pick.candidates.isEmpty,
                pick.candidates.allSatisfy({ $0.problems.contains { $0.code == .pkcs12WrongPIN } })
            {
                outcome.askAgain = (Self.pin, Problem(.pkcs12WrongPIN))
                return
            }
            outcome.problems += problems.isEmpty ? [Problem(.jobNoCertificateFile)] : problems
            return
        }
        let bytes = try FileBytes.read(chosen, limit: FileBytes.Limit.certificate)
        let bundle = try PKCS12Bundle(bytes: bytes, pin: pin)
        let folder = context.terminal.backupFolder
        let manifest = folder.appending(CertificateBackup.manifestName)
        // The manifest is replaced by the backup: keep what it said, so that undo restores it.
        var files = TerminalChange()
        if FileSystem.exists(manifest.string) {
            files.archived.append(
                try context.terminal.archive.archive(
                    manifest,
                    reason: "backup.manifest",
                    remove: false,
                    date: context.now
                )
            )
        } else {
            files.created.append(manifest.string)
        }
        let backup = try CertificateBackup.backup(
            bytes: bytes,
            fileName: FilePath(chosen).lastComponent?.string ?? chosen,
            bundle: bundle,
            to: folder,
            date: context.now
        )
        if !backup.alreadyPresent { files.created.insert(backup.path.string, at: 0) }
        try context.changed(.step6, .files, files)
        context.memory.verified = SessionMemory.VerifiedFile(path: chosen, bytes: bytes, bundle: bundle)
        let certificate = bundle.certificate
        outcome.evidence.certificateFile = chosen
        outcome.evidence.certificateSHA256 = certificate.sha256
        outcome.evidence.certificateSHA1 = certificate.sha1
        outcome.evidence.certificateSubject = certificate.subject.rfc2253
        outcome.evidence.certificateNotBefore = certificate.notBefore
        outcome.evidence.certificateNotAfter = certificate.notAfter
        outcome.evidence.fileSHA256 = backup.record.fileSHA256
        outcome.evidence.backupFolder = folder.string
        outcome.evidence.backupFile = backup.path.string
        if context.attended { outcome.evidence.desktopFolderConfirmed = answers.has(Self.desktop) }
        let warnings = bundle.verify(
            newCode: job.newCode,
            oldCode: job.oldCode,
            at: context.now,
            pin: pin,
            trustAnchors: anchors
        ).filter { $0.severity == .warning }
        // Without a trust anchor only the issuer's name was compared: the record says so.
        outcome.evidence.issuerVerified = !warnings.contains { $0.code == .certIssuerNotVerified }
        outcome.problems += warnings
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
    /// A trust anchor kept in the journal does not parse.
    /// ⑥ found no `.p12` at all in Downloads.
    public static let jobNoCertificateFile = ProblemCode(rawValue: "job.noCertificateFile")
    /// The chosen file changed between ⑥ and ⑦.
    public static let jobFileChanged = ProblemCode(rawValue: "job.fileChanged")
    /// A trust anchor kept in the journal does not parse.
    public static let jobTrustAnchor = ProblemCode(rawValue: "job.trustAnchor")
}
