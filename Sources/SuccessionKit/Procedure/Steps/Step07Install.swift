import Foundation
import SystemPackage

/// 【工事手順⑦】 新しい「電子証明書」のインストール: the very file ⑥ chose and backed up, with the
/// manual's import options.
public struct InstallStep: ProcedureStep {
    /// What ⑦ recorded.
    public struct Evidence: Codable, Sendable, Hashable {
        /// The wizard's options.
        public var installOptions: CertificateInstallOptions?
    }

    /// The part of the terminal it works: the certificate stores.
    public static let terminalPart: TerminalPart? = .certificates

    public static let step = SuccessionStep(
        id: .step7,
        mark: "⑦",
        title: LocalizedText(ja: "新しい「電子証明書」のインストール", en: "Install the new certificate"),
        kind: .automatic,
        preconditions: [.step4, .step6],
        operations: LocalizedLines(
            ja: [
                "エクスプローラーで「ダウンロード」フォルダの新しい電子証明書ファイル（下に表示）を右クリック →「PFXのインストール」。",
                "保存場所は「現在のユーザー」→「次へ」→ インポートするファイルが表示されたら「次へ」。",
                "秘密キーの保護: パスワードに⑥で決めた証明書パスワードを入力します。",
                "「秘密キーの保護を強力にする」はチェックしない。「このキーをエクスポート可能にする」「すべての拡張プロパティを含める」はチェックする →「次へ」。",
                "「証明書の種類に基づいて、自動的に証明書ストアを選択する」→「次へ」→ ファイル名等を確認して「完了」。",
                "セキュリティ警告が出たら「はい」（ルート証明機関の登録）。「正しくインポートされました。」→「OK」。",
            ],
            en: [
                "In Explorer right-click the new certificate file in Downloads (named below) → PFXのインストール (Install PFX).",
                "Store location 現在のユーザー (Current User) → Next → Next.",
                "Private key protection: enter the certificate password chosen in step 6.",
                "Strong private key protection: OFF. Mark this key as exportable: ON. Include all extended properties: ON → Next.",
                "Automatically select the certificate store → Next → check the file name → Finish.",
                "At the security warning answer Yes (the issuer's root certificate). 正しくインポートされました → OK.",
            ]
        ),
        cautions: LocalizedLines(
            ja: ["間違えて旧医療機関等コードの電子証明書をインストールしないでください（表示したファイルが、⑥で内容を確認した新しい証明書です）。"],
            en: [
                "Do not install the old code's certificate by mistake: the file named here is the one step 6 verified by its content."
            ]
        )
    )

    /// The store call's name in the journal.
    static let installation = "certificates.install"

    public func details(_ job: Job) -> LocalizedLines {
        guard let file = job.evidence(of: DownloadAndBackUpStep.self)?.certificateFile else { return .none }
        let name = FilePath(file).lastComponent?.string ?? file
        return LocalizedLines(ja: ["インストールするファイル: \(name)"], en: ["The file to install: \(name)"])
    }

    public func nextQuestion(_ context: StepContext, _ answers: StepAnswers) -> JobQuestion? {
        if context.attended {
            guard !answers.has(.installed) else { return nil }
            return Confirmation(
                id: .installed,
                step: Self.id,
                prompt: LocalizedText(
                    ja: "インポートウィザードを上の設定で完了し「正しくインポートされました。」と表示されましたか？",
                    en: "Did the import wizard finish with the options above and show 正しくインポートされました?"
                ),
                notYet: LocalizedText(
                    ja: "表示したファイルを上の設定でインポートし「正しくインポートされました。」を確認してから「はい」",
                    en: "import the file named here with the options above, wait for 正しくインポートされました, then answer yes"
                )
            ).question
        }
        // Software installs the key: it needs the PIN, asked again after the process restarted.
        guard context.memory.verified == nil, context.inputs.pin == nil else { return nil }
        return JobQuestion(
            id: .installPIN,
            step: Self.id,
            prompt: LocalizedText(
                ja: "証明書パスワード（4 桁）を入力してください（表示されません）。",
                en: "Type the 4-digit certificate password (not shown)."
            ),
            kind: .secret(.certificatePassword)
        )
    }

    public func perform(
        _ context: StepContext,
        _ answers: StepAnswers,
        into outcome: inout StepOutcome<Evidence>
    ) async throws(SuccessionError) {
        let job = context.job
        guard let chosen = context.evidence(of: DownloadAndBackUpStep.self), let file = chosen.certificateFile,
            chosen.backupFile != nil
        else {
            outcome.problems.append(Problem(.jobPrecondition, values: [.found: "⑦", .missing: "⑥"]))
            return
        }
        if context.attended {
            // What the wizard imported is proved in ⑧ by the 拇印 a person reads.
            outcome.verification = .person
            outcome.evidence = Evidence(installOptions: .manual)
            return
        }
        guard let pin = context.inputs.pin else {
            outcome.problems.append(Problem(.jobInputMissing, values: [.field: JobSecret.certificatePassword.rawValue]))
            return
        }
        let verified: SessionMemory.VerifiedFile
        if let handed = context.memory.verified, handed.path == file {
            verified = handed
        } else {
            let bytes = try FileBytes.read(file, limit: FileBytes.Limit.certificate)
            let bundle: PKCS12Bundle
            do {
                bundle = try PKCS12Bundle(bytes: bytes, pin: pin)
            } catch  where error.code == .pkcs12WrongPIN {
                outcome.askAgain(
                    .installPIN,
                    forgetting: .certificatePassword,
                    because: Problem(.jobWrongPIN, values: [.path: file])
                )
                return
            }
            guard bundle.certificate.sha256 == chosen.certificateSHA256 else {
                outcome.problems.append(Problem(.jobFileChanged, values: [.path: file]))
                return
            }
            let problems = bundle.verify(newCode: job.newCode, oldCode: job.oldCode, at: context.now, pin: pin)
            guard !problems.containsError else {
                outcome.problems += problems
                return
            }
            verified = SessionMemory.VerifiedFile(path: file, bytes: bytes, bundle: bundle)
        }
        let request = CertificateImport(
            bundle: verified.bundle,
            fileBytes: verified.bytes,
            filePath: FilePath(file),
            pin: pin,
            newCode: job.newCode,
            oldCode: job.oldCode,
            options: .manual,
            date: context.now
        )
        let store = context.terminal.certificates
        let intent = try await store.prepareInstall(request)
        let installation = try await context.change(.certificates, Self.installation, intent: intent) {
            intent async throws(SuccessionError) in
            let installation = try await store.install(request, as: intent)
            return (installation, installation.change)
        }
        outcome.evidence = Evidence(installOptions: installation.installed.options ?? .manual)
        outcome.problems += installation.installed.options?.problems ?? []
    }

    public static let messages: [ProblemCode: ProblemMessage] = [
        .jobFileChanged: ProblemMessage(
            ja: { "⑥で選んだファイル「\($0[.path] ?? "")」が変わっています。⑥をやり直してください。" },
            en: { "The file '\($0[.path] ?? "")' chosen in ⑥ has changed. Redo step ⑥." }
        )
    ]
}

extension ProblemCode {
    /// The chosen file changed between ⑥ and ⑦. Values: path.
    public static let jobFileChanged = ProblemCode(rawValue: "job.fileChanged")
}
