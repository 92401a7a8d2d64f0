public import Foundation

/// 【工事手順⑧】 新しい「電子証明書」のセットアップ: 個人 holds the new certificate — the very one ⑥
/// verified, by its 拇印 and 有効期限 — and no other Online Billing certificate.
public struct ConfirmInstalledStep: ProcedureStep {
    /// What ⑧ recorded.
    public struct Evidence: Codable, Sendable, Hashable {
        /// The 拇印 as the store showed it (typed by a person, or read by software).
        public var thumbprintShown: String?
        /// The 有効期限 a person read off the certificate.
        public var expiryShown: Date?
    }

    /// The part of the terminal it works: the personal certificate store.
    public static let terminalPart: TerminalPart? = .certificates

    public static let step = SuccessionStep(
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

    public func nextQuestion(_ context: StepContext, _ answers: StepAnswers) -> JobQuestion? {
        guard context.attended else { return nil }
        let code = context.job.newCode.digits
        if !answers.has(.thumbprint) {
            return JobQuestion(
                id: .thumbprint,
                step: Self.id,
                subject: code,
                prompt: LocalizedText(
                    ja: "発行先 \(code) の証明書の「拇印」を、表示のとおり先頭 8 桁以上入力してください（例: 1a 2b 3c 4d）。",
                    en:
                        "Type the 拇印 (thumbprint) of the certificate issued to \(code) as shown, at least its first 8 hex digits (e.g. 1a 2b 3c 4d)."
                ),
                kind: .thumbprint
            )
        }
        if !answers.has(.expiry) {
            return JobQuestion(
                id: .expiry,
                step: Self.id,
                subject: code,
                prompt: LocalizedText(
                    ja: "その証明書の「有効期限」（有効期間の終わり）の日付を入力してください（例: 2030/02/28）。",
                    en: "Type that certificate's 有効期限 (the last day it is valid) as shown (e.g. 2030/02/28)."
                ),
                kind: .date
            )
        }
        if !answers.has(.otherCertificates) {
            return JobQuestion(
                id: .otherCertificates,
                step: Self.id,
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

    public func check(
        _ answer: Answer,
        to question: JobQuestion,
        _ context: StepContext,
        _ answers: StepAnswers
    ) -> Problem? {
        let verified = context.evidence(of: DownloadAndBackUpStep.self)
        switch (question.id, answer) {
        case (.thumbprint, .thumbprint(let typed)):
            // The old certificate's 拇印, as ④ recorded it, is asked again saying what it is;
            // typed again, it is the finding that the old certificate is installed.
            if oldCertificate(matching: typed, context) != nil {
                return Problem(
                    .answerOldValue,
                    values: [
                        .field: "拇印", .found: Thumbprint.display(typed),
                        .detail: "④で削除した旧証明書（発行先 \(context.job.oldCode.digits)）の拇印",
                    ]
                )
            }
            if (verified?.certificateSHA1 ?? "").hasPrefix(typed) { return nil }
            return Problem(.answerMismatch, values: [.field: "拇印", .found: Thumbprint.display(typed)])
        case (.expiry, .date(let typed)):
            guard let notAfter = verified?.certificateNotAfter, JapanTime.day(typed) != JapanTime.day(notAfter)
            else { return nil }
            return Problem(.answerMismatch, values: [.field: "有効期限", .found: JapanTime.day(typed)])
        default: return nil
        }
    }

    private func oldCertificate(matching typed: String, _ context: StepContext) -> CertificateSighting? {
        context.evidence(of: RemoveOldCertificatesStep.self)?.removedCertificates?.first { removed in
            guard let thumbprint = removed.thumbprint.map(Thumbprint.normalized), !thumbprint.isEmpty else {
                return false
            }
            return thumbprint.hasPrefix(typed) || typed.hasPrefix(thumbprint)
        }
    }

    public func perform(
        _ context: StepContext,
        _ answers: StepAnswers,
        into outcome: inout StepOutcome<Evidence>
    ) async throws(SuccessionError) {
        let job = context.job
        let expected = context.evidence(of: DownloadAndBackUpStep.self)
        let sha1 = expected?.certificateSHA1 ?? ""
        if context.attended {
            outcome.verification = .typedEvidence
            guard case .thumbprint(let typed) = answers[.thumbprint], case .date(let expiry) = answers[.expiry],
                case .certificates(let others) = answers[.otherCertificates]
            else { return }
            outcome.evidence = Evidence(thumbprintShown: typed, expiryShown: expiry)
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
            if let notAfter = expected?.certificateNotAfter, JapanTime.day(expiry) != JapanTime.day(notAfter) {
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
        let installed = try await context.terminal.certificates.onlineBillingCertificates()
        let current = installed.filter { $0.institutionCode == job.newCode }
        if current.isEmpty {
            outcome.problems.append(Problem(.terminalNoNewCertificate, values: [.expected: job.newCode.digits]))
        }
        var shown: String?
        for certificate in current {
            shown = certificate.thumbprint
            // A store that knows only the thumbprint (the Windows one) is checked by it.
            if !certificate.isCertificate(sha256: expected?.certificateSHA256 ?? "", sha1: sha1) {
                let found = certificate.certificate?.sha1 ?? certificate.thumbprint ?? ""
                outcome.problems.append(
                    Problem(
                        .jobThumbprintMismatch,
                        values: [.found: Thumbprint.display(found), .expected: Thumbprint.display(sha1)]
                    )
                )
            }
        }
        outcome.evidence = Evidence(thumbprintShown: shown, expiryShown: nil)
        for leftover in installed where leftover.institutionCode != job.newCode {
            outcome.problems.append(leftover.leftoverProblem)
        }
    }

    /// Another certificate installed than the one ⑥ verified: ⑦ is done over (a wrong one is
    /// removed there first); the old one still listed, a leftover or a missing one is put right
    /// and ⑧ run again.
    public func wayForward(after problems: [Problem], in job: Job) -> WayForward {
        let codes = Set(problems.map(\.code))
        // The old certificate still listed is removed by hand and ⑧ checked again: the new one
        // ⑦ installed is normally there beside it (the message says when ⑦ is needed after all).
        if !codes.isDisjoint(with: [.jobThumbprintMismatch, .jobExpiryMismatch]) {
            return .redo(.step7)
        }
        return .runAgain(Self.id)
    }

    public func reportFacts(_ evidence: Evidence?, in job: Job) -> [ReportFact] {
        let sha1 = job.evidence(of: DownloadAndBackUpStep.self)?.certificateSHA1
        let value = sha1.map { sha1 in
            let shown = evidence?.thumbprintShown.map { Thumbprint.display($0) } ?? "—"
            return LocalizedText(
                ja: "\(Thumbprint.display(sha1))（⑧の表示: \(shown)）",
                en: "\(Thumbprint.display(sha1)) (shown at ⑧: \(shown))"
            )
        }
        return [ReportFact(LocalizedText(ja: "電子証明書 拇印（SHA-1）", en: "Certificate thumbprint (SHA-1)"), value)]
    }

    public static let messages: [ProblemCode: ProblemMessage] = [
        .jobOldCertificateInstalled: ProblemMessage(
            ja: {
                "画面の拇印 \($0[.found] ?? "") は、④で削除した旧証明書のものです。旧証明書がインストールされています。それを削除してから、⑧の確認をもう一度行ってください。一覧に新しい証明書がない場合は、⑦をやり直します。"
            },
            en: {
                "The thumbprint shown, \($0[.found] ?? ""), is the old certificate's that step 4 removed: the old certificate is installed. Remove it, then check step 8 again. If the new certificate is not in the list, do step 7 over."
            }
        ),
        .jobExpiryMismatch: ProblemMessage(
            ja: {
                "有効期限 \($0[.found] ?? "") が、⑥で確認した新しい証明書の有効期限 \($0[.expected] ?? "")（日本時間）と違います。別の証明書がインストールされています。⑦をやり直してください。"
            },
            en: {
                "The valid-until date \($0[.found] ?? "") is not that of the certificate verified in step 6, \($0[.expected] ?? "") (Japan time): another certificate is installed. Do step 7 over."
            }
        ),
        .jobThumbprintMismatch: ProblemMessage(
            ja: {
                "証明書の拇印 \($0[.found] ?? "") が、⑥で確認したファイルの証明書の拇印 \($0[.expected] ?? "") と違います。別の証明書がインストールされています。それを削除し、⑦をやり直してください。"
            },
            en: {
                "The certificate's thumbprint \($0[.found] ?? "") differs from that of the file verified in step 6, \($0[.expected] ?? ""). Another certificate is installed: remove it and do step 7 over."
            }
        ),
    ]
}

extension ProblemCode {
    /// ⑧ the 拇印 shown is the old certificate's, as ④ recorded it. Values: found.
    public static let jobOldCertificateInstalled = ProblemCode(rawValue: "job.oldCertificateInstalled")
    /// ⑧ the 有効期限 shown is not the verified file's, in Japan time. Values: found, expected.
    public static let jobExpiryMismatch = ProblemCode(rawValue: "job.expiryMismatch")
    /// ⑧ the 拇印 shown differs from the verified file's certificate. Values: found, expected.
    public static let jobThumbprintMismatch = ProblemCode(rawValue: "job.thumbprintMismatch")
}
