public import Foundation

/// The paper 電子証明書取得に関する情報 【工事手順①】, as typed in by a technician.
///
/// Its 発行先 must be the NEW code, else the work cannot proceed (「無い場合は工事できません」).
/// Read one with ``read(text:)`` or ``read(json:)``, then ``check(newCode:oldCode:at:)`` it.
/// Rows that could not be read stay `nil`, with a problem naming the row.
public struct CertificateIssueNotice: Sendable, Hashable, Codable {
    /// 発行者, as written.
    public var issuer: String?
    /// 発行先, as written (a 10-digit code, maybe with full-width digits).
    public var issuedTo: String?
    /// 端末名称.
    public var terminalName: String?
    /// The download site's request ID (15 digits).
    public var requestID: String?
    /// The download site's reference ID (10 characters).
    public var referenceID: String?
    /// The first day of the certificate's validity.
    public var validityStart: Date?
    /// The last day of the certificate's validity.
    public var validityEnd: Date?
    /// The last day the download site works.
    public var downloadExpiry: Date?

    /// A notice with the rows given (a row left `nil` is missing, and ``check(newCode:oldCode:at:)``
    /// says so); ``read(text:)`` and ``read(json:)`` read one from the paper's text.
    public init(
        issuer: String? = nil,
        issuedTo: String? = nil,
        terminalName: String? = nil,
        requestID: String? = nil,
        referenceID: String? = nil,
        validityStart: Date? = nil,
        validityEnd: Date? = nil,
        downloadExpiry: Date? = nil
    ) {
        self.issuer = issuer
        self.issuedTo = issuedTo
        self.terminalName = terminalName
        self.requestID = requestID
        self.referenceID = referenceID
        self.validityStart = validityStart
        self.validityEnd = validityEnd
        self.downloadExpiry = downloadExpiry
    }

    /// The code of 発行先, when it is a valid code.
    public var code: MedicalInstitutionCode? {
        issuedTo.flatMap { MedicalInstitutionCode.read($0).code }
    }

    /// How many days before the download-site expiry a warning is given.
    public static let expiryWarningDays = 7

    /// Checks the notice for a succession to `newCode` on `date`; every problem names its row.
    public func check(
        newCode: MedicalInstitutionCode,
        oldCode: MedicalInstitutionCode? = nil,
        at date: Date
    ) -> [Problem] {
        var problems: [Problem] = []
        for (field, value) in [(NoticeField.issuedTo, issuedTo), (.requestID, requestID), (.referenceID, referenceID)]
        where value == nil {
            problems.append(Self.problem(.noticeMissingRow, field))
        }
        if validityStart == nil || validityEnd == nil { problems.append(Self.problem(.noticeMissingRow, .validity)) }
        if downloadExpiry == nil { problems.append(Self.problem(.noticeMissingRow, .downloadExpiry)) }

        if let issuedTo { problems += checkIssuedTo(issuedTo, newCode: newCode, oldCode: oldCode) }
        if let requestID { problems += DownloadRequestID.problems(requestID) }
        if let referenceID { problems += DownloadReferenceID.problems(referenceID) }
        if let start = validityStart, let end = validityEnd, start > end {
            problems.append(
                Self.problem(
                    .noticeValidityOrder,
                    .validity,
                    [.notBefore: ISO8601.string(start), .notAfter: ISO8601.string(end)]
                )
            )
        }
        if let expiry = downloadExpiry { problems += checkExpiry(expiry, at: date) }
        if let issuer { problems += checkIssuer(issuer) }
        return problems.isEmpty ? [] : SuccessionError(problems).problems
    }

    func checkIssuedTo(
        _ text: String,
        newCode: MedicalInstitutionCode,
        oldCode: MedicalInstitutionCode?
    ) -> [Problem] {
        let reading = MedicalInstitutionCode.read(text)
        guard let code = reading.code else {
            // The code's own problems, told as problems of this row.
            return reading.problems.map { problem in
                var values = problem.values
                values[.row] = NoticeField.issuedTo.japaneseName
                return Problem(problem.code, severity: problem.severity, values: values)
            }
        }
        if code == oldCode {
            return [Self.problem(.noticeOldCode, .issuedTo, [.found: code.digits, .expected: newCode.digits])]
        }
        if code != newCode {
            return [Self.problem(.noticeCodeMismatch, .issuedTo, [.found: code.digits, .expected: newCode.digits])]
        }
        return []
    }

    private func checkExpiry(_ expiry: Date, at date: Date) -> [Problem] {
        // The site works through the whole of its last day, in Japan.
        let endOfDay = expiry.addingTimeInterval(24 * 3600)
        if date >= endOfDay {
            return [
                Self.problem(
                    .noticeDownloadExpired,
                    .downloadExpiry,
                    [.date: ISO8601.string(date), .notAfter: ISO8601.string(expiry)]
                )
            ]
        }
        let daysLeft = Int((endOfDay.timeIntervalSince(date) / JapanTime.secondsPerDay).rounded(.up))
        if daysLeft <= Self.expiryWarningDays {
            return [
                Problem(
                    .noticeDownloadExpiresSoon,
                    severity: .warning,
                    values: [
                        .row: NoticeField.downloadExpiry.japaneseName, .count: String(daysLeft),
                        .notAfter: ISO8601.string(expiry),
                    ]
                )
            ]
        }
        return []
    }

    func checkIssuer(_ issuer: String) -> [Problem] {
        let expected = KnownIssuer.onlineBillingNWCommonRootCA
        if KnownIssuer.isOnlineBillingRoot(issuer) { return [] }
        let a = KnownIssuer.squeezed(issuer)
        let b = KnownIssuer.squeezed(expected)
        // The manual's own sample reads "Onlien Billing NW Common Root OO-OC": a misspelling on
        // paper is worth a look, not a stop. Something else entirely is an error.
        let close = EditDistance.between(a, b) <= max(3, b.count / 3)
        return [
            Problem(
                close ? .noticeIssuerSpelling : .noticeIssuer,
                severity: close ? .warning : .error,
                values: [.row: NoticeField.issuer.japaneseName, .found: issuer, .expected: expected]
            )
        ]
    }

    static func problem(_ code: ProblemCode, _ field: NoticeField, _ values: [ProblemValueKey: String] = [:]) -> Problem
    {
        var values = values
        values[.row] = field.japaneseName
        values[.field] = field.rawValue
        return Problem(code, values: values)
    }
}
