import Foundation

/// 【工事手順④】 旧医療機関等コードの電子証明書を削除: every Online Billing certificate of 個人 that
/// is not for the new code is removed (on the sandbox: archived first). The person lists what
/// 個人 holds before the instructions to delete anything.
public struct RemoveOldCertificatesStep: ProcedureStep {
    /// What ④ recorded.
    public struct Evidence: Codable, Sendable, Hashable {
        /// The Online Billing certificates seen in 個人 before removing.
        public var seenCertificates: [CertificateSighting]?
        /// The certificates removed, as shown (発行先, 有効期限, 拇印).
        public var removedCertificates: [CertificateSighting]?
    }

    /// The part of the terminal it works: the personal certificate store.
    public static let terminalPart: TerminalPart? = .certificates

    public static let step = SuccessionStep(
        id: .step4,
        mark: "④",
        title: LocalizedText(ja: "旧医療機関等コードの電子証明書を削除", en: "Remove the old code's certificate"),
        kind: .automatic,
        preconditions: [.step2],
        operations: LocalizedLines(
            ja: [
                "デスクトップから Edge を起動し、画面右上の「・・・」→「設定」。",
                "「プライバシー、検索、サービス」→ 下にスクロールして「証明書の管理」。",
                "証明書の「個人」タブを開きます。",
                "削除する前に、発行者「Online Billing NW Common Root CA」の証明書を下の質問のとおり入力します。",
                "旧コードの証明書を 1 枚ずつ選択 →「削除」→「はい(Y)」（下の質問が 1 枚ずつ案内します）。",
                "証明書が一覧から消えていることを確認して「閉じる」。",
            ],
            en: [
                "Start Edge from the desktop, click ··· (top right) → Settings.",
                "Privacy, search, and services → scroll down → Manage certificates.",
                "Open the Personal (個人) tab.",
                "Before removing anything, type the certificates issued by \"Online Billing NW Common Root CA\" as the question below asks.",
                "Select each old-code certificate → Remove → Yes (the questions below take you through them one by one).",
                "Check that it is gone from the list, then Close.",
            ]
        ),
        cautions: LocalizedLines(
            ja: [
                "削除は新しいコードの証明書ではなく、旧コードの証明書だけです。",
                "実端末で削除した証明書はこのツールでは元に戻せません（④は取り消せません。戻すには旧証明書の .p12 から入れ直します）。",
            ],
            en: [
                "Remove only the old code's certificate, never the new one's.",
                "On a real terminal a removed certificate cannot be put back by this tool (step 4 cannot be undone; only a reinstall from the old .p12).",
            ]
        )
    )

    public static let undoneByHand = false

    /// The store call's name in the journal.
    static let removal = "certificates.remove"

    public func nextQuestion(_ context: StepContext, _ answers: StepAnswers) -> JobQuestion? {
        guard context.attended else { return nil }
        guard case .certificates(let seen) = answers[.certificatesListed] else {
            return JobQuestion(
                id: .certificatesListed,
                step: Self.id,
                prompt: LocalizedText(
                    ja:
                        "まだ削除せずに、「個人」タブにある発行者「Online Billing NW Common Root CA」の証明書を、1 枚 1 行で「発行先 有効期限 拇印（先頭 8 桁以上）」と表示のとおり入力してください（例: 0110113719 2027/02/25 1a2b3c4d）。1 枚も無ければ「なし」。",
                    en:
                        "Do not remove anything yet: type each \"Online Billing NW Common Root CA\" certificate of the Personal tab, one per line, as shown: \"issued-to valid-until thumbprint (first 8+ hex digits)\" (e.g. 0110113719 2027/02/25 1a2b3c4d). None at all: \"none\"."
                ),
                kind: .certificateList
            )
        }
        for certificate in old(seen, context) where !answers.has(removed(certificate).id) {
            return removed(certificate).question
        }
        return nil
    }

    private func old(_ seen: [CertificateSighting], _ context: StepContext) -> [CertificateSighting] {
        seen.filter { $0.issuedTo != context.job.newCode.digits }
    }

    private func removed(_ certificate: CertificateSighting) -> Confirmation {
        let code = certificate.issuedTo
        return Confirmation(
            id: .certificateRemoved.about(code),
            step: Self.id,
            subject: code,
            prompt: LocalizedText(
                ja: "発行先 \(code) の証明書を選択して「削除」→「はい(Y)」とし、一覧から消えましたか？",
                en: "Select the certificate issued to \(code), click 削除 → はい(Y): is it gone from the list?"
            ),
            notYet: LocalizedText(
                ja: "削除はまだ済んでいません。発行先 \(code) の証明書を選択して「削除」→「はい(Y)」とし、一覧から消えたことを確認してから「はい」",
                en:
                    "the removal is not done yet: select the certificate issued to \(code), click 削除 and はい(Y), check it is gone, then answer yes"
            )
        )
    }

    public func perform(
        _ context: StepContext,
        _ answers: StepAnswers,
        into outcome: inout StepOutcome<Evidence>
    ) async throws(SuccessionError) {
        if context.attended {
            guard case .certificates(let seen) = answers[.certificatesListed] else { return }
            outcome.verification = .typedEvidence
            outcome.evidence = Evidence(seenCertificates: seen, removedCertificates: old(seen, context))
            return
        }
        let store = context.terminal.certificates
        let seen = try await store.onlineBillingCertificates()
        // Certificates an earlier attempt removed are gone from the store: its intents name them.
        let earlier = context.earlierIntents(Self.removal).compactMap(CertificateSighting.init(intent:))
        var removed = earlier
        for certificate in seen where certificate.institutionCode != context.job.newCode {
            var intent = try await store.prepareRemove(certificate)
            let sighting = CertificateSighting(certificate)
            intent.subjects = sighting.subjects
            try await context.change(.certificates, Self.removal, intent: intent) {
                intent async throws(SuccessionError) in
                ((), try await store.remove(certificate, as: intent))
            }
            removed.append(sighting)
        }
        outcome.evidence = Evidence(
            seenCertificates: earlier + seen.map(CertificateSighting.init).filter { !earlier.contains($0) },
            removedCertificates: removed
        )
    }
}

extension CertificateSighting {
    /// The sighting as an intent's subjects: 発行先, 有効期限 (ISO 8601, or empty), 拇印.
    var subjects: [String] {
        [issuedTo, notAfter.map(ISO8601.string) ?? "", thumbprint ?? ""]
    }

    /// A sighting from an intent's subjects.
    init?(intent: StoreIntent) {
        let values = intent.subjects
        guard values.count == 3 else { return nil }
        self.init(
            issuedTo: values[0],
            notAfter: values[1].isEmpty ? nil : ISO8601.date(values[1]),
            thumbprint: values[2].isEmpty ? nil : values[2]
        )
    }
}
