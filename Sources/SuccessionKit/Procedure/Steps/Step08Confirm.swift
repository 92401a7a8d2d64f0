import Foundation

/// 【工事手順⑧】 新しい「電子証明書」のセットアップ: 個人 holds the new certificate — the very one ⑥
/// verified, by its 拇印 and 有効期限 — and no other Online Billing certificate.
struct ConfirmInstalledStep: ProcedureStep {
    let step = SuccessionStep(
        id: .step8,
        mark: "⑧",
        title: LocalizedText(ja: "新しい「電子証明書」のセットアップ", en: "Confirm the new certificate in the store"),
        kind: .automatic,
        preconditions: [.step7],
        operations: LocalizedLines(
            ja: [
                "Microsoft Edge を起動し、右上の「・・・」→「設定(S)」。",
                "「プライバシー、検索、サービス」→「証明書の管理」。",
                "「個人」タブに、発行者が「Online Billing NW Common Root CA」の証明書が登録されていることを確認します。",
                "その証明書を開き（表示 →「詳細」）、「拇印」と「有効期限」を確認します。確認したら「閉じる」。",
            ],
            en: [
                "Start Microsoft Edge, click ··· (top right) → Settings.",
                "Privacy, search, and services → Manage certificates.",
                "Check that the Personal tab holds a certificate issued by \"Online Billing NW Common Root CA\".",
                "Open it (View → Details) and read its 拇印 (thumbprint) and 有効期限 (valid until); then Close.",
            ]
        )
    )

    static let thumbprint = JobQuestion.ID(.step8, "thumbprint")
    static let expiry = JobQuestion.ID(.step8, "expiry")
    static let others = JobQuestion.ID(.step8, "others")

    func nextQuestion(_ context: StepContext, _ answers: StepAnswers) -> JobQuestion? {
        guard context.attended else { return nil }
        let code = context.job.newCode.digits
        if !answers.has(Self.thumbprint) {
            return JobQuestion(
                id: Self.thumbprint,
                step: .step8,
                subject: code,
                prompt: LocalizedText(
                    ja: "発行先 \(code) の証明書の「拇印」を、表示のとおり先頭 8 桁以上入力してください（例: 1a 2b 3c 4d）。",
                    en:
                        "Type the 拇印 (thumbprint) of the certificate issued to \(code) as shown, at least its first 8 hex digits (e.g. 1a 2b 3c 4d)."
                ),
                kind: .thumbprint
            )
        }
        if !answers.has(Self.expiry) {
            return JobQuestion(
                id: Self.expiry,
                step: .step8,
                subject: code,
                prompt: LocalizedText(
                    ja: "その証明書の「有効期限」（有効期間の終わり）の日付を入力してください（例: 2030/02/28）。",
                    en: "Type that certificate's 有効期限 (the last day it is valid) as shown (e.g. 2030/02/28)."
                ),
                kind: .date
            )
        }
        if !answers.has(Self.others) {
            return JobQuestion(
                id: Self.others,
                step: .step8,
                prompt: LocalizedText(
                    ja:
                        "「個人」タブに、発行先 \(code) 以外の「Online Billing NW Common Root CA」の証明書はまだありますか？ あれば 1 枚 1 行で「発行先 有効期限」、無ければ「なし」。",
                    en:
                        "Does the Personal tab still hold an \"Online Billing NW Common Root CA\" certificate not issued to \(code)? Each one per line as \"issued-to valid-until\", or \"none\"."
                ),
                kind: .certificateList
            )
        }
        return nil
    }

    func check(_ answer: Answer, to question: JobQuestion, _ context: StepContext, _ answers: StepAnswers) -> Problem? {
        let verified = context.job.evidence(of: .step6)
        switch (question.id, answer) {
        case (Self.thumbprint, .thumbprint(let typed)):
            let sha1 = verified.certificateSHA1 ?? ""
            // The old certificate's 拇印, as ④ recorded it, is a finding, not a typo.
            if sha1.hasPrefix(typed) || oldCertificate(matching: typed, context) != nil { return nil }
            return Problem(.answerMismatch, values: [.field: "拇印", .found: Thumbprint.display(typed)])
        case (Self.expiry, .date(let typed)):
            guard let notAfter = verified.certificateNotAfter, JapanTime.day(typed) != JapanTime.day(notAfter)
            else { return nil }
            return Problem(.answerMismatch, values: [.field: "有効期限", .found: JapanTime.day(typed)])
        default: return nil
        }
    }

    private func oldCertificate(matching typed: String, _ context: StepContext) -> CertificateSighting? {
        context.job.evidence(of: .step4).removedCertificates?.first { removed in
            guard let thumbprint = removed.thumbprint.map(Thumbprint.normalized), !thumbprint.isEmpty else {
                return false
            }
            return thumbprint.hasPrefix(typed) || typed.hasPrefix(thumbprint)
        }
    }

    func perform(
        _ context: StepContext,
        _ answers: StepAnswers,
        into outcome: inout StepOutcome
    ) throws(SuccessionError) {
        let job = context.job
        let expected = job.evidence(of: .step6)
        let sha1 = expected.certificateSHA1 ?? ""
        if context.attended {
            outcome.verification = .typedEvidence
            guard case .thumbprint(let typed) = answers[Self.thumbprint], case .date(let expiry) = answers[Self.expiry],
                case .certificates(let others) = answers[Self.others]
            else { return }
            outcome.evidence.thumbprintShown = typed
            outcome.evidence.expiryShown = expiry
            if oldCertificate(matching: typed, context) != nil {
                outcome.problems.append(
                    Problem(.jobOldCertificateInstalled, values: [.found: Thumbprint.display(typed)])
                )
            } else if !sha1.hasPrefix(typed) {
                outcome.problems.append(
                    Problem(
                        .jobThumbprintMismatch,
                        values: [
                            .found: Thumbprint.display(typed),
                            .expected: Thumbprint.display(
                                sha1,
                                digits: max(typed.count, Thumbprint.minimumTypedDigits)
                            ),
                        ]
                    )
                )
            }
            if let notAfter = expected.certificateNotAfter, JapanTime.day(expiry) != JapanTime.day(notAfter) {
                outcome.problems.append(
                    Problem(
                        .jobExpiryMismatch,
                        values: [.found: JapanTime.day(expiry), .expected: JapanTime.day(notAfter)]
                    )
                )
            }
            for leftover in others where leftover.issuedTo != job.newCode.digits {
                outcome.problems.append(
                    Problem(
                        .terminalLeftoverCertificate,
                        values: [.found: leftover.issuedTo, .detail: leftover.thumbprint ?? ""]
                    )
                )
            }
            return
        }
        let installed = try context.terminal.certificates.onlineBillingCertificates()
        let current = installed.filter { $0.institutionCode == job.newCode }
        if current.isEmpty {
            outcome.problems.append(Problem(.terminalNoNewCertificate, values: [.expected: job.newCode.digits]))
        }
        for certificate in current {
            outcome.evidence.thumbprintShown = certificate.thumbprint
            // A store that knows only the thumbprint (the Windows one) is checked by it.
            if !certificate.isCertificate(sha256: expected.certificateSHA256 ?? "", sha1: sha1) {
                let found = certificate.certificate?.sha1 ?? certificate.thumbprint ?? ""
                outcome.problems.append(
                    Problem(
                        .jobThumbprintMismatch,
                        values: [.found: Thumbprint.display(found), .expected: Thumbprint.display(sha1)]
                    )
                )
            }
        }
        for leftover in installed where leftover.institutionCode != job.newCode {
            outcome.problems.append(leftover.leftoverProblem)
        }
    }
}

extension ProblemCode {
    /// ⑧ the 拇印 typed is the old certificate's, as ④ recorded it. Values: found.
    public static let jobOldCertificateInstalled = ProblemCode(rawValue: "job.oldCertificateInstalled")
    /// ⑧ the 有効期限 shown is not the verified file's, in Japan time. Values: found, expected.
    public static let jobExpiryMismatch = ProblemCode(rawValue: "job.expiryMismatch")
}
