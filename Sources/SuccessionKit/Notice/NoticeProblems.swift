extension ProblemCode {
    /// A required row is missing. Values: ``ProblemValueKey/row``.
    public static let noticeMissingRow = ProblemCode(rawValue: "notice.missingRow")
    /// 発行先 is a valid code but not the new one: the work cannot proceed.
    public static let noticeCodeMismatch = ProblemCode(rawValue: "notice.codeMismatch")
    /// 発行先 is the OLD code: the notice of the previous certificate.
    public static let noticeOldCode = ProblemCode(rawValue: "notice.oldCode")
    /// The request ID is not 15 digits. Values: ``ProblemValueKey/count``, maybe ``ProblemValueKey/position``.
    public static let noticeRequestID = ProblemCode(rawValue: "notice.requestID")
    /// The reference ID is not 10 characters. Values: ``ProblemValueKey/count``.
    public static let noticeReferenceID = ProblemCode(rawValue: "notice.referenceID")
    /// A warning: a reference-ID character that is not a letter or digit.
    public static let noticeReferenceIDCharacter = ProblemCode(rawValue: "notice.referenceIDCharacter")
    /// The row holds the manual's masked placeholder (〇〇〇…).
    public static let noticePlaceholder = ProblemCode(rawValue: "notice.placeholder")
    /// The validity's start is after its end.
    public static let noticeValidityOrder = ProblemCode(rawValue: "notice.validityOrder")
    /// A date row could not be read. Values: ``ProblemValueKey/found``.
    public static let noticeDateFormat = ProblemCode(rawValue: "notice.dateFormat")
    /// The download site's last day has passed: a new, paid issue is needed.
    public static let noticeDownloadExpired = ProblemCode(rawValue: "notice.downloadExpired")
    /// A warning: the download site closes within 7 days. Values: ``ProblemValueKey/count`` (days).
    public static let noticeDownloadExpiresSoon = ProblemCode(rawValue: "notice.downloadExpiresSoon")
    /// The issuer is not the Online Billing NW Common Root CA.
    public static let noticeIssuer = ProblemCode(rawValue: "notice.issuer")
    /// A warning: the issuer is written with a misspelling (as in the manual's sample).
    public static let noticeIssuerSpelling = ProblemCode(rawValue: "notice.issuerSpelling")
    /// A warning: a row whose name is not one of the notice's.
    public static let noticeUnknownRow = ProblemCode(rawValue: "notice.unknownRow")
    /// A warning: a row given twice; the first is used.
    public static let noticeDuplicateRow = ProblemCode(rawValue: "notice.duplicateRow")
    /// A row given twice with two different values (two 発行先: the new code, then the old):
    /// the paper cannot be read one way. Values: row, field, found (the second value), expected
    /// (the first).
    public static let noticeConflictingRows = ProblemCode(rawValue: "notice.conflictingRows")
    /// A JSON notice gives one key twice (発行先: the old code, then the new). A JSON reader
    /// would keep one of them without a word; the notice is not read one way. Values:
    /// ``ProblemValueKey/row`` (the key), ``ProblemValueKey/found`` (the later value),
    /// ``ProblemValueKey/expected`` (the earlier).
    public static let noticeDuplicateKey = ProblemCode(rawValue: "notice.duplicateKey")
    /// The JSON is not an object of row names and strings.
    public static let noticeJSON = ProblemCode(rawValue: "notice.json")
}
