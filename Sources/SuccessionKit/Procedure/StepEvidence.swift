public import Foundation

/// What a step recorded, typed: each field belongs to the step named in its comment, lists are
/// arrays and paths are strings — never joined text (a file may be named `証明書,新.p12`).
/// Never holds a secret.
public struct StepEvidence: Sendable, Hashable, Codable {
    // ① the notice
    /// 発行先 of the notice.
    public var noticeIssuedTo: String?
    /// The download site's last day.
    public var downloadExpiry: Date?

    // ③ ⑤ ⑫ readers
    /// ③ every reader noted (as printed on its sticker), recorded before any is removed.
    public var readerSerials: [ReaderSerialNumber]?
    /// ③ the state each reader had when it was removed (未接続).
    public var readerStates: [String]?
    /// ⑤ how the bindings were cleared.
    public var initialization: ReaderInitialization.Method?
    /// ⑤ the readers that lost their binding.
    public var unboundSerials: [ReaderSerialNumber]?
    /// ⑫ the login name bound (the face-auth account).
    public var loginName: String?
    /// ⑫ the readers bound, each then 接続中.
    public var boundSerials: [ReaderSerialNumber]?

    // ④ ⑧ certificates in the store
    /// ④ the certificates removed, as shown (発行先, 有効期限, 拇印).
    public var removedCertificates: [CertificateSighting]?
    /// ④ the Online Billing certificates seen in 個人 before removing.
    public var seenCertificates: [CertificateSighting]?
    /// ⑧ the 拇印 as the store showed it (typed by a person, or read by software).
    public var thumbprintShown: String?
    /// ⑧ the 有効期限 a person read off the certificate.
    public var expiryShown: Date?

    // ⑥ ⑦ the new certificate
    /// ⑥ the chosen file.
    public var certificateFile: String?
    /// ⑥ the other `.p12` files looked at, and not chosen.
    public var notChosen: [String]?
    /// ⑥ the verified certificate's SHA-256 fingerprint.
    public var certificateSHA256: String?
    /// The certificate's SHA-1: Windows' 拇印.
    public var certificateSHA1: String?
    /// ⑥ the verified certificate's subject (RFC 2253).
    public var certificateSubject: String?
    /// ⑥ the start of its validity.
    public var certificateNotBefore: Date?
    /// ⑥ the end of its validity.
    public var certificateNotAfter: Date?
    /// ⑥ the SHA-256 of the `.p12` file as backed up.
    public var fileSHA256: String?
    /// ⑥ the backup folder and the copy in it, read back and verified.
    public var backupFolder: String?
    /// ⑥ the verified copy in ``backupFolder``.
    public var backupFile: String?
    /// ⑥ attended: the person made the desktop folder 「NTT東オン資端末_電子証明書」 on the
    /// terminal and pasted the file (the verified copy is at ``backupFile``).
    public var desktopFolderConfirmed: Bool?
    /// ⑦ the wizard's options.
    public var installOptions: CertificateInstallOptions?
    /// ⑥⑦ whether the issuer was verified against a trust anchor (`false`: only its name matched).
    public var issuerVerified: Bool?

    // ⑨ ⑩ codes
    /// ⑨ whether the admin account could log in (accounts carried over).
    public var accountsCarriedOver: Bool?
    /// ⑨ the 機関コード shown on アカウント管理更新, as typed.
    public var institutionCodeShown: String?
    /// ⑩ OQS_MEDICAL_INSTITUTION_CODE before and after.
    public var credentialBefore: String?
    /// ⑩ OQS_MEDICAL_INSTITUTION_CODE after (see ``credentialReadBack``).
    public var credentialAfter: String?
    /// ⑩ whether the value after was read back (typed back from the screen, or read by software).
    public var credentialReadBack: Bool?

    // ⑬ distribution
    /// ⑬ the `Status=` text.
    public var distributionStatus: String?
    /// ⑬ its 再開予定時刻, as written.
    public var resumeAt: String?
    /// Whether face authentication worked after the reboot.
    public var faceAuthWorks: Bool?

    // ⑭ and the supplements
    /// ⑭ its three parts.
    public var handover: Handover?
    /// 補足① its branch and results.
    public var accountRegistration: AccountRegistration?
    /// 補足② the facility name now on the readers' waiting screen.
    public var facilityName: String?

    /// A manual step's answer, as given.
    public var answer: String?

    package init() {}
}

/// A certificate as a store showed it (for the record).
public struct CertificateSighting: Sendable, Hashable, Codable {
    /// 発行先 as shown.
    public let issuedTo: String
    /// 有効期限, when shown.
    public let notAfter: Date?
    /// 拇印 (or its first digits, as typed), when shown.
    public let thumbprint: String?

    package init(issuedTo: String, notAfter: Date?, thumbprint: String?) {
        self.issuedTo = issuedTo
        self.notAfter = notAfter
        self.thumbprint = thumbprint
    }

    init(_ installed: InstalledCertificate) {
        self.init(issuedTo: installed.issuedTo, notAfter: installed.notAfter, thumbprint: installed.thumbprint)
    }
}

/// ⑭ 承継工事後の動作確認とお客様説明: the customer's two tests and the backup handed over.
public struct Handover: Sendable, Hashable, Codable {
    /// How a test went.
    public enum TestResult: String, Sendable, Hashable, Codable, CaseIterable {
        /// It worked.
        case passed
        /// It did not work: the report says so.
        case failed
        /// 「対象者不在のため実施不可」: nobody with a マイナンバーカード was there. A recorded answer,
        /// not a yes.
        case notPossible

        /// Reads `yes`/`はい`/`ok`, `no`/`いいえ`, `不可`/`実施不可`/`na`.
        public init?(typed: String) {
            let text = TypedInput.halfWidth(typed).trimmingCharacters(in: .whitespaces).lowercased()
            switch text {
            case "yes", "y", "はい", "ok", "passed", "済", "できた": self = .passed
            case "no", "n", "いいえ", "failed", "ng", "できない": self = .failed
            case "不可", "実施不可", "対象者不在", "対象者不在のため実施不可", "na", "n/a", "notpossible", "not possible":
                self = .notPossible
            default: return nil
            }
        }

        /// The words of the report: 確認済み, できなかった, 対象者不在のため実施不可.
        public var words: LocalizedText {
            switch self {
            case .passed: LocalizedText(ja: "確認済み", en: "passed")
            case .failed: LocalizedText(ja: "できなかった", en: "failed")
            case .notPossible: LocalizedText(ja: "対象者不在のため実施不可", en: "not possible (no card holder present)")
            }
        }
    }

    /// ① face authentication with the customer's マイナンバーカード, eligibility read in the レセコン.
    public var myNumberCard: TestResult
    /// ② eligibility with a 保険証 through the レセコン.
    public var insuranceCard: TestResult
    /// The backup folder handed over on the customer's USB memory, and explained.
    public var backupHandedOver: Bool

    package init(myNumberCard: TestResult, insuranceCard: TestResult, backupHandedOver: Bool) {
        self.myNumberCard = myNumberCard
        self.insuranceCard = insuranceCard
        self.backupHandedOver = backupHandedOver
    }
}

/// 補足① 各アカウントの登録: which path was taken and what the system showed.
public struct AccountRegistration: Sendable, Hashable, Codable {
    /// How the master account was entered.
    public enum Path: String, Sendable, Hashable, Codable {
        /// The ユーザ設定情報 paper shows an 初期パスワード: from 2-①.
        case initialPassword
        /// No password on the paper: reset ID + 4-digit 秘密の番号, from 1-①.
        case secretNumber
    }

    /// 利用環境 on the ユーザ設定情報 paper (must be 本番環境).
    public var environment: String
    /// 医療機関コード on the paper (must be the new code).
    public var paperCode: String
    /// How the master account was entered.
    public var path: Path
    /// 登録状況 of the bulk registration (3-②), as shown.
    public var registrationStatus: String
    /// 処理件数 as shown (2 expected: face-auth + linkage).
    public var processedCount: Int
    /// The accounts a login was tried with afterwards, each of which worked.
    public var loggedIn: [String]

    package init(
        environment: String,
        paperCode: String,
        path: Path,
        registrationStatus: String,
        processedCount: Int,
        loggedIn: [String]
    ) {
        self.environment = environment
        self.paperCode = paperCode
        self.path = path
        self.registrationStatus = registrationStatus
        self.processedCount = processedCount
        self.loggedIn = loggedIn
    }
}
