public import Foundation

extension PKCS12Bundle {
    /// Checks the bundle against what the succession needs, reporting every failed rule:
    ///
    /// - the issuer is the Online Billing NW Common Root CA (`cert.issuer`);
    /// - the subject holds a code (`cert.noInstitutionCode`) that is the NEW code, not the old
    ///   one (`cert.oldCode`, `cert.codeMismatch`);
    /// - it is valid on `date` (`cert.notYetValid`, `cert.expired`);
    /// - the private key is there and belongs to it (`pkcs12.noPrivateKey`, `pkcs12.keyMismatch`);
    /// - a warning when `pin` is not the download site's four digits (`cert.pinFormat`).
    ///
    /// - Returns: the problems, errors first; empty when this is the file to install.
    public func verify(
        newCode: MedicalInstitutionCode,
        oldCode: MedicalInstitutionCode? = nil,
        at date: Date,
        pin: CertificatePIN? = nil
    ) -> [Problem] {
        var problems = self.problems
        let issuerName = KnownIssuer.commonName(inRFC2253: certificate.issuer.rfc2253) ?? certificate.issuer.rfc2253
        if !KnownIssuer.isOnlineBillingRoot(issuerName) {
            problems.append(
                Problem(.certIssuer, values: [.found: issuerName, .expected: KnownIssuer.onlineBillingNWCommonRootCA])
            )
        }
        switch certificate.institutionCode {
        case nil:
            problems.append(Problem(.certNoInstitutionCode, values: [.found: certificate.subject.rfc2253]))
        case let code? where code == oldCode:
            problems.append(Problem(.certOldCode, values: [.found: code.digits, .expected: newCode.digits]))
        case let code? where code != newCode:
            problems.append(Problem(.certCodeMismatch, values: [.found: code.digits, .expected: newCode.digits]))
        default:
            break
        }
        let day = ISO8601.string(date)
        if date < certificate.notBefore {
            problems.append(
                Problem(.certNotYetValid, values: [.date: day, .notBefore: ISO8601.string(certificate.notBefore)])
            )
        } else if date > certificate.notAfter {
            problems.append(
                Problem(.certExpired, values: [.date: day, .notAfter: ISO8601.string(certificate.notAfter)])
            )
        }
        if let pin, !pin.isDownloadSitePIN {
            problems.append(Problem(.certPINFormat, severity: .warning))
        }
        return problems.isEmpty ? [] : SuccessionError(problems).problems
    }
}
