public import Foundation
public import SystemPackage

/// The terminal's certificate stores 【工事手順④⑦⑧】: the current user's personal store, which
/// holds the client certificate with its key, and the trusted roots.
///
/// A store keeps the contract of <doc:WritingATerminalBackend#The-contract>: calls the job
/// makes one at a time (each may suspend: an actor can be a store); a change prepared before it
/// is made, made idempotently, and reconciled after a kill; only what happened reported; an
/// idempotent `revert(_:)`; nothing deleted; no secret in an intent or a change.
///
/// See <doc:WritingATerminalBackend> for implementing this outside the module.
public protocol TerminalCertificateStore: Sendable {
    /// The personal store.
    func personal() async throws(SuccessionError) -> [InstalledCertificate]
    /// The trusted root certificates.
    func trustedRoots() async throws(SuccessionError) -> [CertificateSummary]
    /// Decides, changing nothing, what importing `request` will change (the files or entries it
    /// creates); an intent with an empty change when the certificate is installed already.
    /// - Throws: the problems of a bundle that fails the checks.
    func prepareInstall(_ request: CertificateImport) async throws(SuccessionError) -> StoreIntent
    /// Imports a verified `.p12` with the options of the request, as `intent` says; the issuer's
    /// CA certificates are added to the trusted roots when the options say so (the wizard's
    /// security warning, answered はい). The job only asks for a bundle that passed
    /// ``PKCS12Bundle/verify(newCode:oldCode:at:pin:trustAnchors:)``. Idempotent: a certificate
    /// installed already (by an attempt killed before its record) is not imported twice.
    /// - Throws: the problems of a bundle that fails the checks, or what the import said: a
    ///   ``SuccessionError`` with a code of the library (``ProblemCode``), whose values its
    ///   documentation names, so the job's messages and hints say what to do.
    func install(
        _ request: CertificateImport,
        as intent: StoreIntent
    ) async throws(SuccessionError)
        -> CertificateInstallation
    /// Decides, changing nothing, where removing a personal certificate will archive it.
    /// - Throws: `terminal.noSuchCertificate` (found: its 発行先) when it is not there.
    func prepareRemove(_ certificate: InstalledCertificate) async throws(SuccessionError) -> StoreIntent
    /// Removes a personal certificate by moving it into the terminal's archive, as `intent`
    /// says; idempotent (a certificate archived already is not archived again).
    func remove(
        _ certificate: InstalledCertificate,
        as intent: StoreIntent
    ) async throws(SuccessionError)
        -> TerminalChange
    /// What of `intent` is in effect after a process was killed while it was made: the part of
    /// its change that `revert(_:)` must undo (empty when nothing happened).
    func reconcile(_ intent: StoreIntent) async throws(SuccessionError) -> TerminalChange
    /// Undoes a change this store made; idempotent.
    func revert(_ change: TerminalChange) async throws(SuccessionError)
}

extension TerminalCertificateStore {
    /// The personal certificates issued by the Online Billing NW Common Root CA, for `code`
    /// when given.
    public func onlineBillingCertificates(
        for code: MedicalInstitutionCode? = nil
    ) async throws(SuccessionError) -> [InstalledCertificate] {
        try await personal().filter { installed in
            installed.isOnlineBilling && (code == nil || installed.institutionCode == code)
        }
    }

    /// Prepares and makes an import in one call, for work that keeps no journal.
    public func install(_ request: CertificateImport) async throws(SuccessionError) -> CertificateInstallation {
        try await install(request, as: try await prepareInstall(request))
    }

    /// Prepares and makes a removal in one call, for work that keeps no journal.
    public func remove(_ certificate: InstalledCertificate) async throws(SuccessionError) -> TerminalChange {
        try await remove(certificate, as: try await prepareRemove(certificate))
    }
}

/// What a real store needs to import a `.p12` 【工事手順⑦】: the opened, verified bundle
/// (certificate, chain, key), the file's bytes and its 証明書パスワード, and the wizard's options.
public struct CertificateImport: Sendable {
    /// The opened file: ``PKCS12Bundle/certificateDER`` and ``PKCS12Bundle/chainDER``.
    public let bundle: PKCS12Bundle
    /// The `.p12` as downloaded (what PFXImportCertStore and the wizard take).
    public let fileBytes: [UInt8]
    /// Where the file is, for a store that imports by path.
    public let filePath: FilePath?
    /// The 証明書パスワード: pass it to the import, never record it.
    public let pin: CertificatePIN
    /// The code the certificate is for (the job's new code).
    public let newCode: MedicalInstitutionCode
    /// The code before the succession, when known.
    public let oldCode: MedicalInstitutionCode?
    /// The import wizard's options (the manual's: ``CertificateInstallOptions/manual``).
    public let options: CertificateInstallOptions
    /// When the import is made.
    public let date: Date

    /// What ⑦ hands the store (a test of a backend builds one the same way).
    public init(
        bundle: PKCS12Bundle,
        fileBytes: [UInt8],
        filePath: FilePath?,
        pin: CertificatePIN,
        newCode: MedicalInstitutionCode,
        oldCode: MedicalInstitutionCode?,
        options: CertificateInstallOptions = .manual,
        date: Date
    ) {
        self.bundle = bundle
        self.fileBytes = fileBytes
        self.filePath = filePath
        self.pin = pin
        self.newCode = newCode
        self.oldCode = oldCode
        self.options = options
        self.date = date
    }
}

/// What an import did.
public struct CertificateInstallation: Sendable, Hashable, Codable {
    /// The certificate as the store now shows it.
    public let installed: InstalledCertificate
    /// What to hand to ``TerminalCertificateStore/revert(_:)``.
    public let change: TerminalChange

    /// What a store's ``TerminalCertificateStore/install(_:)`` returns.
    public init(installed: InstalledCertificate, change: TerminalChange) {
        self.installed = installed
        self.change = change
    }
}

/// A certificate in the personal store, as the store shows it: what a person reads in
/// 証明書の管理 (発行先, 発行者, 有効期限, 拇印), and the whole certificate when the store can read it.
public struct InstalledCertificate: Sendable, Hashable, Codable {
    /// 発行先 as shown (the 10-digit code on the real certificates).
    public let issuedTo: String
    /// 発行者 as shown (the issuer's common name).
    public let issuer: String
    /// 有効期限, when known.
    public let notAfter: Date?
    /// 拇印: the SHA-1 of the certificate, lower-case hex without spaces — all 40 digits when
    /// software read it, the first ones (at least 8) when a person typed them, `nil` when unknown.
    public let thumbprint: String?
    /// The whole certificate, when the store can read it.
    public let certificate: CertificateSummary?
    /// The import options, when known.
    public let options: CertificateInstallOptions?
    /// When it was installed, when known.
    public let installedAt: Date?

    /// A certificate as a store shows it, from what the store knows: a person's typed row (no
    /// ``certificate``), or the Windows store's 発行先, 発行者, 有効期限 and 拇印. The thumbprint is
    /// normalized (spaces dropped, lower case).
    public init(
        issuedTo: String,
        issuer: String,
        notAfter: Date?,
        thumbprint: String?,
        certificate: CertificateSummary?,
        options: CertificateInstallOptions?,
        installedAt: Date?
    ) {
        self.issuedTo = issuedTo
        self.issuer = issuer
        self.notAfter = notAfter
        self.thumbprint = thumbprint.map(Thumbprint.normalized)
        self.certificate = certificate
        self.options = options
        self.installedAt = installedAt
    }

    /// A certificate read whole by software.
    public init(certificate: CertificateSummary, options: CertificateInstallOptions?, installedAt: Date?) {
        self.init(
            issuedTo: certificate.institutionCode?.digits
                ?? KnownIssuer.commonName(inRFC2253: certificate.subject.rfc2253) ?? certificate.subject.rfc2253,
            issuer: KnownIssuer.commonName(inRFC2253: certificate.issuer.rfc2253) ?? certificate.issuer.rfc2253,
            notAfter: certificate.notAfter,
            thumbprint: certificate.sha1,
            certificate: certificate,
            options: options,
            installedAt: installedAt
        )
    }

    /// The 医療機関等コード it is for: the certificate's, else 発行先 read as a code.
    public var institutionCode: MedicalInstitutionCode? {
        certificate?.institutionCode ?? MedicalInstitutionCode.read(issuedTo).code
    }

    /// Whether its issuer is the Online Billing NW Common Root CA.
    public var isOnlineBilling: Bool { KnownIssuer.isOnlineBillingRoot(issuer) }

    /// Whether this is the certificate whose SHA-256 and SHA-1 (its 拇印) are `sha256` and `sha1`
    /// (lower-case hex, as ``CertificateSummary`` gives them): the same SHA-256 when the store
    /// knows the certificate, else its thumbprint (all of it, or the at least 8 leading digits a
    /// person typed) begins `sha1`. ⑧ checks the installed certificate with it 【工事手順⑧】.
    public func isCertificate(sha256: String, sha1: String) -> Bool {
        if let certificate { return certificate.sha256 == sha256 }
        guard let thumbprint, thumbprint.count >= Thumbprint.minimumTypedDigits else { return false }
        return sha1.hasPrefix(thumbprint)
    }
}

/// Windows' 拇印 as people type it.
public enum Thumbprint {
    /// A person types at least this many leading hex digits 【工事手順⑧】.
    public static let minimumTypedDigits = 8

    /// Lower-case hex digits only: spaces, colons and full-width forms removed.
    public static func normalized(_ typed: String) -> String {
        String(TypedInput.halfWidth(typed).lowercased().filter { $0.isHexDigit })
    }

    /// Whether `typed` is a thumbprint a person could have read: 8 to 40 hex digits, nothing else.
    public static func isWellFormed(_ typed: String) -> Bool {
        let stripped = TypedInput.halfWidth(typed).filter { !$0.isWhitespace && $0 != ":" }
        let hex = normalized(typed)
        return hex.count == stripped.count && (minimumTypedDigits...40).contains(hex.count)
    }

    /// `sha1` shown as Windows does, in pairs: `1a 2b 3c …`.
    public static func display(_ sha1: String, digits: Int = 40) -> String {
        var pairs: [String] = []
        var rest = Substring(sha1.prefix(digits))
        while !rest.isEmpty {
            pairs.append(String(rest.prefix(2)))
            rest = rest.dropFirst(2)
        }
        return pairs.joined(separator: " ")
    }
}

/// The import wizard's choices 【工事手順⑦】, kept as attributes of the installed certificate.
public struct CertificateInstallOptions: Sendable, Hashable, Codable {
    /// 保存場所: 現在のユーザー.
    public var currentUser = true
    /// 秘密キーの保護を強力にする: OFF.
    public var strongPrivateKeyProtection = false
    /// このキーをエクスポート可能にする: ON.
    public var exportable = true
    /// すべての拡張プロパティを含める: ON.
    public var includeExtendedProperties = true
    /// 自動的に証明書ストアを選択する.
    public var automaticStore = true
    /// 信頼されたルート証明機関に発行者を登録する: はい.
    public var trustIssuer = true

    /// The manual's choices (``manual``).
    public init() {}

    /// The manual's choices.
    public static let manual = CertificateInstallOptions()

    /// Where the options differ from the manual's, as warnings.
    public var problems: [Problem] {
        var differing: [String] = []
        if !currentUser { differing.append("currentUser") }
        if strongPrivateKeyProtection { differing.append("strongPrivateKeyProtection") }
        if !exportable { differing.append("exportable") }
        if !includeExtendedProperties { differing.append("includeExtendedProperties") }
        if !automaticStore { differing.append("automaticStore") }
        if !trustIssuer { differing.append("trustIssuer") }
        return differing.map { Problem(.terminalInstallOption, severity: .warning, values: [.field: $0]) }
    }
}
