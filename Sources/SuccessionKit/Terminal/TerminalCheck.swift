public import Foundation

extension Terminal {
    /// Holds the terminal together against the new code and lists every inconsistency at once:
    /// the notice's 発行先, the installed certificate's code, leftover old-code certificates,
    /// `OQS_MEDICAL_INSTITUTION_CODE`, `OQS_LOGIN_KEY`'s user against the code's kind, and readers
    /// that are not bound.
    public func check(
        newCode: MedicalInstitutionCode,
        notice: CertificateIssueNotice? = nil,
        at date: Date
    ) async throws(SuccessionError)
        -> [Problem]
    {
        var problems: [Problem] = []
        if let notice {
            // Only 発行先 matters here: the notice's other rows were checked before the download.
            problems += notice.check(newCode: newCode, at: date).filter {
                $0[.row] == NoticeField.issuedTo.japaneseName
            }
        }

        let installed = try await certificates.onlineBillingCertificates()
        let current = installed.filter { $0.institutionCode == newCode }
        if current.isEmpty {
            problems.append(Problem(.terminalNoNewCertificate, values: [.expected: newCode.digits]))
        }
        for certificate in current {
            if let notAfter = certificate.notAfter, notAfter < date {
                problems.append(
                    Problem(.certExpired, values: [.date: ISO8601.string(date), .notAfter: ISO8601.string(notAfter)])
                )
            }
            problems += certificate.options?.problems ?? []
        }
        for leftover in installed where leftover.institutionCode != newCode {
            problems.append(leftover.leftoverProblem)
        }

        let stored = try await credentials.institutionCode()
        if stored == nil {
            problems.append(Problem(.terminalMissingCredential, values: [.field: "OQS_MEDICAL_INSTITUTION_CODE"]))
        } else if stored.flatMap({ MedicalInstitutionCode.read($0).code }) != newCode {
            problems.append(
                Problem(.terminalCredentialCode, values: [.found: stored ?? "", .expected: newCode.digits])
            )
        }
        if let key = try await credentials.loginKey() {
            if let accounts = AccountSet(code: newCode) {
                problems += accounts.check(ids: [], loginKeyUser: key.userName)
            }
        } else {
            problems.append(Problem(.terminalMissingCredential, values: [.field: "OQS_LOGIN_KEY"]))
        }

        let readers = try await readers.readers()
        if readers.isEmpty { problems.append(Problem(.readerNone)) }
        for reader in readers where !reader.isBound {
            // A reader the tool does not list is bound to nothing: say so in the same words.
            problems.append(Problem(.readerNotBound, values: [.found: reader.serial.rawValue]))
        }
        return problems.isEmpty ? [] : SuccessionError(problems).problems
    }
}

extension InstalledCertificate {
    /// 【工事手順④⑧】 An Online Billing certificate that is not for the new code is still in 個人.
    var leftoverProblem: Problem {
        Problem(
            .terminalLeftoverCertificate,
            values: [.found: institutionCode?.digits ?? issuedTo, .detail: thumbprint ?? certificate?.sha256 ?? ""]
        )
    }
}
