/// The accounts of the オンライン資格確認等システム that a succession touches (<doc:AccountsAndPasswords>).
public enum AccountKind: String, Sendable, Hashable, Codable, CaseIterable {
    /// マスタアカウント — `H` + 7 digits, from the ユーザ設定情報 paper.
    case master
    /// マスタアカウントリセット用ID — the master ID + `R`.
    case masterReset
    /// 管理アカウント — `OnsKANRI`.
    case admin
    /// 顔認証アカウント — `F0FACE01`, bound to each card reader.
    case faceAuth
    /// 連携アカウント — `R0RENK01` (医科歯科) or `R1RENK01` (薬局).
    case linkage

    /// The Japanese name.
    public var japaneseName: String {
        switch self {
        case .master: "マスタアカウント"
        case .masterReset: "マスタアカウントリセット用ID"
        case .admin: "管理アカウント"
        case .faceAuth: "顔認証アカウント"
        case .linkage: "連携アカウント"
        }
    }

    /// The name in `language`: ``japaneseName`` or ``englishName``.
    public func name(in language: Language) -> String {
        language == .japanese ? japaneseName : englishName
    }

    /// The English name, e.g. `admin account`.
    public var englishName: String {
        switch self {
        case .master: "master account"
        case .masterReset: "master reset ID"
        case .admin: "admin account"
        case .faceAuth: "face-authentication account"
        case .linkage: "linkage account"
        }
    }

    /// Whether the account's password never expires, whatever its length (顔認証付きカードリーダー用,
    /// 連携アプリケーション用 and WebAPI accounts).
    public var passwordNeverExpires: Bool {
        self == .faceAuth || self == .linkage
    }
}
