/// A row of the paper 電子証明書取得に関する情報, and the names it goes by.
public enum NoticeField: String, Sendable, Hashable, Codable, CaseIterable {
    /// 発行者 — the issuing CA.
    case issuer
    /// 発行先 — the 10-digit code the certificate is issued to.
    case issuedTo
    /// 端末名称 — the terminal's name.
    case terminalName
    /// 電子証明書ダウンロードサイトリクエストID — 15 digits.
    case requestID
    /// 電子証明書ダウンロードサイトリファレンスID — 10 characters.
    case referenceID
    /// 電子証明書有効期間 — `start~end`.
    case validity
    /// 電子証明書ダウンロードサイト有効期限 — the last day of the download site.
    case downloadExpiry

    /// The row's name on the paper.
    public var japaneseName: String {
        switch self {
        case .issuer: "発行者"
        case .issuedTo: "発行先"
        case .terminalName: "端末名称"
        case .requestID: "電子証明書ダウンロードサイトリクエストID"
        case .referenceID: "電子証明書ダウンロードサイトリファレンスID"
        case .validity: "電子証明書有効期間"
        case .downloadExpiry: "電子証明書ダウンロードサイト有効期限"
        }
    }

    /// The names accepted for the row, compared without spaces, case or width: the paper's,
    /// shorter forms, the manual's typo (…サイトファレンスID), and English keys.
    var aliases: [String] {
        switch self {
        case .issuer: ["発行者", "issuer"]
        case .issuedTo: ["発行先", "issuedto", "issued to", "code"]
        case .terminalName: ["端末名称", "端末名", "terminalname", "terminal name", "terminal"]
        case .requestID: [japaneseName, "ダウンロードサイトリクエストID", "リクエストID", "requestid", "request id"]
        case .referenceID:
            [
                japaneseName, "電子証明書ダウンロードサイトファレンスID", "ダウンロードサイトリファレンスID", "リファレンスID", "referenceid",
                "reference id",
            ]
        case .validity: [japaneseName, "有効期間", "validity", "certificate validity"]
        case .downloadExpiry:
            [japaneseName, "ダウンロードサイト有効期限", "有効期限", "downloadexpiry", "download expiry", "download site expiry"]
        }
    }

    /// The field a row name means, and whether it was a known misspelling.
    static func match(_ rowName: String) -> NoticeField? {
        let key = squeeze(rowName)
        var best: (field: NoticeField, length: Int)?
        for field in allCases {
            for alias in field.aliases {
                let squeezed = squeeze(alias)
                if key == squeezed, squeezed.count > (best?.length ?? -1) { best = (field, squeezed.count) }
            }
        }
        return best?.field
    }

    /// The longest alias that `line` starts with, for rows written as `名前 値` with one space.
    static func prefixMatch(_ line: String) -> (field: NoticeField, name: String, rest: Substring)? {
        var best: (NoticeField, String, Substring)?
        for field in allCases {
            for alias in field.aliases
            where !alias.contains(" ") && alias.unicodeScalars.contains(where: { $0.value > 0x7F }) {
                if line.hasPrefix(alias), alias.count > (best?.1.count ?? 0) {
                    best = (field, alias, line.dropFirst(alias.count))
                }
            }
        }
        return best
    }

    static func squeeze(_ text: String) -> String {
        TypedInput.halfWidth(text).lowercased().filter { !$0.isWhitespace && $0 != "_" && $0 != ":" }
    }
}
