/// 【工事手順④】 旧医療機関等コードの電子証明書を削除: every Online Billing certificate of 個人 that
/// is not for the new code is removed (on the sandbox: archived first).
struct RemoveOldCertificatesStep: ProcedureStep {
    let step = SuccessionStep(
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
                "「Online Billing NW Common Root CA」が含まれる証明書を選択 →「削除」→「はい(Y)」。",
                "証明書が一覧から消えていることを確認して「閉じる」。",
            ],
            en: [
                "Start Edge from the desktop, click ··· (top right) → Settings.",
                "Privacy, search, and services → scroll down → Manage certificates.",
                "Open the Personal (個人) tab.",
                "Select the certificate issued by \"Online Billing NW Common Root CA\" → Remove → Yes.",
                "Check that it is gone from the list, then Close.",
            ]
        ),
        cautions: LocalizedLines(
            ja: ["削除は新しいコードの証明書ではなく、旧いコードの証明書だけです。実端末では削除した証明書を元に戻せません（元に戻す場合は旧い .p12 から入れ直しです）。"],
            en: [
                "Remove only the old code's certificate, never the new one's. On a real terminal a removed certificate cannot be put back by this tool (only reinstalled from the old .p12)."
            ]
        )
    )

    static let list = JobQuestion.ID(.step4, "certificates")

    func nextQuestion(_ context: StepContext, _ answers: StepAnswers) -> JobQuestion? {
        guard context.attended else { return nil }
        guard case .certificates(let seen) = answers[Self.list] else {
            return JobQuestion(
                id: Self.list,
                step: .step4,
                prompt: LocalizedText(
                    ja:
                        "削除する前に「個人」タブにある発行者「Online Billing NW Common Root CA」の証明書を、1 枚 1 行で「発行先 有効期限 拇印（先頭 8 桁以上）」と表示のとおり入力してください（例: 0110113719 2027/02/25 1a2b3c4d）。1 枚も無ければ「なし」。",
                    en:
                        "Before removing: type each \"Online Billing NW Common Root CA\" certificate of the Personal tab, one per line, as shown: \"issued-to valid-until thumbprint (first 8+ hex digits)\" (e.g. 0110113719 2027/02/25 1a2b3c4d). None at all: \"none\"."
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
            id: JobQuestion.ID(.step4, "removed", subject: code),
            subject: code,
            prompt: LocalizedText(
                ja: "発行先 \(code) の証明書を「削除」→「はい(Y)」し、一覧から消えましたか？",
                en: "Did you remove the certificate issued to \(code) (削除 → はい(Y)), and is it gone from the list?"
            ),
            notYet: LocalizedText(
                ja: "削除はまだ済んでいません。発行先 \(code) の証明書を選択して「削除」→「はい(Y)」とし、一覧から消えたことを確認してから「はい」",
                en:
                    "the removal is not done yet: select the certificate issued to \(code), click 削除 and はい(Y), check it is gone, then answer yes"
            )
        )
    }

    func perform(
        _ context: StepContext,
        _ answers: StepAnswers,
        into outcome: inout StepOutcome
    ) throws(SuccessionError) {
        if context.attended {
            guard case .certificates(let seen) = answers[Self.list] else { return }
            outcome.verification = .typedEvidence
            outcome.evidence.seenCertificates = seen
            outcome.evidence.removedCertificates = old(seen, context)
            return
        }
        let seen = try context.terminal.certificates.onlineBillingCertificates()
        // A run killed after a removal journaled what it was about to remove.
        let earlier = context.job.intents(of: .step4).flatMap { $0.removedCertificates ?? [] }
        let old = seen.filter { $0.institutionCode != context.job.newCode }
        var intent = StepEvidence()
        intent.removedCertificates = earlier + old.map(CertificateSighting.init).filter { !earlier.contains($0) }
        outcome.evidence.seenCertificates =
            earlier + seen.map(CertificateSighting.init).filter { !earlier.contains($0) }
        if !old.isEmpty { try context.journalIntent(.step4, evidence: intent) }
        for certificate in old {
            try context.changed(.step4, .certificates, try context.terminal.certificates.remove(certificate))
        }
        outcome.evidence.removedCertificates = intent.removedCertificates
    }
}
