public import Foundation

extension PKCS12Bundle {
    /// Checks the certificate against the paper it was issued with, 電子証明書取得に関する情報
    /// 【工事手順①】, in one call, reporting every failed rule 【工事手順⑥】:
    ///
    /// - every rule of ``verify(newCode:oldCode:at:pin:trustAnchors:)`` (the issuer, the subject's
    ///   code is the new one and not the old one, valid on `date`, the key, the signature);
    /// - the notice's 発行先 is the new code (`notice.oldCode`, `notice.codeMismatch`, or the
    ///   code's own problems for a row that is no code; `notice.missingRow` without the row):
    ///   with the rule above, the certificate's code is the notice's;
    /// - the certificate's validity is the notice's 電子証明書有効期間, day for day in Japan time
    ///   (`cert.noticeValidity`: another issue's certificate, or another issue's paper;
    ///   `notice.missingRow` when the row could not be read);
    /// - the notice's 発行者 names the Online Billing NW Common Root CA (`notice.issuer`, or the
    ///   warning `notice.issuerSpelling` for a misspelling like the manual's sample's).
    ///
    /// The notice's own rows that concern the download (request and reference ID, the site's
    /// last day) are ``CertificateIssueNotice/check(newCode:oldCode:at:)``'s.
    ///
    /// ```swift
    /// let notice = try CertificateIssueNotice.read(contentsOf: FilePath("通知書.txt")).notice
    /// let bundle = try PKCS12Bundle(contentsOf: FilePath("20261120.p12"), pin: pin)
    /// let problems = bundle.verify(against: notice, newCode: newCode, at: .now)
    /// problems.isAcceptable   // no error: the file this notice was issued for
    /// ```
    /// - Returns: the problems, errors first (empty or warnings only when the file is the one
    ///   the notice was issued for; without trust anchors the `cert.issuerNotVerified` warning).
    public func verify(
        against notice: CertificateIssueNotice,
        newCode: MedicalInstitutionCode,
        oldCode: MedicalInstitutionCode? = nil,
        at date: Date,
        pin: CertificatePIN? = nil,
        trustAnchors: [TrustAnchor] = []
    ) -> [Problem] {
        var problems = verify(newCode: newCode, oldCode: oldCode, at: date, pin: pin, trustAnchors: trustAnchors)
        if let issuedTo = notice.issuedTo {
            problems += notice.checkIssuedTo(issuedTo, newCode: newCode, oldCode: oldCode)
        } else {
            problems.append(CertificateIssueNotice.problem(.noticeMissingRow, .issuedTo))
        }
        if let start = notice.validityStart, let end = notice.validityEnd {
            problems += validityProblems(noticeStart: start, noticeEnd: end)
        } else {
            problems.append(CertificateIssueNotice.problem(.noticeMissingRow, .validity))
        }
        if let issuer = notice.issuer {
            problems += notice.checkIssuer(issuer)
        }
        return problems.isEmpty ? [] : SuccessionError(problems).problems
    }

    /// The certificate's first and last day against the notice's, as days in Japan time (the
    /// paper prints days; 2026-11-27T15:00Z is 2026/11/28 there).
    private func validityProblems(noticeStart: Date, noticeEnd: Date) -> [Problem] {
        let certificateDays = (JapanTime.day(certificate.notBefore), JapanTime.day(certificate.notAfter))
        let noticeDays = (JapanTime.day(noticeStart), JapanTime.day(noticeEnd))
        guard certificateDays != noticeDays else { return [] }
        return [
            CertificateIssueNotice.problem(
                .certNoticeValidity,
                .validity,
                [
                    .found: "\(certificateDays.0)~\(certificateDays.1)",
                    .expected: "\(noticeDays.0)~\(noticeDays.1)",
                    .notBefore: ISO8601.string(certificate.notBefore),
                    .notAfter: ISO8601.string(certificate.notAfter),
                ]
            )
        ]
    }
}

extension ProblemCode {
    /// The certificate's validity is not the notice's 電子証明書有効期間 (compared as days in Japan
    /// time): the file and the paper belong to different issues. Values: found (the
    /// certificate's days, `2025/01/01~2035/01/01`), expected (the notice's), notBefore and
    /// notAfter (the certificate's, ISO 8601), row and field (the notice's row).
    public static let certNoticeValidity = ProblemCode(rawValue: "cert.noticeValidity")
}
