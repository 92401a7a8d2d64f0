/// The download site's request ID: 15 digits.
public enum DownloadRequestID {
    /// The number of digits.
    public static let length = 15

    /// What is wrong with `text` as a request ID (full-width digits and spaces are fine).
    public static func problems(_ text: String) -> [Problem] {
        let typed = TypedInput.halfWidth(text).filter { !$0.isWhitespace && $0 != "-" }
        if typed.allSatisfy({ $0 == "〇" || $0 == "○" }) && !typed.isEmpty {
            return [CertificateIssueNotice.problem(.noticePlaceholder, .requestID)]
        }
        let bad = typed.enumerated().first { !($0.element.isASCII && $0.element.isNumber) }
        if let bad {
            return [
                CertificateIssueNotice.problem(
                    .noticeRequestID,
                    .requestID,
                    [.count: String(typed.count), .position: String(bad.offset + 1), .character: String(bad.element)]
                )
            ]
        }
        guard typed.count == length else {
            return [CertificateIssueNotice.problem(.noticeRequestID, .requestID, [.count: String(typed.count)])]
        }
        return []
    }
}

/// The download site's reference ID: 10 characters (masked as ○ in the manual's sample; letters
/// and digits are assumed, an inference).
public enum DownloadReferenceID {
    /// The number of characters.
    public static let length = 10

    /// What is wrong with `text` as a reference ID.
    public static func problems(_ text: String) -> [Problem] {
        let typed = TypedInput.halfWidth(text).filter { !$0.isWhitespace }
        if !typed.isEmpty && typed.allSatisfy({ $0 == "〇" || $0 == "○" }) {
            return [CertificateIssueNotice.problem(.noticePlaceholder, .referenceID)]
        }
        guard typed.count == length else {
            return [CertificateIssueNotice.problem(.noticeReferenceID, .referenceID, [.count: String(typed.count)])]
        }
        if let bad = typed.enumerated().first(where: {
            !($0.element.isASCII && ($0.element.isLetter || $0.element.isNumber))
        }) {
            var problem = CertificateIssueNotice.problem(
                .noticeReferenceIDCharacter,
                .referenceID,
                [.position: String(bad.offset + 1), .character: String(bad.element)]
            )
            problem.severity = .warning
            return [problem]
        }
        return []
    }
}
